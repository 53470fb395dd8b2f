"""Stage 3 of the pipeline: which rules hold for each act, in each possible world.

The matcher (durable-rules, the engine of record, or the pure-Python reference with identical
semantics) decides each distinct fact document once; overrides (Catala-style exceptions: an exemption
beats the violation it names) are then applied per act. A report with no open facts is one world, so
this costs what a tidy report always cost: one assert and one retract per act.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..context import Context
from ..context.worlds import Worlds
from ..ruleset.loader import RuleSet
from .protocol import FactDoc, Matcher


@dataclass(frozen=True)
class ActMatch:
    """What held for one act in one world, after overrides."""

    violations: tuple[str, ...]
    exemptions: tuple[str, ...]
    overridden: tuple[tuple[str, str], ...]
    """(rule id, the rule that overrode it)."""


NO_TIE = ActMatch((), (), ())
"""An act that in this world falls outside the election window: no election, no neutrality rule."""


def match_worlds(ctx: Context, worlds: Worlds, matcher: Matcher, rs: RuleSet) -> list[list[ActMatch]]:
    """For each world, for each act, what held. Identical documents are matched once."""
    unique: dict[tuple[tuple[str, object], ...], int] = {}
    docs: list[FactDoc] = []
    keys: list[list[int | None]] = []
    for world in worlds.worlds:
        row: list[int | None] = []
        for act, doc in zip(ctx.acts, world.docs, strict=True):
            if doc is None or act.undisclosed:
                row.append(None)
                continue
            key = tuple(doc.items())
            if key not in unique:
                unique[key] = len(docs)
                docs.append(doc)
            row.append(unique[key])
        keys.append(row)
    matched = matcher.match(docs) if docs else []
    resolved = [_resolve(rs, ids) for ids in matched]
    return [[NO_TIE if k is None else resolved[k] for k in row] for row in keys]


def _resolve(rs: RuleSet, ids: frozenset[str]) -> ActMatch:
    rules = [rs.by_id[i] for i in sorted(ids)]
    beaten = {o: r.id for r in rules for o in r.rule.overrides}
    violations: list[str] = []
    exemptions: list[str] = []
    overridden: list[tuple[str, str]] = []
    for rule in rules:
        if rule.id in beaten:
            overridden.append((rule.id, beaten[rule.id]))
        elif rule.rule.kind == "exemption":
            exemptions.append(rule.id)
        else:
            violations.append(rule.id)
    return ActMatch(tuple(violations), tuple(exemptions), tuple(overridden))


__all__ = ["NO_TIE", "ActMatch", "FactDoc", "Matcher", "match_worlds"]
