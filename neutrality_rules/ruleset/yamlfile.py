"""Safe YAML reading that remembers where every value came from.

Rule files and YAML incidents are untrusted data: only PyYAML's safe constructors run, anchors,
aliases and tags are refused (they are how "billion laughs" files blow up memory), size and nesting
are bounded (a file is never read past its limit: a sparse 1 GB file or /dev/zero costs nothing), and
a value PyYAML cannot construct (an impossible date such as 2024-02-30, an integer beyond Python's
int-string limit) or a string holding a control character is refused with its line. Every value's
line and column are kept so that a validation error can name `file:line:column`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import NrulesError, RuleFileError

MAX_RULE_FILE_BYTES = 2_000_000
MAX_DEPTH = 40

Loc = tuple[str | int, ...]
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built
SAFE_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Dialect:
    """How a kind of YAML file reports its problems, and its limits."""

    error: Callable[..., NrulesError]
    keys: dict[str, str]
    max_bytes: int
    max_depth: int = MAX_DEPTH
    as_written: frozenset[str] = frozenset()
    """Keys whose plain scalars are kept as the text written (incident dates: `2024` is a year as
    reported, not the integer 2024; `2024-10-10` stays the string a JSON incident would carry)."""
    json_scalars: bool = False
    """Plain scalars mean what they would in JSON: `1_000`, `0x10`, `010`, `1:30`, `yes`, `no`, `on`,
    `.inf` and bare dates stay text (YAML 1.1 would turn them into numbers, booleans and dates), so a
    YAML incident is held to exactly the policy of a JSON one."""


RULES = Dialect(
    error=RuleFileError,
    keys={
        "too_deep": "rules.too_deep",
        "bad_key": "rules.bad_key",
        "duplicate": "rules.duplicate_key",
        "bad_node": "rules.bad_node",
        "alias": "rules.alias",
        "syntax": "rules.yaml_syntax",
        "not_utf8": "rules.not_utf8",
        "too_large": "rules.too_large",
        "scalar": "rules.bad_scalar",
        "control": "rules.control_char",
        "unreadable": "rules.unreadable",
    },
    max_bytes=MAX_RULE_FILE_BYTES,
)


@dataclass
class YamlDoc:
    """A parsed YAML file: its data and the line (1-based) of every location in it."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    columns: dict[Loc, int] = field(default_factory=dict)
    raw: bytes = b""
    """The bytes read (for content hashes: the file is never read twice)."""

    def line_of(self, loc: Loc) -> int | None:
        """The line of `loc`, or of its nearest recorded ancestor."""
        probe = tuple(loc)
        while True:
            if probe in self.lines:
                return self.lines[probe]
            if not probe:
                return None
            probe = probe[:-1]

    def column_of(self, loc: Loc) -> int | None:
        """The column of `loc` when it was recorded itself, else None (an ancestor's column would mislead)."""
        return self.columns.get(tuple(loc))


