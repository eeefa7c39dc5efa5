"""The preview: serves the site on 127.0.0.1 with its own 404 page, and shows each edit as a build would."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import sitegen
from sitegen import index
from sitegen.serve import INDEXING_NICENESS, Handler, Preview


@pytest.mark.slow  # builds a site of its own
def test_preview_serves_pages_and_the_sites_own_404(make_project, tmp_path):
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=make_project(), site_dir=site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        assert b"Example Crisis Line" in urllib.request.urlopen(base + "listings/example-crisis-line/").read()
        try:
            urllib.request.urlopen(base + "no/such/page/")
            raise AssertionError("a missing page must answer 404")
        except urllib.error.HTTPError as missing:
            assert missing.code == 404
            assert missing.read() == (site / "404.html").read_bytes()
    finally:
        server.shutdown()


def pages_of(folder):
    """Return every file of a site but its search index, by path: what the preview must show as a build does."""
    found = {}
    for parent, folders, names in os.walk(folder):  # not into the search index, which the indexer swaps meanwhile,
        folders[:] = [name for name in folders if name not in ("pagefind", ".search-next")]  # nor the one it makes
        for name in names:
            path = Path(parent) / name
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return dict(sorted(found.items()))


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def preview(make_project, tmp_path):
    content = make_project()
    preview = Preview(sitegen.Config(content_dir=content, site_dir=tmp_path / "site"))
    preview.rebuild()
    yield preview
    preview.close()


@pytest.mark.slow  # builds a site of its own
def test_the_preview_is_the_site_a_build_makes(preview, tmp_path):
    sitegen.build(preview.config)
    assert pages_of(preview.folder) == pages_of(tmp_path / "site")
    assert (preview.folder / "pagefind" / "pagefind.js").is_file()


@pytest.mark.slow  # builds a site of its own
def test_an_edited_listing_is_shown_by_rendering_only_the_pages_that_show_it(preview, tmp_path, capsys):
    content = preview.config.content_dir
    library = content / "listings" / "example-library.yaml"
    edit(library, "name: Example Public Library <Main>", "name: Example City Library")
    guide = (preview.folder / "guides" / "reaching-out" / "index.html").stat().st_ino
    crisis_line = (preview.folder / "listings" / "example-crisis-line" / "index.html").stat().st_ino
    preview.update({str(library)})
    assert "Updated" in capsys.readouterr().err
    assert b"Example City Library" in (preview.folder / "listings" / "example-library" / "index.html").read_bytes()
    assert (preview.folder / "listings" / "example-crisis-line" / "index.html").stat().st_ino == crisis_line
    assert (preview.folder / "guides" / "reaching-out" / "index.html").stat().st_ino != guide  # it lists the library
    sitegen.build(preview.config)
    assert pages_of(preview.folder) == pages_of(tmp_path / "site")


@pytest.mark.slow  # builds a site of its own
def test_saves_one_after_another_show_what_a_build_makes(preview, tmp_path):
    """The preview keeps each listing, and what each stage works out from it, from save to save: after edits of
    words, tags and a Spanish translation, one a build refuses and its fix, it is still the site a build makes."""
    listings = preview.config.content_dir / "listings"
    warmline, library = listings / "example-peer-warmline.yaml", listings / "example-library.yaml"
    edit(warmline, "tags: [peer-support, loneliness]", "tags: [peer-support, grief]")
    preview.update({str(warmline)})
    edit(warmline, "    summary: Hable con una persona", "    summary: Hable hoy con una persona")
    preview.update({str(warmline)})
    edit(library, "name: Example Public Library <Main>", "name: [broken")
    preview.update({str(library)})
    edit(library, "name: [broken", "name: Example Lending Library")
    edit(library, "summary: Borrow books,", "summary: Borrow audiobooks,")
    preview.update({str(library)})
    sitegen.build(preview.config)
    assert pages_of(preview.folder) == pages_of(tmp_path / "site")


@pytest.mark.slow  # builds a site of its own
def test_other_changes_build_everything_again(preview, tmp_path):
    content = preview.config.content_dir
    edit(content / "categories.yaml", "plural: Libraries", "plural: Public libraries")
    (content / "listings" / "example-tuesday-circle.yaml").unlink()
    preview.update({str(content / "categories.yaml"), str(content / "listings" / "example-tuesday-circle.yaml")})
    sitegen.build(preview.config)
    assert pages_of(preview.folder) == pages_of(tmp_path / "site")
    assert not (preview.folder / "listings" / "example-tuesday-circle").exists()


def test_a_broken_edit_keeps_the_last_good_preview_and_says_why(preview, capsys):
    before = pages_of(preview.folder)
    library = preview.config.content_dir / "listings" / "example-library.yaml"
    edit(library, "name: Example Public Library <Main>", "name: [broken")
    preview.update({str(library)})
    err = capsys.readouterr().err
    assert f"{library}:2:9: this is not valid YAML" in err and "still serving the last good build" in err
    assert pages_of(preview.folder) == before
    edit(library, "name: [broken", "name: Example City Library")
    preview.update({str(library)})
    assert b"Example City Library" in (preview.folder / "listings" / "example-library" / "index.html").read_bytes()


def test_the_search_index_catches_up_after_an_edit(preview):
    library = preview.config.content_dir / "listings" / "example-library.yaml"
    entry = preview.folder / "pagefind" / "pagefind-entry.json"
    before = entry.stat().st_ino
    edit(library, "name: Example Public Library <Main>", "name: Example City Library")
    preview.update({str(library)})
    for _ in range(100):
        if entry.is_file() and entry.stat().st_ino != before and not preview.search_stale.is_set():
            break
        time.sleep(0.1)
    assert entry.stat().st_ino != before, "the search index was not rebuilt"


@pytest.mark.skipif(sys.platform != "linux", reason="a thread's own priority is Linux's")
def test_the_search_index_is_made_at_a_lower_priority_than_the_next_save(preview, monkeypatch):
    """Pagefind, started by the indexing thread, inherits its priority; the thread that checks and writes a save
    keeps its own."""
    niceness = []
    monkeypatch.setattr(index, "_pagefind", lambda *args: niceness.append(
        os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
    library = preview.config.content_dir / "listings" / "example-library.yaml"
    edit(library, "name: Example Public Library <Main>", "name: Example City Library")
    preview.update({str(library)})
    for _ in range(100):
        if niceness and not preview.search_stale.is_set():
            break
        time.sleep(0.1)
    here = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert niceness and all(n == min(19, here + INDEXING_NICENESS) for n in niceness)


def test_an_edit_a_build_refuses_is_never_served(preview, capsys):
    """The checks across files run before anything is written: a duplicate of another listing is not shown even
    for a moment (the edited page was once written before them)."""
    before = pages_of(preview.folder)
    library = preview.config.content_dir / "listings" / "example-library.yaml"
    edit(library, "name: Example Public Library <Main>",
         'name: Example Peer Warmline\nphones:\n  - {number: "+1 828 555 0101", extension: "2"}')
    with pytest.raises(sitegen.BuildFailed):
        sitegen.build(preview.config)  # the build refuses it,
    preview.update({str(library)})
    err = capsys.readouterr().err
    assert "is already listed in" in err and "still serving the last good build" in err  # and so does the preview
    assert pages_of(preview.folder) == before


def test_a_link_a_build_refuses_is_never_served(preview, capsys):
    """A link to a page the site does not have stops a build, so the preview does not show it either."""
    before = pages_of(preview.folder)
    library = preview.config.content_dir / "listings" / "example-library.yaml"
    edit(library, "category: library\n",
         "category: library\ndescription: Ask about the [reading group](/listings/no-such-group/).\n")
    with pytest.raises(sitegen.BuildFailed):
        sitegen.build(preview.config)
    preview.update({str(library)})
    err = capsys.readouterr().err
    assert f"{library}:" in err and "/listings/no-such-group/" in err and "still serving the last good build" in err
    assert pages_of(preview.folder) == before


def test_a_save_prints_the_warnings_of_the_saved_file_and_counts_the_others(preview, capsys):
    """A large directory has thousands of warnings: after a save the editor sees those of the file saved."""
    capsys.readouterr()
    library = preview.config.content_dir / "listings" / "example-library.yaml"
    edit(library, 'verified: {date: "2026-09-30", by: sources}', 'verified: {date: "2020-01-30", by: sources}')
    preview.update({str(library)})
    err = capsys.readouterr().err
    assert f"{library}:9:18: warning: verified.date: not checked since 2020-01-30" in err
    assert "example-peer-warmline.yaml" not in err  # stale too, but not saved
    assert "3 warnings in other files" in err and "Updated" in err


@pytest.mark.slow  # builds a site of its own
def test_a_listing_made_inactive_leaves_the_preview_as_a_build_leaves_the_site(preview, tmp_path):
    """Its page, its HSDS files and its calendar are no longer in the plan: the preview removes them too."""
    circle = preview.config.content_dir / "listings" / "example-tuesday-circle.yaml"
    circle.write_text(circle.read_text(encoding="utf-8") + "status: inactive\n", encoding="utf-8")
    preview.update({str(circle)})
    sitegen.build(preview.config)
    assert pages_of(preview.folder) == pages_of(tmp_path / "site")
    assert not (preview.folder / "listings" / "example-tuesday-circle").exists()


BRANCHES = {f"listings/example-branch-{n:02d}.yaml": f"""
    name: Example Branch Library {n:02d}
    category: library
    summary: Borrow books at branch {n:02d}.
    url: https://example.org/branch-{n:02d}
    location: {{city: Exampleville, state: NC}}
    verified: {{date: "2026-09-30", by: sources}}
    source: [https://example.org/branch-{n:02d}]
    """ for n in range(1, 61)}  # with the sample's library, 61: three pages of the category; 64 listings to check


def written_pages(folder):
    """Return each page of a site by path, with its inode: a page written again has a new one (write.write_file)."""
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.html")}


@pytest.mark.slow  # builds a site of its own
def test_a_save_renders_exactly_the_pages_that_show_what_changed(make_project, tmp_path):
    """A listing's own pages, the lists it is on (not the pages of its category it is not on) and the pages that
    count every listing; no other listing's page. A listing moved to another category leaves one list for
    another, and both categories count it: each page of both."""
    preview = Preview(sitegen.Config(content_dir=make_project(BRANCHES), site_dir=tmp_path / "site"))
    try:
        preview.rebuild()
        every = {"index.html", "listings/index.html", "search/index.html", "hsds/index.html",
                 "es/index.html", "es/listings/index.html", "es/search/index.html"}
        lists = {f"{lang}{kind}2/index.html" for lang in ("", "es/") for kind in ("needs-checking/", "translations/")}
        branch = preview.config.content_dir / "listings" / "example-branch-60.yaml"
        before = written_pages(preview.folder)
        edit(branch, "at branch 60.", "and audiobooks at branch 60.")
        preview.update({str(branch)})
        after = written_pages(preview.folder)
        assert {path for path in after if after[path] != before.get(path)} == every | lists | {
            "listings/example-branch-60/index.html", "es/listings/example-branch-60/index.html",
            "categories/library/3/index.html", "es/categories/library/3/index.html"}
        edit(branch, "category: library", "category: support-group")
        preview.update({str(branch)})
        again = written_pages(preview.folder)
        assert {path for path in again if again[path] != after.get(path)} == every | lists | {
            "listings/example-branch-60/index.html", "es/listings/example-branch-60/index.html",
            *(f"{lang}categories/{kind}index.html" for lang in ("", "es/")
              for kind in ("library/", "library/2/", "library/3/", "support-group/"))}
        sitegen.build(preview.config)
        assert pages_of(preview.folder) == pages_of(tmp_path / "site")
        last = preview.config.content_dir / "listings" / "example-branch-59.yaml"  # on the second page to check
        last.write_text(last.read_text(encoding="utf-8") + "status: inactive\n", encoding="utf-8")
        preview.update({str(last)})
        final = written_pages(preview.folder)
        assert {"needs-checking/index.html", "es/needs-checking/index.html"} <= {
            path for path in final if final[path] != again[path]}, "each counts every listing"
        sitegen.build(preview.config)
        assert pages_of(preview.folder) == pages_of(tmp_path / "site")
    finally:
        preview.close()
