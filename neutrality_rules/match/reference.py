"""The pure-Python reference matcher: the oracle for differential tests, and the fallback backend.

It evaluates the same condition IR the durable compiler consumes, with the three-valued semantics of
ruleset.conditions; durable_rules, given every path present (null when unknown) and negations pushed
to the leaves, fires exactly when this returns true.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..ruleset.compiled import tests_of
from ..ruleset.loader import RuleSet
from .protocol import FactDoc


class ReferenceMatcher:
    name = "reference"

    def __init__(self, ruleset: RuleSet) -> None:
        self._by_act = {
            act: tuple((r.id, tests_of(ruleset, r).whole) for r in rules) for act, rules in ruleset.rules_by_act.items()
        }

    def match(self, docs: Sequence[FactDoc]) -> list[frozenset[str]]:
        return [
            frozenset(rid for rid, test in self._by_act.get(str(doc["act.type"]), ()) if test(doc) is True)
            for doc in docs
        ]
