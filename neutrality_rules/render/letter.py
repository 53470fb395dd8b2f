"""The letter the case officer sends: a verdict and its incident made into a recommendation.

Shaped after the letters of the trade: Bawaslu's forwarding of a neutrality violation to BKN (or KASN
before 24 August 2024), the Bupati/Wali Kota or Sentra Gakkumdu; and BKN's recommendation to the
Pejabat Pembina Kepegawaian ("meminta kepada PPK untuk menjatuhkan ... dan melaporkan hasil pelaksanaan
tindak lanjut rekomendasi beserta dokumentasi ... dalam jangka waktu 14 hari kerja"). A letter has the
heading (Nomor, Sifat, Lampiran, Hal), the addressee, the legal basis, the parties, the chronology (the
report's uraian kejadian), the facts and evidence, the analysis with the provisions quoted, the
conclusion, the recommendation, the deadlines, and the signature block with tembusan.

`build_letters()` gives the letters as data (one per addressee: a violation on two tracks goes to BKN and
to Sentra Gakkumdu), already in the reader's language and JSON-serialisable, so the service can show
them on a page; `render_letter()` writes them as .docx (from a replaceable template) or Markdown.
Rule ids, confidence codes and the rule set's doubts appear only with `internal=True`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ..i18n import Lang, t
from ..i18n.dates import fmt_date
from ..incident import Incident, Respondent
from ..ruleset.loader import RuleSet
from ..verdict import BasisOut, Finding, TrackSanction, Verdict
from .common import (
    Labels,
    act_number,
    b,
    cite,
    cite_all,
    deadline_sentence,
    deciding_facts,
    fact_sentence,
    ordered_route,
    tier_phrase,
)

Sender = Literal["bawaslu", "bkn", "kasn"]
LetterFormat = Literal["docx", "md", "json"]
_INSTRUMENT_ORDER = [
    "uu",
    "putusan_mk",
    "pp",
    "perpres",
    "permen",
    "perban",
    "perbawaslu",
    "pkpu",
    "skb",
    "se",
    "other",
]
_DOTS = "…………………"


class Office(BaseModel):
    """The sending office, from a small YAML file an office writes once (`--office`). Everything is
    optional: what is missing is left as dotted lines to fill in by hand, as on a printed form."""

    model_config = ConfigDict(extra="forbid")

    sender: Sender = "bawaslu"
    name: str | None = Field(default=None, description="Full name, e.g. Badan Pengawas Pemilihan Umum Kota Sukabumi")
    short_name: str | None = Field(default=None, description="Short name, e.g. Bawaslu Kota Sukabumi")
    address: str | None = None
    contact: str | None = Field(default=None, description="Telephone, e-mail, website")
    city: str | None = Field(default=None, description="Where the letter is signed, e.g. Sukabumi")
    signatory_title: str | None = Field(default=None, description="e.g. Ketua Bawaslu Kota Sukabumi")
    signatory_name: str | None = None
    signatory_id: str | None = Field(default=None, description="NIP of the signatory, if printed")
    number: str | None = Field(default=None, description="Letter number (Nomor), if known in advance")
    tembusan: list[str] = Field(default_factory=list, description="Copies to (Tembusan), one per line")
    template: str | None = Field(default=None, description="A .docx letter template with the office's letterhead")

    @classmethod
    def load(cls, path: str | Path) -> Office:
        """Read an office profile (YAML, safe loader); errors name the file."""
        from ..errors import UsageError

        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
            office = cls.model_validate(data)
        except (OSError, yaml.YAMLError, ValueError) as exc:
            raise UsageError("letter.bad_office", file=str(path), got=str(exc).splitlines()[0][:200]) from exc
        if office.template and not Path(office.template).is_absolute():
            office = office.model_copy(update={"template": str(Path(path).parent / office.template)})
        return office


class Row(BaseModel):
    label: str
    value: str


class Party(BaseModel):
    title: str
    rows: list[Row]


class Quote(BaseModel):
    cite: str
    lead_in: str | None = None
    text: str


class Analysis(BaseModel):
    heading: str
    paragraphs: list[str]
    facts: list[str]
    quotes: list[Quote]


class Letter(BaseModel):
    """One letter, every text already in the reader's language."""

    lang: Lang
    sender: Sender
    kind: Literal["recommendation", "forwarding", "clarification", "status"]
    sender_name: str
    sender_short: str
    sender_address: str
    sender_contact: str
    city: str
    date: str
    number: str
    nature: str
    attachment: str
    subject: str
    addressee: list[str]
    seat: str
    opening: str
    basis: list[str]
    parties: list[Party]
    chronology: list[str]
    evidence: list[str]
    witnesses: list[str]
    analysis: list[Analysis]
    conclusion: str
    recommendations: list[str]
    deadlines: list[str]
    notes: list[str]
    closing: str
    signatory_title: str
    signatory_name: str
    signatory_id: str
    tembusan: list[str]
    technical: list[str]
    headings: dict[str, str]


