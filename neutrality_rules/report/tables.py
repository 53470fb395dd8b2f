"""The report's tables, in one language: the same tables feed the HTML, the CSV files and the XLSX sheets.

Each table has a stable id (the CSV file name and the XLSX sheet name), translated headers, and cells
that are either text or numbers (numbers stay numbers in the XLSX and carry `data-value` in the HTML,
so a test can read back exactly what a reader sees).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..i18n import Lang, t
from ..ruleset.loader import RuleSet
from ..verdict import Bilingual
from .aggregate import RESULTS, STATUSES, Caseload, GroupCounts
from .rows import NOT_STATED, Row

Cell = str | int | float | None


@dataclass
class Table:
    id: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str | None = None


class Labels:
    """Terms named as the rule set and the message catalogue name them, in one language."""

    def __init__(self, rs: RuleSet, lang: Lang) -> None:
        self.rs = rs
        self.lang = lang

    def _pick(self, text: Bilingual | object) -> str:
        return str(getattr(text, self.lang))

    def role(self, key: str) -> str:
        r = self.rs.vocabulary.roles.get(key)
        return self._pick(r.label) if r else key

    def act(self, key: str) -> str:
        a = self.rs.vocabulary.act_types.get(key)
        return self._pick(a.label) if a else key

    def phase(self, key: str) -> str:
        p = self.rs.vocabulary.phases.get(key)
        return self._pick(p.label) if p else t(f"report.phase.{key}", self.lang)

    def track(self, key: str) -> str:
        tr = self.rs.sanctions.tracks.get(key)
        return self._pick(tr.label) if tr else key

    def tier(self, key: str) -> str:
        tier = self.rs.sanctions.tiers.get(key)
        if tier is not None:
            return self._pick(tier.label)
        if key in self.rs.sanctions.tracks:
            return t("report.key.track_only", self.lang, track=self.track(key))
        return t(f"report.key.{key}", self.lang)

    def result(self, key: str | None) -> str:
        return t(f"report.result.{key}", self.lang) if key else ""

    def status(self, key: str) -> str:
        return t(f"report.status.{key}", self.lang)

    def decision(self, key: str) -> str:
        return t(f"decision.outcome.{key}", self.lang)

    def flag(self, key: str) -> str:
        f = self.rs.flags.flags.get(key)
        return self._pick(f.text) if f else key

    def body(self, key: str | None) -> str:
        if key is None:
            return ""
        b = self.rs.authorities.bodies.get(key)
        return self._pick(b.label) if b else t("decision.body.court", self.lang)

    def text(self, value: Bilingual | None) -> str:
        return "" if value is None else self._pick(value)


def _h(key: str, lang: Lang) -> str:
    return t(f"report.col.{key}", lang)


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _group_table(table_id: str, groups: dict[str, GroupCounts], lang: Lang, first: list[str]) -> Table:
    table = Table(
        table_id,
        t(f"report.table.{table_id}", lang),
        [
            *first,
            _h("cases", lang),
            _h("violation", lang),
            _h("not_determinable", lang),
            _h("decided", lang),
            *(t(f"report.result.{r}", lang) for r in RESULTS),
            _h("departures", lang),
            _h("departure_rate", lang),
        ],
        note=t("report.note.departure_rate", lang),
    )
    order = sorted(groups.items(), key=lambda kv: (-kv[1].cases, kv[0]))
    for key, g in order:
        name, _, province = key.rpartition(",")
        head: list[Cell] = [key] if len(first) == 1 else [name.strip() or key, province.strip() if name else ""]
        table.rows.append(
            [
                *head,
                g.cases,
                g.status["violation"],
                g.status["not_determinable"],
                g.decided,
                *(g.result[r] for r in RESULTS),
                g.departures,
                _rate(g.departure_rate),
            ]
        )
    return table


def build_tables(cl: Caseload, rs: RuleSet, lang: Lang) -> list[Table]:
    lb = Labels(rs, lang)
    out: list[Table] = []

    summary = Table("summary", t("report.table.summary", lang), [_h("measure", lang), _h("value", lang)])
    summary.rows = [
        [t("report.sum.records", lang), cl.checked + len(cl.errors)],
        [t("report.sum.checked", lang), cl.checked],
        [t("report.sum.errors", lang), len(cl.errors)],
        *([lb.status(s), cl.status[s]] for s in STATUSES),  # type: ignore[list-item]
        [t("report.sum.decided", lang), cl.decided],
        [t("report.sum.comparable", lang), cl.comparable],
        *([lb.result(r), cl.result[r]] for r in RESULTS),  # type: ignore[list-item]
        [t("report.sum.departures", lang), cl.departures],
    ]
    out.append(summary)

    decisions = Table("decisions", t("report.table.decisions", lang), [_h("decision", lang), _h("cases", lang)])
    decisions.rows = [[lb.decision(k), v] for k, v in sorted(cl.decision.items(), key=lambda kv: (-kv[1], kv[0]))]
    out.append(decisions)

    reasons = Table(
        "not_comparable_reasons",
        t("report.table.not_comparable_reasons", lang),
        [_h("reason", lang), _h("cases", lang)],
    )
    nc = [r for r in cl.reason if r in NOT_COMPARABLE_REASONS]
    reasons.rows = [[t(f"report.reason.{r}", lang), cl.reason[r]] for r in sorted(nc, key=lambda r: -cl.reason[r])]
    out.append(reasons)

    subj = Table(
        "by_subject",
        t("report.table.by_subject", lang),
        [_h("subject", lang), _h("id", lang), _h("cases", lang), *(lb.status(s) for s in STATUSES)],
    )
    for role, c in sorted(cl.subject.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        subj.rows.append([lb.role(role), role, sum(c.values()), *(c[s] for s in STATUSES)])
    out.append(subj)

    acts = Table(
        "by_act",
        t("report.table.by_act", lang),
        [_h("act", lang), _h("id", lang), _h("incidents", lang), _h("acts", lang)],
    )
    acts.note = t("report.note.by_act", lang)
    for act, n in sorted(cl.act_incidents.items(), key=lambda kv: (-kv[1], kv[0])):
        acts.rows.append([lb.act(act), act, n, cl.act_count[act]])
    out.append(acts)

    phases = Table("by_phase", t("report.table.by_phase", lang), [_h("phase", lang), _h("id", lang), _h("acts", lang)])
    order = list(rs.vocabulary.phases)
    for phase, n in sorted(cl.phase_acts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99):
        phases.rows.append([lb.phase(phase), phase, n])
    out.append(phases)

    tracks = Table(
        "by_track", t("report.table.by_track", lang), [_h("track", lang), _h("id", lang), _h("incidents", lang)]
    )
    for track, n in sorted(cl.track.items(), key=lambda kv: (-kv[1], kv[0])):
        tracks.rows.append([lb.track(track), track, n])
    out.append(tracks)

    tiers = Table(
        "by_tier",
        t("report.table.by_tier", lang),
        [_h("track", lang), _h("tier", lang), _h("id", lang), _h("incidents", lang)],
    )
    severity = {k: v.severity for k, v in rs.sanctions.tiers.items()}
    for (track, tier), n in sorted(cl.tier.items(), key=lambda kv: (kv[0][0], -severity.get(kv[0][1], 0))):
        tiers.rows.append([lb.track(track), lb.tier(tier), tier, n])
    out.append(tiers)

    results = Table("results", t("report.table.results", lang), [_h("result", lang), _h("id", lang), _h("cases", lang)])
    results.rows = [[lb.result(r), r, cl.result[r]] for r in RESULTS]
    out.append(results)

    out.append(_group_table("by_region", cl.region, lang, [_h("region", lang), _h("province", lang)]))
    out.append(_group_table("by_province", cl.province, lang, [_h("province", lang)]))
    out.append(_group_table("by_agency", cl.agency, lang, [_h("agency", lang)]))

    matrix = Table(
        "prescribed_vs_imposed",
        t("report.table.prescribed_vs_imposed", lang),
        [
            _h("prescribed", lang),
            _h("imposed", lang),
            _h("prescribed_id", lang),
            _h("imposed_id", lang),
            _h("cases", lang),
        ],
        note=t("report.note.matrix", lang),
    )
    for (p, i), n in sorted(cl.matrix.items(), key=lambda kv: (-kv[1], kv[0])):
        matrix.rows.append([lb.tier(p), lb.tier(i), p, i, n])
    out.append(matrix)

    if cl.followed:
        followed = Table(
            "recommendations_followed",
            t("report.table.recommendations_followed", lang),
            [_h("result", lang), _h("id", lang), _h("cases", lang)],
        )
        followed.rows = [[t(f"report.followed.{k}", lang), k, v] for k, v in sorted(cl.followed.items())]
        out.append(followed)

    out.append(departures_table(cl.rows, lb))

    flags = Table(
        "flags",
        t("report.table.flags", lang),
        [
            _h("flag", lang),
            _h("doubt", lang),
            _h("deciding", lang),
            _h("deciding_share", lang),
            _h("departures", lang),
            _h("present", lang),
        ],
        note=t("report.note.flags", lang),
    )
    for flag, n in sorted(cl.flag_deciding.items(), key=lambda kv: (-kv[1], kv[0])):
        share = round(n / cl.checked, 4) if cl.checked else None
        flags.rows.append([flag, lb.flag(flag), n, share, cl.flag_departures[flag], cl.flag_present[flag]])
    out.append(flags)

    labels: dict[str, str] = {}
    for row in cl.rows:
        for path, label in zip(row.unknown_facts, row.unknown_labels, strict=True):
            labels.setdefault(path, lb.text(label))
    facts = Table(
        "undetermined_facts",
        t("report.table.undetermined_facts", lang),
        [_h("fact", lang), _h("id", lang), _h("cases", lang)],
        note=t("report.note.undetermined_facts", lang),
    )
    for path, n in sorted(cl.unknown.items(), key=lambda kv: (-kv[1], kv[0])):
        facts.rows.append([labels.get(path, path), path, n])
    out.append(facts)
    out.append(undetermined_table(cl.rows, lb))

    errors = Table(
        "errors",
        t("report.table.errors", lang),
        [_h("source", lang), _h("incident", lang), _h("field", lang), _h("message", lang)],
    )
    errors.rows = [[e.source, e.incident_id, e.field, lb.text(e.message)] for e in cl.errors]
    out.append(errors)
    out.append(cases_table(cl.rows, lb))
    return out


NOT_COMPARABLE_REASONS = (
    "pending",
    "not_proven",
    "late_report",
    "not_determinable",
    "not_covered",
    "line_not_comparable",
)


def _prescribed_text(row: Row, lb: Labels) -> str:
    return "; ".join(f"{lb.track(tr)}: {lb.tier(ti)}" for tr, ti in row.prescribed) or lb.tier(row.prescribed_key)


def departures_table(rows: Iterable[Row], lb: Labels) -> Table:
    lang = lb.lang
    table = Table(
        "departures",
        t("report.table.departures", lang),
        [
            _h("incident", lang),
            _h("region", lang),
            _h("agency", lang),
            _h("subject", lang),
            _h("acts", lang),
            _h("prescribed", lang),
            _h("imposed", lang),
            _h("result", lang),
            _h("explanation", lang),
            _h("decided_by", lang),
            _h("number", lang),
            _h("date", lang),
        ],
    )
    for row in rows:
        if not row.departure:
            continue
        table.rows.append(
            [
                row.incident_id,
                row.region,
                row.agency,
                lb.role(row.role),
                ", ".join(lb.act(a) for a in row.act_types),
                _prescribed_text(row, lb),
                lb.tier(row.imposed_key),
                lb.result(row.result),
                lb.text(row.explanation),
                row.decided_by_name or lb.body(row.decided_by),
                row.number or "",
                row.decided_on.isoformat() if row.decided_on else "",
            ]
        )
    return table


def undetermined_table(rows: Iterable[Row], lb: Labels) -> Table:
    lang = lb.lang
    table = Table(
        "undetermined",
        t("report.table.undetermined", lang),
        [_h("incident", lang), _h("region", lang), _h("subject", lang), _h("acts", lang), _h("facts", lang)],
    )
    for row in rows:
        if row.status != "not_determinable":
            continue
        table.rows.append(
            [
                row.incident_id,
                row.region,
                lb.role(row.role),
                ", ".join(lb.act(a) for a in row.act_types),
                "; ".join(lb.text(x) for x in row.unknown_labels),
            ]
        )
    return table


def cases_table(rows: Iterable[Row], lb: Labels) -> Table:
    lang = lb.lang
    cols = [
        "incident", "source", "region", "province", "agency", "subject", "position", "election", "contest",
        "acts", "phases", "status", "headline", "prescribed", "decision", "stage", "decided_by", "number",
        "date", "imposed", "result", "reason", "explanation", "deciding_flags", "unknown_facts",
    ]  # fmt: skip
    table = Table("cases", t("report.table.cases", lang), [_h(c, lang) for c in cols])
    for row in rows:
        table.rows.append(
            [
                row.incident_id,
                row.source,
                row.region,
                row.province,
                row.agency,
                row.role,
                row.position if row.position != NOT_STATED else "",
                row.election,
                row.contest,
                " ".join(row.act_types),
                " ".join(row.phases),
                row.status,
                row.headline_tier,
                " ".join(f"{tr}:{ti}" for tr, ti in row.prescribed),
                row.decision,
                row.stage or "",
                row.decided_by_name or row.decided_by or "",
                row.number or "",
                row.decided_on.isoformat() if row.decided_on else "",
                row.imposed_key,
                row.result or "",
                row.reason or "",
                lb.text(row.explanation),
                " ".join(row.deciding_flags),
                " ".join(row.unknown_facts),
            ]
        )
    return table
