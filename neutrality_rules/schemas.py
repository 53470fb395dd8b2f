"""JSON Schemas of the incident, the verdict and the batch record, generated from the models.

The incident schema says exactly what nrules' input validation accepts, so a case-handling system can
validate before calling nrules and get the same answer: every vocabulary field is an `enum` (the keys
and the Indonesian names of the loaded rule set) with each value's meaning, modifiers are the act's
declared properties (nothing else is allowed on an act), a prior sanction's tier must belong to its
track, dates are real days in 1945-08-17..2100-12-31, and text may not hold control characters or be
blank. What a schema cannot say is checked by nrules after it: that a date lies in the calendar of the
election named, and that an act's date and the phases it implies are consistent (README "The incident").
"""

from __future__ import annotations

import calendar
import copy
from collections.abc import Mapping
from typing import Any

from .incident import SCHEMA_VERSION, Incident
from .ruleset.loader import RuleSet
from .ruleset.models import Term
from .verdict import VERDICT_SCHEMA_VERSION, Verdict

LAST_YEAR = 2100
_CONTROL_CLASS = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufffe\\uffff"
TEXT_PATTERN = f"^[^{_CONTROL_CLASS}]*$"
NONBLANK_TEXT_PATTERN = f"^[^{_CONTROL_CLASS}]*[^\\s{_CONTROL_CLASS}][^{_CONTROL_CLASS}]*$"
"""At least one character that is not white space (nrules strips text, then refuses it empty); no
lookarounds, so that generators such as hypothesis-jsonschema can use it."""
_MODEL_PATTERNS = {r"^[^\s].*$": f"^[ \\t\\n\\r]*[^\\s{_CONTROL_CLASS}][^\\n{_CONTROL_CLASS}]*[ \\t\\n\\r]*$"}


def _alternatives(parts: list[str]) -> str:
    return "(?:" + "|".join(parts) + ")"


def _day_regex() -> str:
    """Exactly the real days from 1945-08-17 to 2100-12-31, as a regex (leap years included)."""
    long_months = "(?:01|03|05|07|08|10|12)-(?:0[1-9]|[12][0-9]|3[01])"
    short_months = "(?:04|06|09|11)-(?:0[1-9]|[12][0-9]|30)"
    february = "02-(?:0[1-9]|1[0-9]|2[0-8])"
    common = _alternatives([long_months, short_months, february])
    leap = [str(y) for y in range(1946, LAST_YEAR + 1) if calendar.isleap(y)]
    parts = [
        "1945-(?:08-(?:1[7-9]|2[0-9]|3[01])|(?:10|12)-(?:0[1-9]|[12][0-9]|3[01])|(?:09|11)-(?:0[1-9]|[12][0-9]|30))",
        f"(?:194[6-9]|19[5-9][0-9]|20[0-9][0-9]|2100)-{common}",
        f"{_alternatives(leap)}-02-29",
    ]
    return "^" + _alternatives(parts) + "$"


DAY_PATTERN = _day_regex()
MONTH_PATTERN = "^(?:1945-(?:0[89]|1[0-2])|(?:194[6-9]|19[5-9][0-9]|20[0-9][0-9]|2100)-(?:0[1-9]|1[0-2]))$"
YEAR_PATTERN = "^(?:194[5-9]|19[5-9][0-9]|20[0-9][0-9]|2100)$"
_DATE_PATTERNS = {
    r"^\d{4}-\d{2}-\d{2}$": DAY_PATTERN,
    r"^\d{4}-\d{2}$": MONTH_PATTERN,
    r"^\d{4}$": YEAR_PATTERN,
}


def _describe(terms: Mapping[str, Term], extra: dict[str, str] | None = None) -> tuple[list[str], dict[str, str]]:
    """Accepted values (keys, then Indonesian names) and what each means, in both languages."""
    values: list[str] = []
    meanings: dict[str, str] = {}
    for key, term in terms.items():
        values.append(key)
        meanings[key] = f"{term.label.en} / {term.label.id}"
    for key, term in terms.items():
        for name in term.id_names:
            if name not in meanings:
                values.append(name)
                meanings[name] = f"Indonesian name of {key}: {term.label.id}"
    for name, meaning in (extra or {}).items():
        if name not in meanings:
            values.append(name)
            meanings[name] = meaning
    return values, meanings


def _enum_schema(values: list[str], meanings: dict[str, str], what: str, nullable: bool) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": ["string", "null"] if nullable else "string",
        "enum": [*values, *([None] if nullable else [])],
        "description": f"{what}. " + "; ".join(f"{v}: {meanings[v]}" for v in values),
        "x-enum-descriptions": {v: meanings[v] for v in values},
    }
    return schema


