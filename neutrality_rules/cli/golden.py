"""`nrules test`: golden cases."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console

from ..api import Backend
from ..errors import NrulesError
from ..i18n import t
from . import EXIT_OK, EXIT_VIOLATION, State, common_options, load_engine


def register(main: click.Group) -> None:
    @main.command("test")
    @click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
    @click.option("--quiet", "-q", is_flag=True, help="Only failures and the summary.")
    @common_options
    @click.pass_obj
    def test_cmd(
        state: State,
        paths: tuple[Path, ...],
        quiet: bool,
        rules: Path | None,
        layers: tuple[Path, ...],
        backend: Backend,
    ) -> None:
        """Run golden cases (default: cases/): pass/fail with a diff, and the rules no case exercises."""
        from ..golden import case_files, run_cases, uncovered_rules

        try:
            engine = load_engine(state, rules, layers, backend)
        except NrulesError as exc:
            sys.exit(state.fail(exc))
        out = Console(highlight=False)
        files = case_files(list(paths) or [Path("cases")])
        results = list(run_cases(engine, files))
        failed = [r for r in results if not r.passed]
        for r in results:
            if r.passed and quiet:
                continue
            mark = "[green]PASS[/]" if r.passed else "[red]FAIL[/]"
            out.print(f"{mark} {r.case_id}  [dim]{r.path}[/]")
            if r.error:
                out.print(f"     {r.error}", markup=False)
            for name, expected, actual in r.diffs:
                out.print(f"     {name}:", markup=False)
                out.print(f"       - expected: {expected}", style="green", markup=False)
                out.print(f"       + actual:   {actual}", style="red", markup=False)
        unexercised = uncovered_rules(engine, results)
        out.print(
            t("ui.test_summary", state.lang, total=len(results), passed=len(results) - len(failed), failed=len(failed))
        )
        if unexercised:
            out.print(t("ui.test_unexercised", state.lang, count=len(unexercised)), markup=False)
            for rid in unexercised:
                out.print(f"  - {rid}", markup=False)
        sys.exit(EXIT_VIOLATION if failed else EXIT_OK)
