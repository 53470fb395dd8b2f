"""`nrules serve` as a deployment runs it: several workers, a token from a file, a path prefix, and a
broken rule set refused before any worker starts."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from click.testing import CliRunner

from neutrality_rules.cli import main

from .conftest import ROOT
from .serve_support import running_server

EXAMPLE = (ROOT / "examples" / "like-after-determination.json").read_bytes()


def test_several_workers_behind_a_token_read_from_a_file(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("a-long-random-token\n", encoding="utf-8")
    args = ("--workers", "2", "--token-file", str(token), "--root-path", "/nrules", "--backend", "reference")
    with running_server(*args) as url:
        assert httpx.get(url + "/healthz").status_code == 200
        assert httpx.get(url + "/version").status_code == 401
        auth = {"Authorization": "Bearer a-long-random-token"}
        versions = {httpx.get(url + "/version", headers=auth).json()["ruleset"]["content_hash"] for _ in range(6)}
        assert len(versions) == 1
        response = httpx.post(url + "/v1/check", content=EXAMPLE, headers={**auth, "Content-Type": "application/json"})
        assert response.status_code == 200 and response.json()["verdicts"][0]["status"] == "violation"
        assert "server" not in response.headers  # uvicorn's banner is off
        assert httpx.get(url + "/openapi.json").json()["servers"] == [{"url": "/nrules"}]


def test_a_broken_rule_set_stops_the_server_before_it_starts(tmp_path: Path) -> None:
    (tmp_path / "ruleset.yaml").write_text("name: broken\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--rules", str(tmp_path), "--port", "0"])
    assert result.exit_code == 3, result.output


def test_binding_beyond_loopback_without_a_token_warns(tmp_path: Path) -> None:
    (tmp_path / "ruleset.yaml").write_text("name: broken\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--rules", str(tmp_path)])
    assert "without an access token" in result.output


def test_the_openapi_flag_prints_the_committed_document() -> None:
    result = CliRunner().invoke(main, ["serve", "--openapi"])
    assert result.exit_code == 0
    published = ROOT / "neutrality_rules" / "published" / "v2.0" / "openapi.json"
    assert json.loads(result.output) == json.loads(published.read_text(encoding="utf-8"))
