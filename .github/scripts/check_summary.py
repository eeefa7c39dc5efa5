"""Turn `build.py check --format json` output into a Markdown job summary: what editors should look at.

    python build.py check --format json > check.json
    python .github/scripts/check_summary.py check.json >> "$GITHUB_STEP_SUMMARY"

Listings not checked recently come first, oldest first, then every other warning and error.
In GitHub Actions each file links to its line at the commit that was checked.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

SINCE = re.compile(r"not checked since (\d{4}-\d{2}-\d{2})")


def summarize(problems: list[dict], env: dict[str, str]) -> str:
    """Return the Markdown summary of a check's problems."""
    stale = sorted((p for p in problems if p["level"] == "warning" and SINCE.search(p["message"])),
                   key=lambda p: (SINCE.search(p["message"]).group(1), p["where"]["path"]))
    errors = [p for p in problems if p["level"] == "error"]
    others = [p for p in problems if p["level"] == "warning" and p not in stale]
    lines = ["# Listings that need checking", ""]
    if not problems:
        return "\n".join(lines + ["Every listing was checked recently, and nothing else needs a look.", ""])
    if errors:
        lines += [f"## {_count(errors, 'error')} to fix", "",
                  "These fail the check. Fix them before anything else.", "", *_table(errors, env), ""]
    if stale:
        lines += [f"## {_count(stale, 'listing')} not checked recently", "",
                  "Oldest first. Call the service, update what changed, and set `verified` to the day you "
                  "called and `by: phone`.", "",
                  "| Listing | Last checked |", "| --- | --- |"]
        lines += [f"| {_link(p, env)} | {SINCE.search(p['message']).group(1)} |" for p in stale]
        lines.append("")
    if others:
        lines += [f"## {_count(others, 'other warning')}", "", *_table(others, env), ""]
    return "\n".join(lines)


def _count(items: list, word: str) -> str:
    return f"{len(items)} {word}{'s' * (len(items) != 1)}"


def _table(problems: list[dict], env: dict[str, str]) -> list[str]:
    rows = ["| Where | Field | Message |", "| --- | --- | --- |"]
    return rows + [f"| {_link(p, env)} | {_cell(p['field'])} | {_cell(p['message'])} |" for p in problems]


def _link(problem: dict, env: dict[str, str]) -> str:
    """Return the file and line, linked to the repository at the checked commit when running in Actions."""
    where = problem["where"]
    text = f"`{where['path']}:{where['line']}`"
    keys = ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")
    if not all(env.get(key) for key in keys):
        return text
    server, repository, sha = (env[key] for key in keys)
    return f"[{text}]({server}/{repository}/blob/{sha}/{where['path']}#L{where['line']})"


def _cell(text: str) -> str:
    """Return text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(summarize(json.loads(Path(argv[0]).read_text(encoding="utf-8")), dict(os.environ)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
