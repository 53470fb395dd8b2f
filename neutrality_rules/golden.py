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

    status: Literal["violation", "no_violation", "not_determinable", "input_error"]
    tier: str | None = Field(default=None, description="Headline tier (none, moral, ringan, sedang, berat, ptdh, ...)")
    rules: list[str] | None = Field(default=None, description="Exactly the rule ids of the findings (violations)")
    exemptions: list[str] | None = None
    tracks: dict[str, str] | None = Field(default=None, description="Track -> tier of the recommended sanction")
    flags: list[str] = Field(default_factory=list, description="Flags that must be raised (a subset)")
    criminal_referral: bool | None = None
    open_facts: list[str] | None = Field(default=None, description="Unknown facts named (not_determinable)")
    error_field: str | None = None


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
    check("criminal_referral", e.criminal_referral, verdict.headline.criminal_referral)
    if e.open_facts is not None:
        check("open_facts", sorted(e.open_facts), sorted({f for q in verdict.open_questions for f in q.unknown_facts}))
    return diffs


def run_cases(engine: Engine, paths: Iterable[Path]) -> Iterator[CaseResult]:
    for path in paths:
        try:
            case = load_case(path)
        except NrulesError as exc:
            yield CaseResult(str(path), path.stem, False, error=exc.render("en"))
            continue
        pinned = case.as_of or case.incident.get("examination_started_on") or case.incident.get("assessment_date")
        if not pinned:
            yield CaseResult(
                str(path),
                case.id,
                False,
                error="the case does not pin the law date: give `as_of`, "
                "or examination_started_on / assessment_date in the incident",
            )
            continue
        try:
            verdict = engine.check(case.incident, as_of=case.as_of)
        except InputError as exc:
            if case.expect.status == "input_error":
                diffs = []
                fields = [p.field for p in exc.problems] or [exc.field]
                if case.expect.error_field and case.expect.error_field not in fields:
                    diffs.append(("error_field", case.expect.error_field, exc.field))
                yield CaseResult(str(path), case.id, not diffs, diffs)
            else:
                yield CaseResult(str(path), case.id, False, error=exc.render("en"))
            continue
        diffs = compare(case, verdict)
        fired = {f.rule_id for f in verdict.findings} | {f.rule_id for f in verdict.exemptions}
        yield CaseResult(
            str(path),
            case.id,
            not diffs,
            diffs,
            fired=fired,
            rules=_rules_to_look_at(engine, case, fired) if diffs else [],
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
