"""hypothesis-jsonschema 0.23 drives an older form of Hypothesis' internal `many` helper
(`while elements.more(): ...`); current Hypothesis only offers the `with many(...) as e: for _ in e`
form. This adapter gives the old form on top of the new one, for the tests only."""

from __future__ import annotations

import types
from typing import Any

import hypothesis_jsonschema._from_schema as from_schema_module
from hypothesis.internal.conjecture import utils as conjecture_utils


class _OldMany:
    def __init__(self, data: Any, min_size: int, max_size: float, average_size: float) -> None:
        self._many = conjecture_utils.many(data, min_size=min_size, max_size=max_size, average_size=average_size)
        self._many.__enter__()
        self._steps = iter(self._many)

    def more(self) -> bool:
        try:
            next(self._steps)
        except StopIteration:
            self._many.__exit__(None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        self._many.reject()


if not hasattr(conjecture_utils.many, "more"):
    from_schema_module.cu = types.SimpleNamespace(many=_OldMany)  # type: ignore[attr-defined]
