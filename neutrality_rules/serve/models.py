"""Response models of the service (beside the verdict and the incident, which are the library's own).

They are the OpenAPI document's schemas: a case-handling system in another language generates its
client from them, so every field is typed and described.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..verdict import Bilingual, Verdict


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleSetInfo(Out):
    name: str
    version: str
    content_hash: str = Field(description="sha256 of the rule set's files, as in every verdict's provenance")


class VersionInfo(Out):
    nrules: str
    api: str = Field(description="Version of this HTTP API (the path prefix /v1)")
    ruleset: RuleSetInfo
    backend: str = Field(description="The matching engine in use: durable or reference")
    backend_note: Bilingual | None = Field(default=None, description="Why the backend differs from the one asked for")
    incident_schema_version: str
    verdict_schema_version: str
    letter_formats: list[str] = Field(description="Formats POST /v1/letter can produce")


class Health(Out):
    status: Literal["ok"]


class CheckResult(Out):
    """The answer for one incident: one verdict per respondent (today always one)."""

    incident_id: str
    verdicts: list[Verdict] = Field(min_length=1)


class BatchError(Out):
    """One record's error in a batch: the fields of a problem detail, without the HTTP status."""

    code: str
    exit_code: int
    file: str | None
    line: int | None
    field: str | None
    message: str
    expected: str | None
    got: str | None
    suggestion: str | None


class BatchLine(Out):
    """One line of the JSON Lines a batch returns, in input order: verdicts or an error, never both."""

    source: str
    line: int | None = Field(description="1-based line of the record in the request body")
    index: int = Field(description="0-based position of the record among the non-blank lines")
    incident_id: str | None
    verdicts: list[Verdict] | None = None
    error: BatchError | None = None


class Term(Out):
    key: str
    label: Bilingual
    definition: Bilingual | None = None
    note: Bilingual | None = None


class RoleTerm(Term):
    aliases: list[str]
    counts_as: list[str]


class ActTypeTerm(Term):
    subjects: list[str] = Field(description="Roles this act type concerns (groups expanded)")


class ModifierTerm(Term):
    type: Literal["bool", "enum", "set", "int"]
    values: list[str]
    default: bool | str | int | None
    not_mentioned: Literal["false", "unknown", "default"] = Field(
        description="What leaving the modifier out means: false (not alleged), unknown, or the default value"
    )
    aggravating: bool
    informational: bool


class ElectionTerm(Out):
    key: str
    type: Literal["pemilu", "pilkada"]
    title: Bilingual
    contests: list[str]
    window_from: dt.date | None
    window_to: dt.date | None
    determination: dict[str, dt.date]
    campaign_from: dt.date | None
    campaign_to: dt.date | None
    voting_day: dt.date


class Choice(Out):
    key: str
    label: Bilingual


class Vocabulary(Out):
    """The terms an incident may use, with labels in both languages: enough to build a report form."""

    ruleset: RuleSetInfo
    roles: list[RoleTerm]
    positions: list[Term]
    government_levels: list[Term]
    election_bodies: list[Term]
    contests: list[Term]
    elections: list[ElectionTerm]
    phases: list[Term]
    tracks: list[Term]
    act_types: list[ActTypeTerm]
    modifiers: list[ModifierTerm]
    report_channels: list[Choice]
    evidence_kinds: list[Choice]


class RuleSummary(Out):
    id: str
    kind: Literal["violation", "exemption"]
    title: Bilingual
    track: str | None
    tier: str | None
    tier_label: Bilingual | None
    regime: str
    subjects: list[str]
    acts: list[str]
    skb_row: str | None
    file: str


class Provision(Out):
    key: str
    instrument: str
    article: str
    lead_in: str | None
    text: str
    confidence: str
    source: str | None


class FlagText(Out):
    id: str
    severity: str
    text: Bilingual
    reference: str


class RuleDetail(RuleSummary):
    explanation: Bilingual
    in_force_from: dt.date | None
    in_force_to: dt.date | None
    conditions_en: list[str] = Field(description="The conditions in words, one line each (indent = nesting)")
    conditions_id: list[str]
    basis: list[Provision]
    flags: list[FlagText]
    overrides: list[str]
