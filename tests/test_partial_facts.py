"""Reports as they arrive: several respondents, open facts named, facts that did not matter said so.

The golden cases in cases/partial/ pin the outcomes; these tests pin what a reader of the verdict relies
on besides the outcome: the words of a scenario, the open facts and who each verdict is about.
"""

from __future__ import annotations

from typing import Any

import pytest

from neutrality_rules import Engine, IncidentError


def report(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "incident_id": "P-1",
        "election": {"key": "pemilu-2024", "contest": "presiden"},
        "respondent": {"role": "pns", "position_kind": "pelaksana", "government_level": "kabupaten_kota"},
        "event": {"date_of_act": "2023-11"},
        "acts": [{"type": "social_media.like"}],
        "assessment_date": "2024-01-15",
    }
    base.update(changes)
    return base


def test_the_date_decides_and_the_verdict_says_which_day_gives_what(reference_engine: Engine) -> None:
    verdict = reference_engine.check(report())
    assert [q.fact for q in verdict.open_questions] == ["event.date_of_act"]
    lines = {o.value.en: o.summary.en for o in verdict.open_questions[0].outcomes}
    # the presidential tickets were determined on 13-11-2023 (KPU): kode etik before, discipline from that day
    assert lines == {
        "before 13 November 2023": "sanksi moral (PP 42/2004 Pasal 15)",
        "from 13 November 2023": "hukuman disiplin berat",
    }
    (idn,) = [o.value.id for o in verdict.open_questions[0].outcomes if o.summary.id == "hukuman disiplin berat"]
    assert idn == "sejak 13 November 2023"
    assert [s.certainty for s in verdict.sanctions] == ["definite"]
    assert [(h.track, h.tier) for h in verdict.sanctions[0].possible_heavier] == [("discipline", "berat")]
    assert verdict.context.acts[0].date is None and verdict.context.acts[0].date_reported is not None
    assert verdict.context.acts[0].phases == ["pre_determination", "pre_campaign", "campaign"]


def test_a_date_that_did_not_matter_is_said_not_to_have_mattered(reference_engine: Engine) -> None:
    verdict = reference_engine.check(report(event={"date_of_act": "2023-12"}))
    assert verdict.scenarios == [] and verdict.open_questions == []
    assert [(n.fact, n.reported.en) for n in verdict.not_needed] == [("event.date_of_act", "December 2023")]


def test_several_respondents_get_one_verdict_each_from_shared_and_own_acts(reference_engine: Engine) -> None:
    incident = report(
        event={"date_of_act": "2024-01-05"},
        respondent=None,
        respondents=[
            {"role": "wali_nagari", "name": "A"},
            {"role": "lurah", "name": "B", "acts": [{"type": "social_media.like"}]},
        ],
        acts=[{"type": "campaign.team"}],
    )
    first, second = reference_engine.check_case(incident)
    assert (first.respondent.index, first.respondent.role, first.respondent.role_alias) == (
        0,
        "kepala_desa",
        "wali_nagari",
    )
    assert (second.respondent.index, second.respondent.name) == (1, "B")
    assert len(first.context.acts) == 1 and len(second.context.acts) == 2  # the lurah's own like is hers alone
    # both joined a Pemilu campaign team: UU 7/2017 Pasal 280(3) jo. 494 names kepala desa and ASN alike
    assert "criminal" in first.headline.tracks and "criminal" in second.headline.tracks
    assert "village_admin" in first.headline.tracks and "discipline" in second.headline.tracks
    with pytest.raises(IncidentError) as caught:
        reference_engine.check(incident)
    assert caught.value.key == "incident.several_respondents"


def test_the_stated_phase_and_date_must_agree(reference_engine: Engine) -> None:
    with pytest.raises(IncidentError) as caught:
        reference_engine.check(report(event={"date_of_act": "2023-10", "phase": "campaign"}))
    assert caught.value.key == "incident.phase_date_disagree"


