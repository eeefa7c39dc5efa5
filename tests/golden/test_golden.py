"""Golden test: the sample content builds into exactly the pages in expected/.

After an intended change to templates or rendering, regenerate and review the diff:

    python -m pytest tests/golden --update-golden
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import sitegen

HERE = Path(__file__).parent
EXPECTED = HERE / "sample" / "expected"
COMPARED = (".html", ".xml", ".txt")


def pages(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.suffix in COMPARED and "pagefind" not in p.parts}


def test_sample_site_matches_expected_output(tmp_path, request):
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=HERE / "sample" / "content", site_dir=site))
    assert (site / "pagefind" / "pagefind.js").is_file()
    built = pages(site)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for name, text in built.items():
            (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / name).write_text(text, encoding="utf-8")
    expected = pages(EXPECTED)
    diffs = ["".join(difflib.unified_diff(expected.get(name, "").splitlines(True), built.get(name, "").splitlines(True),
                                          f"expected/{name}", f"built/{name}"))
             for name in sorted(set(expected) | set(built)) if expected.get(name) != built.get(name)]
    assert not diffs, "The built sample differs from tests/golden/sample/expected " \
                      "(regenerate with: python -m pytest tests/golden --update-golden)\n" + "\n".join(diffs)
