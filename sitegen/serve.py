"""Preview: build into a folder of its own, serve it on 127.0.0.1, and keep it up to date as files change.

The preview runs the stages of sitegen.build and keeps what they read, checked and planned in memory, as Hugo's
server does. Saving a listing file re-reads and re-checks that file, runs the checks across files and of the
rendered links as a build does, and only then writes the pages that show it (and removes those the site no
longer has); the search index catches up in the background. The checks and the plan still run over every
listing, but a listing is the same object from save to save (validate.Checked.listing_in: only the saved file's
is made anew), and what a stage works out from one listing (its words for search, filter values, translation,
HSDS items, rank, digest, its page) is kept with it (kept.py, while a preview runs), so an unchanged listing costs
a look-up, and its page is the very page of the plan before, which need not be rendered again. What a step over
every listing makes (the sitemap, HSDS's lists, the counts of words and filter values) starts from what it made
before (kept.last, kept.counted). A save of one of 10,000 listings takes about 0.7 s of CPU on a 2-core
machine (1.1 s when each listing's page was made again) and is served 0.9 s after it is written (bench/), where
building everything takes a minute; Pagefind then indexes it at a lower priority, so the next save does not wait.
After a save it prints the warnings of the saved files and counts the others. Any other change
(settings, categories, guides, templates, schemas, or a listing file added or removed) builds everything again.
A broken edit prints its problems, and the last good site is served meanwhile. site/ is never touched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import http.server
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import Files, check_across, index, kept, make_site, plan, read_files, read_listings, render, write
from .config import Config
from .models import Article, Category, Guide
from .pages import Page
from .problems import BuildFailed, Problem, format_problems, summary

POLL_SECONDS = 0.2  # how often the files are looked at; stat-ing 10,000 of them takes about 20 ms
INDEXING_NICENESS = 10  # Pagefind's, added to the preview's own: below the next save's checks, plan and pages
# Pages that count or filter every listing: re-rendered after any edit of a listing.
SHOWING_EVERY_LISTING = {"home.html", "browse.html", "search.html", "hsds.html"}


def serve(config: Config, port: int) -> int:
    """Serve a preview of the site until interrupted."""
    preview = Preview(config)
    server = Server(("127.0.0.1", port), functools.partial(Handler, directory=str(preview.folder)))
    preview.rebuild()
    threading.Thread(target=preview.watch, daemon=True).start()
    print(f"Serving a preview of {config.content_dir}/ at http://127.0.0.1:{server.server_address[1]}/ "
          "(Ctrl+C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        preview.close()
    return 0


class Server(http.server.ThreadingHTTPServer):
    """The preview's server: a browser that leaves a page before it has all of it is no error worth a traceback."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError
            super().handle_error(request, client_address)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serve the site, answering a missing page with the site's own 404 page as static hosts do."""

    def not_found_page(self) -> Path:
        return Path(self.directory) / "404.html"

    def send_error(self, code, message=None, explain=None):
        page = self.not_found_page()
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # the editor is watching for problems, not for requests


@dataclass
class State:
    """What the preview shows: the content files as read and checked, and the plan of the site made of them."""

    files: Files
    plan: render.Plan


