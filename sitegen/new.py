"""Start a new listing file with the fields its category needs, each explained by a comment taken from the listing
schema, and every other field commented out."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from . import fieldref
from .config import build_date
from .load import MAX_SLUG, RESERVED_SLUGS, categories_as_written

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/listing.schema.json"
EXAMPLE = 'python build.py new warmline "Example Peer Warmline"'
WIDTH = 88


def main(content_dir: Path, category: str | None, name: str | None, usage: str,
         interactive: bool | None = None, ask: Callable[[str], str] = input) -> int:
    """Write content_dir/listings/<slug>.yaml and print its path; return the exit code (0, 1 or 2)."""
    categories, problem = read_categories(content_dir)
    if problem:
        print(f"build.py new: {problem}", file=sys.stderr)
        return 1
    if interactive is None:
        interactive = sys.stdin.isatty()
    if (category is None or not name) and not interactive:
        print(f"{usage}build.py new: give a category and a name, like:\n  {EXAMPLE}", file=sys.stderr)
        return 2
    try:
        if category is None:
            category = prompt_category(categories, ask)
        if not name:
            name = prompt_name(ask)
    except (EOFError, KeyboardInterrupt):
        print("\nStopped; nothing was written.", file=sys.stderr)
        return 1
    if category not in categories:
        print(f"build.py new: {unknown_category(category, categories)}", file=sys.stderr)
        return 2
    slug = slugify(name)
    if not slug or slug in RESERVED_SLUGS:
        print(f"build.py new: cannot make a file name from {name!r}; use a name with letters or digits",
              file=sys.stderr)
        return 2
    path = content_dir / "listings" / f"{slug}.yaml"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite a listing
            file.write(listing_template(fieldref.listing_schema(), name, category, build_date(),
                                        categories[category][1]))
    except FileExistsError:
        print(f"build.py new: {path} already exists; edit that file, or give the new listing a different name",
              file=sys.stderr)
        return 1
    print(path)
    print("Fill in the empty fields, or delete the ones you have no confirmed fact for; then run: "
          "python build.py check",
          file=sys.stderr)
    return 0


def read_categories(content_dir: Path) -> tuple[dict[str, tuple[str, list[str]]], str]:
    """Return the categories as {slug: (title, the fields a new listing starts with)} from categories.yaml, or a
    problem saying why they cannot be read."""
    path = content_dir / "categories.yaml"
    if not path.is_file():
        return {}, f"{path} is missing; run this from the project folder, or give --content"
    try:
        categories = categories_as_written(path)
    except ValueError as problem:
        return {}, str(problem)
    return {item["slug"]: (str(item.get("plural", item["slug"])),
                           [n for n in item.get("new_listing") or [] if isinstance(n, str)])
            for item in categories}, ""


def unknown_category(category: str, categories: dict) -> str:
    """Return a message for a category that is not in categories.yaml, suggesting the closest ones."""
    hints = difflib.get_close_matches(category, list(categories), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(h) for h in hints)}? " if hints else ""
    return f"{category!r} is not a category in categories.yaml; {hint}the categories are: {', '.join(categories)}"


def prompt_category(categories: dict[str, tuple[str, list[str]]], ask: Callable[[str], str]) -> str:
    """Ask for a category by number or slug until the answer is one."""
    slugs = list(categories)
    print("Which category is the new listing in?", file=sys.stderr)
    for number, slug in enumerate(slugs, 1):
        print(f"  {number:>2}. {slug:<20} {categories[slug][0]}", file=sys.stderr)
    while True:
        answer = ask("Category (number or name): ").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(slugs):
            return slugs[int(answer) - 1]
        if answer in categories:
            return answer
        if answer:
            print(unknown_category(answer, categories), file=sys.stderr)


def prompt_name(ask: Callable[[str], str]) -> str:
    """Ask for the service's name until one is given."""
    while True:
        name = ask("Name of the service, as people know it: ").strip()
        if slugify(name):
            return name
        print("Type the name with at least one letter or digit.", file=sys.stderr)


def slugify(name: str) -> str:
    """Return the file name for a listing, like 988-suicide-and-crisis-lifeline for '988 Suicide & Crisis Lifeline'."""
    text = name.replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug


