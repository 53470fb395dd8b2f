"""Incidents that satisfy a rule's condition (witnesses), and near misses that fail exactly one fact.

Used by tools/generate_cases.py. A rule's condition is a formula over the facts an incident yields
(role, act type, election, phase, date, regimes, modifiers); a witness picks one conjunction of its
disjunctive normal form and builds an incident whose facts satisfy it: the respondent's role, position
and level; an election, contest and date whose phase and regimes fit; a law date whose regimes fit; the
act's modifiers. Nothing here runs the engine: the facts are computed the way the law defines them (the
calendar's stages, the regime windows) to choose dates, and each witness is checked against the
condition with the condition language's own evaluator before it is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from neutrality_rules.analysis import RuleTerms, _path_ok
from neutrality_rules.ruleset.conditions import Cmp, evaluate
from neutrality_rules.ruleset.factschema import NO_ELECTION_BODY
from neutrality_rules.ruleset.loader import CompiledRule, RuleSet
from neutrality_rules.testing import phase_ranges

ONE = dt.timedelta(days=1)
Facts = dict[str, Any]


def _allowed(term: tuple[Cmp, ...], rs: RuleSet) -> dict[str, Any]:
    by_path: dict[str, list[Cmp]] = {}
    for lit in term:
        by_path.setdefault(lit.path, []).append(lit)
    return {path: _path_ok(rs.fact_schema[path], lits) for path, lits in by_path.items()}


def _ok(allowed: dict[str, Any], path: str, value: Any) -> bool:
    if path not in allowed:
        return True
    domain = allowed[path]
    if domain is None:
        return False
    if isinstance(domain, tuple):
        return isinstance(value, int) and domain[0] <= value <= domain[1]
    return value in domain


def _regimes(rs: RuleSet, act_day: dt.date, law_day: dt.date) -> dict[str, str | None]:
    """Per family, the first regime (in file order) in force on the day it is keyed on (the law's rule:
    PP 94 Pasal 40 keys discipline on the examination, the others on the act)."""
    out: dict[str, str | None] = {}
    for key, regime in rs.sanctions.regimes.items():
        out.setdefault(regime.family, None)
        if out[regime.family] is None:
            day = act_day if regime.keyed_on == "act_date" else law_day
            if regime.in_force.contains(day):
                out[regime.family] = key
    return out


def _law_days(rs: RuleSet, act_day: dt.date) -> list[dt.date]:
    """Candidate examination dates: soon after the act, and the first day of each law-keyed regime."""
    days = [act_day + 30 * ONE]
    for regime in rs.sanctions.regimes.values():
        if regime.keyed_on == "law_date":
            for day in (regime.in_force.from_, regime.in_force.to):
                if day and day >= act_day:
                    days.append(day)
    return days


def _calendar(rs: RuleSet, allowed: dict[str, Any]) -> Iterator[tuple[str, str, str, dt.date, dt.date]]:
    """(election, contest, phase, act day, law day) satisfying the calendar and regime literals."""
    for key, election in sorted(rs.elections.elections.items(), key=lambda kv: kv[1].voting_day, reverse=True):
        if not (_ok(allowed, "election.key", key) and _ok(allowed, "election.type", election.type)):
            continue
        for contest in election.contests:
            if not _ok(allowed, "election.contest", contest):
                continue
            for phase, (lo, hi) in phase_ranges(rs, key, contest).items():
                if not (
                    _ok(allowed, "phase", phase)
                    and _ok(allowed, "after_determination", phase != "pre_determination")
                    and _ok(allowed, "in_campaign", phase == "campaign")
                ):
                    continue
                dates = allowed.get("date")
                candidates = [lo, lo + (hi - lo) // 2, hi]
                if isinstance(dates, tuple):
                    a, b = max(dates[0], lo.toordinal()), min(dates[1], hi.toordinal())
                    if a > b:
                        continue
                    candidates = [dt.date.fromordinal(a), dt.date.fromordinal((a + b) // 2), dt.date.fromordinal(b)]
                for day in candidates:
                    for law in _law_days(rs, day):
                        regimes = _regimes(rs, day, law)
                        if all(_ok(allowed, f"regime.{f}", v) for f, v in regimes.items()):
                            yield key, contest, phase, day, law
                            break
                    else:
                        continue
                    break


def _holds(term: tuple[Cmp, ...], facts: Facts) -> bool:
    return all(evaluate(lit, facts) is True for lit in term)


def build(
    rs: RuleSet,
    rule: CompiledRule,
    term: tuple[Cmp, ...],
    role: str,
    act: str,
    avoid: tuple[tuple[Cmp, ...], ...] = (),
) -> dict[str, Any] | None:
    """An incident whose facts satisfy `term` for `role` doing `act`, or None; where the calendar allows,
    one that satisfies none of the `avoid` terms (so that the witness needs this very term)."""
    allowed = _allowed(term, rs)
    if any(v is None for v in allowed.values()):
        return None
    if not (_ok(allowed, "subject.role", role) and _ok(allowed, "act.type", act)):
        return None
    respondent: dict[str, Any] = {"role": role}
    for path, field, options in (
        ("subject.position", "position_kind", list(rs.vocabulary.positions)),
        ("subject.government_level", "government_level", list(rs.vocabulary.government_levels)),
        ("subject.election_body", "election_body", [NO_ELECTION_BODY, *rs.vocabulary.election_bodies]),
    ):
        if path in allowed:
            value = next((o for o in options if o in allowed[path]), None)
            if value is None:
                return None
            if value != NO_ELECTION_BODY:
                respondent[field] = value
    act_out = _act(rs, allowed, act)
    first: dict[str, Any] | None = None
    for n, place in enumerate(_calendar(rs, allowed)):
        incident = _incident(rule, respondent, act_out, place)
        if not avoid:
            return incident
        first = first or incident
        if not any(_holds(t, facts_of(rs, incident)) for t in avoid) or n >= 60:
            return incident
    return first


def _incident(
    rule: CompiledRule,
    respondent: dict[str, Any],
    act_out: dict[str, Any],
    place: tuple[str, str, str, dt.date, dt.date],
) -> dict[str, Any]:
    election, contest, _phase, day, law = place
    return {
        "incident_id": f"GEN-RULE-{rule.id}".upper()[:80],
        "election": {"key": election, "contest": contest},
        "respondent": dict(respondent),
        "event": {"date_of_act": day.isoformat(), "date_known": day.isoformat()},
        "acts": [dict(act_out)],
        "examination_started_on": law.isoformat(),
    }


def _act(rs: RuleSet, allowed: dict[str, Any], act: str) -> dict[str, Any]:
    act_out: dict[str, Any] = {"type": act}
    for name, mod in rs.vocabulary.modifiers.items():
        if mod.type == "set":
            wanted = [v for v in mod.values if f"act.{name}.{v}" in allowed]
            if wanted:
                chosen = [v for v in mod.values if allowed.get(f"act.{name}.{v}") == {True}]
                act_out[name] = chosen
            continue
        path = f"act.{name}"
        if path not in allowed:
            continue
        domain = allowed[path]
        if mod.type == "int":
            act_out[name] = max(domain[0], 0) if isinstance(domain, tuple) else 0
        elif mod.type == "bool":
            value = True in domain
            if value != mod.default:  # a fact the law presumes (the vocabulary's default) is left unsaid
                act_out[name] = value
        else:
            act_out[name] = sorted(domain)[0]
    return act_out


def facts_of(rs: RuleSet, incident: dict[str, Any]) -> Facts:
    """The facts the incident yields, computed from the law's definitions (for checking a witness)."""
    from neutrality_rules.calendar import phase_on

    e = rs.elections.elections[incident["election"]["key"]]
    day = dt.date.fromisoformat(incident["event"]["date_of_act"])
    law = dt.date.fromisoformat(incident["examination_started_on"])
    info = phase_on(e, incident["election"]["contest"], day)
    respondent = incident["respondent"]
    act = incident["acts"][0]
    facts: Facts = {
        "subject.role": respondent["role"],
        "subject.position": respondent.get("position_kind"),
        "subject.government_level": respondent.get("government_level"),
        "subject.election_body": respondent.get("election_body", NO_ELECTION_BODY),
        "election.key": incident["election"]["key"],
        "election.type": e.type,
        "election.contest": incident["election"]["contest"],
        "phase": info.phase,
        "after_determination": info.after_determination,
        "in_campaign": info.in_campaign,
        "date": day.toordinal(),
        "act.type": act["type"],
    }
    for family, regime in _regimes(rs, day, law).items():
        facts[f"regime.{family}"] = regime
    for name, mod in rs.vocabulary.modifiers.items():
        if mod.type == "set":
            values = act.get(name)
            for v in mod.values:
                facts[f"act.{name}.{v}"] = None if values is None else v in values
        else:
            facts[f"act.{name}"] = act.get(name, mod.default)
    return facts


