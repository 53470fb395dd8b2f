"""The durable-rules backend: the rule set compiled to durable_rules rulesets, driven through the C API.

durable-rules 2.0.28 is unmaintained and has crash bugs; this adapter follows the measured recipe of
DURABLE.md section 8 and nothing else:
- the C module is driven directly: no `engine.Host` (its timer threads segfault with concurrent
  sessions), no `durable.lang`, no Python actions (their exceptions are swallowed);
- each act is asserted as a *fact* (an event would be consumed by the first rule), in an envelope so
  its own fields can never act as `sid` or `id`; the agenda is drained, rule names collected as a set
  (a rule fires once per true `$or` branch), then the fact is retracted;
- sessions are pooled and reused, never deleted (`delete_state` frees uninitialised pointers); a
  session that saw any error is abandoned, and after too many abandoned sessions, or a MemoryError
  (1024 sessions per ruleset), the rulesets are rebuilt;
- the C extension never releases the GIL: threads are safe with one session per concurrent call, but
  they add no speed. Scale with processes.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ..errors import EngineError
from ..ruleset.loader import RuleSet
from .durable_compile import check_capacity, compile_rule, nest, pack_shards, rule_of
from .protocol import FactDoc

MAX_ROTATIONS = 100
MAX_CONCURRENT = 256  # live sessions stay far below durable's 1024 per ruleset
_CODE = re.compile(r"error code: (\d+)")

FIX = (
    'CPPFLAGS="-O2 -DPyEval_CallObject=PyObject_CallObject" '
    "pip install --force-reinstall --no-cache-dir --no-binary durable-rules durable-rules==2.0.28"
)


def load_module() -> tuple[ModuleType | None, str | None]:
    """The durable_rules C module, or None and the reason it cannot be imported."""
    try:
        import durable_rules_engine
    except ImportError as exc:  # not installed, or built without the 3.13 define
        return None, str(exc)
    return durable_rules_engine, None


@dataclass(frozen=True)
class DurablePlan:
    """The durable rulesets for a rule set, as JSON definitions, and which shards each act and role
    needs: a pure function of the rule set, so it is cached on disk with it."""

    rule_count: int
    definitions: tuple[str, ...]
    paths: tuple[tuple[str, ...], ...]
    route: dict[tuple[str, str | None], tuple[int, ...]]
    generic: tuple[int, ...]


def durable_plan(ruleset: RuleSet) -> DurablePlan:
    check_capacity(ruleset.fact_schema, ruleset.rules)
    compiled = [term for rule in ruleset.rules for term in compile_rule(rule)]
    # shard per act type and role: a document is asserted only into the rulesets that can match its
    # act and its respondent (each assert costs a parse and a drain, whatever it matches)
    groups: dict[tuple[str, str | None] | None, list[tuple[str, dict[str, Any]]]] = {}
    for name, cond in compiled:
        act = next((c["doc.act.type"] for c in cond["$and"] if "doc.act.type" in c), None)
        role = next((c["doc.subject.role"] for c in cond["$and"] if "doc.subject.role" in c), None)
        groups.setdefault(None if act is None else (act, role), []).append((name, cond))
    definitions: list[str] = []
    paths: list[tuple[str, ...]] = []
    route: dict[tuple[str, str | None] | None, tuple[int, ...]] = {}
    for key, terms in sorted(groups.items(), key=lambda kv: str(kv[0])):
        first = len(definitions)
        for shard in pack_shards(terms):
            rules = {name: {"all": [{"m": cond}]} for name, cond in shard.items()}
            definitions.append(json.dumps(rules, ensure_ascii=False))
            paths.append(_paths_read(shard.values()))
        route[key] = tuple(range(first, len(definitions)))
    generic = route.pop(None, ())
    return DurablePlan(
        rule_count=len(compiled),
        definitions=tuple(definitions),
        paths=tuple(paths),
        route={k: v for k, v in route.items() if k is not None},
        generic=generic,
    )


class DurableMatcher:
    name = "durable"

    def __init__(self, ruleset: RuleSet, module: ModuleType | None = None, plan: DurablePlan | None = None) -> None:
        if module is None:
            module, reason = load_module()
            if module is None:
                raise EngineError("engine.durable_unavailable", got=reason, fix=FIX)
        self._dre = module
        plan = plan or durable_plan(ruleset)
        self.plan = plan
        self.durable_rule_count = plan.rule_count
        self._definitions = list(plan.definitions)
        self._paths = list(plan.paths)
        self._route = dict(plan.route)
        self._generic = plan.generic
        self._prefix = "nrules_" + ruleset.content_hash[:12]
        self._generations = itertools.count()
        self._sids = itertools.count()
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_CONCURRENT)
        self._free: list[tuple[int, str]] = []
        self.rotations = 0
        self.rebuilds = 0
        self._generation = -1
        self._handles: list[int | None] = []
        self._build()

    def _build(self) -> None:
        """Start a fresh generation of rulesets (old ones are left alone: deleting them leaks anyway, and
        may be in use). Each shard's ruleset is created when a fact first needs it: a single check uses
        one or two of the rule set's two hundred shards, and creating all of them is most of the cost
        of starting."""
        generation = next(self._generations)
        with self._lock:
            self._handles = [None] * len(self._definitions)
            self._generation = generation
            self._free = []
            self.rotations = 0

    def prepare(self) -> None:
        """Create every shard's ruleset now (a long-running service or a benchmark wants the cost up front;
        `nrules verify` wants durable's own compile errors reported)."""
        with self._lock:
            generation, handles = self._generation, self._handles
        for index in range(len(handles)):
            self._shard(generation, handles, index)

    def _shard(self, generation: int, handles: list[int | None], index: int) -> int:
        with self._lock:
            handle = handles[index]
            if handle is None:
                name = f"{self._prefix}_g{generation}_s{index}"
                try:
                    handle = handles[index] = self._dre.create_ruleset(name, self._definitions[index])
                except self._dre.error as exc:
                    raise EngineError("engine.compile_failed", got=str(exc)) from exc
            return handle

    def _acquire(self) -> tuple[int, str, list[int | None]]:
        with self._lock:
            generation, handles = self._generation, self._handles
            while self._free:
                gen, sid = self._free.pop()
                if gen == generation:
                    return gen, sid, handles
            return generation, f"w{next(self._sids)}", handles

    def _release(self, generation: int, sid: str) -> None:
        with self._lock:
            if generation == self._generation:
                self._free.append((generation, sid))

    def _abandon(self, generation: int, rebuild: bool) -> None:
        with self._lock:
            if generation != self._generation:
                return
            self.rotations += 1
            rebuild = rebuild or self.rotations > MAX_ROTATIONS
        if rebuild:
            self.rebuilds += 1
            self._build()

    def match(self, docs: Sequence[FactDoc]) -> list[frozenset[str]]:
        with self._slots:
            generation, sid, handles = self._acquire()
            retract = json.dumps({"sid": sid, "id": "cur"})
            try:
                results = [self._match_one(doc, sid, generation, handles, retract) for doc in docs]
            except MemoryError as exc:
                self._abandon(generation, rebuild=True)
                raise EngineError("engine.capacity", got="MemoryError (session limit)") from exc
            except BaseException:
                self._abandon(generation, rebuild=False)
                raise
            self._release(generation, sid)
            return results

    def _match_one(
        self, doc: FactDoc, sid: str, generation: int, handles: list[int | None], retract: str
    ) -> frozenset[str]:
        dre = self._dre
        names: set[str] = set()
        payloads: dict[tuple[str, ...], str] = {}
        act = str(doc["act.type"])
        role = doc["subject.role"]
        shards = (*self._route.get((act, str(role)), ()), *self._route.get((act, None), ()), *self._generic)
        for index in shards:
            handle = handles[index]
            if handle is None:
                handle = self._shard(generation, handles, index)
            # each shard gets only the facts its rules read: durable parses the payload once per
            # shard, and every path a rule reads is still present (null when unknown)
            paths = self._paths[index]
            payload = payloads.get(paths)
            if payload is None:
                projected = nest({p: doc[p] for p in paths})
                payload = json.dumps({"sid": sid, "id": "cur", "_kind": "act", "doc": projected}, ensure_ascii=False)
                payloads[paths] = payload
            try:
                code, state = dre.assert_fact(handle, payload)
                if code == 0:
                    first = dre.start_action_for_state(handle, state)
                    result: str | None = first[1] if first else None
                    while result:
                        names.add(rule_of(result[2 : result.index('"', 2)]))
                        result = dre.complete_and_start_action(handle, state)
                elif code != 1:
                    raise EngineError("engine.assert_code", got=str(code))
                dre.retract_fact(handle, retract)
            except dre.error as exc:
                match = _CODE.search(str(exc))
                code_text = match.group(1) if match else str(exc)
                raise EngineError("engine.assert_failed", got=code_text) from exc
        return frozenset(names)


def _paths_read(conditions: Iterable[Any]) -> tuple[str, ...]:
    """The fact paths (flat, without the envelope's `doc.`) a shard's durable conditions test."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.startswith("doc."):
                    found.add(key[4:])
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for cond in conditions:
        walk(cond)
    return tuple(sorted(found))
