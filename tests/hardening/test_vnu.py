"""The built site passes the Nu HTML Checker (vnu-jar from package.json, run with Java 17)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .helpers import REPO, build

pytestmark = pytest.mark.slow  # builds sites and runs Java's HTML checker

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(folder: Path) -> str:
    """Return the checker's errors for every HTML file in folder, or an empty string."""
    assert VNU.is_file(), "vnu.jar is missing: run `npm ci --ignore-scripts` (.ci/run does)"
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", str(folder)],
                            capture_output=True, text=True, timeout=300)
    return (result.stdout + result.stderr).strip() if result.returncode else ""


def test_built_site_is_valid_html(built_sample_or_bundled):
    errors = nu_errors(built_sample_or_bundled)
    assert not errors, errors.replace(f"file:{built_sample_or_bundled}/", "")


def test_hostile_content_still_gives_valid_html(content_with_payloads, tmp_path):
    build(content_with_payloads, tmp_path / "site")
    errors = nu_errors(tmp_path / "site")
    assert not errors, errors.replace(f"file:{tmp_path}/site/", "")


@pytest.fixture
def content_with_payloads(content):
    from .helpers import CORPUS
    for name in ("json-ld-breakout.yaml", "markdown-links.yaml", "confusable-name.yaml", "email-scheme.yaml"):
        (content / "listings" / name).write_bytes((CORPUS / "listings" / name).read_bytes())
    (content / "guides" / "script-everywhere.md").write_bytes((CORPUS / "guides" / "script-everywhere.md").read_bytes())
    return content
