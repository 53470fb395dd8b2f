"""Election calendars: which election an act belongs to, and its phase on a given day.

The phase is derived, never typed in: the same like is a kode-etik matter the day before candidate
determination and a disciplinary one the day after (SKB 2022 KE4/D6), so the derivation must be
exact and the calendar dates sourced (rules/elections.yaml).

An election's days run from the start of the candidacy process (`candidacy_from`, else the first day of
the KPU's stages) to the end of its stages or of its last re-vote (`Election.span`). After the first voting
day, a second round or a re-vote that has dates of its own (campaign, quiet period, voting day) gives the
phase for the contests and regions it names; elsewhere those days are after voting.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from .ruleset.models import Election, Round


@dataclass(frozen=True)
class PhaseInfo:
    phase: str
    after_determination: bool
    in_campaign: bool
    determination: dt.date
    round: str | None = None
    """The second round or re-vote whose dates gave the phase (its `what`), if any."""


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def round_applies(r: Round, contest: str, region: str | None) -> bool:
    """Whether a round re-runs `contest` where the act happened. A round limited to regions applies only
    when the incident names a region that contains one of them (an unnamed region is not assumed)."""
    if r.contests and contest not in r.contests:
        return False
    if not r.regions:
        return True
    if region is None:
        return False
    where = _words(region)
    return any(_words(name) in where for name in r.regions)


def _round_phase(r: Round, day: dt.date) -> str | None:
    """The phase of `day` within a round with dates of its own, or None when the round says nothing."""
    if r.voting_day is None and r.campaign is None:
        return None
    if r.campaign is not None:
        assert r.campaign.from_ is not None and r.campaign.to is not None  # validated
        if day < r.campaign.from_:
            return "pre_campaign" if day >= r.start else None
        if day <= r.campaign.to:
            return "campaign"
    if r.voting_day is not None:
        if day < r.voting_day:
            return "quiet_period" if r.campaign is not None else None
        if day == r.voting_day:
            return "voting_day"
    return None


def phase_on(election: Election, contest: str, day: dt.date, region: str | None = None) -> PhaseInfo:
    """The phase of `day` for `contest` (in `region`, when a later round is limited to some regions); the
    days between campaign end and voting are the quiet period."""
    determination = election.determination[contest]
    camp_from, camp_to = election.campaign_start(contest), election.campaign.to
    assert camp_to is not None  # validated by the model
    in_round: str | None = None
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
        for r in election.rounds:
            if r.start <= day <= r.end and round_applies(r, contest, region):
                found = _round_phase(r, day)
                if found is not None:
                    phase, in_round = found, r.what
                    break
    return PhaseInfo(
        phase=phase,
        after_determination=day >= determination,
        in_campaign=phase == "campaign",
        determination=determination,
        round=in_round,
    )


def phase_spans(election: Election, contest: str, region: str | None = None) -> list[tuple[str, dt.date, dt.date]]:
    """The phases of an election for a contest as consecutive (phase, first day, last day) spans over the
    election's whole span, in order; a phase can recur (after a second round's campaign, post_voting again)."""
    span = election.span
    assert span.from_ is not None and span.to is not None
    cuts = {span.from_, span.to + dt.timedelta(days=1)}
    cuts.add(election.determination[contest])
    cuts.add(election.campaign_start(contest))
    assert election.campaign.to is not None
    cuts.add(election.campaign.to + dt.timedelta(days=1))
    cuts.add(election.voting_day)
    cuts.add(election.voting_day + dt.timedelta(days=1))
    for r in election.rounds:
        if not round_applies(r, contest, region):
            continue
        cuts.update({r.start, r.end + dt.timedelta(days=1)})
        if r.campaign is not None and r.campaign.from_ and r.campaign.to:
            cuts.update({r.campaign.from_, r.campaign.to + dt.timedelta(days=1)})
        if r.voting_day is not None:
            cuts.update({r.voting_day, r.voting_day + dt.timedelta(days=1)})
    ordered = sorted(c for c in cuts if span.from_ <= c <= span.to + dt.timedelta(days=1))
    out: list[tuple[str, dt.date, dt.date]] = []
    for lo, hi in itertools.pairwise(ordered):
        phase = phase_on(election, contest, lo, region).phase
        last = hi - dt.timedelta(days=1)
        if out and out[-1][0] == phase and out[-1][2] + dt.timedelta(days=1) == lo:
            out[-1] = (phase, out[-1][1], last)
        else:
            out.append((phase, lo, last))
    return out


def accepts(election: Election, day: dt.date) -> bool:
    """Whether an act on `day` can be tied to the election (its span)."""
    return election.span.contains(day)


def before_stages(election: Election, day: dt.date) -> bool:
    """An act in the candidacy process before the KPU's stages began (between candidacy_from and window.from)."""
    return election.window.from_ is not None and day < election.window.from_ and accepts(election, day)


def elections_on(elections: dict[str, Election], day: dt.date) -> list[str]:
    """Keys of the elections whose span contains `day` (for suggestions in error messages)."""
    return [key for key, e in elections.items() if e.span.contains(day)]
