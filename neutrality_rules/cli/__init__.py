"""The `nrules` command line.

Exit codes (documented in `nrules --help` and the README):
  0  checked, no violation        1  checked, violation found
  2  bad input or usage           3  rule set invalid
  4  checked, not determinable    5  engine failure on valid input
With several inputs, one bad record never stops the others; the exit code is the most serious
outcome seen, in the order 3, 5, 2, 1, 4, 0.
"""

from __future__ import annotations

import importlib
import sys
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from ..api import Backend, Engine, version
from ..errors import NrulesError
from ..i18n import Lang, resolve_lang, t
from .localise import LocalisedGroup, current_lang, install

install()  # click's own messages ("Usage:", "No such option") follow --lang too

EXIT_OK, EXIT_VIOLATION, EXIT_INPUT, EXIT_RULES, EXIT_UNDETERMINED, EXIT_ENGINE = 0, 1, 2, 3, 4, 5
_SEVERITY = [EXIT_OK, EXIT_UNDETERMINED, EXIT_VIOLATION, EXIT_INPUT, EXIT_ENGINE, EXIT_RULES]
EPILOG = """\b
Exit codes:
  0  checked, no violation
  1  checked, violation found
  2  bad input or usage (the message names the file, line or field)
  3  rule set invalid
  4  checked, not determinable (facts missing; the verdict names them)
  5  engine failure on valid input
With several inputs the most serious code wins (3, 5, 2, 1, 4, 0).
"""
F = TypeVar("F", bound=Callable[..., Any])


def _format_warning(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, line: str | None = None
) -> str:
    """Warnings as one plain line, like every other nrules message (no source line, no path)."""
    return f"nrules: warning: {message}\n"


warnings.formatwarning = _format_warning  # the CLI only; the library leaves warnings as they are


def worst(codes: list[int]) -> int:
    return max(codes, key=_SEVERITY.index) if codes else EXIT_OK


class State:
    def __init__(self, lang: Lang, debug: bool) -> None:
        self.lang = lang
        self.debug = debug
        self.err = Console(stderr=True, highlight=False)

    def fail(self, exc: BaseException) -> int:
        """One clean message; a traceback only with --debug."""
        if self.debug:
            traceback.print_exception(exc)
        if isinstance(exc, NrulesError):
            click.echo(f"nrules: {t('ui.error', self.lang)}: {exc.render(self.lang)}", err=True)
            return exc.exit_code
        click.echo(f"nrules: {t('ui.cli.internal', self.lang, error=repr(exc))}", err=True)
        if not self.debug:
            click.echo(t("ui.cli.debug_hint", self.lang), err=True)
        return EXIT_ENGINE


def load_engine(state: State, rules: Path | None, layers: tuple[Path, ...], backend: Backend) -> Engine:
    return Engine.load(rules, layers=layers, backend=backend)


def common_options(func: F) -> F:
    func = click.option(
        "--rules",
        "rules",
        type=click.Path(path_type=Path),
        default=None,
        help="Rule set folder (default: the bundled rules/).",
    )(func)
    func = click.option(
        "--layer",
        "layers",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Additional rule folder layered on top (repeatable), e.g. a province's rules.",
    )(func)
    func = click.option(
        "--backend",
        type=click.Choice(["durable", "reference"]),
        default="durable",
        show_default=True,
        help="Matching engine.",
    )(func)
    return func


def _version_text() -> tuple[str, int]:
    """The version line and the exit code: 0 when the rule set loads, else the error's own code (3), so
    that an install whose bundled rules cannot be read fails where a script checks it."""
    try:
        engine = Engine.load()
    except NrulesError as exc:
        return f"nrules {version()}; rule set unavailable: {exc.render('en')}", exc.exit_code
    rs = engine.ruleset
    text = t(
        "ui.version",
        current_lang(),
        version=version(),
        name=rs.meta.name,
        ruleset_version=rs.meta.version,
        hash=f"sha256:{rs.content_hash}",
        backend=engine.backend,
    )
    if engine.backend_note:
        text += "\n" + getattr(engine.backend_note, resolve_lang(None))
    return text, EXIT_OK


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    text, code = _version_text()
    click.echo(text, err=code != EXIT_OK)
    ctx.exit(code)


def _set_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    state = ctx.find_object(State)
    if value is not None and state is not None:
        state.lang = resolve_lang(value)


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    state = ctx.find_object(State)
    if value and state is not None:
        state.debug = True


LANG_HELP = "Language of messages (default: NRULES_LANG, then the locale, then en)."
DEBUG_HELP = "Show tracebacks."


def _everywhere(group: click.Group) -> None:
    """Give every subcommand (and theirs) --lang and --debug, so that `nrules check --lang id f.json`
    works as `nrules --lang id check f.json` does; commands added later by other modules get them too."""
    for command in group.commands.values():
        names = {opt for p in command.params for opt in getattr(p, "opts", [])}
        if "--lang" not in names:
            command.params.append(
                click.Option(
                    ["--lang"],
                    type=click.Choice(["en", "id"]),
                    default=None,
                    expose_value=False,
                    callback=_set_lang,
                    is_eager=True,
                    help=LANG_HELP,
                )
            )
        if "--debug" not in names:
            command.params.append(
                click.Option(
                    ["--debug"], is_flag=True, expose_value=False, callback=_set_debug, is_eager=True, help=DEBUG_HELP
                )
            )
        if isinstance(command, click.Group):
            _everywhere(command)


COMMANDS: dict[str, tuple[str, ...]] = {
    "check": ("check",),
    "new": ("new",),
    "schema": ("schema",),
    "test": ("golden",),
    "verify": ("verify",),
    "rules": ("rules", "audit"),  # audit adds `rules audit` to the group rules defines
    "letter-template": ("letter",),
    "report": ("report",),
    "caseload": ("report",),
    "serve": ("serve",),
}
"""Each command and the modules under cli/ that define it (their `register(main)`, in order)."""


class LazyGroup(LocalisedGroup):
    """Commands are imported when they are used: `nrules check` does not pay for the report's
    spreadsheet writer, the service's web framework or the interview (a cold start is most of the
    time a single check takes). Only the root is lazy: a subgroup (`rules`) is an ordinary localised
    group, or it would offer every root command as its own."""

    group_class = LocalisedGroup  # type: ignore[assignment]  # click types it as type[Group] | type[type]

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            for name in COMMANDS[cmd_name]:
                importlib.import_module(f"{__name__}.{name}").register(self)
            _everywhere(self)
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show nrules, rule-set and backend versions.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "id"]),
    default=None,
    help=LANG_HELP,
)
@click.option("--debug", is_flag=True, help=DEBUG_HELP)
@click.pass_context
def main(ctx: click.Context, lang: str | None, debug: bool) -> None:
    """nrules: check incidents against the political-neutrality rules for Indonesian civil servants,
    village officials, TNI and Polri."""
    ctx.obj = State(resolve_lang(lang), debug)


def run() -> None:
    """Console-script entry: click handles usage errors; anything unexpected is one clean message
    (exit 5), with the traceback only under --debug."""
    try:
        main(standalone_mode=True)
    except Exception as exc:
        state = State(current_lang(), "--debug" in sys.argv)
        sys.exit(state.fail(exc))
