"""A caseload at once: records in = records out, in input order, the same one by one and across --jobs,
with errors carried in place; the envelope follows its published schema."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from neutrality_rules.cli import main
from neutrality_rules.schemas import envelope_schema

from .conftest import incident


def run(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def _caseload(n: int) -> list[dict[str, Any]]:
    kinds = [
        {"acts": [{"type": "social_media.like"}]},
        {"acts": [{"type": "ceremony.neutrality_declaration"}]},
        {"acts": [{"type": "photo.with_candidate", "public": True, "photo_with": ["candidate"]}]},
        {
            "acts": [{"type": "campaign.attend", "civil_servant_attributes": True}],
            "election": {"key": "pilkada-2024", "contest": "bupati", "region": "Kab. Garut"},
        },
    ]
    return [incident(incident_id=f"B-{i}", **kinds[i % len(kinds)]) for i in range(n)]


CORRUPT = ["{not json", '{"incident_id": "dup", "incident_id": "dup"}', "[1, 2]", '{"incident_id": 5}']


@pytest.fixture(scope="module")
def batch_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    lines = [json.dumps(r) for r in _caseload(24)]
    for i, bad in enumerate(CORRUPT):
        lines.insert(3 + i * 6, bad)
    path = tmp_path_factory.mktemp("batch") / "caseload.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, lines


def test_jsonl_gives_one_record_per_input_in_order_with_errors_in_place(batch_file: tuple[Path, list[str]]) -> None:
    path, lines = batch_file
    result = run("check", "--backend", "reference", "--format", "jsonl", "-q", str(path))
    assert result.exit_code == 2  # bad input seen; the others were checked
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(lines)
    assert [r["index"] for r in records] == list(range(len(lines)))
    assert [r["line"] for r in records] == list(range(1, len(lines) + 1))
    assert {r["source"] for r in records} == {str(path)}
    errors = [r for r in records if "error" in r]
    assert [lines[r["line"] - 1] for r in errors] == CORRUPT
    schema = envelope_schema()
    for record in records:
        jsonschema.validate(record, schema)


def test_batch_output_is_what_checking_one_by_one_gives(batch_file: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, lines = batch_file
    batch = run("check", "--backend", "reference", "--format", "jsonl", "-q", str(path))
    records = [json.loads(line) for line in batch.stdout.splitlines()]
    for number in (1, 2, 9, len(lines)):
        single = tmp_path / f"one-{number}.json"
        single.write_text(lines[number - 1], encoding="utf-8")
        alone = run("check", "--backend", "reference", "--format", "json", str(single))
        record = records[number - 1]
        if "error" in record:
            assert alone.stdout == "" and alone.exit_code == 2
        else:
            assert json.loads(alone.stdout) == record["verdicts"][0]


def test_jobs_give_byte_identical_output(batch_file: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, _lines = batch_file
    outputs = []
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"jobs{jobs}.jsonl"
        result = run(
            "check", "--backend", "reference", "--format", "jsonl", "-q", "--jobs", jobs, "-o", str(out), str(path)
        )
        assert result.exit_code == 2
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].count(b"\n") == len(_lines)


def test_one_record_prints_the_verdict_and_many_print_an_array_of_the_jsonl_records(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps(incident()), encoding="utf-8")
    single = json.loads(run("check", "--format", "json", str(one)).stdout)
    assert single["incident_id"] == "T-1" and "verdicts" not in single
    two = tmp_path / "two.json"
    two.write_text(json.dumps([incident(incident_id="A"), incident(incident_id="B")]), encoding="utf-8")
    many = run("check", "--format", "json", "-q", str(two))
    lines = run("check", "--format", "jsonl", "-q", str(two))
    assert json.loads(many.stdout) == [json.loads(line) for line in lines.stdout.splitlines()]
    assert [r["verdicts"][0]["incident_id"] for r in json.loads(many.stdout)] == ["A", "B"]
    assert [r["line"] for r in json.loads(many.stdout)] == [1, 1]


def test_standard_input_and_folders_stream_like_files(tmp_path: Path) -> None:
    body = "\n".join(json.dumps(r) for r in _caseload(3))
    piped = run("check", "--format", "jsonl", "-q", "-", stdin=body)
    assert [json.loads(x)["source"] for x in piped.stdout.splitlines()] == ["-"] * 3
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.json").write_text(json.dumps(incident(incident_id="F-1")), encoding="utf-8")
    (folder / "sub" / "b.yaml").write_text("incident_id: F-2\n" + _yaml_body(), encoding="utf-8")
    (folder / "notes.txt").write_text("not an incident", encoding="utf-8")
    result = run("check", "--format", "jsonl", "-q", str(folder))
    assert [json.loads(x)["incident_id"] for x in result.stdout.splitlines()] == ["F-1", "F-2"]


def _yaml_body() -> str:
    return (
        "election: {key: pilkada-2024, contest: bupati}\n"
        "respondent: {role: pns}\n"
        "event: {date_of_act: 2024-10-10}\n"
        "acts:\n  - type: social_media.like\n"
        "assessment_date: 2024-11-01\n"
    )


def test_output_file_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in _caseload(4)), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    target.write_text("previous run\n", encoding="utf-8")
    missing = tmp_path / "absent" / "out.jsonl"
    failed = run("check", "--format", "jsonl", "-q", "-o", str(missing), str(source))
    assert failed.exit_code == 2 and not missing.exists()
    ok = run("check", "--format", "jsonl", "-q", "-o", str(target), str(source))
    assert ok.exit_code == 1 and ok.stdout == ""
    assert target.read_text(encoding="utf-8").count("\n") == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]  # no partial file left


def test_output_to_a_device_writes_to_it_and_never_replaces_it(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(incident()), encoding="utf-8")
    result = run("check", "--format", "jsonl", "-q", "-o", os.devnull, str(source))
    assert result.exit_code == 1
    assert not Path(os.devnull).is_file()


def test_closing_summary_counts_statuses_tracks_rules_regions_and_errors(batch_file: tuple[Path, list[str]]) -> None:
    path, _lines = batch_file
    result = run("check", "--backend", "reference", "--format", "jsonl", str(path))
    summary = result.stderr
    assert (
        "28 record(s), 24 verdict(s): 12 violation, 6 no violation, 6 not determinable; 4 record(s) not checked"
        in summary
    )
    assert "Kab. Garut" in summary and "discipline" in summary
    assert f"{path}:4  incident.bad_json" in summary
    quiet = run("check", "--backend", "reference", "--format", "jsonl", "-q", str(path))
    assert "record(s)" not in quiet.stderr


@pytest.mark.slow
def test_a_100k_record_file_with_corrupt_lines_loses_nothing(tmp_path: Path) -> None:
    """100,000 records, one in a hundred corrupt in a different way, scattered: every record comes out,
    in order, each error at its own line. Cheap records (an exemption) keep this under a minute."""
    base = json.dumps(incident(acts=[{"type": "ceremony.neutrality_declaration"}], incident_id="@ID@"))
    corrupt = ["{broken", "\x00", '{"a": 1', "null", '{"incident_id": "x\\u001b"}', '"text"', "\ufeff{}", "[]"]
    path = tmp_path / "big.jsonl"
    expected_errors: dict[int, str] = {}
    with path.open("w", encoding="utf-8") as handle:
        for i in range(100_000):
            if i % 100 == 37:
                line = corrupt[(i // 100) % len(corrupt)]
                expected_errors[i + 1] = line
            else:
                line = base.replace("@ID@", f"H-{i}")
            handle.write(line + "\n")
    out = tmp_path / "big.out.jsonl"
    result = run("check", "--backend", "reference", "--format", "jsonl", "-q", "--jobs", "2", "-o", str(out), str(path))
    assert result.exit_code == 2
    count = 0
    with out.open(encoding="utf-8") as handle:
        for count, text in enumerate(handle, start=1):
            record = json.loads(text)
            assert record["index"] == count - 1 and record["line"] == count
            if count in expected_errors:
                assert "error" in record, (count, expected_errors[count])
            else:
                assert record["incident_id"] == f"H-{count - 1}"
                assert record["verdicts"][0]["status"] == "no_violation"
    assert count == 100_000
