"""The verdict: what nrules concluded about one incident, and everything needed to check it.

A verdict is self-contained: it quotes the provisions it rests on, names the facts that satisfied
each condition, says what would have changed the outcome, who acts next, and which rule set and
engine produced it. Its JSON form is versioned (`schema_version`) and published as a JSON Schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

VERDICT_SCHEMA_VERSION = "2.0"

Status = Literal["violation", "no_violation", "not_determinable"]
Certainty = Literal["definite", "possible"]
FactValue = str | int | bool | None


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Out):
    en: str
    id: str


class BasisOut(Out):
    key: str
    instrument: str
    article: str
    lead_in: str | None
    text: str
    confidence: str
    source: str | None


class FactCheck(Out):
    """One condition of a rule, and the fact of the incident it was checked against."""

    fact: str
    label: Bilingual
    test: str
    expected: list[FactValue]
    actual: FactValue
    origin: Literal["stated", "not_mentioned", "derived", "unknown", "assumed"]
    """stated by the report; not mentioned (the vocabulary says what that means); derived (phase,
    regime); unknown; or assumed: one value an open fact could take, in a possible finding."""
    holds: bool | None


class FlagOut(Out):
    id: str
    severity: str
    text: Bilingual
    reference: str
    raised_by: list[str]


class OpenValue(Out):
    """One value (or span of days) an open fact takes in a scenario."""

    fact: str
    label: Bilingual
    value: Bilingual
    first: dt.date | None = None
    last: dt.date | None = None
    raw: FactValue = None


class Finding(Out):
    rule_id: str
    kind: Literal["violation", "exemption"]
    certainty: Certainty
    holds_when: list[list[OpenValue]]
    """For a possible finding: the combinations of open facts under which it applies (any of them)."""
    act_index: int
    act_type: str
    act_date: dt.date | None
    phase: str
    title: Bilingual
    explanation: Bilingual
    track: str | None
    tier: str | None
    tier_label: Bilingual | None
    card_tier: str | None
    basis: list[BasisOut]
    facts: list[FactCheck]
    flags: list[str]
    skb_row: str | None
    pledge: int | None
    rule_file: str


class SanctionOptionOut(Out):
    id: str
    label: Bilingual
    basis: list[str]
    excluded_by_repeat: bool = False


class OptionSetOut(Out):
    id: str
    status: Literal["in_force", "pending"]
    options: list[SanctionOptionOut]
    basis: list[str]
    flags: list[str]
    note: Bilingual | None


class BodyOut(Out):
    step: str
    body: str
    label: Bilingual
    basis: list[str]
    flags: list[str]
    note: Bilingual | None


class DeadlineOut(Out):
    """A time limit, with its dates where the incident gives them: `starts_on` (the event it runs
    from), `due`, `done_on` (the step it limits, e.g. the report received) and `late_by_days`."""

    id: str
    label: Bilingual
    amount: int
    unit: str
    from_event: str
    due: dt.date | None
    basis: list[str]
    confidence: str
    starts_on: dt.date | None = None
    met_by: str | None = None
    done_on: dt.date | None = None
    late_by_days: int | None = None
    flags: list[str] = []


class Escalation(Out):
    applied: bool
    prior_tier: str | None
    prior_option: str | None
    basis: list[str]
    note: Bilingual


class PossibleTier(Out):
    """A heavier outcome on a track that some completions of the open facts lead to."""

    track: str
    tier: str
    tier_label: Bilingual
    when: list[list[OpenValue]]


class TrackSanction(Out):
    track: str
    certainty: Certainty
    """definite: holds whatever the open facts are (the certain floor); possible: only in some cases."""
    possible_heavier: list[PossibleTier]
    track_label: Bilingual
    regime: str | None
    tier: str
    tier_label: Bilingual
    law_label: Bilingual
    card_tier: str
    decided_by: list[str]
    option_sets: list[OptionSetOut]
    escalation: Escalation | None
    already_sanctioned: bool
    route: list[BodyOut]
    deadlines: list[DeadlineOut]
    basis: list[str]
    notes: list[Bilingual]


class HeadlineEntry(Out):
    """One track's consequence; tracks are parallel lines of consequence, listed, never ranked."""

    track: str
    track_label: Bilingual
    tier: str
    tier_label: Bilingual
    card_tier: str
    certainty: Certainty
    on_scale: bool


class Headline(Out):
    tier: str
    """The heaviest certain tier on the severity scale (kode etik, discipline, dismissal, village);
    when there is none, the first certain referral (criminal, TNI/Polri); `none` when no consequence."""
    card_tier: str
    label: Bilingual
    """Every certain consequence, one per track, in the rule set's track order."""
    criminal_referral: bool
    tracks: list[str]
    entries: list[HeadlineEntry]


class OpenOutcome(Out):
    value: Bilingual
    status: Status
    summary: Bilingual


class OpenQuestion(Out):
    """A fact the report leaves open that decides the outcome: what each of its values would lead to."""

    fact: str
    label: Bilingual
    act_indexes: list[int]
    rule_ids: list[str]
    """The rules whose application it decides."""
    unknown_facts: list[str]
    """The fact paths behind it (act.<modifier>, phase, date, regime.<family>, subject.role)."""
    outcomes: list[OpenOutcome]


