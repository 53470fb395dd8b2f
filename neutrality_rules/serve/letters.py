"""The letter or memo an officer attaches to a recommendation, in the formats this install can make.

Markdown comes from the memo renderer (render/markdown.py). DOCX is the officer package's letter
renderer; until it is installed, asking for DOCX is a clear 406 naming the formats available.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

from ..i18n import Lang
from ..incident import Incident
from ..render.markdown import render_markdown
from ..verdict import Verdict

MEDIA = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _docx_renderer() -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("neutrality_rules.render.docx")
    except ImportError:
        return None
    renderer = getattr(module, "render_docx", None)
    return renderer if callable(renderer) else None


def available_formats() -> list[str]:
    return ["md", *(["docx"] if _docx_renderer() is not None else [])]


def render_letter(fmt: str, verdicts: list[Verdict], incident: Incident, lang: Lang) -> bytes:
    if fmt == "docx":
        renderer = _docx_renderer()
        assert renderer is not None, "checked by the caller"
        data = renderer(verdicts[0], lang, incident)
        return bytes(data)
    return "\n---\n\n".join(render_markdown(v, lang, incident) for v in verdicts).encode("utf-8")


def filename(incident_id: str, fmt: str) -> str:
    """A file name safe in a Content-Disposition header and on any file system."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", incident_id).strip("._") or "nrules"
    return f"{stem[:100]}.{fmt}"
