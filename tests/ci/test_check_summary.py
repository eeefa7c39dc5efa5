"""The weekly job's summary: `check --format json` turned into Markdown, oldest listings first."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import sitegen
from sitegen.online import check_online
from sitegen.problems import format_problems

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
verified: {date: "2025-06-01", by: sources}
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


def summary(tmp_path: Path, env: dict[str, str], online: Path | None = None) -> str:
    """Run the weekly workflow's summary commands in tmp_path (with a link check's report) and return the summary."""
    report = tmp_path / "check.json"
    with report.open("w") as out:
        subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--format", "json"], cwd=tmp_path,
                       stdout=out, env=ENV, check=False)
    result = subprocess.run([sys.executable, str(ROOT / ".github" / "scripts" / "check_summary.py"), str(report),
                             *([str(online)] if online else [])],
                            capture_output=True, text=True, env={**ENV, **env}, check=True)
    return result.stdout


@pytest.mark.slow  # runs check in a subprocess
def test_stale_listings_come_first_oldest_first_then_other_warnings(make_project, tmp_path):
    make_project({"listings/example-z-line.yaml": STALE_TWIN})
    assert summary(tmp_path, ACTIONS) == f"""\
# Listings that need checking

## 2 listings not checked recently

Oldest first. Call the service, update what changed, and set `verified` to `date:` the day you called and `by: phone`.

| Listing | Last checked |
| --- | --- |
| [`content/listings/example-peer-warmline.yaml:23`]({BLOB}/content/listings/example-peer-warmline.yaml#L23) | 2024-01-15 |
| [`content/listings/example-z-line.yaml:6`]({BLOB}/content/listings/example-z-line.yaml#L6) | 2025-06-01 |

## 3 other warnings

| Where | Field | Message |
| --- | --- | --- |
| [`content/listings/example-crisis-line.yaml:31`]({BLOB}/content/listings/example-crisis-line.yaml#L31) | \
translations.es | no Spanish translation yet of: summary; Spanish pages show the English, marked as English |
| [`content/listings/example-z-line.yaml:1`]({BLOB}/content/listings/example-z-line.yaml#L1) | name | may be the same \
service as 'Example Crisis Line' in content/listings/example-crisis-line.yaml (a very similar name); if so, keep one \
listing |
| [`content/pages/about.md:1`]({BLOB}/content/pages/about.md#L1) |  | no Spanish translation (about.es.md beside it); \
Spanish pages leave it out |
"""


@pytest.mark.slow  # runs check in a subprocess
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


class Service(BaseHTTPRequestHandler):
    """A fictional service on 127.0.0.1: pages under /gone/ are dead, those under /busy/ on a struggling server."""

    def do_HEAD(self):
        self.send_response({"gone": 404, "busy": 503}.get(self.path.split("/")[1], 200))
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


def link_check(content: Path, report: Path) -> None:
    """Write what `check --online --format json` writes, asking a local server (the command line refuses to)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Service)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        moved = {"https://example.org/crisis\n": f"{server}/gone/crisis\n",  # the service's own address
                 "https://example.org/warmline": f"{server}/gone/warmline",  # a source
                 "https://example.org/library?": f"{server}/busy/library?"}
        for path in (content / "listings").glob("*.yaml"):  # the sample's addresses are example.org: never asked
            text = path.read_text(encoding="utf-8")
            for old, new in moved.items():
                text = text.replace(old, new)
            path.write_text(text.replace("https://example.org/", f"{server}/"), encoding="utf-8")
        directory, warnings = sitegen.check(sitegen.Config(content_dir=content))
        found = check_online(directory, private_ok=True, delay=0, tries=2, retry_delay=0)
        text = format_problems(warnings + found, "json")  # with paths from the checkout, as in the workflow
        report.write_text(text.replace(f"{content.parent}/", ""), encoding="utf-8")
    finally:
        httpd.shutdown()
        httpd.server_close()


def server_of(text: str) -> str:
    return re.search(r"http://127\.0\.0\.1:\d+", text).group()


def test_dead_links_are_listed_beside_the_listings_to_call_and_the_slow_ones_apart(make_project, tmp_path):
    content = make_project()
    link_check(content, tmp_path / "online.json")
    text = summary(tmp_path, ACTIONS, online=tmp_path / "online.json")
    assert "## 1 listing not checked recently" in text
    dead = text[text.index("## 2 dead links"):text.index("## 1 link to look at again")]
    assert dead.splitlines()[2] == ("These answered 404 or 410, or their host name no longer exists: the services' "
                                    "own addresses first, then the sources. Find the new address (call the service "
                                    "if you must) and fix or remove it.")
    rows = [line for line in dead.splitlines() if line.startswith("| [")]
    assert [re.sub(r"\]\(.*?\)", "]", row).replace(server_of(text), "") for row in rows] == [
        "| [`content/listings/example-crisis-line.yaml:9`] | url | /gone/crisis answered 404 (not found); find its "
        "new address, or remove it |",
        "| [`content/listings/example-peer-warmline.yaml:25`] | source[0] | /gone/warmline answered 404 (not found); "
        "find its new address, or remove it |"]
    assert text.index("not checked recently") < text.index("dead link") < text.index("1 link to look at again")
    assert re.search(r"\| url \| slow or unsure: http://127\.0\.0\.1:\d+/busy/library\?branch=main&lang=en answered "
                     r"503, 2 times; open it in a browser, and fix it only if it is gone \|", text), text


def test_a_link_check_that_did_not_finish_is_said_and_the_rest_stands(make_project, tmp_path):
    make_project()
    (tmp_path / "online.json").write_text('[\n  {"where": {"path": "content/listings/exa', encoding="utf-8")
    text = summary(tmp_path, ACTIONS, online=tmp_path / "online.json")
    assert text.splitlines()[2] == ("The link check did not finish this time, so dead links are not listed: see the "
                                    "run's log.")
    assert "## 1 listing not checked recently" in text and "## 1 dead link" not in text
    assert summary(tmp_path, ACTIONS, online=tmp_path / "missing.json").splitlines()[2].startswith(
        "The link check did not finish")
