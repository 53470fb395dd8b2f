"""`nrules new`: the interview, driven through a real pseudo-terminal as an officer would use it, and its
model (questions as data, branching on the role and the acts, answers checked as they are given)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
from click.testing import CliRunner

from neutrality_rules import Engine
from neutrality_rules.api import bundled_rules_path
from neutrality_rules.cli import main
from neutrality_rules.interview import NOT_MENTIONED, AnswerError, Interview
from neutrality_rules.interview.terminal import from_file
from neutrality_rules.ruleset.loader import load_ruleset

TODAY = "2024-10-23"


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100", "NRULES_LANG": "id"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "neutrality_rules", "--lang", "id", "new", *args, "--today", TODAY],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 100),
        # a shell runs background jobs (CI under nohup, `cmd &`) with SIGINT ignored, and the child would
        # inherit that: Ctrl-C would never reach the interview. The officer's terminal delivers it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def answer(child: pexpect.spawn, question: str, reply: str) -> None:
    child.expect_exact(question)
    child.expect_exact("> ")
    child.sendline(reply)


def test_an_officer_records_a_report_corrects_two_answers_reviews_and_saves(tmp_path: Path) -> None:
    child = spawn(tmp_path, "laporan.json")
    answer(child, "Melalui saluran apa laporan diterima?", "3")
    answer(child, "Nomor laporan", "017/Reg/LP/PW/Kota/13.08/X/2024")
    answer(child, "Tanggal laporan diterima", "14 Oktober 2024")
    answer(child, "Nama pelapor", "Rahmat Sudrajat")
    answer(child, "Pekerjaan pelapor", "Wiraswasta")
    answer(child, "Alamat pelapor", "")
    answer(child, "Nomor telepon/HP pelapor", "")
    answer(child, "Nomor/ID perkara", "BWSL-KOTA-SKB-2024-017")
    answer(child, "Pemilu/pemilihan yang mana?", "pilkada-2024")
    answer(child, "Pemilihan apa yang terkait", "wali kota")
    answer(child, "Wilayah", "Kota Sukabumi")
    # a wrong answer, refused with the reason, then corrected
    answer(child, "Apa status Terlapor?", "gubernur")
    child.expect_exact("tidak ada dalam pilihan")
    child.expect_exact("> ")
    child.sendline("pns")
    answer(child, "Nama Terlapor", "Drs. Cecep Mulyana")
    answer(child, "NIP (18 angka)", "19720415 199803 1 005")
    answer(child, "Jabatan, misalnya", "Camat Cikole")
    answer(child, "Jenis jabatan", "administrator")
    answer(child, "Tingkat instansi", "kabupaten/kota")
    answer(child, "Pangkat/golongan", "IV/a")
    answer(child, "Instansi", "Pemerintah Kota Sukabumi")
    answer(child, "Ada Terlapor lain dalam laporan yang sama?", "")
    # a day that does not exist, then one outside the election's calendar, then the right one
    answer(child, "Kapan peristiwa terjadi?", "31-02-2024")
    child.expect_exact("bukan tanggal yang ada")
    child.expect_exact("> ")
    child.sendline("10-10-2019")
    child.expect_exact("di luar jadwal")
    child.expect_exact("> ")
    child.sendline("10-10-2024")
    answer(child, "Tanggal peristiwa diketahui pelapor", "12-10-2024")
    answer(child, "Tempat kejadian", "Akun Instagram pribadi terlapor")
    answer(child, "Peristiwa dalam satu kalimat", "")
    answer(child, "Perbuatan 1: apa yang dilakukan Terlapor?", "menyukai")
    answer(child, "Tanggal perbuatan ini", "")
    answer(child, "Uraian singkat perbuatan ini", "Menyukai unggahan calon nomor urut 1")
    answer(child, "Ada perbuatan lain?", "")
    answer(child, "Bukti: jenisnya?", "tangkapan layar")
    answer(child, "Apa isinya?", "Daftar akun yang menyukai unggahan")
    answer(child, "Di mana bukti itu", "bukti-1.png")
    answer(child, "Bukti lain: jenisnya?", "")
    answer(child, "Saksi: nama", "")
    answer(child, "Uraian kejadian", "Terlapor menyukai unggahan calon.")
    child.sendline("")  # an empty line ends the account
    answer(child, "Pernahkah Terlapor dijatuhi sanksi", "")
    answer(child, "Tanggal pemeriksaan disiplin dimulai", "")
    answer(child, "Tanggal kajian ini", "")
    # the review screen: change the place (answer 21 or wherever it is), then save
    child.expect_exact("Periksa kembali jawaban sebelum disimpan")
    child.expect_exact("[b]atal:")
    before = child.before
    number = next(
        line.split(".")[0].strip() for line in before.splitlines() if "Tempat kejadian" in line and "." in line
    )
    child.sendline(f"u {number}")
    answer(child, "Tempat kejadian", "Instagram @cecep.m")
    child.expect_exact("[b]atal:")
    child.sendline("s")
    child.expect_exact("Tersimpan: laporan.json")
    answer_check = "Periksa sekarang?"
    child.expect_exact(answer_check)
    child.sendline("y")
    child.expect_exact("MELANGGAR")
    child.expect_exact("hukuman disiplin berat")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1  # violation found, as `nrules check` says it
    incident = json.loads((tmp_path / "laporan.json").read_text(encoding="utf-8"))
    assert incident["respondent"]["nip"] == "197204151998031005"
    assert incident["respondent"]["role"] == "pns"
    assert incident["event"] == {
        "date_of_act": "2024-10-10",
        "date_known": "2024-10-12",
        "place": "Instagram @cecep.m",
    }
    assert incident["acts"] == [{"type": "social_media.like", "description": "Menyukai unggahan calon nomor urut 1"}]
    assert incident["report"]["received_on"] == "2024-10-14" and incident["assessment_date"] == TODAY
    assert incident["evidence"] == [
        {"kind": "tangkapan_layar", "description": "Daftar akun yang menyukai unggahan", "ref": "bukti-1.png"}
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.json"]


@pytest.mark.parametrize("where", ["middle", "review"])
def test_ctrl_c_leaves_no_file(tmp_path: Path, where: str) -> None:
    child = spawn(tmp_path, "laporan.json")
    answer(child, "Melalui saluran apa laporan diterima?", "temuan")
    answer(child, "Nomor laporan", "")
    answer(child, "Tanggal laporan diterima", "")
    if where == "middle":
        child.expect_exact("Nomor/ID perkara")
        child.expect_exact("> ")
        child.sendintr()
    else:
        answer(child, "Nomor/ID perkara", "X-1")
        answer(child, "Pemilu/pemilihan yang mana?", "pemilu-2024")
        answer(child, "Pemilihan apa yang terkait", "presiden")
        answer(child, "Wilayah", "")
        answer(child, "Apa status Terlapor?", "kepala desa")
        # a village head: the interview asks the local title, not a civil-service position
        for question in ("Nama Terlapor", "NIP (18 angka)", "Jabatan, misalnya", "Sebutan lokal"):
            answer(child, question, "")
        answer(child, "Pangkat/golongan", "")
        answer(child, "Instansi", "")
        answer(child, "Ada Terlapor lain dalam laporan yang sama?", "")
        answer(child, "Kapan peristiwa terjadi?", "5 Januari 2024")
        for question in ("Tanggal peristiwa diketahui", "Tempat kejadian", "Peristiwa dalam satu kalimat"):
            answer(child, question, "")
        answer(child, "Perbuatan 1: apa yang dilakukan Terlapor?", "menghadiri kampanye")
        answer(child, "Tanggal perbuatan ini", "")
        # a kepala desa's attendance: the facts of UU 7/2017 Pasal 490 and of the Pilkada Pasal 71(1) jo. 188
        for question in ("Menggunakan fasilitas negara?", "Mengerahkan PNS lain?", "Mengerahkan masyarakat"):
            answer(child, question, "")
        answer(child, "Memberikan tindakan/dukungan secara aktif?", "tidak tahu")
        answer(child, "Menunjukkan/memperagakan simbol keberpihakan?", "")
        for question in ("Uraian singkat", "Ada perbuatan lain?", "Bukti: jenisnya?", "Saksi: nama", "Uraian kejadian"):
            answer(child, question, "")
        for question in ("Pernahkah Terlapor", "Tanggal pemeriksaan", "Tanggal kajian ini"):
            answer(child, question, "")
        child.expect_exact("[b]atal:")
        child.sendintr()
    child.expect_exact("Dibatalkan; tidak ada berkas yang ditulis.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the model, without a terminal


@pytest.fixture(scope="module")
def interview(durable_engine: Engine) -> Interview:
    return Interview(durable_engine.ruleset, today=dt.date(2024, 10, 23))


def ids(interview: Interview, answers: dict[str, Any]) -> list[str]:
    return [q.id for q in interview.questions(answers)]


def test_questions_branch_on_the_role_and_the_act(interview: Interview) -> None:
    base = {"election.key": "pilkada-2024"}
    pns = ids(interview, {**base, "respondents[0].role": "pns", "acts[0].type": "campaign.attend"})
    assert "respondents[0].position_kind" in pns and "respondents[0].local_title" not in pns
    # attending a campaign: the rules ask about attributes, facilities, mobilising, active support
    assert {"acts[0].party_attributes", "acts[0].civil_servant_attributes", "acts[0].state_facilities"} <= set(pns)
    kades = ids(interview, {**base, "respondents[0].role": "wali_nagari", "acts[0].type": "campaign.attend"})
    assert "respondents[0].local_title" in kades and "respondents[0].position_kind" not in kades
    assert "acts[0].civil_servant_attributes" not in kades  # UU Desa does not ask it
    like = ids(interview, {**base, "respondents[0].role": "pns", "acts[0].type": "social_media.like"})
    assert not [q for q in like if q.startswith("acts[0].") and q.split(".")[1] in interview.rs.vocabulary.modifiers]
    # only the acts the rule set knows for the role are offered: a TNI soldier may not vote, a PNS may
    tni = next(q for q in interview.questions({**base, "respondents[0].role": "tni"}) if q.id == "acts[0].type")
    pns_q = next(q for q in interview.questions({**base, "respondents[0].role": "pns"}) if q.id == "acts[0].type")
    assert "vote.cast" in {c.value for c in tni.choices} and "vote.cast" not in {c.value for c in pns_q.choices}


def test_questions_are_json_with_both_languages_and_plain_definitions(interview: Interview) -> None:
    answers = {"election.key": "pemilu-2024", "respondents[0].role": "pns", "acts[0].type": "photo.with_candidate"}
    for q in interview.questions(answers):
        data = json.loads(json.dumps(q.model_dump()))
        assert data["prompt"]["en"] and data["prompt"]["id"]
    act = next(q for q in interview.questions(answers) if q.id == "acts[0].type")
    attend = next(c for c in act.choices if c.value == "campaign.attend")
    assert attend.definition is not None and "Penjelasan Pasal 5 huruf n angka 1" in attend.definition.id
    photo = next(q for q in interview.questions(answers) if q.id == "acts[0].photo_with")
    assert photo.kind == "multi" and photo.choices[0].label.id == "calon"


def test_a_new_act_type_in_the_rule_set_is_asked_without_a_code_change(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(bundled_rules_path(), rules)
    vocab = rules / "vocabulary.yaml"
    text = vocab.read_text(encoding="utf-8").replace(
        "\nmodifiers:\n",
        "\n  voter.transport:\n"
        '    label: {en: "driving voters to the polling station", id: "mengantar pemilih ke TPS"}\n'
        "    subjects: [asn]\n\nmodifiers:\n",
    )
    vocab.write_text(text, encoding="utf-8")
    iv = Interview(load_ruleset([rules], strict=False))
    q = next(q for q in iv.questions({"respondents[0].role": "pns"}) if q.id == "acts[0].type")
    assert "mengantar pemilih ke TPS" in [c.label.id for c in q.choices]


@pytest.mark.parametrize(
    ("kind_id", "raw", "expected"),
    [
        ("report.received_on", "14-10-2024", "2024-10-14"),
        ("report.received_on", "14 Oktober 2024", "2024-10-14"),
        ("report.received_on", "2024-10-14", "2024-10-14"),
        ("acts[0].party_attributes", "tidak tahu", None),
        ("acts[0].party_attributes", "ya", True),
        ("acts[0].party_attributes", "", NOT_MENTIONED),
        ("respondents[0].id_number", "3273 0112 3456 0001", ["nik", "3273011234560001"]),
    ],
)
def test_answers_are_read_as_people_type_them(interview: Interview, kind_id: str, raw: str, expected: Any) -> None:
    answers = {"election.key": "pilkada-2024", "respondents[0].role": "pns", "acts[0].type": "campaign.attend"}
    q = next(q for q in interview.questions(answers) if q.id == kind_id)
    assert interview.parse(q, raw, "id", answers) == expected


@pytest.mark.parametrize(
    ("kind_id", "raw", "key"),
    [
        ("report.received_on", "2024-13-01", "new.error.not_a_day"),
        ("report.received_on", "kemarin", "new.error.date"),
        ("report.received_on", "30-11-2024", "new.error.future"),
        ("respondents[0].id_number", "12345", "new.error.id_number"),
        ("acts[0].party_attributes", "mungkin", "new.error.yes_no"),
    ],
)
def test_wrong_answers_are_refused_with_the_reason(interview: Interview, kind_id: str, raw: str, key: str) -> None:
    answers = {"election.key": "pilkada-2024", "respondents[0].role": "pns", "acts[0].type": "campaign.attend"}
    q = next(q for q in interview.questions(answers) if q.id == kind_id)
    with pytest.raises(AnswerError) as info:
        interview.parse(q, raw, "id", answers)
    assert info.value.key == key


def test_dates_follow_what_the_incident_format_accepts(interview: Interview) -> None:
    """A month or "tidak tahu" is offered exactly when the incident format takes it (schema 2.0)."""
    q = next(q for q in interview.questions({}) if q.id == "event.date_of_act")
    if interview.can.partial_dates:
        assert interview.parse(q, "Oktober 2024", "id", {}) == "2024-10"
    else:
        with pytest.raises(AnswerError) as info:
            interview.parse(q, "Oktober 2024", "id", {})
        assert info.value.key == "new.error.day_needed"


def test_answers_from_a_file_build_the_incident_nrules_checks(tmp_path: Path, interview: Interview) -> None:
    raw = {
        "report.channel": "temuan",
        "incident_id": "TEMUAN-001",
        "election.key": "pemilu-2024",
        "election.contest": "dpr",
        "respondents[0].role": "pns",
        "respondents[0].position_kind": "pelaksana",
        "respondents[0].government_level": "kabupaten_kota",
        "event.date_of_act": dt.date(2024, 1, 20),
        "acts[0].type": "campaign.attend",
        "acts[0].civil_servant_attributes": True,
        "assessment_date": "2024-02-01",
    }
    answers, problems = from_file(interview, raw, "id")
    assert problems == []
    incident = interview.build_incident(answers)
    assert incident["acts"] == [{"type": "campaign.attend", "civil_servant_attributes": True}]
    path = tmp_path / "answers.yaml"
    path.write_text(json.dumps({k: str(v) if isinstance(v, dt.date) else v for k, v in raw.items()}), encoding="utf-8")
    out = tmp_path / "temuan.json"
    result = CliRunner().invoke(main, ["--lang", "id", "new", str(out), "--answers", str(path), "--check"])
    assert result.exit_code == 1, result.output  # PP 94 Pasal 5 huruf n angka 2: a violation
    assert json.loads(out.read_text(encoding="utf-8"))["incident_id"] == "TEMUAN-001"


def test_a_file_of_answers_reports_every_problem_at_once_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "election.key: pilkada-2024\nelection.contest: bupati\nrespondents[0].role: pns\n"
        "event.date_of_act: 31-02-2024\nacts[0].type: campaign.attend\nacts[0].party_attributes: mungkin\n"
        "acts[0].warna: merah\n",
        encoding="utf-8",
    )
    out = tmp_path / "x.json"
    result = CliRunner().invoke(main, ["--lang", "id", "new", str(out), "--answers", str(path)])
    assert result.exit_code == 2
    assert "event.date_of_act" in result.stderr and "acts[0].party_attributes" in result.stderr
    assert "acts[0].warna" in result.stderr
    assert not out.exists()


def test_the_interview_in_indonesian_has_no_english_and_no_internal_codes(interview: Interview) -> None:
    from .test_officer_language import problems

    found: dict[str, list[str]] = {}
    for role in interview.rs.vocabulary.roles:
        for act in interview.rs.vocabulary.act_types:
            answers = {"election.key": "pilkada-2024", "respondents[0].role": role, "acts[0].type": act}
            for q in interview.questions(answers):
                parts = [q.prompt.id, q.help.id if q.help else "", q.skip_means.id if q.skip_means else ""]
                for c in q.choices:
                    parts += [c.label.id, c.definition.id if c.definition else ""]
                bad = problems(" ".join(parts), interview.rs)
                if bad:
                    found[q.id] = bad
    assert found == {}


def test_changing_the_role_at_the_review_drops_the_questions_that_no_longer_apply(interview: Interview) -> None:
    answers: dict[str, Any] = {
        "election.key": "pilkada-2024",
        "respondents[0].role": "pns",
        "respondents[0].position_kind": "administrator",
        "acts[0].type": "campaign.attend",
        "acts[0].civil_servant_attributes": True,
    }
    answers["respondents[0].role"] = "kepala_desa"
    kept = interview.prune(answers)
    assert "respondents[0].position_kind" not in kept  # PP 94's PyBM does not reach a kepala desa
    assert "acts[0].civil_servant_attributes" not in kept  # UU Desa does not test it
    assert interview.next_question(kept) is not None and interview.next_question(kept).id == "report.channel"  # type: ignore[union-attr]


def test_a_report_as_it_arrives_month_only_phase_only_unknown_fact_two_respondents(tmp_path: Path) -> None:
    """The interview takes what the incident format takes: a month, a phase without a date, "tidak tahu",
    and a second respondent; the saved file gives one verdict per respondent."""
    path = tmp_path / "answers.yaml"
    path.write_text(
        "report.channel: bawaslu_office\nincident_id: BWSL-KAB-021\nelection.key: pemilu-2024\n"
        "election.contest: presiden\nrespondents[0].role: pns\nrespondents[0].name: Budi Santoso\n"
        "respondents[0].position_kind: pengawas\nrespondents[0].government_level: kabupaten_kota\n"
        "respondents[0].more: ya\nrespondents[1].role: kepala desa\nrespondents[1].name: Sukarjo\n"
        "event.date_of_act: November 2023\nevent.date_known: 01-12-2023\nacts[0].type: social_media.share\n"
        "acts[1].type: campaign.attend\nacts[1].date: masa kampanye\nacts[1].active_support: tidak tahu\n"
        "assessment_date: 10-12-2023\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["--lang", "id", "new", str(out), "--answers", str(path), "--check"])
    incident = json.loads(out.read_text(encoding="utf-8"))
    assert incident["event"]["date_of_act"] == "2023-11"
    assert incident["acts"][1] == {"type": "campaign.attend", "phase": "campaign", "active_support": None}
    assert [r["name"] for r in incident["respondents"]] == ["Budi Santoso", "Sukarjo"]
    assert result.exit_code == 1, result.output
    text = " ".join(result.stdout.split())
    assert text.count("MELANGGAR") == 2  # one verdict per respondent
    assert "November 2023" in text and "1 November 2023" not in text  # never the day the engine stood in


def test_a_word_that_fits_several_choices_is_refused_with_their_numbers(interview: Interview) -> None:
    answers = {"election.key": "pilkada-2024", "respondents[0].role": "pns"}
    q = next(q for q in interview.questions(answers) if q.id == "acts[0].type")
    with pytest.raises(AnswerError) as info:
        interview.parse(q, "kampanye", "id", answers)
    assert info.value.key == "new.error.ambiguous" and "," in info.value.message("id")
    role = next(q for q in interview.questions(answers) if q.id == "respondents[0].role")
    assert interview.parse(role, "Wali Nagari", "id", answers) == "wali_nagari"  # a local name, as typed


def test_a_long_list_shows_labels_and_gives_a_definition_on_request(interview: Interview) -> None:
    import io

    from rich.console import Console

    from neutrality_rules.interview.terminal import TerminalInterview

    answers = {"election.key": "pilkada-2024", "respondents[0].role": "pns"}
    q = next(q for q in interview.questions(answers) if q.id == "acts[0].type")
    first = q.choices[0]
    assert len(q.choices) > TerminalInterview.LONG_LIST and first.definition is not None
    console = Console(file=io.StringIO(), width=100, record=True)
    replies = iter(["? 1", "1"])
    value = TerminalInterview(interview, "id", console, read=lambda _prompt: next(replies)).ask(q, answers)
    shown = " ".join(console.export_text().split())
    assert value == first.value
    assert shown.count(" ".join(first.definition.id.split())[:40]) == 1  # only once: on request
