"""Possible worlds: the completions of what a report leaves open that could change the outcome.

Three-valued (Kleene) evaluation comes first: a rule that is true or false on the act's base facts is
so whatever the unknown facts are (Kleene logic is monotone in information), so only the rules left
undecided need the unknowns, and only the unknowns they read are enumerated. A month of unknown dates
is two or three worlds (one per phase it spans), not thirty; an unmentioned uniform that no rule
needs is no world at all. Each world then gives ordinary, fully known fact documents, which the
matcher of record (durable-rules) decides exactly as it decides a tidy report.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from ..ruleset.compiled import tests_of
from ..ruleset.conditions import unknown_paths
from ..ruleset.loader import CompiledRule, RuleSet
from . import DATE_PATHS, LAW_VAR, OFFICE_VAR, ActContext, Context, Facts, date_facts, law_facts
from .dates import Segment

MAX_WORLDS = 4096
"""Above this many combinations the engine stops enumerating and reports the open facts instead."""


@dataclass(frozen=True)
class Stuck:
    """A rule no enumeration can decide (it reads an unknown number, or the worlds were too many)."""

    rule: CompiledRule
    act_index: int
    paths: tuple[str, ...]


@dataclass(frozen=True)
class World:
    """One completion of the relevant unknowns: a value index per variable, and the facts it gives."""

    assignment: tuple[tuple[str, int], ...]
    docs: tuple[Facts | None, ...]
    """Per act; None for an act that in this world falls outside the election window (no election tie)."""
    days: tuple[dt.date | None, ...]
    """Per act, the first day of its segment in this world (None when its date is open and irrelevant)."""
    law_date: dt.date

    def value(self, key: str) -> int | None:
        for k, v in self.assignment:
            if k == key:
                return v
        return None


@dataclass(frozen=True)
class Worlds:
    relevant: tuple[str, ...]
    """The variables some rule (or the sentencing of a repeat) needs, in a stable order."""
    worlds: tuple[World, ...]
    stuck: tuple[Stuck, ...]
    undecided: dict[int, tuple[str, ...]]
    """Per act, the rules left undecided by the base facts."""
    capped: bool = False


def _var_of(ctx: Context, act: ActContext, path: str, law_families: set[str]) -> str | None:
    if path in DATE_PATHS or (path.startswith("regime.") and path[7:] not in law_families):
        return act.date_var
    if path.startswith("regime."):
        return LAW_VAR if LAW_VAR in ctx.variables else None
    if path == "subject.role":
        return OFFICE_VAR if OFFICE_VAR in ctx.variables else None
    return act.modifier_vars.get(path)


def possible_worlds(ctx: Context, rs: RuleSet) -> Worlds:
    law_families = {f for f, keyed in rs.regime_families.items() if keyed == "law_date"}
    relevant: dict[str, None] = {}
    stuck: list[Stuck] = []
    undecided: dict[int, tuple[str, ...]] = {}
    has_priors = bool(ctx.prior_sanctions)
    for act in ctx.acts:
        if act.undisclosed:
            continue
        if act.date_var and (has_priors or any(s.outside for s in act.segments)):
            relevant[act.date_var] = None  # the day decides the election tie or whether a repeat counts
        open_rules: list[str] = []
        for rule in rs.rules_by_act.get(act.act.type, ()):
            if tests_of(rs, rule).whole(act.base) is not None:
                continue
            open_rules.append(rule.id)
            paths = unknown_paths(rule.condition, act.base)
            blocked = []
            for path in paths:
                var = _var_of(ctx, act, path, law_families)
                if var is None:
                    blocked.append(path)
                else:
                    relevant[var] = None
            if blocked:
                stuck.append(Stuck(rule, act.index, tuple(blocked)))
        undecided[act.index] = tuple(open_rules)
    keys = tuple(k for k in ctx.variables if k in relevant)  # the context's order: stable output
    sizes = [len(ctx.variables[k].values) for k in keys]
    total = 1
    for size in sizes:
        total *= size
    if total > MAX_WORLDS:
        extra = [Stuck(rs.by_id[rid], a, ()) for a, rids in undecided.items() for rid in rids]
        return Worlds((), (_world(ctx, rs, ()),), (*stuck, *extra), undecided, capped=True)
    worlds = tuple(
        _world(ctx, rs, tuple(zip(keys, combo, strict=True))) for combo in itertools.product(*map(range, sizes))
    )
    return Worlds(keys, worlds, tuple(stuck), undecided)


def _world(ctx: Context, rs: RuleSet, assignment: tuple[tuple[str, int], ...]) -> World:
    chosen = dict(assignment)
    law_date = ctx.law_date
    law_update: Facts = {}
    if LAW_VAR in chosen:
        seg = ctx.variables[LAW_VAR].values[chosen[LAW_VAR]]
        assert isinstance(seg, Segment)
        law_date = seg.first
        law_update = law_facts(rs, seg.first)
    role_update: Facts = {}
    if OFFICE_VAR in chosen:
        held = ctx.variables[OFFICE_VAR].values[chosen[OFFICE_VAR]]
        office = rs.vocabulary.office
        role_update["subject.role"] = ctx.role if held or office is None else office.outside_role
    docs: list[Facts | None] = []
    days: list[dt.date | None] = []
    for act in ctx.acts:
        doc = dict(act.base)
        doc.update(law_update)
        doc.update(role_update)
        day = act.day
        if act.date_var is not None and act.date_var in chosen:
            seg = ctx.variables[act.date_var].values[chosen[act.date_var]]
            assert isinstance(seg, Segment)
            day = seg.first
            if seg.outside:
                docs.append(None)
                days.append(day)
                continue
            doc.update(date_facts(rs, ctx.election, act.contest, seg.first, ctx.incident.election.region))
        for path, var in act.modifier_vars.items():
            if var in chosen:
                doc[path] = ctx.variables[var].values[chosen[var]]  # type: ignore[assignment]
        docs.append(doc)
        days.append(day)
    return World(assignment, tuple(docs), tuple(days), law_date)