def test_an_unknown_act_never_reads_as_no_violation(reference_engine: Engine) -> None:
    verdict = reference_engine.check(report(event={"date_of_act": "2024-01-05"}, acts=[{"type": "unknown"}]))
    assert verdict.status == "not_determinable"
    assert [q.unknown_facts for q in verdict.open_questions] == [["act.type"]]


def test_an_open_value_is_named_in_the_vocabulary_s_words_in_each_language(reference_engine: Engine) -> None:
    """Whom a photo was with is unknown: the open question and the scenarios name the possibilities as
    the vocabulary words them ("alat peraga kampanye"), never as the key (campaign_props)."""
    act = {"type": "photo.with_candidate", "public": True, "photo_with": None, "partisan_symbol": False}
    verdict = reference_engine.check(report(event={"date_of_act": "2024-01-10"}, acts=[act]))
    values = [o.value for q in verdict.open_questions for o in q.outcomes]
    labels = [q.label for q in verdict.open_questions]
    assert values and labels
    indonesian = " ".join(x.id for x in values + labels)
    assert "alat peraga kampanye" in indonesian
    for key in ("campaign_props", "candidate", "campaign_team"):
        assert key not in indonesian


def test_a_repeat_names_the_last_sanction_and_the_tier_in_words(reference_engine: Engine) -> None:
    """PP 94/2021 Pasal 35(2): a repeat gets a heavier type than the last one; the note names both as the
    regulation does (a written reprimand before, hukuman disiplin sedang now: uniform at a campaign,
    Pasal 5 huruf n angka 2 jo. Pasal 13 huruf g), not by their keys."""
    act = {"type": "campaign.attend", "civil_servant_attributes": True}
    prior = [
        {
            "track": "discipline",
            "tier": "ringan",
            "option": "teguran_tertulis",
            "imposed_on": "2023-06-01",
            "same_nature": True,
        }
    ]
    verdict = reference_engine.check(
        report(event={"date_of_act": "2024-01-10"}, acts=[act], prior_sanctions=prior, assessment_date="2024-02-01")
    )
    notes = [s.escalation.note for s in verdict.sanctions if s.escalation is not None]
    assert len(notes) == 1, verdict.sanctions
    assert "teguran_tertulis" not in notes[0].id and "sedang" in notes[0].id
    assert "teguran tertulis" in notes[0].id.lower() and "hukuman disiplin sedang" in notes[0].id
    assert "written reprimand" in notes[0].en.lower() and "moderate" in notes[0].en


def _flags(verdict: Any) -> set[str]:
    return {f.id for f in verdict.flags}


@pytest.mark.parametrize(
    ("region", "day", "flagged"),
    [
        (None, "2021-05", True),  # the Kalsel and Jambi governor re-votes ran in May-June 2021
        ("Kota Banjarmasin, Kalimantan Selatan", "2021-05", False),  # the region is named: its round applies
        ("Kota Surabaya, Jawa Timur", "2021-05", False),  # named, and no re-vote there
        (None, "2020-10", False),  # no region-limited round on those days
    ],
)
def test_a_re_vote_held_only_in_some_regions_is_flagged_when_the_region_is_not_named(
    reference_engine: Engine, region: str | None, day: str, flagged: bool
) -> None:
    """A re-vote (UU 1/2015 Pasal 112) held only in some regions has phases of its own; with no region
    stated, the engine cannot apply them and says so instead of silently using the main calendar."""
    election: dict[str, Any] = {"key": "pilkada-2020", "contest": "gubernur"}
    if region:
        election["region"] = region
    verdict = reference_engine.check(
        report(
            election=election,
            respondent={"role": "tni"},
            event={"date_of_act": day},
            acts=[{"type": "social_media.like"}],
            assessment_date="2021-08-01",
        )
    )
    assert ("region_limited_round_unknown" in _flags(verdict)) is flagged
