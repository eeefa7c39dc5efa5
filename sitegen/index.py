"""Search: Pagefind indexes the written pages, in bundles the search page merges in the browser."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable

# Pagefind cannot update an index, so an edit re-indexes one bundle; but each bundle a search loads costs
# bytes (10 bundles of 10,000 pages: 748 KiB per search, 5: 534 KiB, 1: 447 KiB), and a larger bundle
# takes Pagefind more memory (2,000 pages: about 190 MB). About 2,000 pages each, however many there are:
BUNDLE_SIZE = 2000
BESIDE_RENDERER_UP_TO = 25_000


def bundles(urls: list[str]) -> dict[str, list[str]]:
    """Split the searchable pages into bundles: pagefind/ for a small site; pagefind/1/, pagefind/2/... for a large one.

    A page's bundle follows from its address and the number of bundles, so editing, adding or removing one
    listing changes one bundle (unless the number changes, about every 2,000 listings).
    """
    count = round(len(urls) / BUNDLE_SIZE)
    if count <= 1:
        return {"pagefind/": sorted(urls)}
    parts: dict[str, list[str]] = {f"pagefind/{n}/": [] for n in range(1, count + 1)}
    for url in sorted(urls):
        parts[f"pagefind/{zlib.crc32(url.encode()) % count + 1}/"].append(url)
    return {name: urls for name, urls in parts.items() if urls}


class Indexer:
    """Run Pagefind on each search bundle as soon as its pages are written, beside the rendering of the rest.

    Leaving the context waits for every run and raises if one failed; leaving it on an error stops them.
    """

    def __init__(self, folder: Path, parts: dict[str, list[str]], shared: str = "",
                 unchanged: Callable[[str, str], bool] = lambda name, key: False):
        self.folder, self.parts, self.shared, self.unchanged = folder, parts, shared, unchanged
        self.keys: dict[str, str] = {}  # each bundle's key, made of its pages' keys (the other pages are in shared)
        self.cores = os.cpu_count() or 1
        self.pool = ThreadPoolExecutor(max_workers=self.cores)  # one Pagefind per core: each uses ~1.3
        # Beside the renderer, whose workers take memory too, one at a time and for a directory of up to 25,000
        # pages only (50,000 listings: 1.07 GiB at the peak with one beside it).
        self.beside = 1 if sum(map(len, parts.values())) <= BESIDE_RENDERER_UP_TO else 0
        self.slots = threading.Semaphore(self.beside)
        self.runs: list[Future] = []
        self.processes: list[subprocess.Popen] = []
        self.stopped = False

    def written(self, name: str, page_keys: dict[str, str]) -> None:
        """Index the bundle, whose pages are all in the folder now, unless unchanged(name, key) (render.page_keys)."""
        self.keys[name] = hashlib.sha256(repr((self.shared, [(url, page_keys.get(url + "index.html"))
                                                             for url in self.parts[name]])).encode()).hexdigest()
        if page_keys and self.unchanged(name, self.keys[name]):
            return
        shutil.rmtree(self.folder / name, ignore_errors=True)  # an earlier build's bundle
        # Pagefind chooses pages by glob only: name each page. In a file, as 1,000 names are too long for an argument.
        self.runs.append(self.pool.submit(self._pagefind, {
            "site": str(self.folder.absolute()), "output_path": str((self.folder / name).absolute()),
            "glob": "{" + ",".join(url.rstrip("/") for url in self.parts[name]) + "}/index.html"}))

    def rendered(self) -> None:
        """Let Pagefind run on every core: the renderer is done."""
        for _ in range(self.cores - self.beside):
            self.slots.release()

    def _pagefind(self, config: dict) -> tuple[int, str]:
        """Run the Pagefind CLI with this configuration: it indexes a written folder in seconds (DEVELOPERS.md)."""
        with self.slots, tempfile.TemporaryDirectory() as folder:  # Pagefind reads pagefind.json from where it runs
            if self.stopped:
                return 0, ""
            (Path(folder) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
            process = subprocess.Popen([sys.executable, "-m", "pagefind", "--silent"], cwd=folder, text=True,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            self.processes.append(process)
            output, _ = process.communicate()
            return process.returncode, output

    def __enter__(self) -> "Indexer":
        return self

    def __exit__(self, error: type | None, *details) -> None:
        if error:  # the build failed: its folder is about to be removed
            self.stopped = True
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in self.processes:
                process.kill()
        self.pool.shutdown(wait=True)
        for run in [] if error else self.runs:
            returncode, output = run.result()
            if returncode != 0:
                raise RuntimeError(f"Pagefind failed:\n{output}")
