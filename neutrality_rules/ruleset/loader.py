"""Load a rule set folder (optionally layered with additional folders) into an immutable RuleSet.

Loading is where a rule set earns trust: every file is schema-checked with file:line errors, every
condition is parsed and type-checked against the fact schema, and every cross-reference (citations,
flags, regimes, tiers, overrides, vocabulary terms) is resolved. With `strict=True` (what checking
incidents uses) any problem stops the load; `nrules verify` loads leniently to list them all.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import RuleFileError, RuleSetError
from .conditions import All, Cmp, Condition, In
from .factschema import PHASES, FactType, build_fact_schema
from .models import (
    AuthoritiesFile,
    DeclarationsFile,
    ElectionsFile,
    FlagsFile,
    Rule,
    RuleFile,
    RuleSetMeta,
    SanctionsFile,
    SourcesFile,
    VocabularyFile,
)
from .parse import ConditionProblem, did_you_mean, parse_condition
from .yamlfile import Loc, YamlDoc, read_yaml

DATA_FILES: dict[str, type[BaseModel]] = {
    "ruleset.yaml": RuleSetMeta,
    "sources.yaml": SourcesFile,
    "vocabulary.yaml": VocabularyFile,
    "elections.yaml": ElectionsFile,
    "sanctions.yaml": SanctionsFile,
    "authorities.yaml": AuthoritiesFile,
    "flags.yaml": FlagsFile,
    "declarations.yaml": DeclarationsFile,
}
OPTIONAL_DATA_FILES = frozenset({"declarations.yaml"})
"""Data files a rule set may leave out (the coverage audit's declarations)."""
MAX_RULE_FILES = 500
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Located:
    file: str
    line: int | None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class Problem:
    """One defect of a rule set, with where it is."""

    kind: str
    message: str
    where: tuple[Located, ...] = ()
    rules: tuple[str, ...] = ()

    def render(self) -> str:
        places = ", ".join(str(w) for w in self.where)
        return (places + ": " if places else "") + f"[{self.kind}] {self.message}"


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    condition: Condition
    guards: tuple[Condition, ...]
    when: Condition | None
    where: Located
    subjects: tuple[str, ...]
    lines: dict[Loc, int] = field(default_factory=dict, compare=False, repr=False)
    """Lines of the rule's own fields (relative paths such as ("outcome", "tier")), for errors."""

    @property
    def id(self) -> str:
        return self.rule.id

    def at(self, *loc: str | int) -> Located:
        """Where one field of the rule is written (its nearest recorded ancestor, else the rule)."""
        probe = tuple(loc)
        while probe:
            if probe in self.lines:
                return Located(self.where.file, self.lines[probe])
            probe = probe[:-1]
        return self.where


@dataclass
class RuleSet:
    meta: RuleSetMeta
    sources: SourcesFile
    vocabulary: VocabularyFile
    elections: ElectionsFile
    sanctions: SanctionsFile
    authorities: AuthoritiesFile
    flags: FlagsFile
    declarations: DeclarationsFile
    rules: tuple[CompiledRule, ...]
    fact_schema: dict[str, FactType]
    content_hash: str
    folders: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    by_id: dict[str, CompiledRule] = field(default_factory=dict)
    role_closure: dict[str, frozenset[str]] = field(default_factory=dict)
    data_lines: dict[str, YamlDoc] = field(default_factory=dict)
    rules_by_act: dict[str, tuple[CompiledRule, ...]] = field(default_factory=dict)
    """The rules that concern each act type: the index both the matcher and the explanations use."""
    label_cache: dict[str, object] = field(default_factory=dict)
    intake_cache: dict[str, object] = field(default_factory=dict)
    """Indexes the intake builds from the vocabulary (accepted names), once per rule set."""
    """Rendered labels of fact paths; filled lazily by explain.fact_label (a pure function of the rule set)."""
    parsed: ParsedRuleSet | None = None
    """The validated models this rule set was compiled from (for `nrules verify --mutate`)."""
    memo: dict[object, object] = field(default_factory=dict)
    """Values derived from the rule set alone (date cut points, phase changes), computed once on first use."""

    def __repr__(self) -> str:
        # a rule set is large; strategies and error messages that show their arguments show this instead
        return f"RuleSet({self.meta.name!r} {self.meta.version!r} sha256:{self.content_hash[:12]})"

    @property
    def regime_families(self) -> dict[str, str]:
        """Each regime family and what its regimes are keyed on (the act date or the law date)."""
        memo = self.memo.get("regime_families")
        if not isinstance(memo, dict):
            families: dict[str, str] = {
                r.family: r.keyed_on for r in sorted(self.sanctions.regimes.values(), key=lambda r: r.family)
            }
            self.memo["regime_families"] = memo = families
        return memo

    def expand_subjects(self, keys: Iterable[str]) -> tuple[str, ...]:
        return expand_subjects(keys, self.vocabulary, self.role_closure)

    def locate(self, file_key: str, loc: Loc) -> Located:
        doc = self.data_lines.get(file_key)
        if doc is None:
            return Located(file_key, None)
        return Located(display_path(doc.path), doc.line_of(loc))


def _role_closure(vocab: VocabularyFile) -> dict[str, frozenset[str]]:
    closure: dict[str, frozenset[str]] = {}

    def walk(role: str, seen: frozenset[str]) -> frozenset[str]:
        if role in closure:
            return closure[role]
        out = {role}
        definition = vocab.roles.get(role)
        for parent in definition.counts_as if definition else []:
            if parent not in seen:
                out |= walk(parent, seen | {role})
        for group, members in vocab.groups.items():
            if any(m in out for m in members):
                out.add(group)
        return frozenset(out)

    for role in vocab.roles:
        closure[role] = walk(role, frozenset())
    return closure


def expand_subjects(keys: Iterable[str], vocab: VocabularyFile, closure: dict[str, frozenset[str]]) -> tuple[str, ...]:
    wanted = set(keys)
    return tuple(sorted(role for role, parents in closure.items() if parents & wanted))


def _validate(model: type[M], doc: YamlDoc) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc: Loc = tuple(first["loc"])
        field_path = ".".join(str(p) for p in loc)
        more = len(exc.errors()) - 1
        raise RuleFileError(
            "rules.invalid",
            file=str(doc.path),
            line=doc.line_of(loc),
            field=field_path or None,
            got=first["msg"] + (f" (+{more} more)" if more > 0 else ""),
        ) from exc


def display_path(path: Path) -> str:
    """A path as a user typed it: relative to the working folder when it is inside it."""
    return _display_path(path, os.getcwd())


@functools.lru_cache(maxsize=4096)
def _display_path(path: Path, cwd: str) -> str:
    try:
        return str(path.resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return str(path)


def _inside(path: Path, folder: Path) -> Path:
    """The file itself, refused when it (or a link on the way) leads outside the rule folder: a
    symlink to a YAML file elsewhere would let anyone who can write there plant a rule."""
    target = path.resolve()
    if not target.is_relative_to(folder.resolve()):
        raise RuleFileError("rules.outside_folder", file=str(path), target=str(target))
    if not target.is_file():
        raise RuleFileError("rules.not_a_file", file=str(path))
    return path


TEXTS_FOLDER = "texts"
"""A rule folder's shipped legal texts (`texts/manifest.yaml` and the texts): read by `nrules verify`, never rules."""


def _rule_files(folder: Path) -> list[Path]:
    texts = folder / TEXTS_FOLDER
    files = sorted(
        _inside(p, folder)
        for p in folder.rglob("*.yaml")
        if not (p.parent == folder and p.name in DATA_FILES)
        and (p.is_file() or p.is_symlink())
        and not p.is_relative_to(texts)
    )
    if len(files) > MAX_RULE_FILES:
        raise RuleSetError("rules.too_many_files", file=str(folder), got=str(len(files)))
    return files


def _merge(base: BaseModel | None, extra: BaseModel, name: str, problems: list[Problem], where: Located) -> BaseModel:
    """Layering adds entries; it never silently replaces the law of the base layer."""
    if base is None:
        return extra
    merged: dict[str, Any] = {}
    for key in type(base).model_fields:
        left, right = getattr(base, key), getattr(extra, key)
        if isinstance(left, dict):
            clash = sorted(set(left) & set(right))
            if clash:
                problems.append(
                    Problem("layer-collision", f"{name}: {key} {', '.join(clash)} already defined", (where,))
                )
            merged[key] = {**left, **{k: v for k, v in right.items() if k not in left}}
        elif isinstance(left, list):
            merged[key] = [*left, *right]
        else:
            merged[key] = left
    return type(base).model_validate(merged)


@dataclass(frozen=True)
class RuleEntry:
    """One rule as written (validated model, not yet compiled), with the file it came from."""

    rule: Rule
    doc: YamlDoc
    index: int
    where: Located


@dataclass(frozen=True)
class ParsedRuleSet:
    """A rule set read and validated but not compiled: the data-file models (layers merged) and the rule
    models. `build_ruleset` compiles it; `nrules verify --mutate` edits these models (never the YAML) and
    builds each mutant with the same function the loader uses."""

    data: dict[str, BaseModel]
    docs: dict[str, YamlDoc]
    all_docs: dict[str, tuple[YamlDoc, ...]]
    """Every folder's document of each data file (the base layer's first), to locate a layer's entries."""
    rules: tuple[RuleEntry, ...]
    content_hash: str
    folders: tuple[str, ...]
    problems: tuple[Problem, ...] = ()


def parse_ruleset(folders: Sequence[Path]) -> ParsedRuleSet:
    """Read and validate every file of a (layered) rule set, without compiling the rules."""
    if not folders:
        raise RuleSetError("rules.no_folder")
    hasher = hashlib.sha256()
    problems: list[Problem] = []
    data: dict[str, BaseModel] = {}
    docs: dict[str, YamlDoc] = {}
    all_docs: dict[str, list[YamlDoc]] = {}
    rule_docs: list[YamlDoc] = []
    for index, folder in enumerate(folders):
        if not folder.is_dir():
            raise RuleSetError("rules.not_a_folder", file=str(folder))
        for name, model in DATA_FILES.items():
            path = folder / name
            if not path.exists() and not path.is_symlink():
                if index == 0 and name not in OPTIONAL_DATA_FILES:
                    raise RuleFileError("rules.missing_file", file=str(path))
                continue
            doc = read_yaml(_inside(path, folder))
            hasher.update(f"{index}/{name}\0".encode() + doc.raw)
            parsed = _validate(model, doc)
            if name == "ruleset.yaml":
                if index == 0:
                    data[name] = parsed
                continue
            data[name] = _merge(data.get(name), parsed, name, problems, Located(str(path), None))
            docs.setdefault(name, doc)
            all_docs.setdefault(name, []).append(doc)
        for path in _rule_files(folder):
            doc = read_yaml(path)
            hasher.update(f"{index}/{path.relative_to(folder)}\0".encode() + doc.raw)
            rule_docs.append(doc)
    entries: list[RuleEntry] = []
    for doc in rule_docs:
        if doc.data is None:
            continue
        rule_file = _validate(RuleFile, doc)
        shown = display_path(doc.path)
        for i, rule in enumerate(rule_file.rules):
            entries.append(RuleEntry(rule, doc, i, Located(shown, doc.line_of(("rules", i)))))
    return ParsedRuleSet(
        data=data,
        docs=docs,
        all_docs={k: tuple(v) for k, v in all_docs.items()},
        rules=tuple(entries),
        content_hash=hasher.hexdigest(),
        folders=tuple(str(f) for f in folders),
        problems=tuple(problems),
    )


def build_ruleset(parsed: ParsedRuleSet, *, strict: bool = True) -> RuleSet:
    """Compile a parsed rule set: fact schema, role closure, every rule's condition, the indexes and the
    cross-reference checks. Raises RuleFileError (with file:line) for a rule that cannot compile."""
    data = parsed.data
    problems: list[Problem] = list(parsed.problems)
    meta = _as(RuleSetMeta, data["ruleset.yaml"])
    vocab = _as(VocabularyFile, data["vocabulary.yaml"])
    elections = _as(ElectionsFile, data["elections.yaml"])
    sanctions = _as(SanctionsFile, data["sanctions.yaml"])
    schema = build_fact_schema(vocab, elections, sanctions)
    closure = _role_closure(vocab)
    compiled: list[CompiledRule] = [
        _compile_rule(e.rule, e.doc, e.index, e.where, schema, vocab, sanctions, closure) for e in parsed.rules
    ]
    ruleset = RuleSet(
        meta=meta,
        sources=_as(SourcesFile, data["sources.yaml"]),
        vocabulary=vocab,
        elections=elections,
        sanctions=sanctions,
        authorities=_as(AuthoritiesFile, data["authorities.yaml"]),
        flags=_as(FlagsFile, data["flags.yaml"]),
        declarations=_as(DeclarationsFile, data.get("declarations.yaml", DeclarationsFile())),
        rules=tuple(compiled),
        fact_schema=schema,
        content_hash=parsed.content_hash,
        folders=parsed.folders,
        role_closure=closure,
        data_lines=dict(parsed.docs),
        parsed=parsed,
    )
    by_act: dict[str, list[CompiledRule]] = {}
    for compiled_rule in compiled:
        for act in compiled_rule.rule.acts:
            by_act.setdefault(act, []).append(compiled_rule)
    ruleset.rules_by_act = {act: tuple(rules) for act, rules in by_act.items()}
    ruleset.by_id = {}
    for compiled_rule in compiled:
        if compiled_rule.id in ruleset.by_id:
            problems.append(
                Problem(
                    "duplicate-id",
                    f"rule id {compiled_rule.id} defined twice",
                    (ruleset.by_id[compiled_rule.id].where, compiled_rule.where),
                    (compiled_rule.id,),
                )
            )
        ruleset.by_id.setdefault(compiled_rule.id, compiled_rule)
    from .references import check_references

    problems.extend(check_references(ruleset))
    ruleset.problems = tuple(problems)
    if strict and problems:
        raise RuleSetError(
            "rules.problems",
            count=len(problems),
            first=problems[0].render(),
            got="; ".join(p.render() for p in problems[1:5]) or None,
        )
    return ruleset


def load_ruleset(folders: Sequence[Path], *, strict: bool = True) -> RuleSet:
    return build_ruleset(parse_ruleset(folders), strict=strict)


def _as(model: type[M], value: BaseModel) -> M:
    assert isinstance(value, model)
    return value


def _compile_rule(
    rule: Rule,
    doc: YamlDoc,
    index: int,
    where: Located,
    schema: dict[str, FactType],
    vocab: VocabularyFile,
    sanctions: SanctionsFile,
    closure: dict[str, frozenset[str]],
) -> CompiledRule:
    """The rule's full condition: its regime, act types, subjects and window, then its `when`."""
    regime = sanctions.regimes.get(rule.regime)

    def refuse(key: str, loc: Loc, got: str, options: Iterable[str]) -> RuleFileError:
        hint = did_you_mean(got, options)
        return RuleFileError(
            key,
            file=display_path(doc.path),
            line=doc.line_of(("rules", index, *loc)),
            column=doc.column_of(("rules", index, *loc)),
            field=".".join(str(p) for p in loc),
            got=got,
            hint=hint,
        )

    if regime is None:
        raise refuse("rules.unknown_regime", ("regime",), rule.regime, sanctions.regimes)
    for i, subject in enumerate(rule.subjects):
        if subject not in vocab.roles and subject not in vocab.groups:
            raise refuse("rules.unknown_subject", ("subjects", i), subject, [*vocab.roles, *vocab.groups])
    for i, act in enumerate(rule.acts):
        if act not in vocab.act_types:
            raise refuse("rules.unknown_act", ("acts", i), act, vocab.act_types)
    subjects = expand_subjects(rule.subjects, vocab, closure)
    guards: list[Condition] = [Cmp(f"regime.{regime.family}", "eq", rule.regime)]
    guards.append(In("act.type", tuple(rule.acts)) if len(rule.acts) > 1 else Cmp("act.type", "eq", rule.acts[0]))
    guards.append(In("subject.role", subjects) if len(subjects) > 1 else Cmp("subject.role", "eq", subjects[0]))
    if rule.in_force.from_:
        guards.append(Cmp("date", "gte", rule.in_force.from_.toordinal()))
    if rule.in_force.to:
        guards.append(Cmp("date", "lte", rule.in_force.to.toordinal()))
    when: Condition | None = None
    if rule.when is not None:
        try:
            when = parse_condition(rule.when, schema, ())
        except ConditionProblem as problem:
            loc = ("rules", index, "when", *problem.loc)
            raise RuleFileError(
                "rules.bad_condition",
                file=display_path(doc.path),
                line=doc.line_of(loc),
                field=".".join(str(p) for p in ("when", *problem.loc)),
                got=problem.message,
                suggestion=problem.suggestion,
            ) from problem
    condition: Condition = All((*guards, when)) if when is not None else All(tuple(guards))
    prefix = ("rules", index)
    lines = {loc[2:]: line for loc, line in doc.lines.items() if loc[:2] == prefix and len(loc) > 2}
    return CompiledRule(
        rule=rule, condition=condition, guards=tuple(guards), when=when, where=where, subjects=subjects, lines=lines
    )


__all__ = [
    "PHASES",
    "CompiledRule",
    "Located",
    "ParsedRuleSet",
    "Problem",
    "RuleEntry",
    "RuleSet",
    "build_ruleset",
    "load_ruleset",
    "parse_ruleset",
]
