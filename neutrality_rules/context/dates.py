"""Dates as reported, turned into the days they allow and cut where the law could change.

A report may give a day, a month, a year, a range, only a phase ("during the campaign"), or nothing.
Rather than invent a day, the context stage takes every day the report allows and cuts that span into
segments inside which nothing the rules can see changes: the phase (per contest), the regimes keyed
on the act date, the result of every date comparison a rule makes, and whether a prior sanction was
already imposed. One representative day per segment then stands for all of its days, exactly.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..calendar import phase_on, round_applies
from ..ruleset.conditions import Cmp, leaves
from ..ruleset.loader import RuleSet
from ..ruleset.models import Election

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Segment:
    """Consecutive days that are alike for every rule; `outside` days lie outside the election window."""

    first: dt.date
    last: dt.date
    outside: bool = False

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def phase_changes(ruleset: RuleSet, key: str, contest: str, region: str | None = None) -> tuple[dt.date, ...]:
    """The days on which the phase of `contest` changes within the election's days (cached per rule set);
    `region` decides whether a later round held only in some regions applies."""
    election = ruleset.elections.elections[key]
    memo_key = ("phase_changes", key, contest, rounds_in(election, contest, region))
    memo = ruleset.memo.get(memo_key)
    if memo is None:
        memo = ruleset.memo[memo_key] = _phase_changes(election, contest, region)
    assert isinstance(memo, tuple)
    return memo


def rounds_in(election: Election, contest: str, region: str | None) -> tuple[int, ...]:
    """The later rounds that apply in `region`: a region matters to the calendar only through them, so
    caches keyed by this see a caseload from a thousand regions as one or two calendars."""
    return tuple(i for i, r in enumerate(election.rounds) if round_applies(r, contest, region))


def _phase_changes(election: Election, contest: str, region: str | None) -> tuple[dt.date, ...]:
    # scanning the window day by day stays exact whatever the calendar models (second rounds,
    # re-votes), and costs well under a millisecond once per calendar and contest
    span = election.span
    assert span.from_ is not None and span.to is not None
    out: list[dt.date] = []
    day = span.from_
    before = phase_on(election, contest, day, region)
    while day < span.to:
        day += ONE_DAY
        now = phase_on(election, contest, day, region)
        if now != before:
            out.append(day)
            before = now
    return tuple(out)


def rule_date_cuts(ruleset: RuleSet) -> tuple[dt.date, ...]:
    """Days at which some rule's date comparison changes its answer, and regime windows on the act date."""
    cached = ruleset.memo.get("date_cuts")
    if isinstance(cached, tuple):
        return cached
    cuts: set[dt.date] = set()
    for rule in ruleset.rules:
        for leaf in leaves(rule.condition):
            if isinstance(leaf, Cmp) and leaf.path == "date" and isinstance(leaf.value, int):
                day = dt.date.fromordinal(leaf.value)
                # the answer of `date OP day` can change at `day` and at the day after it
                cuts.update((day, day + ONE_DAY))
    for regime in ruleset.sanctions.regimes.values():
        if regime.keyed_on == "act_date":
            if regime.in_force.from_:
                cuts.add(regime.in_force.from_)
            if regime.in_force.to:
                cuts.add(regime.in_force.to + ONE_DAY)
    result = tuple(sorted(cuts))
    ruleset.memo["date_cuts"] = result
    return result


def law_date_cuts(ruleset: RuleSet) -> tuple[dt.date, ...]:
    """Days at which a regime keyed on the law date (the examination) starts or ends."""
    cuts: set[dt.date] = set()
    for regime in ruleset.sanctions.regimes.values():
        if regime.keyed_on == "law_date":
            if regime.in_force.from_:
                cuts.add(regime.in_force.from_)
            if regime.in_force.to:
                cuts.add(regime.in_force.to + ONE_DAY)
    for entry in ruleset.authorities.routes:
        if entry.in_force.from_:
            cuts.add(entry.in_force.from_)
        if entry.in_force.to:
            cuts.add(entry.in_force.to + ONE_DAY)
    for oset in ruleset.sanctions.option_sets:
        if oset.in_force.from_:
            cuts.add(oset.in_force.from_)
        if oset.in_force.to:
            cuts.add(oset.in_force.to + ONE_DAY)
    return tuple(sorted(cuts))


def segments(first: dt.date, last: dt.date, cuts: Iterable[dt.date], window: tuple[dt.date, dt.date]) -> list[Segment]:
    """Cut `first..last` at every cut day and at the election window's edges."""
    lo, hi = window
    points = sorted({*cuts, lo, hi + ONE_DAY})
    out: list[Segment] = []
    start = first
    index = bisect.bisect_right(points, start)
    while start <= last:
        nxt = points[index] if index < len(points) else None
        end = last if nxt is None or nxt > last else nxt - ONE_DAY
        out.append(Segment(start, end, outside=not (lo <= start <= hi)))
        start = end + ONE_DAY
        index = bisect.bisect_right(points, start)
    return out
