"""`nrules report`: the numbers in the report are the numbers in the data, counted a second way here
(straight from the incidents and their verdicts), in the HTML, the CSV files and the XLSX workbook;
and the HTML renders, with its charts, in a real headless browser, offline."""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from neutrality_rules import Engine, IncidentError
from neutrality_rules.caseload import generate
from neutrality_rules.cli import main
from neutrality_rules.ruleset.loader import RuleSet
from neutrality_rules.verdict import Verdict

from .conftest import ROOT

DEPARTURES = {"lighter", "heavier", "different_track", "mixed"}
RESULTS = ["aligned", "lighter", "heavier", "different_track", "mixed", "not_comparable"]
N = 300


@pytest.fixture(scope="module")
def caseload_file(tmp_path_factory: pytest.TempPathFactory, ruleset: RuleSet) -> Path:
    folder = tmp_path_factory.mktemp("caseload")
    path = folder / "caseload.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for item in generate(N, seed=31, ruleset=ruleset):
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        fh.write('{"incident_id": "BROKEN-1", \n')  # malformed JSON
        bad = next(iter(generate(1, seed=32, ruleset=ruleset)))
        bad["incident_id"] = "BROKEN-2"
        bad["decision"] = {"outcome": "sanctioned", "sanctions": [{"tier": "sedangg"}]}
        fh.write(json.dumps(bad) + "\n")
    return path


def _run(args: list[str]) -> Any:
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture(scope="module")
def outputs(caseload_file: Path) -> dict[str, Path]:
    out = caseload_file.parent
    res = _run(
        [
            "report",
            str(caseload_file),
            "--backend",
            "reference",
            "--lang",
            "en",
            "--html",
            str(out / "report.html"),
            "--xlsx",
            str(out / "report.xlsx"),
            "--csv",
            str(out / "csv"),
        ]
    )
    assert res.exit_code == 2, res.output  # two records could not be checked: listed, not fatal
    res_id = _run(
        ["report", str(caseload_file), "--backend", "reference", "--lang", "id", "--html", str(out / "id.html")]
    )
    assert res_id.exit_code == 2
    return {"html": out / "report.html", "xlsx": out / "report.xlsx", "csv": out / "csv", "id": out / "id.html"}


