"""Paths and flags for one build, with their defaults in one place."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def build_date() -> dt.date:
    """Return today's date, or the date in SOURCE_DATE_EPOCH so builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


@dataclass(frozen=True)
class Config:
    """Everything one build needs to know besides the content itself."""

    content_dir: Path = Path("content")
    site_dir: Path = Path("site")
    templates_dir: Path = PROJECT_DIR / "templates"
    schema_dir: Path = PROJECT_DIR / "schema"
    locales_dir: Path = PROJECT_DIR / "locales"  # a gettext catalog for each language but the first
    base_url: str | None = None  # overrides site.yaml's base_url, e.g. for a deploy preview
    repository: str | None = None  # overrides site.yaml's repository url, so a fork's links work unedited
    branch: str | None = None  # overrides site.yaml's repository branch
    deploy: bool = False  # the build is going live: placeholder addresses are errors
    strict: bool = False  # warnings fail the build
    today: dt.date = field(default_factory=build_date)
    # A directory too large for one build is built in shards (a region each), published on one host: each
    # shard's search page merges the other shards' search indexes. Their paths, like /nc/; the site's own is
    # left out, so every shard can be given the same list.
    shards: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for shard in self.shards:
            shard_path(shard)


SHARD = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")  # a path on this host, from its root to a folder


def shard_path(value: str) -> str:
    """Return the path of another shard's site, like /nc/; raise ValueError saying what is expected."""
    if not SHARD.fullmatch(value) or "/../" in value or "/./" in value:
        raise ValueError(f"expected the path of another shard's site on this host, from / to a folder ending in /, "
                         f"like /nc/, found {value!r}" + (" (another host: the pages' Content-Security-Policy lets "
                                                          "search load only from their own)" if "//" in value else ""))
    return value