# ---------------------------------------------------------------- who writes to whom


def _target_step(sender: Sender) -> tuple[str, ...]:
    return ("imposes",) if sender in ("bkn", "kasn") else ("recommends", "imposes", "investigates")


def _addressee_body(s: TrackSanction, sender: Sender) -> str | None:
    route = ordered_route(s)
    if sender in ("bkn", "kasn") and not any(r.step == "recommends" and r.body == sender for r in route):
        return None  # BKN recommends only on the tracks it is the recommending body for
    for step in _target_step(sender):
        for r in route:
            if r.step == step and r.body != sender:
                return str(r.body)
    return None


def _groups(verdict: Verdict, sender: Sender) -> tuple[dict[str, list[TrackSanction]], list[TrackSanction]]:
    """Sanctions by the body the letter goes to; and those another body handles (mentioned, not sent)."""
    groups: dict[str, list[TrackSanction]] = {}
    others: list[TrackSanction] = []
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for s in verdict.sanctions:
        key = (s.track, s.tier, tuple(s.decided_by))
        if key in seen or s.certainty != "definite":  # a letter recommends only what is certain
            continue
        seen.add(key)
        body = _addressee_body(s, sender)
        if body is None:
            others.append(s)
        else:
            groups.setdefault(body, []).append(s)
    return groups, others


# ---------------------------------------------------------------- the parts of a letter


def _sender_texts(office: Office, incident: Incident, lang: Lang) -> dict[str, str]:
    region = incident.election.region or ""
    if office.sender == "bawaslu":
        name = office.name or t("letter.sender.bawaslu.name", lang, region=region).strip()
        short = office.short_name or t("letter.sender.bawaslu.short", lang, region=region).strip()
        title = office.signatory_title or t("letter.sender.bawaslu.signatory", lang, short=short)
    else:
        name = office.name or t(f"letter.sender.{office.sender}.name", lang)
        short = office.short_name or t(f"letter.sender.{office.sender}.short", lang)
        title = office.signatory_title or t(f"letter.sender.{office.sender}.signatory", lang)
    if office.sender == "bawaslu":
        seat = region.removeprefix("Kota ").removeprefix("Kabupaten ")
        city = office.city or ("" if region.startswith("Provinsi") else seat)
    else:
        city = office.city or "Jakarta"  # BKN and KASN sit in Jakarta
    return {"name": name, "short": short, "title": title, "city": city or _DOTS}


def _party(verdict: Verdict, incident: Incident) -> Respondent:
    """The respondent this verdict judges (a report may name several; each gets its own letters)."""
    return incident.parties()[verdict.respondent.index]


def _addressee(labels: Labels, body: str, incident: Incident, lang: Lang, resp: Respondent) -> tuple[list[str], str]:
    entry = labels.rs.authorities.bodies.get(body)
    if entry is None:
        return [body], t("letter.seat.default", lang)
    text = entry.addressee.get(lang) if entry.addressee is not None else entry.label.get(lang)
    lines = [part.strip() for part in text.replace(" c.q. ", "\nc.q. ").split("\n")]
    if body == "ppk" and resp.instansi:
        lines[0] += f" ({resp.instansi})"
    return lines, entry.seat or t("letter.seat.default", lang)


