#!/usr/bin/env python3
"""Index the Hugo twin's output with Pagefind exactly as our build indexes its own site.

    python bench/index_twin.py PUBLIC [--code DIR]

For each language (the root, then es/), the listings' pages go into that language's pagefind/ (or into bundles
pagefind/1/, pagefind/2/... past sitegen.index.ONE_INDEX_UP_TO listings) and the guides' pages into its
pagefind/guides/: the same bundles, the same Pagefind runs, by the same code (sitegen.index). --code names the
checkout whose sitegen to use, as run.py --ref measures a committed builder.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

LANGUAGES = ["", "es/"]  # the twin's languages, as their folders in the output: the default at its root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("public", type=Path, help="the Hugo twin's output folder")
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout whose sitegen indexes (default: this one)")
    args = parser.parse_args()
    # sitegen/index.py alone: importing the package would load what a build needs (the ZIP table among it), which
    # the twin's indexing has no use for.
    spec = importlib.util.spec_from_file_location("sitegen_index", args.code / "sitegen" / "index.py")
    assert spec and spec.loader
    index = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(index)

    parts: dict[str, list[str]] = {}
    for prefix in LANGUAGES:
        root = args.public / prefix
        pages = {kind: sorted(f"{prefix}{kind}/{page.parent.name}/" for page in root.glob(f"{kind}/*/index.html"))
                 for kind in ("listings", "guides")}
        parts.update(index.bundles(pages["listings"], pages["guides"], prefix))
    index.index_folder(args.public, parts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
