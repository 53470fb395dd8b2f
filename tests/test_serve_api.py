"""The HTTP API through its ASGI client (httpx): what a case-handling system in another language sees."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from neutrality_rules import Engine
from neutrality_rules.i18n import catalogue
from neutrality_rules.schemas import incident_schema, verdict_schema
from neutrality_rules.serve import Settings, create_app
from neutrality_rules.serve.openapi import PUBLISHED, openapi_document
from neutrality_rules.serve.problems import negotiate_lang

from .conftest import ROOT, incident

EXAMPLE = json.loads((ROOT / "examples" / "like-after-determination.json").read_text(encoding="utf-8"))
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "code", "exit_code", "field", "line", "expected"}
PROBLEM_KEYS |= {"got", "suggestion"}


class _Sync:
    """httpx's ASGI transport is async; this runs each call in an event loop (simple, explicit)."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        self.app = app
        self.kwargs = kwargs

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        import anyio

        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, **self.kwargs)
            async with httpx.AsyncClient(transport=transport, base_url="http://nrules.test") as c:
                response = await c.request(method, url, **kwargs)
                await response.aread()
                return response

        return anyio.run(go)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


@pytest.fixture(scope="module")
def api(reference_engine: Engine) -> _Sync:
    return _Sync(create_app(Settings(), engine=reference_engine))


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) == PROBLEM_KEYS
    assert body["code"] == code and body["type"] == f"urn:nrules:problem:{code}" and body["status"] == status
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


# ---------------------------------------------------------------- checking


def test_check_answers_what_the_library_answers(api: _Sync, reference_engine: Engine) -> None:
    response = api.post("/v1/check", json=EXAMPLE)
    assert response.status_code == 200
    body = response.json()
    assert body["incident_id"] == EXAMPLE["incident_id"]
    assert body["verdicts"] == [json.loads(reference_engine.check(EXAMPLE).to_json())]
    # a like after candidate determination: SKB 2022 row D6, hukuman disiplin berat (PP 94 Pasal 14 huruf i)
    assert body["verdicts"][0]["status"] == "violation"
    assert body["verdicts"][0]["headline"]["tier"] == "berat"


def test_yaml_and_json_give_the_same_verdict(api: _Sync) -> None:
    yaml_text = """\
incident_id: Y-1
election: {key: pilkada-2024, contest: bupati}
respondent:
  role: pns
  position_kind: administrator
  government_level: kabupaten_kota
event: {date_of_act: 2024-10-10, date_known: 2024-10-12}
acts:
  - type: social_media.like
assessment_date: 2024-11-01
"""
    from_yaml = api.post("/v1/check", content=yaml_text, headers={"Content-Type": "application/yaml"})
    from_json = api.post("/v1/check", json=incident(incident_id="Y-1"))
    assert from_yaml.status_code == 200, from_yaml.text
    assert from_yaml.json() == from_json.json()


def test_indonesian_names_are_read_as_the_command_line_reads_them(api: _Sync) -> None:
    """A system that sends the vocabulary's Indonesian names (kades, kegiatan_keberpihakan,
    pemberian_barang) gets the verdict of the English keys, as `nrules check` gives it."""
    english = incident(
        incident_id="ID-1",
        election={"key": "pilkada-2024", "contest": "walikota"},
        respondent={"role": "kepala_desa"},
        acts=[{"type": "partisan_activity", "public": True, "forms": ["giving_goods"], "channel": "offline"}],
    )
    indonesian = incident(
        incident_id="ID-1",
        election={"key": "pilkada-2024", "contest": "pilwalkot"},
        respondent={"role": "kades"},
        acts=[
            {
                "type": "kegiatan_keberpihakan",
                "publik": True,
                "bentuk_kegiatan": ["pemberian_barang"],
                "saluran": "luring",
            }
        ],
    )
    from_id = api.post("/v1/check", json=indonesian)
    assert from_id.status_code == 200, from_id.text
    assert from_id.json() == api.post("/v1/check", json=english).json()
    ndjson = {"Content-Type": "application/x-ndjson"}
    (from_batch,) = _lines(api.post("/v1/check/batch", content=json.dumps(indonesian) + "\n", headers=ndjson))
    assert from_batch.get("error") is None and from_batch["verdicts"]
    assert from_batch == _lines(api.post("/v1/check/batch", content=json.dumps(english) + "\n", headers=ndjson))[0]


