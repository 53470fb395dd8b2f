"""The letter on the command line: `nrules check --format docx|md` writes it, `nrules letter-template`
hands an office the default template to put its letterhead in."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..i18n import Lang, t
from ..incident import Incident
from ..render.letter import LetterFormat, Office, render_letter
from ..ruleset.loader import RuleSet
from ..verdict import Verdict
from . import State
from .localise import explicit_lang

F = TypeVar("F", bound=Callable[..., Any])


def letter_options(func: F) -> F:
    """The options `check` takes for letters (--format docx or md)."""
    options = [
        click.option(
            "-o",
            "--output",
            type=click.Path(path_type=Path),
            default=None,
            help="Where to write the letter (a file, or a folder for several incidents; default: the incident id).",
        ),
        click.option(
            "--office",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="The sending office's profile (YAML: name, city, signatory, tembusan, template).",
        ),
        click.option(
            "--template",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="A .docx letter template with your letterhead (default: the shipped one).",
        ),
        click.option(
            "--sender",
            type=click.Choice(["bawaslu", "bkn", "kasn"]),
            default=None,
            help="Who sends the letter: Bawaslu forwards to BKN or the PPK; BKN recommends to the PPK.",
        ),
        click.option(
            "--letter-date",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            default=None,
            help="The date written on the letter (default: today).",
        ),
        click.option(
            "--internal",
            is_flag=True,
            help="Add rule ids, confidence codes and the rule set's doubts to the letter (for internal review).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def letter_lang(state: State) -> Lang:
    """Letters are Indonesian unless a language was asked for explicitly (--lang or NRULES_LANG)."""
    explicit = explicit_lang() or os.environ.get("NRULES_LANG")
    return state.lang if explicit else "id"


def _file_name(incident_id: str, ext: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", incident_id).strip("-.") or "surat"
    return f"{safe}.{ext}"


class LetterWriter:
    """Writes one letter per checked incident, to the place `--output` names."""

    def __init__(
        self,
        state: State,
        fmt: LetterFormat,
        ruleset: RuleSet,
        output: Path | None,
        office_path: Path | None,
        template: Path | None,
        sender: str | None,
        letter_date: dt.datetime | None,
        internal: bool,
        multi: bool,
    ) -> None:
        self.state = state
        self.fmt = fmt
        self.ruleset = ruleset
        self.output = output
        self.office = Office.load(office_path) if office_path else Office()
        if sender:
            self.office = self.office.model_copy(update={"sender": sender})
        self.template = template
        self.letter_date = letter_date.date() if letter_date else None
        self.internal = internal
        self.multi = multi
        self.lang = letter_lang(state)

    def write(self, verdict: Verdict, incident: Incident) -> None:
        data = render_letter(
            verdict,
            incident,
            self.lang,
            self.fmt,
            office=self.office,
            ruleset=self.ruleset,
            template=self.template,
            letter_date=self.letter_date,
            internal=self.internal,
        )
        if self.fmt == "md" and self.output is None:
            click.echo(data.decode("utf-8"), nl=False)
            return
        if self.output is not None and str(self.output) == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        several = len(incident.parties()) > 1  # one letter file per respondent, numbered as the report names them
        suffix = f"-{verdict.respondent.index + 1}" if several else ""
        name = _file_name(verdict.incident_id + suffix, self.fmt)
        if self.output is None:
            path = Path(name)
        elif self.multi or self.output.is_dir():
            self.output.mkdir(parents=True, exist_ok=True)
            path = self.output / name
        else:
            path = self.output.with_name(self.output.stem + suffix + self.output.suffix)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)  # never a half-written letter
        click.echo(t("letter.written", self.state.lang, path=str(path)), err=True)


def register(main: click.Group) -> None:
    @main.command("letter-template")
    @click.argument("output", type=click.Path(path_type=Path, dir_okay=False), default=Path("surat-template.docx"))
    @click.pass_obj
    def letter_template(state: State, output: Path) -> None:
        """Write the default letter template, to put your office's letterhead in it (see README)."""
        from ..render.docx import default_template

        output.write_bytes(default_template().read_bytes())
        click.echo(t("letter.template_written", state.lang, path=str(output)), err=True)
