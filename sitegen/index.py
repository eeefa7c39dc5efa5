"""Search: Pagefind indexes the written pages into one index in the site's pagefind/ folder."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def index_folder(folder: Path, output: str = "pagefind") -> None:
    """Run the Pagefind CLI on the written site: it indexes the pages marked data-pagefind-body into folder/output."""
    config = {"site": str(folder.absolute()), "output_subdir": output, "glob": "{listings,guides}/**/*.html"}
    with tempfile.TemporaryDirectory() as here:  # Pagefind reads pagefind.json from where it runs
        (Path(here) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "pagefind", "--silent"], cwd=here, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed:\n{result.stdout}")
