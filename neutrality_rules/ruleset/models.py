"""The shape of every rule-set file, validated by pydantic on load.

These models are the contract between rule authors and the engine: anything a YAML file may say is
declared here, and nothing else is accepted (unknown keys are errors). Law lives in the YAML; these
classes only say what a well-formed piece of law-as-data looks like.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

KEY_RE = r"^[a-z0-9][a-z0-9_.-]*$"
RULE_ID_RE = r"^[a-z0-9][a-z0-9_.:-]{0,126}$"
Key = Annotated[str, Field(pattern=KEY_RE, max_length=120)]
Confidence = Literal["VV", "VQ", "PS", "U"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(Strict):
    """A sentence in both languages; nrules never shows a message in one language only."""

    en: Annotated[str, Field(min_length=1, max_length=4000)]
    id: Annotated[str, Field(min_length=1, max_length=4000)]

    def get(self, lang: str) -> str:
        return self.id if lang == "id" else self.en


class Window(Strict):
    """A closed interval of days; open ends are None."""

    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.from_ and self.to and self.to < self.from_:
            raise ValueError(f"window ends ({self.to}) before it starts ({self.from_})")
        return self

    def contains(self, day: dt.date) -> bool:
        return (self.from_ is None or day >= self.from_) and (self.to is None or day <= self.to)

    def overlaps(self, other: Window) -> bool:
        lo = max(self.from_ or dt.date.min, other.from_ or dt.date.min)
        hi = min(self.to or dt.date.max, other.to or dt.date.max)
        return lo <= hi


# ---------------------------------------------------------------- sources.yaml
class Instrument(Strict):
    short: str
    title: str
    kind: Literal["uu", "pp", "perpres", "permen", "perban", "skb", "se", "putusan_mk", "perbawaslu", "pkpu", "other"]
    enacted: dt.date | None = None
    promulgated: dt.date | None = None
    in_force_from: dt.date | None = None
    in_force_to: dt.date | None = None
    gazette: str | None = None
    source: str | None = None
    confidence: Confidence
    note: str | None = None


class Provision(Strict):
    instrument: Key
    article: str
    lead_in: str | None = None
    text: Annotated[str, Field(min_length=1)]
    confidence: Confidence
    source: str | None = None
    note: str | None = None


class SourcesFile(Strict):
    instruments: dict[Key, Instrument]
    provisions: dict[Key, Provision]


# ---------------------------------------------------------------- vocabulary.yaml
class Term(Strict):
    label: Text
    definition: Text | None = None
    basis: list[Key] = []
    note: Text | None = None


class Role(Term):
    counts_as: list[Key] = []
    aliases: list[Key] = []


class ActType(Term):
    subjects: list[Key]
    examples: list[str] = []


class Modifier(Term):
    type: Literal["bool", "enum", "set", "int"]
    values: list[Key] = []
    value_labels: dict[Key, Text] = {}
    """Words for the values of an enum or set modifier, for interviews, verdicts and letters."""
    default: bool | str | int | None = None
    aggravating: bool = False
    informational: bool = False

    @model_validator(mode="after")
    def _values(self) -> Modifier:
        if self.type in ("enum", "set") and not self.values:
            raise ValueError(f"a {self.type} modifier lists its values")
        if self.type == "set" and self.default is not None:
            raise ValueError("a set modifier has no default (absent means unknown, [] means none)")
        stray = set(self.value_labels) - set(self.values)
        if stray:
            raise ValueError(f"value_labels name values the modifier does not list: {sorted(stray)}")
        return self


class VocabularyFile(Strict):
    roles: dict[Key, Role]
    groups: dict[Key, list[Key]] = {}
    positions: dict[Key, Term]
    government_levels: dict[Key, Term]
    election_bodies: dict[Key, Term]
    contests: dict[Key, Term]
    phases: dict[Key, Term]
    tracks: dict[Key, Term]
    act_types: dict[Key, ActType]
    modifiers: dict[Key, Modifier]
    channels: dict[Key, Term] = {}


# ---------------------------------------------------------------- elections.yaml
class SourceRef(Strict):
    what: str
    ref: str
    confidence: Confidence
    note: str | None = None


class Election(Strict):
    type: Literal["pemilu", "pilkada"]
    title: Text
    window: Window
    contests: list[Key]
    determination: dict[Key, dt.date]
    campaign: Window
    quiet_period: Window
    voting_day: dt.date
    sources: list[SourceRef] = []
    confidence: Confidence
    note: str | None = None
    # informational: recorded with their sources, not yet used to derive phases (see README)
    second_round: dict[str, Any] | None = None
    re_votes: list[dict[str, Any]] = []
    other_dates: list[dict[str, Any]] = []
    superseded: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Election:
        if self.window.from_ is None or self.window.to is None:
            raise ValueError("an election window has both ends")
        missing = [c for c in self.contests if c not in self.determination]
        if missing:
            raise ValueError(f"no determination date for contest(s) {', '.join(missing)}")
        camp = self.campaign
        if camp.from_ is None or camp.to is None:
            raise ValueError("a campaign period has both ends")
        for contest, day in self.determination.items():
            if day > camp.from_:
                raise ValueError(f"determination of {contest} ({day}) is after the campaign starts")
        if self.quiet_period.from_ and self.quiet_period.from_ <= camp.to:
            raise ValueError("the quiet period starts before the campaign ends")
        if not (camp.to < self.voting_day):
            raise ValueError("voting day is not after the campaign")
        if not (self.window.contains(self.voting_day) and self.window.contains(camp.from_)):
            raise ValueError("the window does not contain the campaign and voting day")
        return self


class ElectionsFile(Strict):
    elections: dict[Key, Election]


# ---------------------------------------------------------------- sanctions.yaml
class Tier(Strict):
    track: Key
    severity: Annotated[int, Field(ge=0, le=100)]
    card: str
    label: Text
    law: Text
    on_scale: bool = True


class TrackDef(Strict):
    label: Text
    combine: Literal["heaviest", "all"]
    tiers: list[Key]
    line: Key | None = None
    """Tracks on one line are one consequence for the same conduct (default: the track itself)."""


class Regime(Strict):
    family: Key
    title: Text
    instrument: Key
    in_force: Window
    keyed_on: Literal["act_date", "law_date"]
    keyed_on_basis: list[Key] = []
    multiple_basis: list[Key] = []
    repeat_basis: list[Key] = []
    double_basis: list[Key] = []
    flags: list[Key] = []
    earlier_act_flags: list[Key] = []
    """Raised when the regime, chosen by the law date, governs an act committed before it came into force."""


class SanctionOption(Strict):
    id: Key
    label: Text
    basis: list[Key]


class OptionSet(Strict):
    id: Key
    regime: Key
    tier: Key
    status: Literal["in_force", "pending"] = "in_force"
    in_force: Window = Window()
    options: list[SanctionOption]
    basis: list[Key]
    flags: list[Key] = []
    note: Text | None = None


class SanctionsFile(Strict):
    tracks: dict[Key, TrackDef]
    tiers: dict[Key, Tier]
    regimes: dict[Key, Regime]
    option_sets: list[OptionSet]


# ---------------------------------------------------------------- authorities.yaml
class Body(Strict):
    label: Text
    basis: list[Key] = []
    note: Text | None = None
    addressee: Text | None = None
    """How a letter addresses the body ("Kepala Badan Kepegawaian Negara"); the label when absent."""
    seat: str | None = None
    """Where a letter to the body is sent ("Jakarta"); "di Tempat" when absent."""


class RouteEntry(Strict):
    """Who acts at one step, for which tracks, subjects, positions, tiers and dates."""

    id: Key
    step: Literal["recommends", "imposes", "refers_to", "investigates"]
    body: Key
    tracks: list[Key]
    subjects: list[Key] | None = None
    positions: list[Key] | None = None
    government_levels: list[Key] | None = None
    tiers: list[Key] | None = None
    election_types: list[Literal["pemilu", "pilkada"]] | None = None
    in_force: Window = Window()
    basis: list[Key]
    flags: list[Key] = []
    note: Text | None = None


class Deadline(Strict):
    """A time limit of the procedure. `from_event` starts it; `met_by` names the event that must fall
    within it (a report received within 7 days of the act becoming known), and `late_flag` the flag a
    verdict raises when the incident shows that event after the due date."""

    id: Key
    label: Text
    tracks: list[Key]
    election_types: list[Literal["pemilu", "pilkada"]] | None = None
    amount: Annotated[int, Field(ge=1, le=3650)]
    unit: Literal["hari", "hari_kerja", "bulan"]
    from_event: Literal[
        "date_known", "report_received", "recommendation_received", "summons", "decision_issued", "decision_received"
    ]
    met_by: Literal["report_received"] | None = None
    late_flag: Key | None = None
    basis: list[Key]
    confidence: Confidence
    flags: list[Key] = []


class AuthoritiesFile(Strict):
    bodies: dict[Key, Body]
    routes: list[RouteEntry]
    deadlines: list[Deadline] = []


# ---------------------------------------------------------------- flags.yaml
class FlagDef(Strict):
    """A named doubt: where the sources disagree or are silent and the rule encodes a best reading."""

    text: Text
    reference: str
    severity: Literal["info", "doubt", "gap"] = "doubt"
    engine: bool = False
    """Raised by the engine itself (law date assumed, act not covered...), not by a rule file."""


class FlagsFile(Strict):
    flags: dict[Key, FlagDef]


# ---------------------------------------------------------------- ruleset.yaml
class RuleSetMeta(Strict):
    name: str
    version: str
    title: Text
    description: Text | None = None
    layer: Literal["base", "addition"] = "base"


# ---------------------------------------------------------------- rule files
class Outcome(Strict):
    track: Key
    tier: Key


class Rule(Strict):
    id: Annotated[str, Field(pattern=RULE_ID_RE)]
    kind: Literal["violation", "exemption"] = "violation"
    title: Text
    explanation: Text
    regime: Key
    subjects: list[Key] = Field(min_length=1)
    acts: list[Key] = Field(min_length=1)
    in_force: Window = Window()
    when: Any = None
    outcome: Outcome | None = None
    basis: list[Key] = Field(min_length=1)
    skb_row: str | None = None
    pledge: int | None = None
    flags: list[Key] = []
    overrides: list[Annotated[str, Field(pattern=RULE_ID_RE)]] = []
    nature: Key = "political_neutrality"

    @model_validator(mode="after")
    def _outcome_matches_kind(self) -> Rule:
        if self.kind == "violation" and self.outcome is None:
            raise ValueError("a violation rule states its outcome (track and tier)")
        if self.kind == "exemption" and self.outcome is not None:
            raise ValueError("an exemption rule has no outcome")
        return self

    @field_validator("subjects", "acts", "basis", "flags", "overrides")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each entry once")
        return value


class RuleFile(Strict):
    rules: list[Rule]


def is_rule_id(text: str) -> bool:
    return re.fullmatch(RULE_ID_RE, text) is not None
