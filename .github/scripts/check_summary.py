"""Turn `build.py check --format json` output into a Markdown job summary: what editors should look at.

    python build.py check --format json > check.json
    python build.py check --online --format json > online.json     # optional: the links asked too
    python .github/scripts/check_summary.py check.json [online.json] >> "$GITHUB_STEP_SUMMARY"

Errors come first; then the listings not checked recently, oldest first, and beside them the dead links (addresses
that answered 404 or 410, or whose host name is gone), the services' own addresses before the sources; then the
links that were slow or unsure, and every other warning. online.json adds only the links: a link check that did
not finish (a missing or partial file) is said in one line, and the rest of the summary stands.
In GitHub Actions each file links to its line at the commit that was checked.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

SINCE = re.compile(r"not checked since (\d{4}-\d{2}-\d{2})")
DEAD, UNSURE = "dead link: ", "slow or unsure: "  # how sitegen/online.py starts its warnings
ONLINE = (DEAD, UNSURE, "not checked: ")


def summarize(problems: list[dict], env: dict[str, str], links: list[dict] | None = None,
              links_asked: bool = False) -> str:
    """Return the Markdown summary of a check's problems, and of its links if they were asked (links_asked):
    links is then the link check's problems, or None if it did not finish."""
    stale = sorted((p for p in problems if p["level"] == "warning" and SINCE.search(p["message"])),
                   key=lambda p: (SINCE.search(p["message"]).group(1), p["where"]["path"]))
    errors = [p for p in problems if p["level"] == "error"]
    online = [p for p in links or [] if p["level"] == "warning" and p["message"].startswith(ONLINE)]
    dead = sorted((p for p in online if p["message"].startswith(DEAD)),
                  key=lambda p: (p["field"].startswith("source"), p["where"]["path"], p["where"]["line"]))
    unsure = [p for p in online if p not in dead]
    others = [p for p in problems if p["level"] == "warning" and p not in stale]
    lines = ["# Listings that need checking", ""]
    if links_asked and links is None:
        lines += ["The link check did not finish this time, so dead links are not listed: see the run's log.", ""]
    if not problems and not online:
        return "\n".join(lines + ["Every listing was checked recently, and nothing else needs a look."
                                  + (" Every link answered." if links_asked and links is not None else ""), ""])
    if errors:
        lines += [f"## {_count(errors, 'error')} to fix", "",
                  "These fail the check. Fix them before anything else.", "", *_table(errors, env), ""]
    if stale:
        lines += [f"## {_count(stale, 'listing')} not checked recently", "",
                  "Oldest first. Call the service, update what changed, and set `verified` to `date:` the day "
                  "you called and `by: phone`.", "",
                  "| Listing | Last checked |", "| --- | --- |"]
        lines += [f"| {_link(p, env)} | {SINCE.search(p['message']).group(1)} |" for p in stale]
        lines.append("")
    if dead:
        lines += [f"## {_count(dead, 'dead link')}", "",
                  "These answered 404 or 410, or their host name no longer exists: the services' own addresses "
                  "first, then the sources. Find the new address (call the service if you must) and fix or remove "
                  "it.", "", *_table([{**p, "message": p["message"].removeprefix(DEAD)} for p in dead], env), ""]
    if unsure:
        lines += [f"## {_count(unsure, 'link')} to look at again", "",
                  "These did not answer in time or answered with a server error, every time they were asked, or "
                  "gave an answer a page may give link checkers but not people. Open each in a browser, and fix it "
                  "only if it is really gone.", "", *_table(unsure, env), ""]
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


def read_links(path: Path) -> list[dict] | None:
    """Return the problems of a link check, or None if it did not finish (no file, or not all of it)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, list) or any(p.get("level") == "error" for p in found):
        return None  # content errors stop the check before any link is asked
    return found


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    problems = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    links = read_links(Path(argv[1])) if len(argv) == 2 else None
    print(summarize(problems, dict(os.environ), links, links_asked=len(argv) == 2), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
