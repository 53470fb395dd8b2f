"""The decided outcome set against the law (incident.decision -> verdict.comparison).

Expected results come from the law as the rule set encodes it (a like on a candidate's post after
candidate determination is hukuman disiplin berat: PP 94 Pasal 14 huruf i, SKB 2022 D6; before it,
sanksi moral: SKB 2022 KE4), not from nrules' output.
"""

from __future__ import annotations

from typing import Any

import pytest

from neutrality_rules import Engine, IncidentError
from neutrality_rules.verdict import Verdict

from .conftest import incident

AFTER_DETERMINATION = "2024-10-10"  # Pilkada 2024 candidates determined 22-09-2024
BEFORE_DETERMINATION = "2024-09-01"


def like(day: str = AFTER_DETERMINATION, **decision: Any) -> dict[str, Any]:
    return incident(
        event={"date_of_act": day},
        decision={"stage": "imposed", "decided_by": "ppk", **decision},
    )


def check(engine: Engine, data: dict[str, Any]) -> Verdict:
    verdict = engine.check(data)
    assert verdict.comparison is not None
    return verdict


def test_no_decision_no_comparison(reference_engine: Engine) -> None:
    verdict = reference_engine.check(incident())
    assert verdict.comparison is None
    assert '"comparison": null' in verdict.to_json()


def test_the_prescribed_tier_with_one_of_its_options_is_aligned(reference_engine: Engine) -> None:
    v = check(
        reference_engine,
        like(
            outcome="sanctioned",
            sanctions=[{"track": "discipline", "tier": "berat", "option": "pembebasan_jabatan_12bln"}],
        ),
    )
    assert v.comparison is not None
    assert v.comparison.result == "aligned"
    (line,) = v.comparison.lines
    assert (line.prescribed and line.prescribed.tier, line.decided and line.decided.tier) == ("berat", "berat")
    assert line.notes == []


def test_a_lighter_tier_is_lighter_and_the_explanation_names_both(reference_engine: Engine) -> None:
    v = check(
        reference_engine, like(outcome="sanctioned", sanctions=[{"tier": "sedang", "option": "penundaan_kgb_1th"}])
    )
    c = v.comparison
    assert c is not None and c.result == "lighter"
    assert "hukuman disiplin berat" in c.explanation.en and "penundaan kenaikan gaji berkala" in c.explanation.id
    assert c.lines[0].decided is not None and c.lines[0].decided.severity is not None
    assert c.lines[0].prescribed is not None and c.lines[0].prescribed.severity is not None
    assert c.lines[0].decided.severity < c.lines[0].prescribed.severity


def test_sanksi_moral_for_a_disciplinary_breach_is_lighter_on_the_same_line_not_another_track(
    reference_engine: Engine,
) -> None:
    v = check(
        reference_engine, like(outcome="sanctioned", sanctions=[{"track": "kode_etik", "option": "pernyataan_terbuka"}])
    )
    assert v.comparison is not None and v.comparison.result == "lighter"
    assert [line.line for line in v.comparison.lines] == ["personnel"]


def test_a_disciplinary_sanction_for_a_kode_etik_breach_is_heavier(reference_engine: Engine) -> None:
    v = check(
        reference_engine,
        like(BEFORE_DETERMINATION, outcome="sanctioned", sanctions=[{"tier": "ringan", "option": "teguran_tertulis"}]),
    )
    assert [s.tier for s in v.sanctions] == ["moral"]
    assert v.comparison is not None and v.comparison.result == "heavier"


def test_nothing_imposed_where_the_law_prescribes_a_sanction_is_lighter(reference_engine: Engine) -> None:
    v = check(reference_engine, like(outcome="not_proceeded", reason="no_action", reason_text="PPK did not act"))
    assert v.comparison is not None
    assert (v.comparison.result, v.comparison.lines[0].result) == ("lighter", "lighter")
    assert "nothing imposed" in v.comparison.lines[0].explanation.en


