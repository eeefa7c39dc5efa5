"""The only code that writes the site: into a fresh folder, swapped into place in one step when it is complete."""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .render import File

RENAME_EXCHANGE = 2  # from <linux/fs.h>: swap two paths atomically


@contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """Yield a fresh folder beside site_dir to write the site into; put it in site_dir's place when the block ends.

    If the block raises, or the process is killed, site_dir is left exactly as it was. A lock beside site_dir
    makes concurrent builds of the same folder take turns. The site before is removed by a process of its
    own (.site.old-*): 20,000 files take seconds to remove, and nobody needs to wait for that.
    """
    parent = site_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    with _locked(parent / f".{site_dir.name}.lock"):
        for leftover in parent.glob(f".{site_dir.name}.staging-*"):
            shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed
        for leftover in parent.glob(f".{site_dir.name}.old-*"):
            _remove_later(leftover)  # if its remover was killed; else two remove it
        folder = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.staging-", dir=parent))
        try:
            folder.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
            yield folder
            swap(folder, site_dir.absolute())  # the site before is now at folder's path
            old = folder.with_name(folder.name.replace(".staging-", ".old-"))
            folder.rename(old)
            _remove_later(old)
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # only after a failure: it is gone otherwise


def _remove_later(folder: Path) -> None:
    """Remove a folder in a process of its own, which this one does not wait for (nor leaves a zombie behind)."""
    child = os.fork()
    if child:
        os.waitpid(child, 0)  # the child only forks the remover and ends
        return
    try:
        if not os.fork():
            os.setsid()  # out of the build's process group, which a terminal's Ctrl+C would end too
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(0)


def write_files(files: Iterable[File], folder: Path, planned: frozenset[str]) -> list[str]:
    """Write every file into the folder and return their paths; refuse a path twice, one the plan does not have
    (render.Plan.paths), or one outside the folder."""
    written: set[str] = set()
    for file in files:
        if file.path in written:
            raise RuntimeError(f"two files want to be written to {file.path}")
        if file.path not in planned:
            raise RuntimeError(f"{file.path} is not in the site's plan; render.plan_site must list every file")
        write_file(file, folder)
        written.add(file.path)
    return sorted(written)


def write_file(file: File, folder: Path) -> None:
    """Write one file into the folder, never outside it. A file already there (the preview server writes into
    the folder it serves) is replaced in one step: a reader sees the old file or the new one, never half of it."""
    target = os.path.join(folder, _inside(file.path))
    if os.path.lexists(target):
        with open(f"{target}.{os.getpid()}.tmp", "wb") as handle:
            handle.write(file.data)
        os.replace(handle.name, target)
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "xb") as handle:  # "x": never through a link someone left in the folder
        handle.write(file.data)


def remove_files(paths: Iterable[str], folder: Path) -> None:
    """Remove files the site no longer has from a folder updated in place (the preview's), and the folders they
    leave empty: a listing made inactive has no page, as in a build."""
    for path in sorted(paths):
        target = folder / _inside(path)
        target.unlink(missing_ok=True)
        for parent in target.parents:
            if parent == folder or any(parent.iterdir()):
                break
            parent.rmdir()


def _inside(path: str) -> str:
    """Return a site path that stays inside the site's folder; raise RuntimeError for one that would leave it."""
    if path.startswith("/") or ".." in path.split("/") or not path:
        raise RuntimeError(f"refusing to write outside the site: {path}")
    return path


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap(new: Path, site_dir: Path) -> None:
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
