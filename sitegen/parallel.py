"""Spread a long list of independent steps over every core, in forked worker processes."""

from __future__ import annotations

import builtins
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
CHUNK = 250  # items a worker takes at a time
AT_LEAST = 500  # items per core below which forking costs more than it saves

_task: tuple | None = None  # what forked workers run: inherited with the rest of memory, never pickled


def map(step: Callable[[Item], Result], items: list[Item], chunk: int = CHUNK) -> list[Result]:
    """Return [step(item) for item in items], computed on every core when there are enough items."""
    return [result for part in chunks(lambda part: builtins.list(builtins.map(step, part)), items, chunk)
            for result in part]


def chunks(step: Callable[[list[Item]], Result], items: list[Item], chunk: int = CHUNK,
           at_least: int = AT_LEAST, parts_per_worker: int | None = None) -> Iterator[Result]:
    """Yield step(part) for each part of chunk items, in order, as the workers finish them.

    A forked worker sees the caller's memory as it was when the workers started, so step may be a closure
    and only the results travel between processes. With fewer than at_least items per core, there are no workers.
    parts_per_worker: a worker that has done this many parts ends and a fresh one is forked in its place. Each
    object a worker reads gets its reference count written, which copies the caller's memory page by page into
    the worker; for steps that read most of it (pages of 50,000 listings), the copies are let go this way.
    """
    global _task
    parts = [items[start:start + chunk] for start in range(0, len(items), chunk)]
    workers = min(os.cpu_count() or 1, len(items) // at_least)
    if workers < 2:
        yield from builtins.map(step, parts)
        return
    _task = (step, parts)
    gc.freeze()  # the collector in a worker would touch, and so copy, every object the caller made
    try:
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=parts_per_worker) as pool:
            yield from pool.imap(_run, range(len(parts)))
    finally:
        _task = None
        gc.unfreeze()


def _run(index: int) -> object:
    assert _task is not None
    gc.disable()  # a worker lives for one map: freeing its cycles is not worth the collector's passes over its heap
    step, parts = _task
    return step(parts[index])


def give_back_memory() -> None:
    """Return the memory this process has freed to the system, before workers are forked or Pagefind runs: Python's
    allocator keeps it for later (glibc's malloc_trim; elsewhere nothing is done). Most of what planned and
    rendered a large site is freed before Pagefind runs, and Pagefind takes about a quarter of a GiB a bundle."""
    libc = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(libc), "malloc_trim", None) if libc else None
    if trim is not None:
        gc.collect()  # a category and its listings refer to each other: freed only by the collector
        trim(0)
