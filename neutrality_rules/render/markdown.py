"""A memo a case officer can paste into a recommendation letter: facts, provisions quoted, analysis,
recommended sanction and options, route, and doubts, in the reader's language."""

from __future__ import annotations

from ..i18n import Lang, fmt_value, t
from ..incident import Incident
from ..verdict import Bilingual, Verdict
from .escape import md_inline, md_quote


def _b(text: Bilingual | None, lang: Lang) -> str:
    return "" if text is None else (text.id if lang == "id" else text.en)


def render_markdown(verdict: Verdict, lang: Lang, incident: Incident | None = None) -> str:
    v = verdict
    c = v.context
    out: list[str] = []
    add = out.append
    section = iter(range(1, 20))
    add(f"# {t('memo.title', lang)}: {md_inline(v.incident_id)}")
    add("")
    add(f"**{t('ui.status.' + v.status, lang)}.** {_b(v.summary, lang)}")
    add("")
    add(f"## {next(section)}. {t('memo.facts', lang)}")
    add("")
    add(
        f"- {t('ui.election', lang)}: {_b(c.election_title, lang)} (`{c.election}`), "
        f"{t('ui.contest', lang)}: {c.contest}"
    )
    add(
        f"- {t('ui.determination', lang)}: {c.determination_date}; {t('ui.campaign', lang)}: {c.campaign_from} .. "
        f"{c.campaign_to}; {t('ui.voting_day', lang)}: {c.voting_day}"
    )
    role = _b(c.role_label, lang) + (f" ({c.role_alias})" if c.role_alias else "")
    if incident is not None:
        resp = incident.respondent
        details = ", ".join(md_inline(x) for x in (resp.name, resp.jabatan, resp.golongan, resp.instansi) if x)
        role += f": {details}" if details else ""
        if resp.nip:
            role += f", NIP {resp.nip}"
    add(f"- {t('ui.respondent', lang)}: {role}")
    if incident is not None and incident.report and incident.report.number:
        add(
            f"- {t('memo.report', lang)}: {md_inline(incident.report.number)}"
            + (f" ({md_inline(incident.report.channel)})" if incident.report.channel else "")
        )
    if incident is not None and incident.event.place:
        add(f"- {t('memo.place', lang)}: {md_inline(incident.event.place)}")
    for a in c.acts:
        desc = ""
        if incident is not None and incident.acts[a.index].description:
            desc = f": {md_inline(incident.acts[a.index].description or '')}"
        add(
            f"- {t('ui.act', lang)} {a.index + 1}: {_b(a.type_label, lang)}, {a.date} ({_b(a.phase_label, lang)}){desc}"
        )
    if incident is not None and incident.narrative:
        add("")
        add(md_quote(incident.narrative))
    add("")
    add(f"## {next(section)}. {t('memo.provisions', lang)}")
    add("")
    seen: set[str] = set()
    for f in [*v.findings, *v.exemptions]:
        for b in f.basis:
            if b.key in seen:
                continue
            seen.add(b.key)
            lead = f"{b.lead_in} … " if b.lead_in else ""
            add(f"- **{b.instrument} {b.article}** [{b.confidence}]: “{lead}{b.text}”")
    if not seen:
        add(f"- {t('memo.none', lang)}")
    add("")
    add(f"## {next(section)}. {t('memo.analysis', lang)}")
    add("")
    for f in [*v.findings, *v.exemptions]:
        tier = f" → {_b(f.tier_label, lang)}" if f.tier_label else ""
        add(f"**{_b(f.title, lang)}**{tier} (`{f.rule_id}`)")
        add("")
        add(_b(f.explanation, lang))
        add("")
        for fc in f.facts:
            add(f"- {_b(fc.label, lang)}: {fmt_value(fc.actual, lang)} ({fc.origin})")
        add("")
    if v.open_questions:
        add(f"**{t('ui.open_questions', lang)}**")
        add("")
        for q in v.open_questions:
            facts = ", ".join(_b(x, lang) for x in q.unknown_fact_labels)
            add(f"- {_b(q.title, lang)}: {facts} → {t('ui.would_be', lang)} {q.would_be_tier}")
        add("")
    if not v.findings and not v.exemptions and not v.open_questions:
        add(_b(v.summary, lang))
        add("")
    add(f"## {next(section)}. {t('memo.recommendation', lang)}")
    add("")
    if not v.sanctions:
        add(f"- {t('memo.no_sanction', lang)}")
    for s in v.sanctions:
        add(f"### {_b(s.track_label, lang)}: {_b(s.law_label, lang)}")
        add("")
        if s.already_sanctioned:
            add(f"- {t('ui.already_sanctioned', lang)}")
        for oset in s.option_sets:
            pending = f" ({t('ui.pending', lang)})" if oset.status == "pending" else ""
            add(
                f"- {t('ui.options', lang)}{pending}: "
                + "; ".join(
                    _b(o.label, lang) + (f" ({t('ui.excluded_by_repeat', lang)})" if o.excluded_by_repeat else "")
                    for o in oset.options
                )
            )
            if oset.note:
                add(f"  - {_b(oset.note, lang)}")
        if s.escalation:
            add(f"- {t('ui.escalation', lang)}: {_b(s.escalation.note, lang)}")
        for note in s.notes:
            add(f"- {_b(note, lang)}")
        if s.route:
            add(f"- {t('ui.route', lang)}:")
            for r in s.route:
                add(f"  - {t('ui.step.' + r.step, lang)}: {_b(r.label, lang)} ({', '.join(r.basis)})")
        if s.deadlines:
            add(f"- {t('ui.deadlines', lang)}:")
            for d in s.deadlines:
                due = f", {t('ui.due', lang)} {d.due}" if d.due else ""
                add(f"  - {_b(d.label, lang)}: {d.amount} {t('ui.unit.' + d.unit, lang)}{due} [{d.confidence}]")
        add("")
    if v.near_misses:
        add(f"## {next(section)}. {t('ui.near_misses', lang)}")
        add("")
        for m in v.near_misses:
            add(f"- {_b(m.explanation, lang)}")
        add("")
    add(f"## {next(section)}. {t('ui.flags', lang)}")
    add("")
    if not v.flags:
        add(f"- {t('memo.none', lang)}")
    for flag in v.flags:
        add(f"- **{flag.id}**: {_b(flag.text, lang)} ({flag.reference})")
    add("")
    p = v.provenance
    add(
        f"---\n*nrules {p.nrules_version}; {t('ui.ruleset', lang)} {p.ruleset.name} {p.ruleset.version} "
        f"(sha256 {p.ruleset.content_hash[:16]}); {t('ui.backend', lang)} {p.backend}; "
        f"{t('ui.law_as_of', lang)} {p.law_as_of}.*"
    )
    return "\n".join(out) + "\n"
