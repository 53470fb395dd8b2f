"""`nrules verify --mutate`: which parts of a rule set are pinned down by a golden case or a check.

For each mutant (mutate.py) the runner asks, cheapest first, whether anything notices the change:
1. the models or the compiler refuse it (a rule author's YAML edit would not load);
2. the cross-reference checks find a new problem (a dangling override, an unknown tier...);
3. for a changed quote, the quote check (quotes.py);
4. a golden case that passes on the rule set fails on the mutant;
5. the static checks of `nrules verify` find a problem the rule set does not have.
A mutant nothing notices survives, and is reported with the file and line of what was changed.

Speed: each worker process parses the rule set and loads the golden cases once, then builds every mutant
from the parsed models (mutate.apply: no YAML is read again) with the loader's own build function. Only
the golden cases a mutant can affect are run (`affected`), when that is provable from what the changed
part feeds: a rule only ever sees acts of its act types; a route, deadline or option set only the
sanctions of its tracks; a calendar date or a regime edge only acts and law dates between its old and
new value; a quote only the quote check (the golden comparison reads no quoted text). Anything else runs
every case. Results do not depend on the number of workers or on timing: the mutants (or a seeded
sample of them) are fixed in advance, each is checked in a fixed order, and the report is sorted.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..api import Engine
from ..golden import GoldenCase, case_files, load_case, run_case
from ..match.reference import ReferenceMatcher
from ..ruleset.loader import Located, ParsedRuleSet, Problem, RuleSet, build_ruleset, parse_ruleset
from ..ruleset.models import SanctionsFile
from .checks import Scope
from .mutate import MutantSpec, apply, generate, locate

UNSCORED = frozenset({"rule.basis", "rule.flag", "regime.flags"})
"""Changes to which provisions a finding cites and which named doubts it carries: they change what a
verdict says, not what it decides, and only a golden case that lists them (`basis`, `flags`) can notice.
Reported with their survivors, not counted in the score (README "Mutation testing")."""


def problem_key(problem: Problem) -> tuple[str, str]:
    """A problem without its location: a mutant's copy of a baseline problem is not a new problem."""
    return problem.kind, problem.message


# ---------------------------------------------------------------- baseline
@dataclass
class CaseInfo:
    """A golden case and what the verdict on the unmutated rule set says it depends on."""

    path: str
    case: GoldenCase
    passed: bool
    election: str | None = None
    days: tuple[int, ...] = ()
    """Ordinals of every act date and the law date."""
    role: str | None = None
    act_types: frozenset[str] = frozenset()
    tracks: frozenset[str] = frozenset()
    tiers: frozenset[str] = frozenset()
    fired: frozenset[str] = frozenset()
    """The rules (violations and exemptions) whose findings the verdict holds."""
    known: bool = False
    """Whether the fields above could be read from the verdict (otherwise the case always runs)."""


def _case_info(path: str, case: GoldenCase, passed: bool, verdict: Any) -> CaseInfo:
    info = CaseInfo(path, case, passed)
    if verdict is None:
        return info
    try:
        ctx = verdict.context
        acts = list(ctx.acts)
        days = [a.date.toordinal() for a in acts if getattr(a, "date", None)]
        law = getattr(verdict.provenance, "law_as_of", None)
        if law:
            days.append(law.toordinal())
        if len(days) < len(acts) + 1:
            return info  # a date the verdict does not state (a partial date): run it for every mutant
        info.election = ctx.election
        info.days = tuple(days)
        info.role = ctx.role
        info.act_types = frozenset(a.type for a in acts)
        info.tracks = frozenset(s.track for s in verdict.sanctions)
        info.fired = frozenset(f.rule_id for f in [*verdict.findings, *verdict.exemptions])
        info.tiers = frozenset(s.tier for s in verdict.sanctions) | frozenset(
            f.tier for f in verdict.findings if getattr(f, "tier", None)
        )
        info.known = True
    except AttributeError:
        pass
    return info


@dataclass
class Baseline:
    parsed: ParsedRuleSet
    ruleset: RuleSet
    cases: list[CaseInfo]
    static: set[tuple[str, str]]
    references: set[tuple[str, str]]


