"""A volunteer who re-checks a listing writes today's date: the bundled directory must pass with it.

Every test of the bundled directory uses the `bundled` fixtures (tests/conftest.py): a copy of content/ with
one listing dated today, checked and built with the real clock. Only the fictional fixtures have a pinned day.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import sitegen

from ..conftest import BUNDLED, PROJECT


def test_the_bundled_copy_has_a_listing_dated_today(bundled):
    today = f'"{dt.date.today().isoformat()}"'
    assert any(today in path.read_text(encoding="utf-8") for path in (bundled / "listings").glob("*.yaml"))
    assert sorted(p.name for p in (bundled / "listings").iterdir()) == \
        sorted(p.name for p in (BUNDLED / "listings").iterdir())


def test_the_bundled_directory_dated_today_checks_and_builds_on_the_real_clock(bundled, tmp_path):
    assert "SOURCE_DATE_EPOCH" not in os.environ
    config = sitegen.Config(content_dir=bundled, site_dir=tmp_path / "site")
    assert config.today == dt.date.today()
    _, warnings = sitegen.check(config)
    assert not [w for w in warnings if w.field == "verified.date"], warnings
    sitegen.build(config)
    assert (tmp_path / "site" / "index.html").is_file()


def test_check_of_the_bundled_directory_dated_today_passes_as_the_workflow_runs_it(bundled):
    """The pull-request workflow's first step, with nothing pinned: exit 0 and no annotation."""
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, str(PROJECT / "build.py"), "check", "--format", "github",
                             "--content", str(bundled)], capture_output=True, text=True, env=env, cwd=bundled.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::error" not in result.stdout
