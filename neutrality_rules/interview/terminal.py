"""The interview at a terminal: one question at a time, each answer checked as it is given, a review
screen before anything is written.

Input and output are injected (`read`, `console`), so tests can drive it without a terminal and the
real command drives it through `input()`; a pseudo-terminal test drives the real command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..i18n import Lang, t
from ..i18n.dates import fmt_date, fmt_reported_date
from .flow import Interview
from .model import NOT_MENTIONED, Question
from .parse import AnswerError

Read = Callable[[str], str]


class Cancelled(Exception):
    """The user cancelled the interview (Ctrl-C, Ctrl-D, or "batal" at the review)."""


class TerminalInterview:
    def __init__(self, interview: Interview, lang: Lang, console: Console, read: Read = input) -> None:
        self.iv = interview
        self.lang = lang
        self.console = console
        self._read = read
        self._section = ""

    def read(self, prompt: str) -> str:
        try:
            return self._read(prompt)
        except (KeyboardInterrupt, EOFError) as exc:
            raise Cancelled from exc

    # ------------------------------------------------------------ one question

    LONG_LIST = 12
    """Above this many choices, definitions are shown on '?' rather than under each choice."""

    def _choices(self, q: Question, definitions: bool) -> None:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(ratio=1)
        for i, c in enumerate(q.choices, 1):
            body = Text(c.label.get(self.lang))
            if definitions and c.definition is not None:
                body.append("\n" + c.definition.get(self.lang), style="dim")
            grid.add_row(f"{i}.", body)
        self.console.print(grid)

    def explain(self, q: Question, raw: str) -> None:
        """'?' shows the question's help and, for a choice, the plain definitions; '? 7' only choice 7's."""
        rest = raw.strip()[1:].strip()
        if rest.isdigit() and q.choices and 1 <= int(rest) <= len(q.choices):
            c = q.choices[int(rest) - 1]
            text = c.label.get(self.lang) + (": " + c.definition.get(self.lang) if c.definition else "")
            self.console.print(Text(text, style="italic"))
            return
        if q.help is not None:
            self.console.print(Text(q.help.get(self.lang), style="italic"))
        if q.choices and any(c.definition for c in q.choices):
            self._choices(q, definitions=True)

    def show(self, q: Question) -> None:
        lang = self.lang
        if q.section != self._section:
            self._section = q.section
            self.console.print()
            self.console.print(Text(t(f"new.section.{q.section}", lang), style="bold underline"))
        self.console.print(Text(q.prompt.get(lang), style="bold"))
        long_list = len(q.choices) > self.LONG_LIST
        if q.choices:
            self._choices(q, definitions=not long_list)
        hints = []
        if q.kind == "multi":
            hints.append(t("new.hint.multi", lang))
        if q.kind in ("yesno", "tristate"):
            hints.append(t("new.hint.yes_no", lang))
        if q.allow_unknown:
            hints.append(t("new.hint.unknown", lang))
        if q.default is not None:
            shown = q.label_of(q.default, lang)
            if q.kind == "date" and isinstance(q.default, str):
                shown = fmt_date(dt.date.fromisoformat(q.default), lang)
            hints.append(t("new.hint.default", lang, value=shown))
        elif q.allow_skip and not q.required:
            hints.append(
                t(
                    "new.hint.skip",
                    lang,
                    meaning=q.skip_means.get(lang) if q.skip_means else t("new.skip.not_mentioned", lang),
                )
            )
        if long_list and any(c.definition for c in q.choices):
            hints.append(t("new.hint.definitions", lang))
        elif q.help is not None:
            hints.append(t("new.hint.help", lang))
        if hints:
            self.console.print(Text("; ".join(hints), style="dim"))

    def ask(self, q: Question, answers: dict[str, Any]) -> Any:
        self.show(q)
        while True:
            raw = self._read_long() if q.kind == "longtext" else self.read("> ")
            if raw.strip().startswith("?"):
                self.explain(q, raw)
                continue
            try:
                return self.iv.parse(q, raw, self.lang, answers)
            except AnswerError as exc:
                self.console.print(Text("✗ " + exc.message(self.lang), style="bold red"))

    def _read_long(self) -> str:
        lines: list[str] = []
        while True:
            line = self.read("> " if not lines else "  ")
            if not line.strip():
                return "\n".join(lines)
            lines.append(line.rstrip())

    # ------------------------------------------------------------ the whole interview

    def fill(self, answers: dict[str, Any]) -> dict[str, Any]:
        while True:
            q = self.iv.next_question(answers)
            if q is None:
                return answers
            answers[q.id] = self.ask(q, answers)

    def review_rows(self, answers: dict[str, Any]) -> list[tuple[Question, str]]:
        rows = []
        for q in self.iv.reachable(answers):
            if q.id.endswith(".more") or q.id not in answers:
                continue
            value = answers[q.id]
            if q.kind == "date" and isinstance(value, str) and len(value) == 10:
                shown = fmt_date(dt.date.fromisoformat(value), self.lang)
            elif q.kind == "reported_date" and value not in (None, NOT_MENTIONED):
                shown = fmt_reported_date(
                    value.get("phase") if isinstance(value, dict) and "phase" in value else value, self.lang
                )
            else:
                shown = q.label_of(value, self.lang)
            rows.append((q, shown))
        return rows

    def review(self, answers: dict[str, Any], problem: str | None) -> tuple[str, int | None]:
        """Show the answers; return ("save" | "edit" | "cancel", the number to edit)."""
        lang = self.lang
        self.console.print()
        self.console.print(Text(t("new.review.title", lang), style="bold underline"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(ratio=2)
        grid.add_column(ratio=3)
        rows = self.review_rows(answers)
        for i, (q, shown) in enumerate(rows, 1):
            grid.add_row(f"{i}.", Text(q.prompt.get(lang), style="dim"), shown)
        self.console.print(grid)
        if problem:
            self.console.print(Text("✗ " + problem, style="bold red"))
        while True:
            raw = self.read(t("new.review.prompt", lang) + " ").strip().lower()
            if raw in ("s", "simpan", "save", "y", "ya", "yes"):
                return "save", None
            if raw in ("b", "batal", "c", "cancel", "q", "quit"):
                return "cancel", None
            number = raw.removeprefix("ubah").removeprefix("edit").removeprefix("u").removeprefix("e").strip()
            if number.isdigit() and 1 <= int(number) <= len(rows):
                return "edit", int(number)
            self.console.print(Text("✗ " + t("new.review.bad", lang, count=len(rows)), style="bold red"))

    def run(
        self, answers: dict[str, Any] | None = None, validate: Callable[[dict[str, Any]], str | None] | None = None
    ) -> dict[str, Any]:
        """Ask until every question the case needs is answered, review, and return the answers to save.
        Raises Cancelled if the user gives up; nothing is written by this class."""
        answers = dict(answers or {})
        self.fill(answers)
        problem: str | None = None
        while True:
            action, number = self.review(answers, problem)
            if action == "cancel":
                raise Cancelled
            if action == "edit" and number is not None:
                q = self.review_rows(answers)[number - 1][0]
                self._section = ""
                answers[q.id] = self.ask(q, answers)
                answers = self.iv.prune(answers)
                self.fill(answers)
                problem = None
                continue
            problem = validate(answers) if validate is not None else None
            if problem is None:
                return answers


def answer_text(value: Any) -> str:
    """An answer from a file as the user would type it (YAML turns "ya" into True, dates into dates)."""
    if value is True:
        return "ya"
    if value is False:
        return "tidak"
    if value is None:
        return "tidak tahu"
    if isinstance(value, list):
        return ", ".join(answer_text(v) for v in value)
    if isinstance(value, dict):
        if "from" in value and "to" in value:
            return f"{answer_text(value['from'])} s.d. {answer_text(value['to'])}"
        return str(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def from_file(interview: Interview, raw: dict[str, Any], lang: Lang) -> tuple[dict[str, Any], list[str]]:
    """Answers from a file (question id -> answer as typed), checked one by one in the interview's
    order; every problem at once. A loop goes on when the file answers its next item."""
    answers: dict[str, Any] = {}
    problems: list[str] = []
    used: set[str] = set()
    while True:
        q = interview.next_question(answers)
        if q is None:
            break
        if q.id.endswith(".more") and q.id not in raw:
            prefix = q.id.rsplit("[", 1)[0]
            index = int(q.id.rsplit("[", 1)[1].split("]")[0])
            answers[q.id] = any(k.startswith(f"{prefix}[{index + 1}]") for k in raw)
            continue
        text = answer_text(raw[q.id]) if q.id in raw else ""
        used.add(q.id)
        try:
            answers[q.id] = interview.parse(q, text, lang, answers)
        except AnswerError as exc:
            problems.append(f"{q.id}: {exc.message(lang)}")
            answers[q.id] = NOT_MENTIONED if not q.required else q.default or NOT_MENTIONED
    for key in raw:
        if key not in used and not key.endswith(".more"):
            problems.append(f"{key}: {t('new.error.unused', lang)}")
    return answers, problems
