"""`check --format github`: problems become annotations on the right line of a pull request's diff.

The format is GitHub's workflow command `::error file={name},line={line},col={col}::{message}`
(and `::warning`), printed on stdout, which is where the runner reads workflow commands.
Escaping follows escapeData and escapeProperty in actions/toolkit's packages/core/src/command.ts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.problems import Position, Problem, format_problems

ROOT = Path(__file__).resolve().parents[2]
BROKEN = """\
# yaml-language-server: $schema=../../schema/listing.schema.json
name: Example Broken Line
category: warmline
summary: Too short
urll: https://example.org/broken
phones:
  - number: 555
    type: call
service_area: [Example County, NC]
verified: {date: "2026-11-01", by: sources}
source:
  - https://example.org/broken
"""
STALE = ("::warning file=content/listings/example-peer-warmline.yaml,line=23,col=18::verified.date: not checked "
         "since 2024-01-15, more than 365 days ago; check the details and update the date")
# The sample's words with no Spanish, which it keeps to show how a page marks them.
NOT_IN_SPANISH = ("::warning file=content/listings/example-crisis-line.yaml,line=31,col=3::translations.es: no "
                  "Spanish translation yet of: summary; Spanish pages show the English, marked as English",
                  "::warning file=content/pages/about.md,line=1,col=1::no Spanish translation (about.es.md beside it); "
                  "Spanish pages leave it out")
WARNINGS = [NOT_IN_SPANISH[0], STALE, NOT_IN_SPANISH[1]]


def check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run `build.py check` as the pull-request workflow does: from the repository root, no terminal."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", *args], cwd=cwd, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL,
                          env={"SOURCE_DATE_EPOCH": "1795651200", "PATH": "/usr/bin:/bin"})


@pytest.mark.slow  # runs check in a subprocess
def test_a_broken_listing_is_annotated_on_its_lines(make_project, tmp_path):
    make_project({"listings/example-broken-line.yaml": BROKEN})
    result = check("--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/listings/example-broken-line.yaml,line=4,col=10::summary: expected one sentence of at "
        "most 200 characters, found 'Too short'",
        "::error file=content/listings/example-broken-line.yaml,line=5,col=1::urll: unknown field; did you mean 'url'?",
        "::error file=content/listings/example-broken-line.yaml,line=7,col=13::phones[0].number: expected a phone "
        "number like +1 828 555 0100 (in quotes), found 555 (a number)",
        "::error file=content/listings/example-broken-line.yaml,line=8,col=11::phones[0].type: expected one of: voice, "
        "text, tty, videophone, found 'call'",
        *WARNINGS,
    ]
    # The lines and columns are where the editor must type: line 5 is "urll:", column 13 of line 7 is "555".
    lines = BROKEN.splitlines()
    assert lines[4].startswith("urll:") and lines[6][12:15] == "555" and lines[3][9:] == "Too short"


@pytest.mark.slow  # runs check in a subprocess
def test_warnings_alone_are_annotations_that_do_not_fail_the_check(make_project, tmp_path):
    make_project()
    result = check("--format", "github", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()) == (0, WARNINGS)


@pytest.mark.slow  # runs check in a subprocess
def test_strict_makes_warning_annotations_errors(make_project, tmp_path):
    make_project()
    result = check("--format", "github", "--strict", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()) == (1, [w.replace("::warning", "::error") for w in WARNINGS])


@pytest.mark.slow  # runs check in a subprocess
def test_json_lists_every_problem_for_tools(make_project, tmp_path):
    make_project({"listings/example-broken-line.yaml": BROKEN})
    result = check("--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    found = json.loads(result.stdout)
    assert found[1] == {"where": {"path": "content/listings/example-broken-line.yaml", "line": 5, "column": 1},
                        "field": "urll", "message": "unknown field; did you mean 'url'?", "level": "error",
                        "text": "content/listings/example-broken-line.yaml:5:1: urll: unknown field; did you mean 'url'?"}
    assert [p["level"] for p in found] == ["error"] * 4 + ["warning"] * 3


@pytest.mark.slow  # runs check in a subprocess
def test_a_file_name_cannot_start_a_workflow_command_of_its_own(make_project, tmp_path):
    content = make_project()
    (content / "listings" / "x\n::add-mask::y.yaml").write_text("name: x\n")
    result = check("--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if "add-mask" in line] == [
        "::error file=content/listings/x%0A%3A%3Aadd-mask%3A%3Ay.yaml,line=1,col=1::the file name is the page's web "
        "address: use lower-case letters, digits and hyphens (at most 80), like my-listing.yaml"]


def test_properties_and_messages_are_escaped_as_the_toolkit_does():
    problem = Problem(Position("content/a,b:c%.yaml", 3, 7), "name", "100% sure\r\nsecond line")
    assert format_problems([problem], "github") == (
        "::error file=content/a%2Cb%3Ac%25.yaml,line=3,col=7::name: 100%25 sure%0D%0Asecond line")
    # In the message, , and : stay as they are: only the properties before :: are split on them.
    assert format_problems([Problem(Position("a.yaml"), "", "one, two: three")], "github") == (
        "::error file=a.yaml,line=1,col=1::one, two: three")
