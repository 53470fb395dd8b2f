"""Who acts next: the body that recommends, the authority that imposes, referrals, and deadlines.

All of it is data (rules/authorities.yaml), selected by track, subject, position, tier, election type
and the date the law is applied as of (KASN until 23-08-2024, BKN after: Perpres 92/2024).
"""

from __future__ import annotations

import datetime as dt

from ..context import Context
from ..ruleset.loader import RuleSet
from ..ruleset.models import RouteEntry
from ..sentence import bi
from ..verdict import BodyOut, DeadlineOut


def _applies(rs: RuleSet, entry: RouteEntry, track: str, tier: str, ctx: Context) -> bool:
    """Whether a route entry concerns this track, tier, respondent and election (dates aside)."""
    position = ctx.respondent.position_kind
    level = ctx.respondent.government_level
    return (
        track in entry.tracks
        and (entry.subjects is None or ctx.role in rs.expand_subjects(entry.subjects))
        and (entry.positions is None or position is None or position in entry.positions)
        and (entry.government_levels is None or level is None or level in entry.government_levels)
        and (entry.tiers is None or tier in entry.tiers)
        and (entry.election_types is None or ctx.election.type in entry.election_types)
    )


def route_for(rs: RuleSet, track: str, tier: str, ctx: Context, law_date: dt.date | None = None) -> list[BodyOut]:
    """The bodies that act on this track and tier, on the law date (of the world the sanction comes
    from). Each body appears once per step: when the respondent's position is not given, several
    entries may name the same body (the PPK for each kind of position), and their bases are merged.
    The entries that concern a kind of case are found once per rule set; only their dates are checked
    per verdict."""
    day = law_date or ctx.law_date
    person = ctx.respondent
    memo_key = ("route", track, tier, ctx.role, person.position_kind, person.government_level, ctx.election.type)
    candidates = rs.memo.get(memo_key)
    if not isinstance(candidates, list):
        candidates = [
            (entry, _body(rs, entry)) for entry in rs.authorities.routes if _applies(rs, entry, track, tier, ctx)
        ]
        rs.memo[memo_key] = candidates
    merged: dict[tuple[str, str], BodyOut] = {}
    for entry, out in candidates:
        if not entry.in_force.contains(day):
            continue
        key = (entry.step, entry.body)
        known = merged.get(key)
        if known is None:
            merged[key] = out
            continue
        merged[key] = known.model_copy(
            update={
                "basis": list(dict.fromkeys([*known.basis, *entry.basis])),
                "flags": list(dict.fromkeys([*known.flags, *entry.flags])),
            }
        )
    return list(merged.values())


def _body(rs: RuleSet, entry: RouteEntry) -> BodyOut:
    return BodyOut(
        step=entry.step,
        body=entry.body,
        label=bi(rs.authorities.bodies[entry.body].label),
        basis=list(entry.basis),
        flags=list(entry.flags),
        note=bi(entry.note) if entry.note else None,
    )


def _add(start: dt.date, amount: int, unit: str) -> dt.date | None:
    """The due date: calendar days and months are counted here; working days need the national
    holidays and cuti bersama of the year, which the rule set does not hold, so none is computed."""
    if unit == "hari":
        return start + dt.timedelta(days=amount)
    if unit == "bulan":
        month = start.month - 1 + amount
        year, month = start.year + month // 12, month % 12 + 1
        for day in (start.day, 30, 29, 28):
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
    return None


def event_dates(ctx: Context) -> dict[str, dt.date | None]:
    """The procedural events the incident dates: when the act became known, when the report came in."""
    incident = ctx.incident
    report = incident.report
    return {
        "date_known": incident.event.date_known,
        "report_received": report.received_on if report is not None else None,
    }


def deadlines_for(rs: RuleSet, track: str, ctx: Context) -> list[DeadlineOut]:
    """The deadlines of a track, each with its due date where the incident dates the event it runs
    from, and, where it dates the step the deadline limits, whether that step was late (a report
    received after the reporting deadline raises the deadline's `late_flag`)."""
    out = []
    events = event_dates(ctx)
    for d in rs.authorities.deadlines:
        if track not in d.tracks or (d.election_types and ctx.election.type not in d.election_types):
            continue
        starts_on = events.get(d.from_event)
        due = _add(starts_on, d.amount, d.unit) if starts_on is not None else None
        done_on = events.get(d.met_by) if d.met_by else None
        late_by = (done_on - due).days if done_on is not None and due is not None else None
        flags = list(d.flags)
        if late_by is not None and late_by > 0 and d.late_flag:
            flags.append(d.late_flag)
        out.append(
            DeadlineOut(
                id=d.id,
                label=bi(d.label),
                amount=d.amount,
                unit=d.unit,
                from_event=d.from_event,
                due=due,
                basis=list(d.basis),
                confidence=d.confidence,
                starts_on=starts_on,
                met_by=d.met_by,
                done_on=done_on,
                late_by_days=max(late_by, 0) if late_by is not None else None,
                flags=flags,
            )
        )
    return out
