#!/usr/bin/env python3
"""Build a content tree once with a timer on each stage of our build, and print where the time goes.

    SOURCE_DATE_EPOCH=1793491200 python bench/profile.py --content bench/out/10000/content --out bench/out/profiled

The build is the one `python build.py build` runs (sitegen.build), in the same process shape: nothing in sitegen is
changed. Before it starts, the functions named in STAGES are wrapped, from outside, in a timer; a stage that no
longer exists (the code moved on) is left out and named at the end. Stages nest, as the calls do. The work done
in forked workers (checking listings, rendering and writing pages) is timed in each worker and added up over all
of them: those figures are worker-seconds, so with two workers a stage can take more seconds than the whole build.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

# (module, function, what it does), in the order the build runs them. The module is sitegen's, or a module in it.
STAGES = [
    ("sitegen", "build", "the whole build"),
    ("sitegen.load", "read_content", "read site.yaml, categories, guides, pages"),
    ("sitegen.settings", "check_rules", "check the site's settings and categories"),
    ("sitegen.geo", "zip_centres", "load the ZIP code table"),
    ("sitegen.parallel", "map", "check each listing"),
    ("sitegen", "read_listing", "read and check one listing file"),
    ("sitegen.load", "read_yaml_file", "read its YAML"),
    ("sitegen.validate", "check_listing", "check its fields"),
    ("sitegen.validate", "check_directory", "check across files (links, duplicates)"),
    ("sitegen.validate", "warn_duplicates", "near-duplicate warnings"),
    ("sitegen.render", "plan_site", "plan every page and file"),
    ("sitegen.languages", "localize", "the directory in another language"),
    ("sitegen.render", "site_version", "the build's version (a digest of the content)"),
    ("sitegen.render", "fixed_files", "sitemap, assets, service worker, HSDS lists, ZIP tables"),
    ("sitegen.hsds", "lists", "HSDS lists"),
    ("sitegen.geo", "zip_tables", "ZIP tables"),
    ("sitegen.vocabulary", "vocabulary_file", "the search vocabulary (Did you mean)"),
    ("sitegen", "make_site", "render, write and index"),
    ("sitegen.parallel", "chunks", "in forked workers"),
    ("sitegen.render", "render_pages", "render a worker's pages and their files"),
    ("sitegen.render", "render_page", "a page through its template (Jinja2)"),
    ("sitegen.qr", "qr_code", "QR codes"),
    ("sitegen.markup", "to_html", "Markdown"),
    ("sitegen.actions", "listing_data", "the saved list's data"),
    ("sitegen.display", "json_ld", "schema.org data"),
    ("sitegen.hsds", "listing_files", "HSDS service and organization"),
    ("sitegen.ical", "calendar", "calendar files"),
    ("sitegen.render", "broken_links", "check the links of the written pages"),
    ("sitegen.write", "write_files", "write the files"),
    ("sitegen.index", "index_folder", "search index (Pagefind)"),
]

_stack: list[str] = []  # the stages running now, outermost first: a worker starts with its parent's
_totals: dict[tuple[str, ...], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])  # stage -> [wall s, CPU s, calls]
_worker_log = ""  # where workers append their totals, one JSON line per task


def timed(function, label: str):
    """Return function with a timer that adds its time to the stage label, nested in the stages running now."""
    def enter() -> tuple[tuple[str, ...], float, float]:
        _stack.append(label)
        return tuple(_stack), time.perf_counter(), time.process_time()

    def leave(path: tuple[str, ...], started: float, cpu: float) -> None:
        _stack.pop()
        total = _totals[path]
        total[0] += time.perf_counter() - started
        total[1] += time.process_time() - cpu
        total[2] += 1

    if inspect.isgeneratorfunction(function):  # parallel.chunks: its time is spent while it is iterated
        @functools.wraps(function)
        def generator(*args, **kwargs):
            path, started, cpu = enter()
            try:
                yield from function(*args, **kwargs)
            finally:
                leave(path, started, cpu)
        return generator

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        path, started, cpu = enter()
        try:
            return function(*args, **kwargs)
        finally:
            leave(path, started, cpu)
    return wrapper


def flushing(run):
    """Return parallel._run, the task a forked worker runs, adding the worker's totals to the log after each task."""
    @functools.wraps(run)
    def task(index):
        global _worker_pid
        if _worker_pid != os.getpid():  # a new worker: what it inherited are its parent's totals, not its own
            _worker_pid = os.getpid()
            _totals.clear()
        try:
            return run(index)
        finally:
            if os.getpid() != _main_pid:  # in the serial case the task runs in the build's own process
                with open(_worker_log, "a") as log:  # one short line per task: appends of it do not interleave
                    log.write(json.dumps([[list(path), *total] for path, total in _totals.items() if total[2]])
                              + "\n")
                _totals.clear()
    return task


