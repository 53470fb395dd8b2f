"""One row per checked respondent: the few facts of an incident and its verdict a caseload report counts.

A row is language-neutral (terms by id, texts in both languages), small (a 100,000-incident caseload
keeps its rows in memory, not its verdicts) and built in one place, so that every table of the report
counts the same thing the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..incident import Incident
from ..ruleset.loader import RuleSet
from ..verdict import Bilingual, Verdict

NOT_STATED = "-"
UNCERTAIN_PHASE = "uncertain"
"""An act whose reported date (a month, a range) spans several phases."""
DEPARTURES = ("lighter", "heavier", "different_track", "mixed")


@dataclass(frozen=True)
class Row:
    incident_id: str
    source: str
    region: str
    province: str
    agency: str
    role: str
    position: str
    election: str
    contest: str
    act_types: tuple[str, ...]
    phases: tuple[str, ...]
    status: str
    headline_tier: str
    prescribed: tuple[tuple[str, str], ...]
    """(track, tier) of every sanction the law prescribes, in the verdict's order."""
    prescribed_key: str
    """The heaviest prescribed tier for the prescribed-against-imposed matrix; `none` when none is."""
    deciding_flags: tuple[str, ...]
    """Named doubts carried by the findings that decided a sanction (or, when nothing did, by the rules
    whose unknown facts leave the verdict open)."""
    flags: tuple[str, ...]
    unknown_facts: tuple[str, ...]
    unknown_labels: tuple[Bilingual, ...]
    decision: str
    """`none` (no decision recorded), or the decision's outcome: sanctioned, not_proceeded, ..."""
    imposed_key: str
    """The heaviest tier decided (or outside_law, or the outcome when nothing was imposed)."""
    stage: str | None
    decided_by: str | None
    decided_by_name: str | None
    decided_on: dt.date | None
    number: str | None
    result: str | None
    reason: str | None
    explanation: Bilingual | None
    followed_recommendation: str | None
    recommendation_result: str | None
    summary: Bilingual = field(compare=False, default=Bilingual(en="", id=""))

    @property
    def departure(self) -> bool:
        return self.result in DEPARTURES


def _tier_key(rs: RuleSet, sides: Sequence[tuple[str | None, int | None, bool]]) -> str | None:
    """The heaviest of (tier, severity, outside_law) entries: on-scale by severity, then off-scale."""
    if not sides:
        return None
    best = max(sides, key=lambda s: -1 if s[2] else (s[1] if s[1] is not None else -2))
    if best[2]:
        return "outside_law"
    return best[0]


def _rule_ids(question: Any) -> list[str]:
    """The rules an open question decides (verdict 1.0: `rule_id`; 2.0: `rule_ids`)."""
    ids = getattr(question, "rule_ids", None)
    return list(ids) if ids is not None else [question.rule_id]


def open_facts(verdict: Verdict) -> dict[str, Bilingual]:
    """The facts left open that decide the outcome, by path, with their label (both verdict schemas:
    1.0 lists paths and labels per rule; 2.0 one question per fact)."""
    out: dict[str, Bilingual] = {}
    questions: list[Any] = list(verdict.open_questions)
    for q in questions:
        labels = getattr(q, "unknown_fact_labels", None)
        if labels is not None:
            for path, label in zip(q.unknown_facts, labels, strict=True):
                out.setdefault(path, label)
        else:
            out.setdefault(q.fact, q.label)
    return out


def _agency(incident: Incident, verdict: Verdict) -> str:
    """The respondent's agency (instansi): the one respondent's, or this verdict's among several."""
    respondent = getattr(incident, "respondent", None)
    if respondent is None:
        index = getattr(verdict, "respondent_index", 0) or 0
        respondents = getattr(incident, "respondents", None) or []
        respondent = respondents[index] if index < len(respondents) else None
    return getattr(respondent, "instansi", None) or NOT_STATED


def make_row(rs: RuleSet, incident: Incident, verdict: Verdict, source: str) -> Row:
    region = incident.election.region or NOT_STATED
    province = region.rsplit(",", 1)[1].strip() if "," in region else NOT_STATED
    tiers = rs.sanctions.tiers
    scaled = [s for s in verdict.sanctions if tiers[s.tier].on_scale]
    if scaled:
        prescribed_key = max(scaled, key=lambda s: tiers[s.tier].severity).tier
    elif verdict.sanctions:
        prescribed_key = verdict.sanctions[0].tier
    else:
        prescribed_key = "not_determinable" if verdict.status == "not_determinable" else "none"
    deciding = {r for s in verdict.sanctions for r in s.decided_by}
    flags = [f for finding in verdict.findings if finding.rule_id in deciding for f in finding.flags]
    if not deciding:
        open_rules = {r for q in verdict.open_questions for r in _rule_ids(q)}
        flags = [f.id for f in verdict.flags if any(src in open_rules for src in f.raised_by)]
    unknown = open_facts(verdict)
    c = verdict.comparison
    d = incident.decision
    if d is None:
        decision, imposed = "none", "no_decision"
    elif d.outcome != "sanctioned":
        decision, imposed = d.outcome, d.outcome
    else:
        decision = "sanctioned"
        sides = [(s.tier or s.track, s.severity, s.tier is None and s.severity == 0) for s in (c.decided if c else [])]
        imposed = _tier_key(rs, sides) or "outside_law"
    return Row(
        incident_id=verdict.incident_id,
        source=source,
        region=region,
        province=province,
        agency=_agency(incident, verdict),
        role=verdict.context.role,
        position=verdict.context.position_kind or NOT_STATED,
        election=verdict.context.election,
        contest=verdict.context.contest,
        act_types=tuple(a.type for a in verdict.context.acts),
        phases=tuple(a.phase or UNCERTAIN_PHASE for a in verdict.context.acts),
        status=verdict.status,
        headline_tier=verdict.headline.tier,
        prescribed=tuple((s.track, s.tier) for s in verdict.sanctions),
        prescribed_key=prescribed_key,
        deciding_flags=tuple(dict.fromkeys(flags)),
        flags=tuple(f.id for f in verdict.flags),
        unknown_facts=tuple(unknown),
        unknown_labels=tuple(unknown.values()),
        decision=decision,
        imposed_key=imposed,
        stage=d.stage if d else None,
        decided_by=d.decided_by if d else None,
        decided_by_name=d.decided_by_name if d else None,
        decided_on=d.decided_on if d else None,
        number=d.number if d else None,
        result=c.result if c else None,
        reason=c.reason if c else None,
        explanation=c.explanation if c else None,
        followed_recommendation=c.followed_recommendation if c else None,
        recommendation_result=c.recommendation_result if c else None,
        summary=verdict.summary,
    )


@dataclass(frozen=True)
class ErrorRow:
    """A record that could not be checked: where it is and why, in both languages."""

    source: str
    incident_id: str | None
    field: str | None
    message: Bilingual