def baseline(folders: Sequence[Path], case_paths: Sequence[Path], *, static: bool = True) -> Baseline:
    from .checks import static_checks

    parsed = parse_ruleset(folders)
    rs = build_ruleset(parsed, strict=False)
    engine = Engine(rs, ReferenceMatcher(rs))
    cases: list[CaseInfo] = []
    for path in case_paths:
        case = load_case(path)
        result, verdict = run_case(engine, case, path)
        cases.append(_case_info(str(path), case, result.passed, verdict))
    problems = static_checks(rs)[0] if static else list(rs.problems)
    return Baseline(parsed, rs, cases, {problem_key(p) for p in problems}, {problem_key(p) for p in rs.problems})


# ---------------------------------------------------------------- affected cases
def affected(spec: MutantSpec, base: Baseline) -> list[int] | None:
    """Indices of the golden cases the mutant can change, or None for all of them."""
    cases = base.cases
    parsed = base.parsed

    def where(pred: Callable[[CaseInfo], bool]) -> list[int]:
        return [i for i, c in enumerate(cases) if not c.known or pred(c)]

    if isinstance(spec.doc, int):
        rule = parsed.rules[spec.doc].rule
        acts = set(rule.acts)
        for edit in spec.edits:
            if edit.path == ("acts",) and isinstance(edit.value, list):
                acts |= set(edit.value)
        # the cases where the rule applied first: they are the likeliest to notice
        return sorted(where(lambda c: bool(c.act_types & acts)), key=lambda i: rule.id not in cases[i].fired)
    path = spec.edits[0].path if spec.edits else ()
    if spec.doc == "sources.yaml":
        return []  # the golden comparison reads no quoted text; the quote check decides
    if spec.doc == "sanctions.yaml" and len(path) >= 2:
        section, key = path[0], path[1]
        if section == "tracks":
            return where(lambda c: key in c.tracks)
        if section == "tiers":
            return where(lambda c: key in c.tiers)
        if section == "regimes" and len(path) >= 4 and path[2] == "in_force":
            return _between(spec, cases)
        if section == "option_sets" and isinstance(key, int):
            sanctions = parsed.data["sanctions.yaml"]
            assert isinstance(sanctions, SanctionsFile)
            tier = sanctions.tiers.get(sanctions.option_sets[key].tier)
            track = tier.track if tier else None
            return where(lambda c: track in c.tracks)
        return None
    if spec.doc == "elections.yaml" and len(path) >= 3:
        election = path[1]
        old = spec.param("old")
        new = spec.param("new")
        try:
            lo, hi = sorted((dt.date.fromisoformat(old).toordinal(), dt.date.fromisoformat(new).toordinal()))
        except ValueError:
            return where(lambda c: c.election == election)
        return where(lambda c: c.election == election and any(lo <= d <= hi for d in c.days))
    if spec.doc == "authorities.yaml" and len(path) >= 2 and isinstance(path[1], int):
        section, index = path[0], path[1]
        items = getattr(parsed.data["authorities.yaml"], str(section))
        tracks = set(items[index].tracks)
        return where(lambda c: bool(c.tracks & tracks))
    if spec.doc == "vocabulary.yaml" and len(path) >= 2:
        section, key = path[0], path[1]
        if section == "act_types":
            return []  # an act type's subjects feed the coverage check, never a verdict
        if section in ("roles", "groups"):
            closure = base.ruleset.role_closure
            roles = {r for r, parents in closure.items() if key in parents} | {key}
            if section == "groups":
                roles |= set(base.ruleset.vocabulary.groups.get(str(key), []))
            return where(lambda c: c.role in roles)
        return None
    return None


def _between(spec: MutantSpec, cases: list[CaseInfo]) -> list[int]:
    try:
        lo, hi = sorted(
            (dt.date.fromisoformat(spec.param("old")).toordinal(), dt.date.fromisoformat(spec.param("new")).toordinal())
        )
    except ValueError:
        return list(range(len(cases)))
    return [i for i, c in enumerate(cases) if not c.known or any(lo <= d <= hi for d in c.days)]


# ---------------------------------------------------------------- one mutant
@dataclass
class Outcome:
    index: int
    status: str
    """killed | survived | equivalent | timeout | error"""
    by: str = ""
    """What noticed it: load, references, quotes, case <id>, verify <kind>."""
    seconds: float = 0.0
    cases_run: int = 0


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise _Timeout


