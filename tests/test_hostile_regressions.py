"""Regressions from generated hostile input (issue 9.8): each test is named after what it guards."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from neutrality_rules import Engine, IncidentError
from neutrality_rules.api import bundled_rules_path
from neutrality_rules.cli import main
from neutrality_rules.errors import RuleSetError
from neutrality_rules.inputs import parse_json_text, read_records
from neutrality_rules.ruleset.loader import load_ruleset

from .conftest import incident


def run(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def _records(path: Path) -> list[dict[str, object]]:
    result = run("check", "--backend", "reference", "--format", "jsonl", "-q", str(path))
    return [json.loads(line) for line in result.stdout.splitlines()]


# ---------------------------------------------------------------- the int-string limit
def test_int_string_limit_is_a_clean_error_when_parsing() -> None:
    text = '{\n  "incident_id": "X",\n  "amount": ' + "9" * 5000 + "\n}"
    with pytest.raises(IncidentError) as info:
        parse_json_text(text, source="big.json")
    assert (info.value.key, info.value.line, info.value.column) == ("intake.number_too_long", 3, 13)


def test_int_string_limit_is_a_clean_error_when_building_the_message(reference_engine: Engine) -> None:
    data = incident(acts=[{"type": "partisan_activity", "amount": 10**5000}], incident_id=10**5000)
    with pytest.raises(IncidentError) as info:
        reference_engine.check(data)
    assert "digits" in info.value.render()


def test_int_string_limit_in_some_files_costs_only_those_records(tmp_path: Path) -> None:
    files = []
    for i in range(6):
        path = tmp_path / f"{i}.json"
        body = json.dumps(incident(incident_id=f"I-{i}"))
        path.write_text(body.replace(f'"I-{i}"', "1" * 5000) if i % 2 else body, encoding="utf-8")
        files.append(str(path))
    result = run("check", "--backend", "reference", "--format", "jsonl", "-q", *files)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert ["error" in r for r in records] == [False, True, False, True, False, True]
    assert result.exit_code == 2


# ---------------------------------------------------------------- JSON Lines
def test_nul_or_invalid_utf8_in_jsonl_costs_one_record(tmp_path: Path) -> None:
    good = json.dumps(incident()).encode()
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join([good, good[:20] + b"\x00" + good[20:], good, b'{"a": "\xff\xfe"}', good]) + b"\n")
    records = _records(path)
    assert ["error" in r for r in records] == [False, True, False, True, False]
    assert [r["line"] for r in records] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\x0c", "\u2029", "\x1e"])
def test_jsonl_is_split_on_newline_only(tmp_path: Path, separator: str) -> None:
    inside = incident(narrative=f"before{separator}after") if separator != "\x1e" else incident()
    lines = [json.dumps(incident()), json.dumps(inside, ensure_ascii=False), json.dumps(incident())]
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = _records(path)
    assert [r["line"] for r in records] == [1, 2, 3]


# ---------------------------------------------------------------- sizes, streams and devices
def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "sparse.json"
    with path.open("wb") as handle:
        handle.truncate(1 << 30)  # 1 GB of nothing, on disk in no time
    (record,) = list(read_records(path))
    assert record.error is not None and record.error.key == "incident.file_too_large"


def test_dev_zero_as_an_incident_is_refused() -> None:
    (record,) = list(read_records("/dev/zero"))
    assert record.error is not None and record.error.key == "intake.not_a_file"


def test_incident_limit_holds_inside_arrays_jsonl_and_yaml(tmp_path: Path) -> None:
    big = incident(narrative="x" * 19_000, acts=[{"type": "social_media.like", "description": "y" * 19_000}] * 60)
    array = tmp_path / "a.json"
    array.write_text(json.dumps([incident(), big, incident()]), encoding="utf-8")
    assert [r.error.key if r.error else None for r in read_records(array)] == [None, "incident.too_large"]
    lines = tmp_path / "a.jsonl"
    lines.write_text("\n".join(json.dumps(x) for x in (incident(), big, incident())), encoding="utf-8")
    assert [r.error.key if r.error else None for r in read_records(lines)] == [None, "intake.line_too_long", None]


def test_stdin_is_streamed_and_a_bad_line_costs_one_record() -> None:
    body = "\n".join([json.dumps(incident()), "{oops", json.dumps(incident())])
    result = run("check", "--backend", "reference", "--format", "jsonl", "-q", "-", stdin=body)
    assert ["error" in json.loads(x) for x in result.stdout.splitlines()] == [False, True, False]


# ---------------------------------------------------------------- rule files
def _rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(bundled_rules_path(), folder)
    return folder


def test_impossible_date_in_a_rule_file_names_the_file_and_line(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    elections = folder / "elections.yaml"
    text = elections.read_text(encoding="utf-8")
    elections.write_text(text.replace("2024-11-27", "2024-02-30", 1), encoding="utf-8")
    line = text[: text.index("2024-11-27")].count("\n") + 1
    for args in (["verify", str(folder), "--budget", "0"], ["check", "--rules", str(folder), "x.json"]):
        result = run(*args)
        assert result.exit_code == 3, result.output
        assert f"elections.yaml:{line}:" in result.stderr and "2024-02-30" in result.stderr


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"rules:\n  - id: x\n    title: \xff\n", ":3:"),
        (b"rules: [\n  \x1b]\n", ":2:"),
        (b"a: 1\n" * 500_000, ":400001"),
    ],
    ids=["not-utf8", "reader-error", "oversized"],
)
def test_rule_file_refusals_name_a_line(tmp_path: Path, content: bytes, needle: str) -> None:
    folder = _rules_copy(tmp_path)
    (folder / "extra.yaml").write_bytes(content)
    with pytest.raises(RuleSetError) as info:
        load_ruleset([folder])
    assert needle in info.value.render(), info.value.render()


def test_sparse_rule_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    with (folder / "huge.yaml").open("wb") as handle:
        handle.truncate(1 << 30)
    with pytest.raises(RuleSetError) as info:
        load_ruleset([folder])
    assert "too large" in info.value.render()


def test_symlink_out_of_the_rules_folder_is_refused_in_check_and_verify(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    planted = tmp_path / "planted.yaml"
    planted.write_text("rules: []\n", encoding="utf-8")
    os.symlink(planted, folder / "asn" / "planted.yaml")
    source = tmp_path / "a.json"
    source.write_text(json.dumps(incident()), encoding="utf-8")
    for args in (["verify", str(folder), "--budget", "0"], ["check", "--rules", str(folder), str(source)]):
        result = run(*args)
        assert result.exit_code == 3
        assert "outside the rule folder" in result.stderr


def test_dev_zero_linked_as_ruleset_yaml_is_refused(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    (folder / "ruleset.yaml").unlink()
    os.symlink("/dev/zero", folder / "ruleset.yaml")
    with pytest.raises(RuleSetError):
        load_ruleset([folder])


# ---------------------------------------------------------------- control characters, terminal, Markdown
@pytest.mark.parametrize(
    "path",
    [
        ("incident_id",),
        ("respondent", "golongan"),
        ("acts", 0, "candidate", "number"),
        ("acts", 0, "evidence", 0),
        ("evidence", 0, "id"),
        ("narrative",),
    ],
)
@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x9b"])
def test_control_characters_are_refused_in_every_text_field(reference_engine: Engine, path: tuple, char: str) -> None:  # type: ignore[type-arg]
    data = incident(acts=[{"type": "social_media.like", "candidate": {"number": "1"}, "evidence": ["E1"]}])
    data["evidence"] = [{"id": "E1", "kind": "foto"}]
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = f"A{char}B"
    with pytest.raises(IncidentError) as info:
        reference_engine.check(data)
    assert "control" in info.value.render()


def test_escape_never_reaches_the_terminal_from_a_file_name(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[2J.json"
    path.write_text("{", encoding="utf-8")
    result = run("check", str(path))
    assert "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


def test_markdown_memo_escapes_what_the_incident_says(tmp_path: Path) -> None:
    data = incident(narrative="ok\n# Fake heading\n<script>alert(1)</script>")
    data["report"] = {"number": "[x](javascript:alert(1))"}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    memo = run("check", "--format", "md", str(path)).stdout
    assert "<script>" not in memo
    assert "\n# Fake heading" not in memo
    assert re.search(r"(?<!\\)\[x(?<!\\)\]\(javascript:", memo) is None  # the link only as escaped text


# ---------------------------------------------------------------- one strictness policy
@pytest.mark.parametrize("amount", ["5", "1_000", 5.0, True])
def test_numbers_are_numbers_only(reference_engine: Engine, amount: object) -> None:
    with pytest.raises(IncidentError):
        reference_engine.check(incident(acts=[{"type": "partisan_activity", "amount": amount}]))


def test_bytes_are_not_text(reference_engine: Engine) -> None:
    with pytest.raises(IncidentError) as info:
        reference_engine.check(incident(incident_id=b"T-1"))
    assert info.value.field == "incident_id"
