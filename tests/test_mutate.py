"""Mutation testing: mutants are generated deterministically, caught by what pins them, survivors are
reported by file and line, the case selection is safe, and a layer's effect on the golden cases shows."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from neutrality_rules.api import bundled_rules_path
from neutrality_rules.cli import main
from neutrality_rules.ruleset.loader import parse_ruleset
from neutrality_rules.verify import mutrun
from neutrality_rules.verify.mutate import MutantSpec, _date_difference, _election_windows, generate, locate
from neutrality_rules.verify.mutrun import Baseline, MutationReport, baseline, check_mutant
from neutrality_rules.verify.report import survivor_lines

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
D6_CASES = [CASES / "asn" / "like-after-determination.yaml", CASES / "asn" / "like-pilkada-on-determination-day.yaml"]


@pytest.fixture(scope="module")
def small_base() -> Baseline:
    return baseline([bundled_rules_path()], D6_CASES, static=True)


def _find(specs: list[MutantSpec], op: str, **params: str) -> int:
    return next(i for i, s in enumerate(specs) if s.op == op and all(s.param(k) == v for k, v in params.items()))


def test_mutants_are_the_same_every_time_and_of_every_kind() -> None:
    parsed = parse_ruleset([bundled_rules_path()])
    first, second = generate(parsed), generate(parsed)
    assert first == second and len(first) > 1000
    kinds = {s.op for s in first}
    for kind in (
        "rule.tier",
        "calendar.date",
        "regime.window",
        "track.combine",
        "rule.subject",
        "rule.act",
        "rule.delete",
        "route.delete",
        "provision.text",
        "modifier.default",
        "role.counts_as",
    ):
        assert kind in kinds, kind


def test_a_tier_change_is_caught_by_the_case_that_pins_it(small_base: Baseline) -> None:
    specs = generate(small_base.parsed)
    i = _find(specs, "rule.tier", rule="pns.skb2022.d6.engagement-calon", new="sedang")
    outcome = check_mutant(i, specs[i], small_base)
    assert outcome.status == "killed" and outcome.by.startswith("case "), outcome


def test_the_sentencing_policy_of_discipline_is_pinned_by_the_law_it_cites(small_base: Baseline) -> None:
    specs = generate(small_base.parsed)
    i = _find(specs, "track.combine", track="discipline")
    outcome = check_mutant(i, specs[i], small_base)
    assert outcome.status == "killed" and "combine" in outcome.by, outcome


def test_a_replaced_quote_is_caught_by_the_quote_check(small_base: Baseline) -> None:
    specs = generate(small_base.parsed)
    i = _find(specs, "provision.text", provision="pp94-2021.p14.i.3")
    outcome = check_mutant(i, specs[i], small_base)
    assert outcome.status == "killed" and "quote" in outcome.by, outcome


def test_a_survivor_is_named_by_file_and_line() -> None:
    # with no case and no static check, nothing can notice a deadline that is one day longer
    base = baseline([bundled_rules_path()], [], static=False)
    specs = generate(base.parsed)
    i = _find(specs, "deadline.amount", deadline="pp94.summons", new="8")
    outcome = check_mutant(i, specs[i], base, static=False)
    assert outcome.status == "survived"
    report = MutationReport(specs, base.parsed, outcomes=[outcome])
    (line,) = survivor_lines(report, "en")
    where = locate(base.parsed, specs[i])
    assert where.file.endswith("authorities.yaml") and where.line
    text = (bundled_rules_path() / "authorities.yaml").read_text(encoding="utf-8").splitlines()
    assert "amount: 7" in text[where.line - 1]
    assert line.strip() == (
        f"{where}: changing the amount of deadline pp94.summons from 7 to 8 is caught by no case or check"
    )
    assert report.score == 0.0


def test_running_only_the_affected_cases_decides_as_running_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = sorted((CASES / "asn").glob("*.yaml"))[:25] + sorted((CASES / "village").glob("*.yaml"))[:10]
    base = baseline([bundled_rules_path()], cases, static=False)
    specs = generate(base.parsed)
    picks = random.Random(7).sample(range(len(specs)), 40)
    selected = [check_mutant(i, specs[i], base, static=False) for i in picks]
    monkeypatch.setattr(mutrun, "affected", lambda spec, b: None)
    everything = [check_mutant(i, specs[i], base, static=False) for i in picks]
    assert [o.status for o in selected] == [o.status for o in everything]
    assert sum(o.cases_run for o in selected) < sum(o.cases_run for o in everything)


def test_verify_mutate_scores_and_fails_below_the_minimum() -> None:
    result = CliRunner().invoke(
        main,
        [
            "verify",
            "--budget",
            "0",
            "--mutate",
            "--operator",
            "deadline.amount",
            "--jobs",
            "2",
            "--cases",
            str(D6_CASES[0]),
            "--min-score",
            "90",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "Mutation testing:" in result.output and "mutation score" in result.output
    assert "is caught by no case or check" in result.output
    assert "is below the required 90%" in result.output


def test_a_golden_case_failing_on_the_rule_set_itself_fails_a_gated_run(tmp_path: Path) -> None:
    """CI relies on the gated mutation run to fail when a golden case does: a case that fails on the rule
    set catches nothing, so a score measured without it would pass a broken case silently."""
    text = D6_CASES[0].read_text(encoding="utf-8")
    assert "\n  tier: berat" in text
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("\n  tier: berat", "\n  tier: sedang", 1), encoding="utf-8")
    args = ["verify", "--budget", "0", "--mutate", "--operator", "track.line", "--jobs", "1", "--cases"]
    gated = CliRunner().invoke(main, [*args, str(broken), "--min-score", "0"])
    assert gated.exit_code == 1, gated.output
    assert "1 golden case(s) fail on the rule set itself" in gated.output
    assert "--min-score fails the run" in gated.output
    passing = CliRunner().invoke(main, [*args, str(D6_CASES[0]), "--min-score", "0"])
    assert passing.exit_code == 0, passing.output


def test_a_layers_effect_on_the_golden_cases_is_listed(tmp_path: Path) -> None:
    layer = tmp_path / "sumbar"
    layer.mkdir()
    (layer / "ruleset.yaml").write_text(
        'name: sumbar\nversion: "1"\ntitle: {en: "West Sumatra additions", id: "Tambahan Sumatera Barat"}\n'
        "layer: addition\n",
        encoding="utf-8",
    )
    (layer / "likes.yaml").write_text(
        """rules:
  - id: sumbar.like-public-post
    title: {en: "A like of a public post (provincial reading)", id: "Menyukai unggahan publik (tafsir provinsi)"}
    explanation: {en: "A provincial addition for the test.", id: "Tambahan provinsi untuk pengujian."}
    regime: skb2022
    subjects: [pns]
    acts: [social_media.like]
    when: {after_determination: true}
    outcome: {track: case_by_case, tier: satgas_decides}
    basis: [skb2022.l2.d13]
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["verify", "--budget", "0", "--layer", str(layer), "--cases", str(D6_CASES[0])])
    assert "The layer changes the verdict of 1 of 1 golden case(s)" in result.output, result.output
    assert "+ violation; berat; findings pns.skb2022.d6.engagement-calon, sumbar.like-public-post" in result.output