def test_as_of_sets_the_law_date_when_the_incident_gives_none(api: _Sync) -> None:
    data = incident()
    del data["assessment_date"]
    verdict = api.post("/v1/check", params={"as_of": "2024-11-05"}, json=data).json()["verdicts"][0]
    assert verdict["provenance"]["law_as_of"] == "2024-11-05"
    assert verdict["provenance"]["law_as_of_source"] == "as_of"


# ---------------------------------------------------------------- problems


def test_a_missing_field_is_a_problem_naming_the_field_in_the_asked_language(api: _Sync) -> None:
    data = incident()
    del data["acts"]
    body = problem(
        api.post("/v1/check", json=data, headers={"Accept-Language": "id-ID,id;q=0.9,en;q=0.8"}),
        422,
        "incident.missing_field",
    )
    assert body["field"] == "acts"
    assert body["exit_code"] == 2  # what `nrules check` exits with
    assert body["title"] == catalogue()["incident.missing_field"]["id"]["message"]
    english = problem(
        api.post("/v1/check", json=data, headers={"Accept-Language": "en"}), 422, "incident.missing_field"
    )
    assert english["title"] == catalogue()["incident.missing_field"]["en"]["message"]


def test_a_misspelt_field_gets_a_did_you_mean(api: _Sync) -> None:
    data = incident(narative="Terlapor hadir di kampanye.")
    body = problem(api.post("/v1/check", json=data), 422, "incident.unknown_field")
    assert body["field"] == "narative"
    assert "'narrative'" in (body["suggestion"] or "")


def test_an_unknown_act_type_names_the_act(api: _Sync) -> None:
    body = problem(
        api.post("/v1/check", json=incident(acts=[{"type": "social_media.lik"}])), 422, "incident.unknown_act_type"
    )
    assert body["field"] == "acts[0].type"


def test_broken_json_names_the_line(api: _Sync) -> None:
    body = problem(
        api.post(
            "/v1/check",
            content=b'{\n  "incident_id": "X",\n  "acts": [\n}',
            headers={"Content-Type": "application/json"},
        ),
        400,
        "incident.bad_json",
    )
    assert body["line"] == 4


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: &x [1, 2]\nb: *x\n", "serve.yaml_construct", 1),  # anchors and aliases: the billion-laughs door
        ("incident_id: A\nincident_id: B\n", "incident.duplicate_key", 2),
        ("incident_id: !!python/object:os.system x\n", "serve.yaml_construct", 1),
        ("incident_id: [unclosed\n", "serve.yaml_syntax", 2),
    ],
)
def test_hostile_or_broken_yaml_is_refused_with_its_line(api: _Sync, text: str, code: str, line: int) -> None:
    body = problem(api.post("/v1/check", content=text, headers={"Content-Type": "application/yaml"}), 400, code)
    assert body["line"] == line


def test_an_unsupported_media_type_is_415(api: _Sync) -> None:
    body = problem(
        api.post("/v1/check", content=b"x", headers={"Content-Type": "application/xml"}),
        415,
        "serve.unsupported_media_type",
    )
    assert "application/json" in body["expected"]


def test_bodies_over_the_limit_are_refused_whether_or_not_they_announce_their_length(reference_engine: Engine) -> None:
    small = _Sync(create_app(Settings(max_body_bytes=2000), engine=reference_engine))
    big = json.dumps(incident(narrative="x" * 5000))
    problem(small.post("/v1/check", content=big, headers={"Content-Type": "application/json"}), 413, "serve.too_large")

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for i in range(0, len(big), 500):
            yield big[i : i + 500].encode()

    problem(
        small.post("/v1/check", content=chunks(), headers={"Content-Type": "application/json"}), 413, "serve.too_large"
    )
    assert small.post("/v1/check", json=incident()).status_code == 200


def test_unknown_routes_methods_and_parameters_are_problems_too(api: _Sync) -> None:
    problem(api.get("/v2/check"), 404, "serve.route_not_found")
    problem(api.get("/v1/check"), 405, "serve.method_not_allowed")
    body = problem(api.get("/v1/schema/rules"), 422, "serve.bad_parameter")
    assert body["field"] == "path.which"
    problem(api.post("/v1/letter", params={"format": "pdf"}, json=EXAMPLE), 422, "serve.bad_parameter")


