"""`nrules verify`: prove a rule set's structure before it decides real cases.

Static checks (exact, over the condition IR; see analysis.py):
- conflicts: two rules that can match the same facts with different outcomes and no `overrides`;
- gaps: an act type and a subject it applies to, on some calendar date and phase, that no rule covers
  and no exemption declares lawful;
- rules that can never match: contradictory conditions, or in force only outside every calendar;
- aggravation order: a rule that needs an aggravating fact giving less than the same act without it;
- windows: overlapping or gapped regimes of one family, option sets of one tier;
- vocabulary never used, flags never raised (terms used but undefined are load errors);
- quotes: every provision's quoted text is in the legal text it comes from (quotes.py);
- the data against itself and the laws' dates: calendars, the tier scale, the sentencing policy, regime,
  rule and route windows, the subjects of act types (lawchecks.py).
Then a bounded property search (hypothesis, deterministic seed) for determinism, order independence,
monotonicity and backend agreement, reporting a minimal counterexample as ready-to-save JSON.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..analysis import RuleTerms, sat, term_sat
from ..api import Engine
from ..ruleset.conditions import Cmp, In, Scalar, compare, leaves, paths
from ..ruleset.loader import CompiledRule, Located, Problem, RuleSet
from ..ruleset.models import Window
from ..testing import PropertyFailure, incidents, phase_ranges
from .lawchecks import law_checks


@dataclass
class Counterexample:
    prop: str
    message: str
    incident: dict[str, Any]

    def render(self) -> str:
        return f"[property {self.prop}] {self.message}\n{json.dumps(self.incident, indent=2, ensure_ascii=False)}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    counterexamples: list[Counterexample] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.problems and not self.counterexamples


def _guard_values(rule: CompiledRule, index: int) -> tuple[Scalar, ...]:
    guard = rule.guards[index]
    if isinstance(guard, In):
        return guard.values
    assert isinstance(guard, Cmp)
    return (guard.value,)


def _overrides(rs: RuleSet) -> Callable[[str, str], bool]:
    graph = {r.id: set(r.rule.overrides) for r in rs.rules}

    def reach(a: str, b: str) -> bool:
        seen, stack = set(), [a]
        while stack:
            node = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == b:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    return lambda a, b: reach(a, b) or reach(b, a)


def _pairs(rs: RuleSet) -> Iterable[tuple[CompiledRule, CompiledRule]]:
    for a, b in itertools.combinations(rs.rules, 2):
        if set(_guard_values(a, 1)) & set(_guard_values(b, 1)) and set(a.subjects) & set(b.subjects):
            yield a, b


def check_conflicts(rs: RuleSet, scope: Scope | None = None) -> list[Problem]:
    out: list[Problem] = []
    ordered = _overrides(rs)
    schema = rs.fact_schema
    tracks = rs.sanctions.tracks
    terms = {r.id: _terms_of(r) for r in rs.rules}

    schema_key = _calendar_key(rs)
    tokens = {r.id: _token(r) for r in rs.rules}

    def overlap(a: CompiledRule, b: CompiledRule) -> bool:
        key = ("overlap", schema_key, tokens[a.id], tokens[b.id])
        found = _PAIR_MEMO.get(key)
        if found is None:
            found = _PAIR_MEMO[key] = any(
                term_sat((*x, *y), schema) for x in terms[a.id].terms for y in terms[b.id].terms
            )
        return found

    def implies(a: CompiledRule, b: CompiledRule) -> bool:
        key = ("implies", schema_key, tokens[a.id], tokens[b.id])
        found = _PAIR_MEMO.get(key)
        if found is None:
            negated = terms[b.id].negated()
            found = _PAIR_MEMO[key] = negated is not None and not any(
                term_sat((*x, *y), schema) for x in terms[a.id].terms for y in negated
            )
        return found

    for a, b in _pairs(rs):
        if scope is not None and a.id not in scope.rules and b.id not in scope.rules:
            continue
        if ordered(a.id, b.id):
            continue
        ra, rb = a.rule, b.rule
        if (ra.kind == "exemption") != (rb.kind == "exemption"):
            if overlap(a, b):
                out.append(
                    Problem(
                        "conflict",
                        f"exemption and violation can match the same facts with no "
                        f"`overrides` between them: {a.id} / {b.id}",
                        (a.where, b.where),
                        (a.id, b.id),
                    )
                )
            continue
        if ra.kind == "exemption" or ra.outcome == rb.outcome:
            continue
        assert ra.outcome and rb.outcome
        same_track = ra.outcome.track == rb.outcome.track
        line_a = tracks[ra.outcome.track].line or ra.outcome.track
        line_b = tracks[rb.outcome.track].line or rb.outcome.track
        both_heaviest = tracks[ra.outcome.track].combine == tracks[rb.outcome.track].combine == "heaviest"
        if not (same_track or (line_a == line_b and both_heaviest)) or not overlap(a, b):
            continue
        a_in_b, b_in_a = implies(a, b), implies(b, a)
        if (same_track and (a_in_b or b_in_a)) or (a_in_b and b_in_a):
            out.append(
                Problem(
                    "conflict",
                    f"{a.id} ({ra.outcome.track}/{ra.outcome.tier}) and {b.id} ({rb.outcome.track}/"
                    f"{rb.outcome.tier}) describe the same facts"
                    f"{' (identical conditions)' if a_in_b and b_in_a else ''}"
                    " with different outcomes and no `overrides`",
                    (a.where, b.where),
                    (a.id, b.id),
                )
            )
    return out


def check_aggravation(rs: RuleSet, scope: Scope | None = None) -> list[Problem]:
    """A rule that requires an aggravating fact must not be lighter than a rule for the same act that
    requires no more aggravation and still applies once that fact is removed."""
    out: list[Problem] = []
    mods = {f"act.{n}" for n, m in rs.vocabulary.modifiers.items() if m.aggravating and m.type == "bool"}
    tiers = rs.sanctions.tiers
    schema = rs.fact_schema
    violations = [
        r for r in rs.rules if r.rule.kind == "violation" and r.rule.outcome and tiers[r.rule.outcome.tier].on_scale
    ]
    terms = {r.id: _terms_of(r).terms for r in violations}
    tokens = {r.id: _token(r) for r in violations}
    schema_key = _calendar_key(rs)

    def required(term: tuple[Cmp, ...]) -> frozenset[str]:
        return frozenset(lit.path for lit in term if lit.path in mods and lit.op == "eq" and lit.value is True)

    needs = {r.id: [required(t) for t in terms[r.id]] for r in violations}
    seen: set[tuple[str, str]] = set()
    for a in violations:
        assert a.rule.outcome
        sev_a = tiers[a.rule.outcome.tier].severity
        for ia, ta in enumerate(terms[a.id]):
            for m in needs[a.id][ia]:
                relaxed = (*tuple(lit for lit in ta if lit.path != m), Cmp(m, "eq", False))
                allowed = needs[a.id][ia] - {m}
                for b in violations:
                    assert b.rule.outcome
                    if b.id == a.id or tiers[b.rule.outcome.tier].severity <= sev_a or (a.id, b.id) in seen:
                        continue
                    if scope is not None and a.id not in scope.rules and b.id not in scope.rules:
                        continue
                    for ib, tb in enumerate(terms[b.id]):
                        if not needs[b.id][ib] <= allowed:
                            continue
                        key = ("aggr", schema_key, tokens[a.id], ia, m, tokens[b.id], ib)
                        hit = _PAIR_MEMO.get(key)
                        if hit is None:
                            hit = _PAIR_MEMO[key] = term_sat((*relaxed, *tb), schema)
                        if hit:
                            seen.add((a.id, b.id))
                            out.append(
                                Problem(
                                    "aggravation",
                                    f"{a.id} requires {m} yet gives {a.rule.outcome.tier}, lighter than "
                                    f"{b.id} ({b.rule.outcome.tier}) for the same act without it",
                                    (a.where, b.where),
                                    (a.id, b.id),
                                )
                            )
                            break
    return out


def _windows(items: list[tuple[str, dt.date | None, dt.date | None, Located]], what: str) -> list[Problem]:
    out = []
    ordered = sorted(items, key=lambda x: x[1] or dt.date.min)
    for (ka, fa, ta, wa), (kb, fb, tb, wb) in itertools.pairwise(ordered):
        end = ta or dt.date.max
        start = fb or dt.date.min
        if start <= end:
            out.append(Problem("window-overlap", f"{what}: {ka} ({fa}..{ta}) and {kb} ({fb}..{tb}) overlap", (wa, wb)))
        elif start - end > dt.timedelta(days=1):
            out.append(Problem("window-gap", f"{what}: nothing between {ka} (to {ta}) and {kb} (from {fb})", (wa, wb)))
    return out


def check_windows(rs: RuleSet) -> list[Problem]:
    out: list[Problem] = []
    families: dict[str, list[tuple[str, dt.date | None, dt.date | None, Located]]] = defaultdict(list)
    for key, regime in rs.sanctions.regimes.items():
        families[regime.family].append(
            (key, regime.in_force.from_, regime.in_force.to, rs.locate("sanctions.yaml", ("regimes", key)))
        )
    for family, items in families.items():
        out.extend(_windows(items, f"regime family {family}"))
    sets: dict[tuple[str, str], list[tuple[str, dt.date | None, dt.date | None, Located]]] = defaultdict(list)
    for i, oset in enumerate(rs.sanctions.option_sets):
        if oset.status == "in_force":
            sets[(oset.regime, oset.tier)].append(
                (oset.id, oset.in_force.from_, oset.in_force.to, rs.locate("sanctions.yaml", ("option_sets", i)))
            )
    for (regime_id, tier), items in sets.items():
        out.extend(_windows(items, f"option sets of {regime_id}/{tier}"))
        owner = rs.sanctions.regimes.get(regime_id)
        if owner is None:
            continue
        first = min((f or dt.date.min) for _, f, _, _ in items)
        last = max((t or dt.date.max) for _, _, t, _ in items)
        if first > (owner.in_force.from_ or dt.date.min) or last < (owner.in_force.to or dt.date.max):
            out.append(
                Problem(
                    "window-gap",
                    f"option sets of {regime_id}/{tier} cover {first}..{last}, not the "
                    f"whole regime ({owner.in_force.from_}..{owner.in_force.to})",
                    (items[0][3],),
                )
            )
    return out


@dataclass(frozen=True)
class Scope:
    """What a change to one rule can affect: re-check only its (act type, role) pairs and the pairs of
    rules it belongs to (`nrules verify --mutate` checks each mutant of a rule this way; a problem
    outside the scope cannot be new)."""

    rules: frozenset[str]
    pairs: frozenset[tuple[str, str]]


_TERMS: dict[object, tuple[int, RuleTerms]] = {}
_PAIR_MEMO: dict[tuple[object, ...], bool] = {}
_COUNTER = itertools.count(1)
_SCHEMAS: dict[object, int] = {}


def _terms_of(rule: CompiledRule) -> RuleTerms:
    """A rule's DNF terms, shared between rule sets that hold an equal condition (the mutants of one rule
    set recompile every rule into new but equal conditions)."""
    return _interned(rule)[1]


def _token(rule: CompiledRule) -> int:
    """A small number standing for the rule's condition: memo keys that hash cheaply."""
    return _interned(rule)[0]


