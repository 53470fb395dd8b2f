"""The incident: what a case officer knows about one reported act or set of acts.

Shaped after the forms already in use (Bawaslu Formulir Model B.1, BKN's SBT, KASN's clarification
requests; REFERENCE 14.5.6) so a case-handling system can hand over what it holds, beside the
structured acts the rules need. Validation is strict: unknown fields are errors, dates are ISO days,
text is bounded and free of characters that would corrupt the engine's JSON. Act types, roles and
other terms are checked against the loaded vocabulary later (context.py), so a province's rule set
can extend them without a code change.

Real reports carry partial facts, so the model lets an officer enter a report as it is:
- dates as reported: a day, a month, a year, a range, a stated phase with no date, or nothing at all;
  the context stage turns each into the set of days it allows, never into one invented day;
- modifiers on an act (declared by the rule set's vocabulary, not here, so a new one is a data change)
  have three states: `true`/`false` stated, `null` alleged but not established, absent not mentioned
  (the vocabulary declares what "not mentioned" means for each);
- several respondents in one report (one verdict each), sharing the facts stated once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    WithJsonSchema,
    model_validator,
)

MAX_ACTS = 100
MAX_TEXT = 20_000
SCHEMA_VERSION = "2.0"

_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
MAX_RESPONDENTS = 200


def _clean_text(value: str) -> str:
    bad = _BAD_CHARS.search(value)
    if bad:
        raise ValueError(f"contains a control or invalid character U+{ord(bad.group()):04X}")
    return value


def _parse_day(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("a date without a time (YYYY-MM-DD)")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DAY.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real calendar date") from exc
    raise ValueError("a date written YYYY-MM-DD")


def _sane_day(value: dt.date) -> dt.date:
    if not dt.date(1945, 8, 17) <= value <= dt.date(2100, 12, 31):
        raise ValueError(f"{value} is outside 1945-08-17..2100-12-31")
    return value


Day = Annotated[dt.date, BeforeValidator(_parse_day), AfterValidator(_sane_day)]


class ReportedDate(BaseModel):
    """A date as the report gives it: the days it allows (`first`..`last`) and how it was written.

    An officer who knows only "October 2024" must not write "2024-10-01": the context stage reasons
    over every day the report allows and says whether the exact day would have mattered."""

    model_config = ConfigDict(frozen=True)
    kind: Literal["day", "month", "year", "range"]
    first: dt.date
    last: dt.date

    @property
    def exact(self) -> dt.date | None:
        return self.first if self.first == self.last else None

    def as_input(self) -> str | dict[str, str]:
        """The form an incident file uses, so a saved incident reads back the same."""
        if self.kind == "day":
            return self.first.isoformat()
        if self.kind == "month":
            return self.first.isoformat()[:7]
        if self.kind == "year":
            return self.first.isoformat()[:4]
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}


def _parse_reported(value: Any) -> Any:
    if isinstance(value, ReportedDate):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return ReportedDate(kind="day", first=value, last=value)
    if isinstance(value, str):
        if _DAY.match(value):
            day = _sane_day(_parse_day(value))
            return ReportedDate(kind="day", first=day, last=day)
        month = _MONTH.match(value)
        if month:
            year, mon = int(month.group(1)), int(month.group(2))
            if not 1 <= mon <= 12:
                raise ValueError(f"{value!r}: there is no month {mon}")
            first = _sane_day(dt.date(year, mon, 1))
            nxt = dt.date(year + (mon == 12), mon % 12 + 1, 1)
            return ReportedDate(kind="month", first=first, last=_sane_day(nxt - dt.timedelta(days=1)))
        year_match = _YEAR.match(value)
        if year_match:
            year = int(year_match.group(1))
            return ReportedDate(
                kind="year", first=_sane_day(dt.date(year, 1, 1)), last=_sane_day(dt.date(year, 12, 31))
            )
    if isinstance(value, dict) and set(value) <= {"from", "to"} and value:
        if set(value) != {"from", "to"}:
            raise ValueError("a date range gives both 'from' and 'to' (YYYY-MM-DD)")
        first = _sane_day(_parse_day(value["from"]))
        last = _sane_day(_parse_day(value["to"]))
        if last < first:
            raise ValueError(f"the range ends ({last}) before it starts ({first})")
        return ReportedDate(kind="range", first=first, last=last)
    raise ValueError(
        'a date as reported: a day "YYYY-MM-DD", a month "YYYY-MM", a year "YYYY", '
        'a range {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}, or null when unknown'
    )


Reported = Annotated[
    ReportedDate,
    BeforeValidator(_parse_reported),
    PlainSerializer(lambda d: d.as_input(), when_used="always"),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "a day"},
                {"type": "string", "pattern": r"^\d{4}-\d{2}$", "description": "a month"},
                {"type": "string", "pattern": r"^\d{4}$", "description": "a year"},
                {
                    "type": "object",
                    "properties": {
                        "from": {"type": "string", "format": "date"},
                        "to": {"type": "string", "format": "date"},
                    },
                    "required": ["from", "to"],
                    "additionalProperties": False,
                    "description": "a range of days",
                },
            ]
        }
    ),
]
ShortText = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_clean_text)]
LongText = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_clean_text)]
Term = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_clean_text)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Reporter(Model):
    """Formulir Model B.1 section 1 (identitas pelapor); all optional, nrules does not need them."""

    name: ShortText | None = None
    nik: Annotated[str, Field(pattern=r"^\d{16}$")] | None = None
    birth_place_date: ShortText | None = None
    gender: ShortText | None = None
    occupation: ShortText | None = None
    nationality: ShortText | None = None
    address: ShortText | None = None
    phone: ShortText | None = None
    email: ShortText | None = None


class Report(Model):
    """How the case reached the officer: the report number, channel and date."""

    number: ShortText | None = None
    channel: (
        Literal["sigaplapor", "gowaslu", "bawaslu_office", "temuan", "sbt", "sp4n_lapor", "kasn", "bkn", "other"] | None
    ) = None
    received_on: Day | None = None
    reporter: Reporter | None = None


class Respondent(Model):
    """The terlapor: who they are and the position that decides which law and which PyBM apply."""

    role: Term = Field(description="Role from the vocabulary (pns, cpns, pppk, kepala_desa, ...) or a local alias")
    name: ShortText | None = None
    nip: Annotated[str, Field(pattern=r"^\d{18}$")] | None = None
    nik: Annotated[str, Field(pattern=r"^\d{16}$")] | None = None
    local_title: ShortText | None = Field(default=None, description="Local title as written, e.g. Wali Nagari")
    jabatan: ShortText | None = None
    position_kind: Term | None = Field(default=None, description="Kind of position (vocabulary 'positions')")
    golongan: Annotated[str, Field(max_length=12)] | None = None
    instansi: ShortText | None = None
    government_level: Term | None = None
    election_body: Term | None = Field(default=None, description="Election body the respondent sits on, e.g. kpps")
    address: ShortText | None = None
    phone: ShortText | None = None
    in_office: StrictBool | None = Field(
        default=None,
        description="Held the office on the day of the act (absent: not mentioned, taken as yes; null: unknown)",
    )
    acts: list[Act] = Field(
        default_factory=list, max_length=MAX_ACTS, description="Acts of this respondent alone, beside the shared acts"
    )
    prior_sanctions: list[PriorSanction] = Field(default_factory=list, max_length=50)
    examination_started_on: Reported | None = Field(
        default=None, description="Date this respondent's disciplinary examination started (PP 94 Pasal 40)"
    )


class ElectionRef(Model):
    key: Term = Field(description="Calendar key, e.g. pemilu-2024 or pilkada-2024")
    contest: Term = Field(description="The contest concerned, e.g. presiden, dpr, bupati")
    region: ShortText | None = None


class Event(Model):
    """Formulir Model B.1 section 3: peristiwa, tempat, tanggal kejadian, tanggal diketahui."""

    date_of_act: Reported | None = Field(
        default=None, description="Date of the act as reported: a day, a month, a year, a range, or null if unknown"
    )
    phase: Term | None = Field(
        default=None, description="Election phase stated in the report when the date is not known (e.g. campaign)"
    )
    date_known: Day | None = None
    place: ShortText | None = None
    description: LongText | None = None


class Candidate(Model):
    name: ShortText | None = None
    party: ShortText | None = None
    number: Annotated[str, Field(max_length=10)] | None = None


class Act(Model):
    """One act, typed from the vocabulary, with the modifiers the rules test.

    Modifiers are the act's other keys (`party_attributes: true`, `forms: [meeting]`): the rule set's
    vocabulary declares them, their types and what leaving one out means, and the context stage checks
    them, so a province or a new regulation adds a modifier without a code change."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)

    type: Term = Field(description="Act type from the vocabulary, e.g. social_media.like")
    date: Reported | None = Field(
        default=None, description="Date of this act if it differs from event.date_of_act (same forms)"
    )
    phase: Term | None = Field(default=None, description="Election phase stated for this act when its date is unknown")
    contest: Term | None = Field(
        default=None, description="Contest this act concerns, if not election.contest (e.g. a caleg and the capres)"
    )
    description: LongText | None = None
    candidate: Candidate | None = None
    party: ShortText | None = None
    evidence: list[Annotated[str, Field(max_length=40), AfterValidator(_clean_text)]] = Field(
        default_factory=list, max_length=50
    )

    @property
    def modifiers(self) -> dict[str, Any]:
        """The modifiers the report states (a value) or alleges (None); absent ones are not mentioned."""
        return dict(self.model_extra or {})