class _Builder:
    def __init__(self, label: str, loader: yaml.SafeLoader, dialect: Dialect) -> None:  # or CSafeLoader
        self.label = label
        self.loader = loader
        self.dialect = dialect
        self.lines: dict[Loc, int] = {}
        self.columns: dict[Loc, int] = {}

    def fail(self, kind: str, node: Node, **params: Any) -> NrulesError:
        return self.dialect.error(
            self.dialect.keys[kind],
            file=self.label,
            line=node.start_mark.line + 1,
            column=node.start_mark.column + 1,
            **params,
        )

    def scalar(self, node: ScalarNode, loc: Loc) -> Any:
        if loc and loc[-1] in self.dialect.as_written and not node.style and node.tag != "tag:yaml.org,2002:null":
            value: Any = node.value
        elif self.dialect.json_scalars and not node.style and not _json_like(node):
            value = node.value
        else:
            try:
                value = self.loader.construct_object(node, deep=True)
            except (ValueError, OverflowError) as exc:  # 2024-02-30; an integer past the int-string limit
                raise self.fail("scalar", node, problem=str(exc)[:120], got=repr(node.value[:40])) from None
        if isinstance(value, str):
            bad = CONTROL.search(value)
            if bad:
                raise self.fail("control", node, char=f"U+{ord(bad.group()):04X}")
        return value

    def build(self, node: Node, loc: Loc, depth: int, at: Node | None = None) -> Any:
        if depth > self.dialect.max_depth:
            raise self.fail("too_deep", node, limit=self.dialect.max_depth)
        self.lines[loc] = node.start_mark.line + 1
        self.columns[loc] = ((at or node).start_mark.column) + 1
        if node.tag not in SAFE_TAGS:
            raise self.fail("syntax", node, got=f"the tag {node.tag} (only plain YAML values are allowed)")
        if isinstance(node, ScalarNode):
            return self.scalar(node, loc)
        if isinstance(node, SequenceNode):
            return [self.build(child, (*loc, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise self.fail("bad_key", key_node, expected="a plain text key", got="a structured key")
                key = self.scalar(key_node, ())
                if not isinstance(key, str | int | bool) or isinstance(key, float):
                    key = str(key)
                if key in out:
                    raise self.fail("duplicate", key_node, field=str(key))
                out[key] = self.build(value_node, (*loc, key), depth + 1, at=key_node)
            return out
        raise self.fail("bad_node", node)


_JSON_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_JSON_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def _json_like(node: ScalarNode) -> bool:
    """Whether PyYAML's reading of a plain scalar is the one JSON would give."""
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "int":
        return _JSON_INT.fullmatch(node.value) is not None
    if tag == "float":
        return _JSON_FLOAT.fullmatch(node.value) is not None
    if tag == "bool":
        return node.value in ("true", "false")
    if tag == "null":
        return node.value in ("null", "~", "")
    return tag == "str"


def _refuse_aliases(text: str, label: str, dialect: Dialect) -> None:
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise dialect.error(
                dialect.keys["alias"],
                file=label,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            )


def _line_at(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def parse_yaml_text(text: str, label: str, dialect: Dialect, *, first_line: int = 1) -> tuple[Any, YamlDoc]:
    """Parse YAML text (already decoded and size-checked); errors name `label:line:column`."""
    try:
        _refuse_aliases(text, label, dialect)
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            builder = _Builder(label, loader, dialect)
            data = builder.build(node, (), 0) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise dialect.error(
            dialect.keys["syntax"],
            file=label,
            line=(mark.line + first_line) if mark else None,
            column=(mark.column + 1) if mark else None,
            got=str(exc.problem or exc.context or "invalid YAML"),
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, ESC...): it has a position
        line, column = _line_at(text, exc.position)
        raise dialect.error(
            dialect.keys["syntax"],
            file=label,
            line=line + first_line - 1,
            column=column,
            got=f"the character {exc.character!r} is not allowed in YAML",
        ) from None
    except yaml.YAMLError as exc:
        raise dialect.error(dialect.keys["syntax"], file=label, line=first_line, got=str(exc)[:200]) from None
    except RecursionError:
        raise dialect.error(dialect.keys["too_deep"], file=label, limit=dialect.max_depth) from None
    doc = YamlDoc(path=Path(label), data=data)
    if node is not None:
        doc.lines = {k: v + first_line - 1 for k, v in builder.lines.items()}
        doc.columns = builder.columns
    return data, doc


def read_bounded(path: Path, dialect: Dialect) -> bytes:
    """The file's bytes, never more than the limit (the size on disk can lie: sparse files, devices)."""
    label = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(dialect.max_bytes + 1)
    except OSError as exc:
        raise dialect.error(dialect.keys["unreadable"], file=label, got=exc.strerror or str(exc)) from None
    if len(raw) > dialect.max_bytes:
        raise dialect.error(
            dialect.keys["too_large"],
            file=label,
            line=raw.count(b"\n", 0, dialect.max_bytes) + 1,
            expected=f"at most {dialect.max_bytes} bytes",
            got=f"more than {dialect.max_bytes} bytes (the limit is passed on this line)",
        )
    return raw


def decode(raw: bytes, label: str, dialect: Dialect) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise dialect.error(
            dialect.keys["not_utf8"], file=label, line=line, column=column, got=f"byte 0x{raw[exc.start]:02x}"
        ) from None


def read_yaml(path: Path, dialect: Dialect = RULES) -> YamlDoc:
    raw = read_bounded(path, dialect)
    text = decode(raw, str(path), dialect)
    _data, doc = parse_yaml_text(text, str(path), dialect)
    doc.path = path
    doc.raw = raw
    return doc
