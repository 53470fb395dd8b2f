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
from . import EPILOG, State, common_options, load_engine


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
    """Writes each outcome in the chosen format, as it comes."""

    def __init__(self, out: IO[str], fmt: str, single: bool, state: State) -> None:
        self.out = out
        self.fmt = fmt
        self.single = single
        self.state = state
        self.first = True
        self.console = Console(file=out, highlight=False, soft_wrap=False) if fmt == "text" else None

    def write(self, outcome: Outcome) -> None:
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
        elif self.fmt == "md":
            from ..render.markdown import render_markdown

            for verdict in outcome.verdicts:
                self.out.write(render_markdown(verdict, self.state.lang, outcome.incident))
        else:
            from ..render.text import print_text

            assert self.console is not None
            for verdict in outcome.verdicts:
                print_text(verdict, self.state.lang, self.console)
        self.first = False

    def close(self) -> None:
        if self.fmt == "json" and not self.single:
            self.out.write("[]\n" if self.first else "\n]\n")


def register(main: click.Group) -> None:
    @main.command(epilog=EPILOG)
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json", "jsonl", "md"]),
        default="text",
        show_default=True,
        help="text for a person; json (one verdict, or an array of records); jsonl (one record per line); md, a memo.",
    )
    @click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Apply the law as of this date when the incident gives no examination date (default: today).",
    )
    @click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write to this file instead of standard output; it appears complete or not at all.",
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
    @common_options
    @click.pass_obj
    def check(
        state: State,
        files: tuple[Path, ...],
        fmt: str,
        as_of: dt.datetime | None,
        output: Path | None,
        jobs: int,
        quiet: bool,
        rules: Path | None,
        layers: tuple[Path, ...],
        backend: Backend,
    ) -> None:
        """Check incident FILES: JSON, a JSON array, JSON Lines (.jsonl), YAML (.yaml/.yml), folders of
        them, or '-' for standard input."""
        try:
            engine = load_engine(state, rules, layers, backend)
        except NrulesError as exc:
            sys.exit(state.fail(exc))
        options = Options(
            lang=state.lang,
            fmt=fmt,
            as_of=as_of.date() if as_of else None,
            today=dt.date.today(),
            keep_verdicts=fmt in ("text", "md"),
        )
        raws = iter_inputs(files)
        head = list(itertools.islice(raws, 2))
        single = len(head) == 1
        stream = itertools.chain(head, raws)
        outcomes = serial(engine, stream, options) if jobs == 1 else parallel(engine, stream, options, jobs)
        err = Console(stderr=True, highlight=False)
        summary = Summary()
        codes: list[int] = []
        # a bar on the terminal's standard error, unless the records themselves are printed there too
        show_progress = not quiet and not single and err.is_terminal and (output is not None or not sys.stdout.isatty())
        try:
            with atomic_output(output) as out, _progress(err, show_progress, state) as advance:
                writer = Writer(out, fmt, single, state)
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
