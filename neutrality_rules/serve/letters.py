"""The letter an officer sends on a case, as the service hands it out.

The officer package's renderer (render/letter.py) writes it: the recommendation or forwarding letter,
laid out in the office's template (docx) or as Markdown, the same as `nrules check --format docx|md`.
The server may be given the office's profile (name, signatory, letterhead template) once, at
start-up; a request can still say who sends, the date written on the letter, and ask for the internal
version (rule ids, confidence codes, the rule set's doubts).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from ..i18n import Lang
from ..incident import Incident
from ..render.letter import Office, Sender, render_letter
from ..ruleset.loader import RuleSet
from ..verdict import Verdict

Format = Literal["md", "docx"]
MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def available_formats() -> list[str]:
    return sorted(MEDIA)


def render(
    fmt: Format,
    verdicts: list[Verdict],
    incident: Incident,
    lang: Lang,
    *,
    ruleset: RuleSet,
    office: Office | None,
    sender: Sender | None,
    letter_date: dt.date | None,
    internal: bool = False,
) -> bytes:
    """The letter's bytes; several respondents give one letter each, joined (md) or the first (docx)."""
    chosen = office or Office()
    if sender is not None:
        chosen = chosen.model_copy(update={"sender": sender})
    parts = [
        render_letter(
            v, incident, lang, fmt, office=chosen, ruleset=ruleset, letter_date=letter_date, internal=internal
        )
        for v in (verdicts if fmt == "md" else verdicts[:1])
    ]
    return b"\n---\n\n".join(parts)


def filename(incident_id: str, fmt: str) -> str:
    """A file name safe in a Content-Disposition header and on any file system."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", incident_id).strip("._") or "nrules"
    return f"{stem[:100]}.{fmt}"
