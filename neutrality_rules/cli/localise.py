"""Help texts and click's own messages in the user's language.

click writes its fixed strings ("Usage:", "Show this message and exit.", "No such option") through
`gettext`, and our commands' help texts are plain English strings in the code. Both are looked up here,
by their English text, in the message catalogue's `cli.*` entries (messages/officer.yaml), so adding a
translation needs no code. The language comes from `--lang` anywhere on the command line (read before
click parses it, because `--help` is processed first), else NRULES_LANG and the locale.

Only the command line is localised this way; the library never touches click.
"""

from __future__ import annotations

import contextvars
import inspect
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import click

from ..i18n import Lang, catalogue, resolve_lang

_LANG: contextvars.ContextVar[Lang | None] = contextvars.ContextVar("nrules_cli_lang", default=None)


def _norm(text: str) -> str:
    return " ".join(inspect.cleandoc(text).split())


@cache
def _table() -> dict[str, str]:
    """English text (whitespace-normalised) -> Indonesian text, from the catalogue's cli.* keys."""
    out: dict[str, str] = {}
    for key, entry in catalogue().items():
        if not key.startswith("cli."):
            continue
        for part, english in entry.get("en", {}).items():
            indonesian = entry.get("id", {}).get(part)
            if indonesian:
                out[_norm(english)] = indonesian
    return out


def explicit_lang() -> Lang | None:
    """The language given with --lang on this command line, if any."""
    return _LANG.get()


def current_lang() -> Lang:
    return _LANG.get() or resolve_lang(None)


def tr(text: str, lang: Lang | None = None) -> str:
    """`text` in the current language: the catalogue's Indonesian for it, or the English unchanged."""
    if (lang or current_lang()) != "id" or not text:
        return text
    return _table().get(_norm(text), text)


def _gettext(message: str) -> str:
    return tr(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return tr(singular if n == 1 else plural)


def install() -> None:
    """Route click's gettext calls through the catalogue (idempotent)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
        click.utils,
    ):
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


def prescan_lang(args: list[str]) -> Lang | None:
    """`--lang id` or `--lang=id` anywhere before a `--`: click reads it too late for `--help`."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in ("en", "id"):
            return "id" if value == "id" else "en"
    return None


@contextmanager
def _translated(obj: Any, attr: str) -> Iterator[None]:
    original = getattr(obj, attr, None)
    if isinstance(original, str) and original:
        setattr(obj, attr, tr(original))
    try:
        yield
    finally:
        if isinstance(original, str) and original:
            setattr(obj, attr, original)


class LocalisedCommand(click.Command):
    """A command whose help, option help and epilog follow the user's language."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, "help"):
            super().format_help_text(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, "epilog"):
            super().format_epilog(ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = self.get_params(ctx)
        originals = [getattr(p, "help", None) for p in params]
        try:
            for param, text in zip(params, originals, strict=True):
                if isinstance(text, str) and text:
                    param.help = tr(text)
            super().format_options(ctx, formatter)
        finally:
            for param, text in zip(params, originals, strict=True):
                if isinstance(text, str) and text:
                    param.help = text

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [tr(piece) for piece in super().collect_usage_pieces(ctx)]

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self, "help"), _translated(self, "short_help"):
            return super().get_short_help_str(limit)


class LocalisedGroup(LocalisedCommand, click.Group):
    """The root group (and `rules`): reads --lang before anything else, localises subcommands too."""

    command_class = LocalisedCommand
    group_class = type

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # every invocation starts afresh (tests invoke many in one thread)
            _LANG.set(prescan_lang(args))
        return super().parse_args(ctx, args)
