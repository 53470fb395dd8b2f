"""What a province's rule layer changes: the golden cases whose verdict differs with the layer on top.

A reviewer of a layer needs to see its effect on cases whose outcome the base rule set already pins:
every golden case is run against the base rule set and against base + layer, and each difference in
status, headline tier, findings, exemptions or sanctions is listed. A layer adds entries and never
replaces the base's (the loader reports a collision), so a changed verdict means a new rule (or
exemption, override, route...) reached an existing case: exactly what the reviewer must read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..api import Engine
from ..errors import InputError
from ..golden import load_case
from ..match.reference import ReferenceMatcher
from ..ruleset.loader import load_ruleset
from ..verdict import Verdict


@dataclass(frozen=True)
class Outline:
    """The parts of a verdict a reviewer compares."""

    status: str
    tier: str
    findings: tuple[str, ...]
    exemptions: tuple[str, ...]
    sanctions: tuple[str, ...]

    def render(self) -> str:
        parts = [self.status, self.tier]
        if self.findings:
            parts.append("findings " + ", ".join(self.findings))
        if self.exemptions:
            parts.append("exemptions " + ", ".join(self.exemptions))
        if self.sanctions:
            parts.append("sanctions " + ", ".join(self.sanctions))
        return "; ".join(parts)


def outline(verdict: Verdict | None, error: str | None = None) -> Outline:
    if verdict is None:
        return Outline("input_error", error or "", (), (), ())
    return Outline(
        verdict.status,
        verdict.headline.tier,
        tuple(sorted({f.rule_id for f in verdict.findings})),
        tuple(sorted({f.rule_id for f in verdict.exemptions})),
        tuple(sorted(f"{s.track}:{s.tier}" for s in verdict.sanctions)),
    )


@dataclass(frozen=True)
class LayerChange:
    path: str
    case_id: str
    base: Outline
    layered: Outline


def layer_changes(base: Sequence[Path], layers: Sequence[Path], case_paths: Sequence[Path]) -> list[LayerChange]:
    """The golden cases whose verdict the layers change (the reference backend, deterministic)."""
    rs_base = load_ruleset(list(base), strict=False)
    rs_layered = load_ruleset([*base, *layers], strict=False)
    engines = (Engine(rs_base, ReferenceMatcher(rs_base)), Engine(rs_layered, ReferenceMatcher(rs_layered)))
    out: list[LayerChange] = []
    for path in case_paths:
        case = load_case(path)
        outlines: list[Outline] = []
        for engine in engines:
            try:
                outlines.append(outline(engine.check(case.incident, as_of=case.as_of)))
            except InputError as exc:
                outlines.append(outline(None, exc.field or exc.key))
        if outlines[0] != outlines[1]:
            out.append(LayerChange(str(path), case.id, outlines[0], outlines[1]))
    return out
