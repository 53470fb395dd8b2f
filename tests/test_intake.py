"""Recording an incident as an officer does: JSON or YAML, English keys or Indonesian names, and every
problem named at once with its line and column, in the officer's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from neutrality_rules import Engine, IncidentError
from neutrality_rules.cli import main
from neutrality_rules.inputs import read_records, to_incident

from .conftest import incident


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


BAD_JSON = """{
  "incident_id": "X-1",
  "election": {"key": "pilkada-2024", "contest": "bupatii"},
  "respondent": {"role": "pnss"},
  "event": {"date_of_act": "2024-02-30"},
  "acts": [
    {"type": "social_media.likes", "public": "yes"}
  ],
  "assessment_date": "2024-11-01"
}
"""
EXPECTED_PLACES = [
    ("3:39", "election.contest", "did you mean 'bupati'?"),
    ("4:18", "respondent.role", "did you mean 'pns'?"),
    ("5:13", "event.date_of_act", "not a real calendar date"),
    ("7:6", "acts[0].type", "did you mean 'social_media.like'?"),
    ("7:36", "acts[0].public", "must be true, false"),
]


def test_every_problem_in_a_json_incident_is_named_at_once_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(BAD_JSON, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "5 problems" in result.stderr
    lines = result.stderr.splitlines()[1:]
    assert len(lines) == len(EXPECTED_PLACES)
    for line, (place, field, words) in zip(lines, EXPECTED_PLACES, strict=True):
        assert line.strip().startswith(f"{path}:{place}: {field}:"), line
        assert words in line, line


def test_the_same_problems_in_indonesian_with_did_you_mean_in_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(BAD_JSON, encoding="utf-8")
    result = run("check", "--lang", "id", str(path))
    assert "5 masalah" in result.stderr
    assert "maksud Anda 'pns'?" in result.stderr
    assert "bukan tanggal yang ada di kalender" in result.stderr
    for english in ("did you mean", "invalid value", "unknown value", "unknown act", "expected", "must be", "(got "):
        assert english not in result.stderr


def test_yaml_incident_gives_the_same_verdict_as_json_and_problems_with_lines(tmp_path: Path) -> None:
    as_json = tmp_path / "a.json"
    as_json.write_text(json.dumps(incident()), encoding="utf-8")
    as_yaml = tmp_path / "a.yaml"
    as_yaml.write_text(
        "incident_id: T-1\n"
        "election: {key: pilkada-2024, contest: bupati}\n"
        "respondent: {role: pns, position_kind: administrator, government_level: kabupaten_kota}\n"
        "event: {date_of_act: 2024-10-10, date_known: 2024-10-12}\n"
        "acts:\n"
        "  - type: social_media.like\n"
        "assessment_date: 2024-11-01\n",
        encoding="utf-8",
    )
    assert (
        run("check", "--format", "json", str(as_yaml)).stdout == run("check", "--format", "json", str(as_json)).stdout
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        as_yaml.read_text().replace("role: pns", "role: pnss").replace("like\n", "like\n    amount: 1_000\n")
    )
    result = run("check", str(bad))
    assert f"{bad}:3:14: respondent.role" in result.stderr
    assert f"{bad}:7:5: acts[0].amount" in result.stderr


@pytest.mark.parametrize(
    ("written", "meaning"),
    [
        ("public: yes", "true/false only"),
        ("amount: 0x10", "digits only"),
        ("amount: 1_000", "digits only"),
        ("amount: 1:30", "digits only"),
    ],
)
def test_yaml_values_mean_what_they_would_in_json(tmp_path: Path, written: str, meaning: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(
        "incident_id: Y\nelection: {key: pilkada-2024, contest: bupati}\nrespondent: {role: pns}\n"
        f"event: {{date_of_act: 2024-10-10}}\nacts:\n  - type: partisan_activity\n    {written}\n",
        encoding="utf-8",
    )
    (record,) = list(read_records(path))
    with pytest.raises(IncidentError) as info:
        to_incident(record.data, ruleset=Engine.load(backend="reference").ruleset)
    assert info.value.field and info.value.field.startswith("acts[0]."), meaning


def test_a_year_as_reported_in_yaml_stays_the_text_written(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("event: {date_of_act: 2024, date_known: 2024-10-10}\n", encoding="utf-8")
    (record,) = list(read_records(path))
    assert record.data["event"] == {"date_of_act": "2024", "date_known": "2024-10-10"}


def test_indonesian_names_give_the_verdict_of_the_english_keys(reference_engine: Engine) -> None:
    english = incident(
        election={"key": "pilkada-2024", "contest": "walikota"},
        respondent={"role": "kepala_desa"},
        acts=[{"type": "partisan_activity", "public": True, "forms": ["giving_goods"], "channel": "offline"}],
    )
    indonesian = incident(
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
    assert reference_engine.check(indonesian) == reference_engine.check(english)


def test_a_modifier_given_under_both_names_is_refused(reference_engine: Engine) -> None:
    data = incident(acts=[{"type": "social_media.like", "public": True, "publik": False}])
    with pytest.raises(IncidentError) as info:
        reference_engine.check(data)
    assert info.value.field == "acts[0].publik" and "twice" in info.value.render()


def test_prior_sanctions_track_and_tier_are_checked(reference_engine: Engine) -> None:
    data = incident(prior_sanctions=[{"track": "disiplin", "tier": "berat"}, {"track": "kode_etik", "tier": "berat"}])
    with pytest.raises(IncidentError) as info:
        reference_engine.check(data)
    fields = [p.field for p in info.value.problems]
    assert fields == ["prior_sanctions[0].track", "prior_sanctions[1].tier"]
    assert "did you mean 'discipline'?" in info.value.render()
