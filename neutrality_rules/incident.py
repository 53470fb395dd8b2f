"""The incident: what a case officer knows about one reported act or set of acts.

Shaped after the forms already in use (Bawaslu Formulir Model B.1, BKN's SBT, KASN's clarification
requests; REFERENCE 14.5.6) so a case-handling system can hand over what it holds, beside the
structured acts the rules need. Validation is strict: unknown fields are errors, dates are ISO days,
text is bounded and free of characters that would corrupt the engine's JSON. Act types, roles and
other terms are checked against the loaded vocabulary later (context.py), so a province's rule set
can extend them without a code change.

Modifier fields on an act have three states: absent (not alleged; the vocabulary's default applies),
`true`/`false` (established), or `null` (alleged but not yet established: the verdict may then be
"not determinable" and names the fact).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator

MAX_ACTS = 100
MAX_TEXT = 20_000
SCHEMA_VERSION = "1.0"

_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


class ElectionRef(Model):
    key: Term = Field(description="Calendar key, e.g. pemilu-2024 or pilkada-2024")
    contest: Term = Field(description="The contest concerned, e.g. presiden, dpr, bupati")
    region: ShortText | None = None


class Event(Model):
    """Formulir Model B.1 section 3: peristiwa, tempat, tanggal kejadian, tanggal diketahui."""

    date_of_act: Day
    date_known: Day | None = None
    place: ShortText | None = None
    description: LongText | None = None


class Candidate(Model):
    name: ShortText | None = None
    party: ShortText | None = None
    number: Annotated[str, Field(max_length=10)] | None = None


class Act(Model):
    """One act, typed from the vocabulary, with the modifiers the rules test."""

    type: Term = Field(description="Act type from the vocabulary, e.g. social_media.like")
    date: Day | None = Field(default=None, description="Date of this act if it differs from event.date_of_act")
    contest: Term | None = Field(
        default=None, description="Contest this act concerns, if not election.contest (e.g. a caleg and the capres)"
    )
    description: LongText | None = None
    candidate: Candidate | None = None
    party: ShortText | None = None
    evidence: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=50)
    # modifiers: absent = not alleged, true/false = established, null = alleged, not established
    party_attributes: StrictBool | None = None
    civil_servant_attributes: StrictBool | None = None
    state_facilities: StrictBool | None = None
    mobilised_civil_servants: StrictBool | None = None
    mobilised_public: StrictBool | None = None
    active_support: StrictBool | None = None
    partisan_symbol: StrictBool | None = None
    public: StrictBool | None = None
    intent_to_support: StrictBool | None = None
    on_official_duty: StrictBool | None = None
    on_cltn: StrictBool | None = None
    resigned: StrictBool | None = None
    related_to_position: StrictBool | None = None
    channel: Term | None = None
    photo_with: list[Term] | None = Field(default=None, max_length=10)
    forms: list[Term] | None = Field(default=None, max_length=10)
    audience: list[Term] | None = Field(default=None, max_length=10)
    amount: Annotated[int, Field(ge=0, le=10**15)] | None = None


MODIFIER_FIELDS = tuple(
    name
    for name in Act.model_fields
    if name not in ("type", "date", "contest", "description", "candidate", "party", "evidence")
)


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
    """One incident to check: the respondent, the election, what they did, and their record."""

    incident_id: Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[^\s].*$")]
    schema_version: Literal["1.0"] = "1.0"
    report: Report | None = None
    election: ElectionRef
    respondent: Respondent
    event: Event
    acts: list[Act] = Field(min_length=1, max_length=MAX_ACTS)
    prior_sanctions: list[PriorSanction] = Field(default_factory=list, max_length=50)
    examination_started_on: Day | None = Field(
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
