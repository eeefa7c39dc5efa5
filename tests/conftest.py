"""Shared fixtures: build small content trees in tmp_path (never in the real content/ or site/)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

import sitegen

SAMPLE = Path(__file__).parent / "golden" / "sample" / "content"
TODAY = "2026-11-26"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/sample/expected from a fresh build")


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    """Pin "today" so staleness and future-date checks never depend on the clock."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795651200")  # 2026-11-26 00:00 UTC


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
