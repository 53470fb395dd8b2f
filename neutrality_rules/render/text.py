"""The terminal rendering: what a case officer reads first.

Colour marks the tier, but every tier is also written out in words, so the report reads the same
without colour (NO_COLOR, a pipe, a printer).
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..i18n import Lang, fmt_value, t
from ..verdict import Bilingual, OpenValue, Verdict

TIER_STYLE = {
    "none": "green",
    "moral": "yellow",
    "mild": "yellow",
    "moderate": "dark_orange",
    "severe": "red",
    "dismissal": "bold red",
    "criminal": "magenta",
    "referral": "magenta",
}
STATUS_STYLE = {"violation": "bold red", "no_violation": "bold green", "not_determinable": "bold yellow"}


def _b(text: Bilingual | None, lang: Lang) -> str:
    return "" if text is None else (text.id if lang == "id" else text.en)


def _when(when: list[list[OpenValue]], lang: Lang) -> str:
    """Open facts and their values: 'date of the act: before 13 November 2023' (lines joined by 'or')."""
    lines = ["; ".join(f"{_b(v.label, lang)}: {_b(v.value, lang)}" for v in line) for line in when]
    return f" {t('ui.or', lang)} ".join(lines) or t("open.any_day", lang)


def render_text(verdict: Verdict, lang: Lang) -> RenderableType:
    v = verdict
    parts: list[RenderableType] = []
    head = Text()
    head.append(t(f"ui.status.{v.status}", lang), style=STATUS_STYLE[v.status])
    head.append(f"  {t('ui.incident', lang)} {v.incident_id}\n")
    head.append(_b(v.summary, lang) + "\n")
    head.append(f"{t('ui.headline', lang)}: ")
    head.append(
        f"{_b(v.headline.label, lang)} [{v.headline.tier}/{v.headline.card_tier}]",
        style=TIER_STYLE.get(v.headline.card_tier, ""),
    )
    if v.headline.criminal_referral:
        head.append(" " + t("ui.criminal_referral", lang), style="magenta")
    parts.append(Panel(head, title="nrules", border_style=STATUS_STYLE[v.status].split()[-1]))

    c = v.context
    ctx = Table.grid(padding=(0, 2))
    ctx.add_row(t("ui.election", lang), f"{_b(c.election_title, lang)} ({c.election})")
    ctx.add_row(t("ui.contest", lang), c.contest)
    ctx.add_row(t("ui.determination", lang), str(c.determination_date))
    ctx.add_row(t("ui.campaign", lang), f"{c.campaign_from} .. {c.campaign_to}")
    ctx.add_row(t("ui.voting_day", lang), str(c.voting_day))
    role = _b(c.role_label, lang) + (f" ({c.role_alias})" if c.role_alias else "")
    ctx.add_row(t("ui.respondent", lang), role + (f", {c.position_kind}" if c.position_kind else ""))
    acts = Table(show_header=True, header_style="bold", box=None)
    acts.add_column("#")
    acts.add_column(t("ui.act", lang))
    acts.add_column(t("ui.date", lang))
    acts.add_column(t("ui.phase", lang))
    for a in c.acts:
        when = str(a.date) if a.date else _b(a.date_reported, lang)
        phase = _b(a.phase_label, lang) if a.phase_label else " / ".join(a.phases)
        acts.add_row(str(a.index + 1), f"{_b(a.type_label, lang)} ({a.type})", when, phase)
    parts.append(Panel(Group(ctx, Text(""), acts), title=t("ui.context", lang)))

    acts_by_index = {a.index: a for a in c.acts}
    track_labels = {s.track: s.track_label for s in v.sanctions}
    for title_key, items in (("ui.findings", v.findings), ("ui.exemptions", v.exemptions)):
        for f in items:
            body = Text()
            if f.tier:
                body.append(f"{t('ui.tier', lang)}: ")
                body.append(f"{_b(f.tier_label, lang)} [{f.tier}]", style=TIER_STYLE.get(f.card_tier or "", ""))
                track = _b(track_labels[f.track], lang) if f.track in track_labels else f.track
                body.append(f"  {t('ui.track', lang)}: {track}\n")
            act = acts_by_index[f.act_index]
            when = str(f.act_date) if f.act_date else _b(act.date_reported, lang)
            body.append(f"{t('ui.act', lang)} #{f.act_index + 1} {_b(act.type_label, lang)}, {when} ({f.phase})\n")
            if f.certainty == "possible":
                body.append(f"{t('ui.possible_when', lang)}: {_when(f.holds_when, lang)}\n", style="yellow")
            body.append(f"{t('ui.why', lang)}: ", style="bold")
            body.append(_b(f.explanation, lang) + "\n")
            body.append(f"{t('ui.facts', lang)}:\n", style="bold")
            for fc in f.facts:
                body.append(f"  - {_b(fc.label, lang)} ({fc.fact}) = {fmt_value(fc.actual, lang)}  [{fc.origin}]\n")
            body.append(f"{t('ui.basis', lang)}:\n", style="bold")
            for b in f.basis:
                body.append(f"  - {b.instrument} {b.article} [{b.confidence}]: ", style="cyan")
                body.append(f'"{b.text}"\n')
            if f.flags:
                body.append(f"{t('ui.flags', lang)}: {', '.join(f.flags)}\n", style="yellow")
            parts.append(
                Panel(
                    body, title=f"{t(title_key, lang)}: {_b(f.title, lang)}", subtitle=f"{f.rule_id}  ({f.rule_file})"
                )
            )

    if v.sanctions:
        for s in v.sanctions:
            body = Text()
            prefix = t("ui.at_least", lang) + " " if s.possible_heavier else ""
            if s.certainty == "possible":
                prefix = t("ui.possibly", lang) + " "
            body.append(
                f"{prefix}{_b(s.law_label, lang)} [{s.tier}/{s.card_tier}]\n", style=TIER_STYLE.get(s.card_tier, "")
            )
            for h in s.possible_heavier:
                body.append(f"  {t('ui.heavier_if', lang)} {_when(h.when, lang)}: {_b(h.tier_label, lang)}\n")
            if s.already_sanctioned:
                body.append(t("ui.already_sanctioned", lang) + "\n", style="bold")
            for oset in s.option_sets:
                status = f" ({t('ui.pending', lang)})" if oset.status == "pending" else ""
                body.append(f"{t('ui.options', lang)} {oset.id}{status}:\n", style="bold")
                for o in oset.options:
                    mark = f"  ({t('ui.excluded_by_repeat', lang)})" if o.excluded_by_repeat else ""
                    body.append(f"  - {_b(o.label, lang)}{mark}\n", style="dim" if o.excluded_by_repeat else "")
                if oset.note:
                    body.append(f"  {_b(oset.note, lang)}\n", style="italic")
            if s.escalation:
                body.append(f"{t('ui.escalation', lang)}: {_b(s.escalation.note, lang)}\n")
            for note in s.notes:
                body.append(f"{_b(note, lang)}\n", style="italic")
            if s.route:
                body.append(f"{t('ui.route', lang)}:\n", style="bold")
                for r in s.route:
                    body.append(
                        f"  - {t('ui.step.' + r.step, lang)}: {_b(r.label, lang)}"
                        + (f" ({', '.join(r.basis)})" if r.basis else "")
                        + "\n"
                    )
            if s.deadlines:
                body.append(f"{t('ui.deadlines', lang)}:\n", style="bold")
                for d in s.deadlines:
                    due = f", {t('ui.due', lang)} {d.due}" if d.due else ""
                    body.append(
                        f"  - {_b(d.label, lang)}: {d.amount} {t('ui.unit.' + d.unit, lang)}{due} [{d.confidence}]\n"
                    )
            parts.append(Panel(body, title=f"{t('ui.sanctions', lang)}: {_b(s.track_label, lang)}"))

    if v.scenarios:
        body = Text()
        for sc in v.scenarios:
            body.append(f"- {_when(sc.when, lang)}: {_b(sc.summary, lang)}\n")
        parts.append(Panel(body, title=t("ui.scenarios", lang), border_style="yellow"))
    if v.open_questions:
        body = Text()
        for q in v.open_questions:
            body.append(f"- {_b(q.label, lang)}\n", style="bold")
            for outcome in q.outcomes:
                body.append(f"    {_b(outcome.value, lang)}: {_b(outcome.summary, lang)}\n")
        parts.append(Panel(body, title=t("ui.open_questions", lang), border_style="yellow"))
    if v.not_needed:
        body = Text()
        for n in v.not_needed:
            body.append(f"- {t('open.not_needed', lang, fact=_b(n.label, lang), reported=_b(n.reported, lang))}\n")
        parts.append(Panel(body, title=t("ui.not_needed", lang)))
    if v.near_misses:
        body = Text()
        for m in v.near_misses:
            body.append(f"- #{m.act_index + 1} {_b(m.explanation, lang)} ({m.rule_id})\n")
        parts.append(Panel(body, title=t("ui.near_misses", lang)))
    if v.flags:
        body = Text()
        for flag in v.flags:
            body.append(f"- {flag.id}: ", style="yellow")
            body.append(f"{_b(flag.text, lang)} ({flag.reference})\n")
        parts.append(Panel(body, title=t("ui.flags", lang), border_style="yellow"))
    p = v.provenance
    prov = (
        f"nrules {p.nrules_version} | {t('ui.ruleset', lang)} {p.ruleset.name} {p.ruleset.version} "
        f"sha256:{p.ruleset.content_hash[:16]} | {t('ui.backend', lang)} {p.backend} | "
        f"{t('ui.law_as_of', lang)} {p.law_as_of} ({p.law_as_of_source})"
    )
    if p.backend_note:
        prov += "\n" + _b(p.backend_note, lang)
    parts.append(Text(prov, style="dim"))
    return Group(*parts)


def print_text(verdict: Verdict, lang: Lang, console: Console) -> None:
    console.print(render_text(verdict, lang))
