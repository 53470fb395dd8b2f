"""The verdict on one screen: the short form fits 80 columns, numbers acts from 1, names the sanction of
each track, the provisions and the deciding facts, and what to do next by when; `--explain` gives the
full reasoning. Procedure: a report received after the reporting deadline is flagged with how late."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from neutrality_rules import Engine
from neutrality_rules.cli import main
from neutrality_rules.errors import NrulesError
from neutrality_rules.inputs import to_incident

from .conftest import ROOT, incident
from .test_officer_language import case_incidents, render


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(tmp_path: Path, data: Any, name: str = "a.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def flat(text: str) -> str:
    """Words only: wrapping and panel borders removed."""
    return " ".join(text.translate({ord(c): " " for c in "│╭╮╰╯─"}).split())


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(backend="reference")


def test_every_golden_case_fits_80_columns_and_one_screen(engine: Engine) -> None:
    longest: list[tuple[int, str]] = []
    for case_id, data in case_incidents():
        try:
            inc = to_incident(data)
            verdict = engine.check(inc)
        except NrulesError:
            continue
        for lang in ("en", "id"):
            lines = render(verdict, inc, engine.ruleset, lang, explain=False).rstrip("\n").split("\n")
            assert max(len(line) for line in lines) <= 80, (case_id, lang)
            if not case_id.startswith("gen-"):  # the screen budget is for real reports, not synthetic pins
                longest.append((len(lines), case_id))
    longest.sort()
    # one act, one track: well within a screen; the busiest golden cases (a civil servant's act that is also
    # a Pilkada crime or two; a gift whose link to the office and to the vote are both unknown: three possible
    # tracks and four possible outcomes) still < 85
    assert longest[len(longest) // 2][0] <= 40
    assert longest[-1][0] <= 85, longest[-3:]


def test_short_form_names_sanction_provisions_facts_and_next_steps(tmp_path: Path) -> None:
    result = run("--lang", "id", "check", str(ROOT / "examples" / "like-after-determination.json"))
    assert result.exit_code == 1
    text = flat(result.stdout)
    assert "Disiplin pegawai: hukuman disiplin berat" in text
    assert "PP 94/2021 Pasal 5 huruf n angka 5" in text and "Pasal 14 huruf i angka 3" in text
    assert "pada atau setelah penetapan calon: ya" in text  # the deciding fact
    assert "direkomendasikan oleh Badan Kepegawaian Negara (BKN)" in text  # KASN's function passed to BKN
    assert "paling lambat 19 Oktober 2024" in text  # known 12-10-2024 + 7 days (UU 1/2015 Pasal 134(4))
    assert "Mengapa bukan yang lain" not in text  # reasoning is for --explain


def test_acts_are_numbered_from_one(tmp_path: Path) -> None:
    data = incident(
        acts=[{"type": "social_media.like"}, {"type": "social_media.share", "date": "2024-10-11"}],
    )
    text = flat(run("check", write(tmp_path, data)).stdout)
    assert "1. liking a candidate's" in text and "2. sharing a candidate's" in text
    assert "Act 1, 2:" in text or ("Act 1:" in text and "Act 2:" in text)
    assert "Act 0" not in text and "#0" not in text


def test_explain_gives_the_full_reasoning(tmp_path: Path) -> None:
    result = run("--lang", "id", "check", "--explain", str(ROOT / "examples" / "like-after-determination.json"))
    text = flat(result.stdout)
    assert "Mengapa bukan yang lain" in text and "Keraguan dan catatan" in text
    assert "Pegawai ASN harus bebas dari pengaruh dan intervensi" in text  # the provision quoted
    assert "diturunkan dari tanggal dan jadwal tahapan" in text  # where each fact came from
    assert "pns.skb2022.d6" not in text  # rule ids only with --ids
    assert "pns.skb2022.d6.engagement-calon" in flat(
        run("check", "--explain", "--ids", str(ROOT / "examples" / "like-after-determination.json")).stdout
    )


def _with_report(received: str | None, known: str | None = "2024-10-12") -> dict[str, Any]:
    data = incident(report={"number": "001/LP/PW/2024", "received_on": received} if received else None)
    data["event"] = {"date_of_act": "2024-10-10", **({"date_known": known} if known else {})}
    if received is None:
        data.pop("report")
    return data


def test_a_late_report_is_flagged_with_the_deadline_and_how_late(tmp_path: Path, engine: Engine) -> None:
    # UU 1/2015 Pasal 134(4): a Pilkada report within 7 days of the violation becoming known (12-10-2024)
    verdict = engine.check(_with_report("2024-10-23"))
    report = next(d for s in verdict.sanctions for d in s.deadlines if d.id == "report.pilkada")
    assert str(report.due) == "2024-10-19" and str(report.done_on) == "2024-10-23" and report.late_by_days == 4
    assert "report_late" in {f.id for f in verdict.flags}
    text = flat(run("--lang", "id", "check", write(tmp_path, _with_report("2024-10-23"))).stdout)
    assert "Batas waktu terlampaui" in text and "terlambat 4 hari" in text and "paling lambat 19 Oktober 2024" in text


def test_a_report_on_the_last_day_is_on_time(engine: Engine) -> None:
    verdict = engine.check(_with_report("2024-10-19"))
    report = next(d for s in verdict.sanctions for d in s.deadlines if d.id == "report.pilkada")
    assert report.late_by_days == 0 and "report_late" not in {f.id for f in verdict.flags}


def test_without_the_day_it_became_known_no_due_date_is_invented(engine: Engine) -> None:
    verdict = engine.check(_with_report("2024-10-30", known=None))
    report = next(d for s in verdict.sanctions for d in s.deadlines if d.id == "report.pilkada")
    assert report.due is None and report.late_by_days is None
    assert "report_late" not in {f.id for f in verdict.flags}


def test_the_follow_up_deadline_runs_from_the_report_received(engine: Engine) -> None:
    # UU 8/2015 Pasal 134(5): Bawaslu follows up within 3 days after the report is received
    verdict = engine.check(_with_report("2024-10-14"))
    follow = next(d for s in verdict.sanctions for d in s.deadlines if d.id == "bawaslu.pilkada.followup")
    assert str(follow.due) == "2024-10-17"


def test_rules_listing_fits_80_columns() -> None:
    for args in (["rules", "list"], ["rules", "table"], ["rules", "show", "pns.skb2022.d6.engagement-calon"]):
        for lang in ("en", "id"):
            out = run("--lang", lang, *args).stdout
            assert max(len(line) for line in out.splitlines()) <= 80, args
            if args[1] != "show":  # ids are never clipped: a user types them into `rules show`
                assert "pns.pre-skb2022.d6.engagement-calon" in out, args


def test_several_inputs_give_one_line_each_not_a_screen_each(tmp_path: Path) -> None:
    files = sorted(str(p) for p in (ROOT / "examples").glob("*.json"))
    result = run("--lang", "id", "check", *files)
    text = flat(result.stdout)
    for path in files:
        incident_id = json.loads(Path(path).read_text(encoding="utf-8"))["incident_id"]
        assert incident_id.replace("-", "") in text.replace(" ", "").replace("-", "")
    assert "dibuktikan:" in text and "dukungan" in text and "BELUM" in text and "DITENTUKAN" in text
    assert len(result.stdout.splitlines()) < 6 * len(files)  # a table, not a verdict per file
    assert "Langkah berikutnya" not in text
    full = run("--lang", "id", "check", "--explain", *files)
    assert flat(full.stdout).count("Mengapa bukan yang lain") >= 2  # --explain: every verdict in full
