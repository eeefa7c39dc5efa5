"""Search: Pagefind indexes the written HTML in the staged folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def index_folder(folder: Path) -> None:
    """Write Pagefind's search bundle into folder/pagefind/ from the pages in folder."""
    # The CLI indexes a written folder in seconds; the Python API paid about 100 ms per page (DEVELOPERS.md).
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", "pagefind",
                             # Only listing and guide pages are searched: Pagefind need not parse the long list pages.
                             "--glob", "{listings,guides}/*/index.html",
                             "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed:\n{result.stdout}{result.stderr}")
