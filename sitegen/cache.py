"""Remember each listing file as checked, so a build after an edit reads and checks only the files that changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Config
from .load import Source
from .models import Category, Listing, Location, Phone, Schedule
from .problems import Problem

if TYPE_CHECKING:
    from .fingerprint import Inputs

FIELDS = [field.name for field in dataclasses.fields(Listing)]


@dataclass
class Checked:
    """One listing file as validate.py left it."""

    source: Source  # as read, without its node tree (Source.keep_landmarks)
    listing: Listing | None  # None if it has errors
    problems: list[Problem]
    packed: tuple | None = None  # the listing as the cache keeps it; read from the cache, unpacked by validate.py


def cache_file(config: Config, kind: str = "checked") -> Path:
    """Return where the cache is kept: .cache/ beside the content folder, so `check` and `build` share it."""
    content = config.content_dir.absolute()
    return content.parent / ".cache" / f"sitegen-{content.name}-{kind}.pickle"


def restore(path: Path, default: Any) -> Any:
    """Return what store() kept at path, or default if it is missing or unreadable."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, or written by another version of Python or of this code: start afresh
        return default


def store(path: Path, value: Any) -> None:
    """Keep a value at path, replaced in one step so a killed build leaves the old one or the new one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
    except OSError:  # a read-only checkout: every build reads and checks every file, as if there were no cache
        return
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def load(config: Config, inputs: Inputs) -> dict[str, Checked]:
    """Return the cached listings whose files are unchanged, checked by this code with the same settings."""
    rules, entries = restore(cache_file(config), (None, {}))
    if rules != inputs.rules:
        return {}
    return {path: Checked(Source(path, landmarks=landmarks), None, problems, listing)
            for path, (digest, landmarks, listing, problems) in entries.items() if inputs.listings.get(path) == digest}


def save(config: Config, inputs: Inputs, entries: dict[str, Checked]) -> None:
    """Keep the checked listings of this build for the next."""
    # Plain tuples: unpickling 10,000 listings as dataclasses took ten times as long.
    store(cache_file(config), (inputs.rules, {
        path: (inputs.listings[path], entry.source.landmarks, entry.packed or entry.listing and pack(entry.listing),
               entry.problems) for path, entry in entries.items() if path in inputs.listings}))


def pack(listing: Listing) -> tuple:
    values = {**listing.__dict__, "category": listing.category.slug, "last_verified": listing.last_verified.toordinal(),
              "phones": tuple(tuple(p.__dict__.values()) for p in listing.phones),
              "schedules": tuple(tuple(s.__dict__.values()) for s in listing.schedules),
              "location": listing.location and tuple(listing.location.__dict__.values())}
    return tuple(values[name] for name in FIELDS)


def unpack(values: tuple, categories: dict[str, Category]) -> Listing:
    fields = dict(zip(FIELDS, values))
    return Listing(**{**fields, "category": categories[fields["category"]],
                      "last_verified": dt.date.fromordinal(fields["last_verified"]),
                      "phones": tuple(Phone(*p) for p in fields["phones"]),
                      "schedules": tuple(Schedule(*s) for s in fields["schedules"]),
                      "location": fields["location"] and Location(*fields["location"])})
