"""Reading incidents: the stable entry points (the work is done in the `intake` package).

- `read_records(path)`: the records of one input (JSON, a JSON array, JSON Lines, YAML, '-' for
  stdin), streamed; a bad record is an error record and reading goes on.
- `parse_json_text(text)`: one incident's JSON text to data, refusing duplicate keys, NaN, overlong
  integers and deep nesting with the line and column.
- `to_incident(data, ruleset=...)`: validation, with every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import IncidentError
from .intake.jsontext import parse_json_text
from .intake.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_INCIDENT_BYTES
from .intake.streams import Raw, iter_inputs
from .intake.validate import json_locator, to_incident, yaml_locator

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_INCIDENT_BYTES",
    "Record",
    "json_locator",
    "parse_json_text",
    "read_records",
    "to_incident",
    "yaml_locator",
]


@dataclass(frozen=True)
class Record:
    """One incident read from an input (parsed data), or the error that stopped it; `line` is 1-based."""

    source: str
    line: int | None
    data: Any = None
    error: IncidentError | None = None
    raw: Raw | None = None


def read_records(path: Path | str) -> Iterator[Record]:
    """Records of a file, a folder or stdin ('-'), parsed but not validated."""
    for raw in iter_inputs([path]):
        if raw.error is not None:
            yield Record(raw.source, raw.line, error=raw.error, raw=raw)
        elif raw.syntax == "yaml":
            yield Record(raw.source, raw.line, data=raw.data, raw=raw)
        else:
            assert raw.text is not None
            try:
                data = parse_json_text(raw.text, source=raw.source, line=raw.line, column=raw.column)
            except IncidentError as exc:
                yield Record(raw.source, raw.line, error=exc, raw=raw)
                continue
            yield Record(raw.source, raw.line, data=data, raw=raw)
