"""Verbatim means verbatim: quotes are checked against the shipped legal texts, and a changed word,
an edited text or a stale OCR correction is reported with its file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from neutrality_rules.api import bundled_rules_path
from neutrality_rules.ruleset.loader import load_ruleset
from neutrality_rules.verify.quotes import QuoteStats, check_quotes, normalise, segments


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(bundled_rules_path(), folder)
    return folder


def problems_of(folder: Path) -> list[str]:
    return [p.render() for p in check_quotes(load_ruleset([folder], strict=False))]


def replace_in(path: Path, old: str, new: str, after: str = "") -> int:
    """Replace the first `old` after `after`; return the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old, text.index(after) if after else 0)
    path.write_text(text[:index] + new + text[index + len(old) :], encoding="utf-8")
    return text.count("\n", 0, index) + 1


def test_every_bundled_quote_is_in_its_source() -> None:
    stats = QuoteStats()
    problems = check_quotes(load_ruleset([bundled_rules_path()]), stats=stats)
    assert [p.render() for p in problems] == []
    assert stats.checked > 300 and stats.texts >= 20


def test_a_changed_word_is_caught_at_its_line(rules_copy: Path) -> None:
    # PP 94 Pasal 5 huruf n angka 5: "menguntungkan atau merugikan" becomes "menguntungkan dan merugikan"
    line = replace_in(
        rules_copy / "sources.yaml", "menguntungkan atau", "menguntungkan dan", after="  pp94-2021.p5.n.5:"
    )
    found = problems_of(rules_copy)
    assert len(found) == 1, found
    # the line of the provision's `text:` key (a folded block starts on the line before the words)
    assert re.search(rf"sources\.yaml:{line - 1}: \[quote-not-verbatim\]", found[0]), (line, found)
    assert "pp94-2021.p5.n.5" in found[0] and "pp-2021-94.md:" in found[0], found


def test_a_quote_replaced_by_other_words_is_caught(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "sources.yaml",
        "Pegawai ASN harus bebas dari pengaruh dan intervensi semua golongan dan partai politik.",
        "Pegawai ASN boleh mendukung calon di media sosial.",
        after="  uu20-2023.p9.2:",
    )
    found = problems_of(rules_copy)
    assert any("[quote-not-verbatim]" in p and "uu20-2023.p9.2" in p for p in found), found


def test_an_edited_primary_text_is_refused(rules_copy: Path) -> None:
    replace_in(rules_copy / "texts" / "primary" / "pp-2004-42.md", "Kode Etik", "Kode  Etik")
    found = problems_of(rules_copy)
    assert any("[text-altered]" in p and "pp-2004-42" in p for p in found), found


def test_an_erratum_that_no_longer_applies_is_reported(rules_copy: Path) -> None:
    manifest = rules_copy / "texts" / "manifest.yaml"
    replace_in(manifest, '"menyalahgunakanwewenang"', '"menyalahgunakanwewenang!"')
    found = problems_of(rules_copy)
    assert any("[erratum-stale]" in p and "manifest.yaml" in p for p in found), found
    # and the quote it corrected is no longer found
    assert any("pp94-2021.p5.a" in p for p in found), found


def test_a_paraphrase_may_not_claim_a_verbatim_mark(rules_copy: Path) -> None:
    text = (rules_copy / "sources.yaml").read_text(encoding="utf-8")
    start = text.index("  mk41-2014.amar:")
    end = text.index("    confidence:", start)
    line_end = text.index("\n", end)
    text = text[:end] + '    confidence: "VV"' + text[line_end:]
    (rules_copy / "sources.yaml").write_text(text, encoding="utf-8")
    found = problems_of(rules_copy)
    assert any("[quote-confidence]" in p and "mk41-2014.amar" in p for p in found), found


def test_a_quote_whose_source_ships_no_text_is_reported(rules_copy: Path) -> None:
    replace_in(
        rules_copy / "sources.yaml",
        'source: "data-peraturan:pp/2004/42.md"',
        'source: "https://example.org/not-shipped"',
    )
    found = problems_of(rules_copy)
    assert any("[quote-unsourced]" in p for p in found), found


def test_normalisation_is_white_space_and_hyphenation_only() -> None:
    assert normalise("peraturan perundang-\n undangan") == normalise("peraturan perundang-undangan")
    assert normalise("peraturan perundangundangan") == normalise("peraturan  perundang-undangan")
    assert normalise("Undang- Undang  Dasar") == normalise("Undang-Undang Dasar")
    assert normalise("hukuman disiplin berat") != normalise("hukuman disiplin sedang")
    assert normalise("dan/atau") != normalise("dan atau")
    assert normalise("Rakyat") != normalise("rakyat")


def test_elisions_and_editorial_brackets_split_a_quote() -> None:
    assert segments("Pasal 5 ... huruf n [sic] angka 1 … dan") == ["Pasal 5", "huruf n", "angka 1", "dan"]
    assert segments("[U]ntuk menyamakan") == ["ntuk menyamakan"]


def test_another_items_words_are_caught_where_they_stand(rules_copy: Path) -> None:
    # PP 94 Pasal 5 huruf n angka 1 quoting the words of angka 2: both are in the text, in the wrong place
    text = (rules_copy / "sources.yaml").read_text(encoding="utf-8")
    start = text.index("  pp94-2021.p5.n.1:")
    body = text.index('    text: "ikut kampanye;"', start)
    line = text.count("\n", 0, body) + 1
    text = text.replace(
        '    text: "ikut kampanye;"',
        '    text: "menjadi peserta kampanye dengan menggunakan atribut partai atau atribut PNS;"',
        1,
    )
    (rules_copy / "sources.yaml").write_text(text, encoding="utf-8")
    found = problems_of(rules_copy)
    assert len(found) == 1 and f"sources.yaml:{line}: [quote-misplaced]" in found[0], found
    assert "pp94-2021.p5.n.1" in found[0] and "angka 1" in found[0], found


def test_the_place_of_a_quote_is_read_from_its_article() -> None:
    from neutrality_rules.verify.quotes import place

    angka = place("Pasal 5 huruf n angka 5")
    assert angka is not None and angka.pasal == "5" and angka.pattern.search("dengan cara: 4. x; 5. ")
    assert not angka.pattern.search("dengan cara: 4. ")
    amended = place("Pasal I angka 27 (Pasal 71 ayat (3))")
    assert amended is not None and amended.pasal == "71" and amended.pattern.search("tertulis dari Menteri. (3) ")
    remark = place("Pasal 134 ayat (5) (as amended by Pasal I angka 81)")
    assert remark is not None and remark.pattern.search("Pemilihan. (5) ") and not remark.pattern.search("81. ")
    assert place("Penjelasan Pasal 2 huruf f") is not None and place("Penjelasan Pasal 2 huruf f").penjelasan  # type: ignore[union-attr]
    assert place("Lampiran II, jenis pelanggaran disiplin angka 6 (D6)").pattern.search("## D6 ")  # type: ignore[union-attr]
    assert place("Penutup") is None