def witnesses(rs: RuleSet, rule: CompiledRule) -> Iterator[tuple[str, dict[str, Any], bool, str]]:
    """(name, incident, positive, the fact that fails): for each role and act type of the rule, one
    witness; for each conjunction of its disjunctive normal form, a witness that needs it (the other
    conjunctions false where the calendar allows), one at each edge of a date it compares, and a near
    miss per literal (each literal once)."""
    terms = RuleTerms(rule.condition).terms
    # a rule that overrides this one, where it holds too, decides instead: keep it false
    beaters = [r for r in rs.rules if rule.id in r.rule.overrides]
    beaten_by = tuple(t for r in beaters for t in RuleTerms(r.condition).terms)
    done: set[int] = set()
    seen: set[str] = set()
    # a conjunction gets its own witness when it has a literal no earlier one had for the same act type
    covered: set[tuple[str, Cmp]] = set()
    for role in rule.subjects:
        for act in rule.rule.acts:
            first = True
            for ti, term in enumerate(terms):
                if not first and ti in done:
                    continue
                others = tuple(t for j, t in enumerate(terms) if j != ti)
                incident = build(rs, rule, term, role, act, others + beaten_by)
                if incident is None or evaluate(rule.condition, facts_of(rs, incident)) is not True:
                    continue
                facts = facts_of(rs, incident)
                if any(evaluate(r.condition, facts) is True for r in beaters):
                    continue
                if first:
                    yield f"{role}-{act}", incident, True, ""
                    first = False
                if ti in done:
                    continue
                done.add(ti)
                keys = {(act, lit) for lit in term}
                if keys <= covered:
                    continue
                covered.update(keys)
                if ti:
                    yield f"term{ti}-{role}-{act}", incident, True, ""
                for name, case, positive, fact in (
                    *_date_edges(rs, rule, term, role, act, others),
                    *_near_misses(rs, rule, term, role, act, terms),
                ):
                    if act != rule.rule.acts[0]:
                        name = f"{name}-{act}"
                    if name not in seen:
                        seen.add(name)
                        yield name, case, positive, fact


