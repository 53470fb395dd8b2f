"""A rule author's path: a typo anywhere in rules/ is named with file:line and a "did you mean" by
verify, check and test alike; a failing golden case names the rules to look at and where they are;
CI systems get JUnit XML or JSON."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from neutrality_rules.api import bundled_rules_path
from neutrality_rules.cli import main

from .conftest import ROOT, incident

RULE_FILE = "asn/pledges.yaml"
RULE_ID = "pns.pp94.5k.gift-related-to-position"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _with_typo(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    folder = tmp_path / "rules"
    shutil.copytree(bundled_rules_path(), folder)
    path = folder / RULE_FILE
    text = path.read_text(encoding="utf-8")
    start = text.index(f"id: {RULE_ID}")
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return folder, text[:at].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("tier: berat", "tier: beratt", "did you mean 'berat'?"),
        ("track: discipline", "track: disciplin", "did you mean 'discipline'?"),
        ("gift.receive", "gift.recieve", "did you mean 'gift.receive'?"),
        ("basis: [", "flags: [kasn_bkn_transitoin]\n    basis: [", "did you mean 'kasn_bkn_transition'?"),
    ],
    ids=["tier", "track", "act", "flag"],
)
def test_a_typo_in_a_rule_is_named_with_file_line_and_hint_by_verify_check_and_test(
    tmp_path: Path, old: str, new: str, hint: str
) -> None:
    folder, line = _with_typo(tmp_path, old, new)
    case = tmp_path / "a.json"
    case.write_text(json.dumps(incident()), encoding="utf-8")
    place = re.compile(re.escape(RULE_FILE) + r":(\d+)")
    for args in (
        ["verify", str(folder), "--budget", "0"],
        ["check", "--rules", str(folder), str(case)],
        ["test", "--rules", str(folder), str(ROOT / "cases" / "asn")],
    ):
        result = run(*args)
        output = result.stdout + result.stderr
        assert result.exit_code in (1, 3), (args, output)
        assert "Traceback" not in output and "internal error" not in output
        assert hint in output, (args, output)
        found = place.search(output)
        assert found and abs(int(found.group(1)) - line) <= 1, (args, line, output)


def _failing_case(tmp_path: Path) -> Path:
    source = ROOT / "cases" / "asn" / "banner-after-determination.yaml"
    text = source.read_text(encoding="utf-8")
    broken = re.sub(r"(\n  tier: )\w+", r"\1moral", text, count=1)
    assert broken != text
    path = tmp_path / "cases" / "failing.yaml"
    path.parent.mkdir()
    path.write_text(broken, encoding="utf-8")
    shutil.copy(ROOT / "cases" / "asn" / "campaign-in-uniform.yaml", tmp_path / "cases" / "passing.yaml")
    return path.parent


def test_a_failing_case_names_the_deciding_rules_and_their_file_and_line(tmp_path: Path) -> None:
    folder = _failing_case(tmp_path)
    result = run("test", str(folder))
    assert result.exit_code == 1
    assert "FAIL" in result.stdout
    assert re.search(r"rule [\w.:-]+ is written at rules/[\w/.-]+\.yaml:\d+", result.stdout), result.stdout


def test_junit_and_json_reports_for_ci(tmp_path: Path) -> None:
    folder = _failing_case(tmp_path)
    junit = run("test", "--format", "junit", str(folder))
    assert junit.exit_code == 1
    suite = ET.fromstring(junit.stdout.split("?>", 1)[1])
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    failure = suite.find("testcase/failure")
    assert failure is not None and "tier: expected 'moral'" in (failure.text or "")
    report = json.loads(run("test", "--format", "json", str(folder)).stdout)
    assert (report["total"], report["passed"], report["failed"]) == (2, 1, 1)
    failed = next(c for c in report["cases"] if not c["passed"])
    assert failed["diffs"][0]["name"] == "tier" and failed["rules"][0]["where"].startswith("rules/")