@pytest.mark.parametrize(
    ("decision", "reason"),
    [
        ({"outcome": "pending", "stage": "finding"}, "pending"),
        ({"outcome": "no_violation", "reason": "not_proven", "reason_text": "one witness only"}, "not_proven"),
        ({"outcome": "not_proceeded", "reason": "late_report"}, "late_report"),
    ],
)
def test_matters_of_evidence_procedure_or_time_are_not_comparable_and_say_why(
    reference_engine: Engine, decision: dict[str, Any], reason: str
) -> None:
    v = check(reference_engine, like(**decision))
    assert v.comparison is not None
    assert (v.comparison.result, v.comparison.reason) == ("not_comparable", reason)
    assert v.comparison.explanation.en.startswith("Not comparable") and v.comparison.explanation.id


def test_a_sanction_where_the_law_prescribes_none_is_heavier(reference_engine: Engine) -> None:
    data = incident(
        acts=[{"type": "ceremony.neutrality_declaration"}],
        decision={"outcome": "sanctioned", "sanctions": [{"tier": "ringan", "option": "teguran_lisan"}]},
    )
    v = check(reference_engine, data)
    assert v.status == "no_violation"
    assert v.comparison is not None and v.comparison.result == "heavier"
    assert v.comparison.lines[0].prescribed is None


def test_no_violation_found_where_the_law_finds_none_is_aligned(reference_engine: Engine) -> None:
    data = incident(acts=[{"type": "ceremony.neutrality_declaration"}], decision={"outcome": "no_violation"})
    v = check(reference_engine, data)
    assert v.comparison is not None
    assert (v.comparison.result, v.comparison.reason) == ("aligned", "nothing_prescribed")


KADES_CAMPAIGN = {
    "incident_id": "K-1",
    "election": {"key": "pemilu-2024", "contest": "dprd_kabkota"},
    "respondent": {"role": "kepala_desa"},
    "event": {"date_of_act": "2023-12-22"},
    "acts": [{"type": "partisan_activity", "forms": ["appeal"], "audience": ["public"]}],
    "assessment_date": "2024-02-05",
}


def test_a_court_decides_the_criminal_track_only_the_village_track_is_not_recorded(reference_engine: Engine) -> None:
    data = {
        **KADES_CAMPAIGN,
        "decision": {
            "outcome": "sanctioned",
            "stage": "court_first_instance",
            "decided_by": "court",
            "decided_by_name": "PN Mataram",
            "sanctions": [{"track": "criminal", "as_reported": "pidana penjara 3 bulan dan denda Rp1 juta"}],
        },
    }
    v = check(reference_engine, data)
    assert {s.track for s in v.sanctions} == {"village_admin", "criminal"}
    c = v.comparison
    assert c is not None
    assert {line.line: line.result for line in c.lines} == {"village_admin": "not_recorded", "criminal": "aligned"}
    assert c.result == "aligned"
    assert "records nothing" in " ".join(line.explanation.en for line in c.lines)
    assert c.decided_by_label is not None and "court" in c.decided_by_label.en


def test_a_decision_only_on_a_track_the_law_does_not_prescribe_is_a_different_track(reference_engine: Engine) -> None:
    data = like(
        outcome="sanctioned",
        stage="court_first_instance",
        decided_by="court",
        sanctions=[{"track": "criminal"}],
    )
    v = check(reference_engine, data)
    assert [s.track for s in v.sanctions] == ["discipline"]
    assert v.comparison is not None and v.comparison.result == "different_track"


def test_the_concrete_option_decides_when_the_record_names_the_wrong_tier(reference_engine: Engine) -> None:
    # RC-028: a postponed periodic salary increase "called ringan": under PP 94 Pasal 42 it is a sedang option
    v = check(
        reference_engine, like(outcome="sanctioned", sanctions=[{"tier": "ringan", "option": "penundaan_kgb_1th"}])
    )
    c = v.comparison
    assert c is not None
    decided = c.lines[0].decided
    assert decided is not None and decided.tier == "sedang"
    assert any("compared as" in n.en for n in c.lines[0].notes)


def test_a_measure_outside_the_law_is_lighter(reference_engine: Engine) -> None:
    v = check(
        reference_engine,
        like(
            outcome="sanctioned",
            sanctions=[
                {"track": "discipline", "outside_law": True, "as_reported": "surat pernyataan tidak mengulangi"}
            ],
        ),
    )
    assert v.comparison is not None and v.comparison.result == "lighter"
    assert "surat pernyataan" in v.comparison.explanation.id


