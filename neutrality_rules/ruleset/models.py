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
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


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
    id_names: list[Key] = []
    """Indonesian names an incident may use instead of the key (`pemberian_barang` for giving_goods);
    read as the key itself, never shown back. Declared here, never in code."""


class Role(Term):
    counts_as: list[Key] = []
    aliases: list[Key] = []


class ActType(Term):
    subjects: list[Key]
    examples: list[str] = []
    undisclosed: bool = False
    """The act itself is not yet known (a report that names no act): no rule can decide it, so a verdict
    with such an act says what must be found out instead of "no violation"."""
    flags: list[Key] = []
    """Flags every verdict about an act of this type raises, whoever the respondent and whatever rule
    decides it: a note the law attaches to the act itself (false news and hate speech may be crimes
    under general law nrules does not model), which must not depend on which regime the respondent is in."""


UNKNOWN = "unknown"


class Modifier(Term):
    """A fact about an act that rules may test, and what a report that does not mention it means.

    `not_mentioned` is declared per modifier because silence means different things: nobody who
    reports a rally alleges that the official car was used, so an aggravating fact that is not
    mentioned is false; but a fact a rule needs in order to apply at all (was the photo posted to
    support the candidate?) is unknown until someone establishes it. (`default` is the older name.)"""

    type: Literal["bool", "enum", "set", "int"]
    values: list[Key] = []
    not_mentioned: bool | str | None = None
    value_id_names: dict[Key, list[Key]] = {}
    """Indonesian names of the values of an enum or set modifier, value -> names."""
    value_labels: dict[Key, Text] = {}
    """Words for the values of an enum or set modifier, for interviews, verdicts and letters."""
    default: bool | str | int | None = None
    aggravating: bool = False
    informational: bool = False

    @model_validator(mode="after")
    def _values(self) -> Modifier:
        if self.type in ("enum", "set") and not self.values:
            raise ValueError(f"a {self.type} modifier lists its values")
        if self.not_mentioned is not None and self.default is not None:
            raise ValueError("give `not_mentioned` only (`default` is its older name)")
        meaning = self.absent
        if self.type == "bool" and meaning not in (True, False, UNKNOWN):
            raise ValueError("not_mentioned of a yes/no modifier is true, false or unknown")
        if self.type == "enum" and meaning != UNKNOWN and meaning not in self.values:
            raise ValueError(f"not_mentioned must be one of {self.values} or unknown")
        if self.type == "set" and meaning not in ("none", UNKNOWN):
            raise ValueError("not_mentioned of a set modifier is none (an empty set) or unknown")
        if self.type == "int" and meaning != UNKNOWN:
            raise ValueError("not_mentioned of a number is unknown")
        stray_names = sorted(set(self.value_id_names) - set(self.values))
        if stray_names:
            raise ValueError(f"value_id_names names values the modifier does not have: {', '.join(stray_names)}")
        stray = set(self.value_labels) - set(self.values)
        if stray:
            raise ValueError(f"value_labels name values the modifier does not list: {sorted(stray)}")
        return self

    @property
    def absent(self) -> bool | str:
        """What a report that does not mention this modifier means: a value, `none` (sets) or `unknown`."""
        if self.not_mentioned is not None:
            return self.not_mentioned
        if self.default is None:
            return UNKNOWN
        assert isinstance(self.default, bool | str)
        return self.default


class OfficeFact(Term):
    """Whether the respondent held the office on the day of the act, and who they are if not.

    A report names a person by their office; a duty of neutrality binds the office holder, so a
    respondent who no longer (or not yet) held it is judged as `outside_role`."""

    not_mentioned: bool | Literal["unknown"] = True
    outside_role: Key


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
    office: OfficeFact | None = None


# ---------------------------------------------------------------- elections.yaml
class SourceRef(Strict):
    what: str
    ref: str
    confidence: Confidence
    note: str | None = None


