"""The incident's terms checked against the rule set's vocabulary: roles, positions, contests, act types,
phases and modifiers.

The incident model knows only the shape of a report; which words it may use is the rule set's business
(a province's layer may add a local title or a modifier), so this check runs against the loaded
vocabulary. It collects every problem of the incident before raising, so that an officer fixes a
report in one pass, not one error per run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import IncidentError
from ..incident import ACT_FIELDS, Act, Incident
from ..ruleset.factschema import NO_ELECTION_BODY
from ..ruleset.loader import RuleSet
from ..ruleset.models import Modifier
from ..ruleset.parse import did_you_mean

MAX_OPTIONS_SHOWN = 40


def unknown_term(field: str, got: str, options: Sequence[str], key: str = "incident.unknown_term") -> IncidentError:
    hint = did_you_mean(got, list(options))
    return IncidentError(
        key,
        field=field,
        got=repr(got),
        allowed=", ".join(options[:MAX_OPTIONS_SHOWN]) + (" ..." if len(options) > MAX_OPTIONS_SHOWN else ""),
        hint=hint,  # worded by ui.did_you_mean in the reader's language
    )


def raise_all(problems: list[IncidentError]) -> None:
    """Raise the incident's problems together: the first carries the others (`error.others`)."""
    if problems:
        first = problems[0]
        first.others = problems[1:]  # type: ignore[attr-defined]
        raise first


def resolve_role(ruleset: RuleSet, role: str, field: str = "respondent.role") -> tuple[str, str | None]:
    """The canonical role and the local alias it was written as (Wali Nagari -> kepala_desa)."""
    vocab = ruleset.vocabulary
    if role in vocab.roles:
        return role, None
    for key, definition in vocab.roles.items():
        if role in definition.aliases:
            return key, role
    aliases = [a for r in vocab.roles.values() for a in r.aliases]
    raise unknown_term(field, role, [*vocab.roles, *aliases])


def check_terms(incident: Incident, ruleset: RuleSet) -> None:
    """Every vocabulary term of the incident, all problems at once."""
    vocab = ruleset.vocabulary
    problems: list[IncidentError] = []
    elections = ruleset.elections.elections
    key = incident.election.key
    election = elections.get(key)
    if election is None:
        problems.append(unknown_term("election.key", key, list(elections), "incident.unknown_election"))
    elif incident.election.contest not in election.contests:
        problems.append(
            unknown_term(
                "election.contest", incident.election.contest, election.contests, "incident.contest_not_in_election"
            )
        )
    if incident.event.phase is not None and incident.event.phase not in vocab.phases:
        problems.append(unknown_term("event.phase", incident.event.phase, list(vocab.phases)))
    multi = incident.respondents is not None
    for i, person in enumerate(incident.parties()):
        where = f"respondents[{i}]" if multi else "respondent"
        try:
            resolve_role(ruleset, person.role, f"{where}.role")
        except IncidentError as exc:
            problems.append(exc)
        for name, value, options in (
            ("position_kind", person.position_kind, list(vocab.positions)),
            ("government_level", person.government_level, list(vocab.government_levels)),
            ("election_body", person.election_body, [NO_ELECTION_BODY, *vocab.election_bodies]),
        ):
            if value is not None and value not in options:
                problems.append(unknown_term(f"{where}.{name}", value, options))
        if person.in_office is False and vocab.office is None:
            problems.append(IncidentError("incident.no_outside_role", field=f"{where}.in_office"))
        for j, act in enumerate(person.acts):
            problems.extend(_act_problems(act, f"{where}.acts[{j}]", ruleset, election.contests if election else None))
    for j, act in enumerate(incident.acts):
        problems.extend(_act_problems(act, f"acts[{j}]", ruleset, election.contests if election else None))
    raise_all(problems)


def _act_problems(act: Act, field: str, ruleset: RuleSet, contests: list[str] | None) -> list[IncidentError]:
    vocab = ruleset.vocabulary
    out: list[IncidentError] = []
    if act.type not in vocab.act_types:
        out.append(unknown_term(f"{field}.type", act.type, list(vocab.act_types), "incident.unknown_act_type"))
    if act.contest is not None and contests is not None and act.contest not in contests:
        out.append(unknown_term(f"{field}.contest", act.contest, contests, "incident.contest_not_in_election"))
    if act.phase is not None and act.phase not in vocab.phases:
        out.append(unknown_term(f"{field}.phase", act.phase, list(vocab.phases)))
    for name, value in act.modifiers.items():
        mod = vocab.modifiers.get(name)
        if mod is None:
            out.append(
                IncidentError(
                    "incident.unknown_field",
                    field=f"{field}.{name}",
                    allowed=", ".join([*ACT_FIELDS, *vocab.modifiers]),
                    more=0,
                    hint=did_you_mean(name, [*ACT_FIELDS, *vocab.modifiers]),
                )
            )
            continue
        problem = modifier_problem(mod, value)
        if problem is not None:
            out.append(
                IncidentError(
                    "incident.invalid_value",
                    field=f"{field}.{name}",
                    got=repr(value)[:80],
                    problem_key=f"incident.expect_{problem}",
                    values=", ".join(mod.values),
                    more=0,
                )
            )
    return out


def modifier_problem(mod: Modifier, value: Any) -> str | None:
    """Why `value` is not a valid statement of the modifier (the kind of value expected: bool, one_of,
    whole_number, list_of; its words are the catalogue's `incident.expect_<kind>`), or None; null
    (unknown) is always valid."""
    if value is None:
        return None
    if mod.type == "bool":
        return None if isinstance(value, bool) else "bool"
    if mod.type == "enum":
        return None if isinstance(value, str) and value in mod.values else "one_of"
    if mod.type == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10**15
        return None if ok else "whole_number"
    if not isinstance(value, list) or len(value) > len(mod.values):
        return "list_of"
    if any(not isinstance(v, str) or v not in mod.values for v in value):
        return "list_of"
    return None
