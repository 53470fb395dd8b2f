"""Rule conditions compiled once into Python closures, with the same Kleene semantics as `evaluate`.

A check evaluates conditions many times: to find the rules an open fact could decide, to explain a
near miss, to test the guards that make a rule relevant, and (reference backend) to match. Walking the
condition tree with isinstance dispatch each time cost more than the matching itself; a closure per
node, built when a rule is first used and kept with the rule set, does the same work in a fraction of
the time. `evaluate` stays the readable definition; tests hold the two equal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .conditions import All, AnyOf, Cmp, Condition, In, Scalar, Truth, conjuncts, push_negations
from .loader import CompiledRule, RuleSet

Facts = Mapping[str, Scalar | None]
Test = Callable[[Facts], Truth]


def compile_condition(cond: Condition) -> Test:
    if isinstance(cond, Cmp):
        return _cmp(cond)
    if isinstance(cond, In):
        path, values = cond.path, frozenset(cond.values)

        def member(f: Facts) -> Truth:
            v = f[path]
            return None if v is None else v in values

        return member
    if isinstance(cond, All):
        items = tuple(compile_condition(c) for c in cond.items)

        def all_of(f: Facts) -> Truth:
            unknown = False
            for item in items:
                r = item(f)
                if r is False:
                    return False
                if r is None:
                    unknown = True
            return None if unknown else True

        return all_of
    if isinstance(cond, AnyOf):
        items = tuple(compile_condition(c) for c in cond.items)

        def any_of(f: Facts) -> Truth:
            unknown = False
            for item in items:
                r = item(f)
                if r is True:
                    return True
                if r is None:
                    unknown = True
            return None if unknown else False

        return any_of
    inner = compile_condition(cond.item)

    def negation(f: Facts) -> Truth:
        r = inner(f)
        return None if r is None else not r

    return negation


def _cmp(cond: Cmp) -> Test:
    path, value = cond.path, cond.value
    if cond.op == "eq":
        return lambda f: None if (v := f[path]) is None else v == value
    if cond.op == "ne":
        return lambda f: None if (v := f[path]) is None else v != value
    # ordering compares ints only (dates are day ordinals): the loader rejects the rest
    if cond.op == "lt":
        return lambda f: None if (v := f[path]) is None else v < value  # type: ignore[operator]
    if cond.op == "lte":
        return lambda f: None if (v := f[path]) is None else v <= value  # type: ignore[operator]
    if cond.op == "gt":
        return lambda f: None if (v := f[path]) is None else v > value  # type: ignore[operator]
    return lambda f: None if (v := f[path]) is None else v >= value  # type: ignore[operator]


@dataclass(frozen=True)
class RuleTests:
    """A rule's condition in the forms a check needs, compiled once."""

    whole: Test
    relevant: Test
    """Its act-type and subject guards: the rule concerns this act and this respondent."""
    parts: tuple[tuple[Condition, Test], ...]
    """Its top-level conjuncts: the units a near miss is counted in."""
    pushed: Condition
    """The condition with negations pushed to the leaves (for satisfied and unknown facts)."""


def tests_of(rs: RuleSet, rule: CompiledRule) -> RuleTests:
    key = ("tests", rule.id)
    found = rs.memo.get(key)
    if isinstance(found, RuleTests):
        return found
    guards = rule.guards[1:3]
    made = RuleTests(
        whole=compile_condition(rule.condition),
        relevant=compile_condition(All(tuple(guards))),
        parts=tuple((c, compile_condition(c)) for c in conjuncts(rule.condition)),
        pushed=push_negations(rule.condition),
    )
    rs.memo[key] = made
    return made