ACT_FIELDS = tuple(Act.model_fields)
"""The structural keys of an act; every other key is a modifier."""


class PriorSanction(Model):
    """A sanction already imposed on the respondent (Pasal 35(2) repeat, 35(3) no double punishment)."""

    track: Term
    tier: Term | None = None
    option: Term | None = Field(default=None, description="Sanction option id, e.g. teguran_tertulis")
    imposed_on: Day | None = None
    decision_number: ShortText | None = None
    same_nature: StrictBool = Field(default=True, description="For a violation of the same nature (neutrality)")
    for_this_incident: StrictBool = Field(default=False, description="It punished this very violation")


class Witness(Model):
    name: ShortText | None = None
    address: ShortText | None = None
    phone: ShortText | None = None


class Evidence(Model):
    id: Annotated[str, Field(max_length=40)] | None = None
    kind: Literal["foto", "video", "tangkapan_layar", "tautan", "dokumen", "rekaman", "keterangan", "lainnya"]
    ref: ShortText | None = None
    description: ShortText | None = None


class Handling(Model):
    """What the handling body has already done (Bawaslu kajian, forwarding); carried, not judged."""

    registered: StrictBool | None = None
    registration_number: ShortText | None = None
    kajian_conclusion: LongText | None = None
    forwarded_to: ShortText | None = None
    forwarded_on: Day | None = None


