"""From an incident to the facts the rules test: one flat fact document per act.

Everything the rules may depend on is derived here, once: the canonical role (aliases such as Wali
Nagari resolved), the election phase from the calendar, the regime of each family in force on the
right date (the act date, or for discipline the examination date: PP 94 Pasal 40), and each modifier
as stated, defaulted, or unknown. The rules then never see the raw incident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .calendar import PhaseInfo, elections_on, phase_on
from .errors import IncidentError
from .incident import Act, Incident
from .ruleset.conditions import Scalar
from .ruleset.factschema import NO_ELECTION_BODY
from .ruleset.loader import RuleSet
from .ruleset.models import Election
from .ruleset.parse import did_you_mean

Facts = dict[str, Scalar | None]


@dataclass(frozen=True)
class ActFacts:
    index: int
    act: Act
    date: dt.date
    phase: PhaseInfo
    regimes: dict[str, str | None]
    facts: Facts
    origin: dict[str, str]
    """For each modifier path: 'stated', 'default' or 'unknown' (stated as null or not stated, no default)."""


@dataclass(frozen=True)
class Context:
    incident: Incident
    election_key: str
    election: Election
    contest: str
    role: str
    role_alias: str | None
    law_date: dt.date
    law_date_source: str
    acts: tuple[ActFacts, ...]


def _unknown(field: str, got: str, options: list[str], key: str = "incident.unknown_term") -> IncidentError:
    hint = did_you_mean(got, options)
    return IncidentError(
        key,
        field=field,
        got=repr(got),
        allowed=", ".join(options[:40]) + (" ..." if len(options) > 40 else ""),
        suggestion=(f"did you mean '{hint}'?" if hint else None),
    )


def resolve_role(ruleset: RuleSet, role: str) -> tuple[str, str | None]:
    vocab = ruleset.vocabulary
    if role in vocab.roles:
        return role, None
    for key, definition in vocab.roles.items():
        if role in definition.aliases:
            return key, role
    aliases = [a for r in vocab.roles.values() for a in r.aliases]
    raise _unknown("respondent.role", role, [*vocab.roles, *aliases])


def law_date_of(incident: Incident, as_of: dt.date | None, today: dt.date) -> tuple[dt.date, str]:
    """The date the law is applied as of: the examination start, else the stated assessment date,
    else the caller's as-of date, else today."""
    if incident.examination_started_on:
        return incident.examination_started_on, "examination_started_on"
    if incident.assessment_date:
        return incident.assessment_date, "assessment_date"
    if as_of:
        return as_of, "as_of"
    return today, "today"


def build_context(incident: Incident, ruleset: RuleSet, *, as_of: dt.date | None, today: dt.date) -> Context:
    vocab = ruleset.vocabulary
    respondent = incident.respondent
    role, alias = resolve_role(ruleset, respondent.role)
    for field, value, options in (
        ("respondent.position_kind", respondent.position_kind, list(vocab.positions)),
        ("respondent.government_level", respondent.government_level, list(vocab.government_levels)),
        ("respondent.election_body", respondent.election_body, [NO_ELECTION_BODY, *vocab.election_bodies]),
    ):
        if value is not None and value not in options:
            raise _unknown(field, value, options)
    elections = ruleset.elections.elections
    key = incident.election.key
    if key not in elections:
        raise _unknown("election.key", key, list(elections), "incident.unknown_election")
    election = elections[key]
    contest = incident.election.contest
    if contest not in election.contests:
        raise _unknown("election.contest", contest, list(election.contests), "incident.contest_not_in_election")
    law_date, law_date_source = law_date_of(incident, as_of, today)
    acts = tuple(
        _act_facts(i, act, incident, ruleset, key, election, contest, role, law_date)
        for i, act in enumerate(incident.acts)
    )
    return Context(
        incident=incident,
        election_key=key,
        election=election,
        contest=contest,
        role=role,
        role_alias=alias,
        law_date=law_date,
        law_date_source=law_date_source,
        acts=acts,
    )


def _act_facts(
    index: int,
    act: Act,
    incident: Incident,
    ruleset: RuleSet,
    key: str,
    election: Election,
    contest: str,
    role: str,
    law_date: dt.date,
) -> ActFacts:
    vocab = ruleset.vocabulary
    field = f"acts[{index}]"
    if act.type not in vocab.act_types:
        raise _unknown(f"{field}.type", act.type, list(vocab.act_types), "incident.unknown_act_type")
    day = act.date or incident.event.date_of_act
    if act.contest is not None:
        if act.contest not in election.contests:
            raise _unknown(f"{field}.contest", act.contest, list(election.contests), "incident.contest_not_in_election")
        contest = act.contest
    if not election.window.contains(day):
        around = elections_on(ruleset.elections.elections, day)
        raise IncidentError(
            "incident.date_outside_election",
            field=f"{field}.date" if act.date else "event.date_of_act",
            got=str(day),
            election=key,
            window_from=str(election.window.from_),
            window_to=str(election.window.to),
            suggestion=(f"this date belongs to: {', '.join(around)}" if around else None),
        )
    phase = phase_on(election, contest, day)
    regimes: dict[str, str | None] = {}
    for family in sorted({r.family for r in ruleset.sanctions.regimes.values()}):
        regimes[family] = None
        for candidate, regime in ruleset.sanctions.regimes.items():
            if regime.family != family:
                continue
            keyed = day if regime.keyed_on == "act_date" else law_date
            if regime.in_force.contains(keyed):
                regimes[family] = candidate
                break
    subject = incident.respondent
    facts: Facts = {
        "subject.role": role,
        "subject.position": subject.position_kind,
        "subject.government_level": subject.government_level,
        "subject.election_body": subject.election_body or NO_ELECTION_BODY,
        "election.key": key,
        "election.type": election.type,
        "election.contest": contest,
        "phase": phase.phase,
        "after_determination": phase.after_determination,
        "in_campaign": phase.in_campaign,
        "date": day.toordinal(),
        "act.type": act.type,
    }
    for family, regime_id in regimes.items():
        facts[f"regime.{family}"] = regime_id
    origin: dict[str, str] = {}
    stated = act.model_fields_set
    for name, mod in vocab.modifiers.items():
        raw = getattr(act, name, None)
        was_stated = name in stated
        if mod.type == "set":
            values = raw if was_stated else None
            if values is not None:
                for value in values:
                    if value not in mod.values:
                        raise _unknown(f"{field}.{name}", value, list(mod.values))
            for value in mod.values:
                path = f"act.{name}.{value}"
                facts[path] = None if values is None else value in values
                origin[path] = "stated" if values is not None else "unknown"
            continue
        path = f"act.{name}"
        if was_stated:
            if mod.type == "enum" and raw is not None and raw not in mod.values:
                raise _unknown(f"{field}.{name}", str(raw), list(mod.values))
            facts[path] = raw
            origin[path] = "stated" if raw is not None else "unknown"
        else:
            facts[path] = mod.default
            origin[path] = "default" if mod.default is not None else "unknown"
    return ActFacts(index=index, act=act, date=day, phase=phase, regimes=regimes, facts=facts, origin=origin)