class Round(Strict):
    """A later round of an election: a second round, or a re-vote (pemungutan suara ulang) ordered after
    voting day. It extends the days an act can be tied to the election (up to `to`, or its voting day), and
    when it has dates of its own (campaign, quiet period, voting day) the engine derives the phase of an act
    from them for the contests and regions it names."""

    what: str
    scope: str | None = None
    """Who or where, in words (the TPS, regions or contests concerned)."""
    regions: list[str] = []
    """Region names that identify the round in an incident's `election.region` (case-insensitive, matched as
    words: "jakarta" matches "Provinsi DKI Jakarta"). Empty: everywhere the election is held."""
    contests: list[Key] = []
    """The contests re-run; empty: every contest of the election."""
    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None
    determination: dt.date | None = None
    campaign: Window | None = None
    quiet_period: Window | None = None
    voting_day: dt.date | None = None
    confidence: Confidence
    note: str | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Round:
        if self.from_ is None and self.campaign is None and self.voting_day is None:
            raise ValueError(f"round {self.what!r}: give `from`, a campaign or a voting day")
        if self.campaign is not None and (self.campaign.from_ is None or self.campaign.to is None):
            raise ValueError(f"round {self.what!r}: a campaign period has both ends")
        camp_to = self.campaign.to if self.campaign is not None else None
        if camp_to is not None and self.voting_day is not None and not camp_to < self.voting_day:
            raise ValueError(f"round {self.what!r}: voting day is not after the campaign")
        if self.from_ and self.to and self.to < self.from_:
            raise ValueError(f"round {self.what!r} ends ({self.to}) before it starts ({self.from_})")
        return self

    @property
    def start(self) -> dt.date:
        """The first day of the round: `from`, else the first day of its campaign, else its voting day."""
        days = [d for d in (self.from_, self.campaign.from_ if self.campaign else None, self.voting_day) if d]
        return min(days)

    @property
    def end(self) -> dt.date:
        """The last day of the round: `to`, else its voting day, else the end of its campaign."""
        days = [d for d in (self.to, self.voting_day, self.campaign.to if self.campaign else None) if d]
        return max(days)


class Election(Strict):
    type: Literal["pemilu", "pilkada"]
    title: Text
    window: Window
    """The KPU's stages (tahapan), from their first day to the last (the oath of those elected)."""
    candidacy_from: dt.date | None = None
    """The first day an act can be tied to this election when the candidacy process (a party's screening
    of prospective candidates, an independent candidate's collection of support) starts before the KPU's
    stages: acts from this day to window.from are before the determination of candidates."""
    contests: list[Key]
    determination: dict[Key, dt.date]
    campaign: Window
    campaign_from: dict[Key, dt.date] = {}
    """A contest whose campaign starts later than `campaign.from` (UU 8/2012 Pasal 83(1): three days after
    the contestant is determined as Peserta Pemilu, which for the DPD is the candidate himself)."""
    quiet_period: Window
    voting_day: dt.date
    sources: list[SourceRef] = []
    confidence: Confidence
    note: str | None = None
    flags: list[Key] = []
    """Raised on every verdict about this election (what its law of the day has that nrules does not model)."""
    second_round: Round | None = None
    re_votes: list[Round] = []
    # informational: recorded with their sources, not used to derive phases
    other_dates: list[dict[str, Any]] = []
    superseded: dict[str, Any] | None = None

    def campaign_start(self, contest: str) -> dt.date:
        start = self.campaign_from.get(contest, self.campaign.from_)
        assert start is not None  # validated
        return start

    @property
    def rounds(self) -> list[Round]:
        return [*([self.second_round] if self.second_round else []), *self.re_votes]

    @property
    def span(self) -> Window:
        """Every day an act can be tied to the election: from the candidacy process (or the stages) to the
        end of the stages or of the last re-vote, whichever is later."""
        start = self.candidacy_from or self.window.from_
        assert self.window.to is not None  # validated
        end = max([self.window.to, *(r.end for r in self.rounds)])
        return Window.model_validate({"from": start, "to": end})

    @model_validator(mode="after")
    def _coherent(self) -> Election:
        if self.window.from_ is None or self.window.to is None:
            raise ValueError("an election window has both ends")
        if self.candidacy_from is not None and self.candidacy_from > self.window.from_:
            raise ValueError("candidacy_from is after the window starts: leave it out")
        missing = [c for c in self.contests if c not in self.determination]
        if missing:
            raise ValueError(f"no determination date for contest(s) {', '.join(missing)}")
        camp = self.campaign
        if camp.from_ is None or camp.to is None:
            raise ValueError("a campaign period has both ends")
        for contest, day in self.campaign_from.items():
            if contest not in self.contests:
                raise ValueError(f"campaign_from names {contest}, not a contest of this election")
            if not camp.from_ <= day <= camp.to:
                raise ValueError(f"campaign_from of {contest} ({day}) is outside the campaign period")
        for contest, day in self.determination.items():
            if contest in self.contests and day > self.campaign_start(contest):
                raise ValueError(f"determination of {contest} ({day}) is after its campaign starts")
        if self.quiet_period.from_ and self.quiet_period.from_ <= camp.to:
            raise ValueError("the quiet period starts before the campaign ends")
        if not (camp.to < self.voting_day):
            raise ValueError("voting day is not after the campaign")
        if not (self.window.contains(self.voting_day) and self.window.contains(camp.from_)):
            raise ValueError("the window does not contain the campaign and voting day")
        for r in self.rounds:
            if r.start <= self.voting_day:
                raise ValueError(f"round {r.what!r} starts on or before the first voting day")
            unknown = [c for c in r.contests if c not in self.contests]
            if unknown:
                raise ValueError(f"round {r.what!r} names contest(s) not in this election: {', '.join(unknown)}")
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