def _interned(rule: CompiledRule) -> tuple[int, RuleTerms]:
    found = _TERMS.get(rule.condition)
    if found is None:
        if len(_TERMS) > 20_000:
            _TERMS.clear()
            _PAIR_MEMO.clear()
            _COVERAGE_MEMO.clear()
        found = _TERMS[rule.condition] = (next(_COUNTER), RuleTerms(rule.condition))
    return found


@dataclass(frozen=True)
class Slice:
    """One stretch of calendar days on which every derived fact is constant: an election, a contest, a
    phase, a span of act dates between regime boundaries, and one choice of the law-date regimes."""

    election: str
    contest: str
    phase: str
    start: dt.date
    end: dt.date
    facts: dict[str, Scalar | None]
    law: str

    @property
    def dates(self) -> tuple[Cmp, Cmp]:
        return (Cmp("date", "gte", self.start.toordinal()), Cmp("date", "lte", self.end.toordinal()))


def calendar_slices(rs: RuleSet) -> Iterable[Slice]:
    """Every election, contest, phase and regime combination the calendars allow (the coverage sweep)."""
    regimes = rs.sanctions.regimes
    families = sorted({r.family for r in regimes.values()})
    boundaries = sorted(
        {
            d
            for r in regimes.values()
            if r.keyed_on == "act_date"
            for d in (r.in_force.from_, (r.in_force.to + dt.timedelta(days=1)) if r.in_force.to else None)
            if d
        }
    )
    for key, election in rs.elections.elections.items():
        for contest in election.contests:
            for phase, (lo, hi) in phase_ranges(rs, key, contest).items():
                cuts = [lo, *(b for b in boundaries if lo < b <= hi), hi + dt.timedelta(days=1)]
                for start, stop in itertools.pairwise(cuts):
                    end = stop - dt.timedelta(days=1)
                    act_regimes = {
                        f: next(
                            (
                                k
                                for k, r in regimes.items()
                                if r.family == f and r.keyed_on == "act_date" and r.in_force.contains(start)
                            ),
                            None,
                        )
                        for f in families
                    }
                    law_options: dict[str, list[str | None]] = {
                        f: [
                            k
                            for k, r in regimes.items()
                            if r.family == f
                            and r.keyed_on == "law_date"
                            and (r.in_force.to is None or r.in_force.to >= start)
                        ]
                        or [None]
                        for f in families
                        if any(r.family == f and r.keyed_on == "law_date" for r in regimes.values())
                    }
                    for combo in itertools.product(*law_options.values()):
                        fixed: dict[str, Scalar | None] = {f"regime.{f}": v for f, v in act_regimes.items()}
                        fixed.update({f"regime.{f}": v for f, v in zip(law_options, combo, strict=True)})
                        fixed.update(
                            {
                                "election.key": key,
                                "election.type": election.type,
                                "election.contest": contest,
                                "phase": phase,
                                "after_determination": phase != "pre_determination",
                                "in_campaign": phase == "campaign",
                            }
                        )
                        law = ",".join(f"{f}={v}" for f, v in zip(law_options, combo, strict=True))
                        yield Slice(key, contest, phase, start, end, fixed, law)


