"""`nrules rules ...`: browse the rule set as a lawyer would, without reading YAML."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..api import Engine
from ..describe import describe
from ..errors import NrulesError
from ..golden import case_files, load_case
from ..i18n import Lang, t
from ..ruleset.loader import CompiledRule, RuleSet
from ..ruleset.parse import did_you_mean


def _engine(state: object, rules: Path | None, layers: tuple[Path, ...]) -> Engine:
    return Engine.load(rules, layers=layers, backend="reference")


def _outcome(rs: RuleSet, rule: CompiledRule, lang: Lang) -> str:
    out = rule.rule.outcome
    if out is None:
        return t("rules.not_a_violation", lang)
    return rs.sanctions.tiers[out.tier].law.get(lang)


def _cases_for(rule_id: str, folder: Path) -> list[str]:
    hits = []
    for path in case_files([folder]) if folder.is_dir() else []:
        try:
            case = load_case(path)
        except NrulesError:
            continue
        if rule_id in (case.expect.rules or []) or rule_id in (case.expect.exemptions or []):
            hits.append(f"{case.id} ({path})")
    return hits


def skb_matrix(rs: RuleSet, lang: Lang) -> list[dict[str, str]]:
    """One row per rule, ordered as the SKB annex is: kode-etik rows, then disciplinary, then the rest."""
    track_order = list(rs.sanctions.tracks)

    def key(rule: CompiledRule) -> tuple[int, str, str]:
        out = rule.rule.outcome
        track = out.track if out else "zz"
        return (track_order.index(track) if track in track_order else 99, rule.rule.skb_row or "~", rule.id)

    rows = []
    for rule in sorted((r for r in rs.rules if r.rule.kind == "violation"), key=key):
        r = rule.rule
        assert r.outcome is not None
        tier = rs.sanctions.tiers[r.outcome.tier]
        options = [
            o.label.get(lang)
            for s in rs.sanctions.option_sets
            if s.regime == r.regime and s.tier == r.outcome.tier and s.status == "in_force"
            for o in s.options
        ]
        basis = [
            f"{rs.sources.instruments[rs.sources.provisions[b].instrument].short} {rs.sources.provisions[b].article}"
            for b in r.basis
        ]
        rows.append(
            {
                "no": r.skb_row or "",
                "violation": r.title.get(lang),
                "subjects": ", ".join(r.subjects),
                "tier": tier.law.get(lang),
                "sanctions": "; ".join(dict.fromkeys(options)),
                "basis": "; ".join(basis),
                "rule": r.id,
            }
        )
    return rows


def register(main: click.Group) -> None:
    @main.group("rules")
    def rules_group() -> None:
        """Browse the rule set: list, show, table, acts."""

    @rules_group.command("list")
    @click.option("--track", default=None, help="Only rules of this track.")
    @click.option("--subject", default=None, help="Only rules that reach this role.")
    @click.option("--rules", "rules", type=click.Path(path_type=Path), default=None)
    @click.option("--layer", "layers", multiple=True, type=click.Path(path_type=Path))
    @click.pass_obj
    def list_cmd(
        state: object, track: str | None, subject: str | None, rules: Path | None, layers: tuple[Path, ...]
    ) -> None:
        """List the rules with their outcome and file."""
        lang: Lang = state.lang  # type: ignore[attr-defined]
        rs = _load(state, rules, layers)
        table = Table(show_lines=False)
        for col in ("rule", "title", "outcome", "file"):
            table.add_column(t(f"rules.col.{col}", lang))
        for rule in rs.rules:
            out = rule.rule.outcome
            if track and (out is None or out.track != track):
                continue
            if subject and subject not in rule.subjects:
                continue
            table.add_row(rule.id, rule.rule.title.get(lang), _outcome(rs, rule, lang), str(rule.where))
        Console().print(table)

    @rules_group.command("show")
    @click.argument("rule_id")
    @click.option(
        "--cases",
        "cases_dir",
        type=click.Path(path_type=Path),
        default=Path("cases"),
        show_default=True,
        help="Golden cases to search for this rule.",
    )
    @click.option("--rules", "rules", type=click.Path(path_type=Path), default=None)
    @click.option("--layer", "layers", multiple=True, type=click.Path(path_type=Path))
    @click.pass_obj
    def show_cmd(state: object, rule_id: str, cases_dir: Path, rules: Path | None, layers: tuple[Path, ...]) -> None:
        """Show one rule: legal text, conditions in words, outcome, and the cases that exercise it."""
        lang: Lang = state.lang  # type: ignore[attr-defined]
        rs = _load(state, rules, layers)
        rule = rs.by_id.get(rule_id)
        if rule is None:
            hint = did_you_mean(rule_id, rs.by_id)
            click.echo(
                f"nrules: {t('rules.unknown_rule', lang, rule=rule_id)}"
                + (f" ({t('rules.did_you_mean', lang, hint=hint)})" if hint else ""),
                err=True,
            )
            sys.exit(2)
        r = rule.rule
        con = Console()
        con.print(f"[bold]{r.id}[/]  {r.title.get(lang)}")
        con.print(f"[dim]{rule.where}[/]")
        con.print(f"\n[bold]{t('ui.why', lang)}[/]: {r.explanation.get(lang)}")
        con.print(
            f"\n[bold]{t('rules.outcome', lang)}[/]: {_outcome(rs, rule, lang)}"
            + (f" ({r.outcome.track}/{r.outcome.tier})" if r.outcome else "")
        )
        regime = rs.sanctions.regimes[r.regime]
        con.print(f"[bold]{t('rules.regime', lang)}[/]: {regime.title.get(lang)} ({r.regime})")
        con.print(f"[bold]{t('rules.subjects', lang)}[/]: {', '.join(r.subjects)} -> {', '.join(rule.subjects)}")
        con.print(f"[bold]{t('ui.acts', lang)}[/]: {', '.join(r.acts)}")
        window = f"{r.in_force.from_ or '…'} .. {r.in_force.to or '…'}"
        con.print(f"[bold]{t('rules.in_force', lang)}[/]: {window}")
        con.print(f"\n[bold]{t('rules.conditions', lang)}[/]:")
        if rule.when is None:
            con.print(f"  {t('rules.no_conditions', lang)}")
        else:
            for line in describe(rule.when, rs, lang):
                con.print(f"  {line}", markup=False)
        con.print(f"\n[bold]{t('ui.basis', lang)}[/]:")
        for key in r.basis:
            prov = rs.sources.provisions[key]
            inst = rs.sources.instruments[prov.instrument]
            con.print(f"  [cyan]{inst.short} {prov.article}[/] [{prov.confidence}] ({key})")
            if prov.lead_in:
                con.print(f"    {prov.lead_in} …", markup=False)
            con.print(f"    “{prov.text}”", markup=False)
        if r.flags:
            con.print(f"\n[bold]{t('ui.flags', lang)}[/]:")
            for flag in r.flags:
                con.print(f"  - {flag}: {rs.flags.flags[flag].text.get(lang)}", markup=False)
        if r.overrides:
            con.print(f"\n[bold]{t('rules.overrides', lang)}[/]: {', '.join(r.overrides)}")
        cases = _cases_for(r.id, cases_dir)
        con.print(f"\n[bold]{t('rules.cases', lang)}[/] ({len(cases)}):")
        for case in cases:
            con.print(f"  - {case}", markup=False)

    @rules_group.command("table")
    @click.option("--format", "fmt", type=click.Choice(["text", "md", "csv"]), default="text", show_default=True)
    @click.option("--rules", "rules", type=click.Path(path_type=Path), default=None)
    @click.option("--layer", "layers", multiple=True, type=click.Path(path_type=Path))
    @click.pass_obj
    def table_cmd(state: object, fmt: str, rules: Path | None, layers: tuple[Path, ...]) -> None:
        """The violation x sanction matrix, in the shape of the SKB 2022 annex."""
        lang: Lang = state.lang  # type: ignore[attr-defined]
        rs = _load(state, rules, layers)
        rows = skb_matrix(rs, lang)
        cols = ["no", "violation", "subjects", "tier", "sanctions", "basis", "rule"]
        heads = [t(f"rules.col.{c}", lang) for c in cols]
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(heads)
            for row in rows:
                writer.writerow([row[c] for c in cols])
            click.echo(buf.getvalue(), nl=False)
        elif fmt == "md":
            click.echo("| " + " | ".join(heads) + " |")
            click.echo("|" + "---|" * len(cols))
            for row in rows:
                click.echo("| " + " | ".join(row[c].replace("|", "\\|") for c in cols) + " |")
        else:
            table = Table(show_lines=True)
            for head in heads:
                table.add_column(head)
            for row in rows:
                table.add_row(*(row[c] for c in cols))
            Console().print(table)

    @rules_group.command("acts")
    @click.option("--rules", "rules", type=click.Path(path_type=Path), default=None)
    @click.pass_obj
    def acts_cmd(state: object, rules: Path | None) -> None:
        """The act types an incident may use, with their labels and definitions."""
        lang: Lang = state.lang  # type: ignore[attr-defined]
        rs = _load(state, rules, ())
        table = Table()
        table.add_column("type")
        table.add_column(t("rules.col.violation", lang))
        table.add_column(t("rules.subjects", lang))
        for key, act in rs.vocabulary.act_types.items():
            desc = act.label.get(lang) + (f"\n{act.definition.get(lang)}" if act.definition else "")
            table.add_row(key, desc, ", ".join(act.subjects))
        Console().print(table)

    def _load(state: object, rules: Path | None, layers: tuple[Path, ...]) -> RuleSet:
        try:
            return _engine(state, rules, layers).ruleset
        except NrulesError as exc:
            sys.exit(state.fail(exc))  # type: ignore[attr-defined]