def _set_property(schema: dict[str, Any], model: str, field: str, replacement: dict[str, Any]) -> None:
    props = schema["$defs"][model]["properties"] if model != "Incident" else schema["properties"]
    if field not in props:
        return
    old = props[field]
    replacement = dict(replacement)
    for keep in ("title", "default"):
        if keep in old:
            replacement.setdefault(keep, old[keep])
    if "description" in old and "description" in replacement:
        replacement["description"] = old["description"].rstrip(".") + ". " + replacement["description"]
    nullable = "anyOf" in old and any(p.get("type") == "null" for p in old["anyOf"])
    if nullable and None not in replacement.get("enum", [None]):
        replacement["enum"] = [*replacement["enum"], None]
        replacement["type"] = ["string", "null"]
    props[field] = replacement


def _contest_of(contests: Mapping[str, Term], name: str) -> str | None:
    if name in contests:
        return name
    return next((key for key, term in contests.items() if name in term.id_names), None)


def _modifier_schemas(rs: RuleSet) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, mod in rs.vocabulary.modifiers.items():
        what = f"{mod.label.en} / {mod.label.id}"
        if mod.definition:
            what += f". {mod.definition.en}"
        what += f". Absent: not mentioned (taken as {mod.absent}); null: alleged but not established"
        if mod.type == "bool":
            schema: dict[str, Any] = {
                "type": ["boolean", "null"],
                "description": f"{what}. true/false stated",
            }
        elif mod.type == "int":
            schema = {"type": ["integer", "null"], "minimum": 0, "maximum": 10**15, "description": what}
        else:
            values = list(mod.values)
            for names in mod.value_id_names.values():
                values += [n for n in names if n not in values]
            item = {"type": "string", "enum": values}
            if mod.type == "enum":
                schema = {"type": ["string", "null"], "enum": [*values, None], "description": what}
            else:
                schema = {"type": ["array", "null"], "items": item, "maxItems": 10, "description": what}
        out[key] = schema
        for name in mod.id_names:
            out.setdefault(name, {**schema, "description": f"Indonesian name of {key}: {schema['description']}"})
    return out


