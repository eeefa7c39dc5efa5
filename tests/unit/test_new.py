"""`build.py new`: a listing file with every field explained, that fails `check` until it is filled in."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import sitegen
from sitegen import fieldref, new
from sitegen.load import read_yaml_file

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 26)  # conftest pins SOURCE_DATE_EPOCH to this day
USAGE = "usage: build.py new [category] [name ...]\n"
SCHEMA = fieldref.listing_schema()
EMPTY = re.compile(r"^(\s*(?:- )?)(\w+):\s*$")  # a field the editor still has to fill in


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run build.py with no terminal on stdin, as CI and scripts do."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env={"SOURCE_DATE_EPOCH": "1795651200", "PATH": "/usr/bin:/bin"})


def write_new(content: Path, category: str = "warmline", name: str = "Example Evening Line") -> Path:
    assert new.main(content, category, name, USAGE, interactive=False) == 0
    return content / "listings" / f"{new.slugify(name)}.yaml"


def check(content: Path) -> tuple[list[str], list[str]]:
    """Return (errors, warnings) as printed, with the content folder's path left out."""
    try:
        _, found = sitegen.check(sitegen.Config(content_dir=content))
    except sitegen.BuildFailed as failure:
        found = failure.problems
    text = [(p.level, str(p).replace(f"{content}/", "")) for p in found]
    return [t for level, t in text if level == "error"], [t for level, t in text if level == "warning"]


def fill_in(text: str, values: dict[tuple[str, ...], str]) -> str:
    """Type a value after each empty field, as an editor would; values maps a field's path to its YAML."""
    lines, group = [], None
    for line in text.splitlines():
        match = EMPTY.match(line)
        if line and not line.startswith((" ", "#")):
            group = line.split(":")[0]
        if match:
            indent, key = match.groups()
            path = (key,) if not indent else (group, key)
            if path in values:
                line = f"{indent}{key}: {values[path]}"
        elif line.strip() == "-" and (group, "-") in values:
            line = f"  - {values[(group, '-')]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def drop(text: str, *keys: str) -> str:
    """Delete whole fields, with their notes: the paragraph that holds `key:` at the start of a line."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(p for p in paragraphs if not any(re.search(rf"^{k}:", p, re.M) for k in keys))


def drop_lines(text: str, *lines: str) -> str:
    """Delete single lines, like '    keyword:' inside a phone."""
    return "\n".join(line for line in text.split("\n") if line not in lines)


def examples() -> dict[tuple[str, ...], str]:
    """Return every field's first schema example as YAML, by path: the placeholders, filled in."""
    values = {}
    for field in fieldref.fields(SCHEMA):
        if not field.children and field.spec.get("examples"):
            values[field.path] = fieldref.yaml_value(field.spec["examples"][0])
    del values[("source",)]  # a list written one "- " line per item: the item is the placeholder
    values[("source", "-")] = fieldref.yaml_value(SCHEMA["properties"]["source"]["examples"][0][0])
    return values


WARMLINE_NEEDS = ["phones", "service_area", "schedules"]  # new_listing of the sample's warmline category


def test_the_new_file_starts_from_what_the_category_needs_in_schema_order(make_project):
    path = write_new(make_project())
    data = read_yaml_file(path)[0].data  # YAML 1.2, as check reads it: `on` is a word, not true
    asked = {"name", "category", "summary", "verified", "source", *WARMLINE_NEEDS}
    assert list(data) == [key for key in SCHEMA["properties"] if key in asked]
    assert list(data["phones"][0]) == ["number", "type"]  # the fields of the schema's example; the rarer ones
    assert list(data["schedules"][0]) == ["days", "opens", "closes"]  # are commented out
    assert (data["name"], data["category"], data["verified"]) == ("Example Evening Line", "warmline",
                                                                  {"date": "2026-11-26", "by": "sources"})


def test_every_other_field_is_there_commented_out_ready_to_use(make_project):
    content = make_project()
    path = write_new(content)
    text = path.read_text()
    for field in fieldref.fields(SCHEMA):
        if field.key not in read_yaml_file(path)[0].data and len(field.path) == 1:
            assert re.search(rf"^# {field.key}: +# {re.escape(field.spec['title'])}: ", text, re.M), field.label
    # Deleting the "# " in front of a field's lines gives a field to fill in, which check asks for.
    uncommented = re.sub(r"^# (url:|location:|  (?:city|state|street|postal_code):)", r"\1", text, flags=re.M)
    path.write_text(uncommented)
    errors, _ = check(content)
    assert [e.split(": ")[1] for e in errors if ": url: " in e or ": location." in e] == [
        "url", "location.street", "location.city", "location.state", "location.postal_code"]


