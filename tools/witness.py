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


def build(rs: RuleSet, rule: CompiledRule, term: tuple[Cmp, ...], role: str, act: str) -> dict[str, Any] | None:
    """An incident whose facts satisfy `term` for `role` doing `act`, or None."""
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
    place = next(_calendar(rs, allowed), None)
    if place is None:
        return None
    election, contest, _phase, day, law = place
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
    return {
        "incident_id": f"GEN-RULE-{rule.id}".upper()[:80],
        "election": {"key": election, "contest": contest},
        "respondent": respondent,
        "event": {"date_of_act": day.isoformat(), "date_known": day.isoformat()},
        "acts": [act_out],
        "examination_started_on": law.isoformat(),
    }


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
    """(name, incident, positive, the fact that fails) for each role and act type of the rule, and a near
    miss per literal of the chosen term."""
    terms = RuleTerms(rule.condition).terms
    for role in rule.subjects:
        for act in rule.rule.acts:
            for term in terms:
                incident = build(rs, rule, term, role, act)
                if incident is None or evaluate(rule.condition, facts_of(rs, incident)) is not True:
                    continue
                yield f"{role}-{act}", incident, True, ""
                if role == rule.subjects[0] and act == rule.rule.acts[0]:
                    yield from _near_misses(rs, rule, term, role, act)
                break


def _near_misses(
    rs: RuleSet, rule: CompiledRule, term: tuple[Cmp, ...], role: str, act: str
) -> Iterator[tuple[str, dict[str, Any], bool, str]]:
    """For each literal of the `when` part (not the guards: role, act type, regime, window), an incident
    where only it fails (when such an incident exists and the whole condition is then false)."""
    guards = {"act.type", "subject.role"} | {p for p in rs.fact_schema if p.startswith("regime.")}
    for i, lit in enumerate(term):
        if lit.path in guards or lit.path == "date":
            continue
        flipped = Cmp(
            lit.path, {"eq": "ne", "ne": "eq", "lt": "gte", "gte": "lt", "gt": "lte", "lte": "gt"}[lit.op], lit.value
        )
        changed = (*term[:i], flipped, *term[i + 1 :])
        incident = build(rs, rule, changed, role, act)
        if incident is None:
            continue
        if evaluate(rule.condition, facts_of(rs, incident)) is not False:
            continue
        value = lit.value if not isinstance(lit.value, bool) else str(lit.value).lower()
        yield f"without-{lit.path}-{lit.op}-{value}".replace(".", "_"), incident, False, f"{lit.path} {lit.op} {value}"
