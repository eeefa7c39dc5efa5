"""Shared fixtures: build small content trees in tmp_path (never in the real content/ or site/).

Two kinds of content are built here, each with its own "today":
- the fictional fixtures (tests/golden/sample/content and what tests write) have dates chosen around
  SAMPLE_TODAY, which is pinned for them so staleness and future-date checks never depend on the clock;
- the bundled directory (content/) is what volunteers edit: it is tested with the real clock, as a copy
  with one listing re-checked today (`bundled_content`), so a pull request dated today passes.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from pathlib import Path

import pytest

import sitegen

PROJECT = Path(__file__).resolve().parent.parent
BUNDLED = PROJECT / "content"
SAMPLE = PROJECT / "tests" / "golden" / "sample" / "content"
SAMPLE_TODAY = dt.date(2026, 11, 26)  # after every date in the fictional sample
SAMPLE_EPOCH = "1795651200"  # SAMPLE_TODAY 00:00 UTC, for SOURCE_DATE_EPOCH
TODAY = SAMPLE_TODAY.isoformat()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/sample/expected from a fresh build")


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


@pytest.fixture(scope="session")
def bundled_content(tmp_path_factory) -> Path:
    """The bundled directory as a pull request dated today leaves it, to be built with the real clock."""
    return dated_today(BUNDLED, tmp_path_factory.mktemp("bundled") / "content", dt.date.today())


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


@pytest.fixture
def problems_in(make_project, tmp_path):
    """Return a function that checks content and returns its errors (and warnings if asked) as printed."""

    def problems(files: dict[str, str | bytes | None], sample: bool = True, strict: bool = False,
                 warnings: bool = False) -> list[str]:
        content = make_project(files, sample)
        config = sitegen.Config(content_dir=content, strict=strict)
        try:
            _, found = sitegen.check(config)
        except sitegen.BuildFailed as failure:
            found = failure.problems
        return [str(p).replace(str(tmp_path) + "/", "") for p in found if warnings or p.level == "error"]

    return problems
