"""A separate program that embeds nrules the way a case-handling system would, and hammers one shared
engine from several threads with good and bad incidents, comparing every answer with a serial run.

    .venv/bin/python bench/embed_hammer.py [--threads 8] [--checks 20000]

Exits 1 on any mismatch or unexpected exception, printing the first ones.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from typing import Any

from hypothesis import HealthCheck, given, settings

from neutrality_rules import Engine, InputError
from neutrality_rules.testing import incidents


def answer(engine: Engine, item: Any) -> str:
    try:
        return engine.check(item).to_json()
    except InputError as exc:
        return json.dumps(exc.as_dict())


def corpus(engine: Engine, n: int) -> list[Any]:
    out: list[Any] = []

    @settings(max_examples=n, database=None, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
    @given(incidents(engine.ruleset, max_acts=3))
    def collect(incident: dict[str, Any]) -> None:
        out.append(incident)

    collect()
    bad: list[Any] = [
        {"incident_id": "no-acts"},
        [],
        "text",
        None,
        42,
        {**out[0], "acts": [{"type": "not.a.type"}]},
        {**out[0], "event": {"date_of_act": "1990-01-01"}},
        {**out[0], "acts": [{"type": "social_media.like", "public": "ya"}]},
        {**out[0], "respondent": {"role": "pns", "nip": "12"}},
        {**out[0], "narrative": "\ud800"},
    ]
    return out + bad


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--checks", type=int, default=20_000)
    parser.add_argument("--backend", default="durable")
    args = parser.parse_args()
    engine = Engine.load(backend=args.backend)
    items = corpus(engine, 300)
    serial = [answer(engine, x) for x in items]
    failures: list[str] = []
    per_thread = args.checks // args.threads

    def worker(seed: int) -> None:
        for k in range(per_thread):
            j = (seed * 7919 + k * 104729) % len(items)
            try:
                got = answer(engine, items[j])
            except Exception as exc:  # anything else is a bug to report
                failures.append(f"thread {seed} item {j}: {exc!r}")
                continue
            if got != serial[j]:
                failures.append(f"thread {seed} item {j}: differs from the serial answer")

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(s,)) for s in range(args.threads)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - start
    total = per_thread * args.threads
    bad = sum(1 for s in serial if '"exit_code"' in s)
    print(
        f"{engine.backend}: {args.threads} threads, {total} checks ({len(items)} distinct, {bad} bad) "
        f"in {elapsed:.1f} s = {total / elapsed:.0f}/s; mismatches or errors: {len(failures)}"
    )
    for line in failures[:10]:
        print("  " + line)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
