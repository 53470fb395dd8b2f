"""Static checks for what no golden case can pin: the rule set's data must agree with itself and with
the dates of the laws it cites.

A golden case sees a verdict; some parts of a rule set never reach one (the quiet period the calendar
records, an act type's subjects, a tier's place on the scale), or reach it only on dates no calendar
holds (a regime that started in 2004). These are pinned here, each against a second record of the
same fact:
- calendars: the recorded quiet period is exactly the days between the campaign's end and voting day
  (how the phase is derived);
- tiers and tracks: a track lists its tiers lightest first, by strictly increasing severity (the tiers off
  the scale first); a tier is on the scale exactly when its severity is positive; one card per severity on
  the scale, and no tier off the scale shows a card of the scale;
- sentencing policy: a track whose rules' regimes cite a law on several violations (`multiple_basis`,
  e.g. PP 94 Pasal 35 ayat (1): one sanction, the heaviest) combines `heaviest`; a track that reports
  every finding (`all`) cites no such law;
- dates: the first regime of a family starts the day its instrument comes into force and the last one
  ends the day its instrument leaves it (sources.yaml records both); a rule's window starts on a day a
  law or a regime starts and ends on a day one ends; routes that succeed each other (same step and
  filters, other body) abut, and the ends of such a chain fall on a law's dates;
- vocabulary: a rule only concerns roles its act type applies to.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from ..ruleset.loader import CompiledRule as CompiledRuleLike
from ..ruleset.loader import Located, Problem, RuleSet

ONE = dt.timedelta(days=1)


def law_checks(rs: RuleSet) -> list[Problem]:
    return [
        *check_quiet_periods(rs),
        *check_tier_scale(rs),
        *check_combine(rs),
        *check_regime_dates(rs),
        *check_keyed_on(rs),
        *check_aggravating_marks(rs),
        *check_rule_windows(rs),
        *check_route_chains(rs),
        *check_rule_subjects(rs),
    ]


def check_quiet_periods(rs: RuleSet) -> list[Problem]:
    out = []
    for key, e in rs.elections.elections.items():
        camp_to = e.campaign.to
        assert camp_to is not None
        want = (camp_to + ONE, e.voting_day - ONE)
        got = (e.quiet_period.from_, e.quiet_period.to)
        if want[0] <= want[1] and got != want:
            out.append(
                Problem(
                    "calendar",
                    f"election {key}: the quiet period is recorded as {got[0]}..{got[1]}, but the days between "
                    f"the campaign's end ({camp_to}) and voting day ({e.voting_day}) are {want[0]}..{want[1]}",
                    (rs.locate("elections.yaml", ("elections", key, "quiet_period")),),
                )
            )
    return out


def check_tier_scale(rs: RuleSet) -> list[Problem]:
    out = []
    tiers = rs.sanctions.tiers
    for key, track in rs.sanctions.tracks.items():
        where = rs.locate("sanctions.yaml", ("tracks", key))
        known = [t for t in track.tiers if t in tiers]
        for a, b in itertools.pairwise(known):
            strict = tiers[a].on_scale and tiers[b].on_scale  # off the scale (severity 0) comes first
            if not (tiers[a].severity < tiers[b].severity if strict else tiers[a].severity <= tiers[b].severity):
                out.append(
                    Problem(
                        "tier-order",
                        f"track {key} lists {a} (severity {tiers[a].severity}) before {b} (severity "
                        f"{tiers[b].severity}): a track lists its tiers lightest first",
                        (where,),
                    )
                )
    cards: dict[int, set[str]] = defaultdict(set)
    severities: dict[str, set[int]] = defaultdict(set)
    for key, tier in tiers.items():
        where = rs.locate("sanctions.yaml", ("tiers", key))
        if tier.on_scale != (tier.severity > 0):
            out.append(
                Problem(
                    "tier-scale",
                    f"tier {key}: on_scale is {str(tier.on_scale).lower()} but its severity is {tier.severity} "
                    "(a tier is on the scale exactly when it has a positive severity)",
                    (where,),
                )
            )
        if tier.on_scale:
            cards[tier.severity].add(tier.card)
            severities[tier.card].add(tier.severity)
    for severity, names in sorted(cards.items()):
        if len(names) > 1:
            out.append(Problem("tier-card", f"severity {severity} carries several cards: {sorted(names)}"))
    for card, values in sorted(severities.items()):
        if len(values) > 1:
            out.append(Problem("tier-card", f"card {card} stands for several severities: {sorted(values)}"))
    # a tier off the scale (a referral, a duty, a prohibition with no sanction named) is not shown as a
    # sanction of the scale
    for key, tier in tiers.items():
        if not tier.on_scale and tier.card in severities:
            out.append(
                Problem(
                    "tier-card",
                    f"tier {key} is off the scale but carries the card {tier.card} of severity "
                    f"{sorted(severities[tier.card])[0]} on it",
                    (rs.locate("sanctions.yaml", ("tiers", key)),),
                )
            )
    return out


def check_combine(rs: RuleSet) -> list[Problem]:
    out = []
    regimes = rs.sanctions.regimes
    by_track: dict[str, set[str]] = defaultdict(set)
    for rule in rs.rules:
        if rule.rule.outcome is not None:
            by_track[rule.rule.outcome.track].add(rule.rule.regime)
    for key, track in rs.sanctions.tracks.items():
        cited = sorted(r for r in by_track.get(key, ()) if r in regimes and regimes[r].multiple_basis)
        where = rs.locate("sanctions.yaml", ("tracks", key))
        if cited and track.combine != "heaviest":
            laws = sorted({b for r in cited for b in regimes[r].multiple_basis})
            out.append(
                Problem(
                    "combine",
                    f"track {key} combines '{track.combine}', but its regimes {', '.join(cited)} cite the law on "
                    f"several violations ({', '.join(laws)}): one sanction, the heaviest ('heaviest')",
                    (where,),
                )
            )
    return out


def check_regime_dates(rs: RuleSet) -> list[Problem]:
    out = []
    instruments = rs.sources.instruments
    families: dict[str, list[str]] = defaultdict(list)
    for key, regime in rs.sanctions.regimes.items():
        families[regime.family].append(key)
    for family, keys in families.items():
        ordered = sorted(keys, key=lambda k: rs.sanctions.regimes[k].in_force.from_ or dt.date.min)
        first, last = rs.sanctions.regimes[ordered[0]], rs.sanctions.regimes[ordered[-1]]
        inst = instruments.get(first.instrument)
        if inst and inst.in_force_from and first.in_force.from_ and first.in_force.from_ != inst.in_force_from:
            out.append(
                Problem(
                    "regime-date",
                    f"regime {ordered[0]} (the first of {family}) starts {first.in_force.from_}, but its instrument "
                    f"{first.instrument} comes into force {inst.in_force_from} (sources.yaml)",
                    (rs.locate("sanctions.yaml", ("regimes", ordered[0], "in_force")),),
                )
            )
        inst = instruments.get(last.instrument)
        if inst and last.in_force.to and inst.in_force_to and last.in_force.to != inst.in_force_to:
            out.append(
                Problem(
                    "regime-date",
                    f"regime {ordered[-1]} (the last of {family}) ends {last.in_force.to}, but its instrument "
                    f"{last.instrument} is in force until {inst.in_force_to} (sources.yaml)",
                    (rs.locate("sanctions.yaml", ("regimes", ordered[-1], "in_force")),),
                )
            )
    return out


def check_keyed_on(rs: RuleSet) -> list[Problem]:
    """A regime is keyed on the law date (the examination) only when it cites the law that says so
    (`keyed_on_basis`, e.g. PP 94 Pasal 40); every other regime governs by the date of the act."""
    out = []
    for key, regime in rs.sanctions.regimes.items():
        cited = bool(regime.keyed_on_basis)
        if (regime.keyed_on == "law_date") != cited:
            out.append(
                Problem(
                    "regime-keyed-on",
                    f"regime {key} is keyed on the {regime.keyed_on.replace('_', ' ')} but "
                    + (
                        "cites a law on the date it governs by (keyed_on_basis), which keys it on the examination"
                        if cited
                        else "cites no law keying it on the examination (keyed_on_basis)"
                    ),
                    (rs.locate("sanctions.yaml", ("regimes", key, "keyed_on")),),
                )
            )
    return out


def check_aggravating_marks(rs: RuleSet) -> list[Problem]:
    """A modifier is marked aggravating exactly when the rules make it so: some rule that requires it
    gives more than a rule for the same act that still applies without it (or it is an element of a
    referral off the scale, which exists only with it). The mark feeds the aggravation check and the
    monotonicity property; a wrong mark silences them."""
    from ..analysis import term_sat
    from ..ruleset.conditions import Cmp
    from .checks import _PAIR_MEMO, _calendar_key, _terms_of, _token

    out = []
    tiers = rs.sanctions.tiers
    schema = rs.fact_schema
    violations = [
        r for r in rs.rules if r.rule.kind == "violation" and r.rule.outcome and tiers[r.rule.outcome.tier].on_scale
    ]
    terms = {r.id: _terms_of(r).terms for r in violations}

    def severity(rule: CompiledRuleLike) -> int:
        assert rule.rule.outcome is not None
        return tiers[rule.rule.outcome.tier].severity

    schema_key = _calendar_key(rs)
    tokens = {r.id: _token(r) for r in violations}
    same_act = {
        r.id: [b for b in violations if b.id != r.id and set(b.rule.acts) & set(r.rule.acts)] for r in violations
    }

    def lighter_applies(a: CompiledRuleLike, index: int, relaxed: tuple[Cmp, ...], path: str) -> bool:
        for b in same_act[a.id]:
            if severity(b) >= severity(a):
                continue
            key = ("raises", schema_key, tokens[a.id], index, path, tokens[b.id])
            hit = _PAIR_MEMO.get(key)
            if hit is None:
                hit = _PAIR_MEMO[key] = any(term_sat((*relaxed, *tb), schema) for tb in terms[b.id])
            if hit:
                return True
        return False

    for name, mod in rs.vocabulary.modifiers.items():
        if mod.type != "bool":
            continue
        path = f"act.{name}"
        raises = False
        for a in violations:
            for index, term in enumerate(terms[a.id]):
                if not any(lit.path == path and lit.op == "eq" and lit.value is True for lit in term):
                    continue
                relaxed = (*[lit for lit in term if lit.path != path], Cmp(path, "eq", False))
                raises = lighter_applies(a, index, relaxed, path)
                if raises:
                    break
            if raises:
                break
        # a fact that is the element of a referral off the scale (violence against voters, UU 10/2016
        # Pasal 182A) aggravates too: without it there is no offence at all
        opens = any(
            r.rule.outcome is not None
            and not tiers[r.rule.outcome.tier].on_scale
            and any(
                any(lit.path == path and lit.op == "eq" and lit.value is True for lit in term)
                for term in _terms_of(r).terms
            )
            for r in rs.rules
        )
        if raises != mod.aggravating and not (mod.aggravating and opens):
            out.append(
                Problem(
                    "aggravating",
                    f"modifier {name} is {'not ' if not mod.aggravating else ''}marked aggravating, but "
                    + (
                        "a rule that requires it gives more than one for the same act without it"
                        if raises
                        else "no rule gives more for an act because of it"
                    ),
                    (rs.locate("vocabulary.yaml", ("modifiers", name)),),
                )
            )
    return out


def _law_days(rs: RuleSet) -> tuple[set[dt.date], set[dt.date]]:
    """The days laws and regimes start on, and the days they end on."""
    starts: set[dt.date] = set()
    ends: set[dt.date] = set()
    for inst in rs.sources.instruments.values():
        starts |= {d for d in (inst.in_force_from, inst.promulgated, inst.enacted) if d}
        if inst.in_force_from:
            ends.add(inst.in_force_from - ONE)  # the old wording ends the day before an amendment
        if inst.in_force_to:
            ends.add(inst.in_force_to)
            starts.add(inst.in_force_to + ONE)
    for regime in rs.sanctions.regimes.values():
        if regime.in_force.from_:
            starts.add(regime.in_force.from_)
            ends.add(regime.in_force.from_ - ONE)
        if regime.in_force.to:
            ends.add(regime.in_force.to)
            starts.add(regime.in_force.to + ONE)
    return starts, ends


def check_rule_windows(rs: RuleSet) -> list[Problem]:
    out = []
    starts, ends = _law_days(rs)
    for rule in rs.rules:
        window = rule.rule.in_force
        for edge, day, allowed in (("from", window.from_, starts), ("to", window.to, ends)):
            if day is not None and day not in allowed:
                out.append(
                    Problem(
                        "window-date",
                        f"rule {rule.id} is in force {edge} {day}, a day no law or regime "
                        f"{'starts' if edge == 'from' else 'ends'} on (sources.yaml, sanctions.yaml)",
                        (rule.where,),
                        (rule.id,),
                    )
                )
    return out


def check_route_chains(rs: RuleSet) -> list[Problem]:
    """Routes with the same step and filters are one office over time: their windows abut, and the chain
    starts and ends on a law's dates."""
    out = []
    starts, ends = _law_days(rs)
    chains: dict[tuple[object, ...], list[int]] = defaultdict(list)
    routes = rs.authorities.routes
    for i, route in enumerate(routes):
        if route.in_force.from_ is None and route.in_force.to is None:
            continue
        key = (
            route.step,
            tuple(route.tracks),
            tuple(route.subjects or ()),
            tuple(route.positions or ()),
            tuple(route.government_levels or ()),
            tuple(route.tiers or ()),
            tuple(route.election_types or ()),
        )
        chains[key].append(i)
    for members in chains.values():
        ordered = sorted(members, key=lambda i: routes[i].in_force.from_ or dt.date.min)
        for a, b in itertools.pairwise(ordered):
            end, start = routes[a].in_force.to, routes[b].in_force.from_
            if end is None or start is None or start != end + ONE:
                out.append(
                    Problem(
                        "window-gap"
                        if end is not None and start is not None and start > end + ONE
                        else "window-overlap",
                        f"routes {routes[a].id} (to {end}) and {routes[b].id} (from {start}) are one office over "
                        "time: the next starts the day after the last ends",
                        (_route_where(rs, a), _route_where(rs, b)),
                    )
                )
        first, last = routes[ordered[0]], routes[ordered[-1]]
        if first.in_force.from_ and first.in_force.from_ not in starts:
            out.append(
                Problem(
                    "window-date",
                    f"route {first.id} starts {first.in_force.from_}, a day no law or regime starts on",
                    (_route_where(rs, ordered[0]),),
                )
            )
        if last.in_force.to and last.in_force.to not in ends:
            out.append(
                Problem(
                    "window-date",
                    f"route {last.id} ends {last.in_force.to}, a day no law or regime ends on",
                    (_route_where(rs, ordered[-1]),),
                )
            )
    return out


def _route_where(rs: RuleSet, index: int) -> Located:
    return rs.locate("authorities.yaml", ("routes", index))


def check_rule_subjects(rs: RuleSet) -> list[Problem]:
    out = []
    acts = rs.vocabulary.act_types
    for rule in rs.rules:
        for act in rule.rule.acts:
            term = acts.get(act)
            if term is None:
                continue
            allowed = set(rs.expand_subjects(term.subjects))
            outside = sorted(set(rule.subjects) - allowed)
            if outside:
                out.append(
                    Problem(
                        "subject",
                        f"rule {rule.id} concerns {act} by {', '.join(outside)}, but the act type applies to "
                        f"{', '.join(sorted(allowed)) or 'no one'} (vocabulary.yaml)",
                        (rule.where, rs.locate("vocabulary.yaml", ("act_types", act))),
                        (rule.id,),
                    )
                )
    return out