def check_mutant(index: int, spec: MutantSpec, base: Baseline, *, timeout: float = 0.0, static: bool = True) -> Outcome:
    if spec.equivalent:  # no incident can fall on the days it changes: nothing to run
        return Outcome(index, "equivalent", "no election day " + ", ".join(spec.equivalent))
    start = time.perf_counter()
    use_alarm = timeout > 0 and hasattr(signal, "SIGALRM")
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        status, by, ran = _check(spec, base, static)
    except _Timeout:
        status, by, ran = "timeout", f"more than {timeout:g} s", 0
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    return Outcome(index, status, by, time.perf_counter() - start, ran)


def _check(spec: MutantSpec, base: Baseline, static: bool) -> tuple[str, str, int]:
    from .checks import static_checks
    from .quotes import check_quotes

    try:
        rs = build_ruleset(apply(base.parsed, spec), strict=False)
    except _Timeout:
        raise
    except Exception as exc:  # the models or the compiler refuse it: what the loader would do
        return "killed", f"load ({type(exc).__name__})", 0
    new_refs = {problem_key(p) for p in rs.problems} - base.references
    if new_refs:
        return "killed", f"verify [{sorted(new_refs)[0][0]}]", 0
    provision = spec.param("provision") if spec.doc == "sources.yaml" else ""
    if provision and check_quotes(rs, keys=[provision]):
        return "killed", "verify [quote-not-verbatim]", 0
    selected = affected(spec, base)
    indices = range(len(base.cases)) if selected is None else selected
    engine = Engine(rs, ReferenceMatcher(rs))
    ran = 0
    for i in indices:
        info = base.cases[i]
        if not info.passed:
            continue
        ran += 1
        try:
            result, _ = run_case(engine, info.case, info.path)
        except _Timeout:
            raise
        except Exception as exc:  # the engine fails on the mutant: CI would notice
            return "killed", f"case {info.case.id} ({type(exc).__name__})", ran
        if not result.passed:
            return "killed", f"case {info.case.id}", ran
    if static:
        scope = _scope(spec, base, rs)
        problems = {problem_key(p) for p in static_checks(rs, scope=scope, quotes=False)[0]} - base.static
        if problems:
            return "killed", f"verify [{sorted(problems)[0][0]}]", ran
    return "survived", "", ran


def _scope(spec: MutantSpec, base: Baseline, rs: RuleSet) -> Scope | None:
    """For a mutant of one rule: the rule and its (act type, role) pairs before and after; the static
    checks outside them give the same answers as on the rule set itself. None (check everything)
    for a change to a data file."""
    if not isinstance(spec.doc, int):
        return None
    old = base.ruleset.rules[spec.doc]
    rules = [old] if spec.drop_rule else [old, rs.rules[spec.doc]]
    return Scope(
        frozenset(r.id for r in rules),
        frozenset((act, role) for r in rules for act in r.rule.acts for role in r.subjects),
    )