def rules_by_act_role(rs: RuleSet) -> dict[tuple[Scalar, Scalar], list[tuple[CompiledRule, RuleTerms]]]:
    by_act_role: dict[tuple[Scalar, Scalar], list[tuple[CompiledRule, RuleTerms]]] = defaultdict(list)
    for rule in rs.rules:
        rt = _terms_of(rule)
        for act in _guard_values(rule, 1):
            for role in _guard_values(rule, 2):
                by_act_role[(act, role)].append((rule, rt))
    return by_act_role


class Matcher:
    """Whether a rule can match on a calendar slice for an act type and role, memoised on the facts the
    rule tests (most slices repeat them)."""

    def __init__(self, rs: RuleSet) -> None:
        self.schema = rs.fact_schema
        self.tested = {rule.id: paths(rule.condition) for rule in rs.rules}
        # shared by every rule set with this fact schema, keyed by the condition (not the rule id): the
        # answer depends on nothing else, and the mutants of a rule set repeat most of them
        self.memo = _COVERAGE_MEMO.setdefault(_calendar_key(rs), {})
        if len(self.memo) > 2_000_000:
            self.memo.clear()
        self.tokens = {rule.id: _token(rule) for rule in rs.rules}

    def can_match(self, rule: CompiledRule, rt: RuleTerms, facts: dict[str, Scalar | None], piece: Slice) -> bool:
        used = self.tested[rule.id]
        memo_key = (
            self.tokens[rule.id],
            *(facts.get(p) for p in sorted(used & facts.keys())),
            (piece.start, piece.end) if "date" in used else None,
        )
        hit = self.memo.get(memo_key)
        if hit is None:
            hit = self.memo[memo_key] = _compatible(rt, facts, piece.dates, self.schema)
        return hit


