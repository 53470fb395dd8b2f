"""Compile the condition IR to durable_rules JSON, and pack rules into shards the C engine can run.

Everything here exists because of a measured sharp edge of durable-rules 2.0.28 (DURABLE.md):
- negation is pushed to the leaves and every fact path is always present, so `$neq` on a missing
  field (false) never arises and the three-valued semantics hold;
- every rule starts with a positive discriminator (`_kind: act`), or a rule of only `$nex` would
  match the engine's own state fact and loop;
- the alpha network walks a fixed 64-entry stack, so rules are packed into shards whose worst-case
  stack use, computed here, stays within it;
- property names are hashed (FNV-1a, 32 bit) and a collision would merge two facts silently, so the
  schema's paths are checked for distinct hashes; at most 254 properties fit in one document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import RuleSetError
from ..ruleset.conditions import All, AnyOf, Cmp, Condition, In, Not, leaves, push_negations
from ..ruleset.factschema import FactType
from ..ruleset.loader import CompiledRule

DISCRIMINATOR: dict[str, Any] = {"_kind": "act"}
STACK_LIMIT = 64
MAX_PROPERTIES = 250  # durable's limit is 254 flattened properties, envelope keys included
MAX_DISTINCT_VALUES = 400  # 512 children per node; the 513th makes create_ruleset hang
RULE_NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
_DUR_OP = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}

Json = dict[str, Any]


def to_durable(cond: Condition, prefix: str = "doc.") -> Json:
    """One IR condition (negations already pushed down) as a durable JSON condition object."""
    if isinstance(cond, Cmp):
        path = prefix + cond.path
        if cond.op == "eq":
            return {path: cond.value}
        return {_DUR_OP[cond.op]: {path: cond.value}}
    if isinstance(cond, In):
        return {"$or": [{prefix + cond.path: v} for v in cond.values]}
    if isinstance(cond, All):
        items: list[Json] = []
        for item in cond.items:
            compiled = to_durable(item, prefix)
            items.extend(compiled.get("$and", [compiled]))
        return items[0] if len(items) == 1 else {"$and": items}
    if isinstance(cond, AnyOf):
        branches: list[Json] = []
        for item in cond.items:
            compiled = to_durable(item, prefix)
            branches.extend(compiled.get("$or", [compiled]))
        return branches[0] if len(branches) == 1 else {"$or": branches}
    if isinstance(cond, Not):
        raise ValueError("negations must be pushed down before compiling")
    raise TypeError(cond)


MAX_TERMS = 512
TERM_SEP = "::"


def dnf(cond: Condition) -> list[tuple[Cmp, ...]]:
    """Disjunctive normal form of a negation-free condition, contradictory terms dropped.

    Membership lists and `any` become several plain conjunctions: each compiles to a durable rule
    without `$or`, so the alpha stack stays shallow (an `$or` multiplies every node after it) and no
    rule double-fires. The terms of one rule share a name prefix and map back to it.
    """
    if isinstance(cond, Cmp):
        return [(cond,)]
    if isinstance(cond, In):
        return [(Cmp(cond.path, "eq", v),) for v in cond.values]
    if isinstance(cond, AnyOf):
        out: list[tuple[Cmp, ...]] = []
        for item in cond.items:
            out.extend(dnf(item))
            if len(out) > MAX_TERMS:
                raise OverflowError
        return out
    if isinstance(cond, All):
        terms: list[tuple[Cmp, ...]] = [()]
        for item in cond.items:
            terms = [(*a, *b) for a in terms for b in dnf(item) if _consistent((*a, *b))]
            if len(terms) > MAX_TERMS:
                raise OverflowError
        return terms
    raise ValueError("negations must be pushed down before DNF")


_SHARED_FIRST = ("act.type", "regime.", "after_determination", "phase", "in_campaign", "election.", "date")


def _share_order(leaf: Cmp) -> tuple[int, str, str]:
    """Literals most rules share first and the role (which membership lists multiply) last, so the
    shard's alpha trie shares long prefixes; the order of an AND never changes its truth."""
    for rank, prefix in enumerate(_SHARED_FIRST):
        if leaf.path.startswith(prefix):
            return (rank, leaf.path, str(leaf.value))
    if leaf.path.startswith("subject."):
        return (len(_SHARED_FIRST) + 1, leaf.path, str(leaf.value))
    return (len(_SHARED_FIRST), leaf.path, str(leaf.value))


def _consistent(term: tuple[Cmp, ...]) -> bool:
    equal: dict[str, object] = {}
    for leaf in term:
        if leaf.op == "eq":
            if leaf.path in equal and equal[leaf.path] != leaf.value:
                return False
            equal[leaf.path] = leaf.value
    return all(not (leaf.op == "ne" and equal.get(leaf.path, object()) == leaf.value) for leaf in term)


def compile_rule(rule: CompiledRule) -> list[tuple[str, Json]]:
    """The durable rules for one nrules rule: one per DNF term (or one `$or` rule if DNF explodes)."""
    if not RULE_NAME.match(rule.id) or TERM_SEP in rule.id:
        raise RuleSetError("engine.bad_rule_name", field=rule.id)
    flat = push_negations(rule.condition)
    try:
        terms = dnf(flat)
    except OverflowError:
        body = to_durable(flat)
        conjuncts = body.get("$and", [body])
        return [(rule.id, {"$and": [DISCRIMINATOR, *conjuncts]})]
    out = []
    for i, term in enumerate(dict.fromkeys(terms)):
        ordered = sorted(dict.fromkeys(term), key=_share_order)
        leaves = [to_durable(leaf) for leaf in ordered]
        out.append((f"{rule.id}{TERM_SEP}{i}", {"$and": [DISCRIMINATOR, *leaves]}))
    return out


