"""Shared fixtures: build small content trees in tmp_path (never in the real content/ or site/).

Two kinds of content are built here, each with its own "today":
- the fictional fixtures (tests/golden/sample/content and what tests write) have dates chosen around
  SAMPLE_TODAY, which is pinned for them so staleness and future-date checks never depend on the clock;
- the bundled directory (content/) is what volunteers edit: it is tested with the real clock, as a copy
  with one listing re-checked today (`bundled_content`), so a pull request dated today passes.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

import sitegen

PROJECT = Path(__file__).resolve().parent.parent
BUNDLED = PROJECT / "content"
SAMPLE = PROJECT / "tests" / "golden" / "sample" / "content"
SAMPLE_TODAY = dt.date(2026, 11, 26)  # after every date in the fictional sample
SAMPLE_EPOCH = "1795651200"  # SAMPLE_TODAY 00:00 UTC, for SOURCE_DATE_EPOCH
TODAY = SAMPLE_TODAY.isoformat()


# Property tests run the same examples on every run and every machine, so a failure in CI is a failure here too, and
# nothing is written to .hypothesis/; each test states its example budget. HYPOTHESIS_PROFILE=explore draws new
# examples on each run, for hunting bugs locally.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/sample/expected from a fresh build")
    parser.addoption("--update-screenshots", action="store_true",
                     help="rewrite docs/images/admin-*.png, the editors' form in CONTRIBUTING.md (tests/browser/test_admin.py)")


def visitor_pages(site: Path) -> list[Path]:
    """Return the HTML pages of a built site that visitors see: every one but the editors' form at admin/, which has
    a policy and words of its own (tests/browser/test_admin.py)."""
    return sorted(page for page in site.rglob("*.html") if not page.is_relative_to(site / "admin"))


def pytest_collection_modifyitems(config, items):
    """Mark `browser` every test under tests/browser/ and any other that drives Chromium (the `browser` fixture), so
    `-m "not browser and not slow"` leaves out all of them."""
    for item in items:
        if PROJECT / "tests" / "browser" in item.path.parents or "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    """Pin "today" for the fictional fixtures; the `bundled` fixture takes the pin away again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)


def dated_today(source: Path, folder: Path, today: dt.date) -> Path:
    """Copy a content folder into folder with its first listing re-checked on today, as a volunteer leaves it."""
    shutil.copytree(source, folder)
    listing = sorted((folder / "listings").glob("*.yaml"))[0]
    text = listing.read_text(encoding="utf-8")
    dated, count = re.subn(r'^(verified:\n  date:\s*)"?\d{4}-\d{2}-\d{2}"?', rf'\g<1>"{today.isoformat()}"', text,
                           count=1, flags=re.MULTILINE)
    assert count == 1, f"{listing.name} has no date to set to today"
    listing.write_text(dated, encoding="utf-8")
    return folder


def run_folder(tmp_path_factory) -> Path:
    """Return the folder of this test run that every worker sees: with pytest-xdist, each worker's own base folder
    is one level below it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


def once(folder: Path, make: Callable[[Path], object]) -> Path:
    """Return folder, made by make(folder) unless it was made already in this test run. The first worker to ask
    makes it while the others wait, so a site that tests only read is built once per run, not once per worker."""
    done = folder.parent / f".{folder.name}.done"
    with open(folder.parent / f".{folder.name}.once", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # let go when the file is closed, or when a worker dies
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed half-way left
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def bundled_content(tmp_path_factory) -> Path:
    """The bundled directory as a pull request dated today leaves it, to be built with the real clock."""
    return once(run_folder(tmp_path_factory) / "bundled", lambda folder: dated_today(BUNDLED, folder, dt.date.today()))


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """The fictional sample built once per test run, on its pinned day: for tests that only read the site."""
    return once(run_folder(tmp_path_factory) / "built-sample", lambda site: sitegen.build(
        sitegen.Config(content_dir=SAMPLE, site_dir=site, today=SAMPLE_TODAY)))


@pytest.fixture(scope="session")
def built_bundled(tmp_path_factory, bundled_content) -> Path:
    """The bundled directory dated today, built once per test run with the real clock: for tests that only read it."""
    return once(run_folder(tmp_path_factory) / "built-bundled", lambda site: sitegen.build(
        sitegen.Config(content_dir=bundled_content, site_dir=site, today=dt.date.today())))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """With pytest-xdist, serve the browser tests' sites from the controlling process, which outlives every worker:
    each site is built once per run, and every worker's browser reads it at the same address
    (tests/browser/conftest.py, server_root)."""
    if not SERVED:
        from .browser.conftest import serve

        root = node.config._tmp_path_factory.getbasetemp() / "www"
        root.mkdir()
        SERVED.append(serve(root))
    node.workerinput["site_port"] = SERVED[0][1]


def pytest_unconfigure(config):
    for server, _ in SERVED:
        server.shutdown()


SERVED: list = []  # the controlling process's server of the run's sites, and its port


@pytest.fixture(params=["sample", "bundled"])
def built_sample_or_bundled(request) -> Path:
    """The built fictional sample, then the built bundled directory: read-only sites every build must make."""
    return request.getfixturevalue(f"built_{request.param}")


@pytest.fixture
def bundled(bundled_content, monkeypatch) -> Path:
    """The bundled directory dated today, checked and built in this test with the real clock."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return bundled_content


@pytest.fixture(params=["sample", "bundled"])
def sample_or_bundled(request) -> Path:
    """The fictional sample (pinned day), then the bundled directory (real clock): what every site must pass."""
    return SAMPLE if request.param == "sample" else request.getfixturevalue("bundled")


@pytest.fixture
def make_project(tmp_path):
    """Return a function that copies the sample content into tmp_path, applies files={path: text or bytes or None}."""

    def make(files: dict[str, str | bytes | None] | None = None, sample: bool = True) -> Path:
        content = tmp_path / "content"
        if content.exists():
            shutil.rmtree(content)
        if sample:
            shutil.copytree(SAMPLE, content)
        else:
            content.mkdir()
        for name, text in (files or {}).items():
            path = content / name
            if text is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return content

    return make


# The warnings for texts with no translation (translations.missing_translations, one a listing, and
# prose.missing_prose, one a guide or page): the sample is in English and Spanish, and the listings tests write are in
# English only. Tests of translations ask for them (translations=True).
UNTRANSLATED = re.compile(r"^no \w+ translation (yet of: |\()")


@pytest.fixture
def problems_in(make_project, tmp_path):
    """Return a function that checks content and returns its errors (and warnings if asked) as printed; the
    warnings about texts not translated only if asked too."""

    def problems(files: dict[str, str | bytes | None], sample: bool = True, strict: bool = False,
                 warnings: bool = False, translations: bool = False) -> list[str]:
        content = make_project(files, sample)
        config = sitegen.Config(content_dir=content, strict=strict)
        try:
            _, found = sitegen.check(config)
        except sitegen.BuildFailed as failure:
            found = failure.problems
        return [str(p).replace(str(tmp_path) + "/", "") for p in found if (warnings or p.level == "error")
                and (translations or not UNTRANSLATED.match(p.message))]

    return problems
