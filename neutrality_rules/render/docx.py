"""The letter as a Word document, from a template a regional office can replace.

The template is a .docx with Jinja tags (docxtpl): the letterhead lives in the page header, the body
loops over the letter's parts (see tools/build_letter_template.py for the default and README "The
letter" for the tags). Several letters (one per addressee) become one document, a page break between.
"""

from __future__ import annotations

import copy
import io
from importlib import resources
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from .letter import Letter

ABC = [chr(c) for c in range(ord("a"), ord("z") + 1)]
ABC += [a + b for a in ABC for b in ABC]


def default_template() -> Path:
    """The shipped template (package data)."""
    return Path(str(resources.files(__package__).joinpath("templates", "surat.docx")))


def section_numbers(letter: Letter) -> dict[str, int]:
    """The numbers of the letter's parts, counting only those it has (a letter without evidence has no
    empty "Fakta dan alat bukti" part)."""
    present = {
        "basis": bool(letter.basis),
        "parties": True,
        "chronology": True,
        "evidence": bool(letter.evidence or letter.witnesses),
        "analysis": True,
        "conclusion": True,
        "recommendation": bool(letter.recommendations),
        "deadlines": bool(letter.deadlines),
        "notes": bool(letter.notes),
    }
    out: dict[str, int] = {}
    for key, shown in present.items():
        if shown:
            out[key] = len(out) + 1
    return out


def context(letter: Letter) -> dict[str, Any]:
    """What a template sees: `l` (the letter), `n` (part numbers), `abc` (a, b, c, ... for lists)."""
    return {"l": letter.model_dump(), "n": section_numbers(letter), "abc": ABC}


def _render_one(letter: Letter, template: Path) -> bytes:
    tpl = DocxTemplate(str(template))
    tpl.render(context(letter), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def letters_to_docx(letters: list[Letter], template: str | Path | None = None) -> bytes:
    """One .docx holding every letter, each starting on a new page."""
    path = Path(template) if template is not None else default_template()
    parts = [_render_one(letter, path) for letter in letters]
    if len(parts) == 1:
        return parts[0]
    doc = Document(io.BytesIO(parts[0]))
    body = doc.element.body
    for part in parts[1:]:
        # a new section per letter, so that each starts on a new page with the letterhead of a first page
        doc.add_section(WD_SECTION.NEW_PAGE)
        sect = body.find(qn("w:sectPr"))
        other = Document(io.BytesIO(part))
        for element in list(other.element.body):
            if element.tag == qn("w:sectPr"):
                continue
            if sect is not None:
                sect.addprevious(copy.deepcopy(element))
            else:
                body.append(copy.deepcopy(element))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
