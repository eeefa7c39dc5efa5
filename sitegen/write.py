"""The only code that writes the site: build into a fresh folder, then swap it into place in one step."""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Iterator

RENAME_EXCHANGE = 2  # from <linux/fs.h>: swap two paths atomically


@contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """Yield an empty folder beside site_dir, and swap it into site_dir if the block finishes.

    If the block raises, or the process is killed, site_dir is left exactly as it was.
    A lock beside site_dir makes concurrent builds of the same folder take turns.
    """
    parent = site_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    with _locked(parent / f".{site_dir.name}.lock"):
        _remove_leftovers(site_dir)
        folder = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.staging-", dir=parent))
        try:
            folder.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
            yield folder
            _swap(folder, site_dir.absolute())
        finally:
            shutil.rmtree(folder, ignore_errors=True)  # after a swap this is the previous site


def tidy(site_dir: Path) -> None:
    """Remove what a killed build left beside site_dir, when no build is running."""
    if site_dir.absolute().parent.is_dir():
        with _locked(site_dir.absolute().parent / f".{site_dir.name}.lock"):
            _remove_leftovers(site_dir)


def _remove_leftovers(site_dir: Path) -> None:
    for leftover in site_dir.absolute().parent.glob(f".{site_dir.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed; the caller holds the lock


def write_file(folder: Path, path: str, data: bytes) -> None:
    """Write one file of the site into the staged folder, never outside it."""
    if ".." in PurePosixPath(path).parts or PurePosixPath(path).is_absolute():
        raise RuntimeError(f"refusing to write outside the site: {path}")
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def reuse(site_dir: Path, path: str, folder: Path) -> bool:
    """Hard-link a file, or a folder of files, of the site as it is into the staged folder; False if it is not there.

    Builds never change a written file, they write a new folder: so the two sites may share the file.
    """
    source = site_dir / path
    try:
        if source.is_dir() and not source.is_symlink():
            shutil.copytree(source, folder / path, copy_function=os.link)
        elif source.is_file() and not source.is_symlink():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            os.link(source, folder / path)
        else:
            return False
    except OSError:  # another file system, or one without hard links: build it afresh
        shutil.rmtree(folder / path, ignore_errors=True)
        return False
    return True


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