def _not_modelled(rs: RuleSet) -> tuple[list[tuple[set[str], set[str], Window]], list[Problem]]:
    """The declarations.yaml `not_modelled` entries as (act types, roles, act dates), and their problems."""
    from .audit import expand_act_items

    out: list[tuple[set[str], set[str], Window]] = []
    problems: list[Problem] = []
    for i, nm in enumerate(rs.declarations.not_modelled):
        where = (rs.locate("declarations.yaml", ("not_modelled", i)),)
        acts, unknown = expand_act_items(rs, nm.acts)
        roles = set(rs.expand_subjects(nm.subjects))
        bad_roles = [s for s in nm.subjects if s not in rs.vocabulary.roles and s not in rs.vocabulary.groups]
        for item in [*unknown, *bad_roles]:
            problems.append(Problem("unknown-term", f"not_modelled {nm.id} names unknown {item!r}", where))
        if nm.flag not in rs.flags.flags:
            problems.append(Problem("unknown-flag", f"not_modelled {nm.id} refers to unknown flag {nm.flag!r}", where))
        out.append((acts, roles, nm.in_force))
    return out, problems


_SWEEPS: dict[object, tuple[list[Problem], set[str]]] = {}


def coverage(rs: RuleSet, scope: Scope | None = None) -> tuple[list[Problem], set[str]]:
    """Sweep every election, contest, phase, regime and (act type, role): what does no rule cover, and
    which rules can match on some calendar date at all (within `scope`, if given). The answer depends
    only on the calendars, the regimes, the act types' subjects, the roles and the rules' conditions:
    a rule set equal in those (a mutant of a route, a tier, an option set) reuses the last answer."""
    key = (
        _calendar_key(rs),
        rs.elections.model_dump_json(),
        json.dumps({k: r.model_dump(mode="json") for k, r in rs.sanctions.regimes.items()}, sort_keys=True),
        json.dumps({k: a.subjects for k, a in rs.vocabulary.act_types.items()}, sort_keys=True),
        tuple(sorted((k, tuple(sorted(v))) for k, v in rs.role_closure.items())),
        tuple((r.id, _token(r), r.rule.kind) for r in rs.rules),
        rs.declarations.model_dump_json(),
        json.dumps({k: bool(a.undisclosed) for k, a in rs.vocabulary.act_types.items()}, sort_keys=True),
        None if scope is None else (scope.rules, scope.pairs),
    )
    found = _SWEEPS.get(key)
    if found is None:
        if len(_SWEEPS) > 16:
            _SWEEPS.clear()
        found = _SWEEPS[key] = _coverage(rs, scope)
    problems, reachable = found
    return list(problems), set(reachable)