def test_a_date_bound_moved_where_no_election_runs_is_equivalent_and_not_scored(
    small_base: Baseline, tmp_path: Path
) -> None:
    """An act can only fall on a day some election's days hold (from its candidacy process to its last
    re-vote; the incident is refused otherwise). A rule bound moved on a day before every election's days
    changes no possible incident: the mutant is not run and not scored. PP 94's 31-08-2021 bound is
    inside the days of Pemilu 2024 (candidacy process from 18-04-2019), so its mutants are run."""
    specs = generate(small_base.parsed)
    bundled = _find(
        specs, "rule.condition", rule="pns.pp94.5n1.passive-attendance", old="gte 2021-08-31", new="gte 2021-09-01"
    )
    assert specs[bundled].equivalent == ()
    first = min(lo for lo, _ in _election_windows(small_base.parsed))
    assert first > dt.date(2011, 8, 31)
    rules = tmp_path / "rules"
    shutil.copytree(bundled_rules_path(), rules)
    rule_file = rules / "asn" / "pp94-pasal-5n.yaml"
    text = rule_file.read_text(encoding="utf-8")
    rule_file.write_text(text.replace("date: {gte: 2021-08-31}", "date: {gte: 2011-08-31}", 1), encoding="utf-8")
    early = generate(parse_ruleset([rules]))
    gap = _find(
        early, "rule.condition", rule="pns.pp94.5n1.passive-attendance", old="gte 2011-08-31", new="gte 2011-09-01"
    )
    assert early[gap].equivalent == ("2011-08-31",)
    outcome = check_mutant(gap, early[gap], small_base)
    assert outcome.status == "equivalent"
    report = MutationReport(early, small_base.parsed, outcomes=[outcome])
    assert report.equivalent() == [outcome] and report.survived == [] and report.score == 100.0
    day = dt.date(2023, 11, 13)
    assert _date_difference({"gte": day}, {"gt": day}) == (day,)
    assert _date_difference({"lt": day}, {"lt": day + dt.timedelta(days=1)}) == (day,)
