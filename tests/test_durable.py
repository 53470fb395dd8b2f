"""The durable-rules adapter: each sharp edge of DURABLE.md, covered.

Each test names the edge it guards. Synthetic rule sets are built from the bundled one with extra
rules, compiled once per module (durable rulesets leak when recreated).
"""

from __future__ import annotations

import dataclasses
import json
import threading
from typing import Any

import pytest

from neutrality_rules import Engine
from neutrality_rules.errors import EngineError, RuleSetError
from neutrality_rules.match import durable as durable_mod
from neutrality_rules.match.durable import DurableMatcher, load_module
from neutrality_rules.match.durable_compile import (
    DISCRIMINATOR,
    check_capacity,
    compile_rule,
    dnf,
    fnv1a_32,
    pack_shards,
    rule_pushes,
)
from neutrality_rules.match.reference import ReferenceMatcher
from neutrality_rules.ruleset.conditions import All, AnyOf, Cmp, In, push_negations
from neutrality_rules.ruleset.factschema import FactType
from neutrality_rules.ruleset.loader import CompiledRule, RuleSet

from .conftest import incident

dre, _reason = load_module()
pytestmark = pytest.mark.skipif(dre is None, reason=f"durable-rules not importable: {_reason}")


def _variant(ruleset: RuleSet, rule: CompiledRule, new_id: str, condition: Any) -> CompiledRule:
    return dataclasses.replace(rule, rule=rule.rule.model_copy(update={"id": new_id}), condition=condition)


def test_every_compiled_rule_starts_with_the_discriminator(ruleset: RuleSet) -> None:
    # a rule of only negative tests would otherwise match durable's own state fact and loop
    for rule in ruleset.rules:
        for _name, cond in compile_rule(rule):
            assert cond["$and"][0] == DISCRIMINATOR


def test_membership_and_any_compile_to_plain_conjunctions_without_or(ruleset: RuleSet) -> None:
    # `$or` fires once per true branch and multiplies the alpha stack: DNF removes both problems
    for rule in ruleset.rules:
        for _name, cond in compile_rule(rule):
            assert "$or" not in json.dumps(cond)
            assert rule_pushes(cond) + 2 <= 64


def test_dnf_drops_contradictory_terms() -> None:
    cond = All((In("x", ("a", "b")), AnyOf((Cmp("x", "eq", "a"), Cmp("y", "eq", True)))))
    terms = dnf(push_negations(cond))
    assert (Cmp("x", "eq", "a"), Cmp("x", "eq", "a")) in terms
    assert all(not ({leaf.value for leaf in t if leaf.path == "x"} >= {"a", "b"}) for t in terms)


def test_shards_respect_the_64_entry_alpha_stack() -> None:
    rules = [(f"r{i}", {"$and": [DISCRIMINATOR, {"doc.a": i}, {"doc.b": True}]}) for i in range(200)]
    shards = pack_shards(rules)
    assert len(shards) > 1
    for shard in shards:
        assert 2 + sum(rule_pushes(c) for c in shard.values()) <= 64
    assert sum(len(s) for s in shards) == 200


def test_a_rule_too_wide_for_one_shard_is_refused_at_load() -> None:
    wide = {"$and": [DISCRIMINATOR, {"$or": [{"doc.a": i} for i in range(40)]}, {"doc.b": 1}, {"doc.c": 1}]}
    with pytest.raises(RuleSetError):
        pack_shards([("wide", wide)])


def test_property_hash_is_durables_fnv1a() -> None:
    assert fnv1a_32("a") == 0xE40C292C
    assert fnv1a_32("foobar") == 0xBF9CF968


def test_too_many_fact_properties_is_refused() -> None:
    schema = {f"act.m{i}": FactType("bool") for i in range(300)}
    with pytest.raises(RuleSetError):
        check_capacity(schema, [])


def test_first_incident_on_a_fresh_engine_matching_nothing_does_not_crash(ruleset: RuleSet) -> None:
    # delete_state on a session that never ran an action frees uninitialised pointers; the adapter
    # never deletes sessions, so a fresh engine whose first document matches nothing is safe
    matcher = DurableMatcher(ruleset, dre)
    doc = {path: None for path in ruleset.fact_schema}
    doc["act.type"] = "ceremony.neutrality_declaration"
    doc["subject.role"] = "tni"
    assert matcher.match([doc]) == [frozenset()]
    assert matcher.match([doc]) == [frozenset()]


