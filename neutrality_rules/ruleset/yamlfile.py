"""Safe YAML reading that remembers where every value came from.

Rule files are untrusted data: only PyYAML's safe constructors run, anchors and aliases are refused
(they are how "billion laughs" files blow up memory), and size and nesting are bounded. Every value's
line is kept so that a validation error can name `file:line`, which is what a rule author needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import RuleFileError

MAX_RULE_FILE_BYTES = 2_000_000
MAX_DEPTH = 40

Loc = tuple[str | int, ...]
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built
SAFE_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


@dataclass
class YamlDoc:
    """A parsed YAML file: its data and the line (1-based) of every location in it."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of `loc`, or of its nearest recorded ancestor."""
        probe = tuple(loc)
        while True:
            if probe in self.lines:
                return self.lines[probe]
            if not probe:
                return None
            probe = probe[:-1]


class _Builder:
    def __init__(self, path: Path, loader: yaml.SafeLoader) -> None:  # or CSafeLoader: same API
        self.path = path
        self.loader = loader
        self.lines: dict[Loc, int] = {}

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise RuleFileError(
                "rules.too_deep",
                file=str(self.path),
                line=node.start_mark.line + 1,
                expected=f"at most {MAX_DEPTH} levels of nesting",
                got="deeper nesting",
            )
        self.lines[loc] = node.start_mark.line + 1
        if node.tag not in SAFE_TAGS:
            raise RuleFileError(
                "rules.yaml_syntax",
                file=str(self.path),
                line=node.start_mark.line + 1,
                got=f"the tag {node.tag} (only plain YAML values are allowed)",
            )
        if isinstance(node, ScalarNode):
            return self.loader.construct_object(node, deep=True)
        if isinstance(node, SequenceNode):
            return [self.build(child, (*loc, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise RuleFileError(
                        "rules.bad_key",
                        file=str(self.path),
                        line=key_node.start_mark.line + 1,
                        expected="a plain text key",
                        got="a structured key",
                    )
                key = self.loader.construct_object(key_node)
                if not isinstance(key, str | int | bool) or isinstance(key, float):
                    key = str(key)
                if key in out:
                    raise RuleFileError(
                        "rules.duplicate_key",
                        file=str(self.path),
                        line=key_node.start_mark.line + 1,
                        field=str(key),
                        expected="each key once",
                        got="a repeated key",
                        suggestion="merge the two entries or rename one",
                    )
                out[key] = self.build(value_node, (*loc, key), depth + 1)
            return out
        raise RuleFileError("rules.bad_node", file=str(self.path), line=node.start_mark.line + 1)


def _refuse_aliases(text: str, path: Path) -> None:
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise RuleFileError(
                "rules.alias",
                file=str(path),
                line=event.start_mark.line + 1 if event.start_mark else None,
                expected="plain YAML without anchors (&) or aliases (*)",
                got="an anchor or alias",
                suggestion="write the repeated value out in full",
            )


def read_yaml(path: Path) -> YamlDoc:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleFileError("rules.unreadable", file=str(path), got=exc.strerror or str(exc)) from exc
    if len(raw) > MAX_RULE_FILE_BYTES:
        raise RuleFileError(
            "rules.too_large",
            file=str(path),
            expected=f"at most {MAX_RULE_FILE_BYTES} bytes",
            got=f"{len(raw)} bytes",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError("rules.not_utf8", file=str(path), got=f"byte {exc.start}") from exc
    try:
        _refuse_aliases(text, path)
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            builder = _Builder(path, loader)
            data = builder.build(node, (), 0) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise RuleFileError(
            "rules.yaml_syntax",
            file=str(path),
            line=(mark.line + 1) if mark else None,
            got=str(exc.problem or exc.context or "invalid YAML"),
        ) from exc
    except yaml.YAMLError as exc:
        raise RuleFileError("rules.yaml_syntax", file=str(path), got=str(exc)) from exc
    except RecursionError as exc:
        raise RuleFileError("rules.too_deep", file=str(path), expected=f"at most {MAX_DEPTH} levels") from exc
    return YamlDoc(path=path, data=data, lines=builder.lines if node is not None else {})
