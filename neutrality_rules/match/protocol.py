"""The protocol every matching backend implements.

A matcher answers one question: for each fact document (one per act), which rules' conditions are
true. Everything else (overrides, sentencing, explanations) happens above it, so the durable-rules
backend and the pure-Python reference backend are interchangeable and can be compared one-to-one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from ..ruleset.conditions import Scalar

FactDoc = Mapping[str, Scalar | None]


class Matcher(Protocol):
    name: str

    def match(self, docs: Sequence[FactDoc]) -> list[frozenset[str]]:
        """For each document, the ids of the rules whose condition is true."""
        ...
