"""The weekly job's summary: `check --format json` turned into Markdown, oldest listings first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {"SOURCE_DATE_EPOCH": "1795651200", "PATH": "/usr/bin:/bin"}
ACTIONS = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "example/connect",
           "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567"}
BLOB = "https://github.com/example/connect/blob/0123456789abcdef0123456789abcdef01234567"
STALE_TWIN = """\
name: Example Crisis Lines
category: warmline
summary: A fictional line used by the tests | with a pipe.
url: https://example.org/twin
service_area: [Example County, NC]
verified: {on: "2025-06-01", by: sources}
source: [https://example.org/twin]
translations:
  es: {summary: Una línea ficticia de las pruebas | con una barra., service_area: [Condado de Ejemplo, NC]}
"""
# The sample keeps a summary and a page with no Spanish, to show how pages mark them: check warns about both.
CRISIS_SUMMARY_ES = """translations:
  es:
    summary: Una línea de crisis ficticia que atiende llamadas y mensajes de texto a cualquier hora.
"""
ABOUT_ES = '---\ntitle: Sobre este directorio\nsummary: Quién hace este directorio ficticio.\nreviewed: false\n---\nSomos voluntarios.\n'


def summary(tmp_path: Path, env: dict[str, str]) -> str:
    """Run the weekly workflow's two commands in tmp_path and return the summary."""
    report = tmp_path / "check.json"
    with report.open("w") as out:
        subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--format", "json"], cwd=tmp_path,
                       stdout=out, env=ENV, check=False)
    result = subprocess.run([sys.executable, str(ROOT / ".github" / "scripts" / "check_summary.py"), str(report)],
                            capture_output=True, text=True, env={**ENV, **env}, check=True)
    return result.stdout


def test_stale_listings_come_first_oldest_first_then_other_warnings(make_project, tmp_path):
    make_project({"listings/example-z-line.yaml": STALE_TWIN})
    assert summary(tmp_path, ACTIONS) == f"""\
# Listings that need checking

## 2 listings not checked recently

Oldest first. Call the service, update what changed, and set `verified` to the day you called and `by: phone`.

| Listing | Last checked |
| --- | --- |
| [`content/listings/example-peer-warmline.yaml:23`]({BLOB}/content/listings/example-peer-warmline.yaml#L23) | 2024-01-15 |
| [`content/listings/example-z-line.yaml:6`]({BLOB}/content/listings/example-z-line.yaml#L6) | 2025-06-01 |

## 3 other warnings

| Where | Field | Message |
| --- | --- | --- |
| [`content/listings/example-crisis-line.yaml:4`]({BLOB}/content/listings/example-crisis-line.yaml#L4) | summary | no \
Spanish translation (translations.es.summary); Spanish pages show the English, marked as English |
| [`content/listings/example-z-line.yaml:1`]({BLOB}/content/listings/example-z-line.yaml#L1) | name | may be the same \
service as 'Example Crisis Line' in content/listings/example-crisis-line.yaml (a very similar name); if so, keep one \
listing |
| [`content/pages/about.md:1`]({BLOB}/content/pages/about.md#L1) |  | no Spanish translation (about.es.md beside it); \
Spanish pages leave it out |
"""


def test_errors_are_listed_first_and_outside_actions_files_are_not_links(make_project, tmp_path):
    make_project({"listings/example-z-line.yaml": STALE_TWIN.replace("url: https://example.org/twin\n", "")})
    text = summary(tmp_path, {})
    assert text.splitlines()[2:8] == [
        "## 1 error to fix", "", "These fail the check. Fix them before anything else.", "",
        "| Where | Field | Message |", "| --- | --- | --- |"]
    assert "| `content/listings/example-z-line.yaml:1` |  | expected at least one way to reach the service" in text
    assert "## 1 listing not checked recently" in text


def test_a_clean_directory_says_so(make_project, tmp_path):
    content = make_project({"pages/about.es.md": ABOUT_ES})
    crisis = content / "listings" / "example-crisis-line.yaml"
    crisis.write_text(crisis.read_text().replace("translations:\n  es:\n", CRISIS_SUMMARY_ES))
    warmline = content / "listings" / "example-peer-warmline.yaml"
    warmline.write_text(warmline.read_text().replace("2024-01-15", "2026-11-01"))
    assert summary(tmp_path, ACTIONS) == ("# Listings that need checking\n\n"
                                          "Every listing was checked recently, and nothing else needs a look.\n")
