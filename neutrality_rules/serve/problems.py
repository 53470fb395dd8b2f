"""RFC 9457 problem details in the client's language, built from nrules' own errors.

A problem carries the CLI's error code (`code`, e.g. `incident.missing_field`), its exit code, the
field path and line, what was expected, what was found and a suggestion, so a case-handling system
can point at the offending field exactly as `nrules check` would. The language follows
Accept-Language (Indonesian or English); no traceback ever reaches the client.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import Response

from ..errors import NrulesError
from ..i18n import Lang, msg, t

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:nrules:problem:"

# incident errors that mean "this is not a readable document" rather than "this document is wrong"
_SYNTAX = {
    "incident.empty",
    "incident.bad_json",
    "incident.duplicate_key",
    "incident.too_deep",
    "incident.not_object",
    "incident.not_utf8",
    "incident.binary",
    "serve.yaml_syntax",
    "serve.yaml_construct",
}
_STATUS = {"incident.too_large": 413, "incident.file_too_large": 413}


class Problem(BaseModel):
    """An RFC 9457 problem detail, extended with nrules' error fields."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(description="urn:nrules:problem:<code>")
    title: str = Field(description="What went wrong, in the negotiated language")
    status: int = Field(ge=400, le=599)
    detail: str = Field(description="The full message: where, what, expected, found, suggestion")
    instance: str | None = Field(default=None, description="The request path")
    code: str = Field(description="The nrules error code, as the CLI prints it (e.g. incident.missing_field)")
    exit_code: int = Field(description="The exit code `nrules check` would give (2 bad input, 3 rule set, 5 engine)")
    field: str | None = Field(default=None, description="Path of the offending field, e.g. acts[0].type")
    line: int | None = Field(default=None, description="Line in the request body (YAML, JSON, or a batch record)")
    expected: str | None = None
    got: str | None = None
    suggestion: str | None = None


class ServeError(NrulesError):
    """An error of the HTTP layer itself (size, token, media type, time limit), with its status."""

    def __init__(self, key: str, status: int, *, headers: dict[str, str] | None = None, **kwargs: Any) -> None:
        self.status = status
        self.headers = headers or {}
        super().__init__(key, **kwargs)


def negotiate_lang(header: str | None) -> Lang:
    """The best of id/en in an Accept-Language header (q-values honoured); English when neither."""
    best: tuple[float, int, Lang] | None = None
    for position, part in enumerate((header or "").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        tag = pieces[0].lower()
        quality = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        primary = tag.split("-")[0]
        if primary in ("id", "in") and quality > 0:  # "in" is the old ISO 639 code for Indonesian
            lang: Lang = "id"
        elif primary == "en" and quality > 0:
            lang = "en"
        else:
            continue
        candidate = (quality, -position, lang)
        if best is None or candidate > best:
            best = candidate
    return best[2] if best else "en"


def request_lang(request: Request) -> Lang:
    return negotiate_lang(request.headers.get("accept-language"))


def status_of(exc: NrulesError) -> int:
    if isinstance(exc, ServeError):
        return exc.status
    if exc.key in _STATUS:
        return _STATUS[exc.key]
    if exc.exit_code == 2:
        return 400 if exc.key in _SYNTAX else 422
    return 500


def problem_of(exc: NrulesError, lang: Lang, instance: str | None = None) -> Problem:
    return Problem(
        type=TYPE_PREFIX + exc.key,
        title=exc.message(lang),
        status=status_of(exc),
        detail=exc.render(lang),
        instance=instance,
        code=exc.key,
        exit_code=exc.exit_code,
        field=exc.field,
        line=exc.line,
        expected=exc.expected(lang),
        got=exc.got,
        suggestion=exc.suggestion(lang),
    )


def problem_response(problem: Problem, lang: Lang, headers: dict[str, str] | None = None) -> Response:
    return Response(
        content=json.dumps(problem.model_dump(), ensure_ascii=False),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers={"Content-Language": lang, **(headers or {})},
    )


def error_response(exc: NrulesError, request: Request) -> Response:
    lang = request_lang(request)
    headers = exc.headers if isinstance(exc, ServeError) else None
    return problem_response(problem_of(exc, lang, request.url.path), lang, headers)


def plain_problem(key: str, status: int, lang: Lang, instance: str | None, **params: Any) -> Problem:
    """A problem for an HTTP-level condition that has no NrulesError behind it (404 route, 405...)."""
    return Problem(
        type=TYPE_PREFIX + key,
        title=t(key, lang, **params),
        status=status,
        detail=t(key, lang, **params) + (". " + s if (s := msg(key, lang, "suggestion", **params)) else ""),
        instance=instance,
        code=key,
        exit_code=2,
        expected=msg(key, lang, "expected", **params),
        suggestion=msg(key, lang, "suggestion", **params),
    )
