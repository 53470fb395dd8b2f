"""Cases that pin the routes, deadlines and option sets (used by tools/generate_cases.py).

Each route entry, deadline and option set of the rule set is law written as data (who imposes under PP
94 Pasal 17-23, the 7 days of UU 1/2015 Pasal 134(4), the sanction types of PP 94 Pasal 8...). A case
pins one such entry: an incident that produces a sanction the entry applies to (built from a rule
witness, tools/witness.py) expects the entry in the verdict; for each of its filters, an incident that
fails only that filter expects it absent. The expectations restate the entry (its body and step, its
amount and unit, its options in order) and its filters; the sanction an incident produces is computed
from the rules' conditions and the heaviest-decides rule of PP 94 Pasal 35 ayat (1), never read from
nrules' output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from witness import build, facts_of

from neutrality_rules.analysis import RuleTerms
from neutrality_rules.ruleset.conditions import Cmp, evaluate
from neutrality_rules.ruleset.loader import RuleSet
from neutrality_rules.ruleset.models import RouteEntry

ONE = dt.timedelta(days=1)
Case = tuple[str, dict[str, Any], dict[str, Any], str]
"""(name, incident, expect, justification)"""


def _sanctions(rs: RuleSet, incident: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Per track, (tier, regime) of the sanction the incident's single act earns: the rules whose
    conditions hold, minus those overridden, the heaviest per track (PP 94 Pasal 35 ayat (1))."""
    facts = facts_of(rs, incident)
    hits = [r for r in rs.rules_by_act.get(incident["acts"][0]["type"], ()) if evaluate(r.condition, facts) is True]
    beaten = {o for r in hits for o in r.rule.overrides}
    out: dict[str, tuple[str, str]] = {}
    for rule in hits:
        if rule.id in beaten or rule.rule.outcome is None:
            continue
        track, tier = rule.rule.outcome.track, rule.rule.outcome.tier
        old = out.get(track)
        if old is None or rs.sanctions.tiers[tier].severity > rs.sanctions.tiers[old[0]].severity:
            out[track] = (tier, rule.rule.regime)
    return out


def _incident(
    rs: RuleSet,
    track: str,
    tier: str | None,
    role: str,
    *,
    election_type: str | None = None,
    law_day: dt.date | None = None,
    regime: str | None = None,
    position: str | None = None,
    level: str | None = None,
) -> dict[str, Any] | None:
    """An incident whose act earns a sanction on `track` (at `tier`, under `regime`) for `role`."""
    for rule in rs.rules:
        outcome = rule.rule.outcome
        if outcome is None or outcome.track != track or (tier and outcome.tier != tier) or role not in rule.subjects:
            continue
        if regime and rule.rule.regime != regime:
            continue
        extra: list[Cmp] = []
        if election_type:
            extra.append(Cmp("election.type", "eq", election_type))
        if law_day:
            extra.append(Cmp("date", "lte", law_day.toordinal()))
        for term in RuleTerms(rule.condition).terms:
            incident = build(rs, rule, (*term, *extra), role, rule.rule.acts[0])
            if incident is None:
                continue
            if law_day:
                incident["examination_started_on"] = law_day.isoformat()
            if position:
                incident["respondent"]["position_kind"] = position
            if level:
                incident["respondent"]["government_level"] = level
            incident["event"]["date_known"] = incident["event"]["date_of_act"]
            got = _sanctions(rs, incident)
            wanted = track in got and (tier is None or got[track][0] == tier)
            if (
                wanted
                and (regime is None or got[track][1] == regime)
                and evaluate(rule.condition, facts_of(rs, incident))
            ):
                incident["incident_id"] = f"GEN-PIN-{track}-{tier}-{role}".upper()
                return incident
    return None


def _route_applies(rs: RuleSet, entry: RouteEntry, track: str, tier: str, incident: dict[str, Any]) -> bool:
    """The route table's own filters (authorities.yaml header): what the entry says it covers."""
    respondent = incident["respondent"]
    election = rs.elections.elections[incident["election"]["key"]]
    law = dt.date.fromisoformat(incident["examination_started_on"])
    position, level = respondent.get("position_kind"), respondent.get("government_level")
    return (
        track in entry.tracks
        and (entry.subjects is None or respondent["role"] in rs.expand_subjects(entry.subjects))
        and (entry.positions is None or position is None or position in entry.positions)
        and (entry.government_levels is None or level is None or level in entry.government_levels)
        and (entry.tiers is None or tier in entry.tiers)
        and (entry.election_types is None or election.type in entry.election_types)
        and entry.in_force.contains(law)
    )


