"""Memory stays flat over many checks (durable sessions are pooled and reused, never leaked).

    .venv/bin/python bench/memory.py [--n 100000]

Prints RSS after warm-up and after every 20% of the run.
"""

from __future__ import annotations

import argparse
import copy
import resource

from neutrality_rules import Engine

BASE = {
    "incident_id": "M-0",
    "election": {"key": "pilkada-2024", "contest": "bupati"},
    "respondent": {"role": "pns", "position_kind": "administrator"},
    "event": {"date_of_act": "2024-10-10"},
    "acts": [{"type": "social_media.like"}, {"type": "campaign.attend", "civil_servant_attributes": True}],
    "assessment_date": "2024-11-01",
}


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    engine = Engine.load(backend="durable")
    variants = []
    for i, act in enumerate(
        ["social_media.like", "partisan_activity", "apk.install", "ceremony.neutrality_declaration"]
    ):
        v = copy.deepcopy(BASE)
        v["incident_id"] = f"M-{i}"
        v["acts"][0]["type"] = act
        variants.append(v)
    for v in variants * 50:
        engine.check(v)
    print(f"after warm-up: {rss_mb():.1f} MB")
    step = max(1, args.n // 5)
    for i in range(args.n):
        engine.check(variants[i % len(variants)])
        if (i + 1) % step == 0:
            print(f"after {i + 1:>7} checks: {rss_mb():.1f} MB")


if __name__ == "__main__":
    main()
