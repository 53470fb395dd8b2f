"""One input record through the engine, and the envelope that carries its outcome.

The envelope (schema: `nrules schema envelope`, published under neutrality_rules/published/) is what
`--format jsonl` writes, one per input record, in input order, records in = records out:

    {"source": str, "line": int|null, "index": int, "incident_id": str|null, "verdicts": [Verdict, ...]}
    {"source": str, "line": int|null, "index": int, "incident_id": str|null, "error": {code, ...}}

`process` is the only place a record is checked, whether in this process or in a worker, so the
output is the same whatever `--jobs` says.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..api import Engine
from ..errors import EngineError, InputError, NrulesError
from ..i18n import Lang
from ..incident import Incident
from ..intake.streams import Raw
from ..intake.validate import load
from ..verdict import Verdict

ENVELOPE_SCHEMA_VERSION = "1.0"
STATUS_EXIT = {"violation": 1, "no_violation": 0, "not_determinable": 4}


@dataclass
class Options:
    """What every record is checked and written with; the same in every worker."""

    lang: Lang
    fmt: str
    as_of: dt.date | None
    today: dt.date
    keep_verdicts: bool
    """Text and Markdown are rendered in the parent from the verdict objects; JSON is written by the
    worker that checked the record (serialising is a large part of a check's cost)."""


@dataclass
class Outcome:
    """What one record gave: its envelope line, the exit code, and what the summary counts."""

    index: int
    source: str
    line: int | None
    incident_id: str | None
    exit_code: int
    envelope: str
    verdicts_json: list[str] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    incident: Incident | None = None
    error: NrulesError | None = None
    statuses: list[str] = field(default_factory=list)
    sanctions: list[tuple[str, str]] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    region: str | None = None


def check_case(engine: Engine, incident: Incident, as_of: dt.date | None, today: dt.date) -> list[Verdict]:
    """One verdict per respondent: the engine's check_case where it exists (several respondents),
    else its single check."""
    many = getattr(engine, "check_case", None)
    if many is not None:
        return list(many(incident, as_of=as_of, today=today))
    return [engine.check(incident, as_of=as_of, today=today)]


def _incident_id(raw: Raw, incident: Incident | None) -> str | None:
    if incident is not None:
        return incident.incident_id
    data = raw.data
    if raw.syntax == "json" and raw.text is not None and len(raw.text) < 1_000_000:
        try:
            data = json.loads(raw.text)
        except (ValueError, RecursionError):
            data = None
    found = data.get("incident_id") if isinstance(data, dict) else None
    return found if isinstance(found, str) and len(found) <= 128 and found.isprintable() else None


def envelope(index: int, source: str, line: int | None, incident_id: str | None, body_key: str, body: str) -> str:
    head = json.dumps({"source": source, "line": line, "index": index, "incident_id": incident_id}, ensure_ascii=False)
    return head[:-1] + f', "{body_key}": {body}' + "}"


def process(engine: Engine, raw: Raw, index: int, options: Options) -> Outcome:
    """Check one record; never raises for a bad record (its error becomes the outcome)."""
    incident: Incident | None = None
    error: NrulesError | None = None
    verdicts: list[Verdict] = []
    try:
        incident = load(raw, engine.ruleset)
        verdicts = check_case(engine, incident, options.as_of, options.today)
    except (InputError, EngineError) as exc:
        error = exc
        if exc.file is None:
            exc.file, exc.line = raw.source, raw.line
    except NrulesError as exc:  # a rule-set error surfacing late: report it on this record
        error = exc
    except Exception as exc:  # an nrules bug: report it on this record and go on
        error = EngineError("engine.internal", file=raw.source, line=raw.line, got=f"{type(exc).__name__}: {exc}")
    incident_id = _incident_id(raw, incident)
    if error is not None:
        body = json.dumps(error.as_dict(options.lang), ensure_ascii=False)
        return Outcome(
            index,
            raw.source,
            raw.line,
            incident_id,
            error.exit_code,
            envelope(index, raw.source, raw.line, incident_id, "error", body),
            error=error,
        )
    as_json = [v.model_dump_json() for v in verdicts]
    out = Outcome(
        index,
        raw.source,
        raw.line,
        incident_id,
        worst([STATUS_EXIT[v.status] for v in verdicts]),
        envelope(index, raw.source, raw.line, incident_id, "verdicts", "[" + ", ".join(as_json) + "]"),
        verdicts_json=[v.to_json() for v in verdicts] if options.fmt == "json" else [],
        verdicts=verdicts if options.keep_verdicts else [],
        incident=incident if options.keep_verdicts else None,
        statuses=[v.status for v in verdicts],
        sanctions=[(s.track, s.tier) for v in verdicts for s in v.sanctions],
        rules=[f.rule_id for v in verdicts for f in v.findings],
        region=incident.election.region if incident is not None else None,
    )
    return out


SEVERITY = [0, 4, 1, 2, 5, 3]
"""Exit codes from least to most serious (README: 3, 5, 2, 1, 4, 0)."""


def worst(codes: Sequence[int]) -> int:
    return max(codes, key=SEVERITY.index) if codes else 0


def envelope_schema(verdict_schema: dict[str, Any]) -> dict[str, Any]:
    """JSON Schema of one line of `--format jsonl` (and one item of a many-record `--format json`)."""
    defs = dict(verdict_schema.get("$defs", {}))
    verdict = {k: v for k, v in verdict_schema.items() if k not in ("$defs", "$id", "$schema")}
    defs["Verdict"] = verdict
    position = {
        "source": {"type": "string", "description": "The input file as given, or '-' for standard input"},
        "line": {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "Line of the input where the record starts (null when the input is unreadable as a whole)",
        },
        "index": {"type": "integer", "minimum": 0, "description": "Position of the record in the whole run, from 0"},
        "incident_id": {"type": ["string", "null"], "description": "The record's incident_id, when it has one"},
    }
    problem = {
        "type": "object",
        "required": ["code", "exit_code", "message"],
        "properties": {
            "code": {"type": "string", "description": "Message key, e.g. incident.unknown_act_type"},
            "exit_code": {"type": "integer", "enum": [2, 3, 5]},
            "file": {"type": ["string", "null"]},
            "line": {"type": ["integer", "null"]},
            "column": {"type": ["integer", "null"]},
            "field": {"type": ["string", "null"], "description": "Path of the field, e.g. acts[0].type"},
            "message": {"type": "string"},
            "expected": {"type": ["string", "null"]},
            "got": {"type": ["string", "null"]},
            "suggestion": {"type": ["string", "null"]},
            "problems": {"type": "array", "items": {"$ref": "#/$defs/Problem"}},
        },
        "additionalProperties": False,
    }
    defs["Problem"] = problem
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://nrules.example/schemas/envelope/{ENVELOPE_SCHEMA_VERSION}.json",
        "title": "nrules batch record",
        "description": "One line of `nrules check --format jsonl`: a record's verdicts (one per respondent) "
        "or its error",
        "type": "object",
        "oneOf": [
            {
                "required": ["source", "line", "index", "incident_id", "verdicts"],
                "properties": {**position, "verdicts": {"type": "array", "items": {"$ref": "#/$defs/Verdict"}}},
                "additionalProperties": False,
            },
            {
                "required": ["source", "line", "index", "incident_id", "error"],
                "properties": {**position, "error": {"$ref": "#/$defs/Problem"}},
                "additionalProperties": False,
            },
        ],
        "$defs": defs,
    }
