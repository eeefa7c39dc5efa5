"""Spread a long list of independent steps over every core."""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
CHUNK = 250  # items a worker takes at a time

_task: tuple | None = None  # what forked workers run: inherited with the rest of memory, never pickled


def forked_map(step: Callable[[Item], Result], items: Sequence[Item], at_least: int = 1000,
               chunk: int = CHUNK, done: Callable[[int], None] = lambda count: None) -> list[Result]:
    """Return [step(item) for item in items], run in forked workers when there are at least this many items per core.

    A forked worker sees the caller's memory as it was, so only the results travel between processes:
    step may be a closure. Forking costs more than a few hundred small steps take. Workers take chunk
    items at a time. done(count) is called in the caller each time the first count items are done, starting
    with done(0) once the workers are forked, so that no thread done starts is running when they fork.
    """
    global _task
    workers = min(os.cpu_count() or 1, len(items) // at_least)
    results: list[Result] = []
    if workers < 2:
        done(0)
        for item in items:
            results.append(step(item))
            done(len(results))
        return results
    _task = (step, items, chunk)
    gc.freeze()  # the collector in a worker would touch, and so copy, every object the caller made
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done(0)
            for part in pool.imap(_run, range(0, len(items), chunk)):
                results += part
                done(len(results))
    finally:
        _task = None
        gc.unfreeze()
    return results


def _run(start: int) -> list:
    step, items, chunk = _task
    return [step(item) for item in items[start:start + chunk]]


def in_worker() -> bool:
    """Return True in a forked worker, whose results are sent to the caller: keep them small."""
    return _task is not None
