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
from collections.abc import Sequence
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


class DurableMatcher:
    name = "durable"

    def __init__(self, ruleset: RuleSet, module: ModuleType | None = None) -> None:
        if module is None:
            module, reason = load_module()
            if module is None:
                raise EngineError("engine.durable_unavailable", got=reason, fix=FIX)
        self._dre = module
        check_capacity(ruleset.fact_schema, ruleset.rules)
        compiled = [term for rule in ruleset.rules for term in compile_rule(rule)]
        self.durable_rule_count = len(compiled)
        # shard per act type: a document is asserted only into the rulesets that can match its act
        groups: dict[str | None, list[tuple[str, dict[str, Any]]]] = {}
        for name, cond in compiled:
            act = next((c["doc.act.type"] for c in cond["$and"] if "doc.act.type" in c), None)
            groups.setdefault(act, []).append((name, cond))
        self._definitions: list[str] = []
        self._route: dict[str | None, tuple[int, ...]] = {}
        for act, terms in sorted(groups.items(), key=lambda kv: str(kv[0])):
            first = len(self._definitions)
            for shard in pack_shards(terms):
                rules = {name: {"all": [{"m": cond}]} for name, cond in shard.items()}
                self._definitions.append(json.dumps(rules, ensure_ascii=False))
            self._route[act] = tuple(range(first, len(self._definitions)))
        generic = self._route.pop(None, ())
        self._generic = generic
        self._prefix = "nrules_" + ruleset.content_hash[:12]
        self._generations = itertools.count()
        self._sids = itertools.count()
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(MAX_CONCURRENT)
        self._free: list[tuple[int, str]] = []
        self.rotations = 0
        self.rebuilds = 0
        self._generation = -1
        self._handles: tuple[int, ...] = ()
        self._build()

    @property
    def shard_count(self) -> int:
        return len(self._definitions)

    def _build(self) -> None:
        """Create fresh rulesets (old ones are left alone: deleting them leaks anyway, and may be in use)."""
        generation = next(self._generations)
        handles = []
        for k, definition in enumerate(self._definitions):
            try:
                handles.append(self._dre.create_ruleset(f"{self._prefix}_g{generation}_s{k}", definition))
            except self._dre.error as exc:
                raise EngineError("engine.compile_failed", got=str(exc)) from exc
        with self._lock:
            self._handles = tuple(handles)
            self._generation = generation
            self._free = []
            self.rotations = 0

    def _acquire(self) -> tuple[int, str, tuple[int, ...]]:
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
                results = [self._match_one(doc, sid, handles, retract) for doc in docs]
            except MemoryError as exc:
                self._abandon(generation, rebuild=True)
                raise EngineError("engine.capacity", got="MemoryError (session limit)") from exc
            except BaseException:
                self._abandon(generation, rebuild=False)
                raise
            self._release(generation, sid)
            return results

    def _match_one(self, doc: FactDoc, sid: str, handles: tuple[int, ...], retract: str) -> frozenset[str]:
        dre = self._dre
        payload = json.dumps({"sid": sid, "id": "cur", "_kind": "act", "doc": nest(dict(doc))}, ensure_ascii=False)
        names: set[str] = set()
        for index in (*self._route.get(str(doc["act.type"]), ()), *self._generic):
            handle = handles[index]
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
