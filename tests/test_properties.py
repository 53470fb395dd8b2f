"""Properties of the bundled rule set, checked on generated incidents (hypothesis).

These are the same checks `nrules verify` searches for, and the ones a rule author can run on their
own rule set through neutrality_rules.testing. Every run is the same run (derandomized, no example
database), and the incidents that once broke a property are pinned as explicit examples, so a property
finds what it exists to find on every run, never on a lucky seed.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from neutrality_rules import Engine
from neutrality_rules.api import bundled_rules_path
from neutrality_rules.ruleset.loader import load_ruleset
from neutrality_rules.testing import (
    check_act_order,
    check_backends_agree,
    check_determinism,
    check_floor_sound,
    check_headline_consistent,
    check_heaviest_decides,
    check_monotone_act,
    check_monotone_modifier,
    check_monotone_prior,
    check_round_trip,
    incidents,
    partial_and_completion,
    prior_sanctions,
)

RULES = load_ruleset([bundled_rules_path()])
SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)

# Incidents that broke a property once (issue 9 item 5); each stays an example of its property.
PPPK_BEFORE_PP49_WITH_ATTRIBUTES = {
    # a PPPK examined before PP 49/2018 (no PPPK discipline yet): the party attributes took the act out
    # of kode etik into a disciplinary rule with no regime, and the verdict waited for "the regime in force"
    "incident_id": "REGRESSION-PPPK-REGIME",
    "election": {"key": "pilkada-2018", "contest": "bupati"},
    "respondent": {"role": "pppk"},
    "event": {"date_of_act": "2018-06-01"},
    "acts": [{"type": "campaign.attend"}],
    "assessment_date": "2018-07-01",
}
KADES_REPRIMANDED_THEN_EARLIER_ACT = {
    # a kepala desa reprimanded on 1 October campaigns on 15 October; an act of 26 September joins the
    # examination: the repeat was judged from the earliest act, so the second act lightened the sanction
    "incident_id": "REGRESSION-KADES-REPEAT",
    "election": {"key": "pilkada-2024", "contest": "bupati"},
    "respondent": {"role": "kepala_desa"},
    "event": {"date_of_act": "2024-10-15"},
    "acts": [{"type": "campaign.team"}],
    "prior_sanctions": [{"track": "village_admin", "tier": "village_teguran", "imposed_on": "2024-10-01"}],
    "assessment_date": "2024-11-20",
}


@SETTINGS
@given(incidents(RULES))
def test_same_incident_same_verdict(durable_engine: Engine, incident: dict[str, Any]) -> None:
    check_determinism(durable_engine, incident)


@SETTINGS
@given(incidents(RULES, max_acts=4))
def test_order_of_acts_does_not_matter(reference_engine: Engine, incident: dict[str, Any]) -> None:
    check_act_order(reference_engine, incident)


@SETTINGS
@given(incidents(RULES, max_acts=2))
@example(PPPK_BEFORE_PP49_WITH_ATTRIBUTES)
def test_aggravating_modifiers_never_lower_the_sanction(reference_engine: Engine, incident: dict[str, Any]) -> None:
    check_monotone_modifier(reference_engine, incident)


def test_an_earlier_act_never_lightens_a_repeat(reference_engine: Engine) -> None:
    """Pasal 35(2) judged act by act: the act after the reprimand stays a repeat whatever else is examined."""
    check_monotone_act(
        reference_engine, KADES_REPRIMANDED_THEN_EARLIER_ACT, {"type": "campaign.team", "date": "2024-09-26"}
    )
    verdict = reference_engine.check(
        {
            **KADES_REPRIMANDED_THEN_EARLIER_ACT,
            "acts": [{"type": "campaign.team"}, {"type": "campaign.team", "date": "2024-09-26"}],
        }
    )
    assert [(s.track, s.tier) for s in verdict.sanctions if s.track == "village_admin"] == [
        ("village_admin", "village_pemberhentian_sementara")  # UU 6/2014 Pasal 30(2): the reprimand was not heeded
    ]


def test_no_regime_in_force_is_a_known_fact_not_an_open_question(reference_engine: Engine) -> None:
    """A PPPK examined before PP 49/2018: nothing for an officer to supply, so never not_determinable."""
    attributes = {**PPPK_BEFORE_PP49_WITH_ATTRIBUTES, "acts": [{"type": "campaign.attend", "party_attributes": True}]}
    for incident in (PPPK_BEFORE_PP49_WITH_ATTRIBUTES, attributes):
        verdict = reference_engine.check(incident)
        assert verdict.status == "violation"
        assert [(s.track, s.tier) for s in verdict.sanctions] == [("kode_etik", "moral")]


@SETTINGS
@given(incidents(RULES, max_acts=2), st.data())
def test_adding_an_act_never_lowers_the_sanction(
    reference_engine: Engine, incident: dict[str, Any], data: st.DataObject
) -> None:
    same_role = data.draw(
        incidents(
            RULES, roles=[_role(incident)], elections=[incident["election"]["key"]], max_acts=1, with_priors=False
        )
    )
    extra = dict(same_role["acts"][0])
    extra.setdefault("date", same_role["event"]["date_of_act"])
    if incident["election"]["contest"] != same_role["election"]["contest"]:
        extra.pop("date", None)
    check_monotone_act(reference_engine, incident, extra)


@SETTINGS
@given(incidents(RULES, with_priors=False), st.data())
def test_a_prior_sanction_never_lowers_the_sanction(
    reference_engine: Engine, incident: dict[str, Any], data: st.DataObject
) -> None:
    import datetime as dt

    day = dt.date.fromisoformat(incident["event"]["date_of_act"])
    check_monotone_prior(reference_engine, incident, data.draw(prior_sanctions(RULES, before=day)))


@SETTINGS
@given(incidents(RULES, max_acts=3, partial=True))
def test_the_headline_never_contradicts_the_sanctions(reference_engine: Engine, incident: dict[str, Any]) -> None:
    check_headline_consistent(reference_engine, reference_engine.check(incident))


@settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(partial_and_completion(RULES, max_acts=2))
def test_a_report_with_open_facts_never_contradicts_its_completions(
    reference_engine: Engine, pair: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    check_floor_sound(reference_engine, *pair)


@SETTINGS
@given(incidents(RULES))
def test_the_heaviest_finding_decides_each_track(reference_engine: Engine, incident: dict[str, Any]) -> None:
    check_heaviest_decides(reference_engine, reference_engine.check(incident))


@settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
@given(incidents(RULES, max_acts=3, partial=True))
def test_durable_and_reference_backends_agree(
    durable_engine: Engine, reference_engine: Engine, incident: dict[str, Any]
) -> None:
    check_backends_agree(durable_engine, reference_engine, incident)


@SETTINGS
@given(incidents(RULES))
def test_verdict_round_trips_through_json(durable_engine: Engine, incident: dict[str, Any]) -> None:
    check_round_trip(durable_engine.check(incident))


def _role(incident: dict[str, Any]) -> str:
    from neutrality_rules.context import resolve_role

    return resolve_role(RULES, incident["respondent"]["role"])[0]
