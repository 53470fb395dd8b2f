"""Properties of the bundled rule set, checked on generated incidents (hypothesis).

These are the same checks `nrules verify` searches for, and the ones a rule author can run on their
own rule set through neutrality_rules.testing.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neutrality_rules import Engine
from neutrality_rules.api import bundled_rules_path
from neutrality_rules.ruleset.loader import load_ruleset
from neutrality_rules.testing import (
    check_act_order,
    check_backends_agree,
    check_determinism,
    check_heaviest_decides,
    check_monotone_act,
    check_monotone_modifier,
    check_monotone_prior,
    check_round_trip,
    incidents,
    prior_sanctions,
)

RULES = load_ruleset([bundled_rules_path()])
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
def test_aggravating_modifiers_never_lower_the_sanction(reference_engine: Engine, incident: dict[str, Any]) -> None:
    check_monotone_modifier(reference_engine, incident)


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
@given(incidents(RULES))
def test_the_heaviest_finding_decides_each_track(reference_engine: Engine, incident: dict[str, Any]) -> None:
    check_heaviest_decides(reference_engine, reference_engine.check(incident))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents(RULES, max_acts=3))
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
