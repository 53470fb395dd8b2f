"""Stage 4 of the pipeline: from findings to one recommended sanction per track, in one world.

The legal mechanics are data (rules/sanctions.yaml); this module only applies them:
- a track whose `combine` is `heaviest` gives one sanction, the heaviest finding's (PP 94 Pasal 35(1),
  PP 53 Pasal 30(1)), citing the regime's `multiple_basis`;
- a prior sanction of the same nature on that track escalates to a heavier sanction type than the last
  one imposed (Pasal 35(2)), walking the regime's ordered sanction types;
- a prior sanction for this very violation means no second sanction (Pasal 35(3));
- a finding whose outcome names `absorbed_by` joins that track when the incident has a finding there,
  and then gives no sanction of its own (one examination, one disciplinary sanction: Pasal 35(1));
- tracks are independent (discipline, kode etik, criminal referral...), and all are reported.
A repeat is judged act by act: an act committed after a sanction was imposed is a repeat, whatever
other, earlier acts the same examination covers (adding an earlier act never lightens a sanction).
`floor` then reads the sentences of every possible world.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import both, t
from ..incident import PriorSanction
from ..ruleset.loader import CompiledRule, RuleSet
from ..ruleset.models import OptionSet, Text
from ..verdict import Bilingual, Escalation, OptionSetOut, SanctionOptionOut


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


_BI: dict[int, tuple[Text, Bilingual]] = {}


def bi(text: Text) -> Bilingual:
    """A rule-set text as the verdict's Bilingual, built once per text: verdict parts are immutable, so
    the same label can be shared by every verdict instead of rebuilt for each (the identity check
    keeps a recycled id from returning another rule set's text)."""
    found = _BI.get(id(text))
    if found is not None and found[0] is text:
        return found[1]
    made = Bilingual(en=text.en, id=text.id)
    _BI[id(text)] = (text, made)
    return made


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
    ruleset: RuleSet,
    priors: Sequence[PriorSanction],
    hits: Sequence[Hit],
    law_date: dt.date,
    act_dates: Sequence[dt.date | None],
) -> list[Sentence]:
    by_track: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        outcome = hit.rule.rule.outcome
        assert outcome is not None
        by_track[outcome.track].append(hit)
    # Outcome.absorbed_by: a finding with no tier of its own joins the absorbing track's one sanction
    absorbed: dict[str, list[Hit]] = defaultdict(list)
    for track in list(by_track):
        for hit in list(by_track[track]):
            outcome = hit.rule.rule.outcome
            assert outcome is not None
            into = outcome.absorbed_by
            if into is not None and any(h.rule.rule.outcome and h.rule.rule.outcome.track == into for h in hits):
                by_track[track].remove(hit)
                absorbed[into].append(hit)
        if not by_track[track]:
            del by_track[track]
    for track, extra in absorbed.items():
        by_track[track].extend(extra)
    out: list[Sentence] = []
    for track in ruleset.sanctions.tracks:  # declared order: stable output
        track_hits = by_track.get(track)
        if not track_hits:
            continue
        definition = ruleset.sanctions.tracks[track]
        if definition.combine == "all":
            for hit in track_hits:
                out.append(_one(ruleset, priors, track, [hit], law_date, act_dates, combine=False))
        else:
            out.append(_one(ruleset, priors, track, track_hits, law_date, act_dates, combine=True))
    return out