def route_cases(rs: RuleSet) -> Iterator[Case]:
    routes = rs.authorities.routes
    for entry in routes:
        label = f"{entry.step}:{entry.body}"
        track = entry.tracks[0]
        tiers = entry.tiers or [t for t in rs.sanctions.tracks[track].tiers]
        roles = rs.expand_subjects(entry.subjects) if entry.subjects else list(rs.vocabulary.roles)
        days = [d for d in (entry.in_force.from_, entry.in_force.to) if d] or [None]
        variants: list[dict[str, Any]] = []
        for role in roles:
            variants.append({"role": role})
        for tier in tiers:
            variants.append({"tier": tier})
        for value in entry.positions or []:
            variants.append({"position": value})
        for value in entry.government_levels or []:
            variants.append({"level": value})
        for value in entry.election_types or []:
            variants.append({"election_type": value})
        for value in entry.tracks:
            variants.append({"track": value})
        for day in days:
            variants.append({"law_day": day})
        seen: set[str] = set()
        for variant in variants:
            v_track = variant.get("track", track)
            every_tier = entry.tiers or list(rs.sanctions.tracks[v_track].tiers)
            v_tiers = [variant["tier"]] if "tier" in variant else every_tier
            v_roles = [variant["role"]] if "role" in variant else roles
            incident = None
            for v_role in v_roles:
                for v_tier in v_tiers:
                    incident = _incident(
                        rs,
                        v_track,
                        v_tier,
                        v_role,
                        election_type=variant.get("election_type", (entry.election_types or [None])[0]),
                        law_day=variant.get("law_day", days[0]),
                        position=variant.get("position", (entry.positions or [None])[0]),
                        level=variant.get("level", (entry.government_levels or [None])[0]),
                    )
                    if incident is not None and _route_applies(rs, entry, v_track, v_tier, incident):
                        break
                    incident = None
                if incident is not None:
                    break
            if incident is None:
                continue
            name = "with-" + "-".join(f"{k}-{v}" for k, v in variant.items())
            if name in seen:
                continue
            seen.add(name)
            got = _sanctions(rs, incident).get(v_track)
            tier_now = got[0] if got else variant.get("tier", v_tiers[0])
            cited = sorted(
                {
                    b
                    for e in routes
                    if f"{e.step}:{e.body}" == label and _route_applies(rs, e, v_track, tier_now, incident)
                    for b in e.basis
                }
            )
            yield (
                f"{entry.id}/{name}",
                incident,
                {"routes_include": {v_track: [label]}, "route_basis": {v_track: {label: cited}}},
                f"The route entry {entry.id} ({label}, for {', '.join(entry.tracks)}; basis "
                f"{', '.join(entry.basis)}) covers this sanction "
                f"({', '.join(f'{k} {v}' for k, v in variant.items())}), so its body acts at that step.",
            )
        yield from _route_near_misses(rs, entry, label, track, roles, days)


