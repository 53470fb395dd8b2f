"""Dates and amounts as a reader of each language writes them: "5 Oktober 2024", "Rp1.500.000".

Indonesian letters and decisions write a day as "5 Oktober 2024" and a weekday as "Sabtu, 5 Oktober
2024"; ISO dates ("2024-10-05") belong in data, never in a sentence. Babel supplies the month and day
names (CLDR), so nothing here spells a month by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date

from . import Lang

_LOCALE = {"en": "en_GB", "id": "id"}


def fmt_date(day: dt.date | None, lang: Lang, *, weekday: bool = False) -> str:
    """One day in words: "5 Oktober 2024" (id), "5 October 2024" (en); with `weekday`, "Sabtu, 5 ..."."""
    if day is None:
        return ""
    pattern = "EEEE, d MMMM y" if weekday else "d MMMM y"
    return format_date(day, pattern, locale=_LOCALE[lang])


def fmt_month(year: int, month: int, lang: Lang) -> str:
    """A month in words: "Oktober 2024"."""
    return format_date(dt.date(year, month, 1), "MMMM y", locale=_LOCALE[lang])


def fmt_range(start: dt.date, end: dt.date, lang: Lang) -> str:
    """A span of days: "25 September - 23 November 2024" is shortened only where unambiguous."""
    if start == end:
        return fmt_date(start, lang)
    if start.year == end.year:
        left = format_date(start, "d MMMM" if start.month != end.month else "d", locale=_LOCALE[lang])
        return f"{left} - {fmt_date(end, lang)}"
    return f"{fmt_date(start, lang)} - {fmt_date(end, lang)}"


def fmt_reported_date(value: Any, lang: Lang) -> str:
    """A date as an incident may report it: a day, "2024-10" (a month), "2024" (a year), a range
    {"from", "to"}, or nothing; each written in words. Unknown forms are returned as given."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, dict):
        start, end = value.get("from"), value.get("to")
        if start is not None and end is not None:
            return fmt_range(_as_day(start), _as_day(end), lang)
        return fmt_reported_date(start if start is not None else end, lang)
    if hasattr(value, "model_dump"):
        return fmt_reported_date(value.model_dump(by_alias=True), lang)
    text = str(value)
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return fmt_date(dt.date.fromisoformat(text), lang)
        if len(parts) == 2:
            return fmt_month(int(parts[0]), int(parts[1]), lang)
        if len(parts) == 1 and text.isdigit():
            return text
    except ValueError:
        return text
    return text


def _as_day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