def test_rule_whose_any_has_two_true_branches_is_reported_once(durable_engine: Engine) -> None:
    # SKB D7's condition has an `any`: candidate and props both present would fire twice in durable
    data = incident(
        acts=[
            {
                "type": "photo.with_candidate",
                "public": True,
                "intent_to_support": True,
                "photo_with": ["candidate", "campaign_props"],
            }
        ]
    )
    verdict = durable_engine.check(data)
    ids = [f.rule_id for f in verdict.findings]
    assert ids == ["pns.skb2022.d7.photo-calon-to-support"]


def test_incident_fields_named_like_engine_keys_are_inert(durable_engine: Engine, reference_engine: Engine) -> None:
    # the incident is wrapped in an envelope; its own "id"/"sid"-like values cannot steer the session
    data = incident(incident_id="cur", respondent={"role": "pns", "name": "sid", "jabatan": "sid-0"})
    assert durable_engine.check(data).findings == reference_engine.check(data).findings
    assert durable_engine.check(data) == durable_engine.check(data)


def test_an_error_abandons_the_session_and_the_next_check_works(
    ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher = DurableMatcher(ruleset, dre)
    doc = {path: None for path in ruleset.fact_schema} | {"act.type": "social_media.like", "subject.role": "pns"}
    real = dre.assert_fact
    calls = {"n": 0}

    def flaky(handle: int, payload: str) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise dre.error("Could not assert fact, error code: 303")
        return real(handle, payload)

    monkeypatch.setattr(dre, "assert_fact", flaky)
    with pytest.raises(EngineError) as info:
        matcher.match([doc])
    assert "303" in info.value.render()
    assert matcher.rotations == 1
    monkeypatch.setattr(dre, "assert_fact", real)
    assert matcher.match([doc]) == ReferenceMatcher(ruleset).match([doc])


def test_memory_error_rebuilds_the_rulesets(ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    matcher = DurableMatcher(ruleset, dre)
    doc = {path: None for path in ruleset.fact_schema} | {"act.type": "social_media.like", "subject.role": "pns"}
    real = dre.assert_fact

    def full(handle: int, payload: str) -> Any:
        raise MemoryError

    monkeypatch.setattr(dre, "assert_fact", full)
    with pytest.raises(EngineError):
        matcher.match([doc])
    assert matcher.rebuilds == 1
    monkeypatch.setattr(dre, "assert_fact", real)
    assert matcher.match([doc]) == ReferenceMatcher(ruleset).match([doc])


def test_threads_sharing_one_engine_agree_with_serial_runs(durable_engine: Engine) -> None:
    # the C extension holds the GIL; sessions are pooled so two threads never share one
    cases = []
    for i, act in enumerate(
        [
            "social_media.like",
            "campaign.attend",
            "partisan_activity",
            "apk.install",
            "ceremony.neutrality_declaration",
            "party.member",
        ]
    ):
        for date in ("2024-09-01", "2024-10-10"):
            cases.append(incident(incident_id=f"T-{i}-{date}", acts=[{"type": act}], event={"date_of_act": date}))
    serial = [durable_engine.check(c).model_dump_json() for c in cases]
    errors: list[BaseException] = []
    mismatches = []

    def worker(seed: int) -> None:
        try:
            for k in range(150):
                j = (seed * 7 + k) % len(cases)
                if durable_engine.check(cases[j]).model_dump_json() != serial[j]:
                    mismatches.append(j)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(s,)) for s in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == [] and mismatches == []


def test_without_durable_the_engine_falls_back_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("neutrality_rules.api.load_module", lambda: (None, "undefined symbol: PyEval_CallObject"))
    monkeypatch.setattr("neutrality_rules.api._warned", threading.Event())
    with pytest.warns(RuntimeWarning, match="PyEval_CallObject"):
        engine = Engine.load(backend="durable")
    verdict = engine.check(incident())
    assert verdict.provenance.backend == "reference"
    note = verdict.provenance.backend_note
    assert note is not None and durable_mod.FIX in note.en and durable_mod.FIX in note.id
