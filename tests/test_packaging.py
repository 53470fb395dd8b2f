"""nrules as users install it: the wheel holds every module and data file, the installed package finds
its bundled rules from any folder, and every command takes --lang and --debug where users type them.

The full round trip (wheel into a fresh venv, `nrules check/test/verify` from outside the checkout)
runs in .ci/run; here the wheel's contents and the lookup logic are checked quickly."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from neutrality_rules import bundled
from neutrality_rules.cli import main

from .conftest import ROOT


def _build(kind: str, out: Path) -> Path:
    """Build a wheel or an sdist with the venv's setuptools (no network, no isolation)."""
    prebuilt = os.environ.get(f"NRULES_{kind.upper()}")
    if prebuilt:
        return Path(prebuilt)
    subprocess.run(
        [sys.executable, "-m", "build", f"--{kind}", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=out,
    )
    return next(out.glob("*.whl" if kind == "wheel" else "*.tar.gz"))


def _expected_files() -> set[str]:
    package = ROOT / "neutrality_rules"
    wanted = {
        str(p.relative_to(ROOT))
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".yaml", ".json", ".typed")
    }
    wanted |= {
        "neutrality_rules/_bundled_rules/" + str(p.relative_to(ROOT / "rules"))
        for p in (ROOT / "rules").rglob("*.yaml")
    }
    return wanted


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("wheel", tmp_path_factory.mktemp("wheel"))


def test_wheel_ships_every_module_rule_file_message_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_expected_files() - names)
    assert missing == []
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_wheel_declares_the_license_as_an_spdx_expression(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        metadata = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_sdist_ships_the_rules_and_the_license(tmp_path: Path) -> None:
    sdist = _build("sdist", tmp_path)
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    rules = {str(p.relative_to(ROOT)) for p in (ROOT / "rules").rglob("*.yaml")}
    assert rules - names == set()
    assert {"LICENSE", "setup.py", "pyproject.toml"} <= names


def test_installed_layout_is_found_through_importlib_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A wheel puts the rules at neutrality_rules/_bundled_rules; that copy wins over any other."""
    fake = tmp_path / "pkg"
    (fake / "_bundled_rules").mkdir(parents=True)
    (fake / "_bundled_rules" / "ruleset.yaml").write_text("name: x\n")
    monkeypatch.setattr(bundled, "_installed", lambda: fake / "_bundled_rules")
    with bundled.bundled_rules() as folder:
        assert folder == fake / "_bundled_rules"


def test_version_fails_when_the_bundled_rules_are_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundled, "_installed", lambda: tmp_path / "_bundled_rules")
    monkeypatch.setattr(bundled, "_source_tree_rules", lambda: tmp_path / "nowhere")
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 3
    assert "rule set unavailable" in result.stderr
    assert "missing from this installation" in result.stderr


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "neutrality_rules", "--version"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("nrules ")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, command in group.commands.items():
        out.append((*prefix, name))
        if isinstance(command, click.Group):
            out.extend(_commands(command, (*prefix, name)))
    return out


@pytest.mark.parametrize("path", _commands(main), ids=" ".join)
def test_every_subcommand_takes_lang_and_debug_and_shows_them(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--lang", "id", "--debug", "--help"])
    assert result.exit_code == 0, result.output
    assert "--lang" in result.stdout and "--debug" in result.stdout


def test_lang_after_the_subcommand_translates_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    after = CliRunner().invoke(main, ["check", "--lang", "id", str(bad)])
    before = CliRunner().invoke(main, ["--lang", "id", "check", str(bad)])
    assert after.exit_code == before.exit_code == 2
    assert after.stderr == before.stderr
    assert "bukan JSON yang valid" in after.stderr


def test_verify_never_writes_hypothesis_into_the_working_folder(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "neutrality_rules", "verify", "--budget", "3"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []
