"""Records through the engine, in order, in this process or in N worker processes.

Workers are forked after the rule set is loaded and the matcher built (the costly part: durable
rulesets are built once and inherited), and before any thread exists in this process. Records go out
in chunks, at most a few chunks per worker in flight, so memory stays bounded however long the input;
outcomes are put back in input order, so the output is byte for byte the one `--jobs 1` gives. A
worker that dies (durable-rules can crash the process) loses nothing: the chunks it held are checked
again here.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import queue
from collections.abc import Iterable, Iterator
from typing import Any

from ..api import Engine
from ..intake.streams import Raw
from .records import Options, Outcome, process

CHUNK = 32
IN_FLIGHT_PER_WORKER = 4


def serial(engine: Engine, raws: Iterable[Raw], options: Options) -> Iterator[Outcome]:
    for index, raw in enumerate(raws):
        yield process(engine, raw, index, options)


def _worker(engine: Engine, options: Options, tasks: Any, results: Any) -> None:
    while True:
        task = tasks.get()
        if task is None:
            return
        chunk_id, items = task
        results.put((chunk_id, [process(engine, raw, index, options) for index, raw in items]))


def parallel(engine: Engine, raws: Iterable[Raw], options: Options, jobs: int) -> Iterator[Outcome]:
    context = mp.get_context("fork")
    tasks = context.Queue()
    results = context.Queue()
    workers = [
        context.Process(target=_worker, args=(engine, options, tasks, results), daemon=True) for _ in range(jobs)
    ]
    for worker in workers:
        worker.start()
    sent: dict[int, list[tuple[int, Raw]]] = {}
    done: dict[int, list[Outcome]] = {}
    next_chunk = 0
    numbered = enumerate(raws)
    try:
        try:
            for chunk_id in itertools.count():
                items = list(itertools.islice(numbered, CHUNK))
                if not items:
                    break
                sent[chunk_id] = items
                tasks.put((chunk_id, items))
                while len(sent) >= jobs * IN_FLIGHT_PER_WORKER:
                    _collect(workers, results, sent, done)
                    while next_chunk in done:
                        yield from done.pop(next_chunk)
                        next_chunk += 1
            while sent:
                _collect(workers, results, sent, done)
                while next_chunk in done:
                    yield from done.pop(next_chunk)
                    next_chunk += 1
        except _WorkerDied:
            # finish here, in order: what came back, what was out, then the rest of the input
            for chunk_id in sorted({*done, *sent}):
                if chunk_id < next_chunk:
                    continue
                if chunk_id in done:
                    yield from done.pop(chunk_id)
                else:
                    yield from (process(engine, raw, index, options) for index, raw in sent.pop(chunk_id))
            for index, raw in numbered:
                yield process(engine, raw, index, options)
    finally:
        for _ in workers:
            tasks.put(None)
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
        tasks.close()
        results.close()


class _WorkerDied(Exception):
    pass


def _collect(
    workers: list[Any],
    results: Any,
    sent: dict[int, list[tuple[int, Raw]]],
    done: dict[int, list[Outcome]],
) -> None:
    """Wait for one chunk to come back; a dead worker switches the run to this process."""
    while True:
        try:
            chunk_id, outcomes = results.get(timeout=1.0)
        except queue.Empty:
            if all(w.is_alive() for w in workers):
                continue
            raise _WorkerDied() from None
        sent.pop(chunk_id, None)
        done[chunk_id] = outcomes
        return
