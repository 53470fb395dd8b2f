"""Open facts in words: what the report left open, which values lead where, and what was not needed.

A lawyer reads "before 13 November 2023: sanksi moral; from 13 November 2023: hukuman disiplin
berat", not world indexes. A set of worlds is described over the facts that decide it: values of one
fact that all lead to the same outcome are merged (consecutive days into one span), and a fact whose
every value appears alike is left out of that line altogether.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

from ..context import LAW_VAR, OFFICE_VAR, Context, Variable
from ..context.dates import ONE_DAY, Segment
from ..context.worlds import Worlds
from ..i18n import t
from ..i18n.dates import fmt_date, fmt_month
from ..incident import ReportedDate
from ..ruleset.loader import RuleSet
from ..verdict import Bilingual, OpenValue
from . import fact_label

Lang = Literal["en", "id"]
Assignment = dict[str, frozenset[int]]


def variable_label(ctx: Context, rs: RuleSet, var: Variable) -> Bilingual:
    def make(lang: Lang) -> str:
        if var.kind == "date":
            if var.key == "event.date_of_act" or len(ctx.acts) == 1:
                return t("open.date_of_act", lang)
            return t("open.date_of_act_n", lang, n=var.acts[0] + 1)
        if var.key == LAW_VAR:
            return t("open.examination_started", lang)
        if var.key == OFFICE_VAR:
            return t("open.in_office", lang)
        assert var.path is not None
        text = str(getattr(fact_label(rs, var.path), lang))  # the vocabulary's words for a value, never its key
        return text if len(ctx.acts) == 1 else t("open.of_act", lang, n=var.acts[0] + 1, fact=text)

    return Bilingual(en=make("en"), id=make("id"))


def reported_label(reported: ReportedDate | None, phase: str | None, rs: RuleSet) -> Bilingual:
    """A date as the report gave it, in words."""

    def make(lang: Lang) -> str:
        parts = []
        if reported is None:
            parts.append(t("open.date_unknown", lang))
        elif reported.kind == "month":
            parts.append(fmt_month(reported.first.year, reported.first.month, lang))
        elif reported.kind == "year":
            parts.append(str(reported.first.year))
        elif reported.kind == "range":
            parts.append(
                t("open.range", lang, first=fmt_date(reported.first, lang), last=fmt_date(reported.last, lang))
            )
        else:
            parts.append(fmt_date(reported.first, lang))
        if phase is not None:
            parts.append(t("open.in_phase", lang, phase=rs.vocabulary.phases[phase].label.get(lang)))
        return ", ".join(parts)

    return Bilingual(en=make("en"), id=make("id"))


def _spans(segments: Sequence[Segment]) -> list[tuple[dt.date, dt.date]]:
    spans: list[tuple[dt.date, dt.date]] = []
    for seg in sorted(segments, key=lambda s: s.first):
        if spans and spans[-1][1] + ONE_DAY == seg.first:
            spans[-1] = (spans[-1][0], seg.last)
        else:
            spans.append((seg.first, seg.last))
    return spans


def _span_text(first: dt.date, last: dt.date, lo: dt.date, hi: dt.date, lang: Lang) -> str:
    if first == last:
        return t("open.on_day", lang, day=fmt_date(first, lang))
    if first == lo and last == hi:
        return t("open.any_day", lang)
    if first == lo:
        return t("open.before_day", lang, day=fmt_date(last + ONE_DAY, lang))
    if last == hi:
        return t("open.from_day", lang, day=fmt_date(first, lang))
    return t("open.range", lang, first=fmt_date(first, lang), last=fmt_date(last, lang))


def value_of(ctx: Context, rs: RuleSet, key: str, indexes: Iterable[int]) -> list[OpenValue]:
    """The values `indexes` of variable `key`, in words (consecutive spans of days merged)."""
    var = ctx.variables[key]
    label = variable_label(ctx, rs, var)
    chosen = sorted(set(indexes))
    if var.kind in ("date", "law_date"):
        segs = [var.values[i] for i in chosen]
        all_segs = [s for s in var.values if isinstance(s, Segment)]
        lo, hi = all_segs[0].first, all_segs[-1].last
        out = []
        for first, last in _spans([s for s in segs if isinstance(s, Segment)]):
            outside = all(s.outside for s in segs if isinstance(s, Segment) and first <= s.first <= last)
            text = Bilingual(
                en=_span_text(first, last, lo, hi, "en") + (t("open.outside_window", "en") if outside else ""),
                id=_span_text(first, last, lo, hi, "id") + (t("open.outside_window", "id") if outside else ""),
            )
            out.append(OpenValue(fact=key, label=label, value=text, first=first, last=last))
        return out
    out = []
    for i in chosen:
        raw = var.values[i]
        if isinstance(raw, bool):
            text = Bilingual(
                en=t("cond.true" if raw else "cond.false", "en"), id=t("cond.true" if raw else "cond.false", "id")
            )
        else:
            text = _value_words(rs, var.path, raw)
        out.append(OpenValue(fact=key, label=label, value=text, raw=raw if isinstance(raw, bool | str | int) else None))
    return out


def _value_words(rs: RuleSet, path: str | None, raw: object) -> Bilingual:
    """A modifier's value as the vocabulary words it (`value_labels`), else as given."""
    mod = rs.vocabulary.modifiers.get(path[4:].partition(".")[0]) if path and path.startswith("act.") else None
    word = mod.value_labels.get(str(raw)) if mod is not None else None
    return Bilingual(en=word.en, id=word.id) if word is not None else Bilingual(en=str(raw), id=str(raw))


def describe(
    ctx: Context, rs: RuleSet, worlds: Worlds, members: Iterable[int], deciding: Sequence[str]
) -> list[list[OpenValue]]:
    """The worlds `members` as a disjunction of conjunctions over the deciding facts."""
    keys = list(deciding) or list(worlds.relevant)
    if not keys:
        return []
    sizes = {k: len(ctx.variables[k].values) for k in keys}
    rows: set[tuple[int, ...]] = set()
    for w in members:
        world = worlds.worlds[w]
        rows.add(tuple(world.value(k) or 0 for k in keys))
    boxes: list[Assignment] = [{k: frozenset({v}) for k, v in zip(keys, row, strict=True)} for row in sorted(rows)]
    boxes = _merge(boxes, keys, sizes)
    out: list[list[OpenValue]] = []
    for box in boxes:
        line: list[OpenValue] = []
        for k in keys:
            if len(box[k]) < sizes[k]:  # a fact taking every value does not belong to this line
                line.extend(value_of(ctx, rs, k, box[k]))
        out.append(line)
    return out


def _merge(boxes: list[Assignment], keys: list[str], sizes: dict[str, int]) -> list[Assignment]:
    """Merge boxes that differ in one fact only, until none do (a small, exact cover of the worlds)."""
    changed = True
    while changed:
        changed = False
        for k in keys:
            grouped: dict[tuple[tuple[str, frozenset[int]], ...], frozenset[int]] = {}
            for box in boxes:
                rest = tuple((kk, box[kk]) for kk in keys if kk != k)
                grouped[rest] = grouped.get(rest, frozenset()) | box[k]
            if len(grouped) < len(boxes):
                boxes = [{**dict(rest), k: vals} for rest, vals in grouped.items()]
                changed = True
    return boxes
