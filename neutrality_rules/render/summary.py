"""Several incidents at once: one line each (the case, its status, the sanction per track, what is
late or still to establish), not a screen per verdict. `--explain` still prints every verdict in full."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.text import Text

from ..i18n import Lang, t
from ..verdict import Verdict
from .common import b, late_deadlines, tier_phrase
from .text import STATUS_STYLE, _cap, _items, distinct_sanctions


@dataclass(frozen=True)
class SummaryRow:
    where: str
    incident_id: str
    status: str
    outcome: str
    note: str


def summary_row(verdict: Verdict, where: str, lang: Lang) -> SummaryRow:
    outcome = "; ".join(
        dict.fromkeys(f"{_cap(b(s.track_label, lang))}: {tier_phrase(s, lang)}" for s in distinct_sanctions(verdict))
    ) or t("tier.none", lang)
    notes = []
    if late_deadlines(verdict):
        notes.append(t("officer.late", lang))
    if verdict.open_questions:
        facts = sorted({b(q.label, lang) for q in verdict.open_questions})
        notes.append(t("officer.summary.establish", lang, facts=", ".join(facts)))
    return SummaryRow(where, verdict.incident_id, verdict.status, outcome, "; ".join(notes))


def error_row(where: str, message: str, lang: Lang) -> SummaryRow:
    return SummaryRow(where, "", "error", "", message)


def render_summary(rows: list[SummaryRow], lang: Lang) -> RenderableType:
    """One block per case, two or three lines, wrapping under itself at any width."""
    items: list[tuple[str, RenderableType]] = []
    for i, row in enumerate(rows, 1):
        head = Text(row.incident_id or row.where, style="bold")
        if row.status == "error":
            head.append("  " + t("ui.error", lang).upper(), style="bold magenta")
        else:
            head.append("  " + t(f"ui.status.{row.status}", lang), style=STATUS_STYLE.get(row.status, ""))
        lines: list[RenderableType] = [head]
        if row.outcome:
            lines.append(Text(row.outcome))
        if row.note:
            lines.append(Text(row.note, style="yellow" if row.status != "error" else "magenta"))
        items.append((f"{i}.", Group(*lines)))
    return _items(items)
