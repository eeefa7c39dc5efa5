"""Search: Pagefind indexes the written pages, in bundles the search page merges in the browser."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

BUNDLE_SIZE = 1000  # pages per bundle: Pagefind cannot update an index, so an edit re-indexes one bundle


def bundles(urls: list[str]) -> dict[str, list[str]]:
    """Split the searchable pages into bundles: pagefind/ for a small site; pagefind/1/, pagefind/2/... for a large one.

    A page's bundle follows from its address alone, so adding or editing one listing changes one bundle.
    """
    count = -(-len(urls) // BUNDLE_SIZE)
    if count <= 1:
        return {"pagefind/": sorted(urls)}
    parts: dict[str, list[str]] = {f"pagefind/{n}/": [] for n in range(1, count + 1)}
    for url in sorted(urls):
        parts[f"pagefind/{zlib.crc32(url.encode()) % count + 1}/"].append(url)
    return {name: urls for name, urls in parts.items() if urls}


def bundle_keys(parts: dict[str, list[str]], page_keys: dict[str, str], shared: str) -> dict[str, str]:
    """Return a key for each bundle: the same key, the same index. Pages without a key of their own are in shared."""
    return {name: hashlib.sha256(repr((shared, [(url, page_keys.get(url + "index.html")) for url in urls])).encode())
            .hexdigest() for name, urls in parts.items()}


def index_site(folder: Path, parts: dict[str, list[str]], reuse: Callable[[str], bool] = lambda name: False) -> None:
    """Write each search bundle into folder from the pages written there, or reuse it from the previous build."""
    mirrors = folder / ".search"  # each bundle's pages, hard-linked: Pagefind chooses pages by folder and glob only
    commands = []
    for name, urls in parts.items():
        if reuse(name):
            continue
        mirror = mirrors / name
        for url in urls:
            (mirror / url).mkdir(parents=True)
            os.link(folder / url / "index.html", mirror / url / "index.html")
        # The CLI indexes a written folder in seconds; the Python API paid about 100 ms per page (DEVELOPERS.md).
        commands.append([sys.executable, "-m", "pagefind", "--site", str(mirror), "--output-path", str(folder / name),
                         "--silent"])
    try:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # one Pagefind per core: each uses ~1.3
            results = list(pool.map(lambda command: subprocess.run(command, capture_output=True, text=True), commands))
    finally:
        shutil.rmtree(mirrors, ignore_errors=True)
    for result in results:
        if result.returncode != 0:
            raise RuntimeError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
