"""Stage 2 of the pipeline: from a validated incident to the facts the rules test, for each respondent.

Everything the rules may depend on is derived here, once: the canonical role (Wali Nagari resolved to
kepala_desa), the phase of each act from the calendar, the regime of each family in force (on the act
date, or for discipline on the examination date: PP 94 Pasal 40), and each modifier as stated, not
mentioned or unknown. What the report does not establish becomes a *variable* (the date of an act, an
unknown modifier, whether the respondent still held the office, the examination date): the base fact
document holds None for it, and `worlds` enumerates the values that could decide a rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ..calendar import phase_on
from ..errors import IncidentError
from ..incident import Act, Incident, ReportedDate, Respondent
from ..ruleset.conditions import Scalar
from ..ruleset.factschema import NO_ELECTION_BODY, NO_REGIME
from ..ruleset.loader import RuleSet
from ..ruleset.models import UNKNOWN, Election
from .dates import ONE_DAY, Segment, law_date_cuts, phase_changes, rounds_in, rule_date_cuts, segments
from .terms import check_terms, resolve_role

Facts = dict[str, Scalar | None]
Origin = Literal["stated", "not_mentioned", "unknown", "derived"]
VarKind = Literal["date", "law_date", "modifier", "office"]
DATE_PATHS = ("phase", "after_determination", "in_campaign", "date")
OFFICE_VAR = "in_office"
LAW_VAR = "examination_started_on"


@dataclass(frozen=True)
class Variable:
    """A fact the report leaves open, and the values it could take (segments of days for dates)."""

    key: str
    kind: VarKind
    values: tuple[object, ...]
    acts: tuple[int, ...]
    path: str | None = None
    """For a modifier: the fact path it sets (act.<name> or act.<name>.<value>)."""


@dataclass(frozen=True)
class ActContext:
    """One act of one respondent: its base facts (None where unknown) and the variables it reads."""

    index: int
    act: Act
    where: str
    """Where the act is written in the incident (acts[0], respondents[1].acts[0])."""
    contest: str
    reported: ReportedDate | None
    stated_phase: str | None
    date_var: str | None
    """The date variable this act reads; None when its day is exact."""
    date_key: str
    """Where its date comes from (event.date_of_act, or the act's own date): the name of that variable."""
    day: dt.date | None
    """The exact day, when there is one."""
    segments: tuple[Segment, ...]
    base: Facts
    origin: dict[str, Origin]
    undisclosed: bool
    modifier_vars: dict[str, str] = field(default_factory=dict)
    """Fact path -> variable key, for the modifiers that are unknown."""


@dataclass(frozen=True)
class Context:
    incident: Incident
    respondent_index: int
    respondent: Respondent
    election_key: str
    election: Election
    contest: str
    role: str
    role_alias: str | None
    in_office: bool | None
    law_date: dt.date
    """The law date when it is exact, else the first day the report allows."""
    law_date_source: str
    law_reported: ReportedDate | None
    acts: tuple[ActContext, ...]
    variables: dict[str, Variable]

    @property
    def prior_sanctions(self) -> list[object]:
        return [*self.incident.prior_sanctions, *self.respondent.prior_sanctions]


def build_contexts(incident: Incident, ruleset: RuleSet, *, as_of: dt.date | None, today: dt.date) -> list[Context]:
    """One context per respondent; the incident's terms are checked first, all problems at once."""
    check_terms(incident, ruleset)
    return [_context(incident, i, ruleset, as_of, today) for i in range(len(incident.parties()))]


def _law_date(
    incident: Incident, person: Respondent, as_of: dt.date | None, today: dt.date
) -> tuple[ReportedDate | None, dt.date, str]:
    """The examination start (this respondent's, else the incident's), else the assessment date, else
    the caller's as-of date, else today."""
    for reported in (person.examination_started_on, incident.examination_started_on):
        if reported is not None:
            return reported, reported.first, "examination_started_on"
    if incident.assessment_date:
        return None, incident.assessment_date, "assessment_date"
    if as_of:
        return None, as_of, "as_of"
    return None, today, "today"


def _context(incident: Incident, index: int, rs: RuleSet, as_of: dt.date | None, today: dt.date) -> Context:
    vocab = rs.vocabulary
    person = incident.parties()[index]
    multi = incident.respondents is not None
    prefix = f"respondents[{index}]." if multi else ""
    role, alias = resolve_role(rs, person.role)
    key = incident.election.key
    election = rs.elections.elections[key]
    contest = incident.election.contest
    in_office: bool | None = person.in_office
    if "in_office" not in person.model_fields_set:  # not mentioned: the vocabulary says what that means
        office = vocab.office
        in_office = (
            True if office is None else (None if office.not_mentioned == UNKNOWN else bool(office.not_mentioned))
        )
    law_reported, law_date, law_source = _law_date(incident, person, as_of, today)
    acts_in = incident.acts_of(index)
    shared = len(incident.acts)
    priors = [*incident.prior_sanctions, *person.prior_sanctions]
    prior_cuts = [p.imposed_on + ONE_DAY for p in priors if p.imposed_on]
    # which acts share the report's event date (those with neither a date nor a phase of their own)
    date_keys: list[str | None] = []
    for i, act in enumerate(acts_in):
        own = act.date is not None or act.phase is not None
        date_keys.append(f"{_act_field(i, shared, prefix)}.date" if own else "event.date_of_act")
    contests = [act.contest or contest for act in acts_in]
    variables: dict[str, Variable] = {}
    act_segments: dict[int, tuple[Segment, ...]] = {}
    region = incident.election.region
    span = election.span  # the candidacy process before the stages, and re-votes after them
    assert span.from_ is not None and span.to is not None
    window = (span.from_, span.to)
    for var_key in dict.fromkeys(k for k in date_keys if k is not None):
        members = [i for i, k in enumerate(date_keys) if k == var_key]
        first_act = acts_in[members[0]]
        own = var_key != "event.date_of_act"
        reported = first_act.date if own else incident.event.date_of_act
        phase = (
            (first_act.phase or (incident.event.phase if first_act.date is None else None))
            if own
            else incident.event.phase
        )
        field_name = var_key if own or reported is not None else "event.date_of_act"
        first, last = (reported.first, reported.last) if reported else window
        cuts = {*rule_date_cuts(rs), *prior_cuts}
        for i in members:
            cuts.update(phase_changes(rs, key, contests[i], region))
        pieces = tuple(segments(first, last, cuts, window))
        if all(p.outside for p in pieces):
            raise _outside(field_name, reported, key, election)
        if phase is not None:
            pieces = tuple(
                p
                for p in pieces
                if not p.outside
                and all(phase_on(election, contests[i], p.first, region).phase == phase for i in members)
            )
            if not pieces:
                raise IncidentError(
                    "incident.phase_date_disagree",
                    field=field_name,
                    got=f"{reported.as_input() if reported else '-'} / {phase}",
                    election=key,
                )
        for i in members:
            act_segments[i] = tuple(pieces)
        if len(pieces) > 1:
            variables[var_key] = Variable(var_key, "date", tuple(pieces), tuple(members))
    law_var: Variable | None = None
    if law_reported is not None and law_reported.exact is None:
        law_pieces = segments(
            law_reported.first, law_reported.last, law_date_cuts(rs), (law_reported.first, law_reported.last)
        )
        if len(law_pieces) > 1:
            law_var = Variable(LAW_VAR, "law_date", tuple(law_pieces), tuple(range(len(acts_in))))
            variables[LAW_VAR] = law_var
    if in_office is None:
        variables[OFFICE_VAR] = Variable(OFFICE_VAR, "office", (True, False), tuple(range(len(acts_in))))
    acts: list[ActContext] = []
    for i, act in enumerate(acts_in):
        act_field = _act_field(i, shared, prefix)
        act_pieces = act_segments[i]
        act_var = date_keys[i] if date_keys[i] in variables else None
        base, origin, mod_vars = _base_facts(
            rs,
            act,
            act_field,
            contests[i],
            key,
            election,
            role,
            in_office,
            person,
            act_pieces,
            law_date,
            law_var,
            region,
        )
        for path, var in mod_vars.items():
            mod = vocab.modifiers[path.split(".")[1]]
            values: tuple[object, ...] = (False, True) if mod.type in ("bool", "set") else tuple(mod.values)
            variables.setdefault(var, Variable(var, "modifier", values, (i,), path))
        reported = act.date if act.date is not None or act.phase is not None else incident.event.date_of_act
        acts.append(
            ActContext(
                index=i,
                act=act,
                where=act_field,
                contest=contests[i],
                reported=reported,
                stated_phase=act.phase or incident.event.phase,
                date_var=act_var,
                date_key=date_keys[i] or "event.date_of_act",
                day=act_pieces[0].first if len(act_pieces) == 1 and act_pieces[0].first == act_pieces[0].last else None,
                segments=act_pieces,
                base=base,
                origin=origin,
                undisclosed=vocab.act_types[act.type].undisclosed,
                modifier_vars=mod_vars,
            )
        )
    return Context(
        incident=incident,
        respondent_index=index,
        respondent=person,
        election_key=key,
        election=election,
        contest=contest,
        role=role,
        role_alias=alias,
        in_office=in_office,
        law_date=law_date,
        law_date_source=law_source,
        law_reported=law_reported,
        acts=tuple(acts),
        variables=variables,
    )


def _act_field(i: int, shared: int, prefix: str) -> str:
    """Where act i of a respondent is written in the incident (shared acts first, then their own)."""
    return f"acts[{i}]" if i < shared else f"{prefix}acts[{i - shared}]"


def _outside(field_name: str, reported: ReportedDate | None, key: str, election: Election) -> IncidentError:
    return IncidentError(
        "incident.date_outside_election",
        field=field_name,
        got=str(reported.as_input()) if reported else None,
        election=key,
        window_from=str(election.span.from_),
        window_to=str(election.span.to),
        suggestion=None,
    )


def date_facts(rs: RuleSet, election: Election, contest: str, day: dt.date, region: str | None = None) -> Facts:
    """The facts the calendar and the act-date regimes give one day (in `region`, for a later round held
    only in some regions); computed once per rule set, calendar, contest, region and day: a caseload has
    few distinct days (callers copy before changing)."""
    key = ("date_facts", id(election), contest, day, rounds_in(election, contest, region))
    found = rs.memo.get(key)
    if isinstance(found, dict):
        return found
    info = phase_on(election, contest, day, region)
    facts: Facts = {
        "phase": info.phase,
        "after_determination": info.after_determination,
        "in_campaign": info.in_campaign,
        "date": day.toordinal(),
    }
    for family, keyed in rs.regime_families.items():
        if keyed == "act_date":
            facts[f"regime.{family}"] = regime_on(rs, family, day)
    rs.memo[key] = facts
    return facts


def regime_on(rs: RuleSet, family: str, day: dt.date) -> str:
    """The regime of `family` in force on `day` (`none` when none is: a known fact, not an unknown)."""
    for candidate, regime in rs.sanctions.regimes.items():
        if regime.family == family and regime.in_force.contains(day):
            return candidate
    return NO_REGIME


def law_facts(rs: RuleSet, day: dt.date) -> Facts:
    key = ("law_facts", day)
    found = rs.memo.get(key)
    if isinstance(found, dict):
        return found
    made: Facts = {
        f"regime.{f}": regime_on(rs, f, day) for f, keyed in rs.regime_families.items() if keyed == "law_date"
    }
    rs.memo[key] = made
    return made


def _base_facts(
    rs: RuleSet,
    act: Act,
    act_field: str,
    contest: str,
    key: str,
    election: Election,
    role: str,
    in_office: bool | None,
    person: Respondent,
    pieces: tuple[Segment, ...],
    law_date: dt.date,
    law_var: Variable | None,
    region: str | None = None,
) -> tuple[Facts, dict[str, Origin], dict[str, str]]:
    """The act's facts with None wherever the report leaves them open (three-valued)."""
    vocab = rs.vocabulary
    office_role = (
        role if in_office is True else (vocab.office.outside_role if vocab.office and in_office is False else None)
    )
    facts: Facts = {
        "subject.role": office_role,
        "subject.position": person.position_kind,
        "subject.government_level": person.government_level,
        "subject.election_body": person.election_body or NO_ELECTION_BODY,
        "election.key": key,
        "election.type": election.type,
        "election.contest": contest,
        "act.type": act.type,
    }
    inside = [p for p in pieces if not p.outside]
    per_day = [date_facts(rs, election, contest, p.first, region) for p in inside]
    if per_day:
        for path in per_day[0]:
            values = {d[path] for d in per_day}
            facts[path] = values.pop() if len(values) == 1 and len(pieces) == len(inside) else None
    if law_var is None:
        facts.update(law_facts(rs, law_date))
    else:
        per_law = [law_facts(rs, p.first) for p in law_var.values if isinstance(p, Segment)]
        for path in per_law[0]:
            values = {d[path] for d in per_law}
            facts[path] = values.pop() if len(values) == 1 else None
    absent_facts, absent_origin, absent_open = _not_mentioned(rs)
    facts.update(absent_facts)
    origin: dict[str, Origin] = dict(absent_origin)
    stated = act.modifiers
    mod_vars: dict[str, str] = {
        path: f"{act_field}.{suffix}" for path, (name, suffix) in absent_open.items() if name not in stated
    }
    for name in stated:
        mod = vocab.modifiers[name]
        if mod.type == "set":
            raw = stated[name]
            for value in mod.values:
                path = f"act.{name}.{value}"
                if raw is None:  # alleged, not established: every value open
                    facts[path], origin[path] = None, "unknown"
                    mod_vars[path] = f"{act_field}.{name}.{value}"
                else:
                    assert isinstance(raw, list)
                    facts[path], origin[path] = value in raw, "stated"
            continue
        path = f"act.{name}"
        value = stated[name]
        facts[path] = value
        origin[path] = "stated" if value is not None else "unknown"
        if value is None and mod.type in ("bool", "enum"):
            mod_vars[path] = f"{act_field}.{name}"
    return facts, origin, mod_vars


def _not_mentioned(rs: RuleSet) -> tuple[Facts, dict[str, Origin], dict[str, tuple[str, str]]]:
    """Every modifier as a report that does not mention it reads (the vocabulary's `not_mentioned`), and
    the paths that stay open then (path -> modifier, variable suffix): a function of the rule set alone,
    built once; an act then overrides only the modifiers it states."""
    found = rs.memo.get("not_mentioned")
    if isinstance(found, tuple):
        return found
    facts: Facts = {}
    origin: dict[str, Origin] = {}
    open_paths: dict[str, tuple[str, str]] = {}
    for name, mod in rs.vocabulary.modifiers.items():
        if mod.type == "set":
            for value in mod.values:
                path = f"act.{name}.{value}"
                origin[path] = "not_mentioned"
                facts[path] = False if mod.absent == "none" else None
                if facts[path] is None:
                    open_paths[path] = (name, f"{name}.{value}")
            continue
        path = f"act.{name}"
        facts[path] = None if mod.absent == UNKNOWN else mod.absent
        origin[path] = "not_mentioned"
        if facts[path] is None and mod.type in ("bool", "enum"):
            open_paths[path] = (name, name)
    made = (facts, origin, open_paths)
    rs.memo["not_mentioned"] = made
    return made


__all__ = [
    "DATE_PATHS",
    "LAW_VAR",
    "OFFICE_VAR",
    "ActContext",
    "Context",
    "Facts",
    "Variable",
    "build_contexts",
    "date_facts",
    "law_facts",
    "regime_on",
    "resolve_role",
]
