"""The letter the officer sends: opened with python-docx as its reader would open it, and in Markdown.

What a reader of a real letter looks for: the heading (Nomor, Sifat, Lampiran, Hal), the addressee, the
legal basis, the parties with the report number and the reporter, the chronology from the report, the
evidence, the provisions quoted verbatim, the recommendation in the words of the trade, the deadlines,
the signature block; never a rule id or confidence code unless asked.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document

from neutrality_rules import Engine
from neutrality_rules.cli import main
from neutrality_rules.errors import NrulesError
from neutrality_rules.inputs import to_incident
from neutrality_rules.render.docx import default_template
from neutrality_rules.render.letter import Office, build_letters, render_letter
from neutrality_rules.render.letter_md import letters_to_markdown

from .conftest import ROOT
from .test_officer_language import case_incidents, problems

DAY = dt.date(2024, 10, 23)


def example(name: str = "like-after-determination") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "examples" / f"{name}.json").read_text(encoding="utf-8"))
    return data


def docx_text(data: bytes) -> str:
    """Every paragraph of the document: header (letterhead), body and table cells, in order."""
    doc = Document(io.BytesIO(data))
    lines: list[str] = []
    for section in doc.sections:
        for header in (section.first_page_header, section.header):
            lines.extend(p.text for p in header.paragraphs)
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                        for cell in row
                        if cell.tag.endswith("}tc")
                    ]
                    lines.append(" ".join(cells))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(backend="reference")


def letter(engine: Engine, data: dict[str, Any], fmt: str = "docx", **kwargs: Any) -> bytes:
    inc = to_incident(data)
    return render_letter(engine.check(inc), inc, "id", fmt, ruleset=engine.ruleset, letter_date=DAY, **kwargs)  # type: ignore[arg-type]


def test_bawaslu_letter_to_bkn_has_every_part_of_a_real_one(engine: Engine) -> None:
    text = docx_text(letter(engine, example()))
    flat = " ".join(text.split())
    # letterhead, place and date, heading block
    assert "BADAN PENGAWAS PEMILIHAN UMUM KOTA SUKABUMI" in text
    assert "Sukabumi, 23 Oktober 2024" in flat
    for label in ("Nomor :", "Sifat : Segera", "Lampiran : 1 (satu) berkas"):
        assert label in flat
    assert "Hal : Penerusan Dugaan Pelanggaran Netralitas Aparatur Sipil Negara" in flat
    # the addressee: KASN's neutrality function passed to BKN on 24 August 2024 (Perpres 92/2024)
    assert "Kepala Badan Kepegawaian Negara" in flat and "Deputi Bidang Pengawasan dan Pengendalian" in flat
    # the report (Formulir Model B.1): number, reporter, respondent, narrative, evidence
    assert "017/Reg/LP/PW/Kota/13.08/X/2024" in flat and "14 Oktober 2024" in flat
    assert "Pelapor" in flat and "Rahmat Sudrajat" in flat
    assert "Terlapor" in flat and "Drs. Cecep Mulyana" in flat and "197204151998031005" in flat
    assert "Dalam klarifikasi, terlapor membenarkan akun tersebut miliknya." in flat
    assert "Tangkapan layar" in flat
    # analysis with the provisions quoted verbatim, from the rule set's sources
    assert "Pegawai ASN harus bebas dari pengaruh dan intervensi semua golongan dan partai politik." in flat
    assert "PP 94/2021 Pasal 14 huruf i angka 3" in flat
    # conclusion and recommendation in the words of the trade, and the time limits
    assert "memenuhi unsur dugaan pelanggaran netralitas" in flat
    assert "dijatuhkan hukuman disiplin berat" in flat
    assert "paling lambat 19 Oktober 2024" in flat
    assert "Ketua Bawaslu Kota Sukabumi" in flat
    # nothing internal, nothing in ISO form
    assert not re.search(r"\bpns\.skb2022|\[(VV|VQ|PS|U)\]|\b\d{4}-\d{2}-\d{2}\b", text)


def test_bkn_recommendation_asks_the_ppk_and_sets_the_follow_up_deadline(engine: Engine) -> None:
    flat = " ".join(docx_text(letter(engine, example(), office=Office(sender="bkn"))).split())
    assert "Hal : Rekomendasi atas Pelanggaran Netralitas Aparatur Sipil Negara" in flat
    assert "Pejabat Pembina Kepegawaian instansi Terlapor (Pemerintah Kota Sukabumi)" in flat
    assert "terbukti melanggar netralitas Aparatur Sipil Negara" in flat
    assert "Meminta kepada Pejabat Pembina Kepegawaian" in flat and "menjatuhkan hukuman disiplin berat" in flat
    # the KASN/BKN practice: report the follow-up with documentation within 14 working days
    assert "dokumentasinya kepada BKN dalam jangka waktu 14 hari kerja" in flat
    assert "Jakarta, 23 Oktober 2024" in flat


def test_two_tracks_give_two_letters_each_on_its_own_page_with_the_letterhead(engine: Engine) -> None:
    data = next(d for cid, d in case_incidents() if cid == "village-kades-gesture-photo-pilkada-2018-rc007")
    raw = letter(engine, data)
    doc = Document(io.BytesIO(raw))
    assert len(doc.sections) == 2
    assert all(s.different_first_page_header_footer for s in doc.sections)
    flat = " ".join(docx_text(raw).split())
    assert "Yth. Bupati/Wali Kota" in flat
    assert "Sentra Penegakan Hukum Terpadu (Gakkumdu)" in flat
    assert "Penerusan Dugaan Tindak Pidana Pemilu/Pemilihan" in flat
    assert "pidana penjara paling singkat 1 (satu) bulan" in flat  # UU 1/2015 Pasal 188


def test_a_regional_office_replaces_the_template_without_code(engine: Engine, tmp_path: Path) -> None:
    """A template is any .docx with the tags: here a letterhead of its own and a reduced body."""
    from docx import Document as New

    doc = New()
    doc.sections[0].header.paragraphs[0].text = "PANITIA PENGAWAS PEMILU KECAMATAN CIKOLE"
    doc.add_paragraph("Hal: {{ l.subject }}")
    doc.add_paragraph("{%p for a in l.analysis %}")
    doc.add_paragraph("{{ a.heading }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ l.signatory_title }}")
    path = tmp_path / "kop-panwascam.docx"
    doc.save(str(path))
    office = Office(signatory_title="Ketua Panwaslu Kecamatan Cikole", template=str(path))
    text = docx_text(letter(engine, example(), office=office))
    assert "PANITIA PENGAWAS PEMILU KECAMATAN CIKOLE" in text
    assert "Hal: Penerusan Dugaan Pelanggaran Netralitas Aparatur Sipil Negara" in text
    assert "Tindakan 1: Membuat posting" in text and "Ketua Panwaslu Kecamatan Cikole" in text


def test_internal_review_shows_rule_ids_and_confidence_codes(engine: Engine) -> None:
    text = docx_text(letter(engine, example(), internal=True))
    assert "pns.skb2022.d6.engagement-calon" in text and "[VQ]" in text
    assert "skb2022_annex_not_verbatim" in text  # the rule set's doubts, for internal review


def test_office_profile_fills_the_signature_and_copies(engine: Engine, tmp_path: Path) -> None:
    profile = tmp_path / "kantor.yaml"
    profile.write_text(
        "name: Badan Pengawas Pemilihan Umum Kota Sukabumi\n"
        "short_name: Bawaslu Kota Sukabumi\n"
        "address: Jl. Veteran No. 1, Sukabumi\n"
        "city: Sukabumi\n"
        "signatory_title: Ketua Bawaslu Kota Sukabumi\n"
        "signatory_name: Contoh Nama, S.H.\n"
        "number: 123/PP.01/K.JB-13/10/2024\n"
        "tembusan: [Ketua Bawaslu Provinsi Jawa Barat, Pj. Wali Kota Sukabumi]\n",
        encoding="utf-8",
    )
    flat = " ".join(docx_text(letter(engine, example(), office=Office.load(profile))).split())
    assert "Nomor : 123/PP.01/K.JB-13/10/2024" in flat and "Contoh Nama, S.H." in flat
    assert "Tembusan:" in flat and "Ketua Bawaslu Provinsi Jawa Barat" in flat
    assert "Jl. Veteran No. 1, Sukabumi" in flat


def test_a_bad_office_profile_is_one_clear_error(tmp_path: Path) -> None:
    profile = tmp_path / "kantor.yaml"
    profile.write_text("nama: salah\n", encoding="utf-8")
    with pytest.raises(NrulesError) as info:
        Office.load(profile)
    assert str(profile) in info.value.render("id") and "profil kantor" in info.value.render("id")


def test_not_determinable_letter_asks_for_clarification_and_quotes_what_must_be_proven(engine: Engine) -> None:
    flat = " ".join(letter(engine, example("photo-intent-unknown"), "md").decode().split())
    assert "Hal: **Kajian Laporan: Fakta yang Perlu Diklarifikasi**" in flat
    assert "Belum terbukti: dengan tujuan memberikan dukungan" in flat
    assert "Melakukan klarifikasi" in flat
    assert "Lampiran II, jenis pelanggaran disiplin angka 7 (D7)" in flat  # the provision it would fall under


def test_a_late_report_is_noted_in_the_letter(engine: Engine) -> None:
    data = example()
    data["report"]["received_on"] = "2024-10-25"
    flat = " ".join(letter(engine, data, "md").decode().split())
    assert "terlambat 6 hari" in flat and "tidak memenuhi syarat formal" in flat


def test_letters_in_indonesian_have_no_english_and_no_internal_codes(engine: Engine) -> None:
    failures = {}
    for case_id, data in case_incidents():
        try:
            inc = to_incident(data)
            verdict = engine.check(inc)
        except NrulesError:
            continue
        letters = build_letters(verdict, inc, "id", ruleset=engine.ruleset, letter_date=DAY)
        prose = re.sub(r"<[^>]+>", " ", letters_to_markdown(letters))  # the page-break markup is not prose
        found = problems(prose, engine.ruleset, data=data)
        if found:
            failures[case_id] = found
    assert failures == {}


def test_check_writes_the_letter_and_keeps_the_verdict_exit_code(tmp_path: Path) -> None:
    out = tmp_path / "surat.docx"
    result = CliRunner().invoke(
        main,
        ["check", "--format", "docx", "-o", str(out), str(ROOT / "examples" / "like-after-determination.json")],
    )
    assert result.exit_code == 1, result.output
    assert "Penerusan Dugaan Pelanggaran Netralitas" in docx_text(out.read_bytes())  # Indonesian by default
    md = CliRunner().invoke(main, ["check", "--format", "md", str(ROOT / "examples" / "like-after-determination.json")])
    assert md.exit_code == 1 and "### 5. Analisis" in md.stdout
    en = CliRunner().invoke(
        main, ["--lang", "en", "check", "--format", "md", str(ROOT / "examples" / "like-after-determination.json")]
    )
    assert "### 5. Analysis" in en.stdout  # English only when asked


def test_the_shipped_template_can_be_exported_and_used(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "t.docx"
    result = CliRunner().invoke(main, ["letter-template", str(out)])
    assert result.exit_code == 0 and out.read_bytes() == default_template().read_bytes()
    text = docx_text(letter(engine, example(), template=out))
    assert "Drs. Cecep Mulyana" in text


def test_a_certain_floor_is_recommended_as_at_least_and_the_deciding_facts_are_named(engine: Engine) -> None:
    """A like "in November 2023": before 13 November it is kode etik (SKB 2022 KE4), from that day a
    disciplinary violation (D6). The letter recommends what is certain and names what decides the rest."""
    data = example()
    data["election"] = {"key": "pemilu-2024", "contest": "presiden"}
    data["event"] = {"date_of_act": "2023-11", "date_known": "2023-12-01"}
    data["report"]["received_on"] = "2023-12-04"
    data["assessment_date"] = "2023-12-10"
    flat = " ".join(letter(engine, data, "md").decode().split())
    assert "sekurang-kurangnya sanksi moral" in flat
    assert "Belum terbukti: tanggal perbuatan" in flat
    assert "apabila sebelum 13 November 2023" in flat and "apabila sejak 13 November 2023" in flat


def test_each_respondent_of_a_report_gets_their_own_letter_file(tmp_path: Path) -> None:
    data = example()
    first = data.pop("respondent")
    data["respondents"] = [first, {"role": "kepala_desa", "name": "Sukarjo", "jabatan": "Kepala Desa Sukamaju"}]
    source = tmp_path / "dua.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "surat.docx"
    result = CliRunner().invoke(main, ["check", "--format", "docx", "-o", str(out), str(source)])
    assert result.exit_code == 1, result.output
    one, two = docx_text((tmp_path / "surat-1.docx").read_bytes()), docx_text((tmp_path / "surat-2.docx").read_bytes())
    assert "Drs. Cecep Mulyana" in one and "Kepala Badan Kepegawaian Negara" in one
    # liking a post is not read as campaigning by a kepala desa (UU 6/2014 Pasal 29 j): a notice of status
    assert "Sukarjo" in two and "Pemberitahuan Status Laporan" in two
