"""The rule set as a lawyer browses it (`nrules rules list/show/table`), at any terminal width.

Wide tables wrap into unreadable slivers at 80 columns, so rules are listed as blocks: the id a user
types into `nrules rules show`, then the title and outcome with wrapped lines keeping their
indentation. Vocabulary keys, provision keys and confidence codes appear only with `technical`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..describe import describe
from ..i18n import Lang, t
from ..i18n.dates import fmt_date
from ..ruleset.loader import CompiledRule, RuleSet

WIDE = 140
"""At this width and above the SKB matrix is drawn as one table, as the annex is."""


def _hang(label: str, value: str | Text, left: int = 2) -> Table:
    """`label: value` indented by `left` columns, the value's wrapped lines aligned under it."""
    grid = Table.grid()
    cells: list[str | Text] = []
    if left:
        grid.add_column(width=left, no_wrap=True)
        cells.append("")
    if label:
        grid.add_column(no_wrap=True, style="bold")
        cells.append(f"{label}: ")
    grid.add_column(ratio=1)
    grid.add_row(*cells, value)
    return grid


def outcome_text(rs: RuleSet, rule: CompiledRule, lang: Lang) -> str:
    out = rule.rule.outcome
    if out is None:
        return t("rules.not_a_violation", lang)
    return rs.sanctions.tiers[out.tier].law.get(lang)


def subjects_text(rs: RuleSet, keys: list[str] | tuple[str, ...], lang: Lang) -> str:
    """Roles in words; a group (asn, village) is written as the roles it holds."""
    labels = []
    for key in rs.expand_subjects(keys):
        role = rs.vocabulary.roles.get(key)
        labels.append(role.label.get(lang) if role is not None else key)
    return ", ".join(labels)


def acts_text(rs: RuleSet, keys: list[str] | tuple[str, ...], lang: Lang, technical: bool = False) -> str:
    out = []
    for key in keys:
        act = rs.vocabulary.act_types.get(key)
        label = act.label.get(lang) if act is not None else key
        out.append(f"{label} ({key})" if technical else label)
    return "; ".join(out)


def render_rule_list(rs: RuleSet, rules: list[CompiledRule], lang: Lang, *, technical: bool = False) -> Group:
    """One block per rule: its id, then title and outcome (and, with `technical`, its file:line)."""
    blocks: list[RenderableType] = []
    for rule in rules:
        blocks.append(Text(rule.id, style="bold cyan"))
        body = Text(rule.rule.title.get(lang))
        body.append(f"\n→ {outcome_text(rs, rule, lang)}", style="bold")
        if technical:
            body.append(f"\n{rule.where}", style="dim")
        blocks.append(_hang("", body, left=1))
    return Group(*blocks)


