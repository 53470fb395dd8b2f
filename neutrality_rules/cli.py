"""The `nrules` command line.

Exit codes (documented in `nrules --help` and the README):
  0  checked, no violation        1  checked, violation found
  2  bad input or usage           3  rule set invalid
  4  checked, not determinable    5  engine failure on valid input
With several inputs, one bad record never stops the others; the exit code is the most serious
outcome seen, in the order 3, 5, 2, 1, 4, 0.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from .api import Backend, Engine, version
from .errors import EngineError, InputError, NrulesError, RuleSetError
from .i18n import Lang, resolve_lang, t
from .incident import Incident
from .inputs import read_records, to_incident
from .render.text import print_text
from .verdict import Verdict

EXIT_OK, EXIT_VIOLATION, EXIT_INPUT, EXIT_RULES, EXIT_UNDETERMINED, EXIT_ENGINE = 0, 1, 2, 3, 4, 5
_SEVERITY = [EXIT_OK, EXIT_UNDETERMINED, EXIT_VIOLATION, EXIT_INPUT, EXIT_ENGINE, EXIT_RULES]
EPILOG = """\b
Exit codes:
  0  checked, no violation
  1  checked, violation found
  2  bad input or usage (the message names the file, line or field)
  3  rule set invalid
  4  checked, not determinable (facts missing; the verdict names them)
  5  engine failure on valid input
