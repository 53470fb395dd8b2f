"""The published incident schema says exactly what nrules' input validation accepts, both ways:
every document the schema accepts, nrules accepts; every incident nrules accepts, the schema accepts.
(What no schema can say, that a date lies in the calendar of the election named, is checked after.)"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis_jsonschema import from_schema

from neutrality_rules import Engine, IncidentError
from neutrality_rules.inputs import to_incident
from neutrality_rules.schemas import envelope_schema, incident_schema
from neutrality_rules.testing import incidents

from . import jsonschema_compat  # noqa: F401  (hypothesis-jsonschema on current Hypothesis)
from .conftest import ROOT, incident

ENGINE = Engine.load(backend="reference")
SCHEMA = incident_schema(ENGINE.ruleset)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _small(node: Any) -> Any:
    """The same schema with lists of at most 3 items and texts of at most 40 characters: every document
    it accepts, the published schema accepts, and generating one no longer means drawing up to 200
    respondents of 100 acts each (the published limits are tested with hostile input elsewhere)."""
    if isinstance(node, dict):
        out = {k: _small(v) for k, v in node.items()}
        if isinstance(out.get("maxItems"), int):
            out["maxItems"] = min(out["maxItems"], 3)
        if isinstance(out.get("maxLength"), int):
            out["maxLength"] = max(min(out["maxLength"], 40), out.get("minLength", 0))
        return out
    if isinstance(node, list):
        return [_small(v) for v in node]
    return node


_LEFT_OUT = ("respondents", "prior_sanctions", "decision")
GENERATOR_SCHEMA = _small(
    {
        **{k: v for k, v in SCHEMA.items() if k != "anyOf"},
        "properties": {k: v for k, v in SCHEMA["properties"].items() if k not in _LEFT_OUT},
    }
)
"""The schema without its top-level alternatives (which election holds which contest; respondent or
respondents), which hypothesis-jsonschema cannot combine with the rest in reasonable time, with small
lists and texts, and without the sections whose nested alternatives make drawing one document take
minutes (several respondents, prior sanctions, the decided outcome: their schema is checked the other
way round below and by test_published_schemas_are_current): documents are generated from it and kept
only when the full published schema accepts them."""


def test_published_schemas_are_current() -> None:
    published = ROOT / "neutrality_rules" / "published" / "v2.0"
    assert json.loads((published / "incident.schema.json").read_text(encoding="utf-8")) == incident_schema()
    assert json.loads((published / "envelope.schema.json").read_text(encoding="utf-8")) == envelope_schema()


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("respondent", "role"), "guru"),
        (("acts", 0, "forms"), ["pemberian_uang"]),
        (("acts", 0, "type"), "social_media.likes"),
        (("prior_sanctions",), [{"track": "discipline", "tier": "sanksi_berat"}]),
        (("prior_sanctions",), [{"track": "kode_etik", "tier": "berat"}]),  # a tier of another track
        (("election", "contest"), "presiden"),  # not part of Pilkada 2024
        (("incident_id",), "A\x1b[31m"),
        (("event", "date_of_act"), "2024-02-30"),
        (("acts", 0, "amount"), "5"),
        (("acts", 0, "publik"), "yes"),
    ],
)
def test_what_nrules_refuses_the_schema_refuses(path: tuple[Any, ...], value: Any) -> None:
    data = incident(prior_sanctions=[])
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    with pytest.raises(IncidentError):
        to_incident(data, ruleset=ENGINE.ruleset)
    assert not VALIDATOR.is_valid(data), f"the schema accepts {path}={value!r}"


def test_indonesian_names_are_in_the_schema_as_nrules_accepts_them() -> None:
    data = incident(acts=[{"type": "media_sosial.menyukai", "publik": True, "bentuk_kegiatan": ["pemberian_barang"]}])
    to_incident(data, ruleset=ENGINE.ruleset)
    VALIDATOR.validate(data)
    described = SCHEMA["$defs"]["Act"]["properties"]["type"]
    assert "social_media.like" in described["enum"] and "media_sosial.menyukai" in described["enum"]
    assert "liking" in described["x-enum-descriptions"]["social_media.like"]


def _ranges_in_order(node: Any) -> bool:
    """No range of days runs backwards: a rule no JSON Schema can state (nrules refuses it by name)."""
    if isinstance(node, dict):
        ends = node.get("from"), node.get("to")
        if len(node) == 2 and all(isinstance(e, str) for e in ends) and str(ends[0]) > str(ends[1]):
            return False
        return all(_ranges_in_order(v) for v in node.values())
    if isinstance(node, list):
        return all(_ranges_in_order(v) for v in node)
    return True


@settings(
    max_examples=3,  # each takes seconds: hypothesis-jsonschema over a schema this size (see GENERATOR_SCHEMA)
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # report the first mismatch as found: shrinking these is slow
)
@given(from_schema(GENERATOR_SCHEMA).filter(VALIDATOR.is_valid).filter(_ranges_in_order))
def test_every_document_the_schema_accepts_nrules_accepts(document: dict[str, Any]) -> None:
    try:
        to_incident(document, ruleset=ENGINE.ruleset)
    except IncidentError as exc:
        raise AssertionError(f"schema-valid document refused: {exc.render()}\n{json.dumps(document)[:2000]}") from exc


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # report the first mismatch as found: shrinking these is slow
)
@given(incidents(ENGINE.ruleset, max_acts=3))
def test_every_incident_nrules_accepts_the_schema_accepts(document: dict[str, Any]) -> None:
    to_incident(document, ruleset=ENGINE.ruleset)
    errors = sorted(VALIDATOR.iter_errors(json.loads(json.dumps(document, default=str))), key=str)
    assert errors == [], errors[0].message
