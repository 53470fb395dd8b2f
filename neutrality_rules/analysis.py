"""Exact reasoning about rule conditions: satisfiability and implication over the fact domains.

Conditions are small and the fact domains finite (enums, booleans) or ordered (dates), so a condition
is decided by its disjunctive normal form: a conjunction of comparisons is satisfiable when each
fact path still has a value its domain allows. The derived facts are tied to the phase the way the
calendar derives them (after_determination <=> phase is not pre_determination; in_campaign <=> phase
is campaign), so a rule that asks for a pre-determination campaign period is seen to be impossible.
`nrules verify` builds every structural check on these two questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .match.durable_compile import dnf
from .ruleset.conditions import All, Cmp, Condition, Not, Scalar, push_negations
from .ruleset.factschema import PHASES, FactType

Term = tuple[Cmp, ...]
MAX_SIDE = 10**9


def _terms(cond: Condition) -> list[Term] | None:
    try:
        return dnf(push_negations(cond))
    except OverflowError:
        return None


def _path_ok(ftype: FactType, literals: Sequence[Cmp]) -> set[Scalar] | tuple[int, int] | None:
    """The values of one path that satisfy all its literals (a set, or an interval for numbers)."""
    if ftype.kind in ("int", "date"):
        lo, hi = -MAX_SIDE, MAX_SIDE
        excluded: set[int] = set()
        for lit in literals:
            v = lit.value
            assert isinstance(v, int)
            if lit.op == "eq":
                lo, hi = max(lo, v), min(hi, v)
            elif lit.op == "ne":
                excluded.add(v)
            elif lit.op == "lt":
                hi = min(hi, v - 1)
            elif lit.op == "lte":
                hi = min(hi, v)
            elif lit.op == "gt":
                lo = max(lo, v + 1)
            else:
                lo = max(lo, v)
        if lo > hi or (hi - lo + 1) <= len({e for e in excluded if lo <= e <= hi}):
            return None
        return (lo, hi)
    domain: set[Scalar] = set(ftype.values) if ftype.kind == "enum" else {True, False}
    for lit in literals:
        if lit.op == "eq":
            domain &= {lit.value}
        elif lit.op == "ne":
            domain -= {lit.value}
        else:
            return None
    return domain or None


def term_sat(term: Term, schema: Mapping[str, FactType]) -> bool:
    by_path: dict[str, list[Cmp]] = {}
    for lit in term:
        by_path.setdefault(lit.path, []).append(lit)
    allowed: dict[str, object] = {}
    for path, literals in by_path.items():
        ftype = schema.get(path)
        if ftype is None:
            return False
        ok = _path_ok(ftype, literals)
        if ok is None:
            return False
        allowed[path] = ok
    phases = set(allowed.get("phase", set(PHASES)))  # type: ignore[call-overload]
    after = allowed.get("after_determination", {True, False})
    camp = allowed.get("in_campaign", {True, False})
    consistent = {p for p in phases if (p != "pre_determination") in after and (p == "campaign") in camp}  # type: ignore[operator]
    return bool(consistent)


def sat(cond: Condition, schema: Mapping[str, FactType], extra: Iterable[Condition] = ()) -> bool | None:
    """Whether some facts make `cond` (and `extra`) true; None if the condition is too large to decide."""
    terms = _terms(All((cond, *extra)))
    if terms is None:
        return None
    return any(term_sat(t, schema) for t in terms)


def implies(a: Condition, b: Condition, schema: Mapping[str, FactType]) -> bool | None:
    """Whether every fact set satisfying `a` satisfies `b`."""
    counter = sat(All((a, Not(b))), schema)
    return None if counter is None else not counter


class RuleTerms:
    """A rule's DNF terms (and, on demand, its negation's), precomputed for the many satisfiability
    checks of a coverage sweep or a pairwise conflict check."""

    def __init__(self, cond: Condition) -> None:
        self.cond = cond
        self.terms = _terms(cond) or []
        self._negated: list[Term] | None = None
        self._negated_done = False

    def negated(self) -> list[Term] | None:
        """DNF of the negation; None when too large to decide."""
        if not self._negated_done:
            self._negated = _terms(Not(self.cond))
            self._negated_done = True
        return self._negated

    def sat_with(self, fixed: Term, schema: Mapping[str, FactType]) -> bool:
        return any(term_sat((*t, *fixed), schema) for t in self.terms)


def positive_requirements(cond: Condition, paths: Iterable[str]) -> set[str]:
    """The boolean paths (among `paths`) that every DNF term requires to be true."""
    terms = _terms(cond) or []
    wanted = set(paths)
    out: set[str] | None = None
    for term in terms:
        here = {lit.path for lit in term if lit.path in wanted and lit.op == "eq" and lit.value is True}
        out = here if out is None else out & here
    return out or set()
