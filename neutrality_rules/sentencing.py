"""From findings to one recommended sanction per track.

The legal mechanics are data (rules/sanctions.yaml); this module only applies them:
- a track whose `combine` is `heaviest` gives one sanction, the heaviest finding's (PP 94 Pasal 35(1),
  PP 53 Pasal 30(1)), citing the regime's `multiple_basis`;
- a prior sanction of the same nature on that track escalates to a heavier sanction type than the last
  one imposed (Pasal 35(2)), walking the regime's ordered sanction types;
- a prior sanction for this very violation means no second sanction (Pasal 35(3));
- tracks are independent (discipline, kode etik, criminal referral...), and all are reported.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .i18n import both
from .incident import Incident, PriorSanction
from .ruleset.loader import CompiledRule, RuleSet
from .ruleset.models import OptionSet, Text
from .verdict import Bilingual, Escalation, OptionSetOut, SanctionOptionOut


@dataclass(frozen=True)
class Hit:
    rule: CompiledRule
    act_index: int


@dataclass(frozen=True)
class Sentence:
    track: str
    regime: str | None
    tier: str
    decided_by: tuple[str, ...]
    option_sets: tuple[OptionSetOut, ...]
    escalation: Escalation | None
    already_sanctioned: bool
    basis: tuple[str, ...]
    notes: tuple[Bilingual, ...]


def bi(text: Text) -> Bilingual:
    return Bilingual(en=text.en, id=text.id)


def option_sets_for(ruleset: RuleSet, regime: str | None, tier: str, law_date: dt.date) -> list[OptionSet]:
    """In-force option sets for the tier on the law date, then pending ones (shown for information)."""
    sets = [s for s in ruleset.sanctions.option_sets if s.regime == regime and s.tier == tier]
    live = [s for s in sets if s.status == "in_force" and s.in_force.contains(law_date)]
    pending = [s for s in sets if s.status == "pending"]
    return live + pending


def _ladder(ruleset: RuleSet, regime: str | None, track: str, law_date: dt.date) -> list[tuple[str, str]]:
    """The regime's sanction types, lightest first, as (tier, option id): what Pasal 35(2) climbs."""
    ladder: list[tuple[str, str]] = []
    for tier in ruleset.sanctions.tracks[track].tiers:
        for oset in option_sets_for(ruleset, regime, tier, law_date):
            if oset.status == "in_force":
                ladder.extend((tier, o.id) for o in oset.options)
                break
    return ladder


def _last(priors: Sequence[PriorSanction]) -> PriorSanction | None:
    if not priors:
        return None
    dated = [p for p in priors if p.imposed_on]
    return max(dated, key=lambda p: p.imposed_on or dt.date.min) if dated else priors[-1]


def sentence(
    ruleset: RuleSet, incident: Incident, hits: Sequence[Hit], law_date: dt.date, act_dates: Sequence[dt.date]
) -> list[Sentence]:
    by_track: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        outcome = hit.rule.rule.outcome
        assert outcome is not None
        by_track[outcome.track].append(hit)
    out: list[Sentence] = []
    for track in ruleset.sanctions.tracks:  # declared order: stable output
        track_hits = by_track.get(track)
        if not track_hits:
            continue
        definition = ruleset.sanctions.tracks[track]
        if definition.combine == "all":
            for hit in track_hits:
                out.append(_one(ruleset, incident, track, [hit], law_date, act_dates, combine=False))
        else:
            out.append(_one(ruleset, incident, track, track_hits, law_date, act_dates, combine=True))
    return out


