"""The stable embedding surface: load a rule set once, check incidents many times, from many threads.

A check runs the pipeline: intake (`inputs`: a dict or a model to a validated Incident), context (facts
per act and the facts the report leaves open), possible worlds, match (durable-rules or the reference
matcher), sentence (per world, then the certain floor), assemble (the verdict). Each stage is its own
module; this one only wires them.

`Engine.load()` compiles the rule set and builds the matcher once (durable rulesets are costly to
create and leak when recreated); `check()` is then pure with respect to the engine's state apart from
durable's pooled sessions, which are isolated per concurrent call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from .assemble import Assembler
from .bundled import bundled_rules
from .bundled import bundled_rules_path as bundled_rules_path  # re-exported: tests and embedders use it
from .compare import with_comparison
from .context import build_contexts
from .context.worlds import possible_worlds
from .errors import IncidentError, InputError, NrulesError, UsageError
from .i18n import both, resolve_lang
from .incident import Incident
from .inputs import to_incident
from .match import match_worlds
from .match.durable import FIX, DurableMatcher, DurablePlan, durable_plan, load_module
from .match.protocol import Matcher
from .match.reference import ReferenceMatcher
from .ruleset import cache
from .ruleset.loader import RuleSet, load_ruleset
from .sentence.floor import judge
from .verdict import Bilingual, Verdict

Backend = Literal["durable", "reference"]
_warned = threading.Event()


@functools.cache
def version() -> str:
    try:
        return metadata.version("neutrality_rules")
    except metadata.PackageNotFoundError:  # running from a source tree without install
        return "0+unknown"


def _compiled(folders: list[Path], strict: bool) -> tuple[RuleSet, DurablePlan | None]:
    """The rule set and its durable plan, from the on-disk cache when the same rule files were
    compiled before by the same nrules (ruleset/cache.py says why that is safe), else from the files.
    A leniently loaded rule set (`nrules verify`) is never cached: it may hold problems."""
    if not strict or cache.cache_dir() is None:
        return load_ruleset(folders, strict=strict), None
    key = cache.fingerprint(folders, version())
    found = cache.load(key)
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], RuleSet):
        ruleset, plan = found
        ruleset.folders = tuple(str(f) for f in folders)
        return ruleset, plan if isinstance(plan, DurablePlan) else None
    ruleset = load_ruleset(folders, strict=strict)
    plan = durable_plan(ruleset) if load_module()[0] is not None else None
    cache.store(key, (dataclasses.replace(ruleset, memo={}, label_cache={}), plan))
    return ruleset, plan


class Engine:
    """A loaded rule set and its matcher. Thread-safe; create once, share."""

    def __init__(self, ruleset: RuleSet, matcher: Matcher, backend_note: Bilingual | None = None) -> None:
        self.ruleset = ruleset
        self.matcher = matcher
        self.backend_note = backend_note

    @classmethod
    def load(
        cls,
        rules: str | Path | None = None,
        *,
        layers: Sequence[str | Path] = (),
        backend: Backend = "durable",
        strict: bool = True,
    ) -> Engine:
        """Load the bundled rule set (or the folder `rules`), optionally layered with additional folders
        (a province's additional rules). With backend "durable" and durable-rules not importable, warns
        once with the fix and falls back to the reference backend; every verdict says so."""
        if backend not in ("durable", "reference"):
            raise UsageError("usage.bad_backend", got=str(backend))
        if rules is None:
            with bundled_rules() as folder:
                ruleset, plan = _compiled([folder, *(Path(p) for p in layers)], strict)
        else:
            ruleset, plan = _compiled([Path(rules), *(Path(p) for p in layers)], strict)
        if backend == "reference":
            return cls(ruleset, ReferenceMatcher(ruleset))
        module, reason = load_module()
        if module is None:
            note = both("engine.fallback_note", reason=reason, fix=FIX)
            if not _warned.is_set():
                _warned.set()
                warnings.warn(getattr(note, resolve_lang(None)), RuntimeWarning, stacklevel=2)
            return cls(ruleset, ReferenceMatcher(ruleset), backend_note=note)
        return cls(ruleset, DurableMatcher(ruleset, module, plan))

    @classmethod
    def with_durable(cls, ruleset: RuleSet) -> Engine | None:
        """A durable engine over an already loaded rule set, or None if durable-rules is not importable."""
        module, _reason = load_module()
        return None if module is None else cls(ruleset, DurableMatcher(ruleset, module))

    @property
    def backend(self) -> str:
        return self.matcher.name

    def check(
        self, incident: Incident | Mapping[str, Any], *, as_of: dt.date | None = None, today: dt.date | None = None
    ) -> Verdict:
        """Check an incident with one respondent (a model or a dict). Raises an InputError subclass for
        bad input; an incident with several respondents goes to `check_case`."""
        model = to_incident(incident, ruleset=self.ruleset)
        if model.respondents is not None and len(model.respondents) != 1:
            raise IncidentError("incident.several_respondents", field="respondents", got=str(len(model.respondents)))
        return self.check_case(model, as_of=as_of, today=today)[0]

    def check_case(
        self, incident: Incident | Mapping[str, Any], *, as_of: dt.date | None = None, today: dt.date | None = None
    ) -> list[Verdict]:
        """Check an incident: one verdict per respondent, in the order the report names them."""
        model = to_incident(incident, ruleset=self.ruleset)
        rs = self.ruleset
        provenance = (version(), self.backend, self.backend_note)
        out = []
        for ctx in build_contexts(model, rs, as_of=as_of, today=today or dt.date.today()):
            worlds = possible_worlds(ctx, rs)
            matches = match_worlds(ctx, worlds, self.matcher, rs)
            judgement = judge(ctx, rs, worlds, matches)
            verdict = Assembler(rs, provenance, ctx, worlds, matches, judgement).verdict()
            out.append(with_comparison(rs, model, verdict))  # issue 16: the decided outcome vs the law
        return out

    def check_many(
        self,
        incidents: Iterable[Incident | Mapping[str, Any]],
        *,
        as_of: dt.date | None = None,
        today: dt.date | None = None,
    ) -> Iterator[Verdict | NrulesError]:
        """Check many, lazily, in order; a bad incident yields its error and the others go on. An
        incident with several respondents yields one verdict per respondent."""
        day = today or dt.date.today()
        for item in incidents:
            try:
                yield from self.check_case(item, as_of=as_of, today=day)
            except InputError as exc:
                yield exc
