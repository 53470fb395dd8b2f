"""The FastAPI application: routes, limits, authentication and problem details.

One `Service` per worker process holds the engine (loaded once, in the lifespan, unless the caller
hands one in), the read-only views of the rule set, and a capacity limiter for checks: the engine is
CPU-bound and holds the GIL, so a handful of threads keep the event loop free for health checks and
new connections while the rest of the requests wait their turn, each within its time limit.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal, TypeVar

import anyio
from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, Response, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..api import Engine, version
from ..errors import IncidentError, InputError, NrulesError
from ..i18n import LANGS, Lang, catalogue
from ..incident import SCHEMA_VERSION, Incident
from ..inputs import parse_json_text, to_incident
from ..render.letter import Office, Sender
from ..ruleset.parse import did_you_mean
from ..schemas import incident_schema, verdict_schema
from ..verdict import VERDICT_SCHEMA_VERSION, Verdict
from . import catalog, letters
from .bodies import decode, parse_incident_body
from .interview import InterviewAnswers, InterviewState, run_interview
from .models import BatchLine, CheckResult, Health, RuleDetail, RuleSummary, VersionInfo, Vocabulary
from .problems import (
    PROBLEM_MEDIA_TYPE,
    Problem,
    ServeError,
    error_response,
    plain_problem,
    problem_response,
    request_lang,
)
from .settings import Settings

API_VERSION = "1.0"
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines")
JSONL_OUT = "application/x-ndjson"
log = logging.getLogger("nrules.serve")
T = TypeVar("T")


@dataclass
class Service:
    """What one worker process holds for its whole life."""

    settings: Settings
    engine: Engine
    limiter: anyio.CapacityLimiter
    vocabulary: Vocabulary = field(init=False)
    rules: list[RuleSummary] = field(init=False)
    office: Office | None = field(init=False)

    def __post_init__(self) -> None:
        self.office = Office.load(self.settings.office) if self.settings.office else None
        self.vocabulary = catalog.vocabulary(self.engine.ruleset)
        self.rules = [catalog.rule_summary(self.engine.ruleset, r) for r in self.engine.ruleset.rules]

    async def run(self, func: Callable[[], T], timeout: float) -> T:
        """Run a check on the limited thread pool within `timeout` seconds (waiting included)."""
        try:
            with anyio.fail_after(timeout):
                return await anyio.to_thread.run_sync(func, limiter=self.limiter, abandon_on_cancel=True)
        except TimeoutError:
            raise ServeError("serve.timeout", 503, headers={"Retry-After": "5"}, seconds=f"{timeout:g}") from None


def _service(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


def _authorize(request: Request) -> None:
    """Bearer token check (constant-time) when the server was started with a token."""
    token = _service(request).settings.token
    if not token:
        return
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ServeError("serve.unauthorized", 401, headers={"WWW-Authenticate": 'Bearer realm="nrules"'})


def _query_names(dependant: Any) -> set[str]:
    names = {f.alias for f in getattr(dependant, "query_params", [])}
    for sub in getattr(dependant, "dependencies", []):
        names |= _query_names(sub)
    return names


def _known_query(request: Request) -> None:
    """Refuse query parameters the operation does not define (`?fromat=docx` is a typo to report, not
    a default to apply silently) and single-valued parameters given twice (which one would win?)."""
    route = request.scope.get("route")
    allowed = _query_names(getattr(route, "dependant", None))
    names = [name for name, _ in request.query_params.multi_items()]
    unknown = [name for name in names if name not in allowed]
    repeated = [name for name in allowed if names.count(name) > 1]
    if repeated:
        raise ServeError("serve.repeated_parameter", 422, field=f"query.{repeated[0]}", got=repeated[0])
    if unknown:
        raise ServeError(
            "serve.unknown_parameter",
            422,
            field=f"query.{unknown[0][:80]}",
            got=unknown[0][:80],
            allowed=", ".join(sorted(allowed)) or "-",
        )


Authorized = Annotated[None, Depends(_authorize)]
_DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
AsOf = Annotated[
    str | None,
    Query(
        pattern=_DAY_PATTERN,
        description="Apply the law as of this day (YYYY-MM-DD) when the incident gives no examination "
        "or assessment date",
    ),
]


def _day(value: str | None, name: str = "as_of") -> dt.date | None:
    """A day parameter, strictly YYYY-MM-DD and a real date (pydantic alone would read `0` as 1970-01-01)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ServeError("serve.bad_day", 422, field=f"query.{name}", got=value[:20]) from None


