"""The built sites pass the Nu HTML Checker (vnu-jar from package.json, run with Java 17)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .helpers import CORPUS, REPO, build

pytestmark = pytest.mark.slow  # builds a site and runs Java's HTML checker

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The checker's schema is checked by deep recursion, hence the larger stack. A run takes seconds: the JVM's quick
# compiler alone (C1) finishes it in about half the CPU time, where the optimizing one never pays back its work.
JAVA = ["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU)]


def nu_errors(sites: dict[str, Path]) -> str:
    """Return the checker's errors for every HTML file of the sites, each named "site: page", in one run of Java
    (starting it is most of the cost); or an empty string."""
    assert VNU.is_file(), "vnu.jar is missing: run `npm ci --ignore-scripts` (.ci/run does)"
    result = subprocess.run([*JAVA, "--errors-only", "--skip-non-html", *map(str, sites.values())],
                            capture_output=True, text=True, timeout=300)
    errors = (result.stdout + result.stderr).strip() if result.returncode else ""
    for name, folder in sites.items():
        errors = errors.replace(f"file:{folder}/", f"{name}: ")
    return errors


def test_built_sites_are_valid_html_hostile_content_included(built_sample, built_bundled, content_with_payloads,
                                                              tmp_path):
    build(content_with_payloads, tmp_path / "site")
    sites = {"sample": built_sample, "bundled": built_bundled, "hostile": tmp_path / "site"}
    assert all(any(folder.rglob("*.html")) for folder in sites.values())
    errors = nu_errors(sites)
    assert not errors, errors


def test_the_checker_reports_invalid_html(tmp_path):
    """The run above passes only if the checker works: a page with a known error is reported, and named."""
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "index.html").write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></p>")
    assert "broken: index.html" in nu_errors({"broken": tmp_path / "broken"})


@pytest.fixture
def content_with_payloads(content):
    for name in ("json-ld-breakout.yaml", "markdown-links.yaml", "confusable-name.yaml", "email-scheme.yaml"):
        (content / "listings" / name).write_bytes((CORPUS / "listings" / name).read_bytes())
    (content / "guides" / "script-everywhere.md").write_bytes((CORPUS / "guides" / "script-everywhere.md").read_bytes())
    return content
