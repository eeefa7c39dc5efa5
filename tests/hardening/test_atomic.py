"""The output folder is always one complete build: killed builds and concurrent builds never leave a mix.

These tests start real `python build.py` processes and kill them with SIGKILL at chosen moments. They wait
for events (a staging folder appears, Pagefind starts, a lock is waited on), never for a length of time,
and every wait is bounded so a hang fails instead of stalling the suite.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from ..conftest import once, run_folder
from .helpers import SAMPLE, TODAY, build, build_command, build_env, snapshot

pytestmark = pytest.mark.slow  # runs and kills whole builds in subprocesses

LIMIT = 120  # seconds any single wait may take before the test fails: far above a build's 2 s


def start(content: Path, site: Path, **env: str) -> subprocess.Popen:
    """Start a build in its own process group, so a kill can reach Pagefind too."""
    return subprocess.Popen(build_command(content, site), env={**build_env(), **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)


class HeldPagefind:
    """Stand-in for the Pagefind binary (the build runs PAGEFIND_BINARY_PATH): each run says it has started, then
    waits for the test to let it go on as the real Pagefind. The Pagefind step of a two-second build is over in a
    few tenths; held, a build is caught in it on any machine, however busy."""

    def __init__(self, folder: Path):
        from sitegen import index
        self.folder = folder
        self.script = folder / "held-indexer"
        self.script.write_text(f"""#!/bin/sh
echo started >> "{folder}/started"
run=$(wc -l < "{folder}/started")
while [ ! -e "{folder}/go-$run" ]; do sleep 0.005; done
exec "{index._executable()}" "$@"
""", encoding="utf-8")
        self.script.chmod(0o755)
        self.env = {"PAGEFIND_BINARY_PATH": str(self.script)}

    def started(self) -> int:
        """Return how many runs have started."""
        path = self.folder / "started"
        return len(path.read_text().splitlines()) if path.exists() else 0

    def let_go(self, *runs: int) -> None:
        for run in runs:
            (self.folder / f"go-{run}").touch()


def run(content: Path, site: Path) -> None:
    """Build to the end, in this process (on the day the subprocesses are pinned to): a build that is not to be
    killed need not pay for a new process's start."""
    build(content, site, today=TODAY)


def wait_for(condition, what: str, process: subprocess.Popen | None = None):
    """Poll until condition() is truthy and return it; fail if that takes LIMIT seconds or the build ends first."""
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if process is not None and process.poll() is not None:
            return None  # finished before the moment came: the caller decides what that means
        time.sleep(0.002)
    pytest.fail(f"timed out waiting for {what}")


def kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=LIMIT)
    wait_for(lambda: not _group_alive(process.pid), "the killed build's children to exit")


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def staging_folders(site: Path) -> list[Path]:
    return sorted(site.parent.glob(f".{site.name}.staging-*"))


def changed_copy(content: Path, tmp_path: Path, name: str) -> Path:
    """Return a copy of the content whose build differs from the original's on every page."""
    other = tmp_path / name
    shutil.copytree(content, other)
    settings = other / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("Example Connect", f"Example {name.title()}"),
                        encoding="utf-8")
    return other


def assert_one_complete_build(site: Path, *expected: dict[str, bytes]) -> None:
    """Assert the site is exactly one of the expected builds: every page from it, and one whole search index."""
    now = snapshot(site)
    def index(path: str) -> bool:  # a file of a language's search index: pagefind/..., es/pagefind/...
        return path.removeprefix("es/").startswith("pagefind/")

    pages = {k: v for k, v in now.items() if not index(k)}
    matches = [e for e in expected if pages == {k: v for k, v in e.items() if not index(k)}]
    assert matches, "the site is not any one complete build (a mix, or a half-written one)"
    # Pagefind's file names carry hashes that differ from run to run, so check each index is whole instead:
    # the listings' in pagefind/, the guides' in pagefind/guides/.
    indexed = 0
    for folder in ("pagefind/", "pagefind/guides/", "es/pagefind/", "es/pagefind/guides/"):
        language = json.loads(now[f"{folder}pagefind-entry.json"])["languages"][folder[:2] if folder[2] == "/" else "en"]
        assert f"{folder}pagefind.{language['hash']}.pf_meta" in now
        assert len([k for k in now if k.startswith(folder) and k.count("/") == folder.count("/") and
                    k.endswith(".pf_meta")]) == 1, "search files from two builds"
        indexed += language["page_count"]
    assert indexed == len([k for k, v in pages.items() if k.endswith(".html") and b"data-pagefind-body" in v])


