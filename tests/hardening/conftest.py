"""Fixtures for the hardening tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import SAMPLE


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """Return a fresh copy of the fictional sample content in tmp_path, safe to change."""
    folder = tmp_path / "content"
    shutil.copytree(SAMPLE, folder)
    return folder