_SLICES: dict[object, list[Slice]] = {}


def _slices(rs: RuleSet) -> list[Slice]:
    """calendar_slices, once per calendar and regime table (the mutants of a rule share them)."""
    key = (rs.elections.model_dump_json(), rs.sanctions.model_dump_json(include={"regimes"}), _calendar_key(rs))
    found = _SLICES.get(key)
    if found is None:
        if len(_SLICES) > 16:
            _SLICES.clear()
        found = _SLICES[key] = list(calendar_slices(rs))
    return found


def _coverage(rs: RuleSet, scope: Scope | None) -> tuple[list[Problem], set[str]]:
    by_act_role = rules_by_act_role(rs)
    matcher = Matcher(rs)
    reachable: set[str] = set()
    gaps: dict[tuple[str, str], list[str]] = defaultdict(list)
    not_modelled, problems = _not_modelled(rs)
    for piece in _slices(rs):
        for act, term in rs.vocabulary.act_types.items():
            if term.undisclosed:  # no rule may decide an act nobody has established
                continue
            for role in rs.expand_subjects(term.subjects):
                if scope is not None and (act, role) not in scope.pairs:
                    continue
                facts = {**piece.facts, "act.type": act, "subject.role": role}
                covered = False
                for rule, rt in by_act_role.get((act, role), ()):
                    if matcher.can_match(rule, rt, facts, piece):
                        covered = True
                        reachable.add(rule.id)
                if not covered and any(
                    act in acts and role in roles and window.contains(piece.start) and window.contains(piece.end)
                    for acts, roles, window in not_modelled
                ):
                    continue
                if not covered:
                    gaps[(act, role)].append(
                        f"{piece.election}/{piece.contest}/{piece.phase} {piece.start}..{piece.end}"
                        + (f" [{piece.law}]" if piece.law else "")
                    )
    for (act, role), where in sorted(gaps.items()):
        sample = "; ".join(where[:3]) + (f"; and {len(where) - 3} more" if len(where) > 3 else "")
        problems.append(
            Problem(
                "gap",
                f"no rule covers {act} by {role} (and none declares it lawful): {sample}",
                (rs.locate("vocabulary.yaml", ("act_types", act)),),
            )
        )
    return problems, reachable


