"""A rebuild after an edit writes only what changed, and the result is the site a fresh build makes."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

import sitegen
from sitegen import cache, index, load, render

SAMPLE_LISTINGS = Path(__file__).parent.parent / "golden" / "sample" / "content" / "listings"

# Pagefind writes its filter and metadata indexes in hash-map order (its issue #638), and names them
# after their bytes: those are left out, as in test_write.py.
UNSTABLE = re.compile(r"pagefind/(?:\d+/)?(?:filter/|pagefind\.|pagefind-entry)")


def tree(folder: Path) -> dict[str, str]:
    return {path: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file() and not UNSTABLE.match(path := p.relative_to(folder).as_posix())}


def build(content: Path, site: Path) -> None:
    sitegen.build(sitegen.Config(content_dir=content, site_dir=site))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def small_bundles(monkeypatch):
    """Split even the sample's search index into bundles, as a statewide directory's is."""
    monkeypatch.setattr(index, "BUNDLE_SIZE", 2)


@pytest.mark.parametrize("bundled", [False, True], ids=["one index", "bundles"])
def test_rebuilds_after_edits_match_a_fresh_build(make_project, tmp_path, request, bundled):
    if bundled:
        request.getfixturevalue("small_bundles")
    content, site = make_project(), tmp_path / "site"
    build(content, site)
    library = content / "listings" / "example-library.yaml"
    steps = [
        # its page, the pages that list it, and the search index
        lambda: edit(library, "name: Example Public Library <Main>", "name: Example Public Library"),
        lambda: (content / "listings" / "example-tuesday-circle.yaml").unlink(),  # a page and its search entry go
        lambda: library.with_name("example-second-library.yaml").write_text(
            library.read_text(encoding="utf-8").replace("Example Public Library", "Example Branch Library").replace(
                "summary: Borrow", "summary: Also borrow"),
            encoding="utf-8"),  # a new page, in the lists and the search
        lambda: edit(content / "categories.yaml", "Libraries", "Public libraries"),  # every page that shows it
    ]
    for n, step in enumerate(steps):
        step()
        build(content, site)
        build(content, tmp_path / f"fresh-{n}")
        assert tree(site) == tree(tmp_path / f"fresh-{n}"), f"after step {n + 1}"
    assert not (site / "listings" / "example-tuesday-circle").exists()


def test_an_edit_rewrites_only_the_pages_that_show_it(make_project, tmp_path):
    content, site = make_project(), tmp_path / "site"
    build(content, site)
    build(content, tmp_path / "other")  # so that the next build starts from the site before
    library = content / "listings" / "example-library.yaml"
    edit(library, "name: Example Public Library <Main>", "name: Example Public Library")
    build(content, site)
    edit(library, "name: Example Public Library", "name: Example City Library")
    before = {path: p.stat().st_ino for p in site.rglob("*.html") if (path := p.relative_to(site).as_posix())}
    build(content, site)
    after = {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}
    rewritten = {path for path in after if before.get(path) != after[path]}
    # The site before this one was updated in place: files that did not change are the ones it had.
    assert "listings/example-library/index.html" in rewritten
    assert "listings/example-peer-warmline/index.html" not in rewritten
    assert "Example City Library" in (site / "listings" / "example-library" / "index.html").read_text()
    previous = tmp_path / ".site.previous" / "listings" / "example-library" / "index.html"
    assert "Example Public Library" in previous.read_text(), "the site before was changed, not replaced"


def test_bundles_depend_on_each_page_alone(small_bundles):
    urls = [f"listings/l{n}/" for n in range(8)]  # 4 bundles of 2; with one more, still 4
    parts = index.bundles(urls)
    assert len(parts) > 1 and sorted(u for us in parts.values() for u in us) == sorted(urls)
    again = index.bundles(urls[:5] + ["listings/new/"] + urls[5:])
    assert len(again) == len(parts)
    moved = {u for name, us in parts.items() for u in us if u not in again.get(name, [])}
    assert moved == set(), "adding a page moved others to another bundle"


def test_the_search_page_names_every_bundle(make_project, tmp_path, small_bundles):
    content, site = make_project(), tmp_path / "site"
    build(content, site)
    names = re.search(r'data-bundles="([^"]*)"', (site / "search" / "index.html").read_text()).group(1).split()
    assert len(names) > 1 and all((site / name / "pagefind.js").is_file() for name in names)
    assert not (site / "pagefind" / "pagefind.js").exists()


def test_each_bundle_is_indexed_once_its_pages_are_written_in_turn(make_project, tmp_path, small_bundles,
                                                                   monkeypatch):
    """Pagefind indexes a bundle beside the rendering of the next ones; it must never miss one of its pages."""
    content, site = make_project(), tmp_path / "site"
    seen = []

    def written(indexer, name, page_keys):
        missing = [url for url in indexer.parts[name] if not (indexer.folder / url / "index.html").is_file()]
        assert not missing, f"{name} was indexed before {missing} were written"
        seen.append(name)
        original(indexer, name, page_keys)

    original = index.Indexer.written
    monkeypatch.setattr(index.Indexer, "written", written)
    build(content, site)
    names = re.search(r'data-bundles="([^"]*)"', (site / "search" / "index.html").read_text()).group(1).split()
    assert len(seen) > 1 and sorted(seen) == sorted(names) and len(set(seen)) == len(seen)  # each once


def test_a_bundle_is_indexed_before_the_pages_rendered_after_it_are_written(make_project, tmp_path, small_bundles,
                                                                          monkeypatch):
    """Pagefind starts on a bundle once its last page is written, not once the pages rendered with it are:
    after an edit, the changed bundle is indexed while the lists that show the listing are rendered."""
    content, site = make_project(), tmp_path / "site"
    home_written = []

    def written(indexer, name, page_keys):
        home_written.append((indexer.folder / "index.html").is_file())  # the home page is in no bundle: last
        original(indexer, name, page_keys)

    original = index.Indexer.written
    monkeypatch.setattr(index.Indexer, "written", written)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # rendered in turn, here: no worker runs ahead
    build(content, site)
    assert len(home_written) > 1 and not any(home_written)


def test_a_build_that_fails_while_pagefind_runs_stops_it_and_leaves_the_site(make_project, tmp_path, small_bundles,
                                                                            monkeypatch):
    content, site = make_project(), tmp_path / "site"
    build(content, site)
    before, started = tree(site), []
    edit(content / "listings" / "example-library.yaml", "Example Public Library <Main>", "Example Library")

    def render_then_fail(env, directory, pages, paths, folder, done, breaks):
        original(env, directory, pages, paths, folder, lambda count: started.append(count) or done(count), breaks)
        raise sitegen.BuildFailed([sitegen.Problem(sitegen.problems.Position("x.yaml", 1, 1), "", "a broken link")])

    original = render.render_pages
    monkeypatch.setattr(render, "render_pages", render_then_fail)
    with pytest.raises(sitegen.BuildFailed):
        build(content, site)
    assert started and tree(site) == before  # bundles were handed to Pagefind, and the site is as it was
    assert not list(tmp_path.glob(".site.staging-*"))


def test_check_reads_only_the_files_that_changed(make_project, monkeypatch):
    content = make_project()
    config = sitegen.Config(content_dir=content)
    sitegen.check(config)
    assert cache.cache_file(config).is_file()
    read = []
    monkeypatch.setattr("sitegen.validate.read_yaml_file",
                        lambda path: read.append(path.name) or load.read_yaml_file(path))
    edit(content / "listings" / "example-library.yaml", "Example Public Library <Main>", "Example Public Library")
    directory, _ = sitegen.check(config)
    assert read == ["example-library.yaml"]
    assert "Example Public Library" in {x.name for x in directory.listings}
    assert {x.category.slug for x in directory.listings} == {c.slug for c in directory.categories if c.listings}


def test_a_cached_listing_keeps_its_warnings_and_their_positions(make_project):
    content = make_project()
    listing = content / "listings" / "example-library.yaml"
    listing.write_text(re.sub(r"last_verified: .*", 'last_verified: "2020-01-01"', listing.read_text(encoding="utf-8")),
                       encoding="utf-8")
    config = sitegen.Config(content_dir=content)
    _, first = sitegen.check(config)
    _, second = sitegen.check(config)  # from the cache
    assert any("not verified since 2020-01-01" in p.message for p in first)
    assert [str(p) for p in second] == [str(p) for p in first]


def test_a_broken_or_foreign_cache_is_ignored(make_project):
    content = make_project()
    config = sitegen.Config(content_dir=content)
    sitegen.check(config)
    cache.cache_file(config).write_bytes(b"not a pickle")
    directory, _ = sitegen.check(config)
    assert len(directory.listings) == len(list((content / "listings").glob("*.yaml")))


def test_the_cache_outlives_template_edits_but_not_schema_edits(make_project, tmp_path, monkeypatch):
    import shutil

    from sitegen.config import PROJECT_DIR

    content, templates, schema = make_project(), tmp_path / "templates", tmp_path / "schema"
    shutil.copytree(PROJECT_DIR / "templates", templates)
    shutil.copytree(PROJECT_DIR / "schema", schema)
    config = sitegen.Config(content_dir=content, templates_dir=templates, schema_dir=schema)
    sitegen.check(config)
    read = []
    monkeypatch.setattr("sitegen.validate.read_yaml_file",
                        lambda path: read.append(path.name) or load.read_yaml_file(path))
    (templates / "listing.html").write_text((templates / "listing.html").read_text() + "{# edited #}\n")
    sitegen.check(config)
    assert read == []
    (schema / "listing.schema.json").write_text((schema / "listing.schema.json").read_text() + "\n")
    sitegen.check(config)
    assert len(read) == len(list((content / "listings").glob("*.yaml")))


def test_an_edit_that_keeps_the_size_is_seen(make_project, tmp_path):
    """Files are not read again while their size, time and inode are unchanged; an edit changes the time."""
    import os

    content, site = make_project(), tmp_path / "site"
    listing = content / "listings" / "example-library.yaml"
    old = os.stat(listing).st_mtime_ns - 10_000_000_000  # as if written long before the build
    os.utime(listing, ns=(old, old))
    build(content, site)
    edit(listing, "Example Public Library", "Example Public Libraby")  # same size
    os.utime(listing, ns=(old + 1_000_000, old + 1_000_000))
    build(content, site)
    assert "Example Public Libraby" in (site / "listings" / "example-library" / "index.html").read_text()


def test_a_cached_check_says_what_a_fresh_one_says(make_project):
    content = make_project({"listings/broken.yaml": "name: [unclosed\n",
                            "listings/example-library.yaml": (SAMPLE_LISTINGS / "example-library.yaml").read_text()
                            .replace("category: library", "category: libary")})
    config = sitegen.Config(content_dir=content)
    said = []
    for _ in range(2):  # without a cache, then with one
        with pytest.raises(sitegen.BuildFailed) as failed:
            sitegen.check(config)
        said.append([str(p) for p in failed.value.problems])
    assert said[0] == said[1]
    assert any("broken.yaml:" in line for line in said[0]) and any("'libary'" in line for line in said[0])
