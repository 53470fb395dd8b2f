"""Who acts next: the body that recommends, the authority that imposes, referrals, and deadlines.

All of it is data (rules/authorities.yaml), selected by track, subject, position, tier, election type
and the date the law is applied as of (KASN until 23-08-2024, BKN after; REFERENCE 5.3).
"""

from __future__ import annotations

import datetime as dt

from ..context import Context
from ..ruleset.loader import RuleSet
from ..ruleset.models import RouteEntry
from ..sentence import bi
from ..verdict import BodyOut, DeadlineOut


def _applies(rs: RuleSet, entry: RouteEntry, track: str, tier: str, ctx: Context, law_date: dt.date) -> bool:
    position = ctx.respondent.position_kind
    level = ctx.respondent.government_level
    return (
        track in entry.tracks
        and (entry.subjects is None or ctx.role in rs.expand_subjects(entry.subjects))
        and (entry.positions is None or position is None or position in entry.positions)
        and (entry.government_levels is None or level is None or level in entry.government_levels)
        and (entry.tiers is None or tier in entry.tiers)
        and (entry.election_types is None or ctx.election.type in entry.election_types)
        and entry.in_force.contains(law_date)
    )


def route_for(rs: RuleSet, track: str, tier: str, ctx: Context, law_date: dt.date | None = None) -> list[BodyOut]:
    """The bodies that act on this track and tier, on the law date (of the world the sanction comes from)."""
    out = []
    for entry in rs.authorities.routes:
        if _applies(rs, entry, track, tier, ctx, law_date or ctx.law_date):
            body = rs.authorities.bodies[entry.body]
            out.append(
                BodyOut(
                    step=entry.step,
                    body=entry.body,
                    label=bi(body.label),
                    basis=list(entry.basis),
                    flags=list(entry.flags),
                    note=bi(entry.note) if entry.note else None,
                )
            )
    return out


def deadlines_for(rs: RuleSet, track: str, ctx: Context) -> list[DeadlineOut]:
    out = []
    known = ctx.incident.event.date_known
    for d in rs.authorities.deadlines:
        if track not in d.tracks or (d.election_types and ctx.election.type not in d.election_types):
            continue
        due: dt.date | None = None
        if d.unit == "hari" and d.from_event == "date_known" and known is not None:
            due = known + dt.timedelta(days=d.amount)
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
            )
        )
    return out
