"""The pure-Python reference matcher: the oracle for differential tests, and the fallback backend.

It evaluates the same condition IR the durable compiler consumes, with the three-valued semantics of
ruleset.conditions; durable_rules, given every path present (null when unknown) and negations pushed
to the leaves, fires exactly when this returns true.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..ruleset.conditions import evaluate
from ..ruleset.loader import RuleSet
from .protocol import FactDoc


class ReferenceMatcher:
    name = "reference"

    def __init__(self, ruleset: RuleSet) -> None:
        self._by_act = ruleset.rules_by_act

    def match(self, docs: Sequence[FactDoc]) -> list[frozenset[str]]:
        return [
            frozenset(r.id for r in self._by_act.get(str(doc["act.type"]), ()) if evaluate(r.condition, doc) is True)
            for doc in docs
        ]
