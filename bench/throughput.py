"""Throughput and memory of nrules, per backend (run by hand; figures go in the README).

    .venv/bin/python bench/throughput.py [--n 2000] [--repeat 5]

Generates `n` valid incidents once (fixed seed, the bundled rule set), then times `Engine.check` over
all of them `repeat` times per backend and prints the median incidents/second, the matcher-only rate
(fact documents already built), and the peak RSS of the process. Timed assertions never go in tests.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neutrality_rules import Engine
from neutrality_rules.context import build_contexts
from neutrality_rules.inputs import to_incident
from neutrality_rules.testing import incidents


def generate(engine: Engine, n: int, seed: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    @settings(max_examples=n, database=None, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    @given(incidents(engine.ruleset, max_acts=4), st.integers())
    def collect(incident: dict[str, Any], _salt: int) -> None:
        out.append(incident)

    random.seed(seed)
    collect()
    return out[:n]


def rate(fn: Any, items: list[Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)
        times.append(time.perf_counter() - start)
    return len(items) / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    durable = Engine.load(os.environ.get("NRULES_RULES"), backend="durable")
    reference = Engine.load(os.environ.get("NRULES_RULES"), backend="reference")
    items = generate(reference, args.n, 7)
    acts = sum(len(i["acts"]) for i in items)
    print(f"rule set: {len(reference.ruleset.rules)} rules; {len(items)} incidents, {acts / len(items):.2f} acts each")
    if durable.backend == "durable":
        print(
            f"durable: {durable.matcher.shard_count} shards, "  # type: ignore[attr-defined]
            f"{durable.matcher.durable_rule_count} durable rules"
        )  # type: ignore[attr-defined]
    docs = [
        [
            a.base
            for c in build_contexts(to_incident(i), reference.ruleset, as_of=None, today=time_today())
            for a in c.acts
        ]
        for i in items
    ]
    for engine in (durable, reference):
        full = rate(engine.check, items, args.repeat)
        match = rate(engine.matcher.match, docs, args.repeat)
        print(f"{engine.backend:9s}  check: {full:8.0f} incidents/s   matcher only: {match:8.0f} incidents/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")


def time_today() -> Any:
    import datetime as dt

    return dt.date(2025, 1, 1)


if __name__ == "__main__":
    main()
