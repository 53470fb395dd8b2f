"""`nrules rules ...`: browse the rule set as a lawyer would, without reading YAML."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click
from rich.console import Console, RenderableType

from ..api import Engine
from ..errors import NrulesError
from ..golden import case_files, load_case
from ..i18n import Lang, t
from ..render.rules import MATRIX_COLUMNS, render_acts, render_matrix, render_rule, render_rule_list, subjects_text
from ..ruleset.loader import CompiledRule, RuleSet
from ..ruleset.parse import did_you_mean

RULES_HELP = "Rule set folder (default: the bundled rules/)."
LAYER_HELP = "Additional rule folder layered on top (repeatable), e.g. a province's rules."


def _page(renderable: RenderableType) -> None:
    """Print; on a terminal, through the pager when it is longer than the screen (PAGER, else less)."""
    console = Console()
    if console.is_terminal:
        with console.capture() as capture:
            console.print(renderable)
        text = capture.get()
        if text.count("\n") > console.height:
            with console.pager(styles=True):
                console.print(renderable)
            return
        console.print(renderable)
        return
    console.print(renderable)


def _engine(state: object, rules: Path | None, layers: tuple[Path, ...]) -> Engine:
    return Engine.load(rules, layers=layers, backend="reference")


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
                "subjects": subjects_text(rs, r.subjects, lang),
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
    @click.option("--ids", "technical", is_flag=True, help="Also show each rule's file and line.")
    @click.option("--rules", "rules", type=click.Path(path_type=Path), default=None, help=RULES_HELP)
    @click.option("--layer", "layers", multiple=True, type=click.Path(path_type=Path), help=LAYER_HELP)
    @click.pass_obj
    def list_cmd(
        state: object,
        track: str | None,
        subject: str | None,
        technical: bool,
        rules: Path | None,
        layers: tuple[Path, ...],
    ) -> None:
        """List the rules with their outcome."""
        lang: Lang = state.lang  # type: ignore[attr-defined]
        rs = _load(state, rules, layers)
        chosen = []
        for rule in rs.rules:
            out = rule.rule.outcome
            if track and (out is None or out.track != track):
                continue
            if subject and subject not in rule.subjects:
                continue
            chosen.append(rule)
        _page(render_rule_list(rs, chosen, lang, technical=technical))

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
    @click.option(
        "--ids", "technical", is_flag=True, help="Also show vocabulary keys, provision keys and confidence codes."
    )
    @click.option("--rules", "rules", type=click.Path(path_type=Path), default=None, help=RULES_HELP)
    @click.option("--layer", "layers", multiple=True, type=click.Path(path_type=Path), help=LAYER_HELP)
    @click.pass_obj
    def show_cmd(
        state: object,
        rule_id: str,
        cases_dir: Path,
        technical: bool,
        rules: Path | None,
        layers: tuple[Path, ...],
    ) -> None:
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
        _page(render_rule(rs, rule, lang, _cases_for(rule.id, cases_dir), technical=technical))

    @rules_group.command("table")
    @click.option("--format", "fmt", type=click.Choice(["text", "md", "csv"]), default="text", show_default=True)
    @click.option("--rules", "rules", type=click.Path(path_type=Path), default=None, help=RULES_HELP)
    @click.option("--layer", "layers", multiple=True, type=click.Path(path_type=Path), help=LAYER_HELP)
    @click.pass_obj
    def table_cmd(state: object, fmt: str, rules: Path | None, layers: tuple[Path, ...]) -> None:
        """The violation x sanction matrix, in the shape of the SKB 2022 annex."""
        lang: Lang = state.lang  # type: ignore[attr-defined]
        rs = _load(state, rules, layers)
        rows = skb_matrix(rs, lang)
        cols = list(MATRIX_COLUMNS)
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
            _page(render_matrix(rows, lang, Console().width))

    @rules_group.command("acts")
    @click.option("--rules", "rules", type=click.Path(path_type=Path), default=None, help=RULES_HELP)
    @click.pass_obj
    def acts_cmd(state: object, rules: Path | None) -> None:
        """The act types an incident may use, with their labels and definitions."""
        lang: Lang = state.lang  # type: ignore[attr-defined]
        rs = _load(state, rules, ())
        _page(render_acts(rs, lang))

    def _load(state: object, rules: Path | None, layers: tuple[Path, ...]) -> RuleSet:
        try:
            return _engine(state, rules, layers).ruleset
        except NrulesError as exc:
            sys.exit(state.fail(exc))  # type: ignore[attr-defined]
