"""One incident's JSON text to Python data, refusing what the json module would accept or choke on.

The json module accepts duplicate keys (the last silently wins), NaN and Infinity, and integer literals
of any length, which then fail inside Python's int-string limit with a foreign ValueError; it also
recurses without bound. Each of these is refused here with an IncidentError naming the line and
column. Positions of every value are only computed when an error needs them (`locations`), so the
common path stays the C parser's speed.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
from typing import Any, NoReturn

from ..errors import IncidentError
from .limits import MAX_DEPTH, MAX_INCIDENT_BYTES, MAX_NUMBER_DIGITS

Loc = tuple[str | int, ...]
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)
_LONG_NUMBER = re.compile(r"-?\d{" + str(MAX_NUMBER_DIGITS + 1) + ",}")


class _Refused(ValueError):
    """Raised from inside a json hook; turned into an IncidentError with the position."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused("incident.duplicate_key", field=key)
        out[key] = value
    return out


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Refused("intake.number_too_long", limit=MAX_NUMBER_DIGITS)
    return int(text)


def _parse_constant(name: str) -> Any:
    raise _Refused("intake.not_a_number", got=name)


class Position:
    """Maps offsets in a record's text to lines and columns of the file it came from."""

    def __init__(self, text: str, line: int = 1, column: int = 1) -> None:
        self.text = text
        self.line = line
        self.column = column
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def at(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self._starts, offset) - 1
        col = offset - self._starts[row] + 1
        return self.line + row, col + (self.column - 1 if row == 0 else 0)


def _too_deep(text: str) -> int | None:
    """Offset where nesting passes MAX_DEPTH, without recursion (the json module would recurse)."""
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return None
    level = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            level += 1
            if level > MAX_DEPTH:
                return match.start()
        elif token in "]}":
            level -= 1
    return None


def parse_json_text(text: str, *, source: str | None, line: int | None = None, column: int = 1) -> Any:
    """Parse one incident (or one JSON document); errors name the file, line and column."""
    pos = Position(text, line or 1, column)

    def refuse(key: str, offset: int | None = None, **params: Any) -> IncidentError:
        at_line, at_col = pos.at(offset) if offset is not None else (line, None)
        return IncidentError(key, file=source, line=at_line, column=at_col, **params)

    if len(text) > MAX_INCIDENT_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_INCIDENT_BYTES:
        raise refuse("incident.too_large", limit=MAX_INCIDENT_BYTES)
    if not text.strip():
        raise refuse("incident.empty")
    if "\x00" in text:
        raise refuse("intake.nul", text.index("\x00"))
    deep = _too_deep(text)
    if deep is not None:
        raise refuse("incident.too_deep", deep, limit=MAX_DEPTH)
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_parse_int, parse_constant=_parse_constant)
    except _Refused as exc:
        _refused_at(exc, text, refuse)
    except json.JSONDecodeError as exc:
        raise refuse("incident.bad_json", exc.pos, problem_key=_json_problem(exc.msg)) from None
    except (RecursionError, ValueError):  # a foreign ValueError is a bug in the above: still clean
        raise refuse("incident.bad_json", problem_key="intake.json.other") from None


_JSON_PROBLEMS = {
    "Expecting value": "intake.json.value",
    "Expecting property name enclosed in double quotes": "intake.json.property_name",
    "Expecting ':' delimiter": "intake.json.colon",
    "Expecting ',' delimiter": "intake.json.comma",
    "Unterminated string starting at": "intake.json.unterminated",
    "Invalid control character at": "intake.json.control",
    "Invalid \\escape": "intake.json.escape",
    "Invalid \\uXXXX escape": "intake.json.escape",
    "Extra data": "intake.json.extra",
    "Unexpected UTF-8 BOM (decode using utf-8-sig)": "intake.json.bom",
}


def _json_problem(message: str) -> str:
    return _JSON_PROBLEMS.get(message, "intake.json.other")


def _refused_at(exc: _Refused, text: str, refuse: Any) -> NoReturn:
    offset: int | None = None
    if exc.key == "intake.number_too_long":
        found = _LONG_NUMBER.search(text)
        offset = found.start() if found else None
    elif exc.key == "intake.not_a_number":
        found = re.search(r"-?(?:NaN|Infinity)", text)
        offset = found.start() if found else None
    elif exc.key == "incident.duplicate_key":
        key = json.dumps(exc.params["field"])
        hits = [m.start() for m in re.finditer(re.escape(key) + r"\s*:", text)]
        offset = hits[1] if len(hits) > 1 else (hits[0] if hits else None)
    raise refuse(exc.key, offset, **exc.params) from None


_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|([{}\[\],:])|([^\s{}\[\],:"]+))', re.S)


def locations(text: str) -> dict[Loc, int]:
    """Offset of every value in a valid JSON text, keyed by its path; an object member is located at
    its key (where a reader looks for it). Used only to place errors, so pure Python is fine."""
    out: dict[Loc, int] = {}
    tokens = [(m.start(m.lastindex or 0), m.group(m.lastindex or 0)) for m in _TOKEN.finditer(text) if m.lastindex]
    index = 0

    def value(loc: Loc, at: int | None = None) -> None:
        nonlocal index
        offset, token = tokens[index]
        out[loc] = offset if at is None else at
        index += 1
        if token == "{":
            while tokens[index][1] != "}":
                key_offset, key = tokens[index]
                index += 2  # key and ':'
                value((*loc, json.loads(key)), key_offset)
                if tokens[index][1] == ",":
                    index += 1
            index += 1
        elif token == "[":
            item = 0
            while tokens[index][1] != "]":
                value((*loc, item))
                item += 1
                if tokens[index][1] == ",":
                    index += 1
            index += 1

    if tokens:
        with contextlib.suppress(IndexError, ValueError, RecursionError):
            value(())  # on invalid JSON, whatever was located is still right
    return out