_ABSENT = object()
_COVERAGE_MEMO: dict[int, dict[tuple[object, ...], bool]] = {}


def _calendar_key(rs: RuleSet) -> int:
    """A small number standing for the rule set's fact schema. The memos of the checks are valid for
    every rule set with the same schema: an answer depends on the conditions and the fixed facts and
    dates (all in the memo keys) and on the value domains (this number)."""
    signature = tuple(sorted((k, v.kind, v.values) for k, v in rs.fact_schema.items()))
    token = _SCHEMAS.get(signature)
    if token is None:
        if len(_SCHEMAS) > 256:
            _SCHEMAS.clear()
            _PAIR_MEMO.clear()
            _COVERAGE_MEMO.clear()
        token = _SCHEMAS[signature] = next(_COUNTER)
    return token


def _compatible(rt: RuleTerms, facts: dict[str, Scalar | None], dates: tuple[Cmp, Cmp], schema: dict[str, Any]) -> bool:
    """Whether some term of the rule holds with the fixed facts and the rest satisfiable (hot loop)."""
    for term in rt.terms:
        rest: list[Cmp] = list(dates)
        for lit in term:
            value = facts.get(lit.path, _ABSENT)
            if value is _ABSENT:
                rest.append(lit)
            elif value is None or not compare(lit.op, value, lit.value):  # type: ignore[arg-type]
                break
        else:
            if term_sat(tuple(rest), schema):
                return True
    return False


def check_never_match(rs: RuleSet, reachable: set[str], scope: Scope | None = None) -> list[Problem]:
    out = []
    for rule in rs.rules:
        if rule.id in reachable or (scope is not None and rule.id not in scope.rules):
            continue
        why = (
            "its conditions contradict each other"
            if sat(rule.condition, rs.fact_schema) is False
            else "it is in force only outside every calendar (or its regime never is on those dates)"
        )
        out.append(Problem("never-matches", f"{rule.id} can never match: {why}", (rule.where,), (rule.id,)))
    return out


def check_vocabulary(rs: RuleSet) -> list[Problem]:
    out = []
    used_acts = {a for r in rs.rules for a in r.rule.acts}
    # an act type no rule names may still be declared (the audit)
    used_acts |= {a for d in rs.declarations.declarations for a in d.acts}
    for act, term in rs.vocabulary.act_types.items():
        if act not in used_acts and not term.undisclosed:
            out.append(
                Problem(
                    "unused-term",
                    f"act type {act} is used by no rule",
                    (rs.locate("vocabulary.yaml", ("act_types", act)),),
                )
            )
    tested = {leaf.path for r in rs.rules for leaf in leaves(r.condition)}
    for name, mod in rs.vocabulary.modifiers.items():
        if getattr(mod, "informational", False):
            continue
        paths = {f"act.{name}"} | {f"act.{name}.{v}" for v in mod.values}
        if not paths & tested:
            out.append(
                Problem(
                    "unused-term",
                    f"modifier {name} is tested by no rule (mark it informational: true if it is only recorded)",
                    (rs.locate("vocabulary.yaml", ("modifiers", name)),),
                )
            )
    raised = {f for r in rs.rules for f in r.rule.flags}
    raised |= {f for g in rs.sanctions.regimes.values() for f in (*g.flags, *g.earlier_act_flags)}
    raised |= {f for s in rs.sanctions.option_sets for f in s.flags}
    raised |= {f for e in rs.authorities.routes for f in e.flags}
    raised |= {f for d in rs.authorities.deadlines for f in (*d.flags, *([d.late_flag] if d.late_flag else []))}
    raised |= {f for e in rs.elections.elections.values() for f in e.flags}
    for flag in rs.flags.flags:
        if flag not in raised and not rs.flags.flags[flag].engine:
            out.append(
                Problem("unused-term", f"flag {flag} is raised by nothing", (rs.locate("flags.yaml", ("flags", flag)),))
            )
    used_tiers = {r.rule.outcome.tier for r in rs.rules if r.rule.outcome}
    used_tiers |= {s.tier for s in rs.sanctions.option_sets}
    for tier in rs.sanctions.tiers:
        if tier not in used_tiers:
            out.append(
                Problem(
                    "unused-term",
                    f"tier {tier} is the outcome of no rule",
                    (rs.locate("sanctions.yaml", ("tiers", tier)),),
                )
            )
    return out


