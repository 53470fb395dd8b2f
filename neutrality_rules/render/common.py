"""What every rendering of a verdict shares: words for terms, dates in words, citations, the deciding
facts, and the next steps with their due dates.

Renderers never print an internal identifier (a rule id, a fact path, a vocabulary key, a confidence
code) unless the reader asked for the technical view (`--explain`, `internal=True`): a case officer
reads "Wali Kota dan Wakil Wali Kota", not `walikota`. The vocabulary labels come from the rule set, so
a term added to the rule set is rendered without a code change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..i18n import Lang, t
from ..i18n.dates import fmt_date
from ..ruleset.factschema import NO_REGIME
from ..ruleset.loader import RuleSet
from ..ruleset.models import Text
from ..verdict import BasisOut, Bilingual, DeadlineOut, FactCheck, Finding, NearMiss, TrackSanction, Verdict

STEP_ORDER = ("refers_to", "recommends", "investigates", "imposes")
_GUARD_FACTS = ("act.type", "subject.role", "election.key")


def b(text: Bilingual | Text | None, lang: Lang) -> str:
    """The reader's side of a bilingual text."""
    if text is None:
        return ""
    return text.id if lang == "id" else text.en


@cache
def bundled_ruleset() -> RuleSet:
    """The bundled rule set, for labels when a caller renders a verdict without its engine."""
    from ..api import bundled_rules_path
    from ..ruleset.loader import load_ruleset

    return load_ruleset([bundled_rules_path()])


@dataclass(frozen=True)
class Labels:
    """Vocabulary labels of the rule set that produced the verdict."""

    rs: RuleSet

    @classmethod
    def of(cls, ruleset: RuleSet | None) -> Labels:
        return cls(ruleset if ruleset is not None else bundled_ruleset())

    def term(self, table: str, key: str | None, lang: Lang) -> str:
        if not key:
            return ""
        entry: Any = getattr(self.rs.vocabulary, table, {}).get(key)
        return entry.label.get(lang) if entry is not None else key

    def contest(self, key: str | None, lang: Lang) -> str:
        return self.term("contests", key, lang)

    def position(self, key: str | None, lang: Lang) -> str:
        return self.term("positions", key, lang)

    def level(self, key: str | None, lang: Lang) -> str:
        return self.term("government_levels", key, lang)

    def phase(self, key: str | None, lang: Lang) -> str:
        return self.term("phases", key, lang)

    def body(self, key: str, lang: Lang) -> str:
        entry = self.rs.authorities.bodies.get(key)
        return entry.label.get(lang) if entry is not None else key

    def provision(self, key: str) -> str:
        """A provision key as a citation ("PP 94/2021 Pasal 26"), never the key itself."""
        prov = self.rs.sources.provisions.get(key)
        if prov is None:
            return key
        inst = self.rs.sources.instruments[prov.instrument]
        return f"{inst.short} {prov.article}"

    def provisions(self, keys: Iterable[str]) -> str:
        return "; ".join(dict.fromkeys(self.provision(k) for k in keys))


def cite(basis: BasisOut) -> str:
    return f"{basis.instrument} {basis.article}"


def cite_all(basis: Iterable[BasisOut]) -> str:
    """Citations grouped by instrument, in order: "PP 94/2021 Pasal 5 huruf n angka 5, Pasal 14 huruf i
    angka 3; UU 5/2014 Pasal 9 ayat (2)"."""
    groups: dict[str, list[str]] = {}
    for x in basis:
        articles = groups.setdefault(x.instrument, [])
        if x.article not in articles:
            articles.append(x.article)
    return "; ".join(f"{inst} {', '.join(arts)}" for inst, arts in groups.items())


def act_number(index: int) -> int:
    """Acts are numbered from 1 for readers (the verdict's JSON keeps the 0-based index)."""
    return index + 1


def fmt_fact_value(check: FactCheck, value: Any, labels: Labels, lang: Lang) -> str:
    path = check.fact
    if path.startswith("regime.") and value == NO_REGIME:
        return t("regime.none", lang)
    if path.startswith("regime.") and isinstance(value, str):
        regime = labels.rs.sanctions.regimes.get(value)
        return regime.title.get(lang) if regime is not None else value
    if value is None:
        return t("cond.unknown", lang)
    if isinstance(value, bool):
        return t("cond.true" if value else "cond.false", lang)
    if path == "date" or path.endswith("_date"):
        try:
            return fmt_date(dt.date.fromisoformat(str(value)), lang)
        except ValueError:
            return str(value)
    if path == "phase":
        return labels.phase(str(value), lang)
    if path == "election.type":
        return t(f"officer.election_type.{value}", lang)
    if path == "election.contest" or path == "act.contest":
        return labels.contest(str(value), lang)
    if path == "subject.position":
        return labels.position(str(value), lang)
    if path == "subject.government_level":
        return labels.level(str(value), lang)
    if path == "subject.role":
        return labels.term("roles", str(value), lang)
    if path == "act.type":
        return labels.term("act_types", str(value), lang)
    if path == "subject.election_body":
        return labels.term("election_bodies", str(value), lang)
    return str(value)


_TEST_KEYS = {
    "ne": "cond.is_not",
    "lt": "cond.before",
    "lte": "cond.on_or_before",
    "gt": "cond.after",
    "gte": "cond.on_or_after",
}