class _Exploding:
    """An engine that fails inside: the client must get a reference, never the traceback or message."""

    def __init__(self, engine: Engine) -> None:
        self.ruleset = engine.ruleset
        self.backend = engine.backend
        self.backend_note = None

    def check(self, *_: Any, **__: Any) -> Any:
        raise RuntimeError("secret detail /srv/nrules/config.py line 12")


def test_an_internal_failure_shows_no_stack_trace_and_no_internals(
    reference_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(Settings(), engine=_Exploding(reference_engine))  # type: ignore[arg-type]
    response = _Sync(app, raise_app_exceptions=False).post("/v1/check", json=incident())
    body = problem(response, 500, "serve.internal")
    assert "secret" not in response.text and "config.py" not in response.text
    assert body["exit_code"] == 5
    assert any(
        "secret detail" in r.getMessage() or (r.exc_info and "secret" in str(r.exc_info[1])) for r in caplog.records
    )


class _Slow:
    def __init__(self, engine: Engine, seconds: float) -> None:
        self.engine = engine
        self.ruleset = engine.ruleset
        self.backend = engine.backend
        self.backend_note = None
        self.seconds = seconds

    def check(self, data: Any, **kwargs: Any) -> Any:
        if getattr(data, "incident_id", "").startswith("SLOW"):
            time.sleep(self.seconds)
        return self.engine.check(data, **kwargs)


def test_a_check_past_the_time_limit_is_503_with_retry_after(reference_engine: Engine) -> None:
    app = create_app(Settings(timeout_seconds=0.3), engine=_Slow(reference_engine, 1.5))  # type: ignore[arg-type]
    response = _Sync(app).post("/v1/check", json=incident(incident_id="SLOW-1"))
    problem(response, 503, "serve.timeout")
    assert response.headers["retry-after"] == "5"


# ---------------------------------------------------------------- batch


def _lines(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def test_batch_streams_one_envelope_per_record_in_order_and_a_bad_record_stops_nothing(api: _Sync) -> None:
    body = "\n".join(
        [
            json.dumps(incident(incident_id="B-1")),
            "",  # blank lines are skipped, not counted
            '{"incident_id": "B-2", "acts": [',
            json.dumps(incident(incident_id="B-3", acts=[{"type": "no.such"}])),
            json.dumps(
                incident(incident_id="B-4", acts=[{"type": "campaign.attend", "civil_servant_attributes": True}])
            ),
        ]
    )
    lines = _lines(api.post("/v1/check/batch", content=body, headers={"Content-Type": "application/x-ndjson"}))
    assert [(x["index"], x["line"], x["incident_id"]) for x in lines] == [
        (0, 1, "B-1"),
        (1, 3, None),  # unreadable: the id is not known
        (2, 4, "B-3"),
        (3, 5, "B-4"),
    ]
    assert {frozenset(x) for x in lines} == {
        frozenset({"source", "line", "index", "incident_id", "verdicts"}),
        frozenset({"source", "line", "index", "incident_id", "error"}),
    }
    assert lines[1]["error"]["code"] == "incident.bad_json" and lines[1]["error"]["line"] == 3
    assert lines[2]["error"]["code"] == "incident.unknown_act_type" and lines[2]["error"]["field"] == "acts[0].type"
    assert [v["status"] for v in lines[0]["verdicts"]] == ["violation"]
    assert [v["status"] for v in lines[3]["verdicts"]] == ["violation"]


def test_batch_errors_follow_accept_language(api: _Sync) -> None:
    lines = _lines(api.post("/v1/check/batch", content='{"incident_id": "X"}\n', headers={"Accept-Language": "id"}))
    first = (lines[0]["error"]["problems"] or [lines[0]["error"]])[0]  # every problem is listed; the first here
    assert first["message"] == catalogue()["incident.missing_field"]["id"]["message"]


def test_batch_limits_records_and_bytes(reference_engine: Engine) -> None:
    app = _Sync(create_app(Settings(max_batch_records=3, max_batch_bytes=10_000), engine=reference_engine))
    body = "\n".join(json.dumps(incident(incident_id=f"L-{i}")) for i in range(4))
    problem(app.post("/v1/check/batch", content=body), 413, "serve.too_many_records")
    problem(app.post("/v1/check/batch", content="{}\n" * 5000), 413, "serve.too_large")
    assert len(_lines(app.post("/v1/check/batch", content="\n".join(body.splitlines()[:3])))) == 3


def test_a_slow_record_times_out_alone(reference_engine: Engine) -> None:
    app = create_app(Settings(timeout_seconds=0.3), engine=_Slow(reference_engine, 1.5))  # type: ignore[arg-type]
    body = "\n".join(json.dumps(incident(incident_id=i)) for i in ("OK-1", "SLOW-2", "OK-3"))
    lines = _lines(_Sync(app).post("/v1/check/batch", content=body))
    assert [x.get("error", {}).get("code") for x in lines] == [None, "serve.timeout", None]


# ---------------------------------------------------------------- the interview (the questions of `nrules new`)

UNIFORM_AT_A_RALLY = {
    "incident_id": "WEB-1",
    "election.key": "pemilu-2024",
    "election.contest": "dpr",
    "respondents[0].role": "pns",
    "respondents[0].name": "Hotman Siregar",
    "respondents[0].id_number": "198106122009011003",
    "event.date_of_act": "20 Januari 2024",
    "acts[0].type": "campaign.attend",
    "acts[0].civil_servant_attributes": "ya",
    "assessment_date": "2024-02-20",
}


def _interview(api: _Sync, answers: dict[str, str], lang: str = "id") -> dict[str, Any]:
    response = api.post("/v1/interview", json={"answers": answers}, headers={"Accept-Language": lang})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_the_interview_starts_with_the_report_and_asks_only_what_the_role_and_act_need(api: _Sync) -> None:
    first = _interview(api, {})
    ids = [q["id"] for q in first["questions"]]
    assert ids[0] == "report.channel" and "respondents[0].role" in ids and "acts[0].type" in ids
    assert not first["complete"] and first["incident"] is None
    assert all(q["error"] is None for q in first["questions"])  # nothing typed, nothing wrong yet
    assert "respondents[0].position_kind" not in ids  # asked once the role is known to need it
    assert not any(i.startswith("acts[0].civil_servant_attributes") for i in ids)

    pns = [
        q["id"] for q in _interview(api, {"respondents[0].role": "pns", "acts[0].type": "campaign.attend"})["questions"]
    ]
    assert "respondents[0].position_kind" in pns  # the PyBM depends on it (PP 94 Pasal 18-23)
    assert "acts[0].civil_servant_attributes" in pns  # a rule for attending a campaign tests it
    two = _interview(api, {"respondents[0].role": "pns", "acts[0].type": "campaign.attend", "acts[0].more": "ya"})
    assert "acts[1].type" in [q["id"] for q in two["questions"]]


def test_interview_answers_are_checked_as_typed_in_the_asked_language(api: _Sync) -> None:
    for lang, words in (("id", "bukan NIP"), ("en", "neither a NIP")):
        state = _interview(api, {"respondents[0].role": "pns", "respondents[0].id_number": "12345"}, lang)
        error = next(q["error"] for q in state["questions"] if q["id"] == "respondents[0].id_number")
        assert words in error
    outside = _interview(api, {"election.key": "pemilu-2024", "event.date_of_act": "20-01-2019"})
    error = next(q["error"] for q in outside["questions"] if q["id"] == "event.date_of_act")
    assert "jadwal" in error


def test_a_complete_interview_gives_the_incident_that_check_judges(api: _Sync) -> None:
    state = _interview(api, UNIFORM_AT_A_RALLY)
    assert state["complete"], [(q["id"], q["error"]) for q in state["questions"] if q["error"]] + state["problems"]
    incident = state["incident"]
    assert incident["respondent"]["nip"] == "198106122009011003"
    assert incident["event"]["date_of_act"] == "2024-01-20"
    verdict = api.post("/v1/check", json=incident).json()["verdicts"][0]
    # a PNS at a campaign in service uniform: PP 94/2021 Pasal 5 huruf n angka 2, Pasal 13 huruf g
    assert verdict["status"] == "violation" and verdict["headline"]["tier"] == "sedang"


def test_the_interview_refuses_a_body_that_is_not_json(api: _Sync) -> None:
    response = api.post("/v1/interview", content=b"\x1a\xff{", headers={"Content-Type": "application/json"})
    problem(response, 400, "serve.bad_body")


def test_the_interview_refuses_oversized_answers(api: _Sync) -> None:
    problem(api.post("/v1/interview", json={"answers": {"narrative": "x" * 20_001}}), 422, "serve.bad_parameter")
    problem(api.post("/v1/interview", json={"answers": ["not", "a", "mapping"]}), 422, "serve.bad_parameter")


# ---------------------------------------------------------------- letter


def test_the_letter_is_a_word_document_naming_the_respondent_and_the_sanction(api: _Sync) -> None:
    import io

    import docx

    response = api.post("/v1/letter", params={"format": "docx", "letter_date": "2024-10-25"}, json=EXAMPLE)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="BWSL-KOTA-SKB-2024-017.docx"'
    assert response.headers["content-language"] == "id"  # letters are Indonesian unless English is asked for
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for row in t.rows for c in row.cells
    )
    assert "Drs. Cecep Mulyana" in text
    assert "25 Oktober 2024" in text  # the date written on the letter, in words
    # a like after candidate determination: hukuman disiplin berat (PP 94 Pasal 14 huruf i)
    assert "hukuman disiplin berat" in text.lower()


def test_the_letter_as_markdown_its_sender_language_and_internal_version(api: _Sync) -> None:
    bawaslu = api.post("/v1/letter", params={"format": "md", "sender": "bawaslu"}, json=EXAMPLE)
    bkn = api.post("/v1/letter", params={"format": "md", "sender": "bkn"}, json=EXAMPLE)
    assert bawaslu.status_code == bkn.status_code == 200
    assert bawaslu.headers["content-type"].startswith("text/markdown")
    assert "Camat Cikole" in bawaslu.text and bawaslu.text != bkn.text
    english = api.post("/v1/letter", params={"format": "md"}, json=EXAMPLE, headers={"Accept-Language": "en"})
    assert english.headers["content-language"] == "en" and english.text != bawaslu.text
    internal = api.post("/v1/letter", params={"format": "md", "internal": "true"}, json=EXAMPLE)
    assert "pns.skb2022.d6.engagement-calon" in internal.text  # the rule id, for internal review
    assert "pns.skb2022.d6.engagement-calon" not in bawaslu.text


def test_letter_file_names_are_safe(api: _Sync) -> None:
    response = api.post("/v1/letter", json=incident(incident_id='../../etc/"passwd'))
    assert response.headers["content-disposition"] == 'attachment; filename="etc_passwd.md"'


# ---------------------------------------------------------------- reference data


def test_version_names_the_rule_set_its_hash_and_the_backend(api: _Sync, reference_engine: Engine) -> None:
    body = api.get("/version").json()
    assert body["ruleset"]["content_hash"] == reference_engine.ruleset.content_hash
    assert body["ruleset"]["name"] == reference_engine.ruleset.meta.name
    assert body["backend"] == "reference"
    assert body["letter_formats"] == ["docx", "md"]


def test_schemas_are_the_published_ones(api: _Sync) -> None:
    assert api.get("/v1/schema/incident").json() == incident_schema()
    assert api.get("/v1/schema/verdict").json() == verdict_schema()


def test_vocabulary_expands_groups_and_says_what_leaving_a_modifier_out_means(api: _Sync) -> None:
    vocab = api.get("/v1/vocabulary").json()
    like = next(a for a in vocab["act_types"] if a["key"] == "social_media.like")
    assert "lurah" in like["subjects"]  # a lurah counts as a PNS (vocabulary: counts_as)
    assert "kepala_desa" in like["subjects"]
    modifiers = {m["key"]: m for m in vocab["modifiers"]}
    assert modifiers["party_attributes"]["not_mentioned"] == "false"
    assert modifiers["intent_to_support"]["not_mentioned"] == "unknown"
    kepala_desa = next(r for r in vocab["roles"] if r["key"] == "kepala_desa")
    assert "wali_nagari" in kepala_desa["aliases"]
    assert {c["key"] for c in vocab["evidence_kinds"]} >= {"foto", "video", "tangkapan_layar"}
    pemilu = next(e for e in vocab["elections"] if e["key"] == "pemilu-2024")
    assert pemilu["voting_day"] == "2024-02-14"


def test_rules_list_filters_and_a_rule_quotes_its_provisions(api: _Sync, reference_engine: Engine) -> None:
    etik = api.get("/v1/rules", params={"track": "kode_etik"}).json()
    assert etik and all(r["track"] == "kode_etik" for r in etik)
    rs = reference_engine.ruleset
    rule = api.get("/v1/rules/pns.pp94.5n2.campaign-with-attributes").json()
    assert rule["tier"] == "sedang"  # PP 94 Pasal 13 huruf g
    assert [b["text"] for b in rule["basis"]] == [
        rs.sources.provisions[k].text for k in rs.by_id[rule["id"]].rule.basis
    ]
    assert rule["conditions_en"] and rule["conditions_id"] and rule["conditions_en"] != rule["conditions_id"]


def test_an_unknown_rule_is_404_with_a_suggestion(api: _Sync) -> None:
    body = problem(api.get("/v1/rules/pns.pp94.5n2.campaign-with-atributes"), 404, "serve.unknown_rule")
    assert "pns.pp94.5n2.campaign-with-attributes" in (body["suggestion"] or "")


# ---------------------------------------------------------------- safety


def test_with_a_token_every_api_call_needs_it_but_health_and_the_page_do_not(reference_engine: Engine) -> None:
    app = _Sync(create_app(Settings(token="s3cret-token"), engine=reference_engine))
    for path in ("/version", "/v1/vocabulary", "/v1/rules", "/v1/schema/incident"):
        response = app.get(path)
        problem(response, 401, "serve.unauthorized")
        assert response.headers["www-authenticate"].startswith("Bearer")
        problem(app.get(path, headers={"Authorization": "Bearer wrong"}), 401, "serve.unauthorized")
        assert app.get(path, headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    problem(app.post("/v1/check", json=incident()), 401, "serve.unauthorized")
    assert app.post("/v1/check", json=incident(), headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert app.get("/healthz").status_code == 200
    assert app.get("/").status_code == 200


def test_cors_is_off_unless_configured(reference_engine: Engine) -> None:
    origin = {"Origin": "https://sigap.example.go.id"}
    closed = _Sync(create_app(Settings(), engine=reference_engine))
    assert "access-control-allow-origin" not in closed.get("/v1/vocabulary", headers=origin).headers
    opened = _Sync(create_app(Settings(cors_origins=("https://sigap.example.go.id",)), engine=reference_engine))
    assert opened.get("/v1/vocabulary", headers=origin).headers["access-control-allow-origin"] == origin["Origin"]
    other = {"Origin": "https://elsewhere.example"}
    assert "access-control-allow-origin" not in opened.get("/v1/vocabulary", headers=other).headers


def test_responses_carry_protective_headers_and_no_docs_that_load_from_a_cdn(api: _Sync) -> None:
    response = api.get("/")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert api.get("/docs").status_code == 404
    assert api.get("/v1/check/batch").status_code == 405
    assert api.post("/v1/check", json=incident()).headers["cache-control"] == "no-store"


def test_the_page_and_its_assets_reference_nothing_outside_this_server(api: _Sync) -> None:
    static = Path(__file__).resolve().parent.parent / "neutrality_rules" / "serve" / "static"
    for path in static.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, path.name
        assert api.get(f"/static/{path.name}").status_code == 200


def test_page_texts_exist_in_both_languages(api: _Sync) -> None:
    texts = api.get("/ui/messages.json").json()
    assert set(texts["en"]) == set(texts["id"]) and len(texts["en"]) > 50
    js = (Path(__file__).resolve().parent.parent / "neutrality_rules" / "serve" / "static" / "app.js").read_text()
    import re

    used = set(re.findall(r'"(serve\.page\.[a-z_]+)"', js))
    html = (Path(__file__).resolve().parent.parent / "neutrality_rules" / "serve" / "static" / "index.html").read_text()
    used |= set(re.findall(r'data-i18n="(serve\.page\.[a-z_]+)"', html))
    assert used - set(texts["en"]) == set()


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("id", "id"),
        ("id-ID,id;q=0.9,en;q=0.8", "id"),
        ("en-US,en;q=0.9,id;q=0.8", "en"),
        ("en;q=0.5, id;q=0.9", "id"),
        ("fr-FR", "en"),
        ("", "en"),
        ("in", "id"),
        ("id;q=0", "en"),
        ("*", "en"),
    ],
)
def test_accept_language_negotiation(header: str, lang: str) -> None:
    assert negotiate_lang(header) == lang


def test_the_committed_openapi_document_is_current() -> None:
    assert json.loads(PUBLISHED.read_text(encoding="utf-8")) == openapi_document(), (
        f"{PUBLISHED} is stale: regenerate it with `nrules serve --openapi > {PUBLISHED.relative_to(ROOT)}`"
    )
