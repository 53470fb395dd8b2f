"""The README's promises: its API example runs, and CI runs its test command."""

from __future__ import annotations

import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_api_example_runs() -> None:
    block = re.findall(r"```python\n(.*?)```", README, re.S)[0]
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)  # the documented example, verbatim
    verdict = namespace["verdict"]
    assert verdict.status == "violation"  # type: ignore[attr-defined]


def test_ci_runs_the_readme_test_command() -> None:
    command = re.search(r"```sh\n(\.venv/bin/python -m pytest)\n```", README)
    assert command is not None
    assert command.group(1) in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
