"""The interview as data: questions a terminal, a web page or a script can ask alike.

A question is JSON: its id (where the answer goes in the incident, e.g. `acts[0].party_attributes`), its
kind, its prompt and help in both languages, and, for a choice, the choices with their labels and plain
definitions, taken from the rule set's vocabulary. Answers are kept as a flat mapping from question id
to a parsed, JSON-serialisable value; `NOT_MENTIONED` marks a question deliberately left blank.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Kind = Literal["text", "longtext", "choice", "multi", "date", "reported_date", "tristate", "yesno", "int", "idnumber"]
NOT_MENTIONED = "__not_mentioned__"
"""An answer left blank on purpose: the field is absent from the incident (not alleged, not known)."""
UNKNOWN = None
"""An answer "unknown": the field is null in the incident (alleged, not established)."""


class Words(BaseModel):
    """A text in both languages."""

    model_config = ConfigDict(frozen=True)

    en: str
    id: str

    def get(self, lang: str) -> str:
        return self.id if lang == "id" else self.en


class Choice(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: str
    label: Words
    definition: Words | None = None
    aliases: list[str] = []
    """Other values a user may type for this choice and that the incident keeps (a role's local names)."""
    names: list[str] = []
    """Indonesian names a user may type for this choice (the vocabulary's id_names); the canonical value
    is stored."""


class Question(BaseModel):
    """One question. `id` is also the answer's place in the incident (with `[n]` for lists)."""

    model_config = ConfigDict(frozen=True)

    id: str
    section: str
    kind: Kind
    prompt: Words
    help: Words | None = None
    choices: list[Choice] = []
    required: bool = False
    allow_unknown: bool = False
    """"unknown" is a valid answer (the incident records null)."""
    allow_skip: bool = True
    """A blank answer is valid (the field is left out: not mentioned)."""
    skip_means: Words | None = None
    """What leaving it blank means ("not mentioned: taken as no")."""
    default: Any = None
    """The answer a blank gives instead of skipping (e.g. today's date for the assessment)."""

    def label_of(self, value: Any, lang: str) -> str:
        """The words for an answer, for the review screen."""
        if value == NOT_MENTIONED:
            return "-"
        if value is None:
            return {"en": "unknown", "id": "tidak diketahui"}[lang if lang in ("en", "id") else "en"]
        if self.kind in ("choice", "multi"):
            values = value if isinstance(value, list) else [value]
            words = []
            for v in values:
                choice = next((c for c in self.choices if c.value == v or v in c.aliases), None)
                words.append(choice.label.get(lang) if choice is not None else str(v))
            return ", ".join(words)
        if isinstance(value, bool):
            return {"en": ("yes", "no"), "id": ("ya", "tidak")}[lang if lang == "id" else "en"][0 if value else 1]
        if isinstance(value, dict):
            return " - ".join(str(v) for v in value.values())
        return str(value)


class Problem(BaseModel):
    """An answer that cannot be used, and why, in the user's language."""

    question: str
    message: str