With several inputs the most serious code wins (3, 5, 2, 1, 4, 0).
"""
F = TypeVar("F", bound=Callable[..., Any])


def _format_warning(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, line: str | None = None
) -> str:
    """Warnings as one plain line, like every other nrules message (no source line, no path)."""
    return f"nrules: warning: {message}\n"


warnings.formatwarning = _format_warning  # the CLI only; the library leaves warnings as they are


def worst(codes: list[int]) -> int:
    return max(codes, key=_SEVERITY.index) if codes else EXIT_OK


class State:
    def __init__(self, lang: Lang, debug: bool) -> None:
        self.lang = lang
        self.debug = debug
        self.err = Console(stderr=True, highlight=False)

    def fail(self, exc: BaseException) -> int:
        """One clean message; a traceback only with --debug."""
        if self.debug:
            traceback.print_exception(exc)
        if isinstance(exc, NrulesError):
            click.echo(f"nrules: {t('ui.error', self.lang)}: {exc.render(self.lang)}", err=True)
            return exc.exit_code
        click.echo(f"nrules: {t('ui.cli.internal', self.lang, error=repr(exc))}", err=True)
        if not self.debug:
            click.echo(t("ui.cli.debug_hint", self.lang), err=True)
        return EXIT_ENGINE


def _load(state: State, rules: Path | None, layers: tuple[Path, ...], backend: Backend) -> Engine:
    return Engine.load(rules, layers=layers, backend=backend)


def common_options(func: F) -> F:
    func = click.option(
        "--rules",
        "rules",
        type=click.Path(path_type=Path),
        default=None,
        help="Rule set folder (default: the bundled rules/).",
    )(func)
    func = click.option(
        "--layer",
        "layers",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Additional rule folder layered on top (repeatable), e.g. a province's rules.",
    )(func)
    func = click.option(
        "--backend",
        type=click.Choice(["durable", "reference"]),
        default="durable",
        show_default=True,
        help="Matching engine.",
    )(func)
    return func


def _version_text() -> str:
    try:
        engine = Engine.load()
        rs = engine.ruleset
        text = t(
            "ui.version",
            "en",
            version=version(),
            name=rs.meta.name,
            ruleset_version=rs.meta.version,
            hash=f"sha256:{rs.content_hash}",
            backend=engine.backend,
        )
        if engine.backend_note:
            text += "\n" + getattr(engine.backend_note, resolve_lang(None))
        return text
    except NrulesError as exc:
        return f"nrules {version()}; rule set unavailable: {exc.render('en')}"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(_version_text())
    ctx.exit(0)


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show nrules, rule-set and backend versions.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "id"]),
    default=None,
    help="Language of messages (default: NRULES_LANG, then the locale, then en).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_context
def main(ctx: click.Context, lang: str | None, debug: bool) -> None:
    """nrules: check incidents against the political-neutrality rules for Indonesian civil servants,
    village officials, TNI and Polri."""
    ctx.obj = State(resolve_lang(lang), debug)


@main.command(epilog=EPILOG)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Apply the law as of this date when the incident gives no examination date (default: today).",
)
@common_options
@click.pass_obj
def check(
    state: State,
    files: tuple[Path, ...],
    fmt: str,
    as_of: dt.datetime | None,
    rules: Path | None,
    layers: tuple[Path, ...],
    backend: Backend,
) -> None:
    """Check incident FILES (JSON, a JSON array, or JSON Lines; '-' for stdin)."""
    try:
        engine = _load(state, rules, layers, backend)
    except NrulesError as exc:
        sys.exit(state.fail(exc))
    out = Console(highlight=False, soft_wrap=False)
    day = as_of.date() if as_of else None
    codes: list[int] = []
    records = [r for f in files for r in read_records(f)]
    multi = len(records) > 1
    counts = {"violation": 0, "no_violation": 0, "not_determinable": 0, "errors": 0}
    for record in records:
        where = record.source + (f":{record.line}" if record.line else "")
        verdict: Verdict | None = None
        error: NrulesError | None = record.error
        incident: Incident | None = None
        if error is None:
            try:
                incident = to_incident(record.data, source=record.source, line=record.line)
                verdict = engine.check(incident, as_of=day)
            except InputError as exc:
                error = exc
                if exc.file is None:
                    exc.file, exc.line = record.source, record.line
            except EngineError as exc:
                error = exc
            except RuleSetError as exc:
                sys.exit(state.fail(exc))
            except Exception as exc:  # an nrules bug: report it, keep going
                codes.append(state.fail(exc))
                counts["errors"] += 1
                continue
        if error is not None:
            codes.append(state.fail(error))
            counts["errors"] += 1
            if fmt == "json" and multi:
                click.echo(json.dumps({"source": where, "error": error.as_dict(state.lang)}, ensure_ascii=False))
            continue
        assert verdict is not None
        counts[verdict.status] += 1
        codes.append(
            {"violation": EXIT_VIOLATION, "no_violation": EXIT_OK, "not_determinable": EXIT_UNDETERMINED}[
                verdict.status
            ]
        )
        if fmt == "json":
            if multi:
                click.echo(
                    json.dumps({"source": where, "verdict": json.loads(verdict.model_dump_json())}, ensure_ascii=False)
                )
            else:
                click.echo(verdict.to_json(), nl=False)
        elif fmt == "md":
            from .render.markdown import render_markdown

            click.echo(render_markdown(verdict, state.lang, incident), nl=False)
        else:
            print_text(verdict, state.lang, out)
    if multi and fmt == "text":
        click.echo(t("ui.batch_summary", state.lang, checked=len(records), **counts), err=True)
    sys.exit(worst(codes))


@main.command()
@click.argument("which", type=click.Choice(["incident", "verdict"]))
def schema(which: str) -> None:
    """Print the JSON Schema of an incident or a verdict."""
    from .schemas import incident_schema, verdict_schema

    data = incident_schema() if which == "incident" else verdict_schema()
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))


@main.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Only failures and the summary.")
@common_options
@click.pass_obj
def test_cmd(
    state: State, paths: tuple[Path, ...], quiet: bool, rules: Path | None, layers: tuple[Path, ...], backend: Backend
) -> None:
    """Run golden cases (default: cases/): pass/fail with a diff, and the rules no case exercises."""
    from .golden import case_files, run_cases, uncovered_rules

    try:
        engine = _load(state, rules, layers, backend)
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


@main.command("verify")
@click.argument("rules_dir", required=False, type=click.Path(path_type=Path))
@click.option("--layer", "layers", multiple=True, type=click.Path(path_type=Path))
@click.option(
    "--budget",
    type=click.IntRange(0, 100_000),
    default=60,
    show_default=True,
    help="Generated incidents per property (0: static checks only).",
)
@click.pass_obj
def verify_cmd(state: State, rules_dir: Path | None, layers: tuple[Path, ...], budget: int) -> None:
    """Check a rule set: conflicts, gaps, rules that never match, aggravation order, date windows,
    unused vocabulary; then search for property violations (deterministic). Exit 0 clean, 1 problems,
    3 rule set unreadable."""
    from .verify import verify

    try:
        engine = Engine.load(rules_dir, layers=layers, backend="reference", strict=False)
        other = Engine.with_durable(engine.ruleset) if budget else None
    except NrulesError as exc:
        sys.exit(state.fail(exc) if exc.exit_code != EXIT_INPUT else EXIT_RULES)
    report = verify(engine, budget=budget, other=other, properties=budget > 0)
    out = Console(highlight=False, soft_wrap=True)
    for problem in report.problems:
        out.print(problem.render(), markup=False)
    for example in report.counterexamples:
        out.print(example.render(), markup=False)
    out.print(
        t(
            "ui.verify_summary",
            state.lang,
            rules=report.stats["rules"],
            problems=len(report.problems),
            counterexamples=len(report.counterexamples),
            budget=budget,
        ),
        markup=False,
    )
    sys.exit(EXIT_OK if report.clean else EXIT_VIOLATION)


from . import cli_rules  # noqa: E402

cli_rules.register(main)


def run() -> None:
    """Console-script entry: click handles usage errors; anything unexpected is one clean message
    (exit 5), with the traceback only under --debug."""
    try:
        main(standalone_mode=True)
    except Exception as exc:
        state = State(resolve_lang(None), "--debug" in sys.argv)
        sys.exit(state.fail(exc))
