"""`nrules check`: incidents in, verdicts out."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click
from rich.console import Console

from ..api import Backend
from ..errors import EngineError, InputError, NrulesError, RuleSetError
from ..i18n import t
from ..incident import Incident
from ..inputs import read_records, to_incident
from ..render.summary import SummaryRow, error_row, render_summary, summary_row
from ..render.text import print_text
from ..verdict import Verdict
from . import EPILOG, EXIT_OK, EXIT_UNDETERMINED, EXIT_VIOLATION, State, common_options, load_engine, worst
from .letter import LetterWriter, letter_options


def register(main: click.Group) -> None:
    @main.command(epilog=EPILOG)
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json", "md", "docx"]),
        default="text",
        show_default=True,
        help="text: the verdict on screen; json: the verdict as data; md or docx: the letter to send.",
    )
    @click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Apply the law as of this date when the incident gives no examination date (default: today).",
    )
    @click.option("--explain", is_flag=True, help="Show the full reasoning instead of the one-screen summary.")
    @click.option(
        "--ids",
        "technical",
        is_flag=True,
        help="Also show rule ids, fact paths and confidence codes (for rule authors).",
    )
    @letter_options
    @common_options
    @click.pass_obj
    def check(
        state: State,
        files: tuple[Path, ...],
        fmt: str,
        as_of: dt.datetime | None,
        explain: bool,
        technical: bool,
        output: Path | None,
        office: Path | None,
        template: Path | None,
        sender: str | None,
        letter_date: dt.datetime | None,
        internal: bool,
        rules: Path | None,
        layers: tuple[Path, ...],
        backend: Backend,
    ) -> None:
        """Check incident FILES (JSON, a JSON array, or JSON Lines; '-' for stdin)."""
        try:
            engine = load_engine(state, rules, layers, backend)
        except NrulesError as exc:
            sys.exit(state.fail(exc))
        out = Console(highlight=False, soft_wrap=False)
        day = as_of.date() if as_of else None
        codes: list[int] = []
        records = [r for f in files for r in read_records(f)]
        multi = len(records) > 1
        letters: LetterWriter | None = None
        if fmt in ("md", "docx"):
            try:
                letters = LetterWriter(
                    state,
                    fmt,  # type: ignore[arg-type]
                    engine.ruleset,
                    output,
                    office,
                    template,
                    sender,
                    letter_date,
                    internal,
                    multi,
                )
            except NrulesError as exc:
                sys.exit(state.fail(exc))
        counts = {"violation": 0, "no_violation": 0, "not_determinable": 0, "errors": 0}
        summary: list[SummaryRow] | None = [] if multi and fmt == "text" and not explain else None
        for record in records:
            where = record.source + (f":{record.line}" if record.line else "")
            verdicts: list[Verdict] = []
            error: NrulesError | None = record.error
            incident: Incident | None = None
            if error is None:
                try:
                    incident = to_incident(record.data, source=record.source, line=record.line)
                    verdicts = engine.check_case(incident, as_of=day)
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
                if summary is not None:
                    summary.append(error_row(where, error.message(state.lang), state.lang))
                if fmt == "json" and multi:
                    click.echo(json.dumps({"source": where, "error": error.as_dict(state.lang)}, ensure_ascii=False))
                continue
            several = multi or len(verdicts) > 1
            for verdict in verdicts:
                counts[verdict.status] += 1
                codes.append(
                    {"violation": EXIT_VIOLATION, "no_violation": EXIT_OK, "not_determinable": EXIT_UNDETERMINED}[
                        verdict.status
                    ]
                )
                if fmt == "json":
                    if several:
                        click.echo(
                            json.dumps(
                                {"source": where, "verdict": json.loads(verdict.model_dump_json())}, ensure_ascii=False
                            )
                        )
                    else:
                        click.echo(verdict.to_json(), nl=False)
                elif letters is not None:
                    assert incident is not None
                    letters.write(verdict, incident)
                elif summary is not None:
                    summary.append(summary_row(verdict, where, state.lang))
                else:
                    print_text(verdict, state.lang, out, incident, engine.ruleset, explain=explain, technical=technical)
        if summary is not None:
            out.print(render_summary(summary, state.lang))
        if multi and fmt == "text":
            click.echo(t("ui.batch_summary", state.lang, checked=len(records), **counts), err=True)
        sys.exit(worst(codes))
