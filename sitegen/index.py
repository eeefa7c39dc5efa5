"""Search: Pagefind indexes the written pages: one index, or for a statewide directory, a few that search merges."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

# One index keeps a visitor's first search small (about 300 KiB at 10,000 pages), but Pagefind's memory grows
# with it: about 0.9 GiB for 10,000 pages. A larger directory's pages are split into bundles of about this many,
# indexed one after another, which the search page merges in the browser (Pagefind's mergeIndex).
ONE_INDEX_UP_TO = 12_000
BUNDLE_SIZE = 5_000


def bundles(urls: list[str]) -> dict[str, list[str]]:
    """Return the search index's folders and the pages in each: pagefind/, or pagefind/1/, pagefind/2/..."""
    if len(urls) <= ONE_INDEX_UP_TO:
        return {"pagefind/": sorted(urls)}
    count = -(-len(urls) // BUNDLE_SIZE)
    parts: dict[str, list[str]] = {f"pagefind/{n}/": [] for n in range(1, count + 1)}
    for url in sorted(urls):  # by a hash of the address: each bundle holds pages of every kind and letter
        parts[f"pagefind/{zlib.crc32(url.encode()) % count + 1}/"].append(url)
    return parts


def index_folder(folder: Path, parts: dict[str, list[str]], output: str = "") -> None:
    """Index the pages of each bundle of the written site into its folder (inside output, if given)."""
    for name, urls in parts.items():
        target = folder / output / name
        if len(parts) == 1:
            _pagefind(folder, target, "{listings,guides}/*/index.html")
            continue
        # Pagefind picks pages by glob alone: give it a folder holding this bundle's pages, as hard links.
        with tempfile.TemporaryDirectory(dir=folder.parent) as pages:
            for url in urls:
                os.makedirs(os.path.join(pages, url), exist_ok=True)
                os.link(folder / url / "index.html", os.path.join(pages, url, "index.html"))
            _pagefind(Path(pages), target, "**/index.html")


def _pagefind(site: Path, output: Path, glob: str) -> None:
    """Run the Pagefind CLI: it indexes the pages marked data-pagefind-body under site into output."""
    config = {"site": str(site.absolute()), "output_path": str(output.absolute()), "glob": glob}
    with tempfile.TemporaryDirectory() as here:  # Pagefind reads pagefind.json from where it runs
        (Path(here) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "pagefind", "--silent"], cwd=here, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed:\n{result.stdout}")