def test_every_field_written_out_is_explained_by_a_comment_taken_from_the_schema(make_project):
    path = write_new(make_project())
    text, data = path.read_text(), read_yaml_file(path)[0].data
    for field in fieldref.fields(SCHEMA):
        if field.path[0] not in data or len(field.path) == 2 and field.key not in data[field.path[0]] and \
                field.key not in (data[field.path[0]][0] if isinstance(data[field.path[0]], list) else {}):
            continue
        spec = field.spec
        # The comment right above the field starts with its title and says whether it is needed.
        needed = "required" if field.required else "optional"
        assert f"# {spec['title']} ({needed}): " in text, field.label
        first_words = " ".join(spec["description"].split()[:4])
        assert first_words in " ".join(line.lstrip(" #") for line in text.splitlines()), field.label


def test_a_support_group_starts_with_a_place_hours_cost_and_languages():
    categories = yaml.safe_load((ROOT / "content" / "categories.yaml").read_text(encoding="utf-8"))
    group = next(c for c in categories if c["slug"] == "support-group")
    assert group["new_listing"] == ["description", "location", "schedules", "cost", "languages"]


def test_the_file_starts_with_the_schema_comment_editors_get_completion_from(make_project):
    first = write_new(make_project()).read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/listing.schema.json"
    relative = first.split("$schema=")[1]
    assert (ROOT / "content" / "listings" / relative).resolve() == ROOT / "schema" / "listing.schema.json"


def test_every_listing_in_content_starts_with_the_schema_comment():
    missing = [p.name for p in sorted((ROOT / "content" / "listings").glob("*.yaml"))
               if not p.read_text(encoding="utf-8").startswith(new.SCHEMA_COMMENT + "\n")]
    assert not missing, f"start these listings with the line {new.SCHEMA_COMMENT!r}: {missing}"


def test_a_new_file_fails_check_on_every_placeholder_until_it_is_filled_in(make_project):
    content = make_project()
    path = write_new(content)
    errors, _ = check(content)
    lines = path.read_text().splitlines()
    # An empty field is a placeholder unless the lines below it hold its items (phones:, location:, source:).
    placeholders = [number for number, (line, below) in enumerate(zip(lines, lines[1:] + [""]), 1)
                    if EMPTY.match(line) and not (line[0] != " " and below.startswith(" "))]
    mine = [e for e in errors if e.startswith("listings/example-evening-line.yaml:")]
    # One error per placeholder, on its line, every one saying "found nothing", and nothing else.
    assert len(mine) == len(placeholders) + 1  # and the empty "- " of source
    assert all(e.endswith(", found nothing") for e in mine), mine
    assert [int(e.split(":")[1]) for e in mine[:-1]] == placeholders
    assert "listings/example-evening-line.yaml:28:9: summary: expected one sentence of at most 200 characters, " \
           "found nothing" in mine
    assert len(mine) == 7  # summary, the phone's number, the area, the days and times, a source: real questions
    assert mine[-1].split(": ", 1)[1] == "source[0]: expected a web address starting with https://, found nothing"


def test_the_file_passes_check_once_every_placeholder_is_filled_in(make_project):
    content = make_project()
    path = write_new(content)
    path.write_text(fill_in(path.read_text(), {**examples(), ("phones", "number"): '"+1 828 555 0199"'}))
    errors, warnings = check(content)
    assert errors == []
    # A new listing is in English only until someone translates it, and check says so; nothing else.
    assert [w for w in warnings if "example-evening-line" in w and "no Spanish translation" not in w] == []
    assert any("example-evening-line.yaml" in w and "translations.es: no Spanish translation yet of: summary" in w
               for w in warnings)


def test_the_file_passes_check_when_an_editor_fills_in_some_fields_and_deletes_the_rest(make_project):
    content = make_project()
    path = write_new(content)
    text = fill_in(path.read_text(), {
        ("summary",): "Talk with a trained peer in the evening, before things become a crisis.",
        ("phones", "number"): '"+1 828 555 0199"', ("service_area",): "[Example County, NC]",
        ("source", "-"): "https://example.org/evening-line"})
    text = drop(text, "description", "url", "email", "chat_url", "location", "time_zone", "schedules", "languages",
                "cost", "cost_note", "audience", "accessibility", "tags", "notice", "notice_until", "closed_on", "meetings")
    path.write_text(drop_lines(text, "    keyword:", "    extension:", "    description:"))
    assert check(content)[0] == []
    assert yaml.safe_load(path.read_text())["phones"] == [{"number": "+1 828 555 0199", "type": "voice"}]


def test_every_schema_example_is_valid_for_its_field():
    import jsonschema
    for field in fieldref.fields(SCHEMA):
        for value in field.spec["examples"]:
            validator = jsonschema.validators.validator_for(SCHEMA)(field.spec)
            assert not list(validator.iter_errors(value)), (field.label, value)


