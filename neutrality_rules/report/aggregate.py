"""The caseload's numbers, counted once as rows stream in.

Every figure the report shows (HTML, CSV, XLSX) comes from these counters; tests recompute them from
the raw incidents and verdicts by a separate route and compare.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .rows import DEPARTURES, ErrorRow, Row

STATUSES = ("violation", "no_violation", "not_determinable")
RESULTS = ("aligned", "lighter", "heavier", "different_track", "mixed", "not_comparable")


@dataclass
class GroupCounts:
    """Cases of one region or agency: how many, what the law prescribes, how the decisions compare."""

    cases: int = 0
    status: Counter[str] = field(default_factory=Counter)
    decided: int = 0
    result: Counter[str] = field(default_factory=Counter)

    def add(self, row: Row) -> None:
        self.cases += 1
        self.status[row.status] += 1
        if row.result is not None:
            self.decided += 1
            self.result[row.result] += 1

    @property
    def comparable(self) -> int:
        return self.decided - self.result["not_comparable"]

    @property
    def departures(self) -> int:
        return sum(self.result[r] for r in DEPARTURES)

    @property
    def departure_rate(self) -> float | None:
        return self.departures / self.comparable if self.comparable else None


@dataclass
class Caseload:
    rows: list[Row] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)
    status: Counter[str] = field(default_factory=Counter)
    decision: Counter[str] = field(default_factory=Counter)
    result: Counter[str] = field(default_factory=Counter)
    reason: Counter[str] = field(default_factory=Counter)
    followed: Counter[str] = field(default_factory=Counter)
    subject: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    act_incidents: Counter[str] = field(default_factory=Counter)
    act_count: Counter[str] = field(default_factory=Counter)
    phase_acts: Counter[str] = field(default_factory=Counter)
    track: Counter[str] = field(default_factory=Counter)
    tier: Counter[tuple[str, str]] = field(default_factory=Counter)
    region: dict[str, GroupCounts] = field(default_factory=lambda: defaultdict(GroupCounts))
    province: dict[str, GroupCounts] = field(default_factory=lambda: defaultdict(GroupCounts))
    agency: dict[str, GroupCounts] = field(default_factory=lambda: defaultdict(GroupCounts))
    matrix: Counter[tuple[str, str]] = field(default_factory=Counter)
    flag_deciding: Counter[str] = field(default_factory=Counter)
    flag_departures: Counter[str] = field(default_factory=Counter)
    flag_present: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)
    elections: Counter[str] = field(default_factory=Counter)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.status[row.status] += 1
        self.decision[row.decision] += 1
        self.elections[row.election] += 1
        if row.result is not None:
            self.result[row.result] += 1
            self.reason[row.reason or ""] += 1
        if row.followed_recommendation is not None:
            self.followed[row.followed_recommendation] += 1
        self.subject[row.role][row.status] += 1
        for act in set(row.act_types):
            self.act_incidents[act] += 1
        self.act_count.update(row.act_types)
        self.phase_acts.update(row.phases)
        for track in {t for t, _ in row.prescribed}:
            self.track[track] += 1
        for pair in set(row.prescribed):
            self.tier[pair] += 1
        self.region[row.region].add(row)
        self.province[row.province].add(row)
        self.agency[row.agency].add(row)
        if row.decision != "none":
            self.matrix[(row.prescribed_key, row.imposed_key)] += 1
        for flag in row.deciding_flags:
            self.flag_deciding[flag] += 1
            if row.departure:
                self.flag_departures[flag] += 1
        self.flag_present.update(set(row.flags))
        if row.status == "not_determinable":
            self.unknown.update(set(row.unknown_facts))

    def add_error(self, error: ErrorRow) -> None:
        self.errors.append(error)

    @property
    def checked(self) -> int:
        return len(self.rows)

    @property
    def decided(self) -> int:
        return sum(self.result.values())

    @property
    def comparable(self) -> int:
        return self.decided - self.result["not_comparable"]

    @property
    def departures(self) -> int:
        return sum(self.result[r] for r in DEPARTURES)
