"""Validating an incident: every problem at once, each with its line, column and field, in the reader's
language.

Order of work, each step collecting problems rather than stopping at the first:
1. every string anywhere is free of control characters (the README's promise, for every field,
   including ones added later), and text is `str`, never `bytes`;
2. Indonesian names are read as the keys they stand for (names.py);
3. the model (pydantic, strict: `"5"`, `5.0` and `True` are not numbers, bytes are not text);
4. the vocabulary: roles, contests, act types, modifiers and their values, phases, prior sanctions'
   tracks and tiers, checked against the loaded rule set with a "did you mean".
Positions are computed only when there is something to report.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import IncidentError
from ..incident import Act, Incident
from ..ruleset.loader import RuleSet
from ..ruleset.parse import did_you_mean
from ..ruleset.yamlfile import CONTROL
from .jsontext import Loc, Position, locations, parse_json_text
from .limits import MAX_DEPTH
from .names import Names, names_of
from .streams import Raw

MAX_AMOUNT = 10**15
Locator = Callable[[Loc], tuple[int | None, int | None]]


def _loc_text(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def _safe_repr(value: Any, limit: int = 80) -> str:
    """repr() that cannot fail or flood: a huge integer is described, not converted (int-string limit)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Problems:
    """Problems of one incident, in the order found, at most one per field."""

    def __init__(self, source: str | None, line: int | None, locate: Locator | None) -> None:
        self.source = source
        self.line = line
        self.locate = locate
        self.items: list[IncidentError] = []
        self.fields: set[str] = set()

    def add(self, key: str, loc: Loc, **params: Any) -> None:
        field = _loc_text(loc)
        if field in self.fields:
            return
        self.fields.add(field)
        line, column = self.locate(loc) if self.locate else (self.line, None)
        params = {k: v for k, v in params.items() if v is not None}
        self.items.append(IncidentError(key, file=self.source, line=line, column=column, field=field or None, **params))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        self.items.sort(key=lambda e: (e.line or 0, e.column or 0))
        if len(self.items) == 1:
            raise self.items[0]
        first = self.items[0]
        raise IncidentError(
            "intake.problems",
            file=self.source,
            line=first.line,
            column=first.column,
            field=first.field,
            count=len(self.items),
            problems=self.items,
        )


