"""The embedding API a case-handling system relies on."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import neutrality_rules
from neutrality_rules import Engine, Incident, IncidentError, Verdict
from neutrality_rules.schemas import incident_schema, verdict_schema

from .conftest import ROOT, incident

PUBLISHED = ROOT / "neutrality_rules" / "published"


def test_public_names_are_listed_in_one_place() -> None:
    assert sorted(neutrality_rules.__all__) == sorted(set(neutrality_rules.__all__))
    for name in neutrality_rules.__all__:
        assert hasattr(neutrality_rules, name)
    assert (ROOT / "neutrality_rules" / "py.typed").exists()


def test_check_accepts_a_model_or_a_dict_and_returns_a_verdict(reference_engine: Engine) -> None:
    data = incident()
    from_dict = reference_engine.check(data)
    from_model = reference_engine.check(Incident.model_validate(data))
    assert isinstance(from_dict, Verdict)
    assert from_dict == from_model


def test_check_many_is_lazy_and_a_bad_record_does_not_stop_the_others(reference_engine: Engine) -> None:
    consumed = []

    def source():  # type: ignore[no-untyped-def]
        for i, item in enumerate([incident(incident_id="A"), {"incident_id": "B"}, incident(incident_id="C")]):
            consumed.append(i)
            yield item

    results = reference_engine.check_many(source())
    first = next(results)
    assert consumed == [0]
    assert isinstance(first, Verdict) and first.incident_id == "A"
    rest = list(results)
    assert isinstance(rest[0], IncidentError) and rest[0].field
    assert isinstance(rest[1], Verdict) and rest[1].incident_id == "C"


def test_errors_carry_field_expected_got_and_suggestion(reference_engine: Engine) -> None:
    with pytest.raises(IncidentError) as info:
        reference_engine.check(incident(acts=[{"type": "social_media.likee"}]))
    err = info.value
    assert err.field == "acts[0].type"
    assert err.got == "'social_media.likee'"
    assert "social_media.like" in (err.expected() or "")
    assert err.suggestion() == "did you mean 'social_media.like'?"
    assert err.as_dict("id")["message"] == "jenis tindakan tidak dikenal"


def test_a_province_layer_adds_rules_on_top_of_the_bundled_set(tmp_path: Path) -> None:
    layer = tmp_path / "sumbar"
    (layer / "rules").mkdir(parents=True)
    (layer / "ruleset.yaml").write_text(
        "name: sumbar\nversion: '1'\nlayer: addition\ntitle: {en: Sumbar additions, id: Tambahan Sumbar}\n"
    )
    (layer / "rules" / "extra.yaml").write_text("""
rules:
  - id: sumbar.example.apk-by-pns-quiet-period
    title: {en: "Example provincial rule", id: "Contoh aturan provinsi"}
    explanation: {en: "An addition used in tests only.", id: "Tambahan untuk pengujian saja."}
    regime: pp94-2021
    subjects: [pns]
    acts: [apk.install]
    when: {phase: quiet_period}
    outcome: {track: discipline, tier: berat}
    basis: [pp94-2021.p5.n.6]
""")
    engine = Engine.load(layers=[layer], backend="reference")
    assert "sumbar.example.apk-by-pns-quiet-period" in engine.ruleset.by_id
    base = Engine.load(backend="reference")
    assert engine.ruleset.content_hash != base.ruleset.content_hash
    verdict = engine.check(incident(acts=[{"type": "apk.install"}], event={"date_of_act": "2024-11-25"}))
    assert "sumbar.example.apk-by-pns-quiet-period" in {f.rule_id for f in verdict.findings}


def test_provenance_names_version_rule_set_hash_backend_and_law_date(durable_engine: Engine) -> None:
    p = durable_engine.check(incident()).provenance
    assert p.nrules_version == neutrality_rules.__version__
    assert p.ruleset.content_hash == durable_engine.ruleset.content_hash and len(p.ruleset.content_hash) == 64
    assert p.backend == "durable"
    assert str(p.law_as_of) == "2024-11-01" and p.law_as_of_source == "assessment_date"


def test_many_threads_with_good_and_bad_incidents_match_serial_results(durable_engine: Engine) -> None:
    good = [
        incident(incident_id=f"G{i}", acts=[{"type": t}])
        for i, t in enumerate(
            ["social_media.like", "campaign.attend", "partisan_activity", "party.member", "apk.install"]
        )
    ]
    bad = [incident(acts=[{"type": "nope"}]), {"incident_id": "x"}, incident(event={"date_of_act": "1999-01-01"})]
    items = good + bad
    serial = [_outcome(durable_engine, x) for x in items]
    failures: list[str] = []

    def worker(seed: int) -> None:
        for k in range(400):
            j = (seed * 13 + k) % len(items)
            if _outcome(durable_engine, items[j]) != serial[j]:
                failures.append(f"{seed}:{j}")

    threads = [threading.Thread(target=worker, args=(s,)) for s in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert failures == []


def _outcome(engine: Engine, item: dict) -> str:  # type: ignore[type-arg]
    try:
        return engine.check(item).to_json()
    except IncidentError as exc:
        return json.dumps(exc.as_dict())


@pytest.mark.parametrize(("name", "build"), [("incident", incident_schema), ("verdict", verdict_schema)])
def test_published_schemas_match_the_models(name: str, build) -> None:  # type: ignore[no-untyped-def]
    path = PUBLISHED / "v2.0" / f"{name}.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == build(), (
        f"{path} is stale: regenerate it with `nrules schema {name} > {path}`"
    )


def test_verdict_carries_its_schema_version(reference_engine: Engine) -> None:
    verdict = json.loads(reference_engine.check(incident()).to_json())
    assert verdict["verdict_schema_version"] == "2.0"
    assert verdict_schema()["$id"].endswith("/verdict/2.0.json")


def test_acts_may_concern_different_contests_of_one_election(reference_engine: Engine) -> None:
    # 05-11-2023: the DPR lists were determined on 03-11, the presidential tickets only on 13-11
    data = incident(
        election={"key": "pemilu-2024", "contest": "presiden"},
        event={"date_of_act": "2023-11-05"},
        acts=[{"type": "social_media.like"}, {"type": "social_media.like", "contest": "dpr"}],
        assessment_date="2024-01-10",
    )
    verdict = reference_engine.check(data)
    by_act = {f.act_index: f.rule_id for f in verdict.findings}
    assert by_act[0].startswith("pns.skb2022.ke4")
    assert by_act[1].startswith("pns.skb2022.d6")
    assert [a.contest for a in verdict.context.acts] == ["presiden", "dpr"]
