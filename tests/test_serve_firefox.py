"""The officer page in Firefox too: Debian's firefox-esr, headless, driven over WebDriver BiDi by
puppeteer-core (tests/firefox/check.mjs; no browser is downloaded), against a real `nrules serve`.
The same report as in Chromium; the expected outcome is the law's (PP 94/2021 Pasal 5 huruf n angka 2
with Pasal 13 huruf g: hukuman disiplin sedang), not nrules' output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .serve_support import running_server

HERE = Path(__file__).resolve().parent / "firefox"
FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")
NODE = shutil.which("node")
READY = FIREFOX and NODE and (HERE / "node_modules" / "puppeteer-core").is_dir()

if not READY:  # .ci/run installs firefox-esr and the driver; elsewhere the test says why it did not run
    if os.environ.get("CI"):
        raise RuntimeError("firefox-esr, node or tests/firefox/node_modules missing: .ci/run installs them")
    pytest.skip("needs firefox-esr, node and `npm install --prefix tests/firefox`", allow_module_level=True)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server("--backend", "reference") as url:
        yield url


def test_an_officer_records_a_report_in_firefox(server: str) -> None:
    assert FIREFOX and NODE
    result = subprocess.run(
        [NODE, str(HERE / "check.mjs"), server, FIREFOX], capture_output=True, text=True, timeout=240, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["errors"] == []
    assert seen["lang"] == "id"
    assert "bukan NIP (18 angka)" in seen["nipErrorWhileTyping"]
    assert seen["nipErrorWhenComplete"] == ""
    assert seen["focused"] == "verdict"
    assert seen["status"] == "violation" and seen["badge"] == "MELANGGAR"
    assert "hukuman disiplin sedang" in seen["headline"]
    assert seen["reasoningOpen"] and "PP 94" in seen["reasoning"]
    assert seen["memo"] and "Hotman Siregar" in seen["memo"] and "hukuman disiplin sedang" in seen["memo"].lower()
    assert seen["version"].startswith("firefox/")