def test_new_prints_the_path_and_refuses_to_overwrite(make_project, tmp_path):
    make_project()
    result = run("new", "warmline", "Example", "Evening", "Line", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/listings/example-evening-line.yaml\n"
    path = tmp_path / "content" / "listings" / "example-evening-line.yaml"
    path.write_text("name: edited by hand\n")
    again = run("new", "--category", "warmline", "--name", "Example Evening Line", cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr == ("build.py new: content/listings/example-evening-line.yaml already exists; edit that file, "
                            "or give the new listing a different name\n")
    assert path.read_text() == "name: edited by hand\n"


@pytest.mark.parametrize("args", [["--category", "warmline", "Example", "Evening", "Line"],
                                  ["--name", "Example Evening Line", "warmline"],
                                  ["--category", "warmline", "--name", "Example Evening Line"]])
def test_category_and_name_can_be_given_as_options(make_project, tmp_path, args):
    make_project()
    result = run("new", *args, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "content/listings/example-evening-line.yaml\n"), result.stderr


def test_new_writes_into_the_content_folder_given(make_project, tmp_path):
    content = make_project()
    result = run("new", "--content", str(content), "library", "Example Branch Library", cwd=tmp_path / "content")
    assert result.returncode == 0, result.stderr
    assert (content / "listings" / "example-branch-library.yaml").is_file()


def test_without_a_terminal_missing_arguments_are_a_usage_error(make_project, tmp_path):
    make_project()
    for args in ([], ["warmline"]):
        result = run("new", *args, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.startswith("usage: build.py new ")
        assert result.stderr.endswith('give a category and a name, like:\n'
                                      '  python build.py new warmline "Example Peer Warmline"\n')
    assert not list((tmp_path / "content" / "listings").glob("example-evening*"))


def test_an_unknown_category_is_refused_with_the_closest_ones_suggested(make_project, tmp_path):
    make_project()
    result = run("new", "warmlines", "Example Evening Line", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("build.py new: 'warmlines' is not a category in categories.yaml; did you mean 'warmline'? "
                             "the categories are: crisis-line, warmline, support-group, library\n")


def test_a_missing_categories_file_is_explained(tmp_path):
    result = run("new", "warmline", "Example", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "build.py new: content/categories.yaml is missing; run this from the project folder, " \
                            "or give --content\n"


def test_in_a_terminal_it_asks_for_what_is_missing(make_project, capsys):
    content = make_project()
    answers = iter(["9", "warmlin", "2", "  ", "Example Evening Line"])
    assert new.main(content, None, None, USAGE, interactive=True, ask=lambda prompt: next(answers)) == 0
    out, err = capsys.readouterr()
    assert out == f"{content}/listings/example-evening-line.yaml\n"
    assert "   2. warmline             Warmlines\n" in err
    assert "'warmlin' is not a category in categories.yaml; did you mean 'warmline'?" in err
    assert yaml.safe_load((content / "listings" / "example-evening-line.yaml").read_text())["category"] == "warmline"


def test_in_a_terminal_ctrl_d_stops_without_writing(make_project, capsys):
    content = make_project()

    def ask(prompt: str) -> str:
        raise EOFError

    assert new.main(content, "warmline", None, USAGE, interactive=True, ask=ask) == 1
    assert capsys.readouterr().err.endswith("Stopped; nothing was written.\n")
    assert sorted(p.name for p in (content / "listings").iterdir()) == sorted(
        p.name for p in (ROOT / "tests" / "golden" / "sample" / "content" / "listings").iterdir())


@pytest.mark.parametrize("name, slug", [
    ("988 Suicide & Crisis Lifeline", "988-suicide-and-crisis-lifeline"),
    ("Alcoholics' Group of Example County", "alcoholics-group-of-example-county"),
    ("Caf\u00e9 Ol\u00e9 \u2014 Peer Support", "cafe-ole-peer-support"),
    ("  NAMI: Example / Western  ", "nami-example-western"),
    ("!!!", ""),
    ("word " * 30, ("word-" * 16).rstrip("-")),
])
def test_slugify_makes_the_file_name_from_the_name(name, slug):
    assert new.slugify(name) == slug


def test_names_that_need_quotes_in_yaml_are_quoted(make_project):
    content = make_project()
    path = write_new(content, name="Example: The #1 Line")
    assert "\nname: \"Example: The #1 Line\"\n" in path.read_text()
    assert yaml.safe_load(path.read_text())["name"] == "Example: The #1 Line"
    assert json.loads(json.dumps(read_yaml_file(path)[0].data["verified"]["date"])) == "2026-11-26"