def _route_near_misses(
    rs: RuleSet, entry: RouteEntry, label: str, track: str, roles: list[str], days: list[dt.date | None]
) -> Iterator[Case]:
    """For each filter, an incident that fails only it: the body is not named, or named only by the other
    entries of the same step and body that cover it (a second entry for pemilu where this one is for
    pilkada), citing only their provisions: a widened filter shows as a provision too many."""
    same = [e for e in rs.authorities.routes if e is not entry and f"{e.step}:{e.body}" == label]
    misses: list[tuple[str, dict[str, Any]]] = []
    all_positions = list(rs.vocabulary.positions)
    all_levels = list(rs.vocabulary.government_levels)
    if entry.positions:
        outside = [p for p in all_positions if p not in entry.positions]
        if outside:
            misses.append((f"position-{outside[0]}", {"position": outside[0]}))
    if entry.government_levels:
        outside = [p for p in all_levels if p not in entry.government_levels]
        if outside:
            misses.append((f"level-{outside[0]}", {"level": outside[0]}))
    if entry.tiers:
        outside = [t for t in rs.sanctions.tracks[track].tiers if t not in entry.tiers]
        if outside:
            misses.append((f"tier-{outside[-1]}", {"tier": outside[-1]}))
    if entry.election_types:
        outside = [t for t in ("pemilu", "pilkada") if t not in entry.election_types]
        if outside:
            misses.append((f"election-{outside[0]}", {"election_type": outside[0]}))
    if entry.subjects:
        outside = [
            r
            for r in rs.vocabulary.roles
            if r not in roles
            and any(track == (x.rule.outcome.track if x.rule.outcome else "") and r in x.subjects for x in rs.rules)
        ]
        if outside:
            misses.append((f"role-{outside[0]}", {"role": outside[0]}))
    if entry.in_force.from_:
        misses.append((f"before-{entry.in_force.from_}", {"law_day": entry.in_force.from_ - ONE}))
    if entry.in_force.to:
        misses.append((f"after-{entry.in_force.to}", {"law_day": entry.in_force.to + ONE}))
    for name, change in misses:
        tiers = [change["tier"]] if "tier" in change else (entry.tiers or list(rs.sanctions.tracks[track].tiers))
        role_options = [change["role"]] if "role" in change else roles
        incident = None
        others: list[RouteEntry] = []
        for role in role_options:
            for tier in tiers:
                incident = _incident(
                    rs,
                    track,
                    tier,
                    role,
                    election_type=change.get("election_type", (entry.election_types or [None])[0]),
                    law_day=change.get("law_day", days[0]),
                    position=change.get("position", (entry.positions or [None])[0]),
                    level=change.get("level", (entry.government_levels or [None])[0]),
                )
                if incident is None:
                    continue
                got = _sanctions(rs, incident).get(track)
                if got is None or _route_applies(rs, entry, track, got[0], incident):
                    incident = None
                    continue
                others = [other for other in same if _route_applies(rs, other, track, got[0], incident)]
                break
            if incident is not None:
                break
        if incident is None:
            continue
        expect: dict[str, Any] = (
            {"route_basis": {track: {label: sorted({b for o in others for b in o.basis})}}}
            if others
            else {"routes_exclude": {track: [label]}}
        )
        yield (
            f"{entry.id}/without-{name}",
            incident,
            expect,
            f"The route entry {entry.id} ({label}) does not cover this sanction ({name}): "
            + (
                f"the body is named by {', '.join(o.id for o in others)} only, citing what they cite"
                if others
                else "no entry names that body at that step for it"
            )
            + ".",
        )


def deadline_cases(rs: RuleSet) -> Iterator[Case]:
    for deadline in rs.authorities.deadlines:
        for track in deadline.tracks:
            types = deadline.election_types or ["pemilu", "pilkada"]
            for et in types:
                incident = _any_incident(rs, track, election_type=et)
                if incident is None:
                    continue
                known = dt.date.fromisoformat(incident["event"]["date_known"])
                due = (
                    known + deadline.amount * ONE
                    if deadline.unit == "hari" and deadline.from_event == "date_known"
                    else None
                )
                text = f"{deadline.id}: {deadline.amount} {deadline.unit} from {deadline.from_event}" + (
                    f" due {due}" if due else ""
                )
                yield (
                    f"{deadline.id}/{track}-{et}",
                    incident,
                    {"deadlines_include": {track: [text]}},
                    f"Deadline {deadline.id} ({deadline.amount} {deadline.unit} from {deadline.from_event}; basis "
                    f"{', '.join(deadline.basis)}) runs for a {track} sanction in a {et}"
                    + (
                        f": the report was known {known}, so it is due {due} ({deadline.amount} days later)."
                        if due
                        else "."
                    ),
                )
            outside = [t for t in ("pemilu", "pilkada") if t not in types]
            for et in outside:
                incident = _any_incident(rs, track, election_type=et)
                if incident is None:
                    continue
                yield (
                    f"{deadline.id}/{track}-not-{et}",
                    incident,
                    {"deadlines_exclude": {track: [deadline.id]}},
                    f"Deadline {deadline.id} is for {', '.join(types)} only, not a {et}.",
                )


