"""Hostile input: whatever arrives, nrules answers with a clear error or a verdict, never a crash or hang.

Limits (documented in the README): 1 MB per incident, 200 MB per input file, 32 levels of JSON
nesting, 100 acts, 20 000 characters of narrative, 2 MB per rule file, 40 levels of YAML nesting,
no YAML anchors or tags beyond the safe ones.
"""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neutrality_rules import Engine, InputError
from neutrality_rules.errors import RuleSetError
from neutrality_rules.inputs import parse_json_text, read_records
from neutrality_rules.ruleset.yamlfile import read_yaml

from .conftest import BASE_INCIDENT

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=20,
)
weird_text = st.sampled_from(
    [
        "",
        " ",
        "\u202e\u0644\u0627",
        "e\u0301\u0301\u0301",
        "\U0001f600" * 50,
        "a" * 30_000,
        "\x00",
        "\x1b[31m",
        "\ufeff",
        "\ud800",
        "'; DROP TABLE --",
        "{{incident_id}}",
        "%s%s%n",
        "\u0000\u0001",
        "NaN",
        "null",
    ]
)
paths_st = st.sampled_from(
    [
        ("incident_id",),
        ("election", "key"),
        ("election", "contest"),
        ("respondent", "role"),
        ("respondent", "nip"),
        ("event", "date_of_act"),
        ("acts", 0, "type"),
        ("acts", 0, "public"),
        ("acts", 0, "forms"),
        ("acts",),
        ("prior_sanctions",),
        ("narrative",),
        ("unexpected",),
        ("acts", 0, "photo_with"),
        ("examination_started_on",),
        ("respondent",),
        ("event",),
    ]
)


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paths_st, st.one_of(json_values, weird_text))
def test_any_value_anywhere_gives_a_verdict_or_an_input_error(
    reference_engine: Engine, path: tuple[Any, ...], value: Any
) -> None:
    data = _set(BASE_INCIDENT, path, value)
    try:
        reference_engine.check(data)
    except InputError as exc:
        assert exc.exit_code == 2
        assert exc.render("en") and exc.render("id")


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_arbitrary_json_documents_are_refused_cleanly(reference_engine: Engine, value: Any) -> None:
    with pytest.raises(InputError):
        reference_engine.check(value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_the_reader(text: str) -> None:
    with contextlib.suppress(InputError):
        parse_json_text(text, source="x.json")


def test_deep_nesting_is_refused_before_parsing() -> None:
    with pytest.raises(InputError) as info:
        parse_json_text("[" * 100_000 + "]" * 100_000, source="deep.json")
    assert "nested too deeply" in info.value.render()


def test_durable_backend_survives_the_same_fuzz(durable_engine: Engine) -> None:
    for value in ["\ud800", "\U0001f600" * 10, "a" * 5000, "\u202e"]:
        for path in (("respondent", "name"), ("narrative",), ("acts", 0, "description"), ("incident_id",)):
            data = _set(BASE_INCIDENT, path, value)
            with contextlib.suppress(InputError):
                durable_engine.check(data)


def test_huge_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({**BASE_INCIDENT, "narrative": "x" * 1_200_000}))
    records = list(read_records(path))
    assert records[0].error is not None and "too large" in records[0].error.render()


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("a: &x [1]\nb: *x\n", "anchors"),
        ("a: !!python/object/apply:os.system ['echo hacked']\n", "invalid YAML"),
        ("x:\n" + "".join("  " * i + "- \n" for i in range(60)), "nested too deeply"),
        ("\x00\x01\x02", "invalid YAML"),
        ("a: 1\na: 2\n", "appears twice"),
        ("a: [1, 2\n", "invalid YAML"),
    ],
)
def test_hostile_rule_files_are_refused(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleSetError) as info:
        read_yaml(path)
    assert needle in info.value.render(), info.value.render()
    assert info.value.exit_code == 3


def test_billion_laughs_never_expands(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RuleSetError):
        read_yaml(path)
