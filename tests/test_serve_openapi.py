"""Property tests of every endpoint against the OpenAPI document (schemathesis): generated requests,
valid and invalid, must never get a server error, and every answer must match what the document
says (status codes, media types, response schemas, headers, authentication).

Two checks are relaxed, each only where the document says why:
- positive data acceptance, for the operations that take incidents: an incident that fits the schema
  can still be refused with 422 when its terms are not in the loaded rule set or its dates fall outside
  the election's calendar (the schema lists terms as examples, not enums: a province's rule set may add
  its own);
- negative data rejection, for the batch only: its body is text whose lines are judged one by one, so
  a line that is not an incident is answered in the stream with its error (200), by design.
Every other check applies to every endpoint.
"""

from __future__ import annotations

import json

import pytest
from starlette.responses import Response

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import negative_data_rejection, positive_data_acceptance  # noqa: E402
from schemathesis.core.failures import FailureGroup  # noqa: E402

from neutrality_rules import Engine  # noqa: E402
from neutrality_rules.serve import Settings, create_app  # noqa: E402

TOKEN = "schemathesis-token"
APP = create_app(Settings(token=TOKEN, timeout_seconds=20), engine=Engine.load(backend="reference"))
schemathesis.serializer.alias("application/x-ndjson", "text/plain")  # a batch body is text, one record a line
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
TAKES_AN_INCIDENT = {"/v1/check", "/v1/check/batch", "/v1/letter"}


@schema.auth()
class Bearer:
    """The deployment's token, applied the way a client would (so schemathesis also tries without it)."""

    def get(self, case, ctx):  # type: ignore[no-untyped-def]
        return TOKEN

    def set(self, case, data, ctx):  # type: ignore[no-untyped-def]
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_endpoint_keeps_to_the_openapi_document(case) -> None:  # type: ignore[no-untyped-def]
    excluded = [positive_data_acceptance] if case.operation.path in TAKES_AN_INCIDENT else []
    if case.operation.path == "/v1/check/batch":
        excluded.append(negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)


def test_the_property_test_catches_an_answer_that_breaks_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks above bite: a problem detail that loses its `code` is caught as a schema violation."""
    from neutrality_rules.serve import problems

    original = problems.problem_response

    def without_code(problem, lang, headers=None):  # type: ignore[no-untyped-def]
        response = original(problem, lang, headers)
        data = json.loads(response.body)
        del data["code"]
        return Response(json.dumps(data), status_code=response.status_code, media_type=problems.PROBLEM_MEDIA_TYPE)

    monkeypatch.setattr(problems, "problem_response", without_code)
    operation = schema["/v1/rules/{rule_id}"]["GET"]
    case = schema.make_case(
        operation=operation, path_parameters={"rule_id": "no.such-rule"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with pytest.raises(FailureGroup, match='"code" is a required property'):
        case.call_and_validate()
