"""The closing summary of a batch: what a caseload came to, by status, track, tier, rule and region,
and the records that could not be checked (with where they are, so they can be fixed and rerun)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table

from ..i18n import Lang, t
from .records import Outcome

MAX_ERRORS_LISTED = 20


@dataclass
class Summary:
    records: int = 0
    verdicts: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    tracks: Counter[str] = field(default_factory=Counter)
    tiers: Counter[tuple[str, str]] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    error_places: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.records += 1
        if outcome.error is not None:
            self.errors[outcome.error.key] += 1
            if len(self.error_places) < MAX_ERRORS_LISTED:
                where = outcome.source + (f":{outcome.line}" if outcome.line else "")
                self.error_places.append(f"{where}  {outcome.error.key}")
            return
        self.verdicts += len(outcome.statuses)
        self.statuses.update(outcome.statuses)
        self.tracks.update(track for track, _tier in outcome.sanctions)
        self.tiers.update(outcome.sanctions)
        self.rules.update(outcome.rules)
        self.regions.update([outcome.region or "-"] * len(outcome.statuses))

    def render(self, console: Console, lang: Lang) -> None:
        console.print(
            t(
                "batch.summary.head",
                lang,
                records=self.records,
                verdicts=self.verdicts,
                violation=self.statuses["violation"],
                no_violation=self.statuses["no_violation"],
                not_determinable=self.statuses["not_determinable"],
                errors=sum(self.errors.values()),
            ),
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        for title, counts in (
            ("batch.summary.by_track", self.tracks),
            ("batch.summary.by_tier", Counter({f"{a} / {b}": n for (a, b), n in self.tiers.items()})),
            ("batch.summary.by_rule", self.rules),
            ("batch.summary.by_region", self.regions),
            ("batch.summary.by_error", self.errors),
        ):
            if not counts:
                continue
            console.print(t(title, lang), markup=False, highlight=False, style="bold")
            table = Table(show_header=False, box=None, pad_edge=False, padding=(0, 2))
            table.add_column(overflow="fold")
            table.add_column(justify="right")
            for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]:
                table.add_row(key, str(count))
            if len(counts) > 15:
                table.add_row(t("batch.summary.more", lang, count=len(counts) - 15), "")
            console.print(table)
        if self.error_places:
            console.print(t("batch.summary.errors_at", lang), markup=False, highlight=False)
            for place in self.error_places:
                console.print("  " + place, markup=False, highlight=False)