def render_rule(rs: RuleSet, rule: CompiledRule, lang: Lang, cases: list[str], *, technical: bool = False) -> Group:
    """One rule: its legal text, conditions in words, outcome, and the golden cases that exercise it."""
    r = rule.rule
    parts: list[RenderableType] = [Text(r.id, style="bold cyan"), Text(r.title.get(lang), style="bold")]
    if technical:
        parts.append(Text(str(rule.where), style="dim"))
    parts.append(Text(""))
    parts.append(_hang(t("ui.why", lang), r.explanation.get(lang), left=0))
    parts.append(_hang(t("rules.outcome", lang), outcome_text(rs, rule, lang), left=0))
    regime = rs.sanctions.regimes[r.regime]
    parts.append(_hang(t("officer.fact.regime", lang).capitalize(), regime.title.get(lang), left=0))
    parts.append(_hang(t("rules.subjects", lang), subjects_text(rs, rule.subjects, lang), left=0))
    parts.append(_hang(t("ui.acts", lang), acts_text(rs, r.acts, lang, technical), left=0))
    start = fmt_date(r.in_force.from_, lang) if r.in_force.from_ else "…"
    end = fmt_date(r.in_force.to, lang) if r.in_force.to else "…"
    parts.append(_hang(t("rules.in_force", lang), f"{start} - {end}", left=0))
    parts.append(Text(""))
    parts.append(Text(f"{t('rules.conditions', lang)}:", style="bold"))
    if rule.when is None:
        parts.append(_hang("", t("rules.no_conditions", lang)))
    else:
        for line in describe(rule.when, rs, lang, technical=technical):
            depth = (len(line) - len(line.lstrip(" "))) // 2
            parts.append(_hang("", Text(line.strip()), left=2 + 2 * depth))  # nesting kept
    parts.append(Text(""))
    parts.append(Text(f"{t('ui.basis', lang)}:", style="bold"))
    for key in r.basis:
        prov = rs.sources.provisions[key]
        inst = rs.sources.instruments[prov.instrument]
        head = Text(f"{inst.short} {prov.article}", style="cyan")
        if technical:
            head.append(f" [{prov.confidence}] ({key})", style="dim")
        parts.append(_hang("", head))
        if prov.lead_in:
            parts.append(_hang("", Text(f"{prov.lead_in} …", style="dim"), left=4))
        parts.append(_hang("", Text(f"“{prov.text}”"), left=4))
    if r.flags:
        parts.append(Text(""))
        parts.append(Text(f"{t('ui.flags', lang)}:", style="bold"))
        for flag in r.flags:
            text = rs.flags.flags[flag].text.get(lang)
            parts.append(_hang("", Text(f"- {flag}: {text}" if technical else f"- {text}")))
    if r.overrides:
        parts.append(_hang(t("rules.overrides", lang), ", ".join(r.overrides), left=0))
    parts.append(Text(""))
    parts.append(Text(f"{t('rules.cases', lang)}: {len(cases)}", style="bold"))
    if technical:  # case ids and files are for rule authors
        for case in cases:
            parts.append(_hang("", Text(f"- {case}")))
    return Group(*parts)


MATRIX_COLUMNS = ("no", "violation", "subjects", "tier", "sanctions", "basis", "rule")


def render_matrix(rows: list[dict[str, str]], lang: Lang, width: int) -> RenderableType:
    """The SKB-shaped matrix: one table on a wide terminal, one block per row otherwise."""
    heads = {c: t(f"rules.col.{c}", lang) for c in MATRIX_COLUMNS}
    if width >= WIDE:
        table = Table(show_lines=True)
        for c in MATRIX_COLUMNS:
            table.add_column(heads[c], no_wrap=c == "no")
        for row in rows:
            table.add_row(*(row[c] for c in MATRIX_COLUMNS))
        return table
    blocks: list[RenderableType] = []
    for row in rows:
        grid = Table.grid()
        grid.add_column(width=5, no_wrap=True, style="bold cyan")
        grid.add_column(ratio=1, style="bold")
        grid.add_row(row["no"], row["violation"])
        blocks.append(grid)
        for c in ("subjects", "tier", "sanctions", "basis", "rule"):
            if row[c]:
                blocks.append(_hang(heads[c][:1].upper() + heads[c][1:], row[c], left=5))
        blocks.append(Text(""))
    return Group(*blocks)


def render_acts(rs: RuleSet, lang: Lang) -> Group:
    """The act types an incident may use: what to type, the label and definition, who can commit it
    (in words), and the questions the rules ask about it (its modifiers)."""
    from ..interview.flow import modifiers_tested

    blocks: list[RenderableType] = []
    for key, act in rs.vocabulary.act_types.items():
        head = Text(key, style="bold cyan")
        if act.id_names:
            head.append(f"  ({t('officer.acts.id_names', lang)}: {', '.join(act.id_names)})", style="cyan")
        blocks.append(head)
        body = Text(act.label.get(lang), style="bold")
        if act.definition is not None:
            body.append("\n" + act.definition.get(lang))
        blocks.append(_hang("", body, left=3))
        blocks.append(_hang(t("rules.subjects", lang), subjects_text(rs, act.subjects, lang), left=3))
        mods = modifiers_tested(rs, key)
        if mods:
            words = "; ".join(f"{rs.vocabulary.modifiers[m].label.get(lang)} ({m})" for m in mods)
            blocks.append(_hang(t("officer.acts.modifiers", lang), words, left=3))
        blocks.append(Text(""))
    return Group(*blocks)