# ---------------------------------------------------------------- the run
@dataclass
class MutationReport:
    specs: list[MutantSpec]
    parsed: ParsedRuleSet
    outcomes: list[Outcome] = field(default_factory=list)
    generated: int = 0
    not_run: int = 0
    seconds: float = 0.0
    jobs: int = 1
    chosen: int = 0
    baseline_failures: list[str] = field(default_factory=list)

    def scored(self) -> list[Outcome]:
        """The outcomes the score counts: every kind of change but the citations and doubts
        (UNSCORED), which no oracle independent of the rule itself can pin."""
        return [o for o in self.outcomes if self.specs[o.index].op not in UNSCORED]

    @property
    def killed(self) -> int:
        return sum(1 for o in self.scored() if o.status == "killed")

    @property
    def survived(self) -> list[Outcome]:
        return [o for o in self.scored() if o.status == "survived"]

    @property
    def score(self) -> float:
        decided = self.killed + len(self.survived)
        return 100.0 * self.killed / decided if decided else 100.0

    def unscored(self) -> tuple[int, list[Outcome]]:
        """(caught, survivors) among the citation and doubt changes."""
        rest = [o for o in self.outcomes if self.specs[o.index].op in UNSCORED]
        return sum(1 for o in rest if o.status == "killed"), [o for o in rest if o.status == "survived"]

    def equivalent(self) -> list[Outcome]:
        """Mutants no incident can tell apart from the rule set (MutantSpec.equivalent): not scored."""
        return [o for o in self.outcomes if o.status == "equivalent"]

    def where(self, outcome: Outcome) -> Located:
        return locate(self.parsed, self.specs[outcome.index])

    def by_operator(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = {}
        for o in self.outcomes:
            row = counts.setdefault(self.specs[o.index].op, [0, 0])
            row[0] += o.status == "killed"
            row[1] += o.status == "survived"
        return {k: (v[0], v[1]) for k, v in sorted(counts.items())}

    def caught_by(self) -> Counter[str]:
        return Counter(o.by.split(" ")[0] for o in self.outcomes if o.status == "killed")


def select(
    specs: Sequence[MutantSpec],
    *,
    sample: int | None,
    seed: int,
    operators: Iterable[str] = (),
    keep: Callable[[MutantSpec], bool] | None = None,
) -> list[int]:
    """The mutants to run: all of them, or those of some operators (or that `keep` accepts), or a seeded
    sample of those (sorted)."""
    wanted = set(operators)
    indices = [
        i
        for i, s in enumerate(specs)
        if (not wanted or s.op in wanted or s.op.split(".")[0] in wanted) and (keep is None or keep(s))
    ]
    if sample is not None and sample < len(indices):
        indices = sorted(random.Random(seed).sample(indices, sample))
    return indices


_WORKER: dict[str, Any] = {}


def _init_worker(folders: list[str], case_paths: list[str], static: bool, timeout: float) -> None:
    base = baseline([Path(f) for f in folders], [Path(p) for p in case_paths], static=static)
    _WORKER.update(base=base, specs=generate(base.parsed), static=static, timeout=timeout)


def _run_chunk(indices: list[int]) -> list[Outcome]:
    base, specs = _WORKER["base"], _WORKER["specs"]
    return [check_mutant(i, specs[i], base, timeout=_WORKER["timeout"], static=_WORKER["static"]) for i in indices]


def run(
    folders: Sequence[Path],
    case_paths: Sequence[Path],
    *,
    sample: int | None = None,
    seed: int = 0,
    jobs: int = 0,
    timeout: float = 60.0,
    max_seconds: float = 0.0,
    static: bool = True,
    operators: Iterable[str] = (),
    only_under: Sequence[Path] = (),
    progress: Callable[[int, int], None] | None = None,
) -> MutationReport:
    """Generate, select and check the mutants; `jobs` worker processes (0: the CPUs available)."""
    start = time.perf_counter()
    case_paths = list(case_paths)
    base = baseline(folders, case_paths, static=static)
    specs = generate(base.parsed)
    keep = None
    if only_under:
        roots = [p.resolve() for p in only_under]

        def keep(spec: MutantSpec) -> bool:  # a layer's own entries only
            where = Path(locate(base.parsed, spec).file).resolve()
            return any(where.is_relative_to(root) for root in roots)

    chosen = select(specs, sample=sample, seed=seed, operators=operators, keep=keep)
    jobs = jobs or max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
    report = MutationReport(specs, base.parsed, generated=len(specs), jobs=jobs, chosen=len(chosen))
    report.baseline_failures = [c.case.id for c in base.cases if not c.passed]
    deadline = start + max_seconds if max_seconds else None
    chunks = [chosen[i : i + 8] for i in range(0, len(chosen), 8)]
    done = 0
    if jobs == 1:
        for chunk in chunks:
            if deadline and time.perf_counter() > deadline:
                report.not_run += len(chunk)
                continue
            for i in chunk:
                report.outcomes.append(check_mutant(i, specs[i], base, timeout=timeout, static=static))
            done += len(chunk)
            if progress:
                progress(done, len(chosen))
    else:
        ctx = get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=([str(f) for f in folders], [str(p) for p in case_paths], static, timeout),
        ) as pool:
            pending: set[Future[list[Outcome]]] = set()
            queue = list(chunks)
            while queue or pending:
                while queue and len(pending) < jobs * 2:
                    if deadline and time.perf_counter() > deadline:
                        report.not_run += sum(len(c) for c in queue)
                        queue = []
                        break
                    pending.add(pool.submit(_run_chunk, queue.pop(0)))
                if not pending:
                    break
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    outcomes = future.result()
                    report.outcomes.extend(outcomes)
                    done += len(outcomes)
                    if progress:
                        progress(done, len(chosen))
    report.outcomes.sort(key=lambda o: o.index)
    report.seconds = time.perf_counter() - start
    return report


def default_cases(folder: Path | None = None) -> list[Path]:
    """The golden cases next to the rule set (its folder's sibling `cases/`), else ./cases."""
    for candidate in ([folder.parent / "cases"] if folder else []) + [Path("cases")]:
        if candidate.is_dir():
            return case_files([candidate])
    return []