def _text_policy(node: Any) -> None:
    """Every free string refuses control characters and, where it must not be empty, blank text;
    every date is a real day in range (nrules' own checks, said in the schema)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and "enum" not in node and "const" not in node:
            if node.get("format") == "date":
                node.pop("format")
                node["pattern"] = DAY_PATTERN
            elif node.get("pattern") in _DATE_PATTERNS:
                node["pattern"] = _DATE_PATTERNS[node["pattern"]]
            elif node.get("pattern") in _MODEL_PATTERNS:
                node["pattern"] = _MODEL_PATTERNS[node["pattern"]]
            elif "pattern" not in node:
                node["pattern"] = NONBLANK_TEXT_PATTERN if node.get("minLength", 0) >= 1 else TEXT_PATTERN
        for value in node.values():
            _text_policy(value)
    elif isinstance(node, list):
        for value in node:
            _text_policy(value)


def incident_schema(ruleset: RuleSet | None = None) -> dict[str, Any]:
    """The incident schema completed with the rule set's vocabulary (by default the bundled one)."""
    if ruleset is None:
        from .api import Engine

        ruleset = Engine.load(backend="reference").ruleset
    rs = ruleset
    vocab = rs.vocabulary
    schema = copy.deepcopy(Incident.model_json_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://nrules.example/schemas/incident/{SCHEMA_VERSION}.json"
    schema["title"] = "nrules incident"
    _text_policy(schema)
    aliases = {a: f"local name of {key}: {r.label.id}" for key, r in vocab.roles.items() for a in r.aliases}
    roles = _describe(vocab.roles, aliases)
    _set_property(schema, "Respondent", "role", _enum_schema(*roles, "The respondent's role", False))
    _set_property(
        schema, "Respondent", "position_kind", _enum_schema(*_describe(vocab.positions), "Kind of position", True)
    )
    _set_property(
        schema,
        "Respondent",
        "government_level",
        _enum_schema(*_describe(vocab.government_levels), "Level of the respondent's agency", True),
    )
    bodies = _describe(vocab.election_bodies, {"none": "sits on no election body"})
    _set_property(schema, "Respondent", "election_body", _enum_schema(*bodies, "Election body", True))
    elections = {key: f"{e.title.en} / {e.title.id}" for key, e in rs.elections.elections.items()}
    _set_property(
        schema, "ElectionRef", "key", _enum_schema(list(elections), elections, "The election's calendar", False)
    )
    contests = _describe(vocab.contests)
    _set_property(schema, "ElectionRef", "contest", _enum_schema(*contests, "The contest", False))
    _set_property(schema, "Act", "contest", _enum_schema(*contests, "The contest this act concerns", True))
    _set_property(schema, "Act", "type", _enum_schema(*_describe(vocab.act_types), "The act's type", False))
    phases = _describe(vocab.phases)
    _set_property(schema, "Act", "phase", _enum_schema(*phases, "The election phase stated", True))
    _set_property(schema, "Event", "phase", _enum_schema(*phases, "The election phase stated", True))
    tracks = {key: f"{track.label.en} / {track.label.id}" for key, track in rs.sanctions.tracks.items()}
    tiers = {key: f"{tier.label.en} / {tier.law.id}" for key, tier in rs.sanctions.tiers.items()}
    _set_property(schema, "PriorSanction", "track", _enum_schema(list(tracks), tracks, "Track of the sanction", False))
    _set_property(schema, "PriorSanction", "tier", _enum_schema(list(tiers), tiers, "Tier of the sanction", True))
    schema["$defs"]["PriorSanction"]["allOf"] = [
        {
            "if": {"properties": {"track": {"const": key}}, "required": ["track"]},
            "then": {"properties": {"tier": {"enum": [*track.tiers, None]}}},
        }
        for key, track in rs.sanctions.tracks.items()
    ]
    act = schema["$defs"]["Act"]
    for name, mod_schema in _modifier_schemas(rs).items():
        act["properties"][name] = mod_schema
    act["additionalProperties"] = False
    # a modifier is given once: under its key or under one of its Indonesian names
    act["dependentSchemas"] = {
        name: {"properties": {other: False for other in group if other != name}}
        for group in ([key, *mod.id_names] for key, mod in vocab.modifiers.items() if mod.id_names)
        for name in group
    }
    # the contest (of the election, and of each act) is one the named election holds
    branches = []
    for key, election in rs.elections.elections.items():
        allowed = [c for c in contests[0] if _contest_of(vocab.contests, c) in election.contests]
        act_contests = {"items": {"properties": {"contest": {"enum": [*allowed, None]}}}}
        branches.append(
            {
                "properties": {
                    "election": {"properties": {"key": {"const": key}, "contest": {"enum": allowed}}},
                    "acts": act_contests,
                    "respondent": {"properties": {"acts": act_contests}},
                    "respondents": {"items": {"properties": {"acts": act_contests}}},
                }
            }
        )
    parties = _party_rules(schema)
    # one flat list of alternatives (election x how the respondents are given): generators such as
    # hypothesis-jsonschema merge each with the base schema once, instead of combining nested ones
    schema["anyOf"] = [_merge(e, p) for e in branches for p in parties] if parties else branches
    _decision_rules(schema["$defs"])
    return schema


def _party_rules(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """`respondent` or `respondents`, not both; every respondent has an act (a shared one or its own)."""
    if "respondents" not in schema.get("properties", {}):
        return []
    some = {"type": "array", "minItems": 1}
    own = {"required": ["acts"], "properties": {"acts": some}}
    return [
        {
            "required": ["respondent", "acts"],
            "properties": {"respondent": {"type": "object"}, "respondents": {"type": "null"}, "acts": some},
        },
        {
            "required": ["respondent"],
            "properties": {"respondent": {"type": "object", **own}, "respondents": {"type": "null"}},
        },
        {
            "required": ["respondents", "acts"],
            "properties": {"respondents": {"type": "array"}, "respondent": {"type": "null"}, "acts": some},
        },
        {
            "required": ["respondents"],
            "properties": {"respondents": {"type": "array", "items": own}, "respondent": {"type": "null"}},
        },
    ]


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two object constraints as one (their properties' constraints combined)."""
    out: dict[str, Any] = {"required": sorted({*a.get("required", []), *b.get("required", [])})}
    props: dict[str, Any] = {}
    for name in {*a.get("properties", {}), *b.get("properties", {})}:
        parts = [x["properties"][name] for x in (a, b) if name in x.get("properties", {})]
        props[name] = parts[0] if len(parts) == 1 else {"allOf": parts}
    out["properties"] = dict(sorted(props.items()))
    if not out["required"]:
        del out["required"]
    return out


def _decision_rules(defs: dict[str, Any]) -> None:
    """The decided outcome's own cross-field rules (incident.py Decision, DecidedSanction), said in the
    schema as alternatives, so that generators can follow them."""
    if "DecidedSanction" in defs:
        defs["DecidedSanction"]["allOf"] = [
            {
                "anyOf": [
                    {"properties": {"outside_law": {"const": False}}},
                    {"properties": {"tier": {"type": "null"}, "option": {"type": "null"}}},
                ]
            },
            {
                "anyOf": [
                    {"required": [name], "properties": {name: {"type": "string"}}}
                    for name in ("track", "tier", "option")
                ]
            },
        ]
    if "Decision" in defs:
        nothing = {"type": "array", "maxItems": 0}
        defs["Decision"]["anyOf"] = [
            {
                "required": ["sanctions"],
                "properties": {
                    "outcome": {"const": "sanctioned"},
                    "sanctions": {"type": "array", "minItems": 1},
                    "reason": {"type": "null"},
                },
            },
            {"properties": {"outcome": {"enum": ["not_proceeded", "no_violation"]}, "sanctions": nothing}},
            {"properties": {"outcome": {"const": "pending"}, "sanctions": nothing, "reason": {"type": "null"}}},
        ]


def verdict_schema() -> dict[str, Any]:
    schema = Verdict.model_json_schema()
    schema["$id"] = f"https://nrules.example/schemas/verdict/{VERDICT_SCHEMA_VERSION}.json"
    schema["title"] = "nrules verdict"
    return schema


def envelope_schema() -> dict[str, Any]:
    """One line of `nrules check --format jsonl`."""
    from .batch.records import envelope_schema as build

    return build(verdict_schema())
