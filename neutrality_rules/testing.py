"""Hypothesis strategies and property checks for rule authors and embedders.

Use them to test a modified rule set in your own pytest:

    from hypothesis import given, settings
    from neutrality_rules import Engine
    from neutrality_rules.testing import incidents, check_monotone_modifier

    engine = Engine.load("my-rules/", backend="reference")

    @settings(max_examples=200, deadline=None)
    @given(incidents(engine.ruleset, roles=["pns"], act_types=["campaign.attend"]))
    def test_aggravation_never_lowers(incident):
        check_monotone_modifier(engine, incident)

Every `check_*` function raises PropertyFailure with a readable message when the property does not
hold, and returns None otherwise. The strategies only generate incidents that are valid for the rule
set they are given (known terms, dates inside a calendar, the law date pinned).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from .api import Engine
from .calendar import phase_spans
from .ruleset.factschema import PHASES
from .ruleset.loader import RuleSet
from .verdict import Verdict

Incident = dict[str, Any]


class PropertyFailure(AssertionError):
    """A rule-set property does not hold for an incident; the message says which and how."""


# ---------------------------------------------------------------- phases as date ranges
def phase_ranges(ruleset: RuleSet, election: str, contest: str) -> dict[str, tuple[dt.date, dt.date]]:
    """The first and last day of each phase of an election for a contest (empty phases left out; a phase
    that recurs after a region's second round or re-vote keeps its first span)."""
    out: dict[str, tuple[dt.date, dt.date]] = {}
    for phase, lo, hi in phase_spans(ruleset.elections.elections[election], contest):
        out.setdefault(phase, (lo, hi))
    return out


def _roles_for_act(ruleset: RuleSet, act: str) -> set[str]:
    return set(ruleset.expand_subjects(ruleset.vocabulary.act_types[act].subjects))


@st.composite
def _modifiers(draw: st.DrawFn, ruleset: RuleSet) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, mod in ruleset.vocabulary.modifiers.items():
        if draw(st.integers(0, 2)) == 0:
            continue  # not alleged
        if mod.type == "bool":
            out[name] = draw(st.sampled_from([True, False, None]))
        elif mod.type == "enum":
            out[name] = draw(st.sampled_from(mod.values))
        elif mod.type == "set":
            out[name] = draw(st.lists(st.sampled_from(mod.values), unique=True, max_size=len(mod.values)))
        elif mod.type == "int":
            out[name] = draw(st.integers(0, 10_000_000))
    return out


@st.composite
def incidents(
    draw: st.DrawFn,
    ruleset: RuleSet,
    *,
    roles: Sequence[str] | None = None,
    act_types: Sequence[str] | None = None,
    phases: Sequence[str] | None = None,
    elections: Sequence[str] | None = None,
    max_acts: int = 3,
    with_priors: bool = True,
    partial: bool = False,
) -> Incident:
    """Valid incidents for `ruleset`, optionally narrowed by role, act type, phase or election. With
    `partial`, reports as they arrive: dates known only to the month, as a range, as a phase or not at
    all, and whether the respondent still held the office left open now and then."""
    vocab = ruleset.vocabulary
    election = draw(st.sampled_from(sorted(elections or ruleset.elections.elections)))
    e = ruleset.elections.elections[election]
    contest = draw(st.sampled_from(sorted(e.contests)))
    ranges = phase_ranges(ruleset, election, contest)
    wanted = [p for p in (phases or PHASES) if p in ranges]
    if not wanted:
        raise ValueError(f"no phase of {election}/{contest} among {phases}")
    acts_pool = sorted(act_types or vocab.act_types)
    role_pool = sorted(roles or vocab.roles)
    pairs = [(r, a) for r in role_pool for a in acts_pool if r in _roles_for_act(ruleset, a)]
    if not pairs:
        raise ValueError("no act type applies to the requested roles")
    role = draw(st.sampled_from(sorted({r for r, _ in pairs})))
    role_acts = [a for r, a in pairs if r == role]
    phase = draw(st.sampled_from(wanted))
    lo, hi = ranges[phase]
    day = lo + dt.timedelta(days=draw(st.integers(0, (hi - lo).days)))
    n = draw(st.integers(1, max_acts))
    acts = []
    for _ in range(n):
        act: dict[str, Any] = {"type": draw(st.sampled_from(role_acts)), **draw(_modifiers(ruleset))}
        if draw(st.booleans()):
            p2 = draw(st.sampled_from(wanted))
            lo2, hi2 = ranges[p2]
            act["date"] = (lo2 + dt.timedelta(days=draw(st.integers(0, (hi2 - lo2).days)))).isoformat()
        acts.append(act)
    role_term = vocab.roles[role]
    written_role = draw(st.sampled_from([role, *role_term.aliases])) if role_term.aliases else role
    incident: Incident = {
        "incident_id": f"GEN-{draw(st.integers(0, 10**6))}",
        "election": {"key": election, "contest": contest},
        "respondent": {"role": written_role},
        "event": {"date_of_act": day.isoformat()},
        "acts": acts,
    }
    if draw(st.booleans()):
        incident["respondent"]["position_kind"] = draw(st.sampled_from(sorted(vocab.positions)))
    last = max([day, *(dt.date.fromisoformat(a["date"]) for a in acts if "date" in a)])
    law_day = last + dt.timedelta(days=draw(st.integers(0, 900)))
    key = "examination_started_on" if draw(st.booleans()) else "assessment_date"
    incident[key] = law_day.isoformat()
    if with_priors and draw(st.integers(0, 3)) == 0:
        incident["prior_sanctions"] = [draw(prior_sanctions(ruleset, before=day))]
    if partial:
        incident["event"] = draw(reported_dates(day, phase))
        for act in acts:
            if "date" in act and draw(st.integers(0, 2)) == 0:
                act_day = dt.date.fromisoformat(act["date"])
                act.pop("date")
                reported = draw(reported_dates(act_day, None))
                if "date_of_act" in reported:
                    act["date"] = reported["date_of_act"]
        if draw(st.integers(0, 5)) == 0:
            incident["respondent"]["in_office"] = None
    return incident


@st.composite
def reported_dates(draw: st.DrawFn, day: dt.date, phase: str | None) -> dict[str, Any]:
    """`event` as a report may give a date it knows to lie on `day`: the day, its month, a range around
    it, its phase only (when given), or nothing."""
    kind = draw(st.sampled_from(["day", "day", "month", "range", "phase", "unknown"]))
    if kind == "month":
        return {"date_of_act": day.isoformat()[:7]}
    if kind == "range":
        before, after = draw(st.integers(0, 20)), draw(st.integers(0, 20))
        first, last = day - dt.timedelta(days=before), day + dt.timedelta(days=after)
        return {"date_of_act": {"from": first.isoformat(), "to": last.isoformat()}}
    if kind == "phase" and phase is not None:
        return {"phase": phase}
    if kind == "unknown":
        return {}
    return {"date_of_act": day.isoformat()}


@st.composite
def partial_and_completion(draw: st.DrawFn, /, ruleset: RuleSet, **narrow: Any) -> tuple[Incident, Incident]:
    """A report with open facts and one completion of it: an exact incident (every date a day, every
    modifier stated or not mentioned), and the same report with its date, some modifiers and whether
    the respondent held the office left open."""
    exact = draw(incidents(ruleset, **narrow))
    for act in exact["acts"]:
        for name, value in list(act.items()):
            if value is None:
                act[name] = draw(st.booleans())
    partial = copy.deepcopy(exact)
    day = dt.date.fromisoformat(exact["event"]["date_of_act"])
    e = ruleset.elections.elections[exact["election"]["key"]]
    phase = next(
        (
            p
            for p, (lo, hi) in phase_ranges(ruleset, exact["election"]["key"], exact["election"]["contest"]).items()
            if lo <= day <= hi
        ),
        None,
    )
    partial["event"] = draw(reported_dates(day, phase))
    if "date_of_act" in partial["event"] and isinstance(partial["event"]["date_of_act"], dict):
        lo, hi = e.span.from_, e.span.to
        assert lo is not None and hi is not None
        rng = partial["event"]["date_of_act"]
        rng["from"] = max(dt.date.fromisoformat(rng["from"]), lo).isoformat()
        rng["to"] = min(dt.date.fromisoformat(rng["to"]), hi).isoformat()
    bools = {n for n, m in ruleset.vocabulary.modifiers.items() if m.type == "bool"}
    for act in partial["acts"]:
        for name in [n for n in act if n in bools]:
            if draw(st.integers(0, 3)) == 0:
                act[name] = None
    if ruleset.vocabulary.office is not None and draw(st.integers(0, 5)) == 0:
        partial["respondent"]["in_office"] = None
    return partial, exact


@st.composite
def prior_sanctions(draw: st.DrawFn, ruleset: RuleSet, *, before: dt.date) -> dict[str, Any]:
    """A prior sanction of the same nature, imposed before `before`, from the rule set's option sets."""
    oset = draw(st.sampled_from([s for s in ruleset.sanctions.option_sets if s.status == "in_force"]))
    option = draw(st.sampled_from(oset.options))
    tier = ruleset.sanctions.tiers[oset.tier]
    return {
        "track": tier.track,
        "tier": oset.tier,
        "option": option.id,
        "imposed_on": (before - dt.timedelta(days=draw(st.integers(1, 2000)))).isoformat(),
        "same_nature": True,
    }


# ---------------------------------------------------------------- property checks
def _line_scores(engine: Engine, verdict: Verdict) -> dict[str, tuple[int, int]]:
    """Per consequence line (sanctions.yaml `line`, default the track), how heavy the recommendation is
    (0 = nothing), as (certain floor, heaviest possible): kode etik and discipline are one line, as the
    SKB moves one conduct between them. With open facts a verdict is a range; monotonicity means
    neither end of the range goes down."""
    tiers = engine.ruleset.sanctions.tiers
    tracks = engine.ruleset.sanctions.tracks
    scores: dict[str, tuple[int, int]] = {}
    for s in verdict.sanctions:
        if s.already_sanctioned:
            continue
        line = tracks[s.track].line or s.track
        low, high = scores.get(line, (0, 0))
        here = tiers[s.tier].severity + 1
        heavier = max((tiers[h.tier].severity + 1 for h in s.possible_heavier), default=here)
        if s.certainty == "definite":
            low = max(low, here)
        scores[line] = (low, max(high, here, heavier))
    return scores


def _no_lower(engine: Engine, before: Verdict, after: Verdict, what: str) -> None:
    old, new = _line_scores(engine, before), _line_scores(engine, after)
    for line, (low, high) in old.items():
        new_low, new_high = new.get(line, (0, 0))
        if new_low < low or new_high < high:
            raise PropertyFailure(
                f"{what} lowered the recommendation on the {line} track: {_described(before)} -> {_described(after)}"
            )


def _described(verdict: Verdict) -> list[tuple[str, str, str]]:
    return [(s.track, s.tier, s.certainty) for s in verdict.sanctions]


def check_headline_consistent(engine: Engine, verdict: Verdict) -> None:
    """The headline is derived from the sanctions and never contradicts them: one entry per certain
    track, none for a track without a certain sanction, a referral never shown as "no sanction", and
    no track, route step or deadline repeated."""
    tiers = engine.ruleset.sanctions.tiers
    certain = {s.track for s in verdict.sanctions if s.certainty == "definite" and not s.already_sanctioned}
    listed = [e.track for e in verdict.headline.entries]
    if len(listed) != len(set(listed)) or verdict.headline.tracks != listed:
        raise PropertyFailure(f"the headline repeats a track or disagrees with its entries: {listed}")
    if set(listed) != certain:
        raise PropertyFailure(f"headline tracks {sorted(listed)} are not the certain sanctions {sorted(certain)}")
    for e in verdict.headline.entries:
        top = max(
            tiers[s.tier].severity
            for s in verdict.sanctions
            if s.track == e.track and s.certainty == "definite" and not s.already_sanctioned
        )
        if tiers[e.tier].severity != top:
            raise PropertyFailure(f"headline names {e.tier} for {e.track}, the sanctions say otherwise")
    if certain and verdict.headline.tier in ("none", "open"):
        raise PropertyFailure(f"headline tier {verdict.headline.tier} beside certain consequences {sorted(certain)}")
    if not certain and verdict.headline.tier not in ("none", "open"):
        raise PropertyFailure(f"headline tier {verdict.headline.tier} without a certain consequence")
    if verdict.headline.criminal_referral != ("criminal" in certain):
        raise PropertyFailure("the headline's criminal referral disagrees with the sanctions")
    keyed = [(s.track, s.tier, tuple(s.decided_by), s.certainty) for s in verdict.sanctions]
    if len(keyed) != len(set(keyed)):
        raise PropertyFailure(f"a sanction line repeats: {keyed}")
    for s in verdict.sanctions:
        steps = [(r.step, r.body) for r in s.route]
        if len(steps) != len(set(steps)):
            raise PropertyFailure(f"the route of {s.track} repeats a step: {steps}")
        deadlines = [d.id for d in s.deadlines]
        if len(deadlines) != len(set(deadlines)):
            raise PropertyFailure(f"the deadlines of {s.track} repeat: {deadlines}")


def _comparable(verdict: Verdict) -> Any:
    data = verdict.model_dump(mode="json")
    data.pop("provenance")
    return data


def check_determinism(engine: Engine, incident: Incident) -> None:
    a, b = engine.check(copy.deepcopy(incident)), engine.check(copy.deepcopy(incident))
    if a.to_json() != b.to_json():
        raise PropertyFailure("the same incident gave two different verdicts")


def _outcome_key(verdict: Verdict) -> Any:
    findings = sorted((f.rule_id, f.act_type, str(f.act_date)) for f in verdict.findings)
    sanctions = sorted((s.track, s.tier, s.already_sanctioned) for s in verdict.sanctions)
    return verdict.status, verdict.headline.tier, findings, sanctions


def check_act_order(engine: Engine, incident: Incident) -> None:
    reversed_incident = copy.deepcopy(incident)
    reversed_incident["acts"] = list(reversed(reversed_incident["acts"]))
    if _outcome_key(engine.check(incident)) != _outcome_key(engine.check(reversed_incident)):
        raise PropertyFailure("reordering the acts changed the outcome")


def check_monotone_act(engine: Engine, incident: Incident, extra_act: Mapping[str, Any]) -> None:
    bigger = copy.deepcopy(incident)
    bigger["acts"].append(dict(extra_act))
    _no_lower(engine, engine.check(incident), engine.check(bigger), f"adding the act {dict(extra_act)}")


def aggravating_modifiers(ruleset: RuleSet) -> list[str]:
    return [n for n, m in ruleset.vocabulary.modifiers.items() if m.aggravating and m.type == "bool"]


def check_monotone_modifier(engine: Engine, incident: Incident, modifiers: Sequence[str] | None = None) -> None:
    """Turning any aggravating modifier on, on any act, never lowers the recommendation."""
    base = engine.check(incident)
    for index in range(len(incident["acts"])):
        for name in modifiers or aggravating_modifiers(engine.ruleset):
            if incident["acts"][index].get(name) is True:
                continue
            worse = copy.deepcopy(incident)
            worse["acts"][index][name] = True
            _no_lower(engine, base, engine.check(worse), f"setting acts[{index}].{name} to true")


def check_monotone_prior(engine: Engine, incident: Incident, prior: Mapping[str, Any]) -> None:
    more = copy.deepcopy(incident)
    more.setdefault("prior_sanctions", []).append(dict(prior))
    _no_lower(engine, engine.check(incident), engine.check(more), f"adding the prior sanction {dict(prior)}")


def check_floor_sound(engine: Engine, partial: Incident, exact: Incident) -> None:
    """`exact` states one completion of what `partial` leaves open: its outcome must lie within what
    the partial verdict allows. The certain floor never exceeds a completion, a definite finding holds in
    it, and a definite status (violation, no violation) is the completion's status."""
    loose, tight = engine.check(partial), engine.check(exact)
    if loose.status in ("violation", "no_violation") and tight.status != loose.status:
        raise PropertyFailure(f"the report as given says {loose.status}; a completion of it says {tight.status}")
    held = {(f.rule_id, f.act_index) for f in tight.findings if f.certainty == "definite"}
    for f in loose.findings:
        if f.certainty == "definite" and (f.rule_id, f.act_index) not in held:
            raise PropertyFailure(f"finding {f.rule_id} on act {f.act_index + 1} is definite but a completion lacks it")
    ranges, exact_scores = _line_scores(engine, loose), _line_scores(engine, tight)
    for line, (low, _high) in ranges.items():
        if exact_scores.get(line, (0, 0))[1] < low:
            raise PropertyFailure(
                f"the certain floor on the {line} track is above a completion: "
                f"{_described(loose)} vs {_described(tight)}"
            )
    for line, (low, _high) in exact_scores.items():
        if ranges.get(line, (0, 0))[1] < low:
            raise PropertyFailure(
                f"a completion reaches a sanction on the {line} track that the report as given does not foresee: "
                f"{_described(loose)} vs {_described(tight)}"
            )


def check_heaviest_decides(engine: Engine, verdict: Verdict) -> None:
    tiers = engine.ruleset.sanctions.tiers
    tracks = engine.ruleset.sanctions.tracks
    for s in verdict.sanctions:
        if tracks[s.track].combine != "heaviest" or s.already_sanctioned or s.certainty != "definite":
            continue
        found = [f.tier for f in verdict.findings if f.track == s.track and f.tier and f.certainty == "definite"]
        if not found:  # a certain floor on a line whose every finding is only possible
            continue
        top = max(tiers[t].severity for t in found)
        if tiers[s.tier].severity < top:
            raise PropertyFailure(f"track {s.track} recommends {s.tier}, lighter than its heaviest finding")


def check_backends_agree(a: Engine, b: Engine, incident: Incident) -> None:
    va, vb = a.check(incident), b.check(incident)
    if _comparable(va) != _comparable(vb):
        raise PropertyFailure(f"backends {a.backend} and {b.backend} disagree")


def check_round_trip(verdict: Verdict) -> None:
    again = Verdict.model_validate_json(verdict.to_json())
    if again != verdict or again.to_json() != verdict.to_json():
        raise PropertyFailure("the verdict does not round-trip through its JSON form")