# ---------------------------------------------------------------- the decided outcome (issue 16)
DecisionOutcome = Literal["sanctioned", "not_proceeded", "no_violation", "pending"]
DecisionStage = Literal[
    "finding", "recommendation", "imposed", "court_first_instance", "court_appeal", "court_final", "objection"
]
NotProceededReason = Literal["not_proven", "late_report", "not_a_violation", "no_action", "other"]


class DecidedSanction(Model):
    """One sanction as the decision records it: the track, tier and concrete option in the rule set's
    own terms (rules/sanctions.yaml), and the decision's words. Give what the record says and no more:
    a tier without an option, or only the words with `outside_law` for a measure no instrument lists
    (a "surat pernyataan tidak mengulangi", a "teguran keras")."""

    track: Term | None = Field(default=None, description="Track (sanctions.yaml tracks); implied by tier or option")
    tier: Term | None = Field(default=None, description="Tier (sanctions.yaml tiers), e.g. sedang")
    option: Term | None = Field(default=None, description="Sanction option id, e.g. penundaan_kgb_1th")
    outside_law: StrictBool = Field(default=False, description="A measure that is not a sanction of the track")
    as_reported: ShortText | None = Field(default=None, description="The decision's own words")

    @model_validator(mode="after")
    def _says_something(self) -> DecidedSanction:
        if self.outside_law and (self.tier or self.option):
            raise ValueError("a measure outside the law has no tier or option of the track")
        if not (self.track or self.tier or self.option):
            raise ValueError("name at least the track, the tier or the option")
        return self


class Recommendation(Model):
    """The recommendation that preceded the decision (KASN until 23-08-2024, BKN after; REFERENCE 14.5.5):
    its number, date, issuer and the sanction it asked the PPK to impose."""

    by: Term = Field(description="Issuing body (authorities.yaml bodies), e.g. kasn or bkn")
    by_name: ShortText | None = None
    number: ShortText | None = None
    issued_on: Day | None = None
    sanctions: list[DecidedSanction] = Field(min_length=1, max_length=10)


