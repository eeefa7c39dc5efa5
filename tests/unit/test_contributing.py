"""CONTRIBUTING.md stays true: its field reference is the schema's, its starter listing passes check."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from sitegen import fieldref

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "CONTRIBUTING.md"


def run_fieldref(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitegen.fieldref", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_field_reference_matches_the_schema():
    text = GUIDE.read_text(encoding="utf-8")
    expected = fieldref.update_text(text, fieldref.render_reference(fieldref.listing_schema()))
    assert text == expected, (f"CONTRIBUTING.md's field reference is out of date with schema/listing.schema.json; "
                              f"regenerate it with: {fieldref.REGENERATE}")


def test_the_reference_has_a_row_for_every_field_with_its_title_and_description():
    reference = fieldref.render_reference(fieldref.listing_schema())
    for field in fieldref.fields(fieldref.listing_schema()):
        row = next(line for line in reference.splitlines() if f"`{field.label}` |" in line)
        assert f"**{field.spec['title']}.** {field.spec['description']}" in row.replace("\\|", "|")
    assert reference.endswith("- a location (a place people can visit) or a service_area (where a line or online "
                              "service is available)\n")


def test_fieldref_check_fails_on_a_stale_reference_and_says_how_to_regenerate(tmp_path):
    stale = tmp_path / "CONTRIBUTING.md"
    stale.write_text(f"# Guide\n\n{fieldref.START}\n| old | table |\n{fieldref.END}\n\nThe end.\n")
    result = run_fieldref("--check", "--file", str(stale))
    assert result.returncode == 1
    assert result.stderr == ("CONTRIBUTING.md's field reference is out of date with schema/listing.schema.json; "
                             "run: python -m sitegen.fieldref\n")
    assert "| old | table |" in stale.read_text()  # --check writes nothing

    assert run_fieldref("--file", str(stale)).returncode == 0
    text = stale.read_text()
    assert text.startswith(f"# Guide\n\n{fieldref.START}\n\n| Field | Needed? |") and text.endswith(
        f"{fieldref.END}\n\nThe end.\n")
    assert run_fieldref("--check", "--file", str(stale)).returncode == 0


def test_fieldref_explains_missing_markers(tmp_path):
    plain = tmp_path / "CONTRIBUTING.md"
    plain.write_text("# Guide\n")
    result = run_fieldref("--file", str(plain))
    assert result.returncode == 1
    assert "the markers are missing" in result.stderr


def test_the_starter_listing_passes_check(problems_in):
    text = GUIDE.read_text(encoding="utf-8")
    starter = re.search(r"<!-- starter-listing.*?-->\n```yaml\n(.*?)```", text, re.S).group(1)
    assert starter.startswith("# yaml-language-server: $schema=../../schema/listing.schema.json\n")
    assert problems_in({"listings/example-peer-warmline.yaml": starter}, warnings=True) == []
    assert yaml.safe_load(starter)["name"] == "Example Peer Warmline"


def test_every_build_py_command_it_mentions_exists():
    commands = set(re.findall(r"build\.py ([\w-]+)", GUIDE.read_text(encoding="utf-8")))
    assert commands and commands <= {"build", "check", "serve", "new", "import-hsds"}, commands


def test_the_files_and_workflows_it_names_exist():
    text = GUIDE.read_text(encoding="utf-8")
    for path in re.findall(r"\(((?:docs|\.github)/[^)]+)\)|`(\.github/[^`]+)`", text):
        assert (ROOT / (path[0] or path[1])).exists(), path
    names = {yaml.safe_load(p.read_text())["name"] for p in (ROOT / ".github" / "workflows").glob("*.yml")}
    assert "Weekly listing check" in names


def test_the_hours_examples_pass_check(problems_in):
    text = GUIDE.read_text(encoding="utf-8")
    starter = re.search(r"<!-- starter-listing.*?-->\n```yaml\n(.*?)```", text, re.S).group(1)
    section = text[text.index("## Hours and meetings"):text.index("## Fix, or remove, a listing")]
    examples = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(examples) == 2
    for example in examples:
        listing = re.sub(r"schedules:\n(  .*\n)+", "", starter) + example
        assert problems_in({"listings/example-peer-warmline.yaml": listing}, warnings=True) == []


def test_the_schema_offers_exactly_the_categories_of_categories_yaml_each_described():
    schema = fieldref.listing_schema()
    assert schema == fieldref.with_categories(schema), (
        "schema/listing.schema.json's list of categories is out of date with content/categories.yaml; "
        f"regenerate it with: {fieldref.REGENERATE}")
    category = schema["properties"]["category"]
    categories = yaml.safe_load((ROOT / "content" / "categories.yaml").read_text(encoding="utf-8"))
    assert category["enum"] == [c["slug"] for c in categories]
    assert category["enumDescriptions"][0] == f"{categories[0]['plural']}: {categories[0]['description']}"


def test_fieldref_check_fails_when_categories_yaml_has_a_category_the_schema_lacks(tmp_path):
    categories = tmp_path / "categories.yaml"
    categories.write_text((ROOT / "content" / "categories.yaml").read_text(encoding="utf-8")
                          + "- slug: peer-line\n  name: Peer line\n  plural: Peer lines\n  description: A new kind.\n")
    schema = fieldref.listing_schema()
    assert "peer-line" not in schema["properties"]["category"]["enum"]
    assert fieldref.with_categories(schema, categories)["properties"]["category"]["enum"][-1] == "peer-line"


def test_the_categories_schema_names_only_listing_fields():
    categories = json.loads((ROOT / "schema" / "categories.schema.json").read_text(encoding="utf-8"))
    listing = fieldref.listing_schema()
    item = categories["items"]["properties"]
    optional = [key for key in listing["properties"] if key not in listing["required"]]
    assert item["new_listing"]["items"]["enum"] == [key for key in optional if key != "source"]  # source: always
    for key, ref in item["defaults"]["properties"].items():
        assert ref == {"$ref": f"listing.schema.json#/properties/{key}"} and key in optional