def _any_incident(rs: RuleSet, track: str, **kw: Any) -> dict[str, Any] | None:
    for role in rs.vocabulary.roles:
        incident = _incident(rs, track, None, role, **kw)
        if incident is not None:
            return incident
    return None


def option_cases(rs: RuleSet) -> Iterator[Case]:
    sets = rs.sanctions.option_sets
    for oset in sets:
        if oset.status != "in_force":
            continue
        tier = rs.sanctions.tiers[oset.tier]
        track = tier.track
        regime = rs.sanctions.regimes[oset.regime]
        days: list[tuple[str, dt.date]] = []
        start = oset.in_force.from_ or regime.in_force.from_
        end = oset.in_force.to or regime.in_force.to
        if start:
            days.append(("first-day", start))
        if end:
            days.append(("last-day", end))
        if not days:
            days.append(("in-force", dt.date(2024, 12, 1)))
        for label, day in days:
            if regime.keyed_on == "act_date":
                incident = _any_role(rs, track, oset.tier, regime=oset.regime, law_day=None)
            else:
                incident = _any_role(rs, track, oset.tier, regime=oset.regime, law_day=day)
            if incident is None:
                continue
            law = dt.date.fromisoformat(incident["examination_started_on"])
            live = [
                s
                for s in sets
                if s.regime == oset.regime
                and s.tier == oset.tier
                and s.status == "in_force"
                and s.in_force.contains(law)
            ]
            if oset not in live:
                continue
            expect: dict[str, Any] = {"options": {track: [o.id for s in live for o in s.options]}}
            pending = [s for s in sets if s.regime == oset.regime and s.tier == oset.tier and s.status == "pending"]
            if pending:
                # PP 94 Pasal 42: the types of Pasal 8(3) are shown, marked not yet in force
                expect["pending_options"] = {track: [o.id for s in pending for o in s.options]}
            yield (
                f"{oset.id}/{label}",
                incident,
                expect,
                f"On {law} the sanction types of {oset.tier} under {oset.regime} are those of option set {oset.id} "
                f"(basis {', '.join(oset.basis)}), lightest first: {', '.join(o.id for o in oset.options)}.",
            )


def _any_role(rs: RuleSet, track: str, tier: str, **kw: Any) -> dict[str, Any] | None:
    for role in rs.vocabulary.roles:
        incident = _incident(rs, track, tier, role, **kw)
        if incident is not None:
            return incident
    return None


# How several findings on one track combine, as the law says (sanctions.yaml header): one sanction, the
# heaviest, where a law on several violations applies (PP 94 Pasal 35 ayat (1), PP 53 Pasal 30 ayat (1);
# kode etik and discipline are one line for the same conduct; a village official gets one sanction of
# the UU 6/2014 Pasal 30/52 ladder; one dismissal; one resignation); every finding its own referral where
# each act is its own offence or case (election crimes, TNI/Polri referrals, the Satgas' cases).
COMBINE = {
    "kode_etik": "heaviest",
    "discipline": "heaviest",
    "dismissal": "heaviest",
    "village_admin": "heaviest",
    "candidacy": "heaviest",
    "criminal": "all",
    "institutional": "all",
    "case_by_case": "all",
}
SENTENCING_LAW = {
    # regime -> the provisions on several violations, a repeat, and double punishment it must cite
    "pp94-2021": ("pp94-2021.p35.1", "pp94-2021.p35.2", "pp94-2021.p35.3"),
    "pp53-2010": ("pp53-2010.p30.1", "pp53-2010.p30.2", "pp53-2010.p30.3"),
    # PP 49/2018 reads nothing on several or repeated violations (Pasal 52(3) is cut off in the copy): the
    # project applies PP 94 Pasal 35 by analogy (flag pppk_tiers_by_analogy); a change of that reading
    # is meant to show here
    "pp49-2018": ("pp94-2021.p35.1", "pp94-2021.p35.2", "pp94-2021.p35.3"),
}


