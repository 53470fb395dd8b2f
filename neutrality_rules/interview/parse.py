"""Reading answers as people type them: "ya", "tidak tahu", "10-10-2024", "Oktober 2024", "kampanye".

Each parser returns the value for the incident or raises `AnswerError` with a message key; the
interview turns the key into a sentence in the user's language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

YES = {"y", "ya", "yes", "iya", "benar", "true", "1"}
NO = {"n", "t", "tidak", "no", "bukan", "false", "0", "tdk"}
UNKNOWN_WORDS = {
    "?",
    "tidak tahu",
    "tdk tahu",
    "belum diketahui",
    "tidak diketahui",
    "unknown",
    "don't know",
    "dont know",
    "tt",
}

_MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "aug": 8, "agt": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip


class AnswerError(ValueError):
    """An answer that does not fit the question: `key` names the message, `params` fill it."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        """The reason in the user's language, dates in words."""
        from ..i18n import Lang, t
        from ..i18n.dates import fmt_date

        lang_: Lang = "id" if lang == "id" else "en"
        params = {k: fmt_date(v, lang_) if isinstance(v, dt.date) else v for k, v in self.params.items()}
        return t(self.key, lang_, **params)


def is_unknown(raw: str) -> bool:
    return raw.strip().lower() in UNKNOWN_WORDS


def yes_no(raw: str) -> bool:
    word = raw.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise AnswerError("new.error.yes_no")


def _real_day(year: int, month: int, day: int) -> dt.date:
    try:
        value = dt.date(year, month, day)
    except ValueError as exc:
        raise AnswerError("new.error.not_a_day", got=f"{day:02d}-{month:02d}-{year}") from exc
    if not dt.date(1945, 8, 17) <= value <= dt.date(2100, 12, 31):
        raise AnswerError("new.error.out_of_range", got=value.isoformat())
    return value


def day(raw: str) -> dt.date:
    """A day: 2024-10-05, 05-10-2024, 5/10/2024, or 5 Oktober 2024."""
    text = raw.strip().lower()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return _real_day(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    if m:
        return _real_day(int(m[3]), int(m[2]), int(m[1]))
    m = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", text)
    if m and m[2] in _MONTHS:
        return _real_day(int(m[3]), _MONTHS[m[2]], int(m[1]))
    raise AnswerError("new.error.date", got=raw.strip())


def _month(text: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text) or None
    if m and 1 <= int(m[2]) <= 12:
        return int(m[1]), int(m[2])
    m = re.fullmatch(r"(\d{1,2})[-/](\d{4})", text)
    if m and 1 <= int(m[1]) <= 12:
        return int(m[2]), int(m[1])
    m = re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", text)
    if m and m[1] in _MONTHS:
        return int(m[2]), _MONTHS[m[1]]
    return None


def reported_date(raw: str, phases: dict[str, list[str]], *, partial: bool) -> Any:
    """A date as the report gives it: a day, a month ("2024-10", "Oktober 2024"), a year, a range
    ("1-10-2024 s.d. 15-10-2024"), a phase with no date ("masa kampanye"), or "tidak tahu" (None).
    Without `partial`, the incident format takes a day only."""
    text = raw.strip().lower()
    if is_unknown(text):
        if not partial:
            raise AnswerError("new.error.day_needed")
        return None
    for key, words in phases.items():
        if text == key or text in (w.lower() for w in words):
            if not partial:
                raise AnswerError("new.error.day_needed")
            return {"phase": key}
    parts = re.split(r"\s+(?:s\.?d\.?|sampai dengan|sampai|hingga|to|until)\s+|\s*(?:\.\.|\u2013|\u2014)\s*", text)
    if len(parts) == 2 and all(parts):
        if not partial:
            raise AnswerError("new.error.day_needed")
        start, end = day(parts[0]), day(parts[1])
        if end < start:
            raise AnswerError("new.error.range_order", got=raw.strip())
        return {"from": start.isoformat(), "to": end.isoformat()}
    try:
        return day(text).isoformat()
    except AnswerError as exc:
        month = _month(text)
        if month is not None:
            if not partial:
                raise AnswerError("new.error.day_needed") from exc
            return f"{month[0]:04d}-{month[1]:02d}"
        if re.fullmatch(r"\d{4}", text) and 1945 <= int(text) <= 2100:
            if not partial:
                raise AnswerError("new.error.day_needed") from exc
            return text
        raise


def id_number(raw: str) -> tuple[str, str]:
    """An identity number: 18 digits is a NIP, 16 a NIK (spaces and dots are ignored)."""
    digits = re.sub(r"[\s.\-]", "", raw)
    if not digits.isdigit():
        raise AnswerError("new.error.id_number", got=raw.strip())
    if len(digits) == 18:
        return "nip", digits
    if len(digits) == 16:
        return "nik", digits
    raise AnswerError("new.error.id_number", got=raw.strip())


def integer(raw: str) -> int:
    digits = re.sub(r"[\s.,]", "", raw.strip().lower().removeprefix("rp"))
    if not digits.isdigit():
        raise AnswerError("new.error.integer", got=raw.strip())
    return int(digits)
