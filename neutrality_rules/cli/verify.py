"""`nrules verify`: the rule set's consistency."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console

from ..api import Engine
from ..errors import NrulesError
from ..i18n import t
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
    @click.pass_obj
    def verify_cmd(
        state: State, rules_dir: Path | None, layers: tuple[Path, ...], budget: int, database: Path | None
    ) -> None:
        """Check a rule set: conflicts, gaps, rules that never match, aggravation order, date windows,
        unused vocabulary; then search for property violations (deterministic). Exit 0 clean, 1 problems,
        3 rule set unreadable."""
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
        sys.exit(EXIT_OK if report.clean else EXIT_VIOLATION)