# ---------------------------------------------------------------- declarations.yaml
class Declaration(Strict):
    """Why no rule applies to some act types, for some subjects, on some tracks and elections: the
    other half of the coverage audit (`nrules rules audit`). A rule decides a cell; a declaration says,
    citing the law, why nothing does."""

    id: Key
    tracks: list[Key] = Field(min_length=1)
    subjects: list[Key] = Field(min_length=1)
    acts: list[str] = Field(min_length=1)
    """Act types, `@group` names from `act_groups`, or `*` for every act type."""
    elections: list[Literal["pemilu", "pilkada"]] = ["pemilu", "pilkada"]
    reason: Text
    basis: list[Key] = []
    exemption: str | None = None
    """An exemption rule that states the same reason in a verdict, when there is one."""
    flags: list[Key] = []


class ArticleDeclaration(Strict):
    subjects: list[Key] = Field(min_length=1)
    reason: Text


class CriminalArticle(Strict):
    """An election-crime article and the subjects its text names: the audit shows, for each, the rules
    that apply it and why the others do not."""

    id: Key
    title: Text
    election: Literal["pemilu", "pilkada"]
    provisions: list[Key] = Field(min_length=1)
    names: list[Key] = []
    names_note: Text | None = None
    """Who the text names that nrules has no role for (a candidate, a campaign team)."""
    declared: list[ArticleDeclaration] = []


class NotModelled(Strict):
    """Law of the day that nrules does not model: for these subjects and act types, on acts dated within
    `in_force`, the coverage check reports no gap; the flag, raised in the verdict (by the election or a
    rule), tells the reader which law to apply instead."""

    id: Key
    subjects: list[Key] = Field(min_length=1)
    acts: list[str] = Field(min_length=1)
    """Act types, `@group` names from `act_groups`, or `*` for every act type."""
    in_force: Window
    reason: Text
    flag: Key


class DeclarationsFile(Strict):
    act_groups: dict[Key, list[Key]] = {}
    declarations: list[Declaration] = []
    criminal_articles: list[CriminalArticle] = []
    not_modelled: list[NotModelled] = []


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
    absorbed_by: Key | None = None
    """A track that absorbs this finding when the same incident has a finding on it: the finding then
    counts towards that track's one sanction instead of giving its own (PP 94 Pasal 35(1): a breach of
    Pasal 5 with no tier of its own is one of the 'beberapa Pelanggaran Disiplin' of one examination)."""


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
