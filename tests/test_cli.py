"""The CLI as a case officer meets it: exit codes, and one clear message for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from neutrality_rules.cli import main

from .conftest import ROOT, incident


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_violation_exits_1_and_reports_the_article(tmp_path: Path) -> None:
    result = run("check", write(tmp_path, "a.json", incident()))
    assert result.exit_code == 1
    assert "Pasal 14 huruf i angka 3" in " ".join(result.stdout.split())  # the short form wraps at 80 columns


def test_no_violation_exits_0(tmp_path: Path) -> None:
    data = incident(acts=[{"type": "ceremony.neutrality_declaration"}])
    assert run("check", write(tmp_path, "a.json", data)).exit_code == 0


def test_not_determinable_exits_4_and_names_the_missing_fact(tmp_path: Path) -> None:
    data = incident(acts=[{"type": "photo.with_candidate", "public": True, "photo_with": ["candidate"]}])
    result = run("check", "--format", "json", write(tmp_path, "a.json", data))
    assert result.exit_code == 4
    verdict = json.loads(result.stdout)
    assert verdict["status"] == "not_determinable"
    assert "act.intent_to_support" in verdict["open_questions"][0]["unknown_facts"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('{"incident_id": "x",', "not valid JSON"),
        ("", "the input is empty"),
        ("\x00\x01binary", "binary"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_unreadable_input_exits_2_with_one_message_naming_the_file(tmp_path: Path, content: str, needle: str) -> None:
    path = write(tmp_path, "bad.json", content)
    result = run("check", path)
    assert result.exit_code == 2
    assert needle in result.stderr
    assert path in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("data", "field", "needle"),
    [
        (incident(acts=[{"type": "social_media.likes"}]), "acts[0].type", "did you mean 'social_media.like'"),
        (incident(acts=[{"type": "social_media.like", "pubilc": True}]), "acts[0].pubilc", "did you mean 'public'"),
        (incident(event={"date_of_act": "2019-01-05"}), "event.date_of_act", "outside the calendar"),
        (incident(event={"date_of_act": "2024-02-30"}), "event.date_of_act", "not a real calendar date"),
        (incident(acts=[{"type": "social_media.like", "public": "yes"}]), "acts[0].public", "invalid value"),
        (incident(election={"key": "pilkada-2042", "contest": "bupati"}), "election.key", "unknown election key"),
        (incident(election={"key": "pilkada-2024", "contest": "presiden"}), "election.contest", "not part of"),
        (incident(respondent={"role": "pnss"}), "respondent.role", "did you mean 'pns'"),
    ],
)
def test_invalid_incident_exits_2_naming_the_field(
    tmp_path: Path, data: dict[str, Any], field: str, needle: str
) -> None:
    result = run("check", write(tmp_path, "bad.json", data))
    assert result.exit_code == 2, result.stdout
    assert field in result.stderr
    assert needle in result.stderr
    assert "Traceback" not in result.stderr


def test_messages_are_translated(tmp_path: Path) -> None:
    result = run("--lang", "id", "check", write(tmp_path, "bad.json", incident(acts=[{"type": "like"}])))
    assert "jenis tindakan tidak dikenal" in result.stderr


def test_one_bad_record_in_a_batch_loses_nothing(tmp_path: Path) -> None:
    lines = [
        json.dumps(incident(incident_id="A")),
        "{not json",
        json.dumps(incident(incident_id="C", acts=[{"type": "ceremony.neutrality_declaration"}])),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines))
    result = run("check", "--format", "jsonl", path)
    assert result.exit_code == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["incident_id"] for r in records] == ["A", None, "C"]
    assert [r["verdicts"][0]["incident_id"] for r in (records[0], records[2])] == ["A", "C"]
    assert (records[1]["source"], records[1]["line"], records[1]["error"]["code"]) == (path, 2, "incident.bad_json")
    assert f"{path}:2" in result.stderr


def test_invalid_rule_set_exits_3(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "ruleset.yaml").write_text("name: x\n")
    result = run("check", "--rules", str(rules), write(tmp_path, "a.json", incident()))
    assert result.exit_code == 3
    assert "ruleset.yaml" in result.stderr


def test_json_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", incident())
    first, second = run("check", "--format", "json", path), run("check", "--format", "json", path)
    assert first.stdout == second.stdout


def test_help_documents_the_exit_codes() -> None:
    result = run("check", "--help")
    for line in (
        "0  checked, no violation",
        "1  checked, violation found",
        "2  bad input or usage",
        "3  rule set invalid",
    ):
        assert line in result.stdout


def test_schema_command_prints_the_incident_schema() -> None:
    schema = json.loads(run("schema", "incident").stdout)
    assert "social_media.like" in schema["$defs"]["Act"]["properties"]["type"]["enum"]


def test_bundled_examples_run(tmp_path: Path) -> None:
    examples = sorted((ROOT / "examples").glob("*.json"))
    for example in examples:
        result = run("check", str(example))
        assert result.exit_code in (0, 1, 4), (example, result.stderr)
