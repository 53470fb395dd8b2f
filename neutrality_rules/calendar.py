"""Election calendars: which election an act belongs to, and its phase on a given day.

The phase is derived, never typed in: the same like is a kode-etik matter the day before candidate
determination and a disciplinary one the day after (SKB 2022 KE4/D6), so the derivation must be
exact and the calendar dates sourced (rules/elections.yaml).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .ruleset.models import Election


@dataclass(frozen=True)
class PhaseInfo:
    phase: str
    after_determination: bool
    in_campaign: bool
    determination: dt.date


def phase_on(election: Election, contest: str, day: dt.date) -> PhaseInfo:
    """The phase of `day` for `contest`; the days between campaign end and voting are the quiet period."""
    determination = election.determination[contest]
    camp_from, camp_to = election.campaign.from_, election.campaign.to
    assert camp_from is not None and camp_to is not None  # validated by the model
    if day < determination:
        phase = "pre_determination"
    elif day < camp_from:
        phase = "pre_campaign"
    elif day <= camp_to:
        phase = "campaign"
    elif day < election.voting_day:
        phase = "quiet_period"
    elif day == election.voting_day:
        phase = "voting_day"
    else:
        phase = "post_voting"
    return PhaseInfo(
        phase=phase,
        after_determination=day >= determination,
        in_campaign=camp_from <= day <= camp_to,
        determination=determination,
    )


def elections_on(elections: dict[str, Election], day: dt.date) -> list[str]:
    """Keys of the elections whose window contains `day` (for suggestions in error messages)."""
    return [key for key, e in elections.items() if e.window.contains(day)]
