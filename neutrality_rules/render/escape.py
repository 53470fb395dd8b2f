"""Text from an incident, made safe to embed in a rendered document.

An incident is untrusted: a narrative that says "# Heading", "[link](javascript:...)" or "<script>" must
appear as those characters, not become a heading, a link or raw HTML in the letter a case officer sends.
Only what Markdown could read as syntax is escaped, so the plain text stays readable as it is.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]|~#])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def md_inline(text: str) -> str:
    """Text on one line of Markdown, shown literally: HTML and Markdown syntax escaped, line breaks
    turned into spaces (a line break would let the rest start a heading, a list or a quote)."""
    flat = " ".join(text.splitlines()).strip()
    html = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LINE_START.sub(_escape_marker, _INLINE.sub(r"\\\1", html))


def _escape_marker(match: re.Match[str]) -> str:
    """A list, quote or heading marker at the start: `- x`, `+ x`, `=`, `1. x`, `1) x`."""
    marker = match.group(2)
    if marker[0] in "-+=":
        return "\\" + marker
    return marker[:-1] + "\\" + marker[-1]


def md_paragraph(text: str) -> str:
    """A paragraph of its own (it starts a line), shown literally; its line breaks are kept as Markdown
    hard breaks."""
    lines = [md_inline(line) for line in text.splitlines() if line.strip()]
    return "  \n".join(lines)
