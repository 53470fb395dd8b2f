"""`nrules rules audit`: the coverage audit table (act type x subject x election type x track), generated
from the rule set and its declarations; `--check FILE` compares it with a committed copy (CI)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..api import Engine
from ..errors import NrulesError
from ..i18n import t
from ..ruleset.loader import display_path
from . import EXIT_OK, EXIT_RULES, EXIT_VIOLATION, State
from .localise import current_lang
from .rules import LAYER_HELP, RULES_HELP

DEFAULT_TABLE = Path("docs/audit.md")


def register(main: click.Group) -> None:
    group = main.commands.get("rules")
    if not isinstance(group, click.Group):  # the rules module registers the group first
        raise RuntimeError("cli.audit must be registered after cli.rules")

    @group.command("audit")
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["md", "csv"]),
        default="md",
        show_default=True,
        help="Output format: a Markdown document (md) or CSV rows (csv).",
    )
    @click.option(
        "--check",
        "check_file",
        type=click.Path(path_type=Path),
        default=None,
        help=f"Compare with a committed table (e.g. {DEFAULT_TABLE}); exit 1 when it is stale.",
    )
    @click.option("--rules", "rules", type=click.Path(path_type=Path), default=None, help=RULES_HELP)
    @click.option("--layer", "layers", multiple=True, type=click.Path(path_type=Path), help=LAYER_HELP)
    @click.pass_obj
    def audit_cmd(
        state: State, fmt: str, check_file: Path | None, rules: Path | None, layers: tuple[Path, ...]
    ) -> None:
        """Print the coverage audit: for every act type, subject role, election type and track, the rule
        that decides it or the declaration that says why none applies (rules/declarations.yaml)."""
        from ..verify.audit import render_csv, render_markdown, run_audit

        try:
            rs = Engine.load(rules, layers=layers, backend="reference", strict=False).ruleset
        except NrulesError as exc:
            sys.exit(state.fail(exc) if exc.exit_code != 2 else EXIT_RULES)
        result = run_audit(rs)
        text = render_markdown(rs, result) if fmt == "md" else render_csv(result)
        if check_file is not None:
            current = check_file.read_text(encoding="utf-8") if check_file.is_file() else ""
            if current != text:
                click.echo(t("audit.stale", current_lang(), file=display_path(check_file), format=fmt), err=True)
                sys.exit(EXIT_VIOLATION)
            sys.exit(EXIT_OK if not result.problems else EXIT_VIOLATION)
        click.echo(text, nl=False)
        for problem in result.problems:
            click.echo(problem.render(), err=True)