def install() -> list[str]:
    """Wrap each stage's function in a timer; return the stages not found."""
    missing = []
    for module_name, name, label in STAGES:
        try:
            module = importlib.import_module(module_name)
            setattr(module, name, timed(getattr(module, name), label))
        except (ImportError, AttributeError):
            missing.append(f"{module_name}.{name}")
    parallel = importlib.import_module("sitegen.parallel")
    if hasattr(parallel, "_run"):
        parallel._run = flushing(parallel._run)
    return missing


def report(main: dict, workers: dict, missing: list[str]) -> str:
    """Return the stages as a Markdown table, nested as they ran, with seconds in the build and in its workers."""
    total = main[("the whole build",)][0]
    rows = ["| Stage | Wall s | Share | CPU s | Calls |", "|---|---|---|---|---|"]
    paths = sorted(set(main) | set(workers), key=lambda path: [order(label) for label in path])
    for path in paths:
        wall, cpu, calls = main.get(path) or workers[path]
        where = "" if path in main else " (in workers)"
        share = f"{100 * wall / total:.0f}%" if path in main else "–"
        rows.append(f"| {'&nbsp;&nbsp;' * (len(path) - 1)}{path[-1]}{where} | {wall:.2f} | {share} | {cpu:.2f} | "
                    f"{calls:,} |")
    text = "\n".join(rows) + (
        "\n\nWall s: in the build's own process, as it waited; \"(in workers)\": added up over the forked workers, "
        "which run side by side. CPU s: the CPU time of the process the stage ran in (not its children: Pagefind's "
        "is not in it), steadier than wall time on a busy machine. Calls: how often the stage ran.")
    if missing:
        text += f"\n\nNot found, so not timed: {', '.join(missing)}."
    return text


def order(label: str) -> int:
    labels = [stage[2] for stage in STAGES]
    return labels.index(label) if label in labels else len(labels)


def main() -> int:
    global _worker_log, _main_pid
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, required=True, help="the content folder to build")
    parser.add_argument("--out", type=Path, required=True, help="the folder to build into (replaced)")
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout whose builder to profile (default: this one)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code))
    _main_pid = os.getpid()
    missing = install()
    import sitegen

    with tempfile.NamedTemporaryFile(prefix="sitegen-profile-", suffix=".jsonl") as log:
        _worker_log = log.name
        sitegen.build(sitegen.Config(content_dir=args.content, site_dir=args.out))
        workers: dict[tuple[str, ...], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
        for line in Path(log.name).read_text().splitlines():
            for path, *figures in json.loads(line):
                workers[tuple(path)] = [a + b for a, b in zip(workers[tuple(path)], figures)]
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    print(report(dict(_totals), dict(workers), missing))
    print(f"\nCPU time of the whole run, with its workers and Pagefind: {cpu:.2f} s.")
    return 0


_main_pid = 0
_worker_pid = 0

if __name__ == "__main__":
    sys.exit(main())