def listing_template(schema: dict, name: str, category: str, today: dt.date, needs: Sequence[str] = ()) -> str:
    """Return a new listing: the fields every listing needs and those its category needs (categories.yaml's
    new_listing), each after a comment saying what to write; every other field commented out, to use if it applies.

    The fields to fill in are left empty, so `build.py check` fails on each of them ("expected ..., found
    nothing") until it is filled in or deleted: a half-done file never passes, and each error is a real question.
    """
    filled = starting_values(name, category, today)
    asked = {*ASKED, *needs}
    lines = [
        SCHEMA_COMMENT,
        "#",
        *_comment(f"A new {category} listing. Fill in each empty field below with facts from a public source or "
                  "from the service itself; delete a field you have no confirmed fact for. Lines that start with "
                  "# are notes for you: keep them or delete them. `python build.py check` lists every field still "
                  "empty (it says \"found nothing\"). CONTRIBUTING.md explains every field."),
        "#",
        "# Every listing also needs:",
        *[line for rule in fieldref.rules(schema) for line in _comment(f"- {rule}", "#   ", "#     ")],
    ]
    groups = [f for f in fieldref.fields(schema) if len(f.path) == 1]
    for field in (f for f in groups if f.key in asked):
        lines.append("")
        lines += _describe(field, "")
        if not field.children:
            value = filled.get(field.path, field.spec.get("default"))
            if value is not None:
                lines.append(f"{field.key}: {fieldref.yaml_value(value)}")
            elif _block_list(field):
                lines += [f"{field.key}:", "  - "]  # one empty item: the editor types after "- "
            else:
                lines.append(f"{field.key}:")
            continue
        lines.append(f"{field.key}:")
        in_list = field.spec.get("type") == "array"
        usual = _usual(field)
        subs = [f for f in _subfields(schema, field) if f.key in usual]
        if in_list:
            lines += _comment(f"To add another {field.key.removesuffix('s')}, copy the lines from "
                              f"'- {subs[0].key}:' to '{subs[-1].key}:' and paste them below.", "  # ")
        for i, sub in enumerate(subs):
            default = filled.get(sub.path, sub.spec.get("default"))
            lines += _describe(sub, "    " if in_list and i else "  ")  # the first one's notes go above "- "
            lines.append(("  - " if i == 0 else "    ") if in_list else "  ")
            lines[-1] += f"{sub.key}:" + (f" {fieldref.yaml_value(default)}" if default is not None else "")
        for sub in (f for f in _subfields(schema, field) if f.key not in usual):  # the rarer ones, to use if need be
            lines.append(f"{'    ' if in_list else '  '}# {sub.key}:{' ' * max(1, 15 - len(sub.key))}# {_gist(sub)}")
    lines += ["", *_comment("More fields, if they apply: to use one, delete the \"# \" at the start of its "
                            "lines and fill it in.")]
    for field in (f for f in groups if f.key not in asked):
        line = f"{field.key}:"
        lines.append(f"# {line}{' ' * max(1, 16 - len(line))}# {_gist(field)}")
        if field.children:
            in_list = field.spec.get("type") == "array"
            for i, sub in enumerate(s for s in _subfields(schema, field) if s.key in _usual(field)):
                prefix = ("  - " if i == 0 else "    ") if in_list else "  "
                default = sub.spec.get("default")
                lines.append(f"# {prefix}{sub.key}:" + (f" {fieldref.yaml_value(default)}" if default else ""))
    return "\n".join(lines) + "\n"


ASKED = ("name", "category", "summary", "verified", "source")  # every listing has them; the category adds its own


def starting_values(name: str, category: str, today: dt.date) -> dict[tuple[str, ...], str]:
    """Return the values a new listing starts with, by field path; the editors' form (forms.py) starts with them too.
    The other fields start empty."""
    return {("name",): name, ("category",): category, ("verified", "date"): today.isoformat(),
            ("verified", "by"): "sources"}


def _subfields(schema: dict, field: fieldref.Field) -> list[fieldref.Field]:
    """Return the fields of a group, like a phone's number and type."""
    return [f for f in fieldref.fields(schema) if len(f.path) == 2 and f.path[0] == field.key]


def _usual(field: fieldref.Field) -> set[str]:
    """Return the fields of a group its schema example has, like street, city, state and postal_code: the ones
    written out; the rarer ones (latitude, a text keyword) are commented out."""
    example = (field.spec.get("examples") or [{}])[0]
    example = example[0] if isinstance(example, list) and example else example
    return set(example) if isinstance(example, dict) else set(field.children)


def _gist(field: fieldref.Field) -> str:
    """Return a field's title and the first sentence of its description, as a note at the end of a line."""
    first = re.split(r"(?<=[.:])\s", field.spec.get("description", ""), maxsplit=1)[0].rstrip(".:")
    if first[1:2].islower():  # "The name ...", not "IANA time zone ..."
        first = first[:1].lower() + first[1:]
    return f"{field.spec.get('title', field.key)}: {first}."


def _describe(field: fieldref.Field, indent: str) -> list[str]:
    """Return the comment lines that say what a field is, whether it is needed, and an example."""
    spec = field.spec
    needed = "required" if field.required else "optional"
    text = f"{spec.get('title', field.key)} ({needed}): {spec.get('description', '')} {fieldref.choices(spec)}"
    lines = _comment(text.strip(), f"{indent}# ")
    sample = fieldref.example(spec)
    if sample and _block_list(field):
        sample = "\n".join(f"  - {fieldref.yaml_value(x)}" for x in spec["examples"][0])
        lines += [f"{indent}#   Example:", *[f"{indent}#   {line}" for line in sample.splitlines()]]
    elif sample and not field.children:
        lines += _comment(f"Example: {field.key}: {sample}", f"{indent}#   ")
    return lines


def _block_list(field: fieldref.Field) -> bool:
    """Return True for a list of long values, like web addresses, written one "- " line per value."""
    example = (field.spec.get("examples") or [[]])[0]
    return field.spec.get("type") == "array" and not field.children and any(len(str(x)) > 30 for x in example)


def _comment(text: str, indent: str = "# ", subsequent: str | None = None) -> list[str]:
    """Return text as comment lines, wrapped to fit the width."""
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=subsequent or indent,
                         break_long_words=False, break_on_hyphens=False)
