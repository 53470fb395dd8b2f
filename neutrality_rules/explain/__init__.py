"""Why a rule matched, why another did not, and which unknown facts keep a verdict open.

These are computed on the condition IR with the reference semantics, for the rules the matcher
reported (or, for near misses, the rules relevant to the act), so an explanation never depends on
which backend ran. A near miss is a rule all of whose top-level conditions held but exactly one, the
unit a reader can act on ("the same like one day later would be a disciplinary matter").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..context import Facts
from ..i18n import msg
from ..ruleset.compiled import tests_of
from ..ruleset.conditions import Cmp, Condition, In, Scalar, evaluate, failing_leaf
from ..ruleset.loader import CompiledRule, RuleSet
from ..verdict import Bilingual, FactCheck, FactValue

DERIVED = ("phase", "after_determination", "in_campaign", "date", "election.type")


@dataclass(frozen=True)
class ActView:
    """One act as one world sees it: the facts the rules were tested on, and where each came from."""

    index: int
    facts: Facts
    origin: dict[str, str]
    assumed: frozenset[str] = field(default_factory=frozenset)
    """Fact paths whose value this world assumes (an open fact); shown as such, never as stated."""


def _show(path: str, value: Scalar | None) -> FactValue:
    if path == "date" and isinstance(value, int) and not isinstance(value, bool):
        return dt.date.fromordinal(value).isoformat()
    return value


def fact_label(ruleset: RuleSet, path: str) -> Bilingual:
    cached = ruleset.label_cache.get(path)
    if not isinstance(cached, Bilingual):
        cached = ruleset.label_cache[path] = _fact_label(ruleset, path)
    return cached


def _fact_label(ruleset: RuleSet, path: str) -> Bilingual:
    vocab = ruleset.vocabulary
    if path.startswith("act.") and path != "act.type":
        name, _, value = path[4:].partition(".")
        mod = vocab.modifiers.get(name)
        if mod is not None:
            if value:
                word = mod.value_labels.get(value)
                en, id_ = (word.en, word.id) if word is not None else (value, value)
                return Bilingual(en=f"{mod.label.en}: {en}", id=f"{mod.label.id}: {id_}")
            return Bilingual(en=mod.label.en, id=mod.label.id)
    if path.startswith("regime."):
        # the family named by its instruments ("PP 53/2010 / PP 94/2021"), not by its key
        key = path.split(".", 1)[1]
        shorts = dict.fromkeys(
            ruleset.sources.instruments[r.instrument].short if r.instrument in ruleset.sources.instruments else k
            for k, r in ruleset.sanctions.regimes.items()
            if r.family == key
        )
        family = " / ".join(shorts) or key
        return Bilingual(
            en=msg("fact.regime", "en", family=family) or path, id=msg("fact.regime", "id", family=family) or path
        )
    return Bilingual(en=msg(f"fact.{path}", "en") or path, id=msg(f"fact.{path}", "id") or path)


def origin_of(path: str, act: ActView) -> str:
    if path in act.assumed:
        return "assumed"
    if path in act.origin:
        return act.origin[path]
    if path in DERIVED or path.startswith("regime."):
        return "derived"
    return "stated" if act.facts.get(path) is not None else "unknown"


def check_of(ruleset: RuleSet, leaf: Cmp | In, act: ActView) -> FactCheck:
    actual = act.facts.get(leaf.path)
    if isinstance(leaf, In):
        expected = [_show(leaf.path, v) for v in leaf.values]
        test = "in"
    else:
        expected = [_show(leaf.path, leaf.value)]
        test = leaf.op
    return FactCheck(
        fact=leaf.path,
        label=fact_label(ruleset, leaf.path),
        test=test,
        expected=expected,
        actual=_show(leaf.path, actual),
        origin=origin_of(leaf.path, act),  # type: ignore[arg-type]
        holds=evaluate(leaf, act.facts),
    )


def relevant(rs: RuleSet, rule: CompiledRule, act: ActView) -> bool:
    """The rule concerns this act type and this subject (its first guards), whatever else holds."""
    return tests_of(rs, rule).relevant(act.facts) is True


def near_miss(rs: RuleSet, rule: CompiledRule, act: ActView) -> Cmp | In | None:
    """If exactly one top-level condition of the rule is false and the rest true, its failing leaf."""
    failing: Condition | None = None
    for part, test in tests_of(rs, rule).parts:
        truth = test(act.facts)
        if truth is True:
            continue
        if truth is None or failing is not None:
            return None
        failing = part
    return failing_leaf(failing, act.facts) if failing is not None else None