def fact_sentence(
    check: FactCheck, labels: Labels, lang: Lang, *, origin: bool = False, verdict: Verdict | None = None, act: int = -1
) -> str:
    """One fact a rule rested on, in words: "tanggal tindakan: 10 Oktober 2024 (pada atau setelah
    22 September 2022)"; with `origin`, whether it was stated, derived or left at its default. The date of
    an act the report does not date to the day is written as reported ("November 2023"), never as the
    day the engine stood in for it."""
    label = t("officer.fact.regime", lang) if check.fact.startswith("regime.") else b(check.label, lang)
    value = fmt_fact_value(check, check.actual, labels, lang)
    if check.fact == "date" and verdict is not None:
        out = next((a for a in verdict.context.acts if a.index == act), None)
        if out is not None and out.date is None and out.date_reported is not None:
            value = b(out.date_reported, lang)
    text = f"{label}: {value}"
    if check.test in _TEST_KEYS and check.expected:
        bound = ", ".join(fmt_fact_value(check, e, labels, lang) for e in check.expected)
        text += f" ({t(_TEST_KEYS[check.test], lang)} {bound})"
    if check.origin in ("not_mentioned", "assumed") or origin:
        text += f" ({t('officer.origin.' + check.origin, lang)})"
    return text


def near_miss_sentence(miss: NearMiss, labels: Labels, lang: Lang) -> str:
    """What would have changed the outcome, in words and dates: "If 'date of the act' were on or
    before 21 September 2022 (it is 10 October 2024), '...' would apply: hukuman disiplin berat"."""
    check = miss.failed
    test = _TEST_KEYS.get(check.test, "cond.one_of" if check.test == "in" else "officer.cond.eq")
    expected = ", ".join(fmt_fact_value(check, e, labels, lang) for e in check.expected)
    tier = labels.rs.sanctions.tiers.get(miss.would_be_tier or "")
    return t(
        "officer.why_not",
        lang,
        fact=b(check.label, lang),
        test=t(test, lang),
        expected=expected,
        actual=fmt_fact_value(check, check.actual, labels, lang),
        title=b(miss.title, lang),
        outcome=tier.law.get(lang) if tier is not None else t("tier.none", lang),
    )


def summary_sentence(verdict: Verdict, lang: Lang) -> str:
    """The verdict in one sentence, naming unknown facts by their labels only (the verdict's own
    summary also gives their paths, for machines)."""
    return b(verdict.summary, lang)


def deciding_facts(finding: Finding) -> list[FactCheck]:
    """The facts that decided a finding, without the guards every finding of its kind shares (its act
    type, the respondent's role, the regime in force)."""
    return [f for f in finding.facts if f.fact not in _GUARD_FACTS and not f.fact.startswith("regime.")]


def ordered_route(sanction: TrackSanction) -> list[Any]:
    return sorted(sanction.route, key=lambda r: STEP_ORDER.index(r.step) if r.step in STEP_ORDER else 9)


def deadline_sentence(d: DeadlineOut, lang: Lang) -> str:
    """A deadline with its due date when the incident's dates allow it, and whether it was met."""
    text = b(d.label, lang)
    due = getattr(d, "due", None)
    done_on = getattr(d, "done_on", None)
    late = getattr(d, "late_by_days", None)
    if due is not None:
        text += f": {t('officer.deadline.due', lang, date=fmt_date(due, lang))}"
    else:
        text += f": {t('officer.deadline.amount', lang, amount=d.amount, unit=t('ui.unit.' + d.unit, lang))}"
    if done_on is not None and late is not None:
        step = getattr(d, "met_by", None) or "step"
        done = t(f"officer.done.{step}", lang, date=fmt_date(done_on, lang))
        if late > 0:
            text += f"; {done}: {t('officer.deadline.late', lang, days=late)}"
        else:
            text += f"; {done}: {t('officer.deadline.met', lang)}"
    return text


def unique_deadlines(verdict: Verdict) -> list[DeadlineOut]:
    """Each deadline once, in the order the tracks list them (tracks often share the same steps)."""
    seen: dict[str, DeadlineOut] = {}
    for s in verdict.sanctions:
        for d in s.deadlines:
            seen.setdefault(d.id, d)
    return list(seen.values())


def late_deadlines(verdict: Verdict) -> list[DeadlineOut]:
    return [d for d in unique_deadlines(verdict) if (getattr(d, "late_by_days", None) or 0) > 0]


def sanction_certainty(s: TrackSanction) -> str | None:
    """'definite' or 'possible' once the verdict carries certainty (schema 2.0); None before."""
    value = getattr(s, "certainty", None)
    return str(value) if value else None


def tier_phrase(s: TrackSanction, lang: Lang) -> str:
    """The sanction of a track as the law names it; "at least ..." when it is a certain floor with
    heavier possibilities left open by unknown facts (schema 2.0)."""
    text = b(s.law_label, lang)
    if sanction_certainty(s) == "definite" and getattr(s, "possible_heavier", None):
        return t("officer.at_least", lang, tier=text)
    if sanction_certainty(s) == "possible":
        return t("officer.possibly", lang, tier=text)
    return text
