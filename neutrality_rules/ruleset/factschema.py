"""The facts a rule may test, and their types.

The engine turns each act of an incident into one flat fact document; this module says which paths
that document has and what each may hold. The rule compiler checks every constant against it, because
durable_rules compares a string with a number by reading uninitialised memory, and a typo in a path
would otherwise make a rule silently never fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .models import ElectionsFile, SanctionsFile, VocabularyFile

FactKind = Literal["enum", "bool", "int", "date"]


@dataclass(frozen=True)
class FactType:
    kind: FactKind
    values: tuple[str, ...] = ()
    doc: str = ""


PHASES = ("pre_determination", "pre_campaign", "campaign", "quiet_period", "voting_day", "post_voting")
"""The phases the calendar derives; the vocabulary must label exactly these."""

NO_ELECTION_BODY = "none"
NO_REGIME = "none"
"""The value of regime.<family> on a day no regime of that family is in force: a known fact (nothing
governs), never an unknown that would make a verdict wait for a fact no officer can supply."""


def build_fact_schema(vocab: VocabularyFile, elections: ElectionsFile, sanctions: SanctionsFile) -> dict[str, FactType]:
    schema: dict[str, FactType] = {
        "subject.role": FactType("enum", tuple(vocab.roles), "the respondent's role (aliases resolved)"),
        "subject.position": FactType("enum", tuple(vocab.positions), "kind of position held"),
        "subject.government_level": FactType("enum", tuple(vocab.government_levels), "level of the instansi"),
        "subject.election_body": FactType(
            "enum", (NO_ELECTION_BODY, *vocab.election_bodies), "election body the respondent sits on"
        ),
        "election.key": FactType("enum", tuple(elections.elections), "the election (calendar key)"),
        "election.type": FactType("enum", ("pemilu", "pilkada"), "Pemilu or Pilkada"),
        "election.contest": FactType("enum", tuple(vocab.contests), "the contest concerned"),
        "phase": FactType("enum", PHASES, "the election phase on the date of the act"),
        "after_determination": FactType("bool", doc="on or after the candidate determination date"),
        "in_campaign": FactType("bool", doc="within the official campaign period"),
        "date": FactType("date", doc="the date of the act"),
        "act.type": FactType("enum", tuple(vocab.act_types), "the act type"),
    }
    families = sorted({r.family for r in sanctions.regimes.values()})
    for family in families:
        ids = tuple(k for k, r in sanctions.regimes.items() if r.family == family)
        schema[f"regime.{family}"] = FactType("enum", (*ids, NO_REGIME), f"the {family} regime that governs")
    for name, mod in vocab.modifiers.items():
        if mod.type == "bool":
            schema[f"act.{name}"] = FactType("bool", doc=mod.label.en)
        elif mod.type == "enum":
            schema[f"act.{name}"] = FactType("enum", tuple(mod.values), mod.label.en)
        elif mod.type == "int":
            schema[f"act.{name}"] = FactType("int", doc=mod.label.en)
        else:
            for value in mod.values:
                schema[f"act.{name}.{value}"] = FactType("bool", doc=f"{mod.label.en}: {value}")
    return schema
