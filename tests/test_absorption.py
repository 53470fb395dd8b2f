"""PP 94 Pasal 35(1) with the angka-1 gap: plain attendance alone gets the kode-etik sanksi moral; found
with a disciplinary violation in one examination it is absorbed into the one heaviest sanction."""

from __future__ import annotations

from typing import Any

from neutrality_rules import Engine

ENGINE = Engine.load(backend="reference")


def _incident(acts: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "incident_id": "ABS",
        "election": {"key": "pemilu-2024", "contest": "presiden"},
        "respondent": {"role": "pns", "position_kind": "pelaksana", "government_level": "kabupaten_kota"},
        "event": {"date_of_act": "2024-01-10"},
        "acts": acts,
        "assessment_date": "2024-02-01",
    }


def test_plain_attendance_alone_keeps_its_sanksi_moral() -> None:
    verdict = ENGINE.check(_incident([{"type": "campaign.attend"}]))
    assert [(s.track, s.tier) for s in verdict.sanctions] == [("kode_etik", "moral")]


def test_plain_attendance_with_a_disciplinary_violation_gives_one_sanction() -> None:
    verdict = ENGINE.check(_incident([{"type": "campaign.attend"}, {"type": "social_media.share"}]))
    assert {f.rule_id for f in verdict.findings} == {
        "pns.pp94.5n1.passive-attendance",
        "pns.skb2022.d6.engagement-calon",
    }
    assert [(s.track, s.tier) for s in verdict.sanctions] == [("discipline", "berat")]
    (discipline,) = verdict.sanctions
    assert discipline.decided_by == ["pns.skb2022.d6.engagement-calon"]
    assert "pp94-2021.p35.1" in discipline.basis
    assert any("Pasal 5 huruf n angka 1" in note.en and "Pasal 35(1)" in note.en for note in discipline.notes)


def test_a_kode_etik_row_is_not_absorbed() -> None:
    """A like before determination is a kode-etik matter of its own (no Pelanggaran Disiplin): it keeps its
    sanksi moral beside a disciplinary sanction for another act."""
    verdict = ENGINE.check(
        _incident([{"type": "social_media.like", "date": "2023-11-01"}, {"type": "social_media.share"}])
    )
    assert sorted((s.track, s.tier) for s in verdict.sanctions) == [("discipline", "berat"), ("kode_etik", "moral")]
