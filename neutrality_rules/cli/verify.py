"""`nrules verify`: the rule set's consistency."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console

from ..api import Engine, bundled_rules_path
from ..errors import NrulesError
from ..golden import case_files
from ..i18n import t
from ..verify.mutrun import default_cases
from . import EXIT_INPUT, EXIT_OK, EXIT_RULES, EXIT_VIOLATION, State


@contextlib.contextmanager
def hypothesis_home(folder: Path | None) -> Iterator[None]:
    """Hypothesis keeps caches in `.hypothesis/` under the working folder by default; a rule author's
    folder is not ours to write to. Use the folder the user names, else a temporary one."""
    from hypothesis.configuration import set_hypothesis_home_dir

    with tempfile.TemporaryDirectory(prefix="nrules-verify-") as scratch:
        set_hypothesis_home_dir(folder or scratch)
        try:
            yield
        finally:
            set_hypothesis_home_dir(None)


def register(main: click.Group) -> None:
    @main.command("verify")
    @click.argument("rules_dir", required=False, type=click.Path(path_type=Path))
    @click.option("--layer", "layers", multiple=True, type=click.Path(path_type=Path))
    @click.option(
        "--budget",
        type=click.IntRange(0, 100_000),
        default=60,
        show_default=True,
        help="Generated incidents per property (0: static checks only).",
    )
    @click.option(
        "--database",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder for the property search's own files (default: a temporary folder, removed afterwards; "
        "nothing is written to the working folder).",
    )
    @click.option(
        "--cases",
        "case_paths",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="Golden cases for --mutate and --layer (default: the cases/ folder beside the rule folder, else ./cases).",
    )
    @click.option("--mutate", is_flag=True, help="Mutation testing: which changes to the rule set nothing notices.")
    @click.option("--sample", type=click.IntRange(1, None), default=None, help="Check a seeded sample of mutants.")
    @click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sample.")
    @click.option("--jobs", type=click.IntRange(0, 64), default=0, help="Worker processes (0: one per CPU).")
    @click.option("--mutant-timeout", type=float, default=60.0, show_default=True, help="Seconds one mutant may take.")
    @click.option("--max-seconds", type=float, default=0.0, help="Stop starting mutants after this long (0: never).")
    @click.option(
        "--min-score",
        type=click.FloatRange(0, 100),
        default=None,
        help="Exit 1 below this score (%), or when a golden case fails on the rule set itself.",
    )
    @click.option("--operator", "operators", multiple=True, help="Only these kinds of change (e.g. rule.tier).")
    @click.option(
        "--mutation-report", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write JSON."
    )
    @click.option(
        "--all-survivors",
        is_flag=True,
        help="Also list the unscored survivors (citations, doubts) and the equivalent mutants.",
    )
    @click.pass_obj
    def verify_cmd(
        state: State,
        rules_dir: Path | None,
        layers: tuple[Path, ...],
        budget: int,
        database: Path | None,
        case_paths: tuple[Path, ...],
        mutate: bool,
        sample: int | None,
        seed: int,
        jobs: int,
        mutant_timeout: float,
        max_seconds: float,
        min_score: float | None,
        operators: tuple[str, ...],
        mutation_report: Path | None,
        all_survivors: bool,
    ) -> None:
        """Check a rule set: quotes against the shipped legal texts, conflicts, gaps, rules that never match,
        aggravation order, date windows, unused vocabulary; then search for property violations
        (deterministic). With --layer, also list the golden cases whose verdict the layer changes. With
        --mutate, mutation testing (README "Mutation testing"). Exit 0 clean, 1 problems (or a mutation
        score below --min-score), 3 rule set unreadable."""
        from ..verify import verify

        try:
            engine = Engine.load(rules_dir, layers=layers, backend="reference", strict=False)
            other = Engine.with_durable(engine.ruleset) if budget else None
        except NrulesError as exc:
            sys.exit(state.fail(exc) if exc.exit_code != EXIT_INPUT else EXIT_RULES)
        with hypothesis_home(database):
            report = verify(engine, budget=budget, other=other, properties=budget > 0)
        out = Console(highlight=False, soft_wrap=True)
        for problem in report.problems:
            out.print(problem.render(), markup=False)
        for example in report.counterexamples:
            out.print(example.render(), markup=False)
        out.print(
            t(
                "verify.quotes_summary",
                state.lang,
                quotes=report.stats["quotes"],
                texts=report.stats["texts"],
                paraphrases=report.stats["paraphrases"],
            ),
            markup=False,
        )
        out.print(
            t(
                "ui.verify_summary",
                state.lang,
                rules=report.stats["rules"],
                problems=len(report.problems),
                counterexamples=len(report.counterexamples),
                budget=budget,
            ),
            markup=False,
        )
        clean = report.clean
        base = rules_dir or bundled_rules_path()
        cases = case_files(list(case_paths)) if case_paths else default_cases(base)
        if layers:
            for line in _layer_lines(state, base, layers, cases):
                out.print(line, markup=False)
        if mutate:
            clean = (
                _mutation(
                    state,
                    out,
                    base,
                    layers,
                    cases,
                    sample=sample,
                    seed=seed,
                    jobs=jobs,
                    timeout=mutant_timeout,
                    max_seconds=max_seconds,
                    min_score=min_score,
                    operators=operators,
                    json_path=mutation_report,
                    all_survivors=all_survivors,
                )
                and clean
            )
        sys.exit(EXIT_OK if clean else EXIT_VIOLATION)


def _layer_lines(state: State, base: Path, layers: tuple[Path, ...], cases: list[Path]) -> list[str]:
    from ..verify.layer import layer_changes

    changes = layer_changes([base], list(layers), cases)
    lines = [t("verify.layer_summary", state.lang, cases=len(cases), changed=len(changes))]
    for change in changes:
        lines.append(t("verify.layer_change", state.lang, case=change.case_id, path=change.path))
        lines.append("    - " + change.base.render())
        lines.append("    + " + change.layered.render())
    return lines


def _mutation(
    state: State,
    out: Console,
    base: Path,
    layers: tuple[Path, ...],
    cases: list[Path],
    *,
    sample: int | None,
    seed: int,
    jobs: int,
    timeout: float,
    max_seconds: float,
    min_score: float | None,
    operators: tuple[str, ...],
    json_path: Path | None,
    all_survivors: bool = False,
) -> bool:
    from ..verify.mutrun import run
    from ..verify.report import operator_lines, summary_lines, survivor_lines, write_json

    lang = state.lang
    if not cases:
        out.print(t("verify.mutate_no_cases", lang), markup=False)
    report = run(
        [base, *layers],
        cases,
        sample=sample,
        seed=seed,
        jobs=jobs,
        timeout=timeout,
        max_seconds=max_seconds,
        operators=operators,
        only_under=layers,
    )
    for line in summary_lines(report, lang, chosen=report.chosen, sample=sample, seed=seed):
        out.print(line, markup=False)
    if report.baseline_failures:
        out.print(
            t(
                "verify.mutate_baseline_failing",
                lang,
                count=len(report.baseline_failures),
                cases=", ".join(report.baseline_failures[:10]),
            ),
            markup=False,
        )
    if report.not_run:
        out.print(t("verify.mutate_not_run", lang, count=report.not_run, seconds=f"{max_seconds:g}"), markup=False)
    timeouts = sum(1 for o in report.outcomes if o.status == "timeout")
    if timeouts:
        out.print(t("verify.mutate_timeouts", lang, count=timeouts, seconds=f"{timeout:g}"), markup=False)
    if report.survived:
        out.print(t("verify.mutate_survivors", lang), markup=False)
        for line in survivor_lines(report, lang):
            out.print(line, markup=False)
    if all_survivors and report.unscored()[1]:
        out.print(t("verify.mutate_unscored_survivors", lang), markup=False)
        for line in survivor_lines(report, lang, unscored=True):
            out.print(line, markup=False)
    if all_survivors and report.equivalent():
        out.print(t("verify.mutate_equivalent_list", lang), markup=False)
        for line in survivor_lines(report, lang, equivalent=True):
            out.print(line, markup=False)
    out.print(t("verify.mutate_by_operator", lang), markup=False)
    for line in operator_lines(report):
        out.print(line, markup=False)
    if json_path is not None:
        write_json(report, json_path, seed=seed, sample=sample)
    if min_score is not None and report.score < min_score:
        out.print(t("verify.mutate_below", lang, score=f"{report.score:.1f}", minimum=f"{min_score:g}"), markup=False)
        return False
    if min_score is not None and report.baseline_failures:
        # a gate on the score is a gate on the golden cases too: a case that fails on the rule set itself
        # catches nothing, and CI relies on this run to fail when any case does
        out.print(t("verify.mutate_baseline_gate", lang, count=len(report.baseline_failures)), markup=False)
        return False
    return True