def _parties(verdict: Verdict, incident: Incident, labels: Labels, lang: Lang) -> list[Party]:
    out: list[Party] = []
    report = incident.report
    if report is not None and report.channel == "temuan":
        out.append(Party(title=t("letter.reporter", lang), rows=[Row(label="", value=t("letter.finding", lang))]))
    elif report is not None and report.reporter is not None:
        r = report.reporter
        rows = [
            Row(label=t("letter.field.name", lang), value=r.name or _DOTS),
            *([Row(label=t("letter.field.occupation", lang), value=r.occupation)] if r.occupation else []),
            *([Row(label=t("letter.field.address", lang), value=r.address)] if r.address else []),
        ]
        out.append(Party(title=t("letter.reporter", lang), rows=rows))
    resp = _party(verdict, incident)
    c = verdict.context
    status = b(c.role_label, lang) + (f" ({resp.local_title})" if resp.local_title else "")
    rows = [Row(label=t("letter.field.name", lang), value=resp.name or _DOTS)]
    if resp.nip:
        rows.append(Row(label="NIP", value=resp.nip))
    rows.append(Row(label=t("letter.field.status", lang), value=status))
    if resp.jabatan:
        rows.append(Row(label=t("letter.field.position", lang), value=resp.jabatan))
    if resp.golongan:
        rows.append(Row(label=t("letter.field.rank", lang), value=resp.golongan))
    if resp.instansi:
        rows.append(Row(label=t("letter.field.agency", lang), value=resp.instansi))
    if resp.address:
        rows.append(Row(label=t("letter.field.address", lang), value=resp.address))
    out.append(Party(title=t("letter.respondent", lang), rows=rows))
    return out


def _act_line(verdict: Verdict, incident: Incident, labels: Labels, index: int, lang: Lang) -> str:
    act_out = next(a for a in verdict.context.acts if a.index == index)
    act = incident.acts_of(verdict.respondent.index)[index]
    parts = [b(act_out.type_label, lang)]
    when = fmt_date(act_out.date, lang) if act_out.date is not None else b(act_out.date_reported, lang)
    if when:
        parts.append(t("letter.on_date", lang, date=when))
    if act_out.phase_label:
        parts.append(f"({b(act_out.phase_label, lang)})")
    channel = getattr(act, "channel", None)
    if channel:
        mod = labels.rs.vocabulary.modifiers.get("channel")
        word = mod.value_labels.get(channel) if mod is not None else None
        parts.append(t("letter.via", lang, channel=word.get(lang) if word is not None else channel))
    text = " ".join(parts)
    if act.description:
        text += f": {act.description}"
    return f"{t('ui.act', lang)} {act_number(index)}: {text}"


def _chronology(verdict: Verdict, incident: Incident, labels: Labels, lang: Lang) -> list[str]:
    out: list[str] = []
    if incident.narrative:
        out.extend(p.strip() for p in incident.narrative.split("\n\n") if p.strip())
    elif incident.event.description:
        out.append(incident.event.description)
    event = incident.event
    facts = []
    if event.place:
        facts.append(t("letter.place", lang, place=event.place))
    if event.date_known:
        facts.append(t("letter.known_on", lang, date=fmt_date(event.date_known, lang)))
    if incident.report is not None and incident.report.received_on:
        facts.append(t("letter.received_on", lang, date=fmt_date(incident.report.received_on, lang)))
    if facts:
        out.append("; ".join(facts) + ".")
    out.extend(_act_line(verdict, incident, labels, a.index, lang) for a in verdict.context.acts)
    return out


