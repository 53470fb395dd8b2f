"""Conditions in words, for `nrules rules show`, the SKB-shaped table and memos."""

from __future__ import annotations

import datetime as dt

from .explain import fact_label
from .i18n import Lang, t
from .i18n.dates import fmt_date
from .ruleset.conditions import All, AnyOf, Cmp, Condition, In, Not, Scalar
from .ruleset.loader import RuleSet

_OPS = {
    "eq": "cond.is",
    "ne": "cond.is_not",
    "lt": "cond.before",
    "lte": "cond.on_or_before",
    "gt": "cond.after",
    "gte": "cond.on_or_after",
}


def _value(rs: RuleSet, path: str, value: Scalar, lang: Lang, technical: bool = True) -> str:
    if path == "date" and isinstance(value, int) and not isinstance(value, bool):
        return fmt_date(dt.date.fromordinal(value), lang)
    if isinstance(value, bool):
        return t("cond.true" if value else "cond.false", lang)
    vocab = rs.vocabulary
    for table in (vocab.act_types, vocab.roles, vocab.positions, vocab.contests, vocab.phases):
        term = table.get(str(value))
        if term is not None and path.split(".")[-1] in ("type", "role", "position", "contest", "phase"):
            return f"{term.label.get(lang)} ({value})" if technical else term.label.get(lang)
    return str(value)


def describe(cond: Condition, rs: RuleSet, lang: Lang, depth: int = 0, *, technical: bool = True) -> list[str]:
    """One line per condition, nested with indentation; `all` is implicit at the top. Without
    `technical`, vocabulary terms are written by their labels only (no keys)."""
    pad = "  " * depth

    def sub(c: Condition, d: int) -> list[str]:
        return describe(c, rs, lang, d, technical=technical)

    if isinstance(cond, Cmp):
        label = getattr(fact_label(rs, cond.path), lang)
        return [f"{pad}- {label} {t(_OPS[cond.op], lang)} {_value(rs, cond.path, cond.value, lang, technical)}"]
    if isinstance(cond, In):
        label = getattr(fact_label(rs, cond.path), lang)
        values = ", ".join(_value(rs, cond.path, v, lang, technical) for v in cond.values)
        return [f"{pad}- {label} {t('cond.one_of', lang)} {values}"]
    if isinstance(cond, All):
        if depth == 0:
            return [line for item in cond.items for line in sub(item, depth)]
        return [f"{pad}- {t('cond.all', lang)}:"] + [ln for i in cond.items for ln in sub(i, depth + 1)]
    if isinstance(cond, AnyOf):
        return [f"{pad}- {t('cond.any', lang)}:"] + [ln for i in cond.items for ln in sub(i, depth + 1)]
    if isinstance(cond, Not):
        return [f"{pad}- {t('cond.not', lang)}:", *sub(cond.item, depth + 1)]
    raise TypeError(cond)
