"""Build the default letter template (neutrality_rules/render/templates/surat.docx).

The template is a Word document with Jinja tags (docxtpl): a regional office opens it in Word or
LibreOffice, puts its own letterhead (logo, address) in the page header, changes fonts or fixed wording,
keeps the {{ ... }} and {%p ... %} tags, and points nrules at it (`--template` or `template:` in the
office profile). This script only exists to regenerate the default; run it after changing the layout:

    .venv/bin/python tools/build_letter_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

OUT = Path(__file__).resolve().parent.parent / "neutrality_rules" / "render" / "templates" / "surat.docx"
FONT = "Arial"


def _style(
    doc: Document,
    name: str,
    *,
    base: str = "Normal",
    bold: bool = False,
    italic: bool = False,
    size: float = 11,
    align: WD_ALIGN_PARAGRAPH | None = None,
    left: float = 0,
    first: float = 0,
    before: float = 0,
    after: float = 4,
) -> None:
    style = doc.styles.add_style(name, 1)
    style.base_style = doc.styles[base]
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.left_indent = Cm(left)
    fmt.first_line_indent = Cm(first)
    fmt.line_spacing = 1.15
    if align is not None:
        fmt.alignment = align


def _p(doc: Document, text: str, style: str = "Surat Isi") -> Paragraph:
    return doc.add_paragraph(text, style=style)


def _bottom_border(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "thick"), ("w:sz", "18"), ("w:space", "4"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _no_borders(table: object) -> None:
    tbl = table._tbl  # type: ignore[attr-defined]
    tblpr = tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _field_table(
    doc: Document, rows: list[tuple[str, str]], widths: tuple[float, float, float], loop: tuple[str, str] | None = None
) -> None:
    """Label : value rows without borders; `loop` makes the middle row a {%tr for %} row."""
    n = len(rows) + (2 if loop else 0)
    table = doc.add_table(rows=n, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _no_borders(table)
    cells_rows = list(table.rows)
    index = 0
    if loop:
        cells_rows[0].cells[0].text = loop[0]
        index = 1
    for label, value in rows:
        cells = cells_rows[index].cells
        cells[0].text, cells[1].text, cells[2].text = label, ":", value
        index += 1
    if loop:
        cells_rows[index].cells[0].text = loop[1]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
            for para in cell.paragraphs:
                para.style = doc.styles["Surat Tabel"]


def build(path: Path = OUT) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = Cm(1.0)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    _style(doc, "Surat Isi", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, "Surat Paragraf", align=WD_ALIGN_PARAGRAPH.JUSTIFY, first=1.25)
    _style(doc, "Surat Judul Bagian", bold=True, before=8, after=4)
    _style(doc, "Surat Subjudul", bold=True, left=0.6, before=4)
    _style(doc, "Surat Butir", align=WD_ALIGN_PARAGRAPH.JUSTIFY, left=1.2, first=-0.6)
    _style(doc, "Surat Butir Dalam", align=WD_ALIGN_PARAGRAPH.JUSTIFY, left=1.8, first=-0.6)
    _style(doc, "Surat Kutipan", italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, left=1.8, size=10.5)
    _style(doc, "Surat Tabel", after=0)
    _style(doc, "Surat Kop", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _style(doc, "Surat Kop Alamat", size=9, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _style(doc, "Surat Tanda Tangan", left=9.0, after=0)
    doc.styles["Surat Tanda Tangan"].paragraph_format.keep_with_next = True
    doc.styles["Surat Judul Bagian"].paragraph_format.keep_with_next = True
    doc.styles["Surat Subjudul"].paragraph_format.keep_with_next = True
    _style(doc, "Surat Kecil", size=8.5, after=0)

    # the letterhead (kop surat), on the first page only: an office replaces this header with its own
    section.different_first_page_header_footer = True
    header = section.first_page_header
    kop = header.paragraphs[0]
    kop.text = "{{ l.sender_name|upper }}"
    kop.style = doc.styles["Surat Kop"]
    address = header.add_paragraph(
        "{{ l.sender_address }}{% if l.sender_address and l.sender_contact %} · {% endif %}{{ l.sender_contact }}",
        style="Surat Kop Alamat",
    )
    _bottom_border(address)

    date = _p(doc, "{{ l.city }}, {{ l.date }}")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _field_table(
        doc,
        [
            ("{{ l.headings.number }}", "{{ l.number }}"),
            ("{{ l.headings.nature }}", "{{ l.nature }}"),
            ("{{ l.headings.attachment }}", "{{ l.attachment }}"),
            ("{{ l.headings.subject }}", "{{ l.subject }}"),
        ],
        (2.5, 0.5, 13.0),
    )
    _p(doc, "")
    _p(doc, "{{ l.headings.to }}")
    _p(doc, "{%p for line in l.addressee %}")
    _p(doc, "{{ line }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "{{ l.headings.seat_prefix }}")
    seat = _p(doc, "{{ l.seat }}")
    seat.paragraph_format.left_indent = Cm(1.0)
    _p(doc, "")
    _p(doc, "{{ l.opening }}", "Surat Paragraf")

    # 1. legal basis
    _p(doc, "{%p if l.basis %}")
    _p(doc, "{{ n.basis }}. {{ l.headings.basis }}", "Surat Judul Bagian")
    _p(doc, "{%p for item in l.basis %}")
    _p(doc, "{{ abc[loop.index0] }}.\t{{ item }};", "Surat Butir")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")

    # 2. the parties
    _p(doc, "{{ n.parties }}. {{ l.headings.parties }}", "Surat Judul Bagian")
    _p(doc, "{%p for party in l.parties %}")
    _p(doc, "{{ party.title }}", "Surat Subjudul")
    _field_table(
        doc,
        [("{{ row.label }}", "{{ row.value }}")],
        (4.0, 0.5, 11.5),
        loop=("{%tr for row in party.rows %}", "{%tr endfor %}"),
    )
    _p(doc, "{%p endfor %}")

    # 3. chronology (uraian kejadian)
    _p(doc, "{{ n.chronology }}. {{ l.headings.chronology }}", "Surat Judul Bagian")
    _p(doc, "{%p for para in l.chronology %}")
    _p(doc, "{{ para }}", "Surat Paragraf")
    _p(doc, "{%p endfor %}")

    # 4. facts and evidence
    _p(doc, "{%p if l.evidence or l.witnesses %}")
    _p(doc, "{{ n.evidence }}. {{ l.headings.evidence }}", "Surat Judul Bagian")
    _p(doc, "{%p for item in l.evidence %}")
    _p(doc, "{{ abc[loop.index0] }}.\t{{ item }};", "Surat Butir")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if l.witnesses %}")
    _p(doc, "{{ l.headings.witnesses }}: {{ l.witnesses|join('; ') }}.", "Surat Isi")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p endif %}")

    # 5. analysis, provisions quoted
    _p(doc, "{{ n.analysis }}. {{ l.headings.analysis }}", "Surat Judul Bagian")
    _p(doc, "{%p for a in l.analysis %}")
    _p(doc, "{{ abc[loop.index0] }}. {{ a.heading }}", "Surat Subjudul")
    _p(doc, "{%p for para in a.paragraphs %}")
    para = _p(doc, "{{ para }}", "Surat Paragraf")
    para.paragraph_format.left_indent = Cm(0.6)
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if a.facts %}")
    lead = _p(doc, "{{ l.headings.deciding_facts }}:", "Surat Isi")
    lead.paragraph_format.left_indent = Cm(0.6)
    _p(doc, "{%p for fact in a.facts %}")
    _p(doc, "-\t{{ fact }};", "Surat Butir")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if a.quotes %}")
    lead = _p(doc, "{{ l.headings.provisions }}:", "Surat Isi")
    lead.paragraph_format.left_indent = Cm(0.6)
    _p(doc, "{%p for q in a.quotes %}")
    quote = doc.add_paragraph(style="Surat Kutipan")
    cite_run = quote.add_run("{{ q.cite }}: ")
    cite_run.italic = False
    cite_run.bold = True
    quote.add_run("“{% if q.lead_in %}{{ q.lead_in }} … {% endif %}{{ q.text }}”")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p endfor %}")

    # 6. conclusion, 7. recommendation, 8. deadlines, 9. notes
    _p(doc, "{{ n.conclusion }}. {{ l.headings.conclusion }}", "Surat Judul Bagian")
    _p(doc, "{{ l.conclusion }}", "Surat Paragraf")
    _p(doc, "{%p if l.recommendations %}")
    _p(doc, "{{ n.recommendation }}. {{ l.headings.recommendation }}", "Surat Judul Bagian")
    _p(doc, "{%p for rec in l.recommendations %}")
    _p(doc, "{{ abc[loop.index0] }}.\t{{ rec }}", "Surat Butir")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if l.deadlines %}")
    _p(doc, "{{ n.deadlines }}. {{ l.headings.deadlines }}", "Surat Judul Bagian")
    _p(doc, "{%p for d in l.deadlines %}")
    _p(doc, "-\t{{ d }};", "Surat Butir")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")
    _p(doc, "{%p if l.notes %}")
    _p(doc, "{{ n.notes }}. {{ l.headings.notes }}", "Surat Judul Bagian")
    _p(doc, "{%p for note in l.notes %}")
    _p(doc, "-\t{{ note }}", "Surat Butir")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")

    _p(doc, "")
    closing = _p(doc, "{{ l.closing }}", "Surat Paragraf")
    closing.paragraph_format.keep_with_next = True
    _p(doc, "").paragraph_format.keep_with_next = True
    _p(doc, "{{ l.signatory_title }},", "Surat Tanda Tangan")
    for _ in range(4):
        _p(doc, "", "Surat Tanda Tangan")
    name = _p(doc, "{{ l.signatory_name }}", "Surat Tanda Tangan")
    name.runs[0].bold = True
    _p(doc, "{%p if l.signatory_id %}")
    _p(doc, "NIP {{ l.signatory_id }}", "Surat Tanda Tangan")
    _p(doc, "{%p endif %}")

    _p(doc, "{%p if l.tembusan %}")
    _p(doc, "")
    _p(doc, "{{ l.headings.copies }}:", "Surat Isi")
    _p(doc, "{%p for c in l.tembusan %}")
    _p(doc, "{{ loop.index }}.\t{{ c }};", "Surat Butir")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")

    _p(doc, "{%p if l.technical %}")
    _p(doc, "{{ l.headings.technical }}", "Surat Judul Bagian")
    _p(doc, "{%p for line in l.technical %}")
    _p(doc, "{{ line }}", "Surat Kecil")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endif %}")

    path.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.title = "nrules: surat rekomendasi / penerusan"
    doc.core_properties.author = "nrules"
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
