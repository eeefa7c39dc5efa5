"""Search: Pagefind indexes the written pages into the indexes the search page merges: the listings, the guides."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import tempfile
import zlib
from pathlib import Path

# One index keeps a visitor's first search small (about 300 KiB at 10,000 pages), but Pagefind's memory grows
# with it: about 0.9 GiB for 10,000 pages. A larger directory's pages are split into bundles of about this many,
# indexed one after another, which the search page merges in the browser (Pagefind's mergeIndex).
ONE_INDEX_UP_TO = 12_000
BUNDLE_SIZE = 2_500
# The guides have an index of their own, which the search page merges with less weight: a guide's many words
# would otherwise outrank a listing's few, and a search that names a need is looking for someone to reach.
GUIDES = "pagefind/guides/"


def bundles(listings: list[str], guides: list[str], prefix: str = "") -> dict[str, list[str]]:
    """Return the search indexes' folders and the pages in each: pagefind/ (or pagefind/1/, pagefind/2/... for
    a statewide directory) for the listings, pagefind/guides/ for the guides; under prefix (es/pagefind/...)
    for a language other than the default, whose pages are under it too."""
    if len(listings) <= ONE_INDEX_UP_TO:
        parts = {"pagefind/": sorted(listings)}
    else:
        count = -(-len(listings) // BUNDLE_SIZE)
        parts = {f"pagefind/{n}/": [] for n in range(1, count + 1)}
        for url in sorted(listings):  # by a hash of the address: each bundle holds listings of every kind
            parts[f"pagefind/{zlib.crc32(url.removeprefix(prefix).encode()) % count + 1}/"].append(url)
    parts = {**parts, GUIDES: sorted(guides)} if guides else parts
    return {prefix + name: urls for name, urls in parts.items()}


def index_folder(folder: Path, parts: dict[str, list[str]], output: str = "") -> None:
    """Index the pages of each bundle of the written site into its folder (inside output, if given).

    A language's pages are indexed from its own root (es/), so that the addresses Pagefind records are those
    the language's search page resolves from there."""
    for name, urls in parts.items():
        prefix, _, kind = name.rpartition("pagefind/")
        target = folder / output / name
        if kind == "guides/" or sum(key.startswith(prefix + "pagefind/") for key in parts
                                    if not key.endswith(GUIDES)) == 1:
            _pagefind(folder / prefix, target, "guides/*/index.html" if kind == "guides/" else "listings/*/index.html")
            continue
        # Pagefind picks pages by glob alone: give it a folder holding this bundle's pages, as hard links.
        with tempfile.TemporaryDirectory(dir=folder.parent) as pages:
            for url in urls:
                bare = url.removeprefix(prefix)
                os.makedirs(os.path.join(pages, bare), exist_ok=True)
                os.link(folder / url / "index.html", os.path.join(pages, bare, "index.html"))
            _pagefind(Path(pages), target, "**/index.html")


def _pagefind(site: Path, output: Path, glob: str) -> None:
    """Run the Pagefind CLI: it indexes the pages marked data-pagefind-body under site into output."""
    config = {"site": str(site.absolute()), "output_path": str(output.absolute()), "glob": glob}
    with tempfile.TemporaryDirectory() as here:  # Pagefind reads pagefind.json from where it runs
        (Path(here) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        result = subprocess.run([str(_executable()), "--silent"], cwd=here, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed:\n{result.stdout}")


@functools.cache
def _executable() -> Path:
    """Return the Pagefind binary that `python -m pagefind` would run (PAGEFIND_BINARY_PATH, the extended build or
    pagefind[bin]'s), to run it without a Python start-up each time: 0.3 s of a small site's 2 s build."""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise RuntimeError("Pagefind is missing: pip install -e . (it installs pagefind[bin])")
    return found
