"""Rule-file conditions (YAML) to the condition IR, type-checked against the fact schema."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from typing import Any

from .conditions import All, AnyOf, Cmp, Condition, In, Not, Op, Scalar
from .factschema import FactType

OPERATORS = ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte")
COMBINATORS = ("all", "any", "not")
MAX_IN_VALUES = 200


class ConditionProblem(Exception):
    """A condition is malformed; carries the location inside the `when` block."""

    def __init__(self, loc: tuple[str | int, ...], message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message
        self.suggestion = suggestion


def did_you_mean(word: str, options: Any) -> str | None:
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return close[0] if close else None


def _constant(path: str, ftype: FactType, value: Any, loc: tuple[str | int, ...]) -> Scalar:
    if ftype.kind == "enum":
        if not isinstance(value, str) or value not in ftype.values:
            hint = did_you_mean(str(value), ftype.values)
            raise ConditionProblem(
                loc,
                f"{path} is never {value!r}; it is one of: {', '.join(ftype.values)}",
                f"did you mean {hint!r}?" if hint else None,
            )
        return value
    if ftype.kind == "bool":
        if not isinstance(value, bool):
            raise ConditionProblem(loc, f"{path} is true or false, not {value!r}")
        return value
    if ftype.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConditionProblem(loc, f"{path} is a whole number, not {value!r}")
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.toordinal()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).toordinal()
        except ValueError:
            pass
    raise ConditionProblem(loc, f"{path} is a date (YYYY-MM-DD), not {value!r}")


def parse_condition(raw: Any, schema: dict[str, FactType], loc: tuple[str | int, ...] = ()) -> Condition:
    if not isinstance(raw, dict) or not raw:
        raise ConditionProblem(loc, "a condition is a non-empty mapping of fact paths or all/any/not")
    items: list[Condition] = []
    for key, value in raw.items():
        here = (*loc, key)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionProblem(here, f"'{key}' takes a non-empty list of conditions")
            parts = tuple(parse_condition(v, schema, (*here, i)) for i, v in enumerate(value))
            items.append(All(parts) if key == "all" else AnyOf(parts))
        elif key == "not":
            items.append(Not(parse_condition(value, schema, here)))
        else:
            items.append(_leaf(str(key), value, schema, here))
    return items[0] if len(items) == 1 else All(tuple(items))


def _leaf(path: str, value: Any, schema: dict[str, FactType], loc: tuple[str | int, ...]) -> Condition:
    ftype = schema.get(path)
    if ftype is None:
        hint = did_you_mean(path, [*schema, *COMBINATORS])
        raise ConditionProblem(
            loc, f"unknown fact path {path!r}", f"did you mean {hint!r}?" if hint else "see `nrules rules facts`"
        )
    if isinstance(value, list):
        return _membership(path, ftype, value, loc)
    if isinstance(value, dict):
        parts: list[Condition] = []
        for op, operand in value.items():
            here = (*loc, op)
            if op not in OPERATORS:
                hint = did_you_mean(str(op), OPERATORS)
                raise ConditionProblem(here, f"unknown operator {op!r}", f"did you mean {hint!r}?" if hint else None)
            if op in ("in", "not_in"):
                if not isinstance(operand, list):
                    raise ConditionProblem(here, f"'{op}' takes a list")
                member = _membership(path, ftype, operand, here)
                parts.append(member if op == "in" else Not(member))
                continue
            if op in ("lt", "lte", "gt", "gte") and ftype.kind not in ("int", "date"):
                raise ConditionProblem(here, f"{path} is {ftype.kind}; '{op}' only orders numbers and dates")
            parts.append(Cmp(path, _op(op), _constant(path, ftype, operand, here)))
        if not parts:
            raise ConditionProblem(loc, f"no operator given for {path}")
        return parts[0] if len(parts) == 1 else All(tuple(parts))
    return Cmp(path, "eq", _constant(path, ftype, value, loc))


def _op(name: str) -> Op:
    ops: dict[str, Op] = {"eq": "eq", "ne": "ne", "lt": "lt", "lte": "lte", "gt": "gt", "gte": "gte"}
    return ops[name]


def _membership(path: str, ftype: FactType, values: list[Any], loc: tuple[str | int, ...]) -> Condition:
    if not values:
        raise ConditionProblem(loc, f"an empty list for {path} can never match")
    if len(values) > MAX_IN_VALUES:
        raise ConditionProblem(loc, f"at most {MAX_IN_VALUES} values in one list")
    consts = tuple(dict.fromkeys(_constant(path, ftype, v, (*loc, i)) for i, v in enumerate(values)))
    return In(path, consts) if len(consts) > 1 else Cmp(path, "eq", consts[0])


def render_condition(cond: Condition, label: Callable[[str, Scalar], str] | None = None) -> str:
    """A compact textual form (YAML-like) of a condition, for `nrules rules show` and messages."""

    def show(path: str, v: Scalar) -> str:
        return (
            label(path, v)
            if label
            else (str(dt.date.fromordinal(v)) if path == "date" and isinstance(v, int) else str(v))
        )

    if isinstance(cond, Cmp):
        return f"{cond.path} {cond.op} {show(cond.path, cond.value)}"
    if isinstance(cond, In):
        return f"{cond.path} in [{', '.join(show(cond.path, v) for v in cond.values)}]"
    if isinstance(cond, All):
        return "all(" + "; ".join(render_condition(c, label) for c in cond.items) + ")"
    if isinstance(cond, AnyOf):
        return "any(" + "; ".join(render_condition(c, label) for c in cond.items) + ")"
    return "not(" + render_condition(cond.item, label) + ")"