def _evidence(incident: Incident, lang: Lang) -> tuple[list[str], list[str]]:
    evidence = []
    for e in incident.evidence:
        text = t(f"letter.evidence.{e.kind}", lang)
        detail = "; ".join(x for x in (e.description, e.ref) if x)
        evidence.append(f"{text}: {detail}" if detail else text)
    for i, act in enumerate(incident.acts):
        for ref in act.evidence:
            if not any(e.id == ref for e in incident.evidence):
                evidence.append(t("letter.act_evidence", lang, act=act_number(i), ref=ref))
    witnesses = []
    for w in incident.witnesses:
        witnesses.append(", ".join(x for x in (w.name, w.address) if x) or _DOTS)
    return evidence, witnesses


def _findings_by_rule(findings: list[Finding]) -> list[list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.rule_id, []).append(f)
    return list(groups.values())


def _quotes(basis: list[BasisOut], internal: bool) -> list[Quote]:
    """The provisions quoted verbatim; a lead-in shared with the provision before it is printed once
    (PP 94 Pasal 5 huruf n angka 5 and angka 6 share "PNS dilarang: ... n. memberikan dukungan ...")."""
    out: list[Quote] = []
    previous: str | None = None
    for x in basis:
        lead = x.lead_in if x.lead_in != previous else None
        previous = x.lead_in
        out.append(Quote(cite=cite(x) + (f" [{x.confidence}]" if internal else ""), lead_in=lead, text=x.text))
    return out


def _analysis(verdict: Verdict, tracks: set[str] | None, labels: Labels, lang: Lang, internal: bool) -> list[Analysis]:
    out: list[Analysis] = []
    findings = [f for f in verdict.findings if tracks is None or f.track in tracks]
    for group in _findings_by_rule(findings):
        first = group[0]
        acts = ", ".join(str(act_number(f.act_index)) for f in group)
        heading = f"{t('ui.act', lang)} {acts}: {b(first.title, lang)}"
        if internal:
            heading += f" [{first.rule_id}]"
        facts = list(
            dict.fromkeys(
                fact_sentence(fc, labels, lang, verdict=verdict, act=f.act_index)
                for f in group
                for fc in deciding_facts(f)
            )
        )
        quotes = _quotes(first.basis, internal)
        outcome = t("letter.outcome", lang, tier=b(first.tier_label, lang)) if first.tier_label else ""
        paragraphs = [p for p in (b(first.explanation, lang), outcome) if p]
        out.append(Analysis(heading=heading, paragraphs=paragraphs, facts=facts, quotes=quotes))
    for q in verdict.open_questions:
        heading = b(q.label, lang)
        paras = [t("letter.open_fact", lang, fact=b(q.label, lang))]
        paras.extend(
            t("letter.open_outcome", lang, value=b(o.value, lang), outcome=b(o.summary, lang)) for o in q.outcomes
        )
        basis = [x for rid in q.rule_ids for x in _rule_basis(labels, rid)]
        out.append(Analysis(heading=heading, paragraphs=paras, facts=[], quotes=_quotes(basis, internal)))
    for f in verdict.exemptions:
        heading = f"{t('ui.act', lang)} {act_number(f.act_index)}: {b(f.title, lang)}"
        quotes = _quotes(f.basis, internal)
        out.append(Analysis(heading=heading, paragraphs=[b(f.explanation, lang)], facts=[], quotes=quotes))
    return out


def _rule_basis(labels: Labels, rule_id: str) -> list[BasisOut]:
    """The provisions of a rule the verdict names without quoting (an open question's rule)."""
    rule = labels.rs.by_id.get(rule_id)
    out: list[BasisOut] = []
    for key in rule.rule.basis if rule is not None else []:
        prov = labels.rs.sources.provisions.get(key)
        if prov is None:
            continue
        inst = labels.rs.sources.instruments[prov.instrument]
        out.append(
            BasisOut(
                key=key,
                instrument=inst.short,
                article=prov.article,
                lead_in=prov.lead_in,
                text=prov.text,
                confidence=prov.confidence,
                source=prov.source,
            )
        )
    return out


