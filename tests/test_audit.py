"""The coverage audit: the committed table is current, every cell of the bundled rules is decided or
declared, and a track silently dropped for a subject is caught."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import yaml
from click.testing import CliRunner

from neutrality_rules import Engine
from neutrality_rules.api import bundled_rules_path
from neutrality_rules.cli import main
from neutrality_rules.verify.audit import render_markdown, run_audit

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "audit.md"


def _audit_of(tmp_path: Path, edit: Callable[[Path], None]) -> list[str]:
    folder = tmp_path / "rules"
    shutil.copytree(bundled_rules_path(), folder)
    edit(folder)
    rs = Engine.load(folder, backend="reference", strict=False).ruleset
    return [p.message for p in run_audit(rs).problems]


def _edit(path: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_committed_table_is_current_and_complete() -> None:
    rs = Engine.load(backend="reference").ruleset
    result = run_audit(rs)
    assert [p.render() for p in result.problems] == []
    assert result.count("missing") == 0
    assert TABLE.read_text(encoding="utf-8") == render_markdown(rs, result), (
        "docs/audit.md is stale: regenerate it with `nrules rules audit > docs/audit.md`"
    )


def test_every_criminal_article_of_the_reference_is_in_the_table() -> None:
    text = TABLE.read_text(encoding="utf-8")
    for article in (
        "uu7-2017.p280",
        "uu7-2017.p282",
        "uu7-2017.p283",
        "uu7-2017.p490",
        "uu7-2017.p494",
        "uu10-2016.p71",
        "uu10-2016.p187a",
        "uu1-2015.p188",
        "uu1-2015.p189",
    ):
        assert f"| {article} (" in text or f"**{article}**" in text, article


def test_the_camat_is_referred_under_188_like_the_kepala_desa() -> None:
    """Pasal 188 names pejabat ASN beside the kepala desa with one scope: an appeal to vote for a paslon
    is referred for both (the omission issue 11 was about)."""
    rs = Engine.load(backend="reference").ruleset
    cells = {(c.election, c.act, c.role, c.track): c for c in run_audit(rs).cells}
    for role in ("pns", "kepala_desa", "lurah"):
        cell = cells[("pilkada", "partisan_activity", role, "criminal")]
        assert "crim.pilkada.71-1.188.active-support" in cell.rules, role


def test_dropping_the_188_rule_leaves_undeclared_cells(tmp_path: Path) -> None:
    def drop(folder: Path) -> None:
        def change(data: dict) -> None:  # type: ignore[type-arg]
            gone = {"crim.pilkada.71-1.188.active-support", "crim.pilkada.71-1-original.188.decision"}
            data["rules"] = [r for r in data["rules"] if r["id"] not in gone]

        _edit(folder / "criminal" / "election-crimes.yaml", change)

    found = _audit_of(tmp_path, drop)
    assert any(
        "neither decided nor declared: pilkada / pns / track criminal" in m and "partisan_activity" in m for m in found
    )
    assert any("neither decided nor declared: pilkada / kepala_desa / track criminal" in m for m in found)


def test_a_declaration_that_speaks_for_no_cell_is_caught(tmp_path: Path) -> None:
    def dead(folder: Path) -> None:
        def change(data: dict) -> None:  # type: ignore[type-arg]
            data["declarations"].append(
                {
                    "id": "stale",
                    "tracks": ["discipline"],
                    "subjects": ["pns"],
                    "acts": ["social_media.like"],
                    "reason": {"en": "x", "id": "x"},
                }
            )

        _edit(folder / "declarations.yaml", change)

    assert any("declaration stale speaks for no cell" in m for m in _audit_of(tmp_path, dead))


def test_an_article_applied_to_a_subject_it_does_not_name_is_caught(tmp_path: Path) -> None:
    def narrow(folder: Path) -> None:
        def change(data: dict) -> None:  # type: ignore[type-arg]
            for article in data["criminal_articles"]:
                if article["id"] == "uu7-2017.p490":
                    article["names"] = []
                    article["declared"] = []

        _edit(folder / "declarations.yaml", change)

    found = _audit_of(tmp_path, narrow)
    assert any("criminal article uu7-2017.p490 does not name kepala_desa" in m for m in found)


def test_cli_audit_check_reports_a_stale_table(tmp_path: Path) -> None:
    stale = tmp_path / "audit.md"
    stale.write_text("old\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "audit", "--check", str(stale)])
    assert result.exit_code == 1
    assert "stale" in result.output
    current = CliRunner().invoke(main, ["rules", "audit", "--check", str(TABLE)])
    assert current.exit_code == 0, current.output
