"""Mutants of a rule set: one change of meaning per copy, made on the validated models, never the YAML.

Every operator edits one document as plain data (a rule, or a data file such as sanctions.yaml, dumped
from its model by alias, exactly as its YAML would read), and the edited document is validated again,
so a mutant is what a rule author's one-line edit would produce: an edit the models refuse is a mutant
the loader kills. The mutants are generated in a fixed order from the rule set itself, so any rule set
(a province's layer included) gets its own, and the same rule set always gets the same ones.

Operators (`OPERATORS` names them; the report counts per operator):
- rules: tier, delete, subject removed, act removed, regime, date window edge, each condition leaf
  (a boolean flipped, a value swapped, a list member removed, a comparison moved by one day or made
  strict), a conjunct dropped, `any` made `all`, a `not` removed, an override removed, a flag removed,
  a basis provision removed, exemption made violation;
- sanctions.yaml: a track's `combine` and `line`, the order of its tiers, a tier's severity, scale and
  card, a regime's window edge, `keyed_on`, flags and the bases of its sentencing policy (several,
  repeat, double punishment), an option set's options, order, window and status, an option set removed;
- elections.yaml: every calendar date moved by one day either way;
- authorities.yaml: a route removed, its body, step, window edge or one of its filters changed; a
  deadline removed, its amount, unit, starting event or tracks changed;
- vocabulary.yaml: a role's `counts_as` or alias removed, a group member removed, a modifier's default
  or aggravating mark changed, an act type's subject removed;
- sources.yaml: a provision's quoted text replaced by another provision's.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel

from ..ruleset.loader import Located, ParsedRuleSet, RuleEntry
from ..ruleset.models import Rule

Path_ = tuple[str | int, ...]
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Edit:
    """Set `path` to `value` (or delete it when `delete`), inside one document."""

    path: Path_
    value: Any = None
    delete: bool = False


@dataclass(frozen=True)
class MutantSpec:
    """One mutant: which document, which edits, and how to say it."""

    op: str
    doc: str | int
    """A data file name ("sanctions.yaml") or the index of a rule in the parsed rule set."""
    edits: tuple[Edit, ...]
    message: str
    """Message key in the catalogue (verify.yaml), with `params`."""
    params: tuple[tuple[str, str], ...]
    locate: Path_ = ()
    """Where the change is, for the report: the path inside the document."""
    drop_rule: bool = False
    equivalent: tuple[str, ...] = ()
    """Set when no incident can tell the mutant from the rule set (not run, not scored): the days on which
    a date comparison changes, none of them held by any election (from its candidacy process to its last
    re-vote; an incident dated outside its election's days is refused, so no act can fall on them)."""

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


@dataclass
class _Gen:
    parsed: ParsedRuleSet
    specs: list[MutantSpec] = field(default_factory=list)

    def add(
        self,
        op: str,
        doc: str | int,
        edits: list[Edit],
        message: str,
        locate: Path_ = (),
        drop_rule: bool = False,
        equivalent: tuple[str, ...] = (),
        **params: Any,
    ) -> None:
        self.specs.append(
            MutantSpec(
                op,
                doc,
                tuple(edits),
                message,
                tuple((k, _show(v)) for k, v in params.items()),
                locate,
                drop_rule,
                equivalent,
            )
        )


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def dump(model: BaseModel) -> dict[str, Any]:
    """A model as its YAML reads (aliases, every field)."""
    return model.model_dump(by_alias=True, mode="python")


# ---------------------------------------------------------------- generation
def generate(parsed: ParsedRuleSet) -> list[MutantSpec]:
    """Every mutant of the rule set, in a fixed order (rules in file order, then the data files)."""
    gen = _Gen(parsed)
    tiers_of = _tiers_by_track(parsed)
    regimes_by_family = _regimes_by_family(parsed)
    schema_values = _enum_values(parsed)
    for index, entry in enumerate(parsed.rules):
        _rule_mutants(gen, index, entry, tiers_of, regimes_by_family, schema_values)
    _sanctions_mutants(gen, parsed)
    _election_mutants(gen, parsed)
    _authority_mutants(gen, parsed)
    _vocabulary_mutants(gen, parsed)
    _source_mutants(gen, parsed)
    return gen.specs


def _tiers_by_track(parsed: ParsedRuleSet) -> dict[str, list[str]]:
    sanctions = dump(parsed.data["sanctions.yaml"])
    return {k: list(t["tiers"]) for k, t in sanctions["tracks"].items()}


def _regimes_by_family(parsed: ParsedRuleSet) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, regime in dump(parsed.data["sanctions.yaml"])["regimes"].items():
        out.setdefault(regime["family"], []).append(key)
    return out


def _enum_values(parsed: ParsedRuleSet) -> dict[str, list[str]]:
    """The values of enum fact paths a condition may compare, for value-swap mutants."""
    from ..ruleset.factschema import build_fact_schema
    from ..ruleset.models import ElectionsFile, SanctionsFile, VocabularyFile

    vocab, elections, sanctions = (parsed.data[n] for n in ("vocabulary.yaml", "elections.yaml", "sanctions.yaml"))
    assert isinstance(vocab, VocabularyFile)
    assert isinstance(elections, ElectionsFile)
    assert isinstance(sanctions, SanctionsFile)
    schema = build_fact_schema(vocab, elections, sanctions)
    return {path: list(t.values) for path, t in schema.items() if t.kind == "enum"}


def _rule_mutants(
    gen: _Gen,
    index: int,
    entry: RuleEntry,
    tiers_of: dict[str, list[str]],
    regimes_by_family: dict[str, list[str]],
    schema_values: dict[str, list[str]],
) -> None:
    rule = dump(entry.rule)
    rid = rule["id"]
    outcome = rule.get("outcome")
    if outcome:
        for tier in tiers_of.get(outcome["track"], []):
            if tier != outcome["tier"]:
                gen.add(
                    "rule.tier",
                    index,
                    [Edit(("outcome", "tier"), tier)],
                    "mutate.rule.tier",
                    ("outcome", "tier"),
                    rule=rid,
                    old=outcome["tier"],
                    new=tier,
                )
    gen.add("rule.delete", index, [], "mutate.rule.delete", (), drop_rule=True, rule=rid)
    for field_name, op in (("subjects", "rule.subject"), ("acts", "rule.act")):
        values = rule[field_name]
        if len(values) > 1:
            for i, value in enumerate(values):
                rest = [v for v in values if v != value]
                gen.add(op, index, [Edit((field_name,), rest)], f"mutate.{op}", (field_name, i), rule=rid, value=value)
    family = next((f for f, ids in regimes_by_family.items() if rule["regime"] in ids), None)
    for other in regimes_by_family.get(family or "", []):
        if other != rule["regime"]:
            gen.add(
                "rule.regime",
                index,
                [Edit(("regime",), other)],
                "mutate.rule.regime",
                ("regime",),
                rule=rid,
                old=rule["regime"],
                new=other,
            )
    window = rule.get("in_force") or {}
    for edge in ("from", "to"):
        day = window.get(edge)
        if day is not None:
            for delta in (-ONE_DAY, ONE_DAY):
                gen.add(
                    "rule.window",
                    index,
                    [Edit(("in_force", edge), day + delta)],
                    "mutate.rule.window",
                    ("in_force", edge),
                    rule=rid,
                    edge=edge,
                    old=day,
                    new=day + delta,
                )
    if rule.get("when") is not None:
        windows = _election_windows(gen.parsed)
        for path, edit_value, what, old, new, days in _condition_mutants(rule["when"], schema_values):
            unreachable = days is not None and not any(lo <= d <= hi for d in days for lo, hi in windows)
            gen.add(
                "rule.condition",
                index,
                [edit_value],
                "mutate.rule.condition",
                ("when", *path),
                equivalent=tuple(d.isoformat() for d in days or ()) if unreachable else (),
                rule=rid,
                what=what,
                old=old,
                new=new,
            )
    for field_name, op in (("overrides", "rule.override"), ("flags", "rule.flag"), ("basis", "rule.basis")):
        values = rule.get(field_name) or []
        if field_name == "basis" and len(values) < 2:
            continue  # a rule cites at least one provision (the model requires it)
        for i, value in enumerate(values):
            rest = [v for v in values if v != value]
            gen.add(op, index, [Edit((field_name,), rest)], f"mutate.{op}", (field_name, i), rule=rid, value=value)


def _election_windows(parsed: ParsedRuleSet) -> list[tuple[dt.date, dt.date]]:
    from ..ruleset.models import ElectionsFile

    elections = parsed.data["elections.yaml"]
    assert isinstance(elections, ElectionsFile)
    # the days an act can be tied to an election (from its candidacy process to its last re-vote)
    spans = [e.span for e in elections.elections.values()]
    return [(s.from_, s.to) for s in spans if s.from_ is not None and s.to is not None]


_ORDER_OPS = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


def _date_difference(old: Any, new: Any) -> tuple[dt.date, ...] | None:
    """The act dates on which two `date` comparisons (order operators only) disagree, or None when they
    are not both such comparisons. Moving a bound by a day or making it strict changes the answer on one
    day next to the bound, so the days around the bounds are all that need looking at."""
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return None
    ops = [*old.items(), *new.items()]
    if not ops or any(op not in _ORDER_OPS or not isinstance(v, dt.date) for op, v in ops):
        return None

    def holds(cmp: dict[str, dt.date], day: dt.date) -> bool:
        return all(_ORDER_OPS[op](day, bound) for op, bound in cmp.items())

    bounds = [v for _, v in ops]
    first, last = min(bounds) - 3 * ONE_DAY, max(bounds) + 3 * ONE_DAY
    days = [first + i * ONE_DAY for i in range((last - first).days + 1)]
    if holds(old, first) != holds(new, first) or holds(old, last) != holds(new, last):
        return None  # they disagree beyond the bounds: not a change of one edge
    return tuple(d for d in days if holds(old, d) != holds(new, d))


def _condition_mutants(
    when: Any, schema_values: dict[str, list[str]]
) -> Iterator[tuple[Path_, Edit, str, Any, Any, tuple[dt.date, ...] | None]]:
    """Mutants of a raw `when` block: (path inside `when`, the edit, what, old, new, and for a moved date
    bound the days on which the answer changes). Each edit replaces one node of the block (a mapping, a
    list or a leaf value) by its mutated form."""

    def walk(node: Any, path: Path_) -> Iterator[tuple[Path_, Any, str, Any, Any, tuple[dt.date, ...] | None]]:
        # yields (path of the node replaced, its replacement, what, old, new, days changed)
        if not isinstance(node, dict):
            return
        keys = list(node)
        if len(keys) > 1:
            for key in keys:
                yield path, {k: v for k, v in node.items() if k != key}, f"conjunct {key}", "present", "dropped", None
        for key in keys:
            value = node[key]
            if key in ("all", "any") and isinstance(value, list):
                if key == "any" and len(value) > 1 and "all" not in node:
                    yield path, {("all" if k == "any" else k): v for k, v in node.items()}, "any", "any", "all", None
                if len(value) > 1:
                    for i in range(len(value)):
                        rest = [v for j, v in enumerate(value) if j != i]
                        yield (*path, key), rest, f"{key}[{i}]", "present", "dropped", None
                for i, item in enumerate(value):
                    yield from walk(item, (*path, key, i))
            elif key == "not":
                if isinstance(value, dict) and not (set(value) & (set(node) - {"not"})):
                    yield (
                        path,
                        {**{k: v for k, v in node.items() if k != "not"}, **value},
                        "not",
                        "not",
                        "removed",
                        None,
                    )
                yield from walk(value, (*path, key))
            else:
                for new_value, old, new in _leaf_mutants(str(key), value, schema_values):
                    days = _date_difference(value, new_value) if key == "date" else None
                    yield (*path, key), new_value, str(key), old, new, days

    for path, replacement, what, old, new, days in walk(when, ()):
        yield path, Edit(("when", *path), replacement), what, old, new, days


def _leaf_mutants(path: str, value: Any, schema_values: dict[str, list[str]]) -> Iterator[tuple[Any, Any, Any]]:
    if isinstance(value, bool):
        yield (not value), value, (not value)
    elif isinstance(value, str) and path in schema_values:
        other = next((v for v in schema_values[path] if v != value), None)
        if other is not None:
            yield other, value, other
    elif isinstance(value, list) and len(value) > 1:
        for i, item in enumerate(value):
            yield [v for j, v in enumerate(value) if j != i], item, "removed"
    elif isinstance(value, dict):
        for op, operand in value.items():
            if isinstance(operand, dt.date):
                for delta in (-ONE_DAY, ONE_DAY):
                    yield {**value, op: operand + delta}, f"{op} {operand}", f"{op} {operand + delta}"
            elif isinstance(operand, int) and not isinstance(operand, bool):
                for step in (-1, 1):
                    yield {**value, op: operand + step}, f"{op} {operand}", f"{op} {operand + step}"
            strict = {"lt": "lte", "lte": "lt", "gt": "gte", "gte": "gt", "eq": "ne", "ne": "eq"}.get(op)
            if strict and strict not in value:
                yield {**{k: v for k, v in value.items() if k != op}, strict: operand}, op, strict
            if op in ("in", "not_in") and isinstance(operand, list) and len(operand) > 1:
                for i, item in enumerate(operand):
                    yield {**value, op: [v for j, v in enumerate(operand) if j != i]}, item, "removed"


def _sanctions_mutants(gen: _Gen, parsed: ParsedRuleSet) -> None:
    doc = "sanctions.yaml"
    sanctions = dump(parsed.data[doc])
    tracks, tiers = sanctions["tracks"], sanctions["tiers"]
    for key, track in tracks.items():
        other = "all" if track["combine"] == "heaviest" else "heaviest"
        gen.add(
            "track.combine",
            doc,
            [Edit(("tracks", key, "combine"), other)],
            "mutate.track.combine",
            ("tracks", key),
            track=key,
            old=track["combine"],
            new=other,
        )
        if track.get("line"):
            gen.add(
                "track.line",
                doc,
                [Edit(("tracks", key, "line"), None)],
                "mutate.track.line",
                ("tracks", key),
                track=key,
                old=track["line"],
            )
        order = track["tiers"]
        for i in range(len(order) - 1):
            swapped = [*order[:i], order[i + 1], order[i], *order[i + 2 :]]
            gen.add(
                "track.order",
                doc,
                [Edit(("tracks", key, "tiers"), swapped)],
                "mutate.track.order",
                ("tracks", key),
                track=key,
                a=order[i],
                b=order[i + 1],
            )
    for key, tier in tiers.items():
        same = [t for t in tracks.get(tier["track"], {}).get("tiers", []) if t != key]
        for other in same:
            if tiers[other]["severity"] != tier["severity"]:
                gen.add(
                    "tier.severity",
                    doc,
                    [Edit(("tiers", key, "severity"), tiers[other]["severity"])],
                    "mutate.tier.severity",
                    ("tiers", key, "severity"),
                    tier=key,
                    old=tier["severity"],
                    new=tiers[other]["severity"],
                )
                break
        gen.add(
            "tier.scale",
            doc,
            [Edit(("tiers", key, "on_scale"), not tier["on_scale"])],
            "mutate.tier.scale",
            ("tiers", key),
            tier=key,
            old=tier["on_scale"],
            new=not tier["on_scale"],
        )
        other_card = next((t["card"] for t in tiers.values() if t["card"] != tier["card"]), None)
        if other_card:
            gen.add(
                "tier.card",
                doc,
                [Edit(("tiers", key, "card"), other_card)],
                "mutate.tier.card",
                ("tiers", key, "card"),
                tier=key,
                old=tier["card"],
                new=other_card,
            )
    for key, regime in sanctions["regimes"].items():
        _window_mutants(gen, doc, ("regimes", key, "in_force"), regime["in_force"], "regime.window", key)
        other = "act_date" if regime["keyed_on"] == "law_date" else "law_date"
        gen.add(
            "regime.keyed_on",
            doc,
            [Edit(("regimes", key, "keyed_on"), other)],
            "mutate.regime.keyed_on",
            ("regimes", key, "keyed_on"),
            regime=key,
            old=regime["keyed_on"],
            new=other,
        )
        for basis in ("multiple_basis", "repeat_basis", "double_basis", "flags", "earlier_act_flags"):
            if regime.get(basis):
                gen.add(
                    "regime.flags" if basis.endswith("flags") else "regime.policy",
                    doc,
                    [Edit(("regimes", key, basis), [])],
                    "mutate.regime.flags" if basis.endswith("flags") else "mutate.regime.policy",
                    ("regimes", key, basis),
                    regime=key,
                    field=basis,
                )
    for i, oset in enumerate(sanctions["option_sets"]):
        sid = oset["id"]
        gen.add(
            "options.delete",
            doc,
            [Edit(("option_sets", i), delete=True)],
            "mutate.options.delete",
            ("option_sets", i),
            options=sid,
        )
        options = oset["options"]
        if len(options) > 1:
            for j, option in enumerate(options):
                gen.add(
                    "options.option",
                    doc,
                    [Edit(("option_sets", i, "options", j), delete=True)],
                    "mutate.options.option",
                    ("option_sets", i, "options", j),
                    options=sid,
                    option=option["id"],
                )
            for j in range(len(options) - 1):
                swapped = [*options[:j], options[j + 1], options[j], *options[j + 2 :]]
                gen.add(
                    "options.order",
                    doc,
                    [Edit(("option_sets", i, "options"), swapped)],
                    "mutate.options.order",
                    ("option_sets", i, "options", j),
                    options=sid,
                    a=options[j]["id"],
                    b=options[j + 1]["id"],
                )
        other = "pending" if oset["status"] == "in_force" else "in_force"
        gen.add(
            "options.status",
            doc,
            [Edit(("option_sets", i, "status"), other)],
            "mutate.options.status",
            ("option_sets", i),
            options=sid,
            old=oset["status"],
            new=other,
        )
        _window_mutants(gen, doc, ("option_sets", i, "in_force"), oset["in_force"], "options.window", sid)


def _window_mutants(gen: _Gen, doc: str, path: Path_, window: dict[str, Any], op: str, name: str) -> None:
    for edge in ("from", "to"):
        day = window.get(edge)
        if day is None:
            continue
        for delta in (-ONE_DAY, ONE_DAY):
            gen.add(
                op,
                doc,
                [Edit((*path, edge), day + delta)],
                f"mutate.{op}",
                (*path, edge),
                name=name,
                edge=edge,
                old=day,
                new=day + delta,
            )


def _election_mutants(gen: _Gen, parsed: ParsedRuleSet) -> None:
    doc = "elections.yaml"
    for key, election in dump(parsed.data[doc])["elections"].items():
        dates: list[tuple[Path_, dt.date]] = []
        for contest, day in election["determination"].items():
            dates.append((("determination", contest), day))
        for part in ("campaign", "quiet_period", "window"):
            for edge in ("from", "to"):
                if election[part].get(edge) is not None:
                    dates.append(((part, edge), election[part][edge]))
        dates.append((("voting_day",), election["voting_day"]))
        for path, day in dates:
            for delta in (-ONE_DAY, ONE_DAY):
                gen.add(
                    "calendar.date",
                    doc,
                    [Edit(("elections", key, *path), day + delta)],
                    "mutate.calendar.date",
                    ("elections", key, *path),
                    election=key,
                    what=".".join(str(p) for p in path),
                    old=day,
                    new=day + delta,
                )


def _authority_mutants(gen: _Gen, parsed: ParsedRuleSet) -> None:
    doc = "authorities.yaml"
    authorities = dump(parsed.data[doc])
    bodies = list(authorities["bodies"])
    for i, route in enumerate(authorities["routes"]):
        rid = route["id"]
        gen.add(
            "route.delete", doc, [Edit(("routes", i), delete=True)], "mutate.route.delete", ("routes", i), route=rid
        )
        other_body = next((b for b in bodies if b != route["body"]), None)
        if other_body:
            gen.add(
                "route.body",
                doc,
                [Edit(("routes", i, "body"), other_body)],
                "mutate.route.body",
                ("routes", i, "body"),
                route=rid,
                old=route["body"],
                new=other_body,
            )
        steps = ("recommends", "imposes", "refers_to", "investigates")
        other_step = next(s for s in steps if s != route["step"])
        gen.add(
            "route.step",
            doc,
            [Edit(("routes", i, "step"), other_step)],
            "mutate.route.step",
            ("routes", i, "step"),
            route=rid,
            old=route["step"],
            new=other_step,
        )
        for filt in ("tracks", "subjects", "positions", "government_levels", "tiers", "election_types"):
            values = route.get(filt)
            if values is None:
                continue
            if len(values) > 1:
                for j, value in enumerate(values):
                    rest = [v for v in values if v != value]
                    gen.add(
                        "route.filter",
                        doc,
                        [Edit(("routes", i, filt), rest)],
                        "mutate.route.filter",
                        ("routes", i, filt, j),
                        route=rid,
                        field=filt,
                        value=value,
                    )
            if filt != "tracks":
                gen.add(
                    "route.filter",
                    doc,
                    [Edit(("routes", i, filt), None)],
                    "mutate.route.unfiltered",
                    ("routes", i, filt),
                    route=rid,
                    field=filt,
                )
        _window_mutants(gen, doc, ("routes", i, "in_force"), route["in_force"], "route.window", rid)
    units = ("hari", "hari_kerja", "bulan")
    events = ("date_known", "recommendation_received", "summons", "decision_issued", "decision_received")
    for i, deadline in enumerate(authorities["deadlines"]):
        did = deadline["id"]
        gen.add(
            "deadline.delete",
            doc,
            [Edit(("deadlines", i), delete=True)],
            "mutate.deadline.delete",
            ("deadlines", i),
            deadline=did,
        )
        for delta in (-1, 1):
            if deadline["amount"] + delta >= 1:
                gen.add(
                    "deadline.amount",
                    doc,
                    [Edit(("deadlines", i, "amount"), deadline["amount"] + delta)],
                    "mutate.deadline.amount",
                    ("deadlines", i, "amount"),
                    deadline=did,
                    old=deadline["amount"],
                    new=deadline["amount"] + delta,
                )
        other_unit = next(u for u in units if u != deadline["unit"])
        gen.add(
            "deadline.unit",
            doc,
            [Edit(("deadlines", i, "unit"), other_unit)],
            "mutate.deadline.unit",
            ("deadlines", i, "unit"),
            deadline=did,
            old=deadline["unit"],
            new=other_unit,
        )
        other_event = next(e for e in events if e != deadline["from_event"])
        gen.add(
            "deadline.event",
            doc,
            [Edit(("deadlines", i, "from_event"), other_event)],
            "mutate.deadline.event",
            ("deadlines", i, "from_event"),
            deadline=did,
            old=deadline["from_event"],
            new=other_event,
        )
        for field_name in ("tracks", "election_types"):
            values = deadline.get(field_name) or []
            if len(values) > 1:
                for j, value in enumerate(values):
                    rest = [v for v in values if v != value]
                    gen.add(
                        "deadline.filter",
                        doc,
                        [Edit(("deadlines", i, field_name), rest)],
                        "mutate.deadline.filter",
                        ("deadlines", i, field_name, j),
                        deadline=did,
                        field=field_name,
                        value=value,
                    )


def _vocabulary_mutants(gen: _Gen, parsed: ParsedRuleSet) -> None:
    doc = "vocabulary.yaml"
    vocab = dump(parsed.data[doc])
    for key, role in vocab["roles"].items():
        for field_name, op in (("counts_as", "role.counts_as"), ("aliases", "role.alias")):
            for j, value in enumerate(role.get(field_name) or []):
                rest = [v for v in role[field_name] if v != value]
                gen.add(
                    op,
                    doc,
                    [Edit(("roles", key, field_name), rest)],
                    f"mutate.{op}",
                    ("roles", key, field_name, j),
                    role=key,
                    value=value,
                )
    for group, members in vocab.get("groups", {}).items():
        for j, member in enumerate(members):
            rest = [m for m in members if m != member]
            gen.add(
                "group.member",
                doc,
                [Edit(("groups", group), rest)],
                "mutate.group.member",
                ("groups", group, j),
                group=group,
                value=member,
            )
    for key, mod in vocab["modifiers"].items():
        if mod["type"] == "bool":
            for other in (True, False, None):
                if other != mod.get("default"):
                    gen.add(
                        "modifier.default",
                        doc,
                        [Edit(("modifiers", key, "default"), other)],
                        "mutate.modifier.default",
                        ("modifiers", key),
                        modifier=key,
                        old=mod.get("default"),
                        new=other,
                    )
            gen.add(
                "modifier.aggravating",
                doc,
                [Edit(("modifiers", key, "aggravating"), not mod.get("aggravating", False))],
                "mutate.modifier.aggravating",
                ("modifiers", key),
                modifier=key,
                old=bool(mod.get("aggravating")),
                new=not mod.get("aggravating", False),
            )
    for key, act in vocab["act_types"].items():
        subjects = act["subjects"]
        if len(subjects) > 1:
            for j, value in enumerate(subjects):
                rest = [v for v in subjects if v != value]
                gen.add(
                    "act.subject",
                    doc,
                    [Edit(("act_types", key, "subjects"), rest)],
                    "mutate.act.subject",
                    ("act_types", key, "subjects", j),
                    act=key,
                    value=value,
                )


def _source_mutants(gen: _Gen, parsed: ParsedRuleSet) -> None:
    doc = "sources.yaml"
    provisions = dump(parsed.data[doc])["provisions"]
    keys = list(provisions)
    for i, key in enumerate(keys):
        text = provisions[key]["text"]
        if text.lstrip().startswith("[paraphrase]"):
            continue
        donor = next(
            (
                keys[(i + k) % len(keys)]
                for k in range(1, len(keys))
                if provisions[keys[(i + k) % len(keys)]]["text"] != text
            ),
            None,
        )
        if donor is None:
            continue
        gen.add(
            "provision.text",
            doc,
            [Edit(("provisions", key, "text"), provisions[donor]["text"])],
            "mutate.provision.text",
            ("provisions", key, "text"),
            provision=key,
            donor=donor,
        )


# ---------------------------------------------------------------- application
def apply(parsed: ParsedRuleSet, spec: MutantSpec) -> ParsedRuleSet:
    """The parsed rule set with the mutant's edits; raises (pydantic ValidationError, ValueError) when the
    edited document is refused by its model, as the loader would refuse the edited YAML."""
    if isinstance(spec.doc, int):
        rules = list(parsed.rules)
        if spec.drop_rule:
            del rules[spec.doc]
        else:
            entry = rules[spec.doc]
            data = dump(entry.rule)
            for edit in spec.edits:
                _apply_edit(data, edit)
            rules[spec.doc] = replace(entry, rule=Rule.model_validate(data))
        return replace(parsed, rules=tuple(rules))
    model = parsed.data[spec.doc]
    data = dump(model)
    for edit in spec.edits:
        _apply_edit(data, edit)
    new_model = type(model).model_validate(data)
    return replace(parsed, data={**parsed.data, spec.doc: new_model})


def _apply_edit(data: Any, edit: Edit) -> None:
    target = data
    for step in edit.path[:-1]:
        target = target[step]
    last = edit.path[-1]
    if edit.delete:
        del target[last]
    else:
        target[last] = copy.deepcopy(edit.value)


def locate(parsed: ParsedRuleSet, spec: MutantSpec) -> Located:
    """The file and line of the mutated value (the nearest enclosing one the YAML records)."""
    if isinstance(spec.doc, int):
        entry = parsed.rules[spec.doc]
        return Located(entry.where.file, entry.doc.line_of(("rules", entry.index, *spec.locate)) or entry.where.line)
    docs = parsed.all_docs.get(spec.doc, ())
    path = list(spec.locate)
    # list sections (routes, option sets, deadlines) are concatenated across layers: find the layer
    if len(path) >= 2 and isinstance(path[1], int):
        index = path[1]
        for doc in docs:
            items = (doc.data or {}).get(path[0]) or []
            if index < len(items):
                return Located(_shown(doc), doc.line_of((path[0], index, *path[2:])))
            index -= len(items)
    elif path:
        for doc in docs:
            section = (doc.data or {}).get(path[0])
            if isinstance(section, dict) and (len(path) < 2 or path[1] in section):
                return Located(_shown(doc), doc.line_of(tuple(path)))
    return Located(_shown(docs[0]) if docs else spec.doc, None)


def _shown(doc: Any) -> str:
    from ..ruleset.loader import display_path

    return display_path(doc.path)


OPERATORS: tuple[str, ...] = (
    "rule.tier",
    "rule.delete",
    "rule.subject",
    "rule.act",
    "rule.regime",
    "rule.window",
    "rule.condition",
    "rule.override",
    "rule.flag",
    "rule.basis",
    "track.combine",
    "track.line",
    "track.order",
    "tier.severity",
    "tier.scale",
    "tier.card",
    "regime.window",
    "regime.keyed_on",
    "regime.policy",
    "regime.flags",
    "options.delete",
    "options.option",
    "options.order",
    "options.status",
    "options.window",
    "calendar.date",
    "route.delete",
    "route.body",
    "route.step",
    "route.filter",
    "route.window",
    "deadline.delete",
    "deadline.amount",
    "deadline.unit",
    "deadline.event",
    "deadline.filter",
    "role.counts_as",
    "role.alias",
    "group.member",
    "modifier.default",
    "modifier.aggravating",
    "act.subject",
    "provision.text",
)

Describe = Callable[[MutantSpec, str], str]