@pytest.fixture
def built(content, tmp_path, built_sample) -> tuple[Path, Path, dict[str, bytes]]:
    """Return content (a copy of the sample), the site built from it, and that site's files. The site is a copy of
    the sample built once per test run: a build of the same content is the same, byte for byte (test_write)."""
    site = tmp_path / "out" / "site"
    shutil.copytree(built_sample, site)
    return content, site, snapshot(site)


@pytest.fixture(scope="module")
def newer(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """Return a copy of the sample that differs on every page, and its build's files: built once for the module,
    since the tests only read them."""
    folder = once(run_folder(tmp_path_factory) / "newer", lambda folder: run(
        changed_copy(SAMPLE, folder, "newer"), folder / "reference" / "site"))  # once per test run
    return folder / "newer", snapshot(folder / "reference" / "site")


@pytest.mark.parametrize("moment", ["start", "staging", "writing", "pagefind", "pagefind-parent-only"])
def test_killed_build_leaves_the_previous_site_untouched(built, newer, moment, tmp_path):
    content, site, before = built
    newer, _ = newer
    held = HeldPagefind(tmp_path)
    process = start(newer, site, **held.env)
    if moment == "staging":
        wait_for(lambda: staging_folders(site), "a staging folder", process)
    elif moment == "writing":
        wait_for(lambda: any((f / "listings").is_dir() for f in staging_folders(site)), "pages being written", process)
    elif moment == "pagefind":  # one index written into the staging folder, the next one started
        wait_for(lambda: held.started() == 1, "Pagefind to start", process)
        held.let_go(1)
        wait_for(lambda: held.started() == 2, "the second run of Pagefind", process)
    elif moment == "pagefind-parent-only":
        wait_for(lambda: held.started() == 1, "Pagefind to start", process)
    if moment == "pagefind-parent-only":
        process.kill()  # Pagefind itself is orphaned, and goes on writing into the abandoned folder
        process.wait(timeout=LIMIT)
        held.let_go(1)
        wait_for(lambda: not _group_alive(process.pid), "the orphaned Pagefind to finish")
    else:
        kill_group(process)  # Pagefind held, so the build cannot have finished first, on any machine
    assert process.returncode != 0, f"the build finished before the {moment} moment"
    assert snapshot(site) == before, f"a build killed at {moment} changed the site"
    run(newer, site)
    assert not staging_folders(site), "the next build must clean up what the killed one left"
    assert b"Example Newer" in (site / "index.html").read_bytes()


@pytest.mark.parametrize("delay", [0.0, 0.2, 0.5, 0.9])
def test_build_killed_after_a_delay_leaves_a_complete_site(built, newer, delay):
    """Kill at spread-out moments; whichever step it hits, the site is the old build or the new one."""
    content, site, before = built
    newer, after = newer
    process = start(newer, site)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=delay)
    kill_group(process)
    assert_one_complete_build(site, before, after)
    run(newer, site)
    assert not staging_folders(site)
    assert_one_complete_build(site, after)


def test_concurrent_builds_of_different_content_give_one_or_the_other(content, tmp_path):
    first, second = changed_copy(content, tmp_path, "first"), changed_copy(content, tmp_path, "second")
    references = []
    for source in (first, second):
        run(source, tmp_path / f"reference-{source.name}" / "site")
        references.append(snapshot(tmp_path / f"reference-{source.name}" / "site"))
    site = tmp_path / "out" / "site"
    for _ in range(2):
        processes = [start(first, site), start(second, site), start(first, site)]
        for process in processes:
            _, err = process.communicate(timeout=LIMIT)
            assert process.returncode == 0, err.decode()
        assert_one_complete_build(site, *references)
    assert not staging_folders(site)


def test_a_build_waits_for_the_lock(built, newer):
    """While another build holds the lock, a build neither writes nor swaps; it goes on once the lock is free."""
    import fcntl
    content, site, before = built
    newer, _ = newer
    lock = site.parent / f".{site.name}.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        process = start(newer, site)
        waiting = wait_for(lambda: _waits_on(lock), "the build to wait for the lock", process)
        assert waiting, "the build finished while another held the lock:\n" + process.stderr.read().decode()
        assert not staging_folders(site) and snapshot(site) == before
        fcntl.flock(handle, fcntl.LOCK_UN)
    _, err = process.communicate(timeout=LIMIT)
    assert process.returncode == 0, err.decode()
    assert b"Example Newer" in (site / "index.html").read_bytes()


def _waits_on(lock: Path) -> bool:
    """True if some process is blocked waiting for the flock on this file (a '->' line in /proc/locks)."""
    inode = os.stat(lock).st_ino
    return any("->" in line and f":{inode} " in line for line in Path("/proc/locks").read_text().splitlines())