_BEARER = {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "Required when the server has a token"}}
_SECURED: dict[str, Any] = {"security": [{"bearerAuth": []}]}


def _problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "The body is not a readable document (syntax, encoding, nesting)",
        401: "Missing or wrong bearer token",
        404: "No such resource",
        413: "The body, or the number of records in a batch, is over the limit",
        415: "Unsupported Content-Type",
        422: "The document or a parameter is invalid (the problem names the field)",
        503: "The check did not finish within the time limit",
    }
    return {
        code: {
            "description": text[code],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for code in codes
    }


def _incident_body(description: str, *, jsonl: bool = False) -> dict[str, Any]:
    if jsonl:
        content = {
            JSONL_OUT: {
                "schema": {"type": "string", "description": "One incident (JSON object) per line"},
                "example": '{"incident_id": "A-1", "...": "..."}\n{"incident_id": "A-2", "...": "..."}\n',
            }
        }
    else:
        ref = {"$ref": "#/components/schemas/Incident"}
        content = {"application/json": {"schema": ref}, "application/yaml": {"schema": ref}}
    return {"requestBody": {"required": True, "description": description, "content": content}}


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it passes `limit` bytes."""
    size = request.headers.get("content-length")
    if size is not None and size.isdigit() and int(size) > limit:
        raise ServeError("serve.too_large", 413, limit=limit)
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise ServeError("serve.too_large", 413, limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)


def verdicts_of(engine: Engine, incident: Incident, as_of: dt.date | None) -> list[Verdict]:
    """One verdict per respondent: `check_case` where the engine has it, else the single `check`."""
    check_case = getattr(engine, "check_case", None)
    if callable(check_case):
        return list(check_case(incident, as_of=as_of))
    return [engine.check(incident, as_of=as_of)]


def _json(data: Any, status: int = 200, media_type: str = "application/json") -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status_code=status, media_type=media_type)


class SecurityHeaders:
    """Headers every response carries: no sniffing, no framing, no referrer, a same-origin-only CSP,
    and no caching of API answers (they may quote personal data from the incident)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = {
                    b"x-content-type-options": b"nosniff",
                    b"x-frame-options": b"DENY",
                    b"referrer-policy": b"no-referrer",
                    b"content-security-policy": (
                        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                        b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
                    ),
                }
                if not str(scope.get("path", "")).startswith("/static/"):
                    extra[b"cache-control"] = b"no-store"
                headers += [(k, v) for k, v in extra.items() if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    return {"incident": incident_schema(), "verdict": verdict_schema()}


@cache
def page_messages() -> dict[str, dict[str, str]]:
    """The page's texts in both languages, as templates (the page fills {placeholders} itself)."""
    out: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for key, entry in catalogue().items():
        if key.startswith(("serve.page.", "ui.status.", "ui.step.", "ui.unit.")):
            for lang in LANGS:
                out[lang][key] = entry[lang]["message"]
    return out


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """The application. With `engine`, that engine is used (tests, one-process serving); otherwise
    each worker loads its own at start-up from the settings' rule set and backend."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "service", None) is None:
            loaded = Engine.load(settings.rules, layers=settings.layers, backend=settings.backend)  # type: ignore[arg-type]
            app.state.service = Service(settings, loaded, anyio.CapacityLimiter(settings.check_threads))
        yield

    app = FastAPI(
        title="nrules",
        version=API_VERSION,
        summary="Political-neutrality rules for Indonesian public servants in elections",
        description=(
            "Check incidents (one, or a batch as JSON Lines), get the letter, browse the rules and "
            "the vocabulary. Errors are RFC 9457 problem details (application/problem+json) carrying the "
            "CLI's error code, the field path and a suggestion, in the language of Accept-Language (id, en). "
            "When the server runs with a token, every /v1 and /version request needs `Authorization: Bearer`."
        ),
        lifespan=lifespan,
        dependencies=[Depends(_known_query)],
        docs_url=None,  # Swagger UI and ReDoc load their assets from a CDN: no external network here
        redoc_url=None,
        root_path=settings.root_path,
    )
    if engine is not None:
        app.state.service = Service(settings, engine, anyio.CapacityLimiter(settings.check_threads))
    else:
        app.state.service = None

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept-Language"],
        )
    app.add_middleware(SecurityHeaders)
    _handlers(app)
    _routes(app)
    if settings.page:
        _page(app)
    from .openapi import install

    install(app)
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(NrulesError)
    async def nrules_error(request: Request, exc: NrulesError) -> Response:
        return error_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        lang = request_lang(request)
        first = exc.errors()[0] if exc.errors() else {}
        loc = ".".join(str(p) for p in first.get("loc", ()))
        problem = plain_problem("serve.bad_parameter", 422, lang, request.url.path, problem=str(first.get("msg", "")))
        return problem_response(problem.model_copy(update={"field": loc or None}), lang)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        lang = request_lang(request)
        key = {400: "serve.bad_body", 404: "serve.route_not_found", 405: "serve.method_not_allowed"}.get(
            exc.status_code, "serve.http_error"
        )
        problem = plain_problem(key, exc.status_code, lang, request.url.path, code=exc.status_code)
        return problem_response(problem, lang, dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        ref = uuid.uuid4().hex[:12]
        log.exception("internal error %s on %s %s", ref, request.method, request.url.path)
        lang = request_lang(request)
        problem = plain_problem("serve.internal", 500, lang, request.url.path, ref=ref)
        return problem_response(problem.model_copy(update={"exit_code": 5}), lang)


def _routes(app: FastAPI) -> None:
    @app.get("/healthz", response_model=Health, tags=["service"], summary="Liveness and readiness")
    async def healthz() -> Health:
        return Health(status="ok")

    @app.get(
        "/version",
        response_model=VersionInfo,
        tags=["service"],
        summary="nrules, rule set and its hash, backend",
        responses=_problems(401),
        openapi_extra=_SECURED,
    )
    async def version_info(request: Request, _: Authorized) -> VersionInfo:
        svc = _service(request)
        return VersionInfo(
            nrules=version(),
            api=API_VERSION,
            ruleset=catalog.ruleset_info(svc.engine.ruleset),
            backend=svc.engine.backend,
            backend_note=svc.engine.backend_note,
            incident_schema_version=SCHEMA_VERSION,
            verdict_schema_version=VERDICT_SCHEMA_VERSION,
            letter_formats=letters.available_formats(),
        )

    @app.get(
        "/v1/schema/{which}",
        tags=["reference"],
        summary="JSON Schema of the incident or the verdict",
        responses={
            200: {
                "description": "A JSON Schema (2020-12)",
                "content": {"application/schema+json": {"schema": {"type": "object"}}},
            },
            **_problems(401, 422),
        },
        openapi_extra=_SECURED,
        response_class=Response,
    )
    async def schema(which: Annotated[Literal["incident", "verdict"], Path()], _: Authorized) -> Response:
        return _json(_schemas()[which], media_type="application/schema+json")

    @app.get(
        "/v1/vocabulary",
        response_model=Vocabulary,
        tags=["reference"],
        summary="The terms an incident may use, labelled in Indonesian and English",
        responses=_problems(401),
        openapi_extra=_SECURED,
    )
    async def vocabulary(request: Request, _: Authorized) -> Vocabulary:
        return _service(request).vocabulary

    @app.get(
        "/v1/rules",
        response_model=list[RuleSummary],
        tags=["reference"],
        summary="The rules, with their outcome and file",
        responses=_problems(401, 422),
        openapi_extra=_SECURED,
    )
    async def rules(
        request: Request,
        _: Authorized,
        track: Annotated[str | None, Query(max_length=80, description="Only rules of this track")] = None,
        subject: Annotated[str | None, Query(max_length=80, description="Only rules that reach this role")] = None,
    ) -> list[RuleSummary]:
        return [
            r
            for r in _service(request).rules
            if (track is None or r.track == track) and (subject is None or subject in r.subjects)
        ]

    @app.get(
        "/v1/rules/{rule_id}",
        response_model=RuleDetail,
        tags=["reference"],
        summary="One rule: legal text, conditions in words, outcome",
        responses=_problems(401, 404, 422),
        openapi_extra=_SECURED,
    )
    async def rule(request: Request, rule_id: Annotated[str, Path(max_length=200)], _: Authorized) -> RuleDetail:
        rs = _service(request).engine.ruleset
        found = rs.by_id.get(rule_id)
        if found is None:
            hint = did_you_mean(rule_id, rs.by_id)
            params: dict[str, Any] = {"hint": hint} if hint else {}
            raise ServeError("serve.unknown_rule", 404, field="rule_id", got=rule_id[:200], **params)
        return catalog.rule_detail(rs, found)

    @app.post(
        "/v1/interview",
        response_model=InterviewState,
        tags=["check"],
        summary="The questions of `nrules new` for the answers so far, and the incident once complete",
        description=(
            'Send every answer as typed, keyed by question id ("" for a blank). The answer lists the questions '
            "those answers lead to, in order (the flow branches on the role, the acts and 'another act?'), each "
            "with `error` when its answer does not fit, and `incident` once every required question is answered "
            "and every answer fits. The server keeps no session: the flow is a function of the answers."
        ),
        responses=_problems(400, 401, 413, 422, 503),
        openapi_extra=_SECURED,
    )
    async def interview(request: Request, body: InterviewAnswers, _: Authorized) -> InterviewState:
        svc = _service(request)
        lang = request_lang(request)
        rs = svc.engine.ruleset
        return await svc.run(lambda: run_interview(rs, body.answers, lang), svc.settings.timeout_seconds)

    @app.post(
        "/v1/check",
        response_model=CheckResult,
        tags=["check"],
        summary="Check one incident (JSON or YAML)",
        responses=_problems(400, 401, 413, 415, 422, 503),
        openapi_extra={**_SECURED, **_incident_body("One incident, as JSON or YAML")},
    )
    async def check(request: Request, _: Authorized, as_of: AsOf = None) -> Response:
        svc = _service(request)
        raw = await read_body(request, svc.settings.max_body_bytes)
        data = parse_incident_body(raw, request.headers.get("content-type"))

        day = _day(as_of)

        def work() -> tuple[str, list[Verdict]]:
            incident = to_incident(data, source="request", ruleset=svc.engine.ruleset)
            return incident.incident_id, verdicts_of(svc.engine, incident, day)

        incident_id, verdicts = await svc.run(work, svc.settings.timeout_seconds)
        text = ", ".join(v.model_dump_json() for v in verdicts)  # pydantic's serializer, no dict round trip
        body = f'{{"incident_id": {json.dumps(incident_id, ensure_ascii=False)}, "verdicts": [{text}]}}'
        return Response(body, media_type="application/json")

    @app.post(
        "/v1/check/batch",
        tags=["check"],
        summary="Check many incidents: JSON Lines in, JSON Lines out (streamed, in input order)",
        description=(
            "Each non-blank input line is one incident. Each output line is a BatchLine: the record's "
            "verdicts, or its error; one bad record never stops the others. The body is read whole "
            "(up to the batch size limit) before the first result, then results stream as they are checked."
        ),
        responses={
            200: {
                "description": "One BatchLine per input record, as JSON Lines",
                "content": {JSONL_OUT: {"schema": {"$ref": "#/components/schemas/BatchLine"}}},
            },
            **_problems(400, 401, 413, 415, 422),
        },
        openapi_extra={**_SECURED, **_incident_body("Incidents, one JSON object per line", jsonl=True)},
    )
    async def batch(request: Request, _: Authorized, as_of: AsOf = None) -> Response:
        svc = _service(request)
        day = _day(as_of)
        kind = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if kind and kind not in JSONL_TYPES and kind != "application/json":
            raise ServeError("serve.unsupported_media_type", 415, got=kind, allowed=", ".join(JSONL_TYPES))
        raw = await read_body(request, svc.settings.max_batch_bytes)
        text = decode(raw, "request")
        records = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if not records:
            raise IncidentError("incident.empty", file="request")
        if len(records) > svc.settings.max_batch_records:
            raise ServeError("serve.too_many_records", 413, limit=svc.settings.max_batch_records, got=str(len(records)))
        lang = request_lang(request)
        return StreamingResponse(
            _batch_lines(svc, records, lang, day), media_type=JSONL_OUT, headers={"Content-Language": lang}
        )

    @app.post(
        "/v1/letter",
        tags=["check"],
        summary="The letter for one incident, as DOCX or Markdown",
        description=(
            "The recommendation or forwarding letter, laid out in the office's template (the server's "
            "--office profile); `sender` says who sends (Bawaslu forwards to BKN or the PPK, BKN recommends "
            "to the PPK). Letters are Indonesian unless Accept-Language asks for English."
        ),
        responses={
            200: {
                "description": "The document, as an attachment",
                "content": {
                    letters.MEDIA["md"].split(";")[0]: {"schema": {"type": "string"}},
                    letters.MEDIA["docx"]: {"schema": {"type": "string", "format": "binary"}},
                },
            },
            **_problems(400, 401, 413, 415, 422, 503),
        },
        openapi_extra={**_SECURED, **_incident_body("One incident, as JSON or YAML")},
    )
    async def letter(
        request: Request,
        _: Authorized,
        format: Annotated[letters.Format, Query(description="md (Markdown) or docx")] = "md",
        sender: Annotated[Sender | None, Query(description="Who sends the letter (default: the office's)")] = None,
        letter_date: Annotated[
            str | None, Query(pattern=_DAY_PATTERN, description="The date written on the letter (default: today)")
        ] = None,
        internal: Annotated[
            bool, Query(description="Add rule ids, confidence codes and the rule set's doubts (internal review)")
        ] = False,
        as_of: AsOf = None,
    ) -> Response:
        svc = _service(request)
        lang: Lang = request_lang(request) if request.headers.get("accept-language") else "id"
        day, written = _day(as_of), _day(letter_date, "letter_date")
        raw = await read_body(request, svc.settings.max_body_bytes)
        data = parse_incident_body(raw, request.headers.get("content-type"))

        def work() -> tuple[str, bytes]:
            incident = to_incident(data, source="request", ruleset=svc.engine.ruleset)
            verdicts = verdicts_of(svc.engine, incident, day)
            document = letters.render(
                format,
                verdicts,
                incident,
                lang,
                ruleset=svc.engine.ruleset,
                office=svc.office,
                sender=sender,
                letter_date=written,
                internal=internal,
            )
            return incident.incident_id, document

        incident_id, body = await svc.run(work, svc.settings.timeout_seconds)
        name = letters.filename(incident_id, format)
        return Response(
            body,
            media_type=letters.MEDIA[format],
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Content-Language": lang},
        )


async def _batch_lines(
    svc: Service, records: list[tuple[int, str]], lang: Lang, as_of: dt.date | None
) -> AsyncIterator[str]:
    """One envelope per record, in order. A record that fails, times out or crashes the engine yields
    its error line; the batch goes on. Past the batch time limit, the remaining records say so."""
    deadline = anyio.current_time() + svc.settings.batch_timeout_seconds
    for index, (line_no, text) in enumerate(records):
        envelope: dict[str, Any] = {"source": "request", "line": line_no, "index": index, "incident_id": None}
        if anyio.current_time() > deadline:
            error: NrulesError = ServeError(
                "serve.batch_timeout", 503, seconds=f"{svc.settings.batch_timeout_seconds:g}", line=line_no
            )
            yield json.dumps({**envelope, "error": error.as_dict(lang)}, ensure_ascii=False) + "\n"
            continue

        def run_record(text: str = text, line_no: int = line_no) -> tuple[str | None, Any]:
            incident_id: str | None = None
            try:
                data = parse_json_text(text, source="request", line=line_no)
                if isinstance(data, dict) and isinstance(data.get("incident_id"), str):
                    incident_id = data["incident_id"][:128]
                incident = to_incident(data, source="request", line=line_no, ruleset=svc.engine.ruleset)
                return incident_id, verdicts_of(svc.engine, incident, as_of)
            except NrulesError as exc:
                return incident_id, exc

        try:
            incident_id, outcome = await svc.run(run_record, svc.settings.timeout_seconds)
        except NrulesError as exc:  # unreadable line (before the id is known) or time limit
            incident_id, outcome = None, exc
        except Exception as exc:  # an nrules bug on one record: logged, reported, the batch goes on
            ref = uuid.uuid4().hex[:12]
            log.exception("internal error %s in batch record %s", ref, line_no, exc_info=exc)
            incident_id, outcome = None, ServeError("serve.internal", 500, ref=ref, line=line_no)
        envelope["incident_id"] = incident_id
        if isinstance(outcome, NrulesError):
            if isinstance(outcome, InputError) and outcome.line is None:
                outcome.line = line_no
            envelope["error"] = outcome.as_dict(lang)
        else:
            envelope["verdicts"] = [v.model_dump(mode="json") for v in outcome]
        yield json.dumps(envelope, ensure_ascii=False) + "\n"


def _page(app: FastAPI) -> None:
    static = resources.files(__package__).joinpath("static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")), media_type="text/html; charset=utf-8")

    @app.get("/ui/messages.json", include_in_schema=False)
    async def messages() -> Response:
        return _json(page_messages())

    app.mount("/static", StaticFiles(directory=str(static)), name="static")


def app_from_env() -> FastAPI:
    """The factory uvicorn calls in each worker process (settings from NRULES_SERVE_*)."""
    return create_app(Settings.from_env())


# Referenced by the OpenAPI document only (the batch's line shape and the error shape)
DOCUMENTED_MODELS = (BatchLine, Problem)