def combine_cases(rs: RuleSet) -> Iterator[Case]:
    """The same act twice: one sanction on a 'heaviest' track, two on an 'all' track; and on the PP 94
    and PP 53 tracks, the provision on several violations cited."""
    for track, policy in COMBINE.items():
        if track not in rs.sanctions.tracks or policy == "all":
            # the same offence twice is one referral listing both acts (the engine's reading since
            # verdict 2.0); two different offences are two, which a witness of one rule cannot build
            continue
        for regime in [None, *SENTENCING_LAW]:
            incident = _any_role(rs, track, None, regime=regime, law_day=None) if regime else _any_incident(rs, track)
            if incident is None:
                continue
            incident["acts"] = [incident["acts"][0], dict(incident["acts"][0])]
            expect: dict[str, Any] = {"sanction_count": {track: 1 if policy == "heaviest" else 2}}
            why = f"The same act twice gives two findings on {track}; " + (
                "one sanction, the heaviest, as the law on several violations requires"
                if policy == "heaviest"
                else "each is its own offence or case, referred on its own"
            )
            if regime:
                expect["sanction_basis"] = {track: [SENTENCING_LAW[regime][0]]}
                why += f" ({SENTENCING_LAW[regime][0]}, cited)"
            yield f"{track}/{regime or 'any'}", incident, expect, why + "."


def _track_rules(rs: RuleSet, incident: dict[str, Any], track: str) -> set[str]:
    """The rules that decide the incident's single act on `track`: those whose conditions hold, minus
    those overridden (the same reading as `_sanctions`)."""
    facts = facts_of(rs, incident)
    hits = [r for r in rs.rules_by_act.get(incident["acts"][0]["type"], ()) if evaluate(r.condition, facts) is True]
    beaten = {o for r in hits for o in r.rule.overrides}
    return {r.id for r in hits if r.id not in beaten and r.rule.outcome is not None and r.rule.outcome.track == track}