def _legal_basis(verdict: Verdict, sanctions: list[TrackSanction], labels: Labels) -> list[str]:
    """The instruments the letter rests on, by their full titles, ordered as the hierarchy of laws."""
    keys: list[str] = []
    for s in sanctions:
        for r in s.route:
            keys.extend(r.basis)
        keys.extend(s.basis)
        for oset in s.option_sets:
            keys.extend(oset.basis)
    findings = [f for f in verdict.findings if not sanctions or f.track in {s.track for s in sanctions}]
    for f in [*findings, *verdict.exemptions]:
        keys.extend(x.key for x in f.basis)
    if not sanctions:
        for q in verdict.open_questions:
            keys.extend(x.key for rid in q.rule_ids for x in _rule_basis(labels, rid))
    instruments: list[str] = []
    for key in keys:
        prov = labels.rs.sources.provisions.get(key)
        if prov is not None and prov.instrument not in instruments:
            instruments.append(prov.instrument)
    insts = [labels.rs.sources.instruments[i] for i in instruments]
    insts.sort(key=lambda i: _INSTRUMENT_ORDER.index(i.kind) if i.kind in _INSTRUMENT_ORDER else 99)
    return [i.title for i in insts]


def _options(s: TrackSanction, lang: Lang) -> str:
    labels = [
        b(o.label, lang)
        for oset in s.option_sets
        if oset.status == "in_force"
        for o in oset.options
        if not o.excluded_by_repeat
    ]
    return "; ".join(dict.fromkeys(labels))


def _recommendations(
    verdict: Verdict,
    sanctions: list[TrackSanction],
    addressee: str,
    sender_short: str,
    sender: Sender,
    labels: Labels,
    lang: Lang,
) -> list[str]:
    out: list[str] = []
    for s in sanctions:
        findings = [f for f in verdict.findings if f.track == s.track and f.rule_id in s.decided_by]
        basis = cite_all([x for f in findings for x in f.basis]) or labels.provisions(s.basis)
        params = {
            "addressee": addressee,
            "tier": tier_phrase(s, lang),
            "basis": basis,
            "options": _options(s, lang),
            "sender": sender_short,
        }
        key = f"letter.rec.{sender if sender != 'kasn' else 'bkn'}.{s.track}"
        if t(key, lang, **params) == key:
            key = f"letter.rec.{sender if sender != 'kasn' else 'bkn'}.default"
        text = t(key, lang, **params)
        several = len([o for oset in s.option_sets if oset.status == "in_force" for o in oset.options]) > 1
        if several and s.track not in ("criminal", "institutional"):
            text += " " + t("letter.rec.options", lang, options=params["options"])
        if s.already_sanctioned:
            text += " " + t("ui.already_sanctioned", lang)
        if s.escalation is not None:
            text += " " + b(s.escalation.note, lang)
        out.append(text)
    if sender in ("bkn", "kasn"):
        follow = next((d for s in sanctions for d in s.deadlines if d.id == "ppk.followup"), None)
        if follow is not None:
            out.append(t("letter.rec.report_back", lang, sender=sender_short, amount=follow.amount))
    return out


def _deadlines(sanctions: list[TrackSanction], lang: Lang) -> list[str]:
    seen: dict[str, str] = {}
    for s in sanctions:
        for d in s.deadlines:
            seen.setdefault(d.id, deadline_sentence(d, lang))
    return list(seen.values())


def _notes(verdict: Verdict, lang: Lang, internal: bool) -> list[str]:
    notes: list[str] = []
    for flag in verdict.flags:
        if internal or flag.severity == "gap" or flag.id == "report_late":
            notes.append(b(flag.text, lang) + (f" ({flag.reference})" if internal else ""))
    return notes


def _technical(verdict: Verdict, lang: Lang) -> list[str]:
    p = verdict.provenance
    lines = [
        t(
            "officer.provenance",
            lang,
            version=p.nrules_version,
            ruleset=f"{p.ruleset.name} {p.ruleset.version}",
            hash=p.ruleset.content_hash[:16],
            backend=p.backend,
            law_date=fmt_date(p.law_as_of, lang),
            source=t("officer.law_date_source." + p.law_as_of_source, lang),
        )
    ]
    lines.extend(f"{f.rule_id} ({f.rule_file})" for f in verdict.findings)
    lines.extend(f"{flag.id}: {flag.reference}" for flag in verdict.flags)
    return lines