class Preview:
    """A site kept up to date in a folder of its own as content and templates change."""

    def __init__(self, config: Config):
        self.config = config
        self.folder = Path(tempfile.mkdtemp(prefix="sitegen-preview-")) / "site"
        self.folder.mkdir()
        self.state: State | None = None
        self.search_stale = threading.Event()
        self.lock = threading.Lock()  # one change at a time: the watcher's, or the search index's swap
        self.closed = False
        self.indexer = threading.Thread(target=self._index_when_stale, daemon=True)
        self.indexer.start()

    def close(self) -> None:
        """Stop indexing and remove the preview's folder."""
        self.closed = True
        self.search_stale.set()
        self.indexer.join()
        kept.keep(False)
        shutil.rmtree(self.folder.parent, ignore_errors=True)

    def watch(self) -> None:
        """Look at the files every POLL_SECONDS and update the preview with what changed."""
        folders = [self.config.content_dir, self.config.templates_dir, self.config.schema_dir]
        last = snapshot(folders)
        while True:
            time.sleep(POLL_SECONDS)
            current = snapshot(folders)
            if current != last:
                changed = {path for path in current.keys() | last.keys() if current.get(path) != last.get(path)}
                last = current
                self.update(changed)

    def rebuild(self) -> None:
        """Build everything again into the folder, as `build` does, keeping what it read and checked; print the
        problems instead of stopping."""
        started = time.perf_counter()
        try:
            with self.lock:
                kept.keep()  # what the stages work out, from each listing and over all of them, for the next save
                files = read_files(self.config)  # the stages of sitegen.build, one by one
                directory, warnings = check_across(files, self.config)
                site = plan(directory, self.config)
                make_site(site, self.folder)  # compiles the templates here too, so saves render with them
                # The render workers were forked from this process, so the first write to each page of memory they
                # shared faults, even for a reference count: checked and planned once more now, not at the first
                # save, which took 0.6 s more than the next.
                plan(check_across(files, self.config)[0], self.config)
                self.state = State(files, site)
                gc.freeze()  # what the preview keeps: the collector need not look at it again and again
        except BuildFailed as failure:
            return _report_failure(failure)
        _report(warnings, f"Built in {time.perf_counter() - started:.1f} s.")

    def update(self, changed: set[str]) -> None:
        """Show the changed files: re-check edited listings and re-render the pages they show on, or else build
        everything. The checks of a build run first, across files and on the rendered links too: an edit a build
        would refuse is never written, and the last good site is served meanwhile."""
        state = self.state
        if state is None or not changed <= state.files.listings.keys():  # a listing added or removed, or another file
            return self.rebuild()
        started = time.perf_counter()
        try:
            with self.lock, collector_paused():
                files = dataclasses.replace(state.files, listings={
                    **state.files.listings, **read_listings([Path(path) for path in sorted(changed)],
                                                            state.files.rules)})
                directory, warnings = check_across(files, self.config)
                site = plan(directory, self.config)
                rendered = render.render_pages(site, affected(site.pages, state.plan))
                if broken := render.broken_links(site, rendered):
                    raise BuildFailed(broken)
                # Fixed files that changed with the edit: the sitemap, HSDS's lists, the service worker...
                before = {file.path: file.data for file in state.plan.files}
                write.write_files([*rendered, *(file for file in site.files if before.get(file.path) != file.data)],
                                  self.folder, site.paths)
                write.remove_files(state.plan.paths - site.paths, self.folder)  # a listing made inactive
                self.state = State(files, site)
        except BuildFailed as failure:
            return _report_failure(failure, changed)
        self.search_stale.set()
        _report(warnings, f"Updated {sum(f.path.endswith('.html') for f in rendered)} pages in "
                          f"{time.perf_counter() - started:.2f} s; search catches up in a moment.", changed)

    def _index_when_stale(self) -> None:
        """Index the folder again after each update, into a new folder swapped in whole: a search never sees half.
        Pagefind runs at a lower priority (on Linux, this thread's, which the processes it starts inherit), so a
        save while it indexes the one before is not kept waiting for the cores."""
        if sys.platform == "linux":
            thread = threading.get_native_id()
            niceness = os.getpriority(os.PRIO_PROCESS, thread) + INDEXING_NICENESS
            os.setpriority(os.PRIO_PROCESS, thread, min(19, niceness))  # 19: the lowest there is
        while True:
            self.search_stale.wait()
            if self.closed:
                return
            self.search_stale.clear()
            output = self.folder / ".search-next"
            shutil.rmtree(output, ignore_errors=True)
            assert self.state is not None
            search = self.state.plan.search
            try:
                index.index_folder(self.folder, search, output.name)
            except RuntimeError as error:  # shown, and tried again after the next edit
                print(f"The search index could not be updated: {error}", file=sys.stderr)
            with self.lock:
                for name in {name.rpartition("pagefind/")[0] + "pagefind" for name in search}:
                    if not self.search_stale.is_set() and (output / name).is_dir():  # pagefind, es/pagefind
                        write.swap(output / name, self.folder / name)
                shutil.rmtree(output, ignore_errors=True)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector out of the way while an edit is shown: checking and planning 10,000
    listings again makes so many objects that its passes over them took a second of each save. What the last
    update left behind is collected once the collector is back on, while the editor reads the page."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def affected(pages: list[Page], before: render.Plan) -> list[Page]:
    """Return the pages an edit of listing files shows on: each listing's page made anew (an unchanged listing's
    is kept with it, kept.py: the same object from save to save), each other page that shows other listings than
    it did or other counts (an edited listing is a new object; a renamed listing moves along its category's pages),
    and the pages that count or filter every listing."""
    pages_before = {page.url: page for page in before.pages}
    return [page for page in pages if page.template in SHOWING_EVERY_LISTING or _changed(page, pages_before.get(
        page.url))]


