"""`nrules test`: golden cases, for a rule author (text) or a CI system (JUnit XML, JSON)."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from ..api import Backend
from ..errors import NrulesError
from ..i18n import t
from . import EXIT_OK, EXIT_VIOLATION, State, common_options, load_engine


def _as_json(results: list[Any], unexercised: list[str]) -> str:
    failed = [r for r in results if not r.passed]
    return json.dumps(
        {
            "total": len(results),
            "passed": len(results) - len(failed),
            "failed": len(failed),
            "cases": [
                {
                    "id": r.case_id,
                    "path": r.path,
                    "passed": r.passed,
                    "error": r.error,
                    "diffs": [{"name": n, "expected": e, "actual": a} for n, e, a in r.diffs],
                    "rules": [{"id": rid, "where": where} for rid, where in r.rules],
                }
                for r in results
            ],
            "unexercised_rules": unexercised,
        },
        ensure_ascii=False,
        indent=2,
        default=str,
    )


def _as_junit(results: list[Any]) -> str:
    failed = [r for r in results if not r.passed]
    suite = ET.Element(
        "testsuite", name="nrules golden cases", tests=str(len(results)), failures=str(len(failed)), errors="0"
    )
    for r in results:
        case = ET.SubElement(
            suite, "testcase", classname=str(Path(r.path).parent).replace("/", "."), name=r.case_id, file=r.path
        )
        if r.passed:
            continue
        lines = [f"{name}: expected {expected!r}, actual {actual!r}" for name, expected, actual in r.diffs]
        if r.error:
            lines.insert(0, r.error)
        lines += [f"rule {rid} at {where}" for rid, where in r.rules]
        failure = ET.SubElement(case, "failure", message=lines[0] if lines else "failed", type="golden-case")
        failure.text = "\n".join(lines)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def register(main: click.Group) -> None:
    @main.command("test")
    @click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
    @click.option("--quiet", "-q", is_flag=True, help="Only failures and the summary.")
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "junit", "json"]),
        default="text",
        show_default=True,
        help="text for a person; junit (JUnit XML) or json for a CI system.",
    )
    @click.option(
        "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the report here."
    )
    @common_options
    @click.pass_obj
    def test_cmd(
        state: State,
        paths: tuple[Path, ...],
        quiet: bool,
        fmt: str,
        output: Path | None,
        rules: Path | None,
        layers: tuple[Path, ...],
        backend: Backend,
    ) -> None:
        """Run golden cases (default: cases/): pass/fail with a diff, the rules to look at with their file:line,
        and the rules no case exercises."""
        from ..golden import case_files, run_cases, uncovered_rules
        from .check import atomic_output

        try:
            engine = load_engine(state, rules, layers, backend)
        except NrulesError as exc:
            sys.exit(state.fail(exc))
        files = case_files(list(paths) or [Path("cases")])
        results = list(run_cases(engine, files))
        failed = [r for r in results if not r.passed]
        unexercised = uncovered_rules(engine, results)
        if fmt != "text":
            with atomic_output(output) as handle:
                handle.write(_as_json(results, unexercised) + "\n" if fmt == "json" else _as_junit(results))
            sys.exit(EXIT_VIOLATION if failed else EXIT_OK)
        with atomic_output(output) as stream:
            out = Console(file=stream, highlight=False, soft_wrap=True)
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
                for rid, where in r.rules:
                    out.print(f"     {t('ui.test_rule_at', state.lang, rule=rid, where=where)}", markup=False)
            out.print(
                t(
                    "ui.test_summary",
                    state.lang,
                    total=len(results),
                    passed=len(results) - len(failed),
                    failed=len(failed),
                )
            )
            if unexercised:
                out.print(t("ui.test_unexercised", state.lang, count=len(unexercised)), markup=False)
                for rid in unexercised:
                    out.print(f"  - {rid}", markup=False)
        sys.exit(EXIT_VIOLATION if failed else EXIT_OK)
