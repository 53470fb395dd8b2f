"""The verdict: what nrules concluded about one incident, and everything needed to check it.

A verdict is self-contained: it quotes the provisions it rests on, names the facts that satisfied
each condition, says what would have changed the outcome, who acts next, and which rule set and
engine produced it. Its JSON form is versioned (`schema_version`) and published as a JSON Schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

VERDICT_SCHEMA_VERSION = "1.0"

Status = Literal["violation", "no_violation", "not_determinable"]
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
    origin: Literal["stated", "default", "derived", "unknown"]
    holds: bool | None


class FlagOut(Out):
    id: str
    severity: str
    text: Bilingual
    reference: str
    raised_by: list[str]


class Finding(Out):
    rule_id: str
    kind: Literal["violation", "exemption"]
    act_index: int
    act_type: str
    act_date: dt.date
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


class TrackSanction(Out):
    track: str
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


class Headline(Out):
    tier: str
    card_tier: str
    label: Bilingual
    criminal_referral: bool
    tracks: list[str]


class OpenQuestion(Out):
    """A rule that would apply if facts now unknown were established (status not_determinable)."""

    rule_id: str
    act_index: int
    title: Bilingual
    unknown_facts: list[str]
    unknown_fact_labels: list[Bilingual]
    would_be_track: str | None
    would_be_tier: str | None


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
    date: dt.date
    phase: str
    phase_label: Bilingual
    contest: str
    determination_date: dt.date
    after_determination: bool
    regimes: dict[str, str | None]
    covered: bool


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
    status: Status
    summary: Bilingual
    headline: Headline
    context: ContextOut
    findings: list[Finding]
    exemptions: list[Finding]
    sanctions: list[TrackSanction]
    open_questions: list[OpenQuestion]
    near_misses: list[NearMiss]
    overridden: list[Overridden]
    flags: list[FlagOut]
    provenance: Provenance
    comparison: Comparison | None = None
    """The decided outcome compared with the law, when the incident records a decision (compare.py)."""

    def to_json(self) -> str:
        """Canonical JSON: the same input always gives the same bytes."""
        return self.model_dump_json(indent=2) + "\n"