class OpenFact(Out):
    """A fact the report leaves open (a date known only to the month, an unknown modifier...)."""

    fact: str
    label: Bilingual
    act_indexes: list[int]
    reported: Bilingual


class ScenarioTrack(Out):
    track: str
    tier: str
    tier_label: Bilingual


class Scenario(Out):
    """One outcome the open facts could lead to, and the facts that lead to it (any of the lists)."""

    when: list[list[OpenValue]]
    status: Status
    summary: Bilingual
    tracks: list[ScenarioTrack]
    rule_ids: list[str]


class NearMiss(Out):
    """A rule all of whose conditions held but one: what would have changed the outcome."""

    rule_id: str
    act_index: int
    title: Bilingual
    failed: FactCheck
    would_be_track: str | None
    would_be_tier: str | None
    explanation: Bilingual


class Overridden(Out):
    rule_id: str
    act_index: int
    by: str


class ActOut(Out):
    index: int
    type: str
    type_label: Bilingual
    date: dt.date | None
    """The day of the act when the report gives one exact day."""
    date_reported: Bilingual | None
    """The date as reported (a month, a range, a phase, unknown) when it is not one day."""
    first_day: dt.date | None
    last_day: dt.date | None
    phase: str | None
    phase_label: Bilingual | None
    phases: list[str]
    """Every phase the act could fall in (one when the date decides it)."""
    contest: str
    determination_date: dt.date
    after_determination: bool | None
    regimes: dict[str, str | None]
    covered: bool
    undisclosed: bool


class RespondentOut(Out):
    index: int
    role: str
    role_label: Bilingual
    role_alias: str | None
    name: str | None
    jabatan: str | None
    instansi: str | None
    in_office: bool | None


class ContextOut(Out):
    election: str
    election_title: Bilingual
    election_type: str
    contest: str
    determination_date: dt.date
    campaign_from: dt.date
    campaign_to: dt.date
    voting_day: dt.date
    role: str
    role_label: Bilingual
    role_alias: str | None
    position_kind: str | None
    acts: list[ActOut]


class RuleSetRef(Out):
    name: str
    version: str
    content_hash: str


class Provenance(Out):
    nrules_version: str
    verdict_schema_version: str
    ruleset: RuleSetRef
    backend: str
    backend_note: Bilingual | None
    law_as_of: dt.date
    law_as_of_source: str


# ---------------------------------------------------------------- decided outcome vs the law (issue 16)
LineResult = Literal["aligned", "lighter", "heavier", "not_comparable", "not_recorded"]
ComparisonResult = Literal["aligned", "lighter", "heavier", "different_track", "mixed", "not_comparable"]


class SanctionRef(Out):
    """One side of a comparison: a track and tier (and option), named as the law names them."""

    track: str
    tier: str | None
    option: str | None
    label: Bilingual
    severity: int | None
    """Position on the one scale of sanctions.yaml; None when the tier is off the scale (referrals)."""


class LineComparison(Out):
    """Prescribed and decided on one consequence line (kode etik and discipline are one line; every
    other track is its own), and how they relate."""

    line: str
    result: LineResult
    prescribed: SanctionRef | None
    decided: SanctionRef | None
    explanation: Bilingual
    notes: list[Bilingual]


class Comparison(Out):
    """The decided outcome (incident.decision) set against what the law prescribes (this verdict):
    never silent: a comparison that cannot be made says why (`reason`)."""

    result: ComparisonResult
    reason: str
    """Why this result, as a code: e.g. same_tier, lighter_tier, nothing_imposed, pending, not_determinable."""
    explanation: Bilingual
    outcome: str
    stage: str | None
    decided_by: str | None
    decided_by_label: Bilingual | None
    decided_on: dt.date | None
    number: str | None
    decided: list[SanctionRef]
    """What the decision imposed, in the law's terms (the option decides the tier), whatever the result."""
    lines: list[LineComparison]
    unknown_facts: list[str]
    recommendation_result: ComparisonResult | None
    """The preceding recommendation (KASN/BKN) set against the law, when the decision records one."""
    followed_recommendation: LineResult | None
    """The decision set against that recommendation: aligned (followed), lighter or heavier."""


class Verdict(Out):
    verdict_schema_version: str = VERDICT_SCHEMA_VERSION
    incident_id: str
    respondent: RespondentOut
    status: Status
    summary: Bilingual
    headline: Headline
    context: ContextOut
    findings: list[Finding]
    exemptions: list[Finding]
    sanctions: list[TrackSanction]
    scenarios: list[Scenario]
    """Empty when the outcome is the same whatever the open facts are; else one entry per outcome."""
    open_questions: list[OpenQuestion]
    not_needed: list[OpenFact]
    """Open facts the outcome did not depend on ("the exact date was not needed")."""
    near_misses: list[NearMiss]
    overridden: list[Overridden]
    flags: list[FlagOut]
    provenance: Provenance
    comparison: Comparison | None = None
    """The decided outcome compared with the law, when the incident records a decision (compare.py)."""

    def to_json(self) -> str:
        """Canonical JSON: the same input always gives the same bytes."""
        return self.model_dump_json(indent=2) + "\n"
