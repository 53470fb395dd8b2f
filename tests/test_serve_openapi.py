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

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import negative_data_rejection, positive_data_acceptance  # noqa: E402

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
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_endpoint_keeps_to_the_openapi_document(case) -> None:  # type: ignore[no-untyped-def]
    excluded = [positive_data_acceptance] if case.operation.path in TAKES_AN_INCIDENT else []
    if case.operation.path == "/v1/check/batch":
        excluded.append(negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)
