"""Describe the listing fields from schema/listing.schema.json, for CONTRIBUTING.md and `build.py new`.

The schema is the one place a field is defined. CONTRIBUTING.md's field reference is
generated from it between two marker comments, and the schema's list of categories, which
editors offer and check as you type, from content/categories.yaml. After changing either, run

    python -m sitegen.fieldref          # rewrite the reference and the schema's categories
    python -m sitegen.fieldref --check  # exit 1 if either is out of date (tests and pre-commit do this)
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import PROJECT_DIR, Config

START = ("<!-- field-reference:start. Generated from schema/listing.schema.json by "
         "`python -m sitegen.fieldref`; edit the schema, not this section. -->")
END = "<!-- field-reference:end -->"
REGENERATE = "python -m sitegen.fieldref"
CONTRIBUTING = PROJECT_DIR / "CONTRIBUTING.md"
LISTING_SCHEMA = Config.schema_dir / "listing.schema.json"
CATEGORIES = PROJECT_DIR / Config.content_dir / "categories.yaml"


@dataclass(frozen=True)
class Field:
    """One field of a listing, or of a group inside one (a phone, the location, a schedule)."""

    path: tuple[str, ...]  # ("phones", "number")
    spec: dict
    required: bool  # required in its parent: a phone needs a number, a listing need not have phones
    in_list: bool = False  # the parent is a list of groups, like phones

    @property
    def key(self) -> str:
        return self.path[-1]

    @property
    def label(self) -> str:
        """Return the field as an error message names it, with [] for "each item": phones[].number."""
        if len(self.path) == 1:
            return self.key
        return f"{self.path[0]}{'[]' if self.in_list else ''}.{self.key}"

    @property
    def children(self) -> dict:
        """Return the sub-fields of a group or a list of groups; {} for a plain value or a list of values."""
        spec = self.spec.get("items", {}) if self.spec.get("type") == "array" else self.spec
        return spec.get("properties", {}) if isinstance(spec, dict) else {}


def listing_schema() -> dict:
    """Return the listing schema as a dict."""
    return json.loads(LISTING_SCHEMA.read_text(encoding="utf-8"))


def with_categories(schema: dict, categories_file: Path = CATEGORIES) -> dict:
    """Return the listing schema with `category` offering each category of categories.yaml, described.

    Editors complete and check the slugs from this list; `build.py check` checks against the categories.yaml
    of the content it reads, which a fork may have changed (validate.validators leaves the list out).
    """
    from .load import categories_as_written  # here: the reference alone needs no content

    items = categories_as_written(categories_file)
    category = {**schema["properties"]["category"], "enum": [c["slug"] for c in items],
                "enumDescriptions": [f"{c.get('plural', c['slug'])}: {c.get('description', '')}" for c in items]}
    return {**schema, "properties": {**schema["properties"], "category": category}}


def schema_text(schema: dict) -> str:
    """Return a schema as its file is written."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def fields(schema: dict) -> list[Field]:
    """Return every field in schema order, each group's sub-fields right after it."""
    found = []
    for key, spec in schema["properties"].items():
        field = Field((key,), spec, key in schema.get("required", []))
        found.append(field)
        group = spec.get("items", {}) if spec.get("type") == "array" else spec
        for sub_key, sub_spec in field.children.items():
            found.append(Field((key, sub_key), sub_spec, sub_key in group.get("required", []),
                               in_list=spec.get("type") == "array"))
    return found


def rules(schema: dict) -> list[str]:
    """Return the rules that involve more than one field, in the schema's own words (each alternative's)."""
    return [rule["anyOf"][0]["errorMessage"].removeprefix("expected ") for rule in schema.get("allOf", [])
            if "errorMessage" in rule.get("anyOf", [{}])[0]]


def choices(spec: dict) -> str:
    """Return the allowed values of a field in words, or '' if any value of the right kind will do."""
    if "enum" in spec:
        return "One of: " + ", ".join(yaml_value(x) for x in spec["enum"]) + "."
    if isinstance(spec.get("items"), dict) and "enum" in spec["items"]:
        return "One or more of: " + ", ".join(yaml_value(x) for x in spec["items"]["enum"]) + "."
    return ""


