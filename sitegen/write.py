"""The only code that writes the site: build into a fresh folder, then swap it into place in one step."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import functools
import multiprocessing
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .fingerprint import RECORD

RENAME_EXCHANGE = 2  # from <linux/fs.h>: swap two paths atomically


@contextmanager
def staging(site_dir: Path) -> Iterator[Callable[[], Path]]:
    """Yield ready(), which returns a folder beside site_dir to build in; swap the folder into site_dir if the block finishes.

    The folder is the site before site_dir, kept beside it as .site.previous by the last build, or else a copy
    of site_dir, or else empty: a build need not write again the files that have not changed since (prune
    removes the rest). The copy is made in a child process while the block checks the content, and ready()
    waits for it; a block that fails before calling ready() leaves .site.previous as it was.
    If the block raises, or the process is killed, site_dir is left exactly as it was.
    A lock beside site_dir makes concurrent builds of the same folder take turns.
    """
    parent = site_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    previous = parent / f".{site_dir.name}.previous"
    with _locked(parent / f".{site_dir.name}.lock"):
        _remove_leftovers(site_dir)
        folder = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.staging-", dir=parent))
        reuse = (previous / RECORD).is_file() and not previous.is_symlink()
        copying = None
        if not reuse and (site_dir / RECORD).is_file() and not site_dir.is_symlink():
            # The first build after a build into an empty folder: 10,000 listings are 30,000 links, 1-2 s.
            copying = multiprocessing.get_context("fork").Process(target=_link_tree, args=(site_dir, folder))
            copying.start()

        @functools.cache  # once: the block calls it, and so does the swap
        def ready() -> Path:
            if reuse:
                previous.rename(folder)  # onto the empty folder: a killed build leaves it to _remove_leftovers
            elif copying:
                copying.join()
                if copying.exitcode:
                    raise RuntimeError(f"could not copy {site_dir} to build in")
            shutil.rmtree(previous, ignore_errors=True)
            folder.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
            return folder

        try:
            yield ready
            _swap(ready(), site_dir.absolute())
            folder.rename(previous)  # the site this build replaced: where the next build starts
        finally:
            if copying:
                copying.kill()  # if the block failed while it was copying
                copying.join()
            shutil.rmtree(folder, ignore_errors=True)  # only after a failure: the folder is gone otherwise


def _link_tree(source: Path, target: Path) -> None:
    """Make target a copy of source whose files are hard links to source's. The two sites then share files:
    a build never changes a file, it replaces it (write_file)."""
    for parent, folders, files in os.walk(source):
        into = os.path.join(target, os.path.relpath(parent, source))
        for name in folders:
            os.mkdir(os.path.join(into, name))
        for name in files:
            os.link(os.path.join(parent, name), os.path.join(into, name), follow_symlinks=False)


def tidy(site_dir: Path) -> None:
    """Remove what a killed build left beside site_dir, when no build is running."""
    if site_dir.absolute().parent.is_dir():
        with _locked(site_dir.absolute().parent / f".{site_dir.name}.lock"):
            _remove_leftovers(site_dir)


def _remove_leftovers(site_dir: Path) -> None:
    for leftover in site_dir.absolute().parent.glob(f".{site_dir.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed; the caller holds the lock


def write_file(folder: Path, path: str, data: bytes) -> None:
    """Write one file of the site into the staged folder, never outside it, replacing any file there."""
    if path.startswith("/") or ".." in path.split("/"):
        raise RuntimeError(f"refusing to write outside the site: {path}")
    target = os.path.join(folder, path)
    try:
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileNotFoundError:  # its folder is not there yet
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:  # from the build before: a new file, never the old one changed (it may be shared)
        os.unlink(target)
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(handle, "wb") as file:
        file.write(data)


def prune(folder: Path, keep: Iterable[str]) -> None:
    """Remove from the staged folder every file but those kept (paths, and folders ending in /), and emptied folders."""
    keep = set(keep)
    folders = tuple(path for path in keep if path.endswith("/"))
    emptied = set()
    for parent, names, files in os.walk(folder, topdown=False):
        base = os.path.relpath(parent, folder) + "/" if parent != str(folder) else ""
        for name in files:
            if base + name not in keep and not (base + name).startswith(folders):
                os.unlink(os.path.join(parent, name))
                emptied.add(parent)
        for name in names:
            if os.path.join(parent, name) in emptied:
                with contextlib.suppress(OSError):  # not empty: it holds files of this build
                    os.rmdir(os.path.join(parent, name))
                    emptied.add(parent)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _swap(new: Path, site_dir: Path) -> None:
    """Put new at site_dir, leaving the previous site at new's path; site_dir is never missing."""
    if not site_dir.exists():
        new.rename(site_dir)
        new.mkdir()
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    at_fdcwd = -100
    if renameat2 and renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(site_dir), RENAME_EXCHANGE) == 0:
        return
    # No atomic exchange here (not Linux, or an old kernel): two renames, with a moment between them.
    old = new.with_name(new.name + "-old")
    site_dir.rename(old)
    new.rename(site_dir)
    old.rename(new)