def _one(
    ruleset: RuleSet,
    all_priors: Sequence[PriorSanction],
    track: str,
    hits: list[Hit],
    law_date: dt.date,
    act_dates: Sequence[dt.date | None],
    combine: bool,
) -> Sentence:
    tiers = ruleset.sanctions.tiers
    order = ruleset.sanctions.tracks[track].tiers
    basis: list[str] = []
    notes: list[Bilingual] = []
    # findings absorbed from another track (Outcome.absorbed_by) count towards the sanction, never decide it
    all_hits = hits
    hits = [h for h in hits if h.rule.rule.outcome is not None and h.rule.rule.outcome.track == track] or hits
    foreign = [h for h in all_hits if h not in hits]
    first = hits[0].rule.rule
    regime = ruleset.sanctions.regimes.get(first.regime)
    # several violations, even of one rule on several acts (Pasal 35(1))
    if combine and len(all_hits) > 1 and regime is not None:
        basis.extend(regime.multiple_basis)
        notes.append(both("sentence.multiple", count=len(all_hits)))
    if foreign:
        notes.append(both("sentence.absorbed", count=len(foreign), rules=_citations(ruleset, foreign)))
    priors = [p for p in all_priors if p.track == track]
    already = [p for p in priors if p.for_this_incident]
    if already and regime is not None:
        top = max(tiers[h.rule.rule.outcome.tier].severity for h in hits if h.rule.rule.outcome)
        deciding = [h for h in hits if h.rule.rule.outcome and tiers[h.rule.rule.outcome.tier].severity == top]
        outcome = deciding[0].rule.rule.outcome
        assert outcome is not None
        basis.extend(regime.double_basis)
        notes.append(both("sentence.double"))
        return Sentence(
            track,
            first.regime,
            outcome.tier,
            tuple(dict.fromkeys(h.rule.id for h in deciding)),
            (),
            None,
            True,
            tuple(dict.fromkeys(basis)),
            tuple(notes),
        )
    same_nature = [p for p in priors if p.same_nature and not p.for_this_incident]
    # Pasal 35(2) "pernah dijatuhi ... kemudian melakukan": each act is a repeat of the sanctions
    # imposed before it; the heaviest result over the acts is the one sanction of Pasal 35(1)
    candidates: list[tuple[int, int, Hit, str, set[str], Escalation | None, str | None]] = []
    notes_seen: set[str] = set()
    for hit in hits:
        outcome = hit.rule.rule.outcome
        assert outcome is not None
        day = act_dates[hit.act_index]
        earlier = [p for p in same_nature if p.imposed_on is None or day is None or p.imposed_on < day]
        if day is not None and any(p.imposed_on and p.imposed_on >= day for p in same_nature):
            notes_seen.add("sentence.prior_after_act")
        repeat = _last(earlier)
        tier, excluded, escalation = outcome.tier, set[str](), None
        if repeat is not None and repeat.imposed_on is None:
            notes_seen.add("sentence.prior_undated")
        hit_regime = ruleset.sanctions.regimes.get(hit.rule.rule.regime)
        if repeat is not None and hit_regime is not None and hit_regime.repeat_basis:
            tier, excluded, escalation = _escalate(
                ruleset, hit.rule.rule.regime, track, tier, repeat, law_date, list(hit_regime.repeat_basis)
            )
        floor_index = len(excluded)
        candidates.append((order.index(tier), floor_index, hit, tier, excluded, escalation, hit.rule.rule.regime))
    top_rank = max((c[0], c[1]) for c in candidates)
    best = [c for c in candidates if (c[0], c[1]) == top_rank]
    _, _, _, tier, excluded, escalation, regime_id = best[0]
    for key in sorted(notes_seen):
        notes.append(both(key))
    if escalation is not None:
        basis.extend(escalation.basis)
    deciding_ids = tuple(dict.fromkeys(c[2].rule.id for c in best))
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
        deciding_ids,
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
            note=_repeat_note(ruleset, regime, prior, new_tier, law_date),
        ),
    )


def _repeat_note(ruleset: RuleSet, regime: str, prior: PriorSanction, tier: str, law_date: dt.date) -> Bilingual:
    """The note in the regulation's words for the sanction types (never their keys), in each language."""
    tiers = ruleset.sanctions.tiers
    last: Text | None = None
    if prior.option:
        last = next(
            (
                o.label
                for rung in ruleset.sanctions.tracks[tiers[tier].track].tiers
                for oset in option_sets_for(ruleset, regime, rung, law_date)
                for o in oset.options
                if o.id == prior.option
            ),
            None,
        )
    if last is None and prior.tier in tiers:
        last = tiers[prior.tier].label
    words = {
        lang: (
            getattr(last, lang) if last is not None else prior.option or prior.tier or "?",
            getattr(tiers[tier].label, lang),
        )
        for lang in ("en", "id")
    }
    return Bilingual(
        en=t("sentence.repeat", "en", last=words["en"][0], tier=words["en"][1]),
        id=t("sentence.repeat", "id", last=words["id"][0], tier=words["id"][1]),
    )


def _not_escalated(prior: PriorSanction, basis: list[str], note: str) -> Escalation:
    """A repeat that could not be escalated, and why (the note the PPK must check by hand)."""
    return Escalation(applied=False, prior_tier=prior.tier, prior_option=prior.option, basis=basis, note=both(note))


def _citations(ruleset: RuleSet, hits: Sequence[Hit]) -> str:
    """The provisions the hits apply, as a reader cites them ("PP 94/2021 Pasal 5 huruf n angka 1"),
    never rule ids: the note is shown to the officer."""
    out: list[str] = []
    for hit in hits:
        for key in hit.rule.rule.basis[:1]:
            prov = ruleset.sources.provisions.get(key)
            if prov is None:
                continue
            inst = ruleset.sources.instruments.get(prov.instrument)
            out.append(f"{inst.short if inst is not None else prov.instrument} {prov.article}")
    return "; ".join(dict.fromkeys(out))
