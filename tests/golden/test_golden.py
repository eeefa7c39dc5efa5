"""Golden test: the sample content builds into exactly the files in expected/.

Every file the build makes is compared: pages, sitemap, HSDS JSON, calendars (.ics), sw.js, the manifest,
_headers, the ZIP-code tables. Pagefind's index is only checked to be there (its file names are hashes), and
the files copied unchanged from the repository (templates/assets/, schema/, the form's scripts and
configuration) and from node_modules (the editors' CMS and its fonts) are compared with their sources.

After an intended change to templates or rendering, regenerate and review the diff:

    python -m pytest tests/golden --update-golden
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from sitegen.forms import cms_files

HERE = Path(__file__).parent
EXPECTED = HERE / "sample" / "expected"
PROJECT = HERE.parents[1]
COPIED = {"assets": PROJECT / "templates" / "assets", "schema": PROJECT / "schema"}
# Files copied unchanged into admin/: our scripts and the form's configuration (render.admin_files), and the
# editors' CMS and its fonts from node_modules.
VENDOR = {**{f"admin/{p.name}": p.read_bytes() for p in sorted((PROJECT / "templates" / "admin").iterdir())
             if p.suffix in (".js", ".yml")},
          **{f"admin/{name}": data for name, data in cms_files().items()}}


def made(folder: Path) -> dict[str, str]:
    """Return the text of every file under folder the build made, by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file() and "pagefind" not in p.parts
            and p.relative_to(folder).parts[0] not in COPIED and p.relative_to(folder).as_posix() not in VENDOR}


def test_sample_site_matches_expected_output(built_sample, request):
    site = built_sample  # the sample, built once per test run (tests/conftest.py)
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "es" / "pagefind" / "pagefind.js").is_file()
    built = made(site)
    assert {"sw.js", "manifest.webmanifest", "hsds/services.json", "listings/example-peer-warmline/calendar.ics"} \
        <= set(built), "the golden test compares the service worker, the manifest, HSDS and calendars"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for name, text in built.items():
            (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / name).write_text(text, encoding="utf-8")
    expected = made(EXPECTED)
    diffs = ["".join(difflib.unified_diff(expected.get(name, "").splitlines(True), built.get(name, "").splitlines(True),
                                          f"expected/{name}", f"built/{name}"))
             for name in sorted(set(expected) | set(built)) if expected.get(name) != built.get(name)]
    assert not diffs, "The built sample differs from tests/golden/sample/expected " \
                      "(regenerate with: python -m pytest tests/golden --update-golden)\n" + "\n".join(diffs)


def test_files_copied_from_the_repository_are_copied_unchanged(built_sample):
    for folder, source in COPIED.items():
        copied = {p.relative_to(built_sample / folder).as_posix(): p.read_bytes()
                  for p in sorted((built_sample / folder).rglob("*")) if p.is_file()}
        assert copied == {p.relative_to(source).as_posix(): p.read_bytes()
                          for p in sorted(source.rglob("*")) if p.is_file() and p.name in copied}, folder
        assert copied, f"the site has no {folder}/"
    assert {name: (built_sample / name).read_bytes() for name in VENDOR} == VENDOR, "admin/'s copied files"
    assert "admin/sveltia-cms.js" in VENDOR, "npm ci has put the CMS in node_modules"