def _one(
    ruleset: RuleSet,
    incident: Incident,
    track: str,
    hits: list[Hit],
    law_date: dt.date,
    act_dates: Sequence[dt.date],
    combine: bool,
) -> Sentence:
    tiers = ruleset.sanctions.tiers

    def severity(hit: Hit) -> int:
        outcome = hit.rule.rule.outcome
        assert outcome is not None
        return tiers[outcome.tier].severity

    top = max(severity(h) for h in hits)
    deciding = [h for h in hits if severity(h) == top]
    outcome = deciding[0].rule.rule.outcome
    assert outcome is not None
    tier = outcome.tier
    regime_id = deciding[0].rule.rule.regime
    regime = ruleset.sanctions.regimes.get(regime_id)
    basis: list[str] = []
    notes: list[Bilingual] = []
    if combine and len(hits) > 1 and regime is not None:  # several violations, even of one rule (Pasal 35(1))
        basis.extend(regime.multiple_basis)
        notes.append(both("sentence.multiple", count=len(hits)))
    priors = [p for p in incident.prior_sanctions if p.track == track]
    already = [p for p in priors if p.for_this_incident]
    if already and regime is not None:
        basis.extend(regime.double_basis)
        notes.append(both("sentence.double"))
        return Sentence(
            track,
            regime_id,
            tier,
            tuple(h.rule.id for h in deciding),
            (),
            None,
            True,
            tuple(dict.fromkeys(basis)),
            tuple(notes),
        )
    escalation: Escalation | None = None
    excluded: set[str] = set()
    # Pasal 35(2): "pernah dijatuhi ... kemudian melakukan": only sanctions imposed before the act count
    act_day = min(act_dates[h.act_index] for h in deciding)
    earlier = [
        p
        for p in priors
        if p.same_nature and not p.for_this_incident and (p.imposed_on is None or p.imposed_on < act_day)
    ]
    later = [
        p for p in priors if p.same_nature and not p.for_this_incident and p.imposed_on and p.imposed_on >= act_day
    ]
    if later:
        notes.append(both("sentence.prior_after_act"))
    repeat = _last(earlier)
    if repeat is not None and repeat.imposed_on is None:
        notes.append(both("sentence.prior_undated"))
    if repeat is not None and regime is not None and regime.repeat_basis:
        tier, excluded, escalation = _escalate(
            ruleset, regime_id, track, tier, repeat, law_date, list(regime.repeat_basis)
        )
        basis.extend(regime.repeat_basis)
    sets = option_sets_for(ruleset, regime_id, tier, law_date)
    option_sets = tuple(
        OptionSetOut(
            id=s.id,
            status=s.status,
            options=[
                SanctionOptionOut(id=o.id, label=bi(o.label), basis=list(o.basis), excluded_by_repeat=o.id in excluded)
                for o in s.options
            ],
            basis=list(s.basis),
            flags=list(s.flags),
            note=bi(s.note) if s.note else None,
        )
        for s in sets
    )
    return Sentence(
        track,
        regime_id,
        tier,
        tuple(dict.fromkeys(h.rule.id for h in deciding)),
        option_sets,
        escalation,
        False,
        tuple(dict.fromkeys(basis)),
        tuple(notes),
    )


def _escalate(
    ruleset: RuleSet, regime: str, track: str, tier: str, prior: PriorSanction, law_date: dt.date, basis: list[str]
) -> tuple[str, set[str], Escalation]:
    """Pasal 35(2): a heavier sanction type than the last one imposed for a violation of the same nature."""
    ladder = _ladder(ruleset, regime, track, law_date)
    ids = [o for _, o in ladder]
    if prior.option and prior.option in ids:
        floor = ids.index(prior.option) + 1
    elif prior.tier and any(t == prior.tier for t, _ in ladder):
        # type unknown: heavier than at least the lightest type of that tier; the PPK must check which
        floor = min(i for i, (t, _) in enumerate(ladder) if t == prior.tier) + 1
    else:
        return tier, set(), _not_escalated(prior, basis, "sentence.repeat_unknown_type")
    if floor >= len(ladder):
        return tier, set(), _not_escalated(prior, basis, "sentence.repeat_at_top")
    floor_tier = ladder[floor][0]
    order = ruleset.sanctions.tracks[track].tiers
    new_tier = tier if order.index(tier) >= order.index(floor_tier) else floor_tier
    excluded = {o for i, (t, o) in enumerate(ladder) if t == new_tier and i < floor}
    applied = new_tier != tier or bool(excluded)
    return (
        new_tier,
        excluded,
        Escalation(
            applied=applied,
            prior_tier=prior.tier,
            prior_option=prior.option,
            basis=basis,
            note=both("sentence.repeat", last=prior.option or prior.tier, tier=new_tier),
        ),
    )


def _not_escalated(prior: PriorSanction, basis: list[str], note: str) -> Escalation:
    """A repeat that could not be escalated, and why (the note the PPK must check by hand)."""
    return Escalation(applied=False, prior_tier=prior.tier, prior_option=prior.option, basis=basis, note=both(note))
