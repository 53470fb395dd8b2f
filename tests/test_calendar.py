"""Election calendars as the law and the KPU set them: phases derived from the dates, second rounds and
re-votes where they were held, acts in the candidacy process before the KPU's stages, and the 2014 elections
(issue 10, item 5). Expected phases come from the calendars' sourced dates (rules/elections.yaml)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from neutrality_rules import Engine
from neutrality_rules.calendar import accepts, before_stages, phase_on, phase_spans, round_applies
from neutrality_rules.errors import InputError
from neutrality_rules.inputs import to_incident
from neutrality_rules.ruleset.loader import RuleSet
from neutrality_rules.ruleset.models import Election

D = dt.date


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(backend="reference")


def election(ruleset: RuleSet, key: str) -> Election:
    return ruleset.elections.elections[key]


# ---------------------------------------------------------------- the first round, as before
def test_phases_of_pilkada_2024_on_their_boundary_days(ruleset: RuleSet) -> None:
    e = election(ruleset, "pilkada-2024")
    expected = {
        D(2024, 9, 21): "pre_determination",
        D(2024, 9, 22): "pre_campaign",  # the determination day counts as after determination
        D(2024, 9, 25): "campaign",
        D(2024, 11, 23): "campaign",
        D(2024, 11, 24): "quiet_period",
        D(2024, 11, 27): "voting_day",
        D(2024, 11, 28): "post_voting",
    }
    assert {day: phase_on(e, "bupati", day).phase for day in expected} == expected


# ---------------------------------------------------------------- a second round with its own campaign
def test_the_dki_2017_second_round_has_its_own_campaign_and_voting_day(ruleset: RuleSet) -> None:
    e = election(ruleset, "pilkada-2017")
    where = "Provinsi DKI Jakarta"
    assert phase_on(e, "gubernur", D(2017, 2, 20), where).phase == "post_voting"  # between the rounds
    assert phase_on(e, "gubernur", D(2017, 3, 5), where).phase == "pre_campaign"  # round-2 pairs set 04-03
    info = phase_on(e, "gubernur", D(2017, 3, 20), where)
    assert (info.phase, info.in_campaign, info.after_determination) == ("campaign", True, True)
    assert info.round is not None and "second round" in info.round
    assert phase_on(e, "gubernur", D(2017, 4, 17), where).phase == "quiet_period"
    assert phase_on(e, "gubernur", D(2017, 4, 19), where).phase == "voting_day"
    assert phase_on(e, "gubernur", D(2017, 4, 20), where).phase == "post_voting"


@pytest.mark.parametrize(
    ("contest", "region"),
    [("gubernur", "Provinsi Banten"), ("bupati", "Kabupaten Kepulauan Seribu, DKI Jakarta"), ("gubernur", None)],
    ids=["other-province", "other-contest", "region-not-stated"],
)
def test_the_second_round_is_only_where_it_was_held(ruleset: RuleSet, contest: str, region: str | None) -> None:
    info = phase_on(election(ruleset, "pilkada-2017"), contest, D(2017, 3, 20), region)
    assert (info.phase, info.in_campaign, info.round) == ("post_voting", False, None)


def test_region_names_match_as_words_not_fragments(ruleset: RuleSet) -> None:
    dki = election(ruleset, "pilkada-2017").second_round
    assert dki is not None
    assert round_applies(dki, "gubernur", "DKI JAKARTA")
    assert not round_applies(dki, "gubernur", "Jakartanesia")


# ---------------------------------------------------------------- re-votes after the stages ended
def test_a_re_vote_voting_day_is_a_voting_day_where_it_was_held(ruleset: RuleSet) -> None:
    e = election(ruleset, "pilkada-2020")
    assert phase_on(e, "gubernur", D(2021, 5, 27), "Provinsi Jambi").phase == "voting_day"
    assert phase_on(e, "gubernur", D(2021, 5, 26), "Provinsi Jambi").phase == "post_voting"  # no new campaign
    assert phase_on(e, "gubernur", D(2021, 5, 27), "Provinsi Riau").phase == "post_voting"
    assert phase_on(e, "bupati", D(2021, 7, 7), "Kabupaten Sabu Raijua").phase == "voting_day"


def test_re_votes_extend_the_days_an_act_can_belong_to(ruleset: RuleSet) -> None:
    e = election(ruleset, "pilkada-2020")
    assert e.window.to == D(2021, 3, 22)
    assert accepts(e, D(2021, 7, 30)) and not accepts(e, D(2021, 7, 31))


# ---------------------------------------------------------------- the candidacy process before the stages
def test_an_early_candidacy_step_is_before_determination_and_flagged(engine: Engine) -> None:
    data = _incident("pilkada-2024", "bupati", "2023-11-12", {"type": "social_media.like", "public": True})
    verdict = engine.check(to_incident(data))
    assert verdict.context.acts[0].phase == "pre_determination"
    assert "early_candidacy_step" in {f.id for f in verdict.flags}
    later = engine.check(to_incident(_incident("pilkada-2024", "bupati", "2024-03-01", {"type": "social_media.like"})))
    assert "early_candidacy_step" not in {f.id for f in later.flags}


def test_an_act_before_the_previous_election_ended_is_still_refused(engine: Engine) -> None:
    e = engine.ruleset.elections.elections["pilkada-2024"]
    assert e.candidacy_from == D(2020, 12, 10)  # the day after the 2020 wave's voting day
    assert before_stages(e, D(2020, 12, 10)) and not accepts(e, D(2020, 12, 9))
    with pytest.raises(InputError):
        engine.check(to_incident(_incident("pilkada-2024", "bupati", "2020-12-09", {"type": "social_media.like"})))


# ---------------------------------------------------------------- 2014
def test_pileg_2014_contestants_and_campaign(ruleset: RuleSet) -> None:
    e = election(ruleset, "pemilu-2014-legislatif")
    # the parties were the DPR/DPRD contestants from 08-01-2013 and campaigned from 11-01-2013 (UU 8/2012 Pasal 83(1))
    assert phase_on(e, "dpr", D(2013, 1, 9)).phase == "pre_campaign"
    assert phase_on(e, "dpr", D(2013, 2, 1)).phase == "campaign"
    # the DPD contestants are the candidates, set 28-08-2013; their campaign starts three days later
    assert phase_on(e, "dpd", D(2013, 2, 1)).phase == "pre_determination"
    assert phase_on(e, "dpd", D(2013, 8, 29)).phase == "pre_campaign"
    assert phase_on(e, "dpd", D(2013, 8, 31)).phase == "campaign"
    assert phase_on(e, "dpd", D(2014, 4, 9)).phase == "voting_day"


def test_pilpres_2014(ruleset: RuleSet) -> None:
    e = election(ruleset, "pemilu-2014-presiden")
    assert phase_on(e, "presiden", D(2014, 5, 30)).phase == "pre_determination"
    assert phase_on(e, "presiden", D(2014, 6, 4)).phase == "campaign"
    assert phase_on(e, "presiden", D(2014, 7, 9)).phase == "voting_day"


def test_2014_verdicts_say_what_the_law_of_the_day_has_that_nrules_does_not(engine: Engine) -> None:
    data = _incident("pemilu-2014-presiden", "presiden", "2014-06-10", {"type": "social_media.like", "public": True})
    flags = {f.id for f in engine.check(to_incident(data)).flags}
    assert "pemilu_2014_law_not_modelled" in flags


def test_a_law_not_yet_in_force_is_known_absent_not_unknown(engine: Engine) -> None:
    """UU 6/2014 took effect on 15-01-2014: a kepala desa's campaigning in 2013 is not an open question about
    which village law applies; nothing is found and the election's flag names the law of the day."""
    data = _incident("pemilu-2014-legislatif", "dpr", "2013-10-05", {"type": "campaign.team"}, role="kepala_desa")
    verdict = engine.check(to_incident(data))
    assert verdict.status == "no_violation" and not verdict.open_questions
    assert "pemilu_2014_law_not_modelled" in {f.id for f in verdict.flags}


