"""Output is atomic and deterministic: site/ is always the last complete build."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

import sitegen
from sitegen import write
from sitegen.render import File


def beside(site: Path) -> list[str]:
    """Return what is beside a site, but the sites before it, which a process of their own removes meanwhile."""
    return sorted(p.name for p in site.parent.iterdir() if not p.name.startswith(f".{site.name}.old-"))


def tree(folder: Path) -> dict[str, str]:
    """Return every file under folder with a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_tree_are_byte_identical(make_project, tmp_path):
    content = make_project()
    sitegen.build(sitegen.Config(content_dir=content, site_dir=tmp_path / "one"))
    sitegen.build(sitegen.Config(content_dir=content, site_dir=tmp_path / "two"))
    first, second = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert {"index.html", "404.html", "sitemap.xml", "robots.txt", "pagefind/pagefind.js"} <= set(first)
    # Pagefind writes its filter and metadata indexes in hash-map order (its issue #638), so only the
    # pages, assets and Pagefind's word index and fragments are compared byte for byte.
    def comparable(files):
        return {path: digest for path, digest in files.items()
                if not path.removeprefix("es/").startswith(("pagefind/filter/", "pagefind/pagefind.",
                                                            "pagefind/pagefind-entry"))}  # each language's index
    assert comparable(first) == comparable(second)
    assert any(path.startswith("pagefind/fragment/") for path in comparable(first))


def test_invalid_content_changes_nothing_in_an_existing_site(make_project, tmp_path):
    site = tmp_path / "site"
    content = make_project()
    sitegen.build(sitegen.Config(content_dir=content, site_dir=site))
    before = tree(site)
    make_project({"listings/example-library.yaml": "name: [broken\n"})
    with pytest.raises(sitegen.BuildFailed):
        sitegen.build(sitegen.Config(content_dir=content, site_dir=site))
    assert tree(site) == before
    assert beside(site) == [".site.lock", "content", "site"]


PLANNED = frozenset({"index.html"})  # what the plan of these sites has


def test_a_failure_while_writing_leaves_the_previous_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous")
    with pytest.raises(RuntimeError), write.staging(site) as folder:
        write.write_files([File("index.html", b"new")], folder, PLANNED)
        raise RuntimeError("killed half way")
    assert tree(site) == {"index.html": hashlib.sha256(b"previous").hexdigest()}
    assert not list(tmp_path.glob(".site.staging-*"))


def test_a_finished_build_replaces_the_whole_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("from an old build")
    with write.staging(site) as folder:
        write.write_files([File("index.html", b"new")], folder, PLANNED)
    assert tree(site) == {"index.html": hashlib.sha256(b"new").hexdigest()}
    assert oct(site.stat().st_mode & 0o777) == "0o755"
    assert beside(site) == [".site.lock", "site"]


def test_leftovers_of_a_killed_build_are_cleaned_up(tmp_path):
    leftover = tmp_path / ".site.staging-abc123"
    leftover.mkdir()
    with write.staging(tmp_path / "site") as folder:
        write.write_files([File("index.html", b"x")], folder, PLANNED)
    assert not leftover.exists()


def test_the_same_path_is_never_written_twice(tmp_path):
    with pytest.raises(RuntimeError, match="two files want to be written to a.html"):
        write.write_files([File("a.html", b"1"), File("a.html", b"2")], tmp_path / "site", frozenset({"a.html"}))


def test_nothing_is_written_that_the_plan_does_not_have(tmp_path):
    (tmp_path / "site").mkdir()
    with pytest.raises(RuntimeError, match="b.html is not in the site's plan"):
        write.write_files([File("a.html", b"1"), File("b.html", b"2")], tmp_path / "site", frozenset({"a.html"}))


def test_nothing_is_written_outside_the_site(tmp_path):
    (tmp_path / "site").mkdir()
    for path in ("../escaped.html", "/etc/escaped.html", "a/../../escaped.html", ""):
        with pytest.raises(RuntimeError, match="refusing to write outside the site"):
            write.write_file(File(path, b"x"), tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_file_written_again_is_replaced_whole(tmp_path):
    """The preview server writes into the folder it serves: a reader gets the old file or the new one."""
    write.write_file(File("a/index.html", b"old"), tmp_path)
    inode = (tmp_path / "a" / "index.html").stat().st_ino
    write.write_file(File("a/index.html", b"new"), tmp_path)
    assert (tmp_path / "a" / "index.html").read_bytes() == b"new"
    assert (tmp_path / "a" / "index.html").stat().st_ino != inode  # a new file renamed over the old one
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["index.html"]


def test_the_site_before_is_removed_by_a_process_of_its_own(tmp_path):
    site = tmp_path / "site"
    for build in ("first", "second", "third"):
        with write.staging(site) as folder:
            write.write_files([File("index.html", build.encode())], folder, PLANNED)
    assert (site / "index.html").read_text() == "third"
    for _ in range(200):  # the remover of each site before is not waited for
        if not list(tmp_path.glob(".site.old-*")):
            break
        time.sleep(0.05)
    assert beside(site) == sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]
