"""The closed condition language of rule files, and its three-valued (Kleene) semantics.

A condition is data, never code: a YAML mapping is an implicit conjunction whose keys are fact paths
(`act.type`, `after_determination`) or the combinators `all`, `any`, `not`. A scalar value means
equality, a list means membership, a mapping of operators (`eq ne in not_in lt lte gt gte`) means
comparison. Unknown facts are `None`; a comparison with an unknown fact is unknown, and a rule fires
only when its whole condition is *true*. durable_rules gives exactly these semantics when every fact
path is present in the document (null for unknown) and negation is pushed down to the leaves, which is
why `negate()` exists and why the fact builder always writes every path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, TypeAlias

Scalar: TypeAlias = str | int | bool
Op = Literal["eq", "ne", "lt", "lte", "gt", "gte"]
Truth: TypeAlias = bool | None

_NEGATED_OP: dict[Op, Op] = {"eq": "ne", "ne": "eq", "lt": "gte", "gte": "lt", "gt": "lte", "lte": "gt"}


@dataclass(frozen=True)
class Cmp:
    """One comparison of a fact with a constant."""

    path: str
    op: Op
    value: Scalar


@dataclass(frozen=True)
class In:
    """Membership of a fact in a set of constants (kept whole so explanations read naturally)."""

    path: str
    values: tuple[Scalar, ...]


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition: TypeAlias = Cmp | In | All | AnyOf | Not


def compare(op: Op, left: Scalar, right: Scalar) -> bool:
    if op == "eq":
        return left == right
    if op == "ne":
        return left != right
    # ordering only ever compares ints (dates are day ordinals); the loader rejects the rest
    assert isinstance(left, int) and isinstance(right, int)
    if op == "lt":
        return left < right
    if op == "lte":
        return left <= right
    if op == "gt":
        return left > right
    return left >= right


def evaluate(cond: Condition, facts: Mapping[str, Scalar | None]) -> Truth:
    """Kleene evaluation over a flat fact map (path -> value, None = unknown)."""
    if isinstance(cond, Cmp):
        value = facts[cond.path]
        return None if value is None else compare(cond.op, value, cond.value)
    if isinstance(cond, In):
        value = facts[cond.path]
        return None if value is None else value in cond.values
    if isinstance(cond, All):
        unknown = False
        for item in cond.items:
            truth = evaluate(item, facts)
            if truth is False:
                return False
            unknown = unknown or truth is None
        return None if unknown else True
    if isinstance(cond, AnyOf):
        unknown = False
        for item in cond.items:
            truth = evaluate(item, facts)
            if truth is True:
                return True
            unknown = unknown or truth is None
        return None if unknown else False
    inner = evaluate(cond.item, facts)
    return None if inner is None else not inner


def negate(cond: Condition) -> Condition:
    """Push a negation down to the leaves (De Morgan); Kleene-equivalent, and what durable can run."""
    if isinstance(cond, Cmp):
        return Cmp(cond.path, _NEGATED_OP[cond.op], cond.value)
    if isinstance(cond, In):
        return All(tuple(Cmp(cond.path, "ne", v) for v in cond.values))
    if isinstance(cond, All):
        return AnyOf(tuple(negate(c) for c in cond.items))
    if isinstance(cond, AnyOf):
        return All(tuple(negate(c) for c in cond.items))
    return push_negations(cond.item)


def push_negations(cond: Condition) -> Condition:
    """Rewrite a condition so that no `Not` remains."""
    if isinstance(cond, Not):
        return negate(cond.item)
    if isinstance(cond, All):
        return All(tuple(push_negations(c) for c in cond.items))
    if isinstance(cond, AnyOf):
        return AnyOf(tuple(push_negations(c) for c in cond.items))
    return cond


def conjuncts(cond: Condition) -> tuple[Condition, ...]:
    """The top-level conjuncts of a condition: the units a near miss is counted in."""
    if isinstance(cond, All):
        out: list[Condition] = []
        for item in cond.items:
            out.extend(conjuncts(item))
        return tuple(out)
    return (cond,)


def leaves(cond: Condition) -> Iterator[Cmp | In]:
    if isinstance(cond, Cmp | In):
        yield cond
    elif isinstance(cond, Not):
        yield from leaves(cond.item)
    else:
        for item in cond.items:
            yield from leaves(item)


def paths(cond: Condition) -> set[str]:
    return {leaf.path for leaf in leaves(cond)}


def satisfied_leaves(cond: Condition, facts: Mapping[str, Scalar | None]) -> list[Cmp | In]:
    """The leaves that made a true condition true (for `any`, the branches that held)."""
    cond = push_negations(cond)
    out: list[Cmp | In] = []

    def walk(c: Condition) -> None:
        if isinstance(c, Cmp | In):
            if evaluate(c, facts) is True:
                out.append(c)
        elif isinstance(c, All):
            for item in c.items:
                walk(item)
        elif isinstance(c, AnyOf):
            for item in c.items:
                if evaluate(item, facts) is True:
                    walk(item)
        elif isinstance(c, Not):  # pragma: no cover - removed by push_negations
            walk(c.item)

    walk(cond)
    return list(dict.fromkeys(out))


def unknown_paths(cond: Condition, facts: Mapping[str, Scalar | None]) -> list[str]:
    """Fact paths whose unknown value keeps the condition from being decided."""
    cond = push_negations(cond)
    out: list[str] = []

    def walk(c: Condition) -> None:
        if evaluate(c, facts) is not None:
            return
        if isinstance(c, Cmp | In):
            out.append(c.path)
        elif isinstance(c, All | AnyOf):
            for item in c.items:
                walk(item)

    walk(cond)
    return list(dict.fromkeys(out))


def failing_leaf(cond: Condition, facts: Mapping[str, Scalar | None]) -> Cmp | In | None:
    """The first leaf that makes a false condition false (its most informative witness)."""
    cond = push_negations(cond)
    if isinstance(cond, Cmp | In):
        return cond if evaluate(cond, facts) is False else None
    if isinstance(cond, All):
        for item in cond.items:
            if evaluate(item, facts) is False:
                return failing_leaf(item, facts)
        return None
    if isinstance(cond, AnyOf):
        for item in cond.items:
            found = failing_leaf(item, facts)
            if found is not None:
                return found
    return None
