"""Preview: build into a folder of its own, serve it on 127.0.0.1, and keep it up to date as files change.

The preview keeps what it has read, checked and rendered in memory, as Hugo's server does. Saving a listing
file re-reads and re-checks that file and re-renders the pages that show it, so the page is up to date within a
second even in a directory of 10,000 listings; the search index catches up in the background. Any other change
(settings, categories, guides, templates, schemas, or a listing file added or removed) builds everything again.
A broken edit prints its problems, and the last good site is served meanwhile. site/ is never touched.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import http.server
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import index, languages, load, make_site, parallel, read_listing, render, validate, write
from .config import Config
from .models import Listing
from .problems import BuildFailed, Problem, format_problems, summary

POLL_SECONDS = 0.2  # how often the files are looked at; stat-ing 10,000 of them takes about 20 ms
# Pages that count or filter every listing: re-rendered after any edit of a listing.
SHOWING_EVERY_LISTING = {"home.html", "browse.html", "search.html"}


def serve(config: Config, port: int) -> int:
    """Serve a preview of the site until interrupted."""
    preview = Preview(config)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(
        preview.folder)))
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
    """What the preview shows: the content as read, its checked listings and the directory made of them."""

    content: load.Content
    rules: validate.Rules
    checked: dict[str, validate.Checked]  # each listing file, read and checked, by path
    plan: render.Plan  # the pages and files of the site it shows


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
        """Build everything again into the folder, as `build` does; print the problems instead of stopping."""
        started = time.perf_counter()
        try:
            with self.lock:  # as sitegen.build, keeping what it read and checked
                content = load.read_content(self.config.content_dir)
                rules = validate.check_rules(content, self.config)
                checked = {each.record.path: each for each in parallel.map(
                    functools.partial(read_listing, rules=rules), content.listing_files)}
                directory, warnings = validate.check_directory(content, rules, list(checked.values()), self.config)
                plan = render.plan_site(directory, self.config.templates_dir, self.config.schema_dir,
                                        self.config.locales_dir)
                make_site(plan, self.folder)
                self.state = State(content, rules, checked, plan)
                gc.freeze()  # what the preview keeps: the collector need not look at it again and again
        except BuildFailed as failure:
            return _report_failure(failure)
        _report(warnings, f"Built in {time.perf_counter() - started:.1f} s.")

    def update(self, changed: set[str]) -> None:
        """Show the changed files: re-render the pages an edit of listings shows on, or else build everything."""
        state = self.state
        if state is None or not changed <= state.checked.keys():  # a listing added or removed, or any other file
            return self.rebuild()
        started = time.perf_counter()
        try:
            with self.lock:
                edits = {path: read_listing(Path(path), state.rules) for path in changed}
                if problems := [problem for each in edits.values() for problem in each.problems
                                if problem.level == "error"]:
                    raise BuildFailed(problems)
                # The edited listings' own pages first, as the site before showed them: what the editor is looking
                # at. Then everything the edit changes across the site, which takes a second among 10,000.
                write.write_files(render.render_pages(state.plan, edited_pages(state.plan, edits)),
                                  self.folder, state.plan.paths)
                checked = {**state.checked, **edits}
                directory, warnings = validate.check_directory(state.content, state.rules, list(checked.values()),
                                                               self.config)
                plan = render.plan_site(directory, self.config.templates_dir, self.config.schema_dir,
                                        self.config.locales_dir)
                pages = affected(plan.pages, state.plan, changed)
                write.write_files(render.render_pages(plan, pages), self.folder, plan.paths)  # links: the build's
                # Fixed files that changed with the edit: the sitemap, HSDS's lists, the service worker...
                before = {file.path: file.data for file in state.plan.files}
                write.write_files([file for file in plan.files if before.get(file.path) != file.data],
                                  self.folder, plan.paths)
                self.state = State(state.content, state.rules, checked, plan)
        except BuildFailed as failure:
            return _report_failure(failure)
        self.search_stale.set()
        _report(warnings, f"Updated {len(pages)} pages in {time.perf_counter() - started:.2f} s; "
                          "search catches up in a moment.")

    def _index_when_stale(self) -> None:
        """Index the folder again after each update, into a new folder swapped in whole: a search never sees half."""
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


def edited_pages(plan: render.Plan, edits: dict[str, validate.Checked]) -> list[render.Page]:
    """Return the pages of edited listings, checked alone, in the site the plan made: the rest of it as it was."""
    categories = {(code, c.slug): c for code, local in plan.local.items() for c in local.categories}
    pages = []
    for page in plan.pages:
        before = page.context.get("listing")
        each = edits.get(before.path) if before else None
        if each and each.fields and (page.language, each.fields["category"]) in categories:
            category = categories[page.language, each.fields["category"]]
            listing = Listing(**{**each.fields, "category": category})
            if page.language != plan.directory.site.language:
                listing = languages.translated(listing, category, page.language,
                                               plan.local[page.language].site.crisis_line)
            pages.append(dataclasses.replace(page, title=listing.name, description=listing.summary,
                                             context={**page.context, "listing": listing}))
    return pages


def affected(pages: list[render.Page], before: render.Plan, changed: set[str]) -> list[render.Page]:
    """Return the pages an edit of the changed listing files shows on: each page that shows one of them, or whose
    list of listings is not the one it had (a renamed listing moves along its category's pages), and the pages
    that count or filter every listing."""
    edited = {x.slug for x in before.directory.listings if x.path in changed} | \
        {page.context["listing"].slug for page in pages if page.context.get("listing") and
         page.context["listing"].path in changed}
    shown_before = {page.url: _shown(page) for page in before.pages}
    return [page for page in pages if page.template in SHOWING_EVERY_LISTING or _shown(page) & edited
            or _shown(page) != shown_before.get(page.url)]


def _shown(page: render.Page) -> frozenset[str]:
    """Return the slugs of the listings a page shows, in a card or as itself."""
    shown = [page.context["listing"]] if "listing" in page.context else page.context.get("listings", [])
    return frozenset(x.slug for x in shown)


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


def _report(warnings: list[Problem], done: str) -> None:
    if warnings:
        print(format_problems(warnings), file=sys.stderr)
    print(done, file=sys.stderr)


def _report_failure(failure: BuildFailed) -> None:
    print(format_problems(failure.problems), file=sys.stderr)
    print(f"{summary(failure.problems)}; still serving the last good build.", file=sys.stderr)
