"""`nrules check`: incidents in, verdicts out, one record at a time however large the input.

Shapes (README "Batch"): with one input record, `--format json` prints the verdict itself (a list of
verdicts when the incident names several respondents); with several, a JSON array of envelopes, the
same objects `--format jsonl` prints one per line. Records in = records out, in input order, whatever
`--jobs` says. Errors also go to standard error, one line per problem.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ..api import Backend
from ..batch.pool import parallel, serial
from ..batch.records import Options, Outcome, worst
from ..batch.summary import Summary
from ..errors import InputError, NrulesError
from ..i18n import t
from ..intake.streams import iter_inputs
from ..render.summary import SummaryRow, error_row, render_summary, summary_row
from ..ruleset.loader import RuleSet
from . import EPILOG, State, common_options, load_engine
from .letter import LetterWriter, letter_options


@contextlib.contextmanager
def atomic_output(path: Path | None) -> Iterator[IO[str]]:
    """Standard output, or a file that appears complete or not at all (written beside it, then renamed).
    Only a regular file is replaced that way: a device or a pipe named as output is written to directly
    (renaming onto /dev/null would replace the device with a file)."""
    if path is None:
        yield sys.stdout
        return
    if path.exists() and not path.is_file():  # /dev/null, a pipe, a terminal: write to it as it is
        with path.open("w", encoding="utf-8", newline="\n") as direct:
            yield direct
        return
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Writer:
    """Writes each outcome in the chosen format, as it comes (letters through the letter writer; the
    one-line-per-case summary of several incidents when it is complete)."""

    def __init__(
        self,
        out: IO[str],
        fmt: str,
        single: bool,
        state: State,
        ruleset: RuleSet,
        *,
        explain: bool = False,
        technical: bool = False,
        letters: LetterWriter | None = None,
    ) -> None:
        self.out = out
        self.fmt = fmt
        self.single = single
        self.state = state
        self.ruleset = ruleset
        self.explain = explain
        self.technical = technical
        self.letters = letters
        self.first = True
        self.console = Console(file=out, highlight=False, soft_wrap=False) if fmt == "text" else None
        self.rows: list[SummaryRow] | None = [] if fmt == "text" and not single and not explain else None

    def write(self, outcome: Outcome) -> None:
        where = outcome.source + (f":{outcome.line}" if outcome.line else "")
        if self.rows is not None:
            if outcome.error is not None:
                self.rows.append(error_row(where, outcome.error.message(self.state.lang), self.state.lang))
            self.rows.extend(summary_row(v, where, self.state.lang) for v in outcome.verdicts)
            return
        if self.fmt == "jsonl":
            self.out.write(outcome.envelope + "\n")
        elif self.fmt == "json" and not self.single:
            self.out.write(("[\n" if self.first else ",\n") + outcome.envelope)
        elif outcome.error is not None:
            pass
        elif self.fmt == "json":
            if len(outcome.verdicts_json) == 1:
                self.out.write(outcome.verdicts_json[0])
            else:
                self.out.write("[\n" + ",\n".join(v.rstrip("\n") for v in outcome.verdicts_json) + "\n]\n")
        elif self.letters is not None:
            assert outcome.incident is not None
            for verdict in outcome.verdicts:
                self.letters.write(verdict, outcome.incident)
        else:
            from ..render.text import print_text

            assert self.console is not None
            for verdict in outcome.verdicts:
                print_text(
                    verdict,
                    self.state.lang,
                    self.console,
                    outcome.incident,
                    self.ruleset,
                    explain=self.explain,
                    technical=self.technical,
                )
        self.first = False

    def close(self) -> None:
        if self.fmt == "json" and not self.single:
            self.out.write("[]\n" if self.first else "\n]\n")
        if self.rows is not None and self.console is not None:
            self.console.print(render_summary(self.rows, self.state.lang))


def register(main: click.Group) -> None:
    @main.command(epilog=EPILOG)
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json", "jsonl", "md", "docx"]),
        default="text",
        show_default=True,
        help="text: the verdict on screen; json: the verdict as data (one verdict, or an array of records); "
        "jsonl: one record per line; md or docx: the letter to send.",
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
    @click.option(
        "--jobs",
        "-j",
        type=click.IntRange(1, 64),
        default=1,
        show_default=True,
        help="Worker processes (started after the rule set is loaded); the output is the same as with 1.",
    )
    @click.option("--quiet", "-q", is_flag=True, help="No progress bar and no closing summary.")
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
        jobs: int,
        quiet: bool,
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
        """Check incident FILES: JSON, a JSON array, JSON Lines (.jsonl), YAML (.yaml/.yml), folders of
        them, or '-' for standard input. --output: the file to write (json, jsonl, text; it appears
        complete or not at all), or for letters a file or a folder."""
        try:
            engine = load_engine(state, rules, layers, backend)
        except NrulesError as exc:
            sys.exit(state.fail(exc))
        options = Options(
            lang=state.lang,
            fmt=fmt,
            as_of=as_of.date() if as_of else None,
            today=dt.date.today(),
            keep_verdicts=fmt in ("text", "md", "docx"),
        )
        raws = iter_inputs(files)
        head = list(itertools.islice(raws, 2))
        single = len(head) == 1
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
                    not single,
                )
            except NrulesError as exc:
                sys.exit(state.fail(exc))
        stream = itertools.chain(head, raws)
        outcomes = serial(engine, stream, options) if jobs == 1 else parallel(engine, stream, options, jobs)
        err = Console(stderr=True, highlight=False)
        summary = Summary()
        codes: list[int] = []
        # a bar on the terminal's standard error, unless the records themselves are printed there too
        show_progress = not quiet and not single and err.is_terminal and (output is not None or not sys.stdout.isatty())
        try:
            with (
                atomic_output(None if letters else output) as out,
                _progress(err, show_progress, state) as advance,
            ):
                writer = Writer(
                    out, fmt, single, state, engine.ruleset, explain=explain, technical=technical, letters=letters
                )
                for outcome in outcomes:
                    codes.append(outcome.exit_code)
                    summary.add(outcome)
                    if outcome.error is not None:
                        _report(outcome.error, state)
                    writer.write(outcome)
                    advance()
                writer.close()
        except OSError as exc:
            sys.exit(state.fail(InputError("batch.output_failed", file=str(output), got=exc.strerror or str(exc))))
        if not single and not quiet:
            summary.render(err, state.lang)
        sys.exit(worst(codes))


def _report(error: NrulesError, state: State) -> None:
    click.echo(f"nrules: {t('ui.error', state.lang)}: {error.render(state.lang)}", err=True)


@contextlib.contextmanager
def _progress(console: Console, show: bool, state: State) -> Iterator[Callable[[], None]]:
    if not show:
        yield lambda: None
        return
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,
    ) as progress:
        task = progress.add_task(t("batch.progress", state.lang), total=None)
        yield lambda: progress.advance(task)
