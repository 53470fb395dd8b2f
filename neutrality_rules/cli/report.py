"""`nrules report`: where the sanctions imposed in an election departed from the law; and `nrules
caseload`: a seeded, realistic caseload to try it on."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ..api import Backend, version
from ..errors import NrulesError
from ..i18n import t
from ..inputs import read_records
from . import EXIT_INPUT, EXIT_OK, State, common_options, load_engine

PROGRESS_FROM = 200
"""Show the progress bar (on a terminal) from this many records on."""


def _count(files: tuple[Path, ...]) -> int | None:
    """Records in JSON Lines inputs, counted cheaply for the progress bar (None when unknown)."""
    total = 0
    for f in files:
        if str(f) == "-" or not f.is_file():
            return None
        if f.suffix != ".jsonl":
            return None
        with f.open("rb") as fh:
            total += sum(1 for line in fh if line.strip())
    return total


def register(main: click.Group) -> None:
    @main.command()
    @click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
    @click.option("--html", "html_out", type=click.Path(path_type=Path), help="Write the HTML report here.")
    @click.option("--xlsx", "xlsx_out", type=click.Path(path_type=Path), help="Write the tables as an XLSX workbook.")
    @click.option("--csv", "csv_dir", type=click.Path(path_type=Path), help="Write the tables as CSV files here.")
    @click.option("--title", default=None, help="Title of the report (default: the elections in the caseload).")
    @click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Apply the law as of this date when an incident gives no examination or assessment date.",
    )
    @click.option(
        "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal, from 200 records)."
    )
    @common_options
    @click.pass_obj
    def report(
        state: State,
        files: tuple[Path, ...],
        html_out: Path | None,
        xlsx_out: Path | None,
        csv_dir: Path | None,
        title: str | None,
        as_of: dt.datetime | None,
        progress: bool | None,
        rules: Path | None,
        layers: tuple[Path, ...],
        backend: Backend,
    ) -> None:
        """Report on a caseload: incident FILES (JSON, a JSON array, or JSON Lines) with their decided outcomes,
        set against the law by region and agency, each departure explained. Writes --html, --xlsx and/or
        --csv (default: nrules-report.html). Exit code 0 when every record was checked, 2 when some could
        not be (they are listed in the report), 3 for an invalid rule set."""
        # imported here: openpyxl and the HTML templates cost a cold `nrules check` a tenth of a second
        from ..report import build_caseload
        from ..report.files import write_csv, write_xlsx
        from ..report.html import RATE_HEADERS, render_html
        from ..report.tables import build_tables

        lang = state.lang
        if not (html_out or xlsx_out or csv_dir):
            html_out = Path("nrules-report.html")
        try:
            engine = load_engine(state, rules, layers, backend)
        except NrulesError as exc:
            sys.exit(state.fail(exc))
        total = _count(files)
        err = Console(stderr=True)
        show = progress if progress is not None else (err.is_terminal and (total is None or total >= PROGRESS_FROM))
        records = (r for f in files for r in read_records(f))
        day = as_of.date() if as_of else None
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not show,
        ) as bar:
            task = bar.add_task(t("report.progress", lang), total=total)
            caseload = build_caseload(engine, records, as_of=day, advance=lambda: bar.advance(task))
        rs = engine.ruleset
        tables = build_tables(caseload, rs, lang)
        elections = ", ".join(
            getattr(rs.elections.elections[k].title, lang) if k in rs.elections.elections else k
            for k, _ in caseload.elections.most_common()
        )
        heading = title or t("report.title", lang, elections=elections or "-")
        provenance = t(
            "report.provenance",
            lang,
            version=version(),
            ruleset=rs.meta.name,
            ruleset_version=rs.meta.version,
            hash=rs.content_hash[:16],
            backend=engine.backend,
        )
        written: list[str] = []
        if html_out:
            html_out.parent.mkdir(parents=True, exist_ok=True)
            html_out.write_text(render_html(caseload, rs, tables, lang, heading, provenance), encoding="utf-8")
            written.append(str(html_out))
        if xlsx_out:
            written.append(str(write_xlsx(tables, xlsx_out, RATE_HEADERS)))
        if csv_dir:
            write_csv(tables, csv_dir)
            written.append(f"{csv_dir}/*.csv")
        rate = caseload.departures / caseload.comparable if caseload.comparable else 0.0
        click.echo(
            t(
                "report.done",
                lang,
                checked=caseload.checked,
                errors=len(caseload.errors),
                decided=caseload.decided,
                comparable=caseload.comparable,
                departures=caseload.departures,
                rate=f"{100 * rate:.1f}%",
                files=", ".join(written),
            )
        )
        for e in caseload.errors[:5]:
            click.echo(f"nrules: {t('ui.error', lang)}: {getattr(e.message, lang)}", err=True)
        sys.exit(EXIT_INPUT if caseload.errors else EXIT_OK)

    @main.command()
    @click.option(
        "-n", "--count", type=click.IntRange(1, 10_000_000), default=1000, show_default=True, help="How many incidents."
    )
    @click.option("--seed", type=int, default=2024, show_default=True, help="Seed of the random generator.")
    @click.option("--profile", default="pemilu-2024", show_default=True, help="Bundled profile name or a YAML file.")
    @click.option(
        "-o", "--output", type=click.Path(path_type=Path), default=None, help="JSON Lines file (default: stdout)."
    )
    @click.pass_obj
    def caseload(state: State, count: int, seed: int, profile: str, output: Path | None) -> None:
        """Generate a realistic caseload (JSON Lines) for one election, with decided outcomes: the mix of
        REFERENCE section 11, several acts per incident, regional departures. Same seed, same incidents."""
        from ..caseload import generate, write_jsonl

        try:
            incidents = generate(count, seed=seed, profile=profile)
            if output is None:
                write_jsonl(sys.stdout, incidents)
            else:
                output.parent.mkdir(parents=True, exist_ok=True)
                with output.open("w", encoding="utf-8") as fh:
                    n = write_jsonl(fh, incidents)
                click.echo(t("report.caseload_written", state.lang, count=n, file=str(output)), err=True)
        except NrulesError as exc:
            sys.exit(state.fail(exc))