# ---------------------------------------------------------------- the second count
class Truth:
    """Counted straight from the incidents and a fresh check of each, without the report's code."""

    def __init__(self, path: Path, engine: Engine) -> None:
        rs = engine.ruleset
        self.errors = 0
        self.verdicts: list[tuple[dict[str, Any], Verdict]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                data = json.loads(line)
                self.verdicts.append((data, engine.check(data)))
            except (json.JSONDecodeError, IncidentError):
                self.errors += 1
        self.status = Counter(v.status for _, v in self.verdicts)
        self.result = Counter(v.comparison.result for _, v in self.verdicts if v.comparison)
        self.role = Counter(v.context.role for _, v in self.verdicts)
        self.act_incidents = Counter(t for _, v in self.verdicts for t in {a.type for a in v.context.acts})
        self.region: dict[str, Counter[str]] = defaultdict(Counter)
        self.agency: dict[str, Counter[str]] = defaultdict(Counter)
        for data, v in self.verdicts:
            for table, key in (
                (self.region, data["election"].get("region", "-")),
                (self.agency, data["respondent"].get("instansi", "-")),
            ):
                table[key]["cases"] += 1
                if v.comparison:
                    table[key][v.comparison.result] += 1
        self.departures = {
            v.incident_id for _, v in self.verdicts if v.comparison and v.comparison.result in DEPARTURES
        }
        sev = {k: t.severity for k, t in rs.sanctions.tiers.items() if t.on_scale}
        self.matrix: Counter[tuple[str, str]] = Counter()
        for data, v in self.verdicts:
            scaled = [s.tier for s in v.sanctions if s.tier in sev]
            p = (
                max(scaled, key=sev.__getitem__)
                if scaled
                else (
                    v.sanctions[0].tier
                    if v.sanctions
                    else ("not_determinable" if v.status == "not_determinable" else "none")
                )
            )
            outcome = data["decision"]["outcome"]
            if outcome != "sanctioned":
                i = outcome
            else:
                assert v.comparison is not None
                decided = v.comparison.decided
                on_scale = [d for d in decided if d.tier in sev]
                i = (
                    max(on_scale, key=lambda d: sev[d.tier or ""]).tier
                    if on_scale
                    else (decided[0].tier or decided[0].track if decided[0].severity != 0 else "outside_law")
                )
            self.matrix[(p, i or "")] += 1


@pytest.fixture(scope="module")
def truth(caseload_file: Path, reference_engine: Engine) -> Truth:
    return Truth(caseload_file, reference_engine)


def _csv(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_numbers_are_the_data(outputs: dict[str, Path], truth: Truth) -> None:
    folder = outputs["csv"]
    assert {r["id"]: int(r["cases"]) for r in _csv(folder, "results")} == {r: truth.result[r] for r in RESULTS}
    subjects = {r["id"]: (int(r["cases"]), int(r["violation"])) for r in _csv(folder, "by_subject")}
    assert subjects == {
        role: (n, sum(1 for _, v in truth.verdicts if v.context.role == role and v.status == "violation"))
        for role, n in truth.role.items()
    }
    assert {r["id"]: int(r["incidents"]) for r in _csv(folder, "by_act")} == dict(truth.act_incidents)
    regions = {}
    for r in _csv(folder, "by_region"):
        key = f"{r['region']}, {r['province']}" if r["province"] else r["region"]
        regions[key] = {"cases": int(r["cases"]), **{res: int(r[res.replace("_", " ")]) for res in RESULTS}}
    assert regions == {k: {"cases": c["cases"], **{res: c[res] for res in RESULTS}} for k, c in truth.region.items()}
    agencies = {r["agency"]: int(r["cases"]) for r in _csv(folder, "by_agency")}
    assert agencies == {k: c["cases"] for k, c in truth.agency.items()}
    assert {r["incident"] for r in _csv(folder, "departures")} == truth.departures
    matrix = {(r["prescribed (id)"], r["imposed (id)"]): int(r["cases"]) for r in _csv(folder, "prescribed_vs_imposed")}
    assert matrix == dict(truth.matrix)
    assert len(_csv(folder, "errors")) == truth.errors == 2
    assert len(_csv(folder, "cases")) == len(truth.verdicts)


def test_a_sample_of_departures_reads_as_the_verdict_says(outputs: dict[str, Path], truth: Truth) -> None:
    rows = {r["incident"]: r for r in _csv(outputs["csv"], "departures")}
    verdicts = {v.incident_id: v for _, v in truth.verdicts}
    for incident_id in sorted(rows)[:15]:
        v = verdicts[incident_id]
        assert v.comparison is not None
        assert rows[incident_id]["explanation"] == v.comparison.explanation.en
        assert rows[incident_id]["result"] == v.comparison.result.replace("_", " ")


def test_xlsx_numbers_are_the_data(outputs: dict[str, Path], truth: Truth) -> None:
    wb = load_workbook(outputs["xlsx"], read_only=True)
    assert {"summary", "by_region", "by_agency", "departures", "flags", "undetermined_facts", "cases"} <= set(
        wb.sheetnames
    )
    rows = list(wb["results"].iter_rows(values_only=True))
    assert {r[1]: r[2] for r in rows[1:]} == {r: truth.result[r] for r in RESULTS}
    status = {r[0]: r[1] for r in wb["summary"].iter_rows(values_only=True)}
    assert status["violation"] == truth.status["violation"]
    assert status["records not checked (errors)"] == 2
    cases = list(wb["cases"].iter_rows(values_only=True))
    assert len(cases) - 1 == len(truth.verdicts)
    rates = [r[-1] for r in list(wb["by_region"].iter_rows(values_only=True))[1:] if r[-1] is not None]
    assert rates and all(0 <= x <= 1 for x in rates)


class _Tables(HTMLParser):
    """data-value of every cell, per table id; and every attribute value that points somewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str | None]]]] = {}
        self.links: list[str] = []
        self.tags: Counter[str] = Counter()
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags[tag] += 1
        self.links.extend(v for k, v in attrs if k in ("src", "href") and v)
        if tag == "table":
            self._table = a.get("data-table")
            self.tables[self._table or ""] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag == "td" and self._table is not None:
            self._cell, self._value = [], a.get("data-value")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self._table is not None:
            self.tables[self._table][-1].append(("".join(self._cell), self._value))
            self._cell = None
        elif tag == "table":
            self._table = None


def _parse(path: Path) -> _Tables:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_html_numbers_are_the_data_and_the_page_is_self_contained(outputs: dict[str, Path], truth: Truth) -> None:
    page = _parse(outputs["html"])
    results = {row[1][0]: int(row[2][1] or -1) for row in page.tables["results"] if row}
    assert results == {r: truth.result[r] for r in RESULTS}
    regions = {}
    for row in page.tables["by_region"]:
        if row:
            key = f"{row[0][0]}, {row[1][0]}" if row[1][0] else row[0][0]
            regions[key] = int(row[2][1] or -1)
    assert regions == {k: c["cases"] for k, c in truth.region.items()}
    departures = [row for row in page.tables["departures"] if row]
    assert {row[0][0] for row in departures} <= truth.departures
    assert len(departures) == min(len(truth.departures), 150)
    assert page.tags["script"] == 0 and page.tags["link"] == 0 and page.tags["img"] == 0
    assert not [u for u in page.links if "://" in u]
    assert page.tags["svg"] >= 8


def test_the_report_speaks_indonesian(outputs: dict[str, Path]) -> None:
    text = outputs["id"].read_text(encoding="utf-8")
    assert '<html lang="id">' in text
    for words in (
        "Di mana keputusan menyimpang dari ketentuan",
        "Keraguan hukum yang menentukan hasil",
        "lebih ringan",
    ):
        assert words in text
    assert "Where decisions departed" not in text


# ---------------------------------------------------------------- a real browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _browser_or_skip() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: .ci/run installs it")
        pytest.skip("chromium is not installed")
    return sync_playwright


def test_the_html_renders_with_its_charts_in_headless_chromium_offline(
    outputs: dict[str, Path], tmp_path: Path, truth: Truth
) -> None:
    sync_playwright = _browser_or_skip()
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(outputs["html"].as_uri())
            charts = page.eval_on_selector_all(
                "svg.chart",
                "els => els.map(e => { const r = e.getBoundingClientRect(); return [e.dataset.chart, r.width,"
                " r.height, e.querySelectorAll('rect.bar, rect.seg, rect.cell').length] })",
            )
            bars = page.eval_on_selector_all(
                "#chart-results rect.bar", "els => els.map(e => [Number(e.dataset.value), e.getBBox().width])"
            )
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=False)
        finally:
            browser.close()
    assert errors == []
    assert [u for u in requests if not u.startswith("file://")] == []
    names = {c[0] for c in charts}
    assert {"results", "decisions", "by-province", "by-agency", "prescribed-imposed", "by-subject", "flags"} <= names
    for name, width, height, marks in charts:
        assert width > 100 and height > 20 and marks > 0, name
    # the bars are drawn to the figures: a bigger count is a longer bar, zero is no bar
    assert sorted(v for v, _ in bars) == sorted(truth.result[r] for r in RESULTS)
    for (v1, w1), (v2, w2) in zip(sorted(bars), sorted(bars)[1:], strict=False):
        assert (w1 <= w2) if v1 <= v2 else True
    assert shot.stat().st_size > 20_000


def test_real_cases_file_is_in_the_repository() -> None:
    data = json.loads((ROOT / "examples" / "caseload" / "real-cases.json").read_text(encoding="utf-8"))
    assert len(data) == 21 and all("decision" in d for d in data)
