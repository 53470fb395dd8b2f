"""Text from an incident, made safe to embed in a rendered document.

An incident is untrusted: a narrative that says "# Heading" or "<script>" must appear as those
characters, not become a heading, a link or raw HTML in the memo a case officer pastes into a letter.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md_inline(text: str) -> str:
    """One line of Markdown that shows `text` literally: HTML and Markdown syntax escaped, line breaks
    turned into spaces (a line break would let the rest start a heading or a list)."""
    flat = " ".join(text.splitlines())
    html = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", html)


def md_quote(text: str) -> str:
    """A Markdown block quote that shows `text` literally, keeping its line breaks."""
    return "\n".join("> " + md_inline(line) for line in text.splitlines() or [""])
