"""One error tree for the library and the CLI.

Each error knows its exit code and carries what a user needs to fix the input without reading code:
the file, the line or field, what was expected, what was found, and a suggestion, all rendered from
the bilingual message catalogue. The CLI prints `render()`; a traceback only appears with --debug.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .i18n import Lang, msg, t


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
        **params: Any,
    ) -> None:
        self.key = key
        self.file = file
        self.line = line
        self.field = field
        self.got = got
        self.params = dict(params)
        self._expected = expected
        self._suggestion = suggestion
        super().__init__(self.render("en"))

    def _params(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "field": self.field, "got": self.got, **self.params}

    def message(self, lang: Lang = "en") -> str:
        return t(self.key, lang, **self._params())

    def expected(self, lang: Lang = "en") -> str | None:
        return self._expected or msg(self.key, lang, "expected", **self._params())

    def suggestion(self, lang: Lang = "en") -> str | None:
        return self._suggestion or msg(self.key, lang, "suggestion", **self._params())

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file + (f":{self.line}" if self.line else ""))
        elif self.line:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(self.field)
        return ": ".join(parts)

    def render(self, lang: Lang = "en") -> str:
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
        return {
            "code": self.key,
            "exit_code": self.exit_code,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message(lang),
            "expected": self.expected(lang),
            "got": self.got,
            "suggestion": self.suggestion(lang),
        }


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
