"""One benchmark of the whole pipeline, side by side in one run (issue 14; run by hand, never in tests).

    .venv/bin/python bench/pipeline.py                     # 10k and 100k, both backends
    .venv/bin/python bench/pipeline.py --sizes 2000 --quick  # a quick look

Caseloads come from the seeded generator (neutrality_rules.caseload: the mix of REFERENCE section 11,
several acts per incident, partial dates as real reports give them). Every figure is CPU time
(user + system, of this process or of the child it ran), because the machine is shared: wall time
measures the neighbours. Printed:

- the floor: reading one incident (json.loads + validation into Incident) and dumping a verdict of the
  size nrules produces for it;
- `check_many` (in process: read, check, dump each verdict) per backend, and its ratio to the floor;
- the CLI end to end (`nrules check --format jsonl`), per backend, and its ratio to the floor;
- the cost of one more act (the same incidents with 1 to 4 acts, least-squares slope);
- peak RSS of the CLI at each size;
- a cold `nrules check` of one file against the cost of importing nrules' dependencies.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NRULES = str(Path(sys.executable).parent / "nrules")
EXAMPLE = ROOT / "examples" / "like-after-determination.json"
DEPENDENCIES = "import pydantic, click, rich.console, yaml, babel.dates, durable_rules_engine"


def cpu() -> float:
    t = os.times()
    return t.user + t.system


def caseload(n: int, folder: Path, seed: int) -> Path:
    from neutrality_rules.caseload import generate, write_jsonl

    path = folder / f"caseload-{n}-{seed}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            write_jsonl(out, generate(n, seed=seed))
    return path


def lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as f:
        yield from f


def floor(path: Path, limit: int) -> float:
    """CPU per incident of reading it and dumping a verdict of its real size (the verdicts are made
    first, untimed, by the reference engine)."""
    from neutrality_rules import Engine, Incident

    engine = Engine.load(backend="reference")
    texts = [line for _, line in zip(range(limit), lines(path), strict=False)]
    verdicts = [engine.check_case(json.loads(t)) for t in texts]
    start = cpu()
    for text, made in zip(texts, verdicts, strict=True):
        Incident.model_validate(json.loads(text))
        for v in made:
            v.model_dump_json()
    return (cpu() - start) / len(texts)


def in_process(path: Path, backend: str) -> tuple[float, int]:
    """CPU per incident of check_many over the file (read, check, dump each verdict)."""
    from neutrality_rules import Engine

    engine = Engine.load(backend=backend)  # type: ignore[arg-type]
    if hasattr(engine.matcher, "prepare"):
        engine.matcher.prepare()  # shard creation is start-up cost, measured with the cold start
    count = 0
    start = cpu()
    for result in engine.check_many(json.loads(line) for line in lines(path)):
        if hasattr(result, "model_dump_json"):
            result.model_dump_json()
        count += 1
    return (cpu() - start), count


_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(usage.ru_utime + usage.ru_stime, time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def child(args: list[str]) -> tuple[float, float, int, int]:
    """Run a command; its CPU seconds, wall seconds, peak RSS (KB) and exit code.

    Through a small launcher process: on Linux a child's peak RSS starts from its parent's resident size
    at fork (the high-water mark is carried across fork and exec), and this process holds whole
    caseloads in memory, so a command forked from here would report at least that much."""
    out = subprocess.run([sys.executable, "-c", _LAUNCHER, *args], capture_output=True, text=True, check=True)
    cpu_s, wall, rss, code = out.stdout.split()
    return float(cpu_s), float(wall), int(rss), int(code)


def cli_jsonl_supported() -> bool:
    out = subprocess.run([NRULES, "check", "--help"], capture_output=True, text=True, check=False).stdout
    return "jsonl" in out


def cli(path: Path, backend: str, n: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        seconds, _wall, rss, _code = child(
            [NRULES, "check", "--format", "jsonl", "--backend", backend, "-o", f"{tmp}/out.jsonl", str(path)]
        )
    return seconds / n, rss


def extra_act(path: Path, backend: str, count: int) -> float:
    """Least-squares slope of CPU per incident against the number of acts (1 to 4, the first act repeated
    with the same facts), on `count` incidents."""
    from neutrality_rules import Engine

    engine = Engine.load(backend=backend)  # type: ignore[arg-type]
    base = [json.loads(line) for _, line in zip(range(count), lines(path), strict=False)]
    points = []
    for k in (1, 2, 3, 4):
        batch = [{**inc, "acts": [inc["acts"][0]] * k} for inc in base]
        for inc in batch[:50]:
            engine.check_case(inc)
        start = cpu()
        for inc in batch:
            for v in engine.check_case(inc):
                v.model_dump_json()
        points.append((k, (cpu() - start) / len(batch)))
    mean_k = statistics.mean(k for k, _ in points)
    mean_t = statistics.mean(t for _, t in points)
    return sum((k - mean_k) * (t - mean_t) for k, t in points) / sum((k - mean_k) ** 2 for k, _ in points)


def cold(repeat: int) -> tuple[float, float, float, float]:
    checks = [child([NRULES, "check", str(EXAMPLE)]) for _ in range(repeat)]
    imports = [child([sys.executable, "-c", DEPENDENCIES]) for _ in range(repeat)]
    return (
        statistics.median(c[0] for c in checks),
        statistics.median(c[1] for c in checks),
        statistics.median(c[0] for c in imports),
        statistics.median(c[1] for c in imports),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="durable,reference")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--quick", action="store_true", help="skip the 100k CLI runs and shorten the rest")
    parser.add_argument("--folder", default=str(Path(tempfile.gettempdir()) / "nrules-bench"))
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = args.backends.split(",")
    rows: list[tuple[str, str, str]] = []
    files = {n: caseload(n, folder, args.seed) for n in sizes}
    with files[sizes[0]].open(encoding="utf-8") as f:
        sample = [json.loads(line) for _, line in zip(range(2000), f, strict=False)]
    acts = statistics.mean(len(i["acts"]) for i in sample)
    print(f"caseloads: {', '.join(str(n) for n in sizes)} incidents (seed {args.seed}), {acts:.2f} acts each")
    base = floor(files[sizes[0]], 2000 if args.quick else 10_000)
    rows.append(("floor: read + validate + dump a verdict", f"{base * 1e6:.0f} µs", "1.0x"))
    for backend in backends:
        for n in sizes:
            seconds, count = in_process(files[n], backend)
            per = seconds / count
            rows.append((f"check_many, {backend}, {n:,}", f"{per * 1e6:.0f} µs", f"{per / base:.1f}x"))
    if cli_jsonl_supported():
        for backend in backends:
            for n in sizes:
                if args.quick and n > 20_000:
                    continue
                per, rss = cli(files[n], backend, n)
                rows.append((f"CLI --format jsonl, {backend}, {n:,}", f"{per * 1e6:.0f} µs", f"{per / base:.1f}x"))
                rows.append((f"CLI peak RSS, {backend}, {n:,}", f"{rss / 1024:.0f} MB", ""))
    else:
        rows.append(("CLI --format jsonl", "not available in this build", ""))
    for backend in backends:
        slope = extra_act(files[sizes[0]], backend, 500 if args.quick else 2000)
        rows.append((f"one more act, {backend}", f"{slope * 1e6:.0f} µs", ""))
    check_cpu, check_wall, import_cpu, import_wall = cold(5 if args.quick else 11)
    rows.append(
        (
            "cold `nrules check` of one file",
            f"{check_cpu * 1e3:.0f} ms CPU, {check_wall * 1e3:.0f} ms wall",
            f"{check_cpu / import_cpu:.1f}x the import floor",
        )
    )
    rows.append(
        ("import floor (dependencies only)", f"{import_cpu * 1e3:.0f} ms CPU, {import_wall * 1e3:.0f} ms wall", "1.0x")
    )
    width = max(len(r[0]) for r in rows)
    for name, value, ratio in rows:
        print(f"{name:<{width}}  {value:>24}  {ratio}")


if __name__ == "__main__":
    main()
