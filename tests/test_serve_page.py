"""The officer page in a real browser: Debian's chromium, headless, driven by playwright, against a
real `nrules serve` process. An officer records a report the way Formulir Model B.1 asks for it,
reads the verdict, opens the reasoning with the keyboard and downloads the letter.

The expected outcome comes from the law, not from nrules' output: a PNS attending a Pemilu campaign
in service uniform breaks PP 94/2021 Pasal 5 huruf n angka 2, for which Pasal 13 huruf g prescribes
hukuman disiplin sedang.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from .serve_support import running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

if not Path(CHROMIUM).exists():  # CI installs it (.ci/run); elsewhere the test says why it did not run
    if os.environ.get("CI"):
        raise RuntimeError("chromium is not installed: .ci/run installs it with apt-get")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server("--backend", "reference") as url:
        yield url


@pytest.fixture()
def page(tmp_path: Path) -> Iterator[object]:
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh profile per test
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            accept_downloads=True,
            locale="id-ID",
            viewport={"width": 1280, "height": 900},
        )
        errors: list[str] = []
        pg = context.new_page()
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            yield pg
        finally:
            context.close()
        assert errors == [], errors


def field(pg, qid: str):  # type: ignore[no-untyped-def]
    """The control of a question of the interview (it appears when the answers so far lead to it)."""
    return pg.locator(f'[data-qid="{qid}"]').locator("input, select, textarea").first


def error_of(pg, qid: str):  # type: ignore[no-untyped-def]
    return pg.locator(f'[data-qid="{qid}"] .field-error')


def tri(pg, qid: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    """Answer a yes/no circumstance: 'ya', 'tidak', 'unknown' (not known yet), '' (not stated)."""
    pg.locator(f'[data-qid="{qid}"] input[value="{answer}"]').check()


def test_an_officer_records_a_report_reads_the_verdict_and_downloads_the_letter(server: str, page) -> None:  # type: ignore[no-untyped-def]
    pg = page
    pg.goto(server + "/")
    pg.wait_for_selector("#report:not([hidden])")
    assert pg.locator("html").get_attribute("lang") == "id"  # the browser asks for Indonesian
    assert pg.get_by_role("group", name="2. Identitas Terlapor").is_visible()

    field(pg, "report.channel").select_option("sigaplapor")
    field(pg, "report.number").fill("042/PL/PW/Kota/02.01/I/2024")
    field(pg, "report.received_on").fill("2024-01-23")
    field(pg, "report.reporter.name").fill("Rini Pakpahan")
    field(pg, "report.reporter.occupation").fill("Mahasiswa")
    field(pg, "incident_id").fill("BWSL-KOTA-MDN-2024-042")

    field(pg, "election.key").select_option("pemilu-2024")
    field(pg, "election.contest").select_option("dpr")  # the contests of the chosen election
    field(pg, "election.region").fill("Dapil Sumatera Utara I")

    field(pg, "respondents[0].role").select_option("pns")
    field(pg, "respondents[0].name").fill("Hotman Siregar")
    nip = field(pg, "respondents[0].id_number")
    nip.fill("19810612200901100")  # 17 digits: the page objects while the officer types
    expect(error_of(pg, "respondents[0].id_number")).to_contain_text("18 angka")
    expect(nip).to_have_attribute("aria-invalid", "true")
    nip.press("End")
    nip.type("3")
    expect(error_of(pg, "respondents[0].id_number")).to_have_text("")
    field(pg, "respondents[0].jabatan").fill("Pengadministrasi Perkantoran")
    field(pg, "respondents[0].position_kind").select_option("pelaksana")  # asked because the role is a PNS
    field(pg, "respondents[0].government_level").select_option("kabupaten_kota")
    field(pg, "respondents[0].golongan").fill("II/c")
    field(pg, "respondents[0].instansi").fill("Kantor Kecamatan Medan Tuntungan, Pemerintah Kota Medan")

    date = field(pg, "event.date_of_act")
    date.fill("20-01-2019")  # outside the Pemilu 2024 calendar: said at once
    expect(error_of(pg, "event.date_of_act")).to_contain_text("jadwal")
    date.fill("20 Januari 2024")  # written as people write it
    expect(error_of(pg, "event.date_of_act")).to_have_text("")
    field(pg, "event.date_known").fill("2024-01-21")
    field(pg, "event.place").fill("Lapangan Merdeka, Kota Medan")
    field(pg, "event.description").fill("Kampanye rapat umum calon anggota DPR Dapil Sumut I.")

    field(pg, "acts[0].type").select_option("campaign.attend")
    tri(pg, "acts[0].civil_servant_attributes", "ya")  # asked because a rule for this act tests it
    field(pg, "acts[0].description").fill("Hadir sebagai peserta kampanye memakai seragam dinas harian (PDH).")

    field(pg, "evidence[0].kind").select_option("video")
    field(pg, "evidence[0].description").fill("Video 45 detik dari tribun, terlapor berseragam PDH")
    field(pg, "witnesses[0].name").fill("Sahat Manurung")
    field(pg, "narrative").fill(
        "Pada Sabtu, 20 Januari 2024, dalam masa kampanye Pemilu 2024, terlapor terlihat di antara peserta "
        "kampanye rapat umum di Lapangan Merdeka, Medan, mengenakan seragam dinas harian Pemko Medan."
    )
    field(pg, "assessment_date").fill("2024-02-20")

    pg.get_by_role("button", name="Periksa").click()
    verdict = pg.locator("#verdict")
    verdict.wait_for(state="visible")
    assert pg.evaluate("document.activeElement.id") == "verdict"  # focus moves to the result
    assert pg.locator(".verdict").get_attribute("data-status") == "violation"
    assert pg.locator(".verdict .badge").inner_text() == "MELANGGAR"
    assert "hukuman disiplin sedang" in pg.locator(".verdict .headline").inner_text().lower()

    # the full reasoning is one keypress away, and quotes the provision
    reasoning = pg.locator("details.reasoning")
    assert not reasoning.evaluate("d => d.open")
    pg.locator("details.reasoning > summary").focus()
    pg.keyboard.press("Enter")
    assert reasoning.evaluate("d => d.open")
    text = reasoning.inner_text()
    assert "Pasal 5" in text and "PP 94" in text

    with pg.expect_download() as info:
        pg.get_by_role("button", name="Unduh surat (Word)").click()
    letter = info.value
    assert letter.suggested_filename == "BWSL-KOTA-MDN-2024-042.docx"
    document = docx.Document(letter.path())
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Hotman Siregar" in text and "hukuman disiplin sedang" in text.lower()

    with pg.expect_download() as info:
        pg.get_by_role("button", name="Unduh surat (Markdown)").click()
    as_text = info.value
    assert as_text.suggested_filename == "BWSL-KOTA-MDN-2024-042.md"
    markdown = Path(as_text.path()).read_text(encoding="utf-8")
    assert "Hotman Siregar" in markdown and "hukuman disiplin sedang" in markdown.lower()

    # the same verdict in English, without asking the server again
    pg.get_by_role("button", name="English").click()
    assert pg.locator(".verdict .badge").inner_text() == "VIOLATION"
    assert pg.locator("html").get_attribute("lang") == "en"


def test_another_act_opens_its_own_questions_and_not_known_yet_shows_each_outcome(server: str, page) -> None:  # type: ignore[no-untyped-def]
    pg = page
    pg.goto(server + "/")
    pg.wait_for_selector("#report:not([hidden])")
    field(pg, "respondents[0].role").select_option("pns")
    field(pg, "acts[0].type").select_option("photo.with_candidate")
    expect(pg.locator('[data-qid="acts[1].type"]')).to_have_count(0)
    tri(pg, "acts[0].more", "ya")
    expect(pg.locator('[data-qid="acts[1].type"]')).to_have_count(1)
    field(pg, "acts[1].type").select_option("social_media.like")
    # a circumstance the report alleges but has not established: "not known yet"
    tri(pg, "acts[0].intent_to_support", "unknown")
    tri(pg, "acts[0].more", "tidak")
    expect(pg.locator('[data-qid="acts[1].type"]')).to_have_count(0)

    # with the aim left open, the page shows what each answer would lead to (SKB 2022 row D7: a photo
    # with a candidate *to support* them, after determination, is a severe disciplinary breach)
    field(pg, "election.key").select_option("pilkada-2024")
    field(pg, "election.contest").select_option("bupati")
    field(pg, "event.date_of_act").fill("08-10-2024")
    pg.locator('[data-qid="acts[0].photo_with"] input[value="candidate"]').check()
    tri(pg, "acts[0].partisan_symbol", "tidak")
    tri(pg, "acts[0].public", "ya")
    field(pg, "assessment_date").fill("2024-10-29")
    pg.get_by_role("button", name="Periksa").click()
    pg.locator("#verdict").wait_for(state="visible")
    assert pg.locator(".verdict").get_attribute("data-status") == "not_determinable"
    assert pg.locator(".verdict .badge").inner_text() == "BELUM DAPAT DITENTUKAN"
    outcomes = pg.locator(".verdict .scenarios li").all_inner_texts()
    assert any(o.startswith("tidak ada pelanggaran jika") and o.endswith("= tidak") for o in outcomes), outcomes
    assert any(o.startswith("hukuman disiplin berat jika") and o.endswith("= ya") for o in outcomes), outcomes


def test_the_form_is_usable_by_keyboard_and_says_what_is_missing(server: str, page) -> None:  # type: ignore[no-untyped-def]
    pg = page
    pg.goto(server + "/")
    pg.wait_for_selector("#report:not([hidden])")
    pg.keyboard.press("Tab")  # the skip link comes first
    assert pg.evaluate("document.activeElement.className") == "skip"
    pg.keyboard.press("Enter")
    pg.keyboard.press("Tab")  # then the questions in the interview's order
    assert pg.evaluate("document.activeElement.closest('[data-qid]').dataset.qid") == "report.channel"
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.closest('[data-qid]').dataset.qid") == "report.number"

    pg.get_by_role("button", name="Periksa").press("Enter")  # nothing chosen yet
    summary = pg.locator("#error-summary")
    summary.wait_for(state="visible")
    assert pg.evaluate("document.activeElement.id") == "error-summary"
    items = summary.locator("li").all_inner_texts()
    assert any("Pemilu" in i or "pemilihan" in i.lower() for i in items), items
    assert any("Terlapor" in i for i in items), items
    assert pg.locator("#verdict").is_hidden()
    # following the first link puts the cursor in that field
    summary.locator("a").first.focus()
    pg.keyboard.press("Enter")
    assert pg.evaluate("document.activeElement.tagName") in ("SELECT", "INPUT")
