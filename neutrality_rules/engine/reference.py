"""The pure-Python reference matcher: the oracle for differential tests, and the fallback backend.

It evaluates the same condition IR the durable compiler consumes, with the three-valued semantics of
ruleset.conditions; durable_rules, given every path present (null when unknown) and negations pushed
to the leaves, fires exactly when this returns true.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..ruleset.conditions import Cmp, In, evaluate
from ..ruleset.loader import CompiledRule, RuleSet
from .protocol import FactDoc


class ReferenceMatcher:
    name = "reference"

    def __init__(self, ruleset: RuleSet) -> None:
        self._by_act: dict[object, list[CompiledRule]] = defaultdict(list)
        for rule in ruleset.rules:
            guard = rule.guards[1]
            acts = guard.values if isinstance(guard, In) else (guard.value,) if isinstance(guard, Cmp) else ()
            for act in acts:
                self._by_act[act].append(rule)

    def match(self, docs: Sequence[FactDoc]) -> list[frozenset[str]]:
        return [
            frozenset(r.id for r in self._by_act.get(doc["act.type"], ()) if evaluate(r.condition, doc) is True)
            for doc in docs
        ]
