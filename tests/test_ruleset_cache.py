"""The compiled rule set cached on disk: used when it can be trusted, ignored otherwise, never wrong."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from neutrality_rules import Engine
from neutrality_rules.api import bundled_rules_path
from neutrality_rules.ruleset import cache

from .conftest import ROOT

EXAMPLE = json.loads((ROOT / "examples" / "like-after-determination.json").read_text(encoding="utf-8"))


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "nrules-cache"
    monkeypatch.setenv("NRULES_CACHE_DIR", str(folder))
    monkeypatch.delenv("NRULES_CACHE", raising=False)
    return folder


def _pickles(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_a_second_load_comes_from_the_cache_and_gives_the_same_verdict(cache_home: Path) -> None:
    first = Engine.load(backend="reference")
    assert len(_pickles(cache_home)) == 1
    assert oct(cache_home.stat().st_mode & 0o777) == "0o700"
    assert oct(_pickles(cache_home)[0].stat().st_mode & 0o777) == "0o600"
    second = Engine.load(backend="reference")
    assert second.ruleset is not first.ruleset
    assert second.ruleset.content_hash == first.ruleset.content_hash
    assert second.check(EXAMPLE, today=None).model_dump_json() == first.check(EXAMPLE).model_dump_json()


def test_a_tampered_cache_is_ignored(cache_home: Path) -> None:
    Engine.load(backend="reference")
    (path,) = _pickles(cache_home)
    blob = bytearray(path.read_bytes())
    blob[-10] ^= 0xFF  # one byte of the pickled rule set changed: the signature no longer matches
    path.write_bytes(bytes(blob))
    key = path.stem
    assert cache.load(key) is None
    engine = Engine.load(backend="reference")  # loads from the files, still right
    assert engine.check(EXAMPLE).status == "violation"


def test_a_cache_others_can_write_is_not_trusted(cache_home: Path) -> None:
    Engine.load(backend="reference")
    (path,) = _pickles(cache_home)
    os.chmod(path, 0o666)
    assert cache.load(path.stem) is None
    os.chmod(path, 0o600)
    os.chmod(cache_home, 0o777)
    assert cache.load(path.stem) is None


def test_a_changed_rule_file_is_a_new_key(cache_home: Path, tmp_path: Path) -> None:
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(bundled_rules_path(), rules)
    before = cache.fingerprint([rules], "x")
    flags = rules / "flags.yaml"
    flags.write_text(flags.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert cache.fingerprint([rules], "x") != before


def test_nrules_cache_0_turns_it_off(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NRULES_CACHE", "0")
    Engine.load(backend="reference")
    assert not cache_home.exists()


def test_the_same_rules_in_two_places_are_two_entries(cache_home: Path, tmp_path: Path) -> None:
    """A wheel and a checkout hold the same rule files; each compiled rule set records where its rules
    were read (file:line in a rule author's messages), so one must never be served for the other."""
    import shutil

    first, second = tmp_path / "a" / "rules", tmp_path / "b" / "rules"
    shutil.copytree(bundled_rules_path(), first)
    shutil.copytree(bundled_rules_path(), second)
    assert cache.fingerprint([first], "x") != cache.fingerprint([second], "x")
    Engine.load(first, backend="reference")
    shutil.rmtree(first)  # as CI removes the scratch venv the wheel was installed in
    engine = Engine.load(second, backend="reference")
    assert len(_pickles(cache_home)) == 2
    places = {str(rule.where.file) for rule in engine.ruleset.rules}
    assert places and all(str(second) in place for place in places), sorted(places)[:3]
