"""What a build was made from: skip a build whose inputs have not changed, and reuse what an edit left alone."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

from . import cache
from .config import Config
from .problems import Position, Problem

RECORD = ".build.json"  # kept inside the site, so it is swapped in with the build it describes
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Inputs:
    """Hashes of everything a build reads."""

    digest: str  # of all of it: the same digest, the same site
    shared: str  # of all but the listing files: code, templates, schemas, the other content, options and today
    rules: str  # of what checking a listing file depends on: shared, less the templates, guides and pages
    listings: dict[str, str]  # of each listing file, by its path


def fingerprint(config: Config) -> Inputs:
    """Return the hashes of everything a build reads: content, templates, schemas, this code, options and today."""
    shared = hashlib.sha256(repr((config.base_url, config.strict, config.today.isoformat())).encode())
    rules = shared.copy()
    listings_dir = str(config.content_dir / "listings")
    prose = (str(config.content_dir / "guides") + os.sep, str(config.content_dir / "pages") + os.sep)
    listings: dict[str, str] = {}
    # A listing file with the size, time and inode it had when hashed is not read again: 10,000 listings
    # are 40 MB. As git does, a file changed within a second of the last hashing is hashed anyway.
    hashed_at, known = cache.restore(cache.cache_file(config, "hashes"), (0, {}))
    hashed: dict[str, tuple] = {}
    racy = False
    for folder in (config.content_dir, config.templates_dir, config.schema_dir, PACKAGE_DIR):
        for entry in _files(str(folder)):
            if os.path.dirname(entry.path) == listings_dir and not entry.is_symlink():
                stat = entry.stat(follow_symlinks=False)
                seen = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
                if known.get(entry.path, ())[:3] == seen and stat.st_mtime_ns < hashed_at - 1_000_000_000:
                    hashed[entry.path] = known[entry.path]
                else:
                    racy = racy or known.get(entry.path, ())[:3] == seen  # stored again: trusted next time
                    with open(entry.path, "rb") as handle:
                        hashed[entry.path] = (*seen, hashlib.sha256(handle.read()).hexdigest())
                listings[entry.path] = hashed[entry.path][3]
                continue
            if entry.is_symlink():  # refused by load.py; its name still counts, so the refusal is repeated
                data = b"link to " + os.readlink(entry.path).encode()
            else:
                with open(entry.path, "rb") as handle:
                    data = handle.read()
            if os.path.dirname(entry.path) == listings_dir:
                listings[entry.path] = hashlib.sha256(data).hexdigest()
                continue
            named = f"\0{os.path.relpath(entry.path, folder)}\0".encode() + data
            shared.update(named)
            if folder != config.templates_dir and not entry.path.startswith(prose):
                rules.update(named)
    if hashed != known or racy:
        cache.store(cache.cache_file(config, "hashes"), (time.time_ns(), hashed))
    digest = hashlib.sha256(shared.hexdigest().encode())
    for path, listing in sorted(listings.items()):
        digest.update(f"\0{os.path.basename(path)}\0{listing}".encode())
    return Inputs(digest.hexdigest(), shared.hexdigest(), rules.hexdigest(), listings)


def _files(folder: str) -> Iterator[os.DirEntry]:
    """Yield the files under folder, and links, sorted by name, folder by folder."""
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                yield from _files(entry.path)
        elif entry.is_file() or entry.is_symlink():
            yield entry


def previous_build(site_dir: Path) -> dict:
    """Return what the build that made site_dir recorded, or an empty record."""
    try:
        record = json.loads((site_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def unchanged(site_dir: Path, inputs: Inputs) -> list[Problem] | None:
    """Return the warnings of the build that made site_dir if it was built from these inputs, else None."""
    record = previous_build(site_dir)
    if record.get("inputs") != inputs.digest:
        return None
    return [Problem(Position(**p["where"]), p["field"], p["message"], p["level"]) for p in record["warnings"]]


def record(folder: Path, inputs: Inputs, warnings: list[Problem], keys: dict[str, str | None]) -> None:
    """Write down, inside a staged site, the inputs and warnings it was built from, and each file's key if any."""
    data = {"inputs": inputs.digest, "warnings": [asdict(p) for p in warnings],
            "keys": {path: key for path, key in keys.items() if key}}
    text = json.dumps(data, indent=1, sort_keys=True).replace("<", "\\u003c")  # no markup, even in a .json file
    (folder / RECORD).unlink(missing_ok=True)  # the record of the build before, now out of date
    (folder / RECORD).write_text(text, encoding="utf-8")
