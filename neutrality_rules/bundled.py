"""Where the rule set shipped with nrules lives, however nrules was installed.

A wheel or an sdist install puts the repository's `rules/` folder inside the package as
`neutrality_rules/_bundled_rules/` (package data); a source checkout or an editable install reads the
repository's `rules/` itself. The installed copy is found through `importlib.resources` (a real
folder on disk via `as_file`), never by guessing paths relative to the current folder, so `nrules`
works from any folder.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from .errors import RuleSetError

BUNDLED_PACKAGE_DIR = "_bundled_rules"


def _installed() -> Traversable:
    return resources.files(__package__).joinpath(BUNDLED_PACKAGE_DIR)


def _source_tree_rules() -> Path:
    return Path(__file__).resolve().parent.parent / "rules"


@contextlib.contextmanager
def bundled_rules() -> Iterator[Path]:
    """The bundled rule set as a folder on disk for the duration of the block (a temporary copy
    only when the package is not installed as plain files, e.g. inside a zip)."""
    installed = _installed()
    if installed.is_dir() and installed.joinpath("ruleset.yaml").is_file():
        with resources.as_file(installed) as folder:
            yield Path(folder)
        return
    source = _source_tree_rules()
    if (source / "ruleset.yaml").is_file():
        yield source
        return
    raise RuleSetError("rules.bundled_missing", file=str(installed))


def bundled_rules_path() -> Path:
    """The bundled rule set's folder, for callers that keep the path (display, copying in tests).
    Installed packages are plain files on disk, so the folder outlives the `as_file` block."""
    with bundled_rules() as folder:
        return folder