class Decision(Model):
    """What was actually decided, as BKN's I'DIS, the PPK's decree (SK) or a court records it: who
    decided, when, under which number, and the sanction imposed, or that the matter was not
    proceeded with and why. nrules compares it with what the law prescribes (the verdict's
    `comparison`); it never changes the verdict itself."""

    outcome: DecisionOutcome = Field(description="sanctioned, not_proceeded, no_violation (found none), pending")
    stage: DecisionStage | None = Field(default=None, description="How far the matter went")
    decided_by: Term | None = Field(default=None, description="Deciding body: authorities.yaml bodies or 'court'")
    decided_by_name: ShortText | None = Field(default=None, description="As named, e.g. Plt Bupati Jember")
    number: ShortText | None = Field(default=None, description="Decree, recommendation or case number")
    decided_on: Day | None = None
    sanctions: list[DecidedSanction] = Field(default_factory=list, max_length=10)
    tracks: list[Term] | None = Field(
        default=None,
        max_length=10,
        description="Tracks the decision covers (default: those of its sanctions; all tracks when nothing was imposed)",
    )
    reason: NotProceededReason | None = Field(default=None, description="Why nothing was imposed")
    reason_text: ShortText | None = None
    recommendation: Recommendation | None = None
    basis_cited: ShortText | None = Field(default=None, description="Provisions the decision cites, as written")
    sources: list[ShortText] = Field(default_factory=list, max_length=20)
    note: LongText | None = None

    @model_validator(mode="after")
    def _sanctions_match_outcome(self) -> Decision:
        if self.outcome == "sanctioned" and not self.sanctions:
            raise ValueError("outcome 'sanctioned' lists the sanctions imposed")
        if self.outcome != "sanctioned" and self.sanctions:
            raise ValueError(f"outcome '{self.outcome}' imposes nothing: list sanctions only with 'sanctioned'")
        if self.reason and self.outcome not in ("not_proceeded", "no_violation"):
            raise ValueError("a reason is given only when nothing was imposed")
        return self


class Incident(Model):
    """One report to check: the respondent(s), the election, what they did, and their record."""

    incident_id: Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[^\s].*$"), AfterValidator(_clean_text)]
    schema_version: Literal["1.0", "2.0"] = "2.0"
    report: Report | None = None
    election: ElectionRef
    respondent: Respondent | None = Field(default=None, description="The respondent (or give `respondents`)")
    respondents: list[Respondent] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_RESPONDENTS,
        description="Several respondents reported together: one verdict each; `acts` are shared by all",
    )
    event: Event = Field(default_factory=Event)
    acts: list[Act] = Field(
        max_length=MAX_ACTS,
        description="The acts reported (shared by all respondents); `[]` when every respondent has acts of their own",
    )
    prior_sanctions: list[PriorSanction] = Field(default_factory=list, max_length=50)
    examination_started_on: Reported | None = Field(
        default=None, description="Date the disciplinary examination started (PP 94 Pasal 40 transition)"
    )
    assessment_date: Day | None = Field(
        default=None, description="Assess as of this date instead of today (when no examination date is known)"
    )
    witnesses: list[Witness] = Field(default_factory=list, max_length=50)
    evidence: list[Evidence] = Field(default_factory=list, max_length=200)
    narrative: LongText | None = None
    handling: Handling | None = None
    decision: Decision | None = Field(default=None, description="What was actually decided (compared with the law)")

    @model_validator(mode="after")
    def _parties(self) -> Incident:
        if (self.respondent is None) == (self.respondents is None):
            raise ValueError("give either `respondent` (one) or `respondents` (several), not both or neither")
        for i, person in enumerate(self.parties()):
            if not (self.acts or person.acts):
                where = "acts" if self.respondent is not None else f"respondents[{i}].acts"
                raise ValueError(f"no act: give at least one in `acts` or in `{where}`")
        return self

    def parties(self) -> list[Respondent]:
        """The respondents, one or several, in report order."""
        return [self.respondent] if self.respondent is not None else list(self.respondents or ())

    def acts_of(self, index: int) -> list[Act]:
        """The acts one respondent is reported for: the shared acts, then their own."""
        return [*self.acts, *self.parties()[index].acts]
