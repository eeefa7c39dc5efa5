"""Search: Pagefind indexes the written pages, in bundles the search page merges in the browser."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

# Pagefind cannot update an index, so an edit re-indexes one bundle; but each bundle a search loads costs
# bytes (10 bundles of 10,000 pages: 748 KiB per search, 5: 534 KiB, 1: 447 KiB), and a larger bundle
# takes Pagefind more memory (2,000 pages: about 190 MB). About 2,000 pages each, however many there are:
BUNDLE_SIZE = 2000


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


def index_site(folder: Path, parts: dict[str, list[str]], page_keys: dict[str, str | None] | None = None,
               shared: str = "", unchanged: Callable[[str, str], bool] = lambda name, key: False) -> dict[str, str]:
    """Write each search bundle into folder from the pages written there, unless unchanged(name, key).

    Return a key for each bundle, made of its pages' keys (render.page_keys; the other pages are in shared).
    """
    keys = {name: hashlib.sha256(repr((shared, [(url, (page_keys or {}).get(url + "index.html")) for url in urls]))
                                 .encode()).hexdigest() for name, urls in parts.items()}
    commands = []
    for name, urls in parts.items():
        if page_keys and unchanged(name, keys[name]):
            continue
        shutil.rmtree(folder / name, ignore_errors=True)  # an earlier build's bundle
        # Pagefind chooses pages by glob only: name each page. In a file, as 1,000 names are too long for an argument.
        config = {"site": str(folder.absolute()), "output_path": str((folder / name).absolute()),
                  "glob": "{" + ",".join(url.rstrip("/") for url in urls) + "}/index.html"}
        commands.append(config)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # one Pagefind per core: each uses ~1.3
        results = list(pool.map(_pagefind, commands))
    for result in results:
        if result.returncode != 0:
            raise RuntimeError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
    return keys


def _pagefind(config: dict) -> subprocess.CompletedProcess:
    """Run the Pagefind CLI with this configuration: it indexes a written folder in seconds (DEVELOPERS.md)."""
    with tempfile.TemporaryDirectory() as folder:  # Pagefind reads pagefind.json from where it runs
        (Path(folder) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        return subprocess.run([sys.executable, "-m", "pagefind", "--silent"], cwd=folder, capture_output=True,
                              text=True)
