"""`nrules new [OUTPUT]`: record a report by answering questions, review it, save it, check it."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

import click
import yaml
from rich.console import Console

from ..errors import NrulesError
from ..i18n import t
from ..inputs import to_incident
from ..interview import Interview
from ..interview.terminal import Cancelled, TerminalInterview, from_file
from ..render.text import print_text
from . import EXIT_INPUT, EXIT_OK, EXIT_UNDETERMINED, EXIT_VIOLATION, State, load_engine, worst

EXIT_CANCELLED = 130


def _write(path: Path, incident: dict[str, Any]) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed into place."""
    text = json.dumps(incident, ensure_ascii=False, indent=2) + "\n"
    tmp = path.with_name(f".{path.name}.part")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def register(main: click.Group) -> None:
    @main.command("new")
    @click.argument("output", required=False, type=click.Path(path_type=Path, dir_okay=False))
    @click.option(
        "--answers",
        "answers_file",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        default=None,
        help="Take the answers from a YAML or JSON file (question id: answer) instead of asking.",
    )
    @click.option("--check/--no-check", "check_now", default=None, help="Check the incident once it is saved.")
    @click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
    @click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        hidden=True,
        help="The date the interview takes as today (for tests).",
    )
    @click.pass_obj
    def new(
        state: State,
        output: Path | None,
        answers_file: Path | None,
        check_now: bool | None,
        force: bool,
        today: dt.datetime | None,
    ) -> None:
        """Record a report by answering questions (Formulir Model B.1 and the facts the rules need),
        then save it as an incident file and, if asked, check it."""
        lang = state.lang
        console = Console(highlight=False)
        try:
            engine = load_engine(state, None, (), "durable")
        except NrulesError as exc:
            sys.exit(state.fail(exc))
        interview = Interview(engine.ruleset, today=today.date() if today else None)

        def validate(answers: dict[str, Any]) -> str | None:
            try:
                engine.check_case(to_incident(interview.build_incident(answers), ruleset=engine.ruleset))
            except NrulesError as exc:
                return exc.render(lang)
            return None

        if answers_file is not None:
            try:
                raw = yaml.safe_load(answers_file.read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                click.echo(f"nrules: {t('ui.error', lang)}: {answers_file}: {exc}", err=True)
                sys.exit(EXIT_INPUT)
            if not isinstance(raw, dict):
                click.echo(
                    f"nrules: {t('ui.error', lang)}: {answers_file}: {t('new.error.answers_file', lang)}", err=True
                )
                sys.exit(EXIT_INPUT)
            answers, problems = from_file(interview, raw, lang)
            final = validate(answers) if not problems else None
            problems += [final] if final else []
            if problems:
                for problem in problems:
                    click.echo(f"nrules: {answers_file}: {problem}", err=True)
                sys.exit(EXIT_INPUT)
        else:
            try:
                answers = TerminalInterview(interview, lang, console).run(validate=validate)
            except Cancelled:
                console.print()
                console.print(t("new.cancelled", lang), style="bold yellow")
                sys.exit(EXIT_CANCELLED)

        incident = interview.build_incident(answers)
        path = output or Path(f"{incident['incident_id'].replace('/', '-')}.json")
        if path.exists() and not force:
            if answers_file is not None:
                click.echo(f"nrules: {t('new.exists', lang, path=str(path))}", err=True)
                sys.exit(EXIT_INPUT)
            try:
                reply = input(t("new.overwrite", lang, path=str(path)) + " ").strip().lower()
            except (KeyboardInterrupt, EOFError):
                reply = ""
            if reply not in ("y", "ya", "yes"):
                console.print(t("new.cancelled", lang), style="bold yellow")
                sys.exit(EXIT_CANCELLED)
        _write(path, incident)
        console.print(t("new.saved", lang, path=str(path)), style="bold green")

        if check_now is None and answers_file is None:
            try:
                reply = input(t("new.check_now", lang) + " ").strip().lower()
            except (KeyboardInterrupt, EOFError):
                reply = "n"
            check_now = reply in ("", "y", "ya", "yes")
        if not check_now:
            sys.exit(EXIT_OK)
        model = to_incident(incident, ruleset=engine.ruleset)
        codes = []
        for verdict in engine.check_case(model):  # one verdict per respondent
            print_text(verdict, lang, console, model, engine.ruleset)
            codes.append(
                {"violation": EXIT_VIOLATION, "no_violation": EXIT_OK, "not_determinable": EXIT_UNDETERMINED}[
                    verdict.status
                ]
            )
        sys.exit(worst(codes))
