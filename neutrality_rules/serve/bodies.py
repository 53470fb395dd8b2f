"""Incident bodies as JSON or YAML, read as untrusted input.

JSON goes through the same bounded parser as `nrules check` (size, nesting, duplicate keys). YAML is
read with PyYAML's safe constructors only, after a pass over the event stream that refuses anchors
and aliases (the "billion laughs" attack), tags and deep nesting before anything is built; duplicate
keys are refused as in JSON, and errors name the line.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import IncidentError
from ..inputs import MAX_DEPTH, parse_json_text
from .problems import ServeError

JSON_TYPES = ("application/json",)
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SAFE_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def decode(raw: bytes, source: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IncidentError("incident.not_utf8", file=source, got=f"byte offset {exc.start}") from None
    if "\x00" in text:
        raise IncidentError("incident.binary", file=source)
    return text


def parse_incident_body(raw: bytes, content_type: str | None, *, source: str = "request") -> Any:
    """The incident document in a request body, as plain data (validated later by the engine)."""
    kind = media_type(content_type)
    if kind in YAML_TYPES:
        return parse_yaml_text(decode(raw, source), source=source)
    if kind in JSON_TYPES or kind.endswith("+json") or not kind:
        return parse_json_text(decode(raw, source), source=source)
    raise ServeError(
        "serve.unsupported_media_type",
        415,
        got=kind,
        allowed=", ".join((*JSON_TYPES, *YAML_TYPES)),
    )


def parse_yaml_text(text: str, *, source: str) -> Any:
    if not text.strip():
        raise IncidentError("incident.empty", file=source)
    try:
        _screen(text, source)
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise IncidentError("incident.empty", file=source)
            return _build(loader, node, source, 1)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise IncidentError(
            "serve.yaml_syntax", file=source, line=mark.line + 1 if mark else None, got=str(exc.problem or exc)
        ) from None
    except yaml.YAMLError as exc:
        raise IncidentError("serve.yaml_syntax", file=source, got=str(exc)[:200]) from None


def _screen(text: str, source: str) -> None:
    """Refuse anchors, aliases, explicit tags and deep nesting from the event stream, before building."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise IncidentError("serve.yaml_construct", file=source, line=line, got="an anchor or alias (&, *)")
        tag = getattr(event, "tag", None)
        if tag and tag not in ("!", *_SAFE_TAGS):
            raise IncidentError("serve.yaml_construct", file=source, line=line, got=f"the tag {tag}")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise IncidentError("incident.too_deep", file=source, line=line, limit=MAX_DEPTH)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _build(loader: yaml.SafeLoader, node: Node, source: str, depth: int) -> Any:
    line = node.start_mark.line + 1
    if node.tag not in _SAFE_TAGS:
        raise IncidentError("serve.yaml_construct", file=source, line=line, got=f"the tag {node.tag}")
    if isinstance(node, ScalarNode):
        return loader.construct_object(node, deep=True)
    if isinstance(node, SequenceNode):
        return [_build(loader, child, source, depth + 1) for child in node.value]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _build(loader, key_node, source, depth + 1) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                raise IncidentError(
                    "serve.yaml_construct", file=source, line=key_node.start_mark.line + 1, got="a key that is not text"
                )
            if key in out:
                raise IncidentError("incident.duplicate_key", file=source, line=key_node.start_mark.line + 1, field=key)
            out[key] = _build(loader, value_node, source, depth + 1)
        return out
    raise IncidentError("serve.yaml_construct", file=source, line=line, got=type(node).__name__)
