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
               chunk: int = CHUNK) -> list[Result]:
    """Return [step(item) for item in items], run in forked workers when there are at least this many items per core.

    A forked worker sees the caller's memory as it was, so only the results travel between processes:
    step may be a closure. Forking costs more than a few hundred small steps take. Workers take chunk
    items at a time.
    """
    global _task
    workers = min(os.cpu_count() or 1, len(items) // at_least)
    if workers < 2:
        return [step(item) for item in items]
    _task = (step, items, chunk)
    gc.freeze()  # the collector in a worker would touch, and so copy, every object the caller made
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunks = pool.map(_run, range(0, len(items), chunk))
    finally:
        _task = None
        gc.unfreeze()
    return [result for part in chunks for result in part]


def _run(start: int) -> list:
    step, items, chunk = _task
    return [step(item) for item in items[start:start + chunk]]


def in_worker() -> bool:
    """Return True in a forked worker, whose results are sent to the caller: keep them small."""
    return _task is not None
