"""`nrules report`: a caseload in, the picture of an election out.

`build_caseload` checks every record (one bad record never stops the others: it is listed, with its
message, in the report), keeps one small row per verdict and counts as it goes; `write_*` turn the
counts into the HTML report, CSV files and an XLSX workbook, in English or Indonesian.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from ..api import Engine
from ..errors import InputError
from ..inputs import Record, to_incident
from ..verdict import Bilingual, Verdict
from .aggregate import Caseload
from .rows import ErrorRow, make_row

__all__ = ["Caseload", "build_caseload"]


def _check_case(engine: Engine, incident: Any, as_of: dt.date | None) -> list[Verdict]:
    """One verdict per respondent where the engine knows several (schema 2.0), else the one verdict."""
    check_case = getattr(engine, "check_case", None)
    if check_case is not None:
        return list(check_case(incident, as_of=as_of))
    return [engine.check(incident, as_of=as_of)]


def build_caseload(
    engine: Engine,
    records: Iterable[Record],
    *,
    as_of: dt.date | None = None,
    advance: Callable[[], None] | None = None,
) -> Caseload:
    cl = Caseload()
    for record in records:
        source = record.source + (f":{record.line}" if record.line else "")
        incident_id = record.data.get("incident_id") if isinstance(record.data, dict) else None
        try:
            if record.error is not None:
                raise record.error
            incident = to_incident(record.data, source=record.source, line=record.line, ruleset=engine.ruleset)
            for verdict in _check_case(engine, incident, as_of):
                cl.add(make_row(engine.ruleset, incident, verdict, source))
        except InputError as exc:
            cl.add_error(
                ErrorRow(
                    source,
                    str(incident_id) if incident_id is not None else None,
                    exc.field,
                    Bilingual(en=exc.render("en"), id=exc.render("id")),
                )
            )
        if advance is not None:
            advance()
    return cl