# ---------------------------------------------------------------- 1. strings everywhere
def _walk(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    stack: list[tuple[Loc, Any]] = [(loc, value)]
    while stack:
        here, node = stack.pop()
        yield here, node
        if isinstance(node, Mapping):
            stack.extend(((*here, str(k)), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list | tuple):
            stack.extend(((*here, i), v) for i, v in reversed(list(enumerate(node))))


def _check_strings(data: Any, problems: Problems) -> None:
    for loc, value in _walk(data):
        if len(loc) > MAX_DEPTH:
            problems.add("incident.too_deep", loc[:MAX_DEPTH], limit=MAX_DEPTH)
            return
        if isinstance(value, bytes | bytearray):
            problems.add("intake.pyd.string_type", loc, got=_safe_repr(value))
            continue
        if isinstance(value, str):
            bad = CONTROL.search(value)
            if bad:
                problems.add("intake.control_char", loc, char=f"U+{ord(bad.group()):04X}")
        if isinstance(value, Mapping):
            for key in value:
                bad_key = CONTROL.search(key) if isinstance(key, str) else None
                if bad_key:
                    problems.add("intake.control_char", (*loc, key), char=f"U+{ord(bad_key.group()):04X}")


# ---------------------------------------------------------------- 2. Indonesian names


def _canonical(data: dict[str, Any], names: Names, problems: Problems) -> dict[str, Any]:
    """A copy of the incident with every accepted name replaced by its key (copied only where changed)."""
    out = dict(data)

    def term(obj: Any, key: str, section: str) -> Any:
        if isinstance(obj, Mapping) and isinstance(obj.get(key), str):
            found = names.key(section, obj[key])
            if found is not None and found != obj[key]:
                obj = {**obj, key: found}
        return obj

    def act(obj: Any, loc: Loc) -> Any:
        if not isinstance(obj, Mapping):
            return obj
        new: dict[str, Any] = {}
        for key, value in obj.items():
            mod = names.key("modifiers", key) if isinstance(key, str) and key not in Act.model_fields else None
            name = mod or key
            if mod is not None and mod in names.values:
                value = _value_names(value, names.values[mod])
            if name in new:  # the same modifier under its key and an Indonesian name
                problems.add("intake.name_twice", (*loc, key), term=name)
                continue
            new[name] = value
        new = term(new, "type", "act_types")
        new = term(new, "contest", "contests")
        return term(new, "phase", "phases")

    def acts(value: Any, loc: Loc) -> Any:
        return [act(a, (*loc, i)) for i, a in enumerate(value)] if isinstance(value, list) else value

    def party(obj: Any, loc: Loc) -> Any:
        if not isinstance(obj, Mapping):
            return obj
        obj = term(obj, "role", "roles")
        obj = term(obj, "position_kind", "positions")
        obj = term(obj, "government_level", "government_levels")
        obj = term(obj, "election_body", "election_bodies")
        if "acts" in obj:
            obj = {**obj, "acts": acts(obj["acts"], (*loc, "acts"))}
        return obj

    if "respondent" in out:
        out["respondent"] = party(out["respondent"], ("respondent",))
    if isinstance(out.get("respondents"), list):
        out["respondents"] = [party(p, ("respondents", i)) for i, p in enumerate(out["respondents"])]
    if "election" in out:
        out["election"] = term(out["election"], "contest", "contests")
    if "event" in out:
        out["event"] = term(out["event"], "phase", "phases")
    if "acts" in out:
        out["acts"] = acts(out["acts"], ("acts",))
    return out


def _value_names(value: Any, index: dict[str, str]) -> Any:
    if isinstance(value, str):
        return index.get(value, value)
    if isinstance(value, list):
        return [index.get(v, v) if isinstance(v, str) else v for v in value]
    return value


# ---------------------------------------------------------------- 3. the model
_VALUE_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"'(?P<got>[^']*)' is not a real calendar date"), "intake.pyd.not_a_day"),
    (re.compile(r"(?P<got>\S+) is outside (?P<lo>\S+)\.\.(?P<hi>\S+)"), "intake.pyd.day_out_of_range"),
    (re.compile(r"^a date written YYYY-MM-DD"), "intake.pyd.date_format"),
    (re.compile(r"^a date without a time"), "intake.pyd.date_format"),
    (re.compile(r"^a date as reported"), "intake.pyd.reported_date_format"),
    (re.compile(r"there is no month (?P<got>\d+)"), "intake.pyd.no_such_month"),
    (re.compile(r"the range ends \((?P<hi>[^)]*)\) before it starts \((?P<lo>[^)]*)\)"), "intake.pyd.range_reversed"),
    (re.compile(r"a date range gives both"), "intake.pyd.range_incomplete"),
    (re.compile(r"contains a control or invalid character (?P<char>U\+[0-9A-F]+)"), "intake.control_char"),
    (re.compile(r"give either `respondent`"), "intake.pyd.one_or_several_respondents"),
    (re.compile(r"^no act"), "intake.pyd.no_act"),
]
_TYPES = {
    "string_type",
    "bool_type",
    "int_type",
    "list_type",
    "dict_type",
    "model_type",
    "model_attributes_type",
    "string_too_short",
    "string_too_long",
    "string_pattern_mismatch",
    "too_short",
    "too_long",
    "literal_error",
    "greater_than_equal",
    "less_than_equal",
    "int_from_float",
    "date_type",
    "bool_parsing",
    "int_parsing",
}


_SCHEMA_TAG = re.compile(
    r"^(function-\w+|constrained-\w+|[a-z-]+-or-[a-z-]+|list|union|nullable|tagged-union|chain|model|dict|literal"
    r"|int|str|bool|date)\["
)