def test_not_determinable_verdicts_are_not_comparable_and_name_the_deciding_facts(reference_engine: Engine) -> None:
    data = incident(
        acts=[{"type": "photo.with_candidate", "public": True, "photo_with": ["candidate"]}],
        decision={"outcome": "sanctioned", "sanctions": [{"tier": "sedang"}]},
    )
    v = check(reference_engine, data)
    assert v.status == "not_determinable"
    c = v.comparison
    assert c is not None and (c.result, c.reason) == ("not_comparable", "not_determinable")
    assert "act.intent_to_support" in c.unknown_facts
    assert "act.intent_to_support" in c.explanation.en


def test_the_recommendation_is_compared_too(reference_engine: Engine) -> None:
    v = check(
        reference_engine,
        like(
            outcome="sanctioned",
            sanctions=[{"tier": "sedang", "option": "penundaan_pangkat_1th"}],
            recommendation={"by": "bkn", "number": "R-1/BKN/2024", "sanctions": [{"tier": "berat"}]},
        ),
    )
    c = v.comparison
    assert c is not None
    assert (c.result, c.recommendation_result, c.followed_recommendation) == ("lighter", "aligned", "lighter")


@pytest.mark.parametrize(
    ("decision", "field", "message"),
    [
        ({"outcome": "sanctioned", "sanctions": [{"tier": "sedangg"}]}, "decision.sanctions[0].tier", "sedang"),
        (
            {"outcome": "sanctioned", "sanctions": [{"track": "kode_etik", "tier": "berat"}]},
            "decision.sanctions[0].tier",
            "moral",
        ),
        (
            {"outcome": "sanctioned", "sanctions": [{"track": "discipline", "option": "pernyataan_terbuka"}]},
            "decision.sanctions[0].option",
            "teguran_lisan",
        ),
        ({"outcome": "no_violation", "decided_by": "bawaslu_ri"}, "decision.decided_by", "bawaslu"),
    ],
)
def test_decision_terms_are_checked_against_the_rule_set(
    reference_engine: Engine, decision: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(IncidentError) as info:
        reference_engine.check(incident(decision=decision))
    assert info.value.field == field
    assert message in (info.value.expected() or "")
    assert info.value.render("id") != info.value.render("en")


@pytest.mark.parametrize(
    "decision",
    [
        {"outcome": "sanctioned"},
        {"outcome": "pending", "sanctions": [{"tier": "ringan"}]},
        {"outcome": "sanctioned", "sanctions": [{"tier": "ringan"}], "reason": "not_proven"},
        {"outcome": "sanctioned", "sanctions": [{}]},
        {"outcome": "sanctioned", "sanctions": [{"tier": "ringan", "outside_law": True}]},
    ],
)
def test_inconsistent_decision_records_are_refused(reference_engine: Engine, decision: dict[str, Any]) -> None:
    with pytest.raises(IncidentError) as info:
        reference_engine.check(incident(decision=decision))
    assert (info.value.field or "").startswith("decision")


def test_both_backends_compare_alike(reference_engine: Engine, durable_engine: Engine) -> None:
    data = like(outcome="sanctioned", sanctions=[{"tier": "sedang", "option": "penundaan_kgb_1th"}])
    assert reference_engine.check(data).comparison == durable_engine.check(data).comparison


def test_a_ppk_decree_covers_dismissal_too_so_berat_for_party_membership_is_another_track(
    reference_engine: Engine,
) -> None:
    # UU 20/2023: party membership is PTDH (dismissal track); the PPK imposed hukuman disiplin berat instead
    data = incident(
        event={"date_of_act": AFTER_DETERMINATION},
        acts=[{"type": "party.member"}],
        decision={"outcome": "sanctioned", "stage": "imposed", "decided_by": "ppk", "sanctions": [{"tier": "berat"}]},
    )
    v = check(reference_engine, data)
    assert [s.tier for s in v.sanctions] == ["ptdh"]
    c = v.comparison
    assert c is not None and c.result == "different_track"
    assert {line.line: line.result for line in c.lines} == {"dismissal": "lighter", "personnel": "heavier"}