def rule_of(durable_name: str) -> str:
    return durable_name.split(TERM_SEP, 1)[0]


def _pushes(cond: Json, mult: int = 1) -> tuple[int, int]:
    """Worst-case pushes on handleAlpha's DFS stack for one condition, and the multiplicity after it
    (DURABLE.md appendix A: an $or costs its branches plus one forward push per branch, and every
    node after it in an $and chain is pushed once per branch)."""
    ((key, val),) = cond.items()
    if key == "$and":
        total = 0
        for c in val:
            p, mult = _pushes(c, mult)
            total += p
        return total, mult
    if key == "$or":
        total = out_mult = 0
        for c in val:
            p, m_after = _pushes(c, mult)
            total += p + m_after
            out_mult += m_after
        return total, out_mult
    return mult, mult


def rule_pushes(cond: Json) -> int:
    """Stack pushes of one compiled rule; the shared discriminator is counted once per shard."""
    rest = cond["$and"][1:] if cond.get("$and", [None])[0] == DISCRIMINATOR else [cond]
    return _pushes({"$and": rest})[0] if rest else 0


def pack_shards(rules: Sequence[tuple[str, Json]], limit: int = STACK_LIMIT) -> list[dict[str, Json]]:
    """Pack rules into shards whose alpha network can never push more than `limit` nodes.

    durable shares an alpha node between rules whose condition sequences start alike, and pushes each
    matching node once; so the nodes of a shard are the nodes of the trie of its rules' conjunct
    sequences, and that count bounds the stack. Rules with an `$or` (only when DNF would explode)
    are counted with the per-rule bound of DURABLE.md appendix A instead.
    """
    shards: list[dict[str, Json]] = []
    current: dict[str, Json] = {}
    trie: dict[str, Any] = {}
    used = 1  # the root
    for name, cond in rules:
        chain = cond.get("$and", [cond])
        plain = all((len(c) == 1 and not next(iter(c)).startswith("$")) or next(iter(c)) in _LEAF_OPS for c in chain)
        cost = _trie_cost(trie, chain) if plain else 1 + rule_pushes(cond)
        if cost + 1 > limit:
            raise RuleSetError("engine.rule_too_wide", field=name, got=str(cost + 1), expected=str(limit))
        if current and used + cost > limit:
            shards.append(current)
            current, trie, used = {}, {}, 1
            cost = _trie_cost(trie, chain) if plain else 1 + rule_pushes(cond)
        if plain:
            _trie_add(trie, chain)
        current[name] = cond
        used += cost
    if current:
        shards.append(current)
    return shards


_LEAF_OPS = {"$neq", "$lt", "$lte", "$gt", "$gte"}


def _key(conjunct: Json) -> str:
    return json.dumps(conjunct, sort_keys=True, ensure_ascii=False)


def _trie_cost(trie: dict[str, Any], chain: Sequence[Json]) -> int:
    """How many new alpha nodes the chain adds to the shard's trie."""
    node = trie
    for depth, conjunct in enumerate(chain):
        key = _key(conjunct)
        if key not in node:
            return len(chain) - depth
        node = node[key]
    return 0


def _trie_add(trie: dict[str, Any], chain: Sequence[Json]) -> None:
    node = trie
    for conjunct in chain:
        node = node.setdefault(_key(conjunct), {})


def fnv1a_32(text: str) -> int:
    """durable's fnv1Hash32 (state.c): FNV-1a over the bytes of the property name."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        signed = byte - 256 if byte > 127 else byte  # `char` is signed on x86: sign-extended xor
        value ^= signed & 0xFFFFFFFF
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def check_capacity(schema: dict[str, FactType], rules: Iterable[CompiledRule]) -> None:
    """Refuse, at load time, a rule set the C engine would mishandle at run time."""
    props = ["sid", "id", "_kind", *(f"doc.{p}" for p in schema)]
    if len(props) > MAX_PROPERTIES:
        raise RuleSetError("engine.too_many_facts", got=str(len(props)), expected=str(MAX_PROPERTIES))
    seen: dict[int, str] = {}
    for prop in props:
        h = fnv1a_32(prop)
        if h in seen:
            raise RuleSetError("engine.hash_collision", field=prop, got=seen[h])
        seen[h] = prop
    values: dict[str, set[object]] = {}
    for rule in rules:
        for leaf in leaves(rule.condition):
            vals = values.setdefault(leaf.path, set())
            vals.update(leaf.values if isinstance(leaf, In) else (leaf.value,))
    for path, vals in values.items():
        if len(vals) > MAX_DISTINCT_VALUES:
            raise RuleSetError(
                "engine.too_many_values", field=path, got=str(len(vals)), expected=str(MAX_DISTINCT_VALUES)
            )


def nest(doc: dict[str, Any]) -> dict[str, Any]:
    """Flat dotted paths to the nested object durable flattens again (never literal dots in keys)."""
    out: dict[str, Any] = {}
    for path, value in doc.items():
        node = out
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return out
