"""The mutation report in words (both languages) and as JSON for CI artifacts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..i18n import Lang, t
from .mutate import MutantSpec
from .mutrun import MutationReport


def describe(spec: MutantSpec, lang: Lang) -> str:
    """'the tier of pns.skb2022.d6.engagement-calon from berat to sedang'."""
    return t(spec.message, lang, **dict(spec.params))


def summary_lines(report: MutationReport, lang: Lang, *, chosen: int, sample: int | None, seed: int) -> list[str]:
    sampled = t("verify.mutate_sampled", lang, seed=seed) if sample is not None and sample < report.generated else ""
    caught = ", ".join(f"{k} {v}" for k, v in sorted(report.caught_by().items()))
    lines = [
        t(
            "verify.mutate_header",
            lang,
            generated=report.generated,
            chosen=chosen,
            sampled=sampled,
            jobs=report.jobs,
        ),
        "  "
        + t(
            "verify.mutate_summary",
            lang,
            killed=report.killed,
            caught=caught or "-",
            survived=len(report.survived),
            score=f"{report.score:.1f}",
            seconds=f"{report.seconds:.0f}",
        ),
    ]
    caught_unscored, left = report.unscored()
    if caught_unscored or left:
        lines.append("  " + t("verify.mutate_unscored", lang, caught=caught_unscored, survived=len(left)))
    if report.equivalent():
        lines.append("  " + t("verify.mutate_equivalent", lang, count=len(report.equivalent())))
    return lines


def survivor_lines(
    report: MutationReport, lang: Lang, *, unscored: bool = False, equivalent: bool = False
) -> list[str]:
    outcomes = report.equivalent() if equivalent else report.unscored()[1] if unscored else report.survived
    return [
        "  "
        + t(
            "verify.mutant_survived",
            lang,
            where=str(report.where(o)),
            what=describe(report.specs[o.index], lang),
        )
        for o in outcomes
    ]


def operator_lines(report: MutationReport) -> list[str]:
    return [f"  {op:<22} {killed:>5} / {survived:<5}" for op, (killed, survived) in report.by_operator().items()]


def write_json(report: MutationReport, path: Path, **extra: Any) -> None:
    data = {
        "score": round(report.score, 2),
        "killed": report.killed,
        "survived": len(report.survived),
        "equivalent_count": len(report.equivalent()),
        "timeouts": sum(1 for o in report.outcomes if o.status == "timeout"),
        "not_run": report.not_run,
        "generated": report.generated,
        "checked": len(report.outcomes),
        "seconds": round(report.seconds, 1),
        "jobs": report.jobs,
        **extra,
        "by_operator": {op: {"caught": k, "survived": s} for op, (k, s) in report.by_operator().items()},
        "survivors": [
            {
                "where": str(report.where(o)),
                "operator": report.specs[o.index].op,
                "change": describe(report.specs[o.index], "en"),
            }
            for o in report.survived
        ],
        "unscored_survivors": [
            {
                "where": str(report.where(o)),
                "operator": report.specs[o.index].op,
                "change": describe(report.specs[o.index], "en"),
            }
            for o in report.unscored()[1]
        ],
        "equivalent": [
            {
                "where": str(report.where(o)),
                "operator": report.specs[o.index].op,
                "change": describe(report.specs[o.index], "en"),
                "days": list(report.specs[o.index].equivalent),
            }
            for o in report.equivalent()
        ],
        "caught": [
            {
                "where": str(report.where(o)),
                "operator": report.specs[o.index].op,
                "change": describe(report.specs[o.index], "en"),
                "by": o.by,
            }
            for o in report.outcomes
            if o.status == "killed"
        ],
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