# ---------------------------------------------------------------- invariants over every calendar day
def test_phase_spans_agree_with_phase_on_every_day(ruleset: RuleSet) -> None:
    for key, e in ruleset.elections.elections.items():
        regions: list[str | None] = [None, *(name for r in e.rounds for name in r.regions)]
        for contest in e.contests:
            for region in regions:
                spans = phase_spans(e, contest, region)
                assert spans[0][1] == e.span.from_ and spans[-1][2] == e.span.to, key
                for phase, lo, hi in spans:
                    day = lo
                    while day <= hi:
                        info = phase_on(e, contest, day, region)
                        assert info.phase == phase, (key, contest, region, day)
                        assert info.after_determination == (phase != "pre_determination")
                        assert info.in_campaign == (phase == "campaign")
                        day += dt.timedelta(days=1)


# ---------------------------------------------------------------- the data is checked when loaded
def _entry(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "pilkada",
        "title": {"en": "t", "id": "t"},
        "window": {"from": "2024-01-01", "to": "2024-12-31"},
        "contests": ["bupati"],
        "determination": {"bupati": "2024-09-22"},
        "campaign": {"from": "2024-09-25", "to": "2024-11-23"},
        "quiet_period": {"from": "2024-11-24", "to": "2024-11-26"},
        "voting_day": "2024-11-27",
        "confidence": "PS",
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    "changes",
    [
        {"determination": {"bupati": "2024-09-26"}},  # determined after the campaign opened
        {"campaign_from": {"bupati": "2024-12-01"}},  # a contest's campaign outside the campaign period
        {"candidacy_from": "2024-02-01"},  # the candidacy process cannot start after the stages
        {"re_votes": [{"what": "PSU", "voting_day": "2024-11-20", "confidence": "PS"}]},  # before voting day
        {"re_votes": [{"what": "PSU", "contests": ["gubernur"], "voting_day": "2024-12-20", "confidence": "PS"}]},
    ],
    ids=["late-determination", "campaign-from-outside", "candidacy-after-stages", "round-before-vote", "bad-contest"],
)
def test_incoherent_calendars_are_refused(changes: dict[str, Any]) -> None:
    Election.model_validate(_entry())
    with pytest.raises(ValidationError):
        Election.model_validate(_entry(**changes))


def _incident(key: str, contest: str, day: str, act: dict[str, Any], role: str = "pns") -> dict[str, Any]:
    return {
        "incident_id": "CAL-TEST",
        "election": {"key": key, "contest": contest},
        "respondent": {"role": role},
        "event": {"date_of_act": day},
        "acts": [act],
        "assessment_date": day,
    }
