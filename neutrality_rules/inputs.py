"""Reading incidents from files, strings and dicts, with errors a case officer can act on.

Input is untrusted: sizes and nesting are bounded before parsing, duplicate keys are refused (JSON
allows them and the last would silently win), and every pydantic error becomes one IncidentError
naming the file, the record line and the field, with a "did you mean" for misspelt field names.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import IncidentError
from .incident import Incident
from .ruleset.parse import did_you_mean

MAX_INCIDENT_BYTES = 1_000_000
MAX_FILE_BYTES = 200_000_000
MAX_DEPTH = 32


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """Nesting depth, iteratively (a recursive walk would itself overflow on hostile input)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > limit:
            return depth
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


def parse_json_text(text: str, *, source: str, line: int | None = None) -> Any:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_INCIDENT_BYTES:
        raise IncidentError("incident.too_large", file=source, line=line, limit=MAX_INCIDENT_BYTES)
    if not text.strip():
        raise IncidentError("incident.empty", file=source, line=line)
    # bracket depth before parsing: the json module recurses and would hit the interpreter's limit
    depth = level = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            level += 1
            depth = max(depth, level)
            if depth > MAX_DEPTH:
                raise IncidentError("incident.too_deep", file=source, line=line, limit=MAX_DEPTH)
        elif ch in "]}":
            level -= 1
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except _Duplicate as dup:
        raise IncidentError("incident.duplicate_key", file=source, line=line, field=dup.key) from None
    except json.JSONDecodeError as exc:
        at_line = (line or 1) + exc.lineno - 1 if line else exc.lineno
        raise IncidentError(
            "incident.bad_json", file=source, line=at_line, got=f"{exc.msg} at column {exc.colno}"
        ) from None
    except RecursionError:
        raise IncidentError("incident.too_deep", file=source, line=line, limit=MAX_DEPTH) from None


def _loc_text(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    model: Any = Incident
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _inner_model(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    return annotation


def validation_error(exc: ValidationError, *, source: str | None, line: int | None) -> IncidentError:
    first = exc.errors()[0]
    loc = tuple(first["loc"])
    field = _loc_text(loc)
    more = len(exc.errors()) - 1
    got = repr(first.get("input"))[:80] if first["type"] not in ("missing", "extra_forbidden") else None
    if first["type"] == "extra_forbidden":
        parent = _model_at(loc[:-1])
        options = list(parent.model_fields) if parent else []
        hint = did_you_mean(str(loc[-1]), options)
        return IncidentError(
            "incident.unknown_field",
            file=source,
            line=line,
            field=field,
            allowed=", ".join(options),
            more=more,
            suggestion=f"did you mean '{hint}'?" if hint else None,
        )
    if first["type"] == "missing":
        return IncidentError("incident.missing_field", file=source, line=line, field=field, more=more)
    problem = str(first["msg"]).removeprefix("Value error, ")
    return IncidentError(
        "incident.invalid_value", file=source, line=line, field=field, got=got, problem=problem, more=more
    )


def to_incident(data: Any, *, source: str | None = None, line: int | None = None) -> Incident:
    if isinstance(data, Incident):
        return data
    if not isinstance(data, Mapping):
        raise IncidentError("incident.not_object", file=source, line=line, got=type(data).__name__)
    if _depth(data) > MAX_DEPTH:
        raise IncidentError("incident.too_deep", file=source, line=line, limit=MAX_DEPTH)
    try:
        return Incident.model_validate(dict(data))
    except ValidationError as exc:
        raise validation_error(exc, source=source, line=line) from None


@dataclass(frozen=True)
class Record:
    """One incident read from an input, or the error that stopped it; `line` is 1-based for JSONL."""

    source: str
    line: int | None
    data: Any = None
    error: IncidentError | None = None


def read_records(path: Path | str) -> Iterator[Record]:
    """Records of a file: a JSON object, a JSON array of objects, or JSON Lines; '-' reads stdin.
    A bad record yields an error record and reading goes on."""
    import sys

    source = str(path)
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise IncidentError("incident.is_directory", file=source)
            if p.stat().st_size > MAX_FILE_BYTES:
                raise IncidentError("incident.file_too_large", file=source, limit=MAX_FILE_BYTES)
            raw = p.read_bytes()
    except IncidentError as exc:
        yield Record(source, None, error=exc)
        return
    except OSError as exc:
        yield Record(
            source, None, error=IncidentError("incident.unreadable", file=source, got=exc.strerror or str(exc))
        )
        return
    if len(raw) > MAX_FILE_BYTES:
        yield Record(source, None, error=IncidentError("incident.file_too_large", file=source, limit=MAX_FILE_BYTES))
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Record(
            source, None, error=IncidentError("incident.not_utf8", file=source, got=f"byte offset {exc.start}")
        )
        return
    if "\x00" in text:
        yield Record(source, None, error=IncidentError("incident.binary", file=source))
        return
    stripped = text.strip()
    if not stripped:
        yield Record(source, None, error=IncidentError("incident.empty", file=source))
        return
    if source.endswith(".jsonl") or _looks_like_lines(stripped):
        for number, line_text in enumerate(text.splitlines(), start=1):
            if not line_text.strip():
                continue
            try:
                yield Record(source, number, data=parse_json_text(line_text, source=source, line=number))
            except IncidentError as exc:
                yield Record(source, number, error=exc)
        return
    try:
        if len(raw) > MAX_INCIDENT_BYTES and not stripped.startswith("["):
            raise IncidentError("incident.too_large", file=source, limit=MAX_INCIDENT_BYTES)
        data = parse_json_text(text, source=source) if not stripped.startswith("[") else _parse_array(text, source)
    except IncidentError as exc:
        yield Record(source, None, error=exc)
        return
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield Record(f"{source}[{i}]", None, data=item)
    else:
        yield Record(source, None, data=data)


def _parse_array(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except _Duplicate as dup:
        raise IncidentError("incident.duplicate_key", file=source, field=dup.key) from None
    except json.JSONDecodeError as exc:
        raise IncidentError(
            "incident.bad_json", file=source, line=exc.lineno, got=f"{exc.msg} at column {exc.colno}"
        ) from None
    except RecursionError:
        raise IncidentError("incident.too_deep", file=source, limit=MAX_DEPTH) from None


def _looks_like_lines(text: str) -> bool:
    """Several top-level objects, one per line (JSON Lines without the .jsonl suffix)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return len(lines) > 1 and all(ln.lstrip().startswith("{") and ln.rstrip().endswith("}") for ln in lines)
