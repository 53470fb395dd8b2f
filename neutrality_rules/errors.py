"""One error tree for the library and the CLI.

Each error knows its exit code and carries what a user needs to fix the input without reading code:
the file, the line or field, what was expected, what was found, and a suggestion, all rendered from
the bilingual message catalogue. The CLI prints `render()`; a traceback only appears with --debug.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from .i18n import Lang, msg, t

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters (ESC, BEL, NUL...) shown as escapes, so a
    file name or a value quoted from hostile input cannot drive the user's terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else "\ufffd", text)


class NrulesError(Exception):
    """Base of every error nrules raises on purpose."""

    exit_code: ClassVar[int] = 2

    def __init__(
        self,
        key: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        expected: str | None = None,
        got: str | None = None,
        suggestion: str | None = None,
        column: int | None = None,
        problems: Sequence[NrulesError] = (),
        **params: Any,
    ) -> None:
        self.key = key
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.got = got
        self.params = dict(params)
        self._expected = expected
        self._suggestion = suggestion
        self.problems: tuple[NrulesError, ...] = tuple(problems)
        """Every problem found in the input, when there are several (this error then summarises them)."""
        super().__init__(self.render("en"))

    def __str__(self) -> str:
        return self.render("en")

    def _params(self, lang: Lang = "en") -> dict[str, Any]:
        """The message's parameters; a parameter named `<name>_key` is a catalogue key, given to the
        message as `<name>` in the reader's language (a parser's own English wording never leaks)."""
        out = {"file": self.file, "line": self.line, "field": self.field, "got": self.got, **self.params}
        plain = {k: v for k, v in out.items() if not k.endswith("_key")}
        for name, value in self.params.items():
            if name.endswith("_key") and isinstance(value, str):
                out[name[:-4]] = t(value, lang, **plain)
        return out

    def message(self, lang: Lang = "en") -> str:
        return t(self.key, lang, **self._params(lang))

    def expected(self, lang: Lang = "en") -> str | None:
        return self._expected or msg(self.key, lang, "expected", **self._params(lang))

    def suggestion(self, lang: Lang = "en") -> str | None:
        if self._suggestion:
            return self._suggestion
        if self.params.get("hint"):
            return t("ui.did_you_mean", lang, hint=self.params["hint"])
        return msg(self.key, lang, "suggestion", **self._params(lang))

    def position(self) -> str:
        """file:line:column, as compilers and editors print it (parts that are unknown left out)."""
        if not (self.file or self.line):
            return ""
        out = self.file or ""
        if self.line:
            out += (":" if out else "line ") + str(self.line)
            if self.column:
                out += f":{self.column}"
        return out

    def where(self) -> str:
        parts = [p for p in (self.position(), self.field) if p]
        return ": ".join(parts)

    def render(self, lang: Lang = "en") -> str:
        """One line per problem; with several problems, a heading and one indented line each."""
        if len(self.problems) > 1:
            head = self.position()
            lines = [(head + ": " if head else "") + t("ui.problems", lang, count=len(self.problems))]
            lines += ["  " + p.render(lang) for p in self.problems]
            return "\n".join(lines)
        return printable(self._render_one(lang))

    def _render_one(self, lang: Lang) -> str:
        where = self.where()
        text = (where + ": " if where else "") + self.message(lang)
        details = []
        expected = self.expected(lang)
        if expected:
            details.append(t("ui.expected", lang) + " " + expected)
        if self.got is not None:
            details.append(t("ui.got", lang) + " " + self.got)
        if details:
            text += " (" + "; ".join(details) + ")"
        suggestion = self.suggestion(lang)
        if suggestion:
            text += ". " + suggestion
        return text

    def as_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """The error as JSON-ready data, for batch output and embedding systems."""
        out: dict[str, Any] = {
            "code": self.key,
            "exit_code": self.exit_code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message(lang),
            "expected": self.expected(lang),
            "got": self.got,
            "suggestion": self.suggestion(lang),
        }
        out["problems"] = [p.as_dict(lang) for p in self.problems] if len(self.problems) > 1 else []
        return out


class InputError(NrulesError):
    """The incident (or another input) cannot be checked as given."""

    exit_code = 2


class IncidentError(InputError):
    """An incident file or record is unreadable or invalid."""


class UsageError(InputError):
    """The command was called wrongly."""


class RuleSetError(NrulesError):
    """The rule set cannot be loaded or is inconsistent."""

    exit_code = 3


class RuleFileError(RuleSetError):
    """One rule file is unreadable or invalid."""


class EngineError(NrulesError):
    """The inference engine failed on an input that passed validation (a bug or a capacity limit)."""

    exit_code = 5