def _date_edges(
    rs: RuleSet, rule: CompiledRule, term: tuple[Cmp, ...], role: str, act: str, others: tuple[tuple[Cmp, ...], ...]
) -> Iterator[tuple[str, dict[str, Any], bool, str]]:
    """For each date the term compares the act's date with: the last day inside (the rule applies) and
    the first day outside (it does not), where an election's calendar reaches them."""
    for i, lit in enumerate(term):
        if lit.path != "date" or lit.op in ("eq", "ne") or not isinstance(lit.value, int):
            continue
        inside = {"gte": lit.value, "gt": lit.value + 1, "lte": lit.value, "lt": lit.value - 1}[lit.op]
        outside = inside - 1 if lit.op in ("gte", "gt") else inside + 1
        day_in, day_out = dt.date.fromordinal(inside), dt.date.fromordinal(outside)
        at = build(rs, rule, (*term, Cmp("date", "eq", inside)), role, act, others)
        if at is not None and evaluate(rule.condition, facts_of(rs, at)) is True:
            yield f"date-{lit.op}-{day_in}", at, True, ""
        flipped = Cmp("date", _FLIP[lit.op], lit.value)
        beyond = build(rs, rule, (*term[:i], flipped, *term[i + 1 :], Cmp("date", "eq", outside)), role, act, others)
        if beyond is not None and evaluate(rule.condition, facts_of(rs, beyond)) is False:
            yield f"date-outside-{lit.op}-{day_out}", beyond, False, f"date {lit.op} {dt.date.fromordinal(lit.value)}"


_FLIP: dict[str, Any] = {"eq": "ne", "ne": "eq", "lt": "gte", "gte": "lt", "gt": "lte", "lte": "gt"}


def _near_misses(
    rs: RuleSet, rule: CompiledRule, term: tuple[Cmp, ...], role: str, act: str, avoid: tuple[tuple[Cmp, ...], ...]
) -> Iterator[tuple[str, dict[str, Any], bool, str]]:
    """For each literal of the term but its dates (see _date_edges), an incident where only it fails and
    no other conjunction holds (when the calendar and the rule's roles and acts allow one): the rule must
    not apply. A literal on the act type or the role fails with another of the rule's acts or roles."""
    for lit in dict.fromkeys(term):
        if lit.path == "date":
            continue
        flipped = Cmp(lit.path, _FLIP[lit.op], lit.value)
        changed = tuple(flipped if other == lit else other for other in term)  # the rule's guard may repeat it
        if lit.path == "act.type":
            places = [(role, a) for a in rule.rule.acts if evaluate(flipped, {"act.type": a}) is True]
        elif lit.path == "subject.role":
            places = [(r, act) for r in rule.subjects if evaluate(flipped, {"subject.role": r}) is True]
        else:
            places = [(role, act)]
        for who, what in places:
            incident = build(rs, rule, changed, who, what, avoid)
            if incident is None or evaluate(rule.condition, facts_of(rs, incident)) is not False:
                continue
            value = lit.value if not isinstance(lit.value, bool) else str(lit.value).lower()
            name = f"without-{lit.path}-{lit.op}-{value}".replace(".", "_")
            yield name, incident, False, f"{lit.path} {lit.op} {value}"
            break