def yaml_value(value: object, inside: bool = False) -> str:
    """Return a value as it is typed on one line of YAML: text in quotes only where it needs them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(x, inside=True) for x in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_value(v, inside=True)}" for k, v in value.items()) + "}"
    return str(value) if _plain(str(value), inside) else json.dumps(value, ensure_ascii=False)


def _plain(text: str, inside: bool) -> bool:
    """Return True if the text reads back as the same text without quotes (inside [ ] or { } if inside)."""
    # Numbers, times, dates and ZIP codes go in quotes, as the schema asks: "988", "09:00", "28801". An apostrophe
    # needs none inside text (SAMHSA's), only at its start, where a quote would open.
    if not text or text != text.strip() or text[0] in "0123456789+-'\"" or any(c in text for c in "\n#") \
            or inside and any(c in text for c in ",[]{}"):
        return False
    try:
        return yaml.safe_load(f"key: {text}") == {"key": text}
    except yaml.YAMLError:
        return False


def example(spec: dict) -> str:
    """Return the field's first example on one line, or '' for examples that do not fit on one."""
    for value in spec.get("examples", [])[:1]:
        text = yaml_value(value)
        if "\\n" not in text and not (isinstance(value, list) and value and isinstance(value[0], dict)) \
                and not isinstance(value, dict):
            return text
    return ""


def render_reference(schema: dict) -> str:
    """Return the Markdown field reference: one table row per field, then the rules across fields."""
    lines = [
        "| Field | Needed? | What to write | Example |",
        "| --- | --- | --- | --- |",
    ]
    for field in fields(schema):
        spec = field.spec
        needed = "**required**" if field.required else "optional"
        if len(field.path) > 1:  # "in each phone", "in location"
            needed += f" in each {field.path[0].removesuffix('s')}" if field.in_list else f" in {field.path[0]}"
        what = " ".join(x for x in (spec.get("description", ""), choices(spec)) if x)
        if field.children:
            what += " Its fields are the rows below."
        sample = example(spec)
        title = spec.get("title", field.key)
        name = f"`{field.label}`" if len(field.path) == 1 else f"&nbsp;&nbsp;`{field.label}`"
        sample = f"`{_cell(sample)}`" if sample else ""
        lines.append(f"| {name} | {needed} | {_cell(f'**{title}.** {what}')} | {sample} |")
    lines += ["", "Every listing also needs:", ""]
    lines += [f"- {rule}" for rule in rules(schema)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def update_text(text: str, reference: str) -> str:
    """Return the text with the section between the markers replaced by the reference."""
    before, start, rest = text.partition(START)
    old, end, after = rest.partition(END)
    if not start or not end:
        raise ValueError(f"the markers are missing; put these two lines where the reference goes:\n{START}\n{END}")
    return f"{before}{START}\n\n{reference}\n{END}{after}"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the field reference in CONTRIBUTING.md and the schema's categories, or with --check only report
    whether they are current."""
    parser = argparse.ArgumentParser(prog="python -m sitegen.fieldref", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if either is out of date; write nothing")
    parser.add_argument("--file", type=Path, default=CONTRIBUTING, help="the file with the markers")
    args = parser.parse_args(argv)
    text, schema = args.file.read_text(encoding="utf-8"), LISTING_SCHEMA.read_text(encoding="utf-8")
    try:
        new_schema = with_categories(json.loads(schema))
        updated = update_text(text, render_reference(new_schema))
    except ValueError as error:
        print(f"{args.file}: {error}" if "markers" in str(error) else str(error), file=sys.stderr)
        return 1
    stale = [(path, new, what) for path, old, new, what in [
        (LISTING_SCHEMA, schema, schema_text(new_schema), "schema/listing.schema.json's list of categories is out "
                                                          "of date with content/categories.yaml"),
        (args.file, text, updated, f"{args.file.name}'s field reference is out of date with "
                                   "schema/listing.schema.json")] if new != old]
    if not stale:
        print(f"{args.file.name}'s field reference and the schema's categories are current.", file=sys.stderr)
        return 0
    if args.check:
        for _, _, what in stale:
            print(f"{what}; run: {REGENERATE}", file=sys.stderr)
        return 1
    for path, new, _ in stale:
        path.write_text(new, encoding="utf-8")
        print(f"Updated {path.name}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
