"""Load benchmark of `nrules serve`: many concurrent clients against a real server on loopback.

Starts `nrules serve` (N workers) on a free port of 127.0.0.1, then C concurrent clients send a bounded
number of requests (and stop at a time cap): mostly real-looking incidents (the bundled examples and
golden cases), with a share of hostile ones (broken JSON, unknown fields, bodies over the size limit,
deep nesting). Reports throughput, p50/p90/p99 latency, and errors, where an error is a transport
failure, a 5xx, or an answer other than the one expected (200 for a good incident, 4xx for a hostile
one). Then one batch of JSON Lines through /v1/check/batch. Figures go to the README by hand; nothing
here is asserted in the tests.

    .venv/bin/python bench/serve_load.py --clients 200 --requests 6000 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent


def incidents() -> list[dict[str, Any]]:
    out = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*.json"))]
    for path in sorted((ROOT / "cases").rglob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        expect = case.get("expect") if isinstance(case, dict) else None
        if isinstance(expect, dict) and expect.get("status") == "input_error":
            continue  # golden cases of bad input: those belong to the hostile share
        if isinstance(case, dict) and isinstance(case.get("incident"), dict):
            out.append(json.loads(json.dumps(case["incident"], default=str)))
    return out


def hostile() -> list[tuple[bytes, str]]:
    deep = b'{"a":' * 200 + b"1" + b"}" * 200
    return [
        (b'{"incident_id": "X", "acts": [', "application/json"),
        (json.dumps({"incident_id": "X", "respondant": {}}).encode(), "application/json"),
        (b"x" * 1_500_000, "application/json"),  # over the 1 MB limit: refused before it is read
        (deep, "application/json"),
        (b"a: &x [1]\nb: *x\n", "application/yaml"),
        (b"\xff\xfe\x00garbage", "application/json"),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workers: int, backend: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-c", "from neutrality_rules.cli import run; run()", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--backend", backend, "--log-level", "warning"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                time.sleep(2 * workers)  # let every worker finish loading its engine
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start")


async def run_load(url: str, clients: int, total: int, cap: float, hostile_share: float) -> dict[str, Any]:
    good = incidents()
    bad = hostile()
    rng = random.Random(20241010)
    plan: list[tuple[bytes, str, bool]] = []
    for i in range(total):
        if rng.random() < hostile_share:
            body, kind = rng.choice(bad)
            plan.append((body, kind, False))
        else:
            data = dict(rng.choice(good))
            data["incident_id"] = f"LOAD-{i}"
            plan.append((json.dumps(data).encode(), "application/json", True))
    latencies: list[float] = []
    errors: dict[str, int] = {}
    statuses: dict[int, int] = {}
    queue: asyncio.Queue[tuple[bytes, str, bool]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    stop_at = time.monotonic() + cap
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(60.0)

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client:

        async def worker() -> None:
            while time.monotonic() < stop_at:
                try:
                    body, kind, expect_ok = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                start = time.perf_counter()
                try:
                    response = await client.post("/v1/check", content=body, headers={"Content-Type": kind})
                    await response.aread()
                except httpx.HTTPError as exc:
                    if len(body) > 1_000_000 and isinstance(exc, (httpx.ReadError, httpx.WriteError)):
                        # the server answered 413 and closed without reading the upload: a refusal, as meant
                        statuses[413] = statuses.get(413, 0) + 1
                        latencies.append(time.perf_counter() - start)
                        continue
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    continue
                latencies.append(time.perf_counter() - start)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                fine = response.status_code == 200 if expect_ok else 400 <= response.status_code < 500
                if not fine:
                    key = f"unexpected {response.status_code}"
                    errors[key] = errors.get(key, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {
        "clients": clients,
        "requests": len(latencies) + sum(v for k, v in errors.items() if not k.startswith("unexpected")),
        "seconds": round(elapsed, 2),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(pct(0.50), 1),
        "p90_ms": round(pct(0.90), 1),
        "p99_ms": round(pct(0.99), 1),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
        "statuses": dict(sorted(statuses.items())),
        "errors": errors,
    }


def run_batch(url: str, records: int) -> dict[str, Any]:
    good = incidents()
    lines = []
    for i in range(records):
        data = dict(good[i % len(good)])
        data["incident_id"] = f"BATCH-{i}"
        lines.append(json.dumps(data))
    body = "\n".join(lines).encode()
    start = time.perf_counter()
    first = None
    count = 0
    with httpx.stream(
        "POST", url + "/v1/check/batch", content=body, headers={"Content-Type": "application/x-ndjson"}, timeout=600
    ) as response:
        for line in response.iter_lines():
            if line.strip():
                count += 1
                if first is None:
                    first = time.perf_counter() - start
    elapsed = time.perf_counter() - start
    return {
        "records": count,
        "seconds": round(elapsed, 2),
        "records_per_s": round(count / elapsed, 1),
        "first_line_ms": round((first or 0) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backend", default="durable", choices=["durable", "reference"])
    parser.add_argument("--hostile", type=float, default=0.1, help="share of hostile requests")
    parser.add_argument("--cap", type=float, default=300.0, help="stop after this many seconds")
    parser.add_argument("--batch", type=int, default=1000, help="records in the batch run (0: skip)")
    args = parser.parse_args()
    proc, url = start_server(args.workers, args.backend)
    try:
        print(f"server: {url}, {args.workers} worker(s), backend {args.backend}", flush=True)
        result = asyncio.run(run_load(url, args.clients, args.requests, args.cap, args.hostile))
        print(json.dumps({"load": result}, indent=2), flush=True)
        if args.batch:
            print(json.dumps({"batch": run_batch(url, args.batch)}, indent=2), flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
