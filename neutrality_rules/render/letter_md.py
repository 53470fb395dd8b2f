"""The letter in Markdown: the same parts, in the same order, as the .docx (for pasting into a case
system or an e-mail, and for reading in a terminal)."""

from __future__ import annotations

from .escape import md_inline, md_paragraph
from .letter import Letter


def _letter_md(letter: Letter) -> list[str]:
    h = letter.headings
    out: list[str] = []
    add = out.append
    add(f"**{letter.sender_name.upper()}**")
    if letter.sender_address or letter.sender_contact:
        add("")
        add(" · ".join(x for x in (letter.sender_address, letter.sender_contact) if x))
    add("")
    add("---")
    add("")
    add(f"{letter.city}, {letter.date}")
    add("")
    add(f"{h['number']}: {letter.number}  ")
    add(f"{h['nature']}: {letter.nature}  ")
    add(f"{h['attachment']}: {letter.attachment}  ")
    add(f"{h['subject']}: **{md_inline(letter.subject)}**")
    add("")
    add(f"{h['to']}  ")
    for line in letter.addressee:
        add(f"{md_inline(line)}  ")
    add(f"{h['seat_prefix']} {letter.seat}")
    add("")
    add(md_paragraph(letter.opening))
    add("")
    n = 0

    def section(title: str) -> None:
        nonlocal n
        n += 1
        add(f"### {n}. {title}")
        add("")

    if letter.basis:
        section(h["basis"])
        for i, item in enumerate(letter.basis):
            add(f"{chr(ord('a') + i) if i < 26 else i + 1}. {item};")
        add("")
    section(h["parties"])
    for party in letter.parties:
        add(f"**{party.title}**")
        add("")
        for row in party.rows:
            add(f"- {row.label}: {md_inline(row.value)}" if row.label else f"- {md_inline(row.value)}")
        add("")
    section(h["chronology"])
    for para in letter.chronology:  # the report's own words: shown, never read as Markdown
        add(md_paragraph(para))
        add("")
    if letter.evidence or letter.witnesses:
        section(h["evidence"])
        for item in letter.evidence:
            add(f"- {md_inline(item)}")
        if letter.witnesses:
            add(f"- {h['witnesses']}: " + "; ".join(md_inline(w) for w in letter.witnesses))
        add("")
    section(h["analysis"])
    for i, a in enumerate(letter.analysis):
        add(f"**{chr(ord('a') + i) if i < 26 else i + 1}. {a.heading}**")
        add("")
        for para in a.paragraphs:
            add(para)
            add("")
        if a.facts:
            add(f"{h['deciding_facts']}:")
            add("")
            for fact in a.facts:
                add(f"- {md_inline(fact)}")
            add("")
        if a.quotes:
            add(f"{h['provisions']}:")
            add("")
            for q in a.quotes:
                lead = f"{q.lead_in} … " if q.lead_in else ""
                add(f"> **{q.cite}**: “{lead}{q.text}”")
                add(">")
            out.pop()
            add("")
    section(h["conclusion"])
    add(md_paragraph(letter.conclusion))
    add("")
    if letter.recommendations:
        section(h["recommendation"])
        for i, rec in enumerate(letter.recommendations, 1):
            add(f"{i}. {md_inline(rec)}")
        add("")
    if letter.deadlines:
        section(h["deadlines"])
        for d in letter.deadlines:
            add(f"- {d}")
        add("")
    if letter.notes:
        section(h["notes"])
        for note in letter.notes:
            add(f"- {note}")
        add("")
    add(md_paragraph(letter.closing))
    add("")
    add(f"{letter.signatory_title},")
    add("")
    add("")
    add(f"**{letter.signatory_name}**" + (f"  \nNIP {letter.signatory_id}" if letter.signatory_id else ""))
    add("")
    if letter.tembusan:
        add(f"{h['copies']}:")
        add("")
        for i, copy in enumerate(letter.tembusan, 1):
            add(f"{i}. {copy}")
        add("")
    if letter.technical:
        add(f"#### {h['technical']}")
        add("")
        for line in letter.technical:
            add(f"- `{line}`")
        add("")
    return out


def letters_to_markdown(letters: list[Letter]) -> str:
    """One or more letters; several are separated by a page break (an HTML element Markdown viewers
    ignore and printers honour)."""
    parts = ["\n".join(_letter_md(letter)).rstrip() + "\n" for letter in letters]
    return '\n<div style="page-break-before: always"></div>\n\n'.join(parts)
