"""parallel.py: steps spread over forked workers come back in order, and workers can be replaced as they go."""

from __future__ import annotations

import os
from collections import Counter

from sitegen import parallel


def test_chunks_come_back_in_order_from_workers():
    parts = list(parallel.chunks(lambda part: [x * 2 for x in part], list(range(100)), chunk=7, at_least=10))

    assert [x for part in parts for x in part] == [x * 2 for x in range(100)]


def test_a_worker_ends_after_its_parts_and_a_fresh_one_takes_its_place(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # workers even on a one-core machine
    # Rendering 50,000 listings' pages copies the parent's memory into each worker as it reads it: a worker that
    # ends after a few parts lets those copies go.
    found = list(parallel.chunks(lambda part: (os.getpid(), part), list(range(40)), chunk=2, at_least=1,
                                 parts_per_worker=3))

    assert [part for _, part in found] == [[x, x + 1] for x in range(0, 40, 2)]
    by_worker = Counter(pid for pid, _ in found)
    assert os.getpid() not in by_worker
    assert max(by_worker.values()) <= 3, f"a worker took more than 3 parts: {by_worker}"