def _headings(lang: Lang) -> dict[str, str]:
    keys = (
        "number",
        "nature",
        "attachment",
        "subject",
        "to",
        "seat_prefix",
        "basis",
        "parties",
        "chronology",
        "evidence",
        "witnesses",
        "analysis",
        "provisions",
        "deciding_facts",
        "conclusion",
        "recommendation",
        "deadlines",
        "notes",
        "copies",
        "technical",
    )
    return {k: t(f"letter.h.{k}", lang) for k in keys}


def build_letters(
    verdict: Verdict,
    incident: Incident,
    lang: Lang = "id",
    *,
    office: Office | None = None,
    ruleset: RuleSet | None = None,
    letter_date: dt.date | None = None,
    internal: bool = False,
) -> list[Letter]:
    """The letters for one verdict: one per body the case goes to (BKN and Sentra Gakkumdu get one
    each); for a verdict with no violation or still open, one letter on the state of the report."""
    office = office or Office()
    labels = Labels.of(ruleset)
    sender = office.sender
    texts = _sender_texts(office, incident, lang)
    groups, others = _groups(verdict, sender)
    day = letter_date or dt.date.today()
    evidence, witnesses = _evidence(incident, lang)
    report = incident.report
    respondent = _party(verdict, incident).name or t("letter.respondent", lang)
    if sender != "bawaslu":
        bawaslu = t("letter.sender.bawaslu.short", lang, region=incident.election.region or "").strip()
        opening = t(
            "letter.opening.forwarded",
            lang,
            bawaslu=bawaslu,
            number=report.number if report is not None and report.number else _DOTS,
            respondent=respondent,
            sender=texts["short"],
        )
    elif report is not None and report.number:
        opening = t(
            "letter.opening.report",
            lang,
            number=report.number,
            date=fmt_date(report.received_on, lang) if report.received_on else _DOTS,
            respondent=respondent,
            sender=texts["short"],
        )
    else:
        opening = t("letter.opening.no_report", lang, respondent=respondent, sender=texts["short"])
    common: dict[str, Any] = {
        "lang": lang,
        "sender": sender,
        "sender_name": texts["name"],
        "sender_short": texts["short"],
        "sender_address": office.address or "",
        "sender_contact": office.contact or "",
        "city": texts["city"],
        "date": fmt_date(day, lang),
        "number": office.number or _DOTS,
        "nature": t("letter.nature", lang),
        "attachment": t("letter.attachment", lang) if evidence else "-",
        "opening": opening,
        "parties": _parties(verdict, incident, labels, lang),
        "chronology": _chronology(verdict, incident, labels, lang),
        "evidence": evidence,
        "witnesses": witnesses,
        "notes": _notes(verdict, lang, internal),
        "closing": t("letter.closing", lang),
        "signatory_title": texts["title"],
        "signatory_name": office.signatory_name or _DOTS,
        "signatory_id": office.signatory_id or "",
        "tembusan": list(office.tembusan),
        "technical": _technical(verdict, lang) if internal else [],
        "headings": _headings(lang),
    }
    letters: list[Letter] = []
    for body, sanctions in groups.items():
        addressee, seat = _addressee(labels, body, incident, lang, _party(verdict, incident))
        tracks = {s.track for s in sanctions}
        kind: Literal["recommendation", "forwarding"] = "recommendation" if sender != "bawaslu" else "forwarding"
        track_words = ", ".join(dict.fromkeys(tier_phrase(s, lang) for s in sanctions))
        conclusion = t(
            f"letter.conclusion.{sender if sender != 'kasn' else 'bkn'}",
            lang,
            respondent=respondent,
            tiers=track_words,
        )
        other_lines = [
            t(
                "letter.other_route",
                lang,
                track=b(s.track_label, lang),
                tier=tier_phrase(s, lang),
                body=", ".join(b(r.label, lang) for r in ordered_route(s) if r.step != "refers_to") or "-",
            )
            for s in [*others, *(x for other, xs in groups.items() if other != body for x in xs)]
        ]
        recs = _recommendations(verdict, sanctions, " ".join(addressee), texts["short"], sender, labels, lang)
        letters.append(
            Letter(
                **common,
                kind=kind,
                subject=t(
                    f"letter.subject.{_subject_key(sanctions)}.{'bawaslu' if sender == 'bawaslu' else 'bkn'}", lang
                ),
                addressee=addressee,
                seat=seat,
                basis=_legal_basis(verdict, sanctions, labels),
                analysis=_analysis(verdict, tracks, labels, lang, internal),
                conclusion=conclusion,
                recommendations=recs + other_lines,
                deadlines=_deadlines(sanctions, lang),
            )
        )
    if not letters:
        letters.append(_status_letter(verdict, incident, labels, lang, common, texts, internal))
    return letters