def _same_setting(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("election", "respondent", "event", "examination_started_on", "assessment_date")
    return all(a.get(k) == b.get(k) for k in keys)


def two_offence_cases(rs: RuleSet) -> Iterator[Case]:
    """Two acts that are two different offences on one track (each decided by its own rule), by the same
    respondent in the same election on the same day: one sanction, the heaviest, on a 'heaviest' track;
    two, one per offence, on an 'all' track (the same offence twice is one finding listing both acts, so
    only two different rules tell the policies apart)."""
    for track, policy in COMBINE.items():
        if track not in rs.sanctions.tracks:
            continue
        found = False
        for role in rs.vocabulary.roles:
            singles: list[tuple[str, dict[str, Any]]] = []
            for rule in rs.rules:
                outcome = rule.rule.outcome
                if outcome is None or outcome.track != track or role not in rule.subjects:
                    continue
                for act in rule.rule.acts:
                    for term in RuleTerms(rule.condition).terms:
                        incident = build(rs, rule, term, role, act)
                        if incident is None:
                            continue
                        incident["event"]["date_known"] = incident["event"]["date_of_act"]
                        if _track_rules(rs, incident, track) == {rule.id}:
                            singles.append((rule.id, incident))
                            break
                    else:
                        continue
                    break
            for (id_a, a), (id_b, b) in ((x, y) for i, x in enumerate(singles) for y in singles[i + 1 :]):
                if id_a == id_b or not _same_setting(a, b):
                    continue
                incident = dict(a)
                incident["acts"] = [a["acts"][0], b["acts"][0]]
                incident["incident_id"] = f"GEN-COMBINE-{track}-{role}".upper()
                count = 1 if policy == "heaviest" else 2
                why = (
                    f"Two different offences on {track} by one {role} ({id_a}, {id_b}): "
                    + (
                        "one sanction, the heaviest, as the law on several violations requires"
                        if policy == "heaviest"
                        else "each is its own offence or case, referred on its own"
                    )
                    + "."
                )
                yield f"{track}/two-offences", incident, {"sanction_count": {track: count}}, why
                found = True
                break
            if found:
                break


def sentencing_cases(rs: RuleSet) -> Iterator[Case]:
    """For each regime with a law on a repeat and on double punishment (PP 94 Pasal 35 ayat (2)-(3), PP 53
    Pasal 30 ayat (2)-(3), applied to PPPK by analogy): a repeat after the lightest sanction type of the
    tier escalates and cites the repeat law; a sanction already imposed for this very violation is not
    imposed again and cites the double-punishment law."""
    for key, regime in rs.sanctions.regimes.items():
        if not (regime.repeat_basis or regime.double_basis or key in SENTENCING_LAW):
            continue
        for rule in rs.rules:
            outcome = rule.rule.outcome
            if outcome is None or rule.rule.regime != key:
                continue
            incident = _incident(rs, outcome.track, outcome.tier, rule.subjects[0], regime=key)
            if incident is None:
                continue
            law = dt.date.fromisoformat(incident["examination_started_on"])
            act_day = dt.date.fromisoformat(incident["event"]["date_of_act"])
            sets = [
                s
                for s in rs.sanctions.option_sets
                if s.regime == key and s.tier == outcome.tier and s.status == "in_force" and s.in_force.contains(law)
            ]
            track = outcome.track
            order = rs.sanctions.tracks[track].tiers
            # Pasal 35(2) asks for a heavier type: there must be one on this track (a candidacy's one duty to
            # resign has nothing heavier; the village ladder of UU 6/2014 Pasal 30(2) is on the village track)
            heavier = any(
                s.regime == key
                and s.status == "in_force"
                and s.in_force.contains(law)
                and s.tier in order
                and (order.index(s.tier) > order.index(outcome.tier) or (s.tier == outcome.tier and len(s.options) > 1))
                for s in rs.sanctions.option_sets
            )
            if not heavier:
                continue
            # the provisions to cite: from the law table where the project has it, else the regime's own
            law_table = SENTENCING_LAW.get(key)
            repeat_law = law_table[1] if law_table else (regime.repeat_basis[0] if regime.repeat_basis else None)
            double_law = law_table[2] if law_table else (regime.double_basis[0] if regime.double_basis else None)
            if repeat_law and sets and sets[0].options:
                repeat = dict(incident)
                repeat["prior_sanctions"] = [
                    {
                        "track": track,
                        "tier": outcome.tier,
                        "option": sets[0].options[0].id,
                        "imposed_on": (act_day - 30 * ONE).isoformat(),
                        "same_nature": True,
                    }
                ]
                yield (
                    f"{key}/repeat",
                    repeat,
                    {"escalated": {track: True}, "sanction_basis": {track: [repeat_law]}},
                    f"A sanction of the same nature ({sets[0].options[0].id}) was imposed before the act: the new "
                    f"one must be of a heavier type ({repeat_law}).",
                )
            if double_law:
                double = dict(incident)
                double["prior_sanctions"] = [{"track": track, "tier": outcome.tier, "for_this_incident": True}]
                yield (
                    f"{key}/double",
                    double,
                    {"sanction_basis": {track: [double_law]}},
                    f"This very violation was already punished: it is not punished again ({double_law}).",
                )
            break


def alias_cases(rs: RuleSet) -> Iterator[Case]:
    """A local title (Wali Nagari, Peratin...) is the role it names: a rule on the role applies."""
    for role, term in rs.vocabulary.roles.items():
        for alias in term.aliases:
            for rule in rs.rules:
                if rule.rule.kind != "violation" or role not in rule.subjects:
                    continue
                incident = None
                for t in RuleTerms(rule.condition).terms:
                    incident = build(rs, rule, t, role, rule.rule.acts[0])
                    if incident is not None and evaluate(rule.condition, facts_of(rs, incident)) is True:
                        break
                    incident = None
                if incident is None:
                    continue
                incident["respondent"]["role"] = alias
                yield (
                    f"{role}/{alias}",
                    incident,
                    {"rules_include": [rule.id]},
                    f"'{alias}' is the local title of {role} (vocabulary.yaml): {rule.id} applies to it as to {role}.",
                )
                break


def pin_cases(rs: RuleSet) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any], str]]:
    for kind, gen in (
        ("routes", route_cases),
        ("deadlines", deadline_cases),
        ("options", option_cases),
        ("combine", combine_cases),
        ("combine", two_offence_cases),
        ("sentencing", sentencing_cases),
        ("aliases", alias_cases),
    ):
        for name, incident, expect, why in gen(rs):
            yield kind, name, incident, expect, why
