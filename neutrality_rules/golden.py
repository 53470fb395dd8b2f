"""Golden cases: incidents with the outcome the law prescribes, checked like `opa test`.

A case file (YAML, safe loader) holds one case: an `incident`, the `expect`ed outcome and the
`justification` naming the provision that decides it. Expectations are written from the law, never
copied from nrules' output; a mismatch means either the rule set or the case is wrong, and the diff
says which facts to look at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .api import Engine
from .errors import InputError, NrulesError, RuleFileError
from .ruleset.yamlfile import read_yaml
from .verdict import Verdict


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["violation", "no_violation", "not_determinable", "input_error"] | None = Field(
        default=None, description="The verdict's status (None: not checked, for a case pinning other parts)"
    )
    tier: str | None = Field(default=None, description="Headline tier (none, moral, ringan, sedang, berat, ptdh, ...)")
    rules: list[str] | None = Field(default=None, description="Exactly the rule ids of the findings (violations)")
    exemptions: list[str] | None = None
    tracks: dict[str, str] | None = Field(default=None, description="Track -> tier of the recommended sanction")
    flags: list[str] = Field(default_factory=list, description="Flags that must be raised (a subset)")
    flags_exclude: list[str] = Field(default_factory=list, description="Flags that must not be raised")
    criminal_referral: bool | None = None
    open_facts: list[str] | None = Field(default=None, description="Unknown facts named (not_determinable)")
    error_field: str | None = None
    # Finer expectations (all optional), for the boundary, route and policy cases that pin the rule set's
    # data which the outcome alone does not show (see README "Mutation testing").
    sanctions: list[str] | None = Field(
        default=None, description='Exactly the sanctions, one "track:tier" per sanction (a multiset, any order)'
    )
    acts: list[ActExpect] | None = Field(default=None, description="Per act, in order: phase, regimes")
    routes: dict[str, list[str]] | None = Field(
        default=None, description='Track -> exactly the route entries of its sanction, as "step:body" (any order)'
    )
    deadlines: dict[str, list[str]] | None = Field(
        default=None, description='Track -> exactly its deadlines, as "id" or "id@YYYY-MM-DD" when a due date is set'
    )
    options: dict[str, list[str]] | None = Field(
        default=None, description="Track -> the option ids of its in-force option sets, lightest first (in order)"
    )
    pending_options: dict[str, list[str]] | None = Field(
        default=None,
        description="Track -> the option ids of its pending option sets (shown for information, not in force), "
        "in order",
    )
    escalated: dict[str, bool] | None = Field(default=None, description="Track -> whether a repeat escalated it")
    basis: dict[str, list[str]] | None = Field(
        default=None, description="Rule id -> exactly the provisions its finding cites (any order)"
    )
    rules_include: list[str] | None = Field(default=None, description="Rules that must be among the findings")
    rules_exclude: list[str] | None = Field(default=None, description="Rules that must not be among the findings")
    exemptions_include: list[str] | None = Field(default=None, description="Exemptions that must apply")
    exemptions_exclude: list[str] | None = Field(default=None, description="Exemptions that must not apply")
    finding_tiers: dict[str, str] | None = Field(default=None, description="Rule id -> the tier of its finding")
    routes_include: dict[str, list[str]] | None = Field(
        default=None, description='Track -> route entries ("step:body") that must be among its sanction\'s route'
    )
    routes_exclude: dict[str, list[str]] | None = Field(
        default=None, description='Track -> route entries ("step:body") that must not be among them'
    )
    route_basis: dict[str, dict[str, list[str]]] | None = Field(
        default=None,
        description='Track -> "step:body" -> exactly the provisions it cites (merged over the route entries that '
        "name that body at that step): an entry the law does not give shows as a provision too many",
    )
    deadlines_include: dict[str, list[str]] | None = Field(
        default=None,
        description='Track -> deadlines that must be among its sanction\'s, as "id: amount unit from event" '
        '(with " due YYYY-MM-DD" when a due date is set)',
    )
    deadlines_exclude: dict[str, list[str]] | None = Field(
        default=None, description="Track -> deadline ids that must not be among its sanction's"
    )
    sanction_count: dict[str, int] | None = Field(
        default=None, description="Track -> how many sanctions it gives (one when several findings combine)"
    )
    sanction_basis: dict[str, list[str]] | None = Field(
        default=None, description="Track -> provisions its sanction must cite (the sentencing law; a subset)"
    )


class ActExpect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phase: str | None = None
    after_determination: bool | None = None
    regimes: dict[str, str | None] | None = Field(default=None, description="Family -> regime (a subset)")


Expect.model_rebuild()


class RealCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    decided: str
    differs: bool
    why: str


class GoldenCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
    title: str
    justification: str
    incident: dict[str, Any]
    expect: Expect
    as_of: dt.date | None = None
    real_case: RealCase | None = None
    tags: list[str] = Field(default_factory=list)


@dataclass
class CaseResult:
    path: str
    case_id: str
    passed: bool
    diffs: list[tuple[str, Any, Any]] = field(default_factory=list)
    error: str | None = None
    fired: set[str] = field(default_factory=set)
    rules: list[tuple[str, str]] = field(default_factory=list)
    """On a failure, the rules to look at (expected but absent, present but not expected, or those that
    decided the outcome) with the file:line where each is written."""


def load_case(path: Path) -> GoldenCase:
    doc = read_yaml(path)
    try:
        return GoldenCase.model_validate(doc.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        raise RuleFileError(
            "rules.invalid",
            file=str(path),
            line=doc.line_of(loc),
            field=".".join(str(p) for p in loc),
            got=first["msg"],
        ) from exc


def case_files(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.yaml") if q.is_file()))
        else:
            out.append(p)
    return out


def compare(case: GoldenCase, verdict: Verdict) -> list[tuple[str, Any, Any]]:
    e = case.expect
    diffs: list[tuple[str, Any, Any]] = []

    def check(name: str, expected: Any, actual: Any) -> None:
        if expected is not None and expected != actual:
            diffs.append((name, expected, actual))

    check("status", e.status, verdict.status)
    check("tier", e.tier, verdict.headline.tier)
    check(
        "rules",
        sorted(e.rules) if e.rules is not None else None,
        sorted({f.rule_id for f in verdict.findings if f.certainty == "definite"}),
    )
    check(
        "exemptions",
        sorted(e.exemptions) if e.exemptions is not None else None,
        sorted({f.rule_id for f in verdict.exemptions if f.certainty == "definite"}),
    )
    if e.tracks is not None:
        definite = sorted((s.track, s.tier) for s in verdict.sanctions if s.certainty == "definite")
        check("tracks", dict(sorted(e.tracks.items())), dict(definite))
    raised = {f.id for f in verdict.flags}
    missing = sorted(set(e.flags) - raised)
    if missing:
        diffs.append(("flags (missing)", missing, sorted(raised)))
    unwanted = sorted(set(e.flags_exclude) & raised)
    if unwanted:
        diffs.append(("flags (not expected)", unwanted, sorted(raised)))
    check("criminal_referral", e.criminal_referral, verdict.headline.criminal_referral)
    if e.open_facts is not None:
        check("open_facts", sorted(e.open_facts), sorted({f for q in verdict.open_questions for f in q.unknown_facts}))
    _compare_details(e, verdict, check)
    return diffs


def _compare_details(e: Expect, verdict: Verdict, check: Any) -> None:
    """The finer expectations: exact sanctions, per-act phase and regimes, routes, deadlines, options."""
    if e.sanctions is not None:
        check("sanctions", sorted(e.sanctions), sorted(f"{s.track}:{s.tier}" for s in verdict.sanctions))
    if e.acts is not None:
        acts = verdict.context.acts
        check("acts (count)", len(e.acts), len(acts))
        for i, (act_want, act) in enumerate(zip(e.acts, acts, strict=False)):
            check(f"acts[{i}].phase", act_want.phase, getattr(act, "phase", None))
            check(
                f"acts[{i}].after_determination",
                act_want.after_determination,
                getattr(act, "after_determination", None),
            )
            if act_want.regimes is not None:
                regimes = getattr(act, "regimes", {}) or {}
                check(f"acts[{i}].regimes", act_want.regimes, {k: regimes.get(k) for k in act_want.regimes})
    by_track: dict[str, Any] = {}
    for s in verdict.sanctions:
        by_track.setdefault(s.track, s)
    for name, wanted, actual in (
        ("routes", e.routes, lambda s: sorted(f"{b.step}:{b.body}" for b in s.route)),
        (
            "deadlines",
            e.deadlines,
            lambda s: sorted(f"{d.id}@{d.due}" if d.due else d.id for d in s.deadlines),
        ),
        (
            "options",
            e.options,
            lambda s: [o.id for oset in s.option_sets if oset.status == "in_force" for o in oset.options],
        ),
        (
            "pending_options",
            e.pending_options,
            lambda s: [o.id for oset in s.option_sets if oset.status == "pending" for o in oset.options],
        ),
        ("escalated", e.escalated, lambda s: bool(s.escalation and s.escalation.applied)),
    ):
        if wanted is None:
            continue
        for track, want in wanted.items():
            sanction = by_track.get(track)
            got = actual(sanction) if sanction is not None else None
            want_cmp = sorted(want) if name in ("routes", "deadlines") and isinstance(want, list) else want
            check(f"{name}.{track}", want_cmp, got)
    fired = {f.rule_id for f in verdict.findings}
    if e.rules_include is not None:
        check("rules (include)", sorted(e.rules_include), sorted(fired & set(e.rules_include)))
    if e.rules_exclude is not None:
        check("rules (exclude)", [], sorted(fired & set(e.rules_exclude)))
    if e.exemptions_include is not None:
        exempt = {f.rule_id for f in verdict.exemptions}
        check("exemptions (include)", sorted(e.exemptions_include), sorted(exempt & set(e.exemptions_include)))
    if e.exemptions_exclude is not None:
        exempt = {f.rule_id for f in verdict.exemptions}
        check("exemptions (exclude)", [], sorted(exempt & set(e.exemptions_exclude)))
    if e.finding_tiers is not None:
        tiers_of = {f.rule_id: f.tier for f in verdict.findings}
        for rule_id, tier in e.finding_tiers.items():
            check(f"finding_tiers.{rule_id}", tier, tiers_of.get(rule_id))
    for name, wanted, render, include in (
        ("routes (include)", e.routes_include, lambda s: {f"{b.step}:{b.body}" for b in s.route}, True),
        ("routes (exclude)", e.routes_exclude, lambda s: {f"{b.step}:{b.body}" for b in s.route}, False),
        ("deadlines (include)", e.deadlines_include, lambda s: {deadline_text(d) for d in s.deadlines}, True),
        ("deadlines (exclude)", e.deadlines_exclude, lambda s: {d.id for d in s.deadlines}, False),
    ):
        for track, items in (wanted or {}).items():
            sanction = by_track.get(track)
            present = render(sanction) if sanction is not None else set()
            if include:
                check(f"{name}.{track}", sorted(items), sorted(present & set(items)))
            else:
                check(f"{name}.{track}", [], sorted(present & set(items)))
    for track, bases in (e.route_basis or {}).items():
        sanction = by_track.get(track)
        cited = {f"{b.step}:{b.body}": sorted(b.basis) for b in sanction.route} if sanction is not None else {}
        for label, want in bases.items():
            check(f"route_basis.{track}.{label}", sorted(want), cited.get(label))
    for track, count in (e.sanction_count or {}).items():
        check(f"sanction_count.{track}", count, sum(1 for s in verdict.sanctions if s.track == track))
    for track, wanted_basis in (e.sanction_basis or {}).items():
        sanction = by_track.get(track)
        cited_basis = set(sanction.basis) if sanction is not None else set()
        check(f"sanction_basis.{track}", sorted(wanted_basis), sorted(cited_basis & set(wanted_basis)))
    if e.basis is not None:
        cited = {f.rule_id: sorted(b.key for b in f.basis) for f in verdict.findings}
        for rule_id, want in e.basis.items():
            check(f"basis.{rule_id}", sorted(want), cited.get(rule_id))


def deadline_text(d: Any) -> str:
    """A deadline as a case writes it: "pp94.summons: 7 hari_kerja from summons" (+ " due 2024-10-21")."""
    return f"{d.id}: {d.amount} {d.unit} from {d.from_event}" + (f" due {d.due}" if d.due else "")


def run_cases(engine: Engine, paths: Iterable[Path]) -> Iterator[CaseResult]:
    for path in paths:
        try:
            case = load_case(path)
        except NrulesError as exc:
            yield CaseResult(str(path), path.stem, False, error=exc.render("en"))
            continue
        yield run_case(engine, case, path)[0]


def run_case(engine: Engine, case: GoldenCase, path: Path | str) -> tuple[CaseResult, Verdict | None]:
    """One loaded case against an engine: its result, and the verdict (None for an input error)."""
    pinned = case.as_of or case.incident.get("examination_started_on") or case.incident.get("assessment_date")
    if not pinned:
        return (
            CaseResult(
                str(path),
                case.id,
                False,
                error="the case does not pin the law date: give `as_of`, "
                "or examination_started_on / assessment_date in the incident",
            ),
            None,
        )
    try:
        verdict = engine.check(case.incident, as_of=case.as_of)
    except InputError as exc:
        if case.expect.status == "input_error":
            diffs = []
            fields = [p.field for p in exc.problems] or [exc.field]
            if case.expect.error_field and case.expect.error_field not in fields:
                diffs.append(("error_field", case.expect.error_field, exc.field))
            return CaseResult(str(path), case.id, not diffs, diffs), None
        return CaseResult(str(path), case.id, False, error=exc.render("en")), None
    diffs = compare(case, verdict)
    fired = {f.rule_id for f in verdict.findings} | {f.rule_id for f in verdict.exemptions}
    return (
        CaseResult(
            str(path),
            case.id,
            not diffs,
            diffs,
            fired=fired,
            rules=_rules_to_look_at(engine, case, fired) if diffs else [],
        ),
        verdict,
    )


def _rules_to_look_at(engine: Engine, case: GoldenCase, fired: set[str]) -> list[tuple[str, str]]:
    expected = set(case.expect.rules or []) | set(case.expect.exemptions or [])
    involved = (expected ^ fired) if case.expect.rules is not None or case.expect.exemptions is not None else set()
    involved = involved or fired
    by_id = engine.ruleset.by_id
    return [(rid, str(by_id[rid].where) if rid in by_id else "not in the rule set") for rid in sorted(involved)]


def uncovered_rules(engine: Engine, results: Iterable[CaseResult]) -> list[str]:
    fired: set[str] = set()
    for r in results:
        fired |= r.fired
    return sorted(r.id for r in engine.ruleset.rules if r.id not in fired)
