"""`nrules verify` catches faults planted in a copy of the bundled rules, and the bundled rules are clean."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from neutrality_rules import Engine
from neutrality_rules.api import bundled_rules_path
from neutrality_rules.verify import static_checks, verify


def planted(tmp_path: Path, edit: Callable[[Path], None]) -> list[str]:
    folder = tmp_path / "rules"
    shutil.copytree(bundled_rules_path(), folder)
    edit(folder)
    engine = Engine.load(folder, backend="reference", strict=False)
    problems, _ = static_checks(engine.ruleset)
    return [p.render() for p in problems]


def _edit_rules(path: Path, change: Callable[[list[dict]], None]) -> None:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["rules"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _find(rules: list[dict], rule_id: str) -> dict:  # type: ignore[type-arg]
    return next(r for r in rules if r["id"] == rule_id)


def test_bundled_rules_verify_clean() -> None:
    report = verify(Engine.load(backend="reference"), budget=25, other=Engine.load(backend="durable"))
    assert [p.render() for p in report.problems] == []
    assert [c.render() for c in report.counterexamples] == []


def test_conflicting_twin_rule_is_caught(tmp_path: Path) -> None:
    def twin(folder: Path) -> None:
        def change(rules: list[dict]) -> None:  # type: ignore[type-arg]
            clone = copy.deepcopy(_find(rules, "pns.skb2022.d6.engagement-calon"))
            clone["id"] = "pns.twin.d6-lighter"
            clone["outcome"] = {"track": "discipline", "tier": "sedang"}
            rules.append(clone)

        _edit_rules(folder / "asn" / "skb2022-disiplin.yaml", change)

    found = planted(tmp_path, twin)
    assert any(
        "[conflict]" in p and "pns.twin.d6-lighter" in p and "pns.skb2022.d6.engagement-calon" in p for p in found
    ), found


def test_lighter_tier_for_an_aggravated_form_is_caught(tmp_path: Path) -> None:
    def lighter(folder: Path) -> None:
        def change(rules: list[dict]) -> None:  # type: ignore[type-arg]
            clone = copy.deepcopy(_find(rules, "pns.pp94.5n6.partisan-activity"))
            clone["id"] = "pns.partisan-activity-with-state-facilities"
            clone["when"] = {"act.state_facilities": True}
            clone["outcome"] = {"track": "discipline", "tier": "sedang"}
            rules.append(clone)

        _edit_rules(folder / "asn" / "pp94-pasal-5n.yaml", change)

    found = planted(tmp_path, lighter)
    assert any("[aggravation]" in p and "pns.partisan-activity-with-state-facilities" in p for p in found), found


def test_dangling_citation_is_caught_with_its_file_and_line(tmp_path: Path) -> None:
    def dangle(folder: Path) -> None:
        _edit_rules(
            folder / "asn" / "skb2022-disiplin.yaml",
            lambda rules: _find(rules, "pns.skb2022.d6.engagement-calon")["basis"].append("pp94-2021.p99"),
        )

    found = planted(tmp_path, dangle)
    hits = [p for p in found if "[dangling-citation]" in p and "pp94-2021.p99" in p]
    assert hits and "skb2022-disiplin.yaml:" in hits[0]


def test_unknown_flag_on_an_act_type_is_caught(tmp_path: Path) -> None:
    def misspell(folder: Path) -> None:
        path = folder / "vocabulary.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["act_types"]["social_media.hoax"]["flags"] = ["general_criminal_law_not_modeled"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    found = planted(tmp_path, misspell)
    assert any(
        "[unknown-flag]" in p and "social_media.hoax" in p and "general_criminal_law_not_modeled" in p for p in found
    ), found


def test_window_that_can_never_match_is_caught(tmp_path: Path) -> None:
    def future(folder: Path) -> None:
        _edit_rules(
            folder / "asn" / "skb2022-kode-etik.yaml",
            lambda rules: _find(rules, "pns.skb2022.ke1.props-bakal-calon").update(
                {"in_force": {"from": "2031-01-01"}}
            ),
        )

    found = planted(tmp_path, future)
    assert any("[never-matches]" in p and "pns.skb2022.ke1.props-bakal-calon" in p for p in found), found


def test_removed_rule_leaves_a_gap(tmp_path: Path) -> None:
    def remove(folder: Path) -> None:
        _edit_rules(
            folder / "asn" / "skb2022-kode-etik.yaml",
            lambda rules: rules.remove(_find(rules, "pns.skb2022.ke4.engagement-bakal-calon")),
        )

    found = planted(tmp_path, remove)
    assert any("[gap]" in p and "social_media.like by pns" in p and "pre_determination" in p for p in found), found


@pytest.mark.parametrize("content", ["rules: [", "- just a list", "name: [unclosed"])
def test_unreadable_rule_set_exits_3(tmp_path: Path, content: str) -> None:
    from click.testing import CliRunner

    from neutrality_rules.cli import main

    folder = tmp_path / "rules"
    shutil.copytree(bundled_rules_path(), folder)
    (folder / "ruleset.yaml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(folder), "--budget", "0"])
    assert result.exit_code == 3
    assert "ruleset.yaml" in result.stderr
