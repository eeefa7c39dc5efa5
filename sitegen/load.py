"""Read content/ into records: each file's data, and the line and column where every value was written."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Position, Problem
from .yamltext import INVISIBLE, Record, invisible_message, parse_yaml

MAX_FILE_BYTES = 512 * 1024  # a listing is a few KB; anything near this is a mistake or an attack
# Python-Markdown slows down faster than the text grows on some hostile input: 64 KB of it still
# converts in seconds, and the longest guide is about 5 KB.
MAX_MARKDOWN_BYTES = 64 * 1024
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")  # guide.es.md is guide.md in Spanish
MAX_SLUG = 80
# Names Windows cannot create: a listing called con.yaml would break every Windows checkout.
RESERVED_SLUGS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@dataclass
class Content:
    """Everything read from a content folder, and the problems that stopped a file being read."""

    site: Record | None = None
    categories: Record | None = None
    search: Record | None = None
    listing_files: list[Path] = field(default_factory=list)  # many: read as they are checked, on every core
    guides: list[Record] = field(default_factory=list)
    articles: list[Record] = field(default_factory=list)
    translations: list[Record] = field(default_factory=list)  # guides/<slug>.es.md, pages/<slug>.es.md
    problems: list[Problem] = field(default_factory=list)


def read_content(content_dir: Path) -> Content:
    """Read every content file but the listings, which are only found; report each file that cannot be read."""
    content = Content()
    content.site = _read_one(content_dir / "site.yaml", content.problems)
    content.categories = _read_one(content_dir / "categories.yaml", content.problems)
    content.search = _read_one(content_dir / "search.yaml", content.problems)
    content.listing_files = _files(content_dir / "listings", ".yaml", content.problems)
    for folder, records in (("guides", content.guides), ("pages", content.articles)):
        for record in _read_all(_files(content_dir / folder, ".md", content.problems), content.problems):
            (content.translations if "." in record.slug else records).append(record)
    return content


def _read_one(path: Path, problems: list[Problem]) -> Record | None:
    if not path.is_file():
        problems.append(Problem(Position(str(path)), "", "this file is missing; every site needs one"))
        return None
    record, found = read_yaml_file(path)
    problems.extend(found)
    return record if not found else None


def _files(folder: Path, suffix: str, problems: list[Problem]) -> list[Path]:
    """Return the files of one kind in a folder, sorted by name; report every file that does not belong."""
    if not folder.is_dir():
        return []
    readable = []
    # Names as text and each entry's kind from the folder's listing (os.scandir): for 10,000 listings, pathlib's
    # parsing and a stat of each file took half a second before any file was read.
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        name, where = entry.name, Position(entry.path)
        stem, extension = os.path.splitext(name)
        if name.startswith("."):
            continue  # .gitkeep, editor swap files
        if extension == ".yml" and suffix == ".yaml":
            problems.append(Problem(where, "", f"listing files must end in .yaml; rename it to {stem}.yaml"))
        elif extension != suffix or not entry.is_file():
            problems.append(Problem(where, "", f"only {suffix} files belong in {folder.name}/; move or rename it"))
        elif not SLUG.match(_untranslated(stem, suffix)) or len(stem) > MAX_SLUG:
            problems.append(Problem(where, "", "the file name is the page's web address: use lower-case "
                                    f"letters, digits and hyphens (at most {MAX_SLUG}), like my-listing{suffix}"))
        elif stem in RESERVED_SLUGS:
            problems.append(Problem(where, "", f"'{stem}' is a reserved file name on Windows; choose another"))
        else:
            readable.append(folder / name)
    return readable


def _untranslated(stem: str, suffix: str) -> str:
    """Return the slug a file name translates, like guide for guide.es.md; Markdown files only."""
    slug, dot, language = stem.rpartition(".")
    return slug if dot and suffix == ".md" and LANGUAGE.match(language) else stem


def _read_all(paths: list[Path], problems: list[Problem]) -> list[Record]:
    """Return the Markdown files that can be read; report the problems of those that cannot."""
    records = []
    for path in paths:
        record, found = read_markdown_file(path)
        problems.extend(found)
        if not found:
            records.append(record)
    return records


def read_text(path: Path, limit: int = MAX_FILE_BYTES, kind: str = "content") -> tuple[str, list[Problem]]:
    """Return the file's text as UTF-8 with a byte-order mark and CRLF line endings removed."""
    if path.is_symlink():
        # A link to a file outside the repository would publish it, or print it in a public CI log.
        return "", [Problem(Position(str(path)), "", "this is a symbolic link; content must be a plain file")]
    with open(path, "rb") as handle:
        raw = handle.read(limit + 1)  # no further: a 10 GB file must not be read into memory to be refused
    if len(raw) > limit:
        return "", [Problem(Position(str(path)), "", f"the file is {path.stat().st_size // 1024} KB; "
                            f"{kind} files must be under {limit // 1024} KB")]
    if b"\0" in raw:
        return "", [Problem(_position_of(raw, raw.index(b"\0"), path), "",
                            "the file contains a NUL byte; it looks like a binary file, not text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return "", [Problem(_position_of(raw, error.start, path), "",
                            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8")]
    text = text.replace("\r\n", "\n")
    # YAML counts these as line breaks and editors do not, so every position after one would be off.
    if separator := re.search("[\r\x85\u2028\u2029]", text):
        at = separator.start()
        return "", [Problem(Position(str(path), text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)), "",
                            f"the file contains an invisible line separator (U+{ord(separator.group()):04X}); "
                            "remove it, or break the line with Enter")]
    return text, []


def _position_of(raw: bytes, offset: int, path: Path) -> Position:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1  # count characters, not bytes: é is two bytes but one column
    return Position(str(path), before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1)


def as_written(path: Path) -> Any:
    """Return the data of a YAML file of content/ as written, for the editors' tools (`new`, the schema's list, the
    form); raise ValueError if `check` would refuse to read it. `check` reads it as the rest of content/ is read."""
    record, problems = read_yaml_file(path)
    if problems or record.data is None:
        raise ValueError(f"{path} cannot be read; run `python build.py check` to see why")
    return record.data


def categories_as_written(path: Path) -> list[dict[str, Any]]:
    """Return categories.yaml's categories as written (as_written)."""
    data = as_written(path)
    if not isinstance(data, list):
        raise ValueError(f"{path} cannot be read; run `python build.py check` to see why")
    return with_slugs(data)


def with_slugs(categories: list[Any]) -> list[dict[str, Any]]:
    """Return the categories of categories.yaml's list that have a slug: the others are its mistakes, reported once."""
    return [item for item in categories if isinstance(item, dict) and isinstance(item.get("slug"), str)]


def read_yaml_file(path: Path) -> tuple[Record, list[Problem]]:
    """Read one YAML file into a Record."""
    text, problems = read_text(path)
    record = Record(str(path), text)
    if not problems:
        problems = parse_yaml(record)
    return record, problems


def read_markdown_file(path: Path) -> tuple[Record, list[Problem]]:
    """Read one Markdown file with YAML front matter between --- lines into a Record."""
    text, problems = read_text(path, MAX_MARKDOWN_BYTES, "Markdown")
    record = Record(str(path))
    if problems:
        return record, problems
    match = re.match(r"---\n(.*?\n)?---(\n|$)", text, re.DOTALL)
    if not match:
        return record, [Problem(Position(str(path)), "", "expected front matter at the top: a line with ---, "
                                "then title, summary and reviewed, then another line with ---")]
    record.text, record.first_line = match.group(1) or "", 2  # after the opening ---
    problems = parse_yaml(record)
    record.body = text[match.end():]
    record.body_line = text[:match.end()].count("\n") + 1
    if invisible := INVISIBLE.search(record.body):
        at = match.end() + invisible.start()
        problems.append(Problem(Position(str(path), text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)), "",
                                invisible_message(invisible.group())))
    return record, problems

