"""The terminal rendering: what a case officer reads first.

Two forms. The short form (the default) fits one screen of 80 columns: the status, the sanction of
each track with the provisions and the facts that decided it, the next steps and their due dates.
`--explain` gives the full reasoning: every finding with the provisions quoted, every fact with where
it came from, the sanction options, the route, what would have changed the outcome, and each doubt.
`technical=True` (`--ids`) adds the rule ids, fact paths and confidence codes a rule author needs.

Colour marks the tier, but every tier is also written out in words, so the report reads the same
without colour (NO_COLOR, a pipe, a printer).
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..i18n import Lang, t
from ..i18n.dates import fmt_date, fmt_range
from ..incident import Incident
from ..ruleset.loader import RuleSet
from ..verdict import Finding, OpenValue, TrackSanction, Verdict
from .common import (
    Labels,
    act_number,
    b,
    cite,
    cite_all,
    deadline_sentence,
    deciding_facts,
    fact_sentence,
    late_deadlines,
    near_miss_sentence,
    ordered_route,
    summary_sentence,
    tier_phrase,
    unique_deadlines,
)

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
SHORT_WIDTH = 80


def _respondent(verdict: Verdict, incident: Incident | None, labels: Labels, lang: Lang) -> str:
    c = verdict.context
    role = b(c.role_label, lang)
    if c.role_alias:
        role += f" ({c.role_alias.replace('_', ' ').title()})"
    parts: list[str] = []
    resp = getattr(verdict, "respondent", None) or (incident.respondent if incident is not None else None)
    if resp is not None:
        name = getattr(resp, "name", None)
        jabatan = getattr(resp, "jabatan", None)
        parts.extend(x for x in (name, jabatan) if x)
    parts.append(role)
    position = labels.position(c.position_kind, lang) if c.position_kind else ""
    if position and position.lower() not in role.lower():
        parts.append(position)
    return ", ".join(parts)


def _election(verdict: Verdict, incident: Incident | None, labels: Labels, lang: Lang) -> str:
    c = verdict.context
    text = f"{b(c.election_title, lang)}, {labels.contest(c.contest, lang)}"
    region = incident.election.region if incident is not None else None
    return text + (f", {region}" if region else "")


def _act_when(verdict: Verdict, index: int, lang: Lang, labels: Labels) -> str:
    """The act's date in words; when it is not one day, as reported ("November 2023") and the phases it
    may fall in ("sebelum penetapan calon atau masa kampanye") unless the report already says."""
    act = next(a for a in verdict.context.acts if a.index == index)
    if act.date is not None:
        phase = b(act.phase_label, lang) if act.phase_label else ""
        return ", ".join(x for x in (fmt_date(act.date, lang), phase) if x)
    when = b(act.date_reported, lang)
    phases = [labels.phase(p, lang) for p in act.phases] or ([b(act.phase_label, lang)] if act.phase_label else [])
    phases = [p for p in phases if p and p not in when]
    if not phases:
        return when
    joiner = f" {t('ui.or', lang)} "
    return f"{when} ({joiner.join(phases)})"


def _header(verdict: Verdict, incident: Incident | None, labels: Labels, lang: Lang) -> Panel:
    v = verdict
    head = Text()
    head.append(t(f"ui.status.{v.status}", lang), style=STATUS_STYLE[v.status])
    head.append(f"  {t('officer.case', lang)} {v.incident_id}\n")
    head.append(f"{t('ui.respondent', lang)}: ", style="bold")
    head.append(_respondent(v, incident, labels, lang) + "\n")
    head.append(f"{t('ui.election', lang)}: ", style="bold")
    head.append(_election(v, incident, labels, lang))
    if incident is not None and incident.report is not None and incident.report.number:
        head.append(f"\n{t('officer.report_number', lang)}: ", style="bold")
        head.append(incident.report.number)
    return Panel(head, border_style=STATUS_STYLE[v.status].split()[-1], padding=(0, 1))


def _indent(renderable: RenderableType, left: int = 2) -> Table:
    """`renderable` indented by `left` columns, wrapped lines keeping the indentation."""
    grid = Table.grid()
    grid.add_column(width=left, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row("", renderable)
    return grid


def _items(rows: list[tuple[str, RenderableType]], left: int = 0) -> Table:
    """A list whose markers ("1.", "-") hang: wrapped lines align with the text, not the margin."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    if left:
        grid.add_column(width=left - 1 if left > 1 else left, no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for marker, body in rows:
        grid.add_row(*([""] if left else []), marker, body)
    return grid


def _field(label: str, value: str | Text, style: str = "") -> Table:
    """ "Label: value" with the value wrapping under itself."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    grid.add_row(f"{label}:", value if isinstance(value, Text) else Text(value, style=style))
    return grid


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(""), Text(title, style="bold underline"), _indent(body))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _acts(verdict: Verdict, lang: Lang, labels: Labels) -> RenderableType:
    rows: list[tuple[str, RenderableType]] = []
    for a in verdict.context.acts:
        body = Text(b(a.type_label, lang))
        body.append(f"\n{_act_when(verdict, a.index, lang, labels)}", style="dim")
        rows.append((f"{act_number(a.index)}.", body))
    return _section(t("ui.acts", lang), _items(rows))


def _findings_of(verdict: Verdict, s: TrackSanction) -> list[Finding]:
    deciding = [f for f in verdict.findings if f.track == s.track and f.rule_id in s.decided_by]
    return deciding or [f for f in verdict.findings if f.track == s.track]


def distinct_sanctions(verdict: Verdict) -> list[TrackSanction]:
    """The sanctions, once each: a track that reports every finding (criminal referrals) repeats the
    same referral per act, which reads as one referral covering those acts."""
    seen: dict[tuple[str, str, tuple[str, ...]], TrackSanction] = {}
    for s in verdict.sanctions:
        seen.setdefault((s.track, s.tier, tuple(s.decided_by)), s)
    return list(seen.values())


def _by_rule(findings: list[Finding]) -> list[list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.rule_id, []).append(f)
    return list(groups.values())


def _reason(verdict: Verdict, f: Finding, labels: Labels, lang: Lang) -> str:
    """The facts that decided a finding; those the report does not mention (an aggravating fact taken as
    absent) are counted, not listed: `--explain` lists them."""
    facts = deciding_facts(f)
    said = [
        fact_sentence(fc, labels, lang, verdict=verdict, act=f.act_index)
        for fc in facts
        if fc.origin != "not_mentioned"
    ]
    silent = len(facts) - len(said)
    if silent:
        said.append(t("officer.not_mentioned_facts", lang, count=silent))
    return "; ".join(said)


def _sanction_short(verdict: Verdict, s: TrackSanction, labels: Labels, lang: Lang, technical: bool) -> Group:
    style = TIER_STYLE.get(s.card_tier, "")
    head = Text()
    head.append(f"{_cap(b(s.track_label, lang))}: ", style="bold")
    head.append(tier_phrase(s, lang), style=style)
    lines: list[RenderableType] = []
    if s.already_sanctioned:
        lines.append(Text(t("ui.already_sanctioned", lang), style="bold"))
    if s.escalation is not None:
        lines.append(Text(b(s.escalation.note, lang)))
    for h in s.possible_heavier:
        lines.append(_field(t("ui.heavier_if", lang), f"{_when(h.when, lang)}: {b(h.tier_label, lang)}"))
    for group in _by_rule(_findings_of(verdict, s)):
        first = group[0]
        acts = ", ".join(str(act_number(f.act_index)) for f in group)
        lines.append(_field(f"{t('ui.act', lang)} {acts}", b(first.title, lang)))
        sub: list[RenderableType] = [_field(t("ui.basis", lang), cite_all(first.basis), style="cyan")]
        reasons = {f.act_index: _reason(verdict, f, labels, lang) for f in group}
        if len(set(reasons.values())) == 1:
            if reasons.get(first.act_index):
                sub.append(_field(t("officer.because", lang), reasons[first.act_index]))
        else:
            for index, reason in reasons.items():
                if reason:
                    sub.append(_field(f"{t('officer.because', lang)} ({act_number(index)})", reason))
        if technical:
            sub.append(Text(f"{first.rule_id} ({first.rule_file})", style="dim"))
        lines.append(_indent(Group(*sub)))
    options = [
        b(o.label, lang)
        for oset in s.option_sets
        if oset.status == "in_force"
        for o in oset.options
        if not o.excluded_by_repeat
    ]
    if options:
        lines.append(_field(t("ui.options", lang), "; ".join(dict.fromkeys(options))))
    marker = Text("■", style=style)
    return Group(_items([(marker.markup, head)]), _indent(Group(*lines)))


def _next_steps(verdict: Verdict, labels: Labels, lang: Lang, *, short: bool) -> RenderableType:
    parts: list[RenderableType] = []
    seen: set[tuple[str, ...]] = set()
    for s in verdict.sanctions:
        steps = tuple(f"{t('officer.step.' + r.step, lang)} {b(r.label, lang)}" for r in ordered_route(s))
        if not steps or steps in seen:
            continue
        seen.add(steps)
        parts.append(Text(f"{_cap(b(s.track_label, lang))}:", style="bold"))
        parts.append(_items([(f"{i}.", Text(step)) for i, step in enumerate(steps, 1)], left=2))
    deadlines = unique_deadlines(verdict)
    shown = [d for d in deadlines if d.due is not None] if short else deadlines
    if shown:
        parts.append(Text(f"{t('ui.deadlines', lang)}:", style="bold"))
        rows: list[tuple[str, RenderableType]] = []
        for d in shown:
            late = (getattr(d, "late_by_days", None) or 0) > 0
            rows.append(("-", Text(deadline_sentence(d, lang), style="bold red" if late else "")))
        parts.append(_items(rows, left=2))
    if short and len(shown) < len(deadlines):
        parts.append(Text(t("officer.more_deadlines", lang, count=len(deadlines) - len(shown)), style="dim"))
    if not parts:
        return Text("")
    return _section(t("officer.next_steps", lang), Group(*parts))


def _when(when: list[list[OpenValue]], lang: Lang) -> str:
    """Open facts and their values, "tanggal perbuatan: sejak 13 November 2023" (lines joined by "atau")."""
    lines = ["; ".join(f"{b(v.label, lang)}: {b(v.value, lang)}" for v in line) for line in when]
    return f" {t('ui.or', lang)} ".join(lines)


def _open_questions(verdict: Verdict, labels: Labels, lang: Lang) -> RenderableType:
    """What to establish: each open fact that decides the outcome, with what each value would lead to."""
    rows: list[tuple[str, RenderableType]] = []
    for q in verdict.open_questions:
        body = Text(b(q.label, lang), style="bold")
        for outcome in q.outcomes:
            body.append(f"\n{b(outcome.value, lang)}: {b(outcome.summary, lang)}")
        rows.append(("-", body))
    return _section(t("officer.to_establish", lang), _items(rows))


def _scenarios(verdict: Verdict, lang: Lang) -> RenderableType:
    rows: list[tuple[str, RenderableType]] = [
        ("-", Text(f"{_cap(_when(sc.when, lang))}: {b(sc.summary, lang)}")) for sc in verdict.scenarios
    ]
    return _section(t("ui.scenarios", lang), _items(rows))


def _not_needed(verdict: Verdict, lang: Lang) -> RenderableType:
    rows: list[tuple[str, RenderableType]] = [
        ("-", Text(t("open.not_needed", lang, fact=b(n.label, lang), reported=b(n.reported, lang))))
        for n in verdict.not_needed
    ]
    return _section(t("ui.not_needed", lang), _items(rows))


def _exemptions(verdict: Verdict, lang: Lang) -> RenderableType:
    rows: list[tuple[str, RenderableType]] = []
    for f in verdict.exemptions:
        body = Group(
            Text(f"{t('ui.act', lang)} {act_number(f.act_index)}: {b(f.title, lang)}", style="bold"),
            Text(b(f.explanation, lang)),
            _field(t("ui.basis", lang), cite_all(f.basis), style="cyan"),
        )
        rows.append(("-", body))
    return _section(t("ui.exemptions", lang), _items(rows))


def _doubts_line(verdict: Verdict, lang: Lang) -> RenderableType:
    gaps = [f for f in verdict.flags if f.severity == "gap"]
    parts: list[RenderableType] = [_items([("!", Text(b(f.text, lang), style="yellow")) for f in gaps])] if gaps else []
    others = len(verdict.flags) - len(gaps)
    if others:
        parts.append(Text(t("officer.doubts_hint", lang, count=others), style="dim"))
    return Group(*parts)


def render_short(
    verdict: Verdict,
    lang: Lang,
    incident: Incident | None = None,
    ruleset: RuleSet | None = None,
    *,
    technical: bool = False,
) -> RenderableType:
    """The verdict on one screen: status, sanction per track with its provisions and deciding facts,
    what to establish, next steps and their due dates."""
    v = verdict
    labels = Labels.of(ruleset)
    parts: list[RenderableType] = [_header(v, incident, labels, lang)]
    for d in late_deadlines(v):
        warning = Text(f"{t('officer.late', lang)}: {deadline_sentence(d, lang)}", style="bold red")
        parts.append(_items([("!", warning)]))
    parts.append(_acts(v, lang, labels))
    if v.sanctions:
        blocks = [_sanction_short(v, s, labels, lang, technical) for s in distinct_sanctions(v)]
        parts.append(_section(t("ui.sanctions", lang), Group(*blocks)))
    elif v.status != "not_determinable" and not v.exemptions:
        parts.append(Text(summary_sentence(v, lang)))
    if v.exemptions and not v.findings:
        parts.append(_exemptions(v, lang))
    if v.scenarios:
        parts.append(_scenarios(v, lang))
    elif v.open_questions:
        parts.append(_open_questions(v, labels, lang))
    if v.not_needed:
        parts.append(_not_needed(v, lang))
    parts.append(_next_steps(v, labels, lang, short=True))
    parts.append(_doubts_line(v, lang))
    return Group(*parts)


# ---------------------------------------------------------------- the full reasoning (--explain)


def _finding_panel(verdict: Verdict, f: Finding, title_key: str, labels: Labels, lang: Lang, technical: bool) -> Panel:
    track_labels = {s.track: s.track_label for s in verdict.sanctions}
    body = Text(b(f.title, lang) + "\n", style="bold")
    if f.tier:
        body.append(f"{t('ui.tier', lang)}: ")
        body.append(b(f.tier_label, lang), style=TIER_STYLE.get(f.card_tier or "", ""))
        track = b(track_labels[f.track], lang) if f.track in track_labels else labels.term("tracks", f.track, lang)
        body.append(f"  {t('ui.track', lang)}: {track}\n")
    body.append(f"{t('ui.act', lang)} {act_number(f.act_index)}: ", style="bold")
    body.append(f"{b(next(a.type_label for a in verdict.context.acts if a.index == f.act_index), lang)}, ")
    body.append(_act_when(verdict, f.act_index, lang, labels) + "\n")
    body.append(f"{t('ui.why', lang)}: ", style="bold")
    body.append(b(f.explanation, lang) + "\n")
    body.append(f"{t('ui.facts', lang)}:\n", style="bold")
    for fc in f.facts:
        line = fact_sentence(fc, labels, lang, origin=True, verdict=verdict, act=f.act_index)
        if technical:
            line += f"  [{fc.fact}]"
        body.append(f"  - {line}\n")
    body.append(f"{t('ui.basis', lang)}:\n", style="bold")
    for x in f.basis:
        body.append(f"  - {cite(x)}", style="cyan")
        if technical:
            body.append(f" [{x.confidence}]", style="cyan")
        lead = f"{x.lead_in} … " if x.lead_in else ""
        body.append(f': "{lead}{x.text}"\n')
    subtitle = f"{f.rule_id} ({f.rule_file})" if technical else None
    return Panel(body, title=t(title_key, lang), subtitle=subtitle, title_align="left")


def _sanction_panel(s: TrackSanction, labels: Labels, lang: Lang, technical: bool) -> Panel:
    body = Text()
    body.append(tier_phrase(s, lang) + "\n", style=TIER_STYLE.get(s.card_tier, ""))
    if s.already_sanctioned:
        body.append(t("ui.already_sanctioned", lang) + "\n", style="bold")
    for oset in s.option_sets:
        status = f" ({t('ui.pending', lang)})" if oset.status == "pending" else ""
        body.append(f"{t('ui.options', lang)}{status}", style="bold")
        if technical:
            body.append(f" [{oset.id}]", style="dim")
        body.append(f" ({labels.provisions(oset.basis)}):\n" if oset.basis else ":\n")
        for o in oset.options:
            mark = f"  ({t('ui.excluded_by_repeat', lang)})" if o.excluded_by_repeat else ""
            body.append(f"  - {b(o.label, lang)}{mark}\n", style="dim" if o.excluded_by_repeat else "")
        if oset.note:
            body.append(f"  {b(oset.note, lang)}\n", style="italic")
    if s.escalation:
        body.append(f"{t('ui.escalation', lang)}: {b(s.escalation.note, lang)}\n")
    for note in s.notes:
        body.append(f"{b(note, lang)}\n", style="italic")
    if s.route:
        body.append(f"{t('ui.route', lang)}:\n", style="bold")
        for r in ordered_route(s):
            basis = f" ({labels.provisions(r.basis)})" if r.basis else ""
            body.append(f"  - {t('officer.step.' + r.step, lang)} {b(r.label, lang)}{basis}\n")
            if r.note:
                body.append(f"    {b(r.note, lang)}\n", style="italic")
    if s.deadlines:
        body.append(f"{t('ui.deadlines', lang)}:\n", style="bold")
        for d in s.deadlines:
            basis = f" ({labels.provisions(d.basis)})" if d.basis else ""
            conf = f" [{d.confidence}]" if technical else ""
            body.append(f"  - {deadline_sentence(d, lang)}{basis}{conf}\n")
    return Panel(body, title=f"{t('ui.sanctions', lang)}: {b(s.track_label, lang)}", title_align="left")


def render_full(
    verdict: Verdict,
    lang: Lang,
    incident: Incident | None = None,
    ruleset: RuleSet | None = None,
    *,
    technical: bool = False,
) -> RenderableType:
    """The full reasoning behind the verdict (`--explain`)."""
    v = verdict
    labels = Labels.of(ruleset)
    parts: list[RenderableType] = [_header(v, incident, labels, lang), Text(summary_sentence(v, lang))]
    c = v.context
    ctx = Table.grid(padding=(0, 2))
    ctx.add_row(t("ui.determination", lang), fmt_date(c.determination_date, lang))
    ctx.add_row(t("ui.campaign", lang), fmt_range(c.campaign_from, c.campaign_to, lang))
    ctx.add_row(t("ui.voting_day", lang), fmt_date(c.voting_day, lang))
    parts.append(Panel(Group(ctx, Text(""), _acts(v, lang, labels)), title=t("ui.context", lang), title_align="left"))
    for title_key, items in (("ui.findings", v.findings), ("ui.exemptions", v.exemptions)):
        for f in items:
            parts.append(_finding_panel(v, f, title_key, labels, lang, technical))
    for s in v.sanctions:
        parts.append(_sanction_panel(s, labels, lang, technical))
    if v.scenarios:
        parts.append(Panel(_scenarios(v, lang), border_style="yellow"))
    if v.open_questions:
        parts.append(Panel(_open_questions(v, labels, lang), border_style="yellow"))
    if v.not_needed:
        parts.append(Panel(_not_needed(v, lang)))
    if v.near_misses:
        body = Text()
        for m in v.near_misses:
            body.append(f"- {t('ui.act', lang)} {act_number(m.act_index)}: {near_miss_sentence(m, labels, lang)}")
            body.append(f" ({m.rule_id})\n" if technical else "\n", style="dim")
        parts.append(Panel(body, title=t("ui.near_misses", lang), title_align="left"))
    if v.flags:
        body = Text()
        for flag in v.flags:
            body.append("- ", style="yellow")
            if technical:
                body.append(f"{flag.id}: ", style="yellow")
            body.append(f"{b(flag.text, lang)} ({flag.reference})\n")
        parts.append(Panel(body, title=t("ui.flags", lang), border_style="yellow", title_align="left"))
    p = v.provenance
    prov = t(
        "officer.provenance",
        lang,
        version=p.nrules_version,
        ruleset=f"{p.ruleset.name} {p.ruleset.version}",
        hash=p.ruleset.content_hash[:16],
        backend=p.backend,
        law_date=fmt_date(p.law_as_of, lang),
        source=t("officer.law_date_source." + p.law_as_of_source, lang),
    )
    if p.backend_note:
        prov += "\n" + b(p.backend_note, lang)
    parts.append(Text(prov, style="dim"))
    return Group(*parts)


def render_text(
    verdict: Verdict,
    lang: Lang,
    incident: Incident | None = None,
    ruleset: RuleSet | None = None,
    *,
    explain: bool = False,
    technical: bool = False,
) -> RenderableType:
    if explain:
        return render_full(verdict, lang, incident, ruleset, technical=technical)
    return render_short(verdict, lang, incident, ruleset, technical=technical)


def print_text(
    verdict: Verdict,
    lang: Lang,
    console: Console,
    incident: Incident | None = None,
    ruleset: RuleSet | None = None,
    *,
    explain: bool = False,
    technical: bool = False,
) -> None:
    """Print a verdict; the short form is held to 80 columns even on a wide terminal, so that it reads
    as one screen and prints on a page."""
    renderable = render_text(verdict, lang, incident, ruleset, explain=explain, technical=technical)
    if explain:
        console.print(renderable)
        return
    width = min(console.width, SHORT_WIDTH)
    console.print(renderable, width=width)