def static_checks(
    rs: RuleSet, *, scope: Scope | None = None, quotes: bool = True
) -> tuple[list[Problem], dict[str, int]]:
    """Every static check; with a `scope`, only what a change to those rules can affect (no quotes)."""
    from .quotes import QuoteStats, check_quotes

    problems = list(rs.problems)
    quote_stats = QuoteStats()
    if problems:
        # the checks below read the rule set as resolved (every tier, track, flag defined): a rule set
        # with unresolved names is reported as such, each with its file:line, not checked further
        return problems, {"rules": len(rs.rules), "reachable": 0, "quotes": 0, "paraphrases": 0, "texts": 0}
    if quotes and scope is None:
        problems += check_quotes(rs, stats=quote_stats)
    problems += check_windows(rs)
    gaps, reachable = coverage(rs, scope)
    problems += gaps
    problems += check_never_match(rs, reachable, scope)
    problems += check_conflicts(rs, scope)
    problems += check_aggravation(rs, scope)
    problems += check_vocabulary(rs)
    problems += law_checks(rs)
    from .audit import audit_problems

    problems += audit_problems(rs)
    return problems, {
        "rules": len(rs.rules),
        "reachable": len(reachable),
        "quotes": quote_stats.checked,
        "paraphrases": quote_stats.paraphrases,
        "texts": quote_stats.texts,
    }


def property_search(engine: Engine, other: Engine | None, budget: int) -> list[Counterexample]:
    """Search for minimal incidents that break a property (hypothesis `find`, deterministic)."""
    from hypothesis import HealthCheck, find, settings
    from hypothesis.errors import NoSuchExample

    from .. import testing

    rs = engine.ruleset
    options = settings(
        max_examples=budget, database=None, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
    )
    properties: dict[str, Callable[[dict[str, Any]], None]] = {
        "determinism": lambda inc: testing.check_determinism(engine, inc),
        "act_order": lambda inc: testing.check_act_order(engine, inc),
        "monotone_modifier": lambda inc: testing.check_monotone_modifier(engine, inc),
        "heaviest_decides": lambda inc: testing.check_heaviest_decides(engine, engine.check(inc)),
        "headline_consistent": lambda inc: testing.check_headline_consistent(engine, engine.check(inc)),
        "round_trip": lambda inc: testing.check_round_trip(engine.check(inc)),
    }
    if other is not None:
        properties["backends_agree"] = lambda inc: testing.check_backends_agree(engine, other, inc)
    found: list[Counterexample] = []
    for name, prop in properties.items():

        def fails(inc: dict[str, Any], prop: Callable[[dict[str, Any]], None] = prop) -> bool:
            try:
                prop(inc)
            except PropertyFailure:
                return True
            return False

        try:
            example = find(incidents(rs, max_acts=2), fails, settings=options)
        except NoSuchExample:
            continue
        try:
            prop(example)
            message = "property failed"
        except PropertyFailure as exc:
            message = str(exc)
        found.append(Counterexample(name, message, example))
    return found


def verify(engine: Engine, *, budget: int = 200, other: Engine | None = None, properties: bool = True) -> Report:
    problems, stats = static_checks(engine.ruleset)
    report = Report(problems=problems, stats=stats)
    if properties and not engine.ruleset.problems:
        report.counterexamples = property_search(engine, other, budget)
    return report
