"""JSON Schemas of the incident and the verdict, generated from the pydantic models.

The incident schema is completed with the bundled vocabulary (act types, roles, positions...) as
enums, so a case-handling system can validate before calling nrules; nrules itself checks these
terms against whatever rule set it loaded, which may extend them.
"""

from __future__ import annotations

from typing import Any

from .incident import SCHEMA_VERSION, Incident
from .verdict import VERDICT_SCHEMA_VERSION, Verdict


def _enum(schema: dict[str, Any], model: str, field: str, values: list[str]) -> None:
    prop = schema["$defs"][model]["properties"][field] if model != "Incident" else schema["properties"][field]
    target = prop
    if "anyOf" in prop:
        target = next(p for p in prop["anyOf"] if p.get("type") == "string")
    target["examples"] = values


def incident_schema() -> dict[str, Any]:
    from .api import bundled_rules_path
    from .ruleset.loader import load_ruleset

    schema = Incident.model_json_schema()
    schema["$id"] = f"https://nrules.example/schemas/incident/{SCHEMA_VERSION}.json"
    schema["title"] = "nrules incident"
    try:
        vocab = load_ruleset([bundled_rules_path()]).vocabulary
    except Exception:  # the schema of the model alone is still valid
        return schema
    roles = [*vocab.roles, *(a for r in vocab.roles.values() for a in r.aliases)]
    _enum(schema, "Respondent", "role", roles)
    _enum(schema, "Respondent", "position_kind", list(vocab.positions))
    _enum(schema, "Respondent", "government_level", list(vocab.government_levels))
    _enum(schema, "Act", "type", list(vocab.act_types))
    _modifiers(schema, vocab)
    return schema


def _modifiers(schema: dict[str, Any], vocab: Any) -> None:
    """An act's modifiers are declared by the vocabulary: list them, and refuse anything else."""
    act = schema["$defs"]["Act"]
    for name, mod in vocab.modifiers.items():
        if mod.type == "bool":
            value: dict[str, Any] = {"type": "boolean"}
        elif mod.type == "enum":
            value = {"type": "string", "enum": list(mod.values)}
        elif mod.type == "int":
            value = {"type": "integer", "minimum": 0, "maximum": 10**15}
        else:
            value = {"type": "array", "items": {"type": "string", "enum": list(mod.values)}, "uniqueItems": True}
        act["properties"][name] = {
            "anyOf": [value, {"type": "null"}],
            "description": f"{mod.label.en}. Absent: not mentioned ({mod.absent}); null: alleged but unknown",
        }
    act["additionalProperties"] = False


def verdict_schema() -> dict[str, Any]:
    schema = Verdict.model_json_schema()
    schema["$id"] = f"https://nrules.example/schemas/verdict/{VERDICT_SCHEMA_VERSION}.json"
    schema["title"] = "nrules verdict"
    return schema
