"""Several incidents at once: one line each (the case, its status, the sanction per track, what is
late or still to establish), not a screen per verdict. `--explain` still prints every verdict in full."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text

from ..i18n import Lang, t
from ..verdict import Verdict
from .common import b, late_deadlines, tier_phrase
from .text import STATUS_STYLE, distinct_sanctions


@dataclass(frozen=True)
class SummaryRow:
    where: str
    incident_id: str
    status: str
    outcome: str
    note: str


def summary_row(verdict: Verdict, where: str, lang: Lang) -> SummaryRow:
    outcome = "; ".join(
        f"{b(s.track_label, lang)}: {tier_phrase(s, lang)}" for s in distinct_sanctions(verdict)
    ) or t("tier.none", lang)
    notes = []
    if late_deadlines(verdict):
        notes.append(t("officer.late", lang))
    if verdict.open_questions:
        facts = sorted({b(label, lang) for q in verdict.open_questions for label in q.unknown_fact_labels})
        notes.append(t("officer.summary.establish", lang, facts=", ".join(facts)))
    return SummaryRow(where, verdict.incident_id, verdict.status, outcome, "; ".join(notes))


def error_row(where: str, message: str, lang: Lang) -> SummaryRow:
    return SummaryRow(where, "", "error", "", message)


def render_summary(rows: list[SummaryRow], lang: Lang) -> Table:
    table = Table(show_lines=False, pad_edge=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t("officer.case", lang), no_wrap=True)  # an id is typed and searched whole
    table.add_column(t("officer.summary.status", lang), ratio=2, min_width=10, overflow="fold")
    table.add_column(t("ui.sanctions", lang), ratio=4)
    table.add_column(t("ui.notes", lang), ratio=3)
    for i, row in enumerate(rows, 1):
        status = (
            Text(t(f"ui.status.{row.status}", lang), style=STATUS_STYLE.get(row.status, ""))
            if row.status != "error"
            else Text(t("ui.error", lang), style="bold magenta")
        )
        table.add_row(str(i), row.incident_id or row.where, status, row.outcome, row.note)
    return table
