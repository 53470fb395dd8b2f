"""One message catalogue, two languages.

Every user-facing sentence nrules prints lives in `messages/*.yaml` with an English and an Indonesian
form; code refers to messages by key only. A test checks that no key exists in one language only.
"""

from __future__ import annotations

import locale
import os
from functools import cache
from importlib import resources
from typing import Any, Literal, cast

import yaml

Lang = Literal["en", "id"]
LANGS: tuple[Lang, ...] = ("en", "id")


@cache
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """The catalogue: key -> language -> part (message, expected, suggestion, ...) -> template.

    One file per area under `messages/` (core, intake, letters, ...), so that a feature brings its
    own sentences; a key defined in two files is a packaging error, caught here and by the tests."""
    merged: dict[str, dict[str, dict[str, str]]] = {}
    seen: dict[str, str] = {}
    folder = resources.files(__package__).joinpath("messages")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(entry.read_text(encoding="utf-8"))
        try:
            data = cast(dict[str, dict[str, dict[str, str]]], loader.get_single_data() or {})
        finally:
            loader.dispose()
        for key, value in data.items():
            if key in seen:
                raise RuntimeError(f"message {key!r} is defined in both {seen[key]} and {entry.name}")
            seen[key] = entry.name
            merged[key] = value
    return merged


def resolve_lang(explicit: str | None = None) -> Lang:
    """--lang, then NRULES_LANG, then the locale, then English."""
    for candidate in (explicit, os.environ.get("NRULES_LANG")):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGS:
                return "id" if code == "id" else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value.lower().startswith("id"):
            return "id"
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "id" if loc.lower().startswith("id") else "en"


def msg(key: str, lang: Lang, part: str = "message", **params: Any) -> str | None:
    """Format one part of a message; None when the part is absent or needs a parameter not given.

    str.format_map (C) rather than a string.Formatter subclass: messages are formatted for every
    finding of every verdict, and a missing parameter raises KeyError either way."""
    entry = catalogue().get(key)
    if entry is None:
        return None if part != "message" else key
    template = entry.get(lang, {}).get(part)
    if template is None:
        return None
    try:
        return template.format_map(params)
    except (KeyError, IndexError, ValueError, AttributeError):
        return None


def t(key: str, lang: Lang, **params: Any) -> str:
    """The message text for `key`, formatted; the key itself if it is missing (a test forbids that)."""
    return msg(key, lang, "message", **params) or key


def both(key: str, **params: Any) -> Any:
    """A catalogue message in both languages, as the verdict's Bilingual model."""
    from ..verdict import Bilingual

    return Bilingual(en=t(key, "en", **params), id=t(key, "id", **params))


def fmt_value(value: Any, lang: Lang) -> str:
    """A fact value as a reader expects it: yes/no rather than True/False, 'unknown' for None."""
    if isinstance(value, bool):
        return t("cond.true" if value else "cond.false", lang)
    if value is None:
        return t("cond.unknown", lang)
    if isinstance(value, list):
        return ", ".join(fmt_value(v, lang) for v in value)
    return str(value)