def _changed(page: Page, before: Page | None) -> bool:
    """Return whether a page is not the one shown before: a listing's page made anew, or another whose title or
    variables show something else."""
    if page is before:  # a listing's page, kept with its listing: it shows what it showed
        return False
    if before is None or "listing" in page.context:
        return True
    return page.title != before.title or any(_shown(value) != _shown(before.context.get(name))
                                             for name, value in page.context.items())


def _shown(value: object) -> object:
    """Return what a page's variable shows, to compare from save to save. A listing not edited is the same object
    (validate.Checked.listing_in); categories, guides and pages are made anew at each check, with the words of
    files that build everything again when they change: what an edited listing changes of them is how many listings
    they hold, and their first (category.html: whether those open 24/7 come first)."""
    if isinstance(value, Category | Guide | Article):
        listings = getattr(value, "listings", [])
        return type(value), value.slug, len(listings), listings[:1]
    if isinstance(value, list) and value and isinstance(value[0], Category | Guide | Article):
        return [_shown(each) for each in value]
    return value


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Return the size and modification time of every file under the folders, by path."""
    found = {}
    for folder in folders:
        for parent, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(parent, name)
                try:
                    stat = os.stat(path)
                except OSError:  # removed meanwhile
                    continue
                found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def _report(warnings: list[Problem], done: str, changed: set[str] | None = None) -> None:
    """Print the warnings, and what was done; after a save, only the warnings of the saved files and those naming
    them, and a count of the others: tens of thousands of lines for a large directory would bury them."""
    shown = warnings if changed is None else _about(warnings, changed)
    if shown:
        print(format_problems(shown), file=sys.stderr)
    if len(shown) < len(warnings):
        print(f"{len(warnings) - len(shown)} warnings in other files: `python build.py check` lists them.",
              file=sys.stderr)
    print(done, file=sys.stderr)


def _report_failure(failure: BuildFailed, changed: set[str] | None = None) -> None:
    """Print why the site was not updated: every error, and the warnings as _report does."""
    errors = [p for p in failure.problems if p.level == "error"]
    warnings = [p for p in failure.problems if p.level != "error"]
    shown = warnings if changed is None else _about(warnings, changed)
    print(format_problems([*errors, *shown]), file=sys.stderr)
    others = f" ({len(warnings) - len(shown)} warnings in other files not shown)" if len(shown) < len(warnings) else ""
    print(f"{summary(failure.problems)}{others}; still serving the last good build.", file=sys.stderr)


def _about(problems: list[Problem], changed: set[str]) -> list[Problem]:
    """Return the problems in the changed files, or naming one of them (a possible duplicate, on the other file)."""
    if not changed:
        return []
    named = re.compile("|".join(map(re.escape, changed)))  # one search of each message: 10,000 warnings at 10,000
    return [p for p in problems if p.where.path in changed or named.search(p.message)]