def _subject_key(sanctions: list[TrackSanction]) -> str:
    tracks = {s.track for s in sanctions}
    for track in ("criminal", "institutional", "village_admin", "candidacy"):
        if track in tracks:
            return track
    return "asn"


def _status_letter(
    verdict: Verdict,
    incident: Incident,
    labels: Labels,
    lang: Lang,
    common: dict[str, Any],
    texts: dict[str, str],
    internal: bool,
) -> Letter:
    """No violation, or not yet determinable: a note on the state of the report (to the reporter when
    there is one and the report is closed; to the office's own leadership when facts must be clarified)."""
    respondent = _party(verdict, incident).name or t("letter.respondent", lang)
    open_case = verdict.status == "not_determinable"
    reporter = incident.report.reporter if incident.report is not None else None
    if open_case or reporter is None or not reporter.name:
        addressee = [t("letter.addressee.leadership", lang, sender=texts["short"])]
    else:
        addressee = [t("letter.addressee.reporter", lang, name=reporter.name)]
    kind: Literal["clarification", "status"] = "clarification" if open_case else "status"
    conclusion = t(f"letter.conclusion.{kind}", lang, respondent=respondent)
    if open_case:
        recs = [t("letter.rec.clarify", lang)]
    elif verdict.exemptions:
        recs = [t("letter.rec.exempt", lang)]
    else:
        recs = [t("letter.rec.not_covered", lang)]
    return Letter(
        **common,
        kind=kind,
        subject=t(f"letter.subject.{kind}", lang),
        addressee=addressee,
        seat=t("letter.seat.default", lang),
        basis=_legal_basis(verdict, [], labels),
        analysis=_analysis(verdict, None, labels, lang, internal),
        conclusion=conclusion,
        recommendations=recs,
        deadlines=_deadlines(verdict.sanctions, lang),
    )


def render_letter(
    verdict: Verdict,
    incident: Incident,
    lang: Lang = "id",
    fmt: LetterFormat = "docx",
    *,
    office: Office | None = None,
    ruleset: RuleSet | None = None,
    template: str | Path | None = None,
    letter_date: dt.date | None = None,
    internal: bool = False,
) -> bytes:
    """The letter(s) for a verdict as a file's bytes: .docx (from `template`, else the office's, else the
    shipped one), Markdown (UTF-8), or JSON (the letters as data, for a web page to lay out)."""
    letters = build_letters(
        verdict, incident, lang, office=office, ruleset=ruleset, letter_date=letter_date, internal=internal
    )
    if fmt == "docx":
        from .docx import letters_to_docx

        chosen = template or (office.template if office is not None else None)
        return letters_to_docx(letters, chosen)
    if fmt == "md":
        from .letter_md import letters_to_markdown

        return letters_to_markdown(letters).encode("utf-8")
    if fmt == "json":
        import json

        return (json.dumps([x.model_dump() for x in letters], ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    raise ValueError(f"unknown letter format {fmt!r}")