def _model_at(loc: Loc) -> type[BaseModel] | None:
    model: Any = Incident
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        model = _inner_model(model.model_fields[part].annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    return annotation


def _model_problems(exc: ValidationError, problems: Problems, ruleset: RuleSet | None) -> None:
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(p for p in error["loc"] if isinstance(p, int) or not _SCHEMA_TAG.match(p))
        kind = error["type"]
        got = _safe_repr(error.get("input"))
        ctx = {k: _safe_repr(v, 200).strip("'") for k, v in (error.get("ctx") or {}).items() if k != "error"}
        if kind == "missing":
            problems.add("incident.missing_field", loc)
        elif kind == "extra_forbidden":
            parent = _model_at(loc[:-1])
            options = list(parent.model_fields) if parent else []
            if ruleset is not None and parent is Act:
                options = list(dict.fromkeys([*options, *ruleset.vocabulary.modifiers]))
            problems.add(
                "incident.unknown_field",
                loc,
                allowed=", ".join(options),
                hint=did_you_mean(str(loc[-1]), options),
            )
        elif kind in _TYPES:
            problems.add(f"intake.pyd.{kind}", loc, got=got, **ctx)
        elif kind == "value_error":
            text = str(error["msg"]).removeprefix("Value error, ")
            for pattern, key in _VALUE_ERRORS:
                found = pattern.search(text)
                if found:
                    params = found.groupdict()
                    problems.add(key, loc, **{"got": got, **params})
                    break
            else:
                problems.add("incident.invalid_value", loc, got=got, problem=text)
        else:
            problems.add("incident.invalid_value", loc, got=got, problem=str(error["msg"]))


# ---------------------------------------------------------------- 4. the vocabulary
def _listing(options: list[str]) -> str:
    return ", ".join(options[:40]) + (" ..." if len(options) > 40 else "")


def _term(problems: Problems, loc: Loc, value: Any, options: list[str], key: str = "incident.unknown_term") -> None:
    if isinstance(value, str) and value not in options:
        problems.add(key, loc, got=_safe_repr(value), allowed=_listing(options), hint=did_you_mean(value, options))


def _check_terms(data: Mapping[str, Any], rs: RuleSet, names: Names, problems: Problems) -> None:
    vocab = rs.vocabulary

    def get(obj: Any, key: str) -> Any:
        return obj.get(key) if isinstance(obj, Mapping) else None

    roles = [*names.options("roles"), *(a for r in vocab.roles.values() for a in r.aliases)]
    parties: list[tuple[Loc, Any]] = []
    if isinstance(data.get("respondent"), Mapping):
        parties.append((("respondent",), data["respondent"]))
    if isinstance(data.get("respondents"), list):
        parties += [(("respondents", i), p) for i, p in enumerate(data["respondents"]) if isinstance(p, Mapping)]
    for loc, party in parties:
        _term(problems, (*loc, "role"), get(party, "role"), roles)
        _term(problems, (*loc, "position_kind"), get(party, "position_kind"), names.options("positions"))
        _term(problems, (*loc, "government_level"), get(party, "government_level"), names.options("government_levels"))
        if get(party, "election_body") != "none":
            _term(problems, (*loc, "election_body"), get(party, "election_body"), names.options("election_bodies"))
    election = data.get("election")
    contests = names.options("contests")
    key = get(election, "key")
    if isinstance(key, str):
        if key not in rs.elections.elections:
            _term(problems, ("election", "key"), key, list(rs.elections.elections), "incident.unknown_election")
        else:
            contests = list(rs.elections.elections[key].contests)
    _term(problems, ("election", "contest"), get(election, "contest"), contests, "incident.contest_not_in_election")
    _term(problems, ("event", "phase"), get(data.get("event"), "phase"), names.options("phases"))
    acts: list[tuple[Loc, Any]] = []
    if isinstance(data.get("acts"), list):
        acts += [(("acts", i), a) for i, a in enumerate(data["acts"])]
    for loc, party in parties:
        if isinstance(get(party, "acts"), list):
            acts += [((*loc, "acts", i), a) for i, a in enumerate(party["acts"])]
    for loc, act in acts:
        if isinstance(act, Mapping):
            _check_act(problems, loc, act, rs, names, contests)
    sanctions: list[tuple[Loc, Any]] = []
    if isinstance(data.get("prior_sanctions"), list):
        sanctions += [(("prior_sanctions", i), s) for i, s in enumerate(data["prior_sanctions"])]
    for loc, party in parties:
        if isinstance(get(party, "prior_sanctions"), list):
            sanctions += [((*loc, "prior_sanctions", i), s) for i, s in enumerate(party["prior_sanctions"])]
    tracks = rs.sanctions.tracks
    for loc, prior in sanctions:
        track = get(prior, "track")
        _term(problems, (*loc, "track"), track, list(tracks))
        tiers = list(tracks[track].tiers) if isinstance(track, str) and track in tracks else list(rs.sanctions.tiers)
        _term(problems, (*loc, "tier"), get(prior, "tier"), tiers)


def _check_act(
    problems: Problems, loc: Loc, act: Mapping[str, Any], rs: RuleSet, names: Names, contests: list[str]
) -> None:
    vocab = rs.vocabulary
    _term(problems, (*loc, "type"), act.get("type"), names.options("act_types"), "incident.unknown_act_type")
    _term(problems, (*loc, "contest"), act.get("contest"), contests, "incident.contest_not_in_election")
    _term(problems, (*loc, "phase"), act.get("phase"), names.options("phases"))
    fields = list(Act.model_fields)
    for key, value in act.items():
        here = (*loc, str(key))
        mod = vocab.modifiers.get(str(key))
        if mod is None:
            if key not in Act.model_fields:
                options = list(dict.fromkeys([*fields, *vocab.modifiers]))
                problems.add(
                    "intake.unknown_modifier", here, allowed=_listing(options), hint=did_you_mean(str(key), options)
                )
            continue
        if value is None:
            continue
        if key in Act.model_fields:  # declared on the model: pydantic checked the type, not the names
            if mod.type in ("enum", "set"):
                for i, item in enumerate(value if isinstance(value, list) else [value]):
                    if isinstance(item, str):
                        _term(problems, (*here, i) if isinstance(value, list) else here, item, list(names.values[key]))
            continue
        if mod.type == "bool" and not isinstance(value, bool):
            problems.add("intake.modifier_bool", here, got=_safe_repr(value))
        elif mod.type == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            problems.add("intake.modifier_int", here, got=_safe_repr(value))
        elif mod.type == "int" and not 0 <= value <= MAX_AMOUNT:
            problems.add("intake.modifier_int_range", here, got=_safe_repr(value), limit=str(MAX_AMOUNT))
        elif mod.type == "enum":
            if isinstance(value, str):
                _term(problems, here, value, list(names.values[str(key)]))
            else:
                problems.add("intake.modifier_enum", here, got=_safe_repr(value), allowed=", ".join(mod.values))
        elif mod.type == "set":
            if not isinstance(value, list) or len(value) > 20:
                problems.add("intake.modifier_set", here, got=_safe_repr(value), allowed=", ".join(mod.values))
            else:
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        _term(problems, (*here, i), item, list(names.values[str(key)]))
                    else:
                        problems.add(
                            "intake.modifier_enum", (*here, i), got=_safe_repr(item), allowed=", ".join(mod.values)
                        )


# ---------------------------------------------------------------- together
def to_incident(
    data: Any,
    *,
    source: str | None = None,
    line: int | None = None,
    ruleset: RuleSet | None = None,
    locate: Locator | None = None,
) -> Incident:
    """Validate one incident (a mapping, or an Incident already validated). With a rule set, Indonesian
    names are read and the vocabulary is checked too. Raises one IncidentError holding every problem."""
    if isinstance(data, Incident):
        return data
    if not isinstance(data, Mapping):
        raise IncidentError("incident.not_object", file=source, line=line, got=type(data).__name__)
    problems = Problems(source, line, locate)
    _check_strings(data, problems)
    plain = dict(data)
    names = names_of(ruleset) if ruleset is not None else None
    if names is not None:
        plain = _canonical(plain, names, problems)
    try:
        incident = Incident.model_validate(plain, strict=True)
    except ValidationError as exc:
        _model_problems(exc, problems, ruleset)
        incident = None
    if ruleset is not None and names is not None:
        _check_terms(plain, ruleset, names, problems)
    problems.raise_if_any()
    assert incident is not None
    return incident


def json_locator(text: str, line: int, column: int) -> Locator:
    """Lines and columns of paths in a record's JSON text, computed on first use."""
    pos = Position(text, line, column)
    table: dict[Loc, int] = {}

    def locate(loc: Loc) -> tuple[int | None, int | None]:
        if not table:
            table.update(locations(text) or {(): 0})
        probe = tuple(loc)
        while probe not in table and probe:
            probe = probe[:-1]
        return pos.at(table.get(probe, 0))

    return locate


def yaml_locator(raw: Raw) -> Locator:
    def locate(loc: Loc) -> tuple[int | None, int | None]:
        probe = tuple(loc)
        while probe not in raw.yaml_lines and probe:
            probe = probe[:-1]
        return raw.yaml_lines.get(probe, raw.line), raw.yaml_columns.get(probe)

    return locate


def load(raw: Raw, ruleset: RuleSet | None = None) -> Incident:
    """One record as read to a validated incident; raises IncidentError with positions in the file."""
    if raw.error is not None:
        raise raw.error
    if raw.syntax == "yaml":
        return to_incident(raw.data, source=raw.source, line=raw.line, ruleset=ruleset, locate=yaml_locator(raw))
    assert raw.text is not None
    data = parse_json_text(raw.text, source=raw.source, line=raw.line, column=raw.column)
    return to_incident(
        data,
        source=raw.source,
        line=raw.line,
        ruleset=ruleset,
        locate=json_locator(raw.text, raw.line or 1, raw.column),
    )
