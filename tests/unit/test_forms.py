"""The editors' forms (sitegen/forms.py, templates/admin/): generated from the schemas and drift-checked, valid for
the CMS they are for, and writing the YAML a person would write, which `check` reads back as the form saved it."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

import sitegen
from sitegen import fieldref, forms, hours, new, render
from sitegen.load import read_markdown_file, read_yaml_file

from ..conftest import BUNDLED, SAMPLE

PROJECT = Path(__file__).resolve().parents[2]
ADMIN = PROJECT / "templates" / "admin"
CASES = Path(__file__).with_name("yaml-values.json")
SCHEMA = fieldref.listing_schema()
# Runs a script of templates/admin under Node on [function name, argument...] items; prints what each returns.
RUN = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const script = await import(pathToFileURL(process.argv[1]).href);
const items = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(items.map(([name, ...args]) => script[name](...args) ?? null)));
"""


def run_script(script: str, *calls: list) -> list:
    """Return what the functions of one of templates/admin's scripts return for each [name, argument...], by Node."""
    result = subprocess.run(["node", "--no-warnings", "--input-type=module", "-e", RUN, str(ADMIN / script)],
                            input=json.dumps(calls), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def form_writer(*calls: list) -> list:
    """Return what the form's YAML writer (templates/admin/yaml.js) returns for each [function name, argument...]."""
    return run_script("yaml.js", *calls)


def config() -> dict:
    """Return the committed configuration, a copy each test may change: read once (220 KB of YAML)."""
    return copy.deepcopy(_config())


@functools.cache
def _config() -> dict:
    return yaml.load((ADMIN / "config.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def listing_forms() -> list[dict]:
    return [c for c in config()["collections"] if c.get("folder") == "content/listings"]


def categories() -> list[dict]:
    return yaml.safe_load((BUNDLED / "categories.yaml").read_text(encoding="utf-8"))


def test_the_committed_config_is_what_the_schemas_and_categories_make():
    assert forms.main(["--check"]) == 0, "run: python -m sitegen.forms"


def test_the_check_fails_on_a_stale_config_and_says_how_to_regenerate(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "config.yml"
    stale.write_text((ADMIN / "config.yml").read_text(encoding="utf-8").replace("label: Warmlines", "label: Lines"))
    monkeypatch.setattr(forms, "CONFIG", stale)
    monkeypatch.setattr(forms, "PROJECT_DIR", tmp_path)
    assert forms.main(["--check"]) == 1
    assert capsys.readouterr().err == ("config.yml is out of date with the schemas, categories.yaml or site.yaml; "
                                       "run: python -m sitegen.forms\n")
    assert "label: Lines" in stale.read_text(encoding="utf-8"), "--check writes nothing"
    assert forms.main([]) == 0
    assert "label: Lines" not in stale.read_text(encoding="utf-8")


@pytest.mark.slow  # the whole config against the CMS's own schema
def test_the_config_is_valid_for_the_cms_it_is_for():
    schema = PROJECT / "node_modules" / "@sveltia" / "cms" / "schema" / "sveltia-cms.json"
    assert schema.is_file(), "node_modules/@sveltia/cms is missing: run `npm ci`"
    site = {"backend": {"repo": "example/reach-out-wnc", "branch": "main"}, "site_url": "https://example.org/"}
    merged = {**config(), "backend": {**config()["backend"], **site["backend"]}, "site_url": site["site_url"]}
    jsonschema.validate(merged, json.loads(schema.read_text(encoding="utf-8")))


def test_each_category_has_a_form_with_the_fields_its_new_listings_start_with_first():
    forms_by_slug = {c["name"]: c for c in listing_forms()}
    assert list(forms_by_slug) == [c["slug"] for c in categories()]
    for category in categories():
        form = forms_by_slug[category["slug"]]
        asked = {*new.ASKED, *category.get("new_listing", [])}
        names = [f["name"] for f in form["fields"]]
        first = [k for k in SCHEMA["properties"] if k in asked]
        assert names == first + [k for k in SCHEMA["properties"] if k not in asked], category["slug"]
        assert (form["label"], form["label_singular"]) == (category["plural"], category["name"])
        assert form["filter"] == {"field": "category", "value": category["slug"]}
        chosen = next(f for f in form["fields"] if f["name"] == "category")
        assert chosen["default"] == category["slug"]
        assert chosen["options"] == [{"label": c["name"], "value": c["slug"]} for c in categories()]


def test_a_new_listing_starts_as_build_py_new_starts_one():
    today = dt.date(2026, 11, 1)
    for form in listing_forms():
        fields = form_fields(form["fields"])
        for path, value in new.starting_values("", form["name"], today).items():
            if value:  # the name is the editor's to type
                expected = "{{now}}" if value == today.isoformat() else value  # today's date on the day it is used
                assert fields[".".join(path)]["default"] == expected, path
        assert "default" not in fields["name"] and "default" not in fields["status"]


def form_fields(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    """Return every field of a form by its path, like phones.number (the items of a list have no index here)."""
    found = {}
    for field in fields:
        path = prefix + field["name"]
        found[path] = field
        for sub in field.get("fields", []):
            found.update(form_fields([sub], path + "."))
    return found


def test_every_field_of_the_schema_is_in_every_listing_form_as_the_schema_says():
    for form in listing_forms():
        fields = form_fields(form["fields"])
        for field in fieldref.fields(SCHEMA):
            path = ".".join(field.path)
            assert path in fields, f"{form['name']}: {path} is missing"
            shown, spec = fields[path], field.spec
            assert shown["label"] == spec["title"]
            assert shown["required"] is field.required, path
            assert shown.get("hint", "") == forms.form_hint(spec, {}), path
            choices = spec.get("enum") or spec.get("items", {}).get("enum")
            if choices and path != "category":
                assert shown["options"] == choices and shown.get("multiple", False) is ("items" in spec), path
            if "minItems" in spec:
                assert (shown["min"], shown["max"]) == (spec["minItems"], spec["maxItems"]), path
        for code, group in [(f["name"], f) for f in fields["translations"]["fields"]]:
            assert code == "es" and group["label"] == "In Spanish"
            translated = SCHEMA["properties"]["translations"]["additionalProperties"]["properties"]
            assert [f["name"] for f in group["fields"]] == list(translated)


@pytest.mark.slow  # every field's pattern, tried on many texts
def test_patterns_hold_text_to_the_schema_and_speak_checks_words():
    form = form_fields(listing_forms()[0]["fields"])
    for field in fieldref.fields(SCHEMA):
        spec = field.spec if field.spec.get("type") != "array" else field.spec.get("items", {})
        pattern = forms._pattern(spec)
        if not pattern or spec.get("pattern") == forms.DATE or "enum" in spec:  # a date picker, a choice
            continue
        shown = form[".".join(field.path)]
        shown = shown.get("field", shown)
        assert shown["pattern"] == [pattern, forms.without_typing(spec["errorMessage"])]
        good = [x for e in field.spec.get("examples", []) for x in (e if isinstance(e, list) else [e])
                if isinstance(x, str)]
        for example in good:
            assert re.fullmatch(pattern, example), f"{field.label}: the schema's example {example!r} is refused"
        if "maxLength" in spec:
            assert not re.fullmatch(pattern, "x" * (spec["maxLength"] + 1)), field.label
        if spec.get("minLength", 0) > 1:
            assert not re.fullmatch(pattern, "x"), field.label


def test_hints_are_the_schemas_words_without_advice_about_typing_yaml():
    assert forms.form_hint(SCHEMA["properties"]["location"]["properties"]["postal_code"], {}) == "Five-digit ZIP code."
    assert "'description: |'" not in forms.form_hint(SCHEMA["properties"]["description"], {})
    assert "open_24_7: true" not in forms.form_hint(SCHEMA["properties"]["schedules"], {})
    assert forms.form_hint(SCHEMA["properties"]["summary"], {}) == SCHEMA["properties"]["summary"]["description"]
    opens = SCHEMA["properties"]["schedules"]["items"]["properties"]["opens"]
    assert forms.form_hint(opens, {}) == "Opening time, 24-hour (HSDS opens_at)."


def test_no_hint_or_message_asks_an_editor_to_type_quotes():
    """The form writes the quotes: an editor told "in quotes" would type them into the field, and the saved
    number would be '"+1 828 555 0100"'. check's own words keep them, for people who write the YAML."""
    said = []

    def walk(value):
        if isinstance(value, dict):
            said.extend([value.get("hint", ""), *value.get("pattern", [])[1:]])
            value = list(value.values())
        for item in value if isinstance(value, list) else []:
            walk(item)

    walk(config()["collections"])
    assert len(said) > 100 and not [text for text in said if "quote" in text.lower()]
    number = SCHEMA["properties"]["phones"]["items"]["properties"]["number"]
    assert forms.without_typing(number["errorMessage"]) == "expected a phone number like +1 828 555 0100"


def test_guides_and_pages_are_editable_with_their_translations_in_files_of_their_own():
    prose = {c["name"]: c for c in config()["collections"] if c.get("folder", "").startswith("content/")
             and c["folder"] != "content/listings"}
    assert set(prose) == {"guides", "pages"}
    assert config()["i18n"] == {"structure": "multiple_files", "locales": ["en", "es"], "default_locale": "en",
                                "omit_default_locale_from_file_path": True}
    translated = {f["name"] for f in prose["guides"]["fields"] if f.get("i18n")}
    # Categories, tags, order and the review date are the original's; a translation's reviewed: true is a reviewer's.
    assert translated == {"title", "summary", "body"}
    assert [f["name"] for f in prose["pages"]["fields"]] == ["title", "summary", "reviewed", "body"]


def test_each_change_is_a_pull_request_signed_in_with_a_token_or_from_a_fork():
    backend, settings = config()["backend"], config()
    assert settings["publish_mode"] == "editorial_workflow"
    assert backend["auth_methods"] == ["token"] and backend["open_authoring"] is True
    assert backend["commit_messages"]["update"] == "Update {{collection}}: {{slug}}"
    assert "repo" not in backend, "the build prints the repository into the page: a fork's form edits the fork"


def test_python_and_the_forms_writer_quote_the_same_values_the_same_way():
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    assert len(cases) > 100
    wrong = [case for case in cases if fieldref.yaml_value(case["value"], case["inside"]) != case["yaml"]]
    assert not wrong, wrong
    written = form_writer(*(["yamlValue", case["value"], case["inside"]] for case in cases))
    wrong = [(case, js) for case, js in zip(cases, written, strict=True) if js != case["yaml"]]
    assert not wrong, wrong


def test_every_bundled_listing_written_by_the_form_reads_back_as_the_same_data(tmp_path):
    """The form writes what it read as the files a person wrote: `check` reads the same data back, and writing
    again changes nothing."""
    paths = sorted((BUNDLED / "listings").glob("*.yaml"))
    data = [read_yaml_file(path)[0].data for path in paths]
    written = form_writer(*(["formatYaml", d, SCHEMA, [new.SCHEMA_COMMENT]] for d in data))
    for path, before, text in zip(paths, data, written, strict=True):
        assert text.startswith(new.SCHEMA_COMMENT + "\n")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
        after, problems = read_yaml_file(tmp_path / path.name)
        assert not problems and after.data == before, path.name
        keys = [k for k in SCHEMA["properties"] if k in before]
        assert [line.split(":")[0] for line in text.splitlines() if re.match(r"\w", line)] == keys, path.name
    again = form_writer(*(["formatYaml", read_yaml_file(tmp_path / p.name)[0].data, SCHEMA, [new.SCHEMA_COMMENT]]
                          for p in paths))
    assert again == written


def test_the_writer_leaves_out_empty_fields_and_checkboxes_left_unticked():
    data = {"name": "Example Line", "category": "warmline", "summary": "A fictional line for this test.",
            "url": "", "phones": [{"number": "+1 828 555 0100", "type": None}, {}], "meetings": False,
            "schedules": [{"open_24_7": False, "days": ["mon"], "opens": "09:00", "closes": "17:00"}],
            "source": ["https://example.org/line"],
            "translations": {"es": {"summary": "", "reviewed": False}},
            "description": "First paragraph.\n\nSecond: it's free.  \n\n"}
    [text] = form_writer(["formatYaml", data, SCHEMA, ["# first line"]])
    assert text == """# first line
name: Example Line
category: warmline
summary: A fictional line for this test.
description: |
  First paragraph.

  Second: it's free.
phones:
  - number: "+1 828 555 0100"
schedules:
  - days: [mon]
    opens: "09:00"
    closes: "17:00"
source:
  - https://example.org/line
"""


def test_an_empty_item_keeps_its_place_only_where_the_schema_allows_an_empty_item():
    """A list translated item by item has one item for each of the original's, `- {}` for one with nothing to
    translate; a phone without a number is no phone, and goes."""
    notes = {"type": "array", "items": {"type": "object", "properties": {"description": {"type": "string"}}}}
    schema = {"type": "object", "properties": {"phones": SCHEMA["properties"]["phones"], "notes": notes}}
    data = {"phones": [{"number": ""}, {"number": "988"}], "notes": [{"description": ""}, {"description": "Note."}, {}]}
    [text, nothing] = form_writer(["formatYaml", data, schema], ["formatYaml", {"notes": [{}, {"description": ""}]},
                                                                  schema])
    assert text == 'phones:\n  - number: "988"\nnotes:\n  - {}\n  - description: Note.\n  - {}\n'
    assert yaml.safe_load(text)["notes"] == [{}, {"description": "Note."}, {}]
    assert nothing == "\n", "a list of nothing but empty items is left out"


def test_guides_written_by_the_form_read_back_as_the_same_front_matter_and_text(tmp_path):
    guide, page = (json.loads((PROJECT / "schema" / f"{n}.schema.json").read_text()) for n in ("guide", "page"))
    schema = {**guide, "properties": {**page["properties"], **guide["properties"]}}  # as admin.js merges them
    paths = sorted([*(BUNDLED / "guides").glob("*.md"), *(SAMPLE / "guides").glob("*.md")])
    records = [read_markdown_file(path)[0] for path in paths]
    written = form_writer(*(["formatFrontMatter", {**r.data, "body": r.body}, schema] for r in records))
    for path, record, text in zip(paths, records, written, strict=True):
        (tmp_path / path.name).write_text(text, encoding="utf-8")
        after, problems = read_markdown_file(tmp_path / path.name)
        # A translation's reviewed: false is left to GitHub's editor (forms.prose_collection); left out, it means the same.
        meant = {k: v for k, v in record.data.items() if not (path.name.count(".") == 2 and k == "reviewed" and v is False)}
        assert not problems and after.data == meant and after.body == record.body.rstrip() + "\n", path.name


def test_admin_is_built_with_its_own_policy_and_left_out_of_sitemap_search_and_offline_kit(tmp_path):
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=SAMPLE, site_dir=site))
    page = (site / "admin" / "index.html").read_text(encoding="utf-8")
    policy = (ADMIN / "_csp.txt").read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'data-repository="example/connect" data-branch="main"' in page
    # Pull requests word how a listing was checked as its page does (hours.HOW_VERIFIED, translated there).
    assert json.loads(re.search(r"data-how-verified='([^']*)'", page).group(1)) == hours.HOW_VERIFIED
    assert (site / "admin" / "config.yml").read_bytes() == (ADMIN / "config.yml").read_bytes()
    assert "admin" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "admin" not in (site / "robots.txt").read_text(encoding="utf-8")
    linked = [p for p in site.rglob("*.html") if "admin/" in p.read_text(encoding="utf-8") and "admin" not in p.parts]
    assert linked == [], "no visitor page links to the editors' form"
    worker = (site / "sw.js").read_text(encoding="utf-8")
    assert 'const EDITORS = new URL("admin/", SCOPE).href;' in worker
    assert "admin" not in re.search(r"const KEEP_FIRST = (.*);", worker).group(1)
    assert not (site / "pagefind" / "admin").exists()
    vocabularies = [path.read_text(encoding="utf-8").split() for path in site.rglob("vocabulary.txt")]
    assert len(vocabularies) == 2 and not [words for words in vocabularies if "sveltia" in words or "token" in words]


def test_visitor_pages_do_not_change_with_the_editors_form(tmp_path):
    templates = tmp_path / "templates"
    import shutil
    shutil.copytree(PROJECT / "templates", templates)
    directory, _ = sitegen.check(sitegen.Config(content_dir=SAMPLE))
    before = render.site_version(directory, templates, PROJECT / "schema")
    (templates / "admin" / "admin.js").write_text("// another version of the form\n", encoding="utf-8")
    assert render.site_version(directory, templates, PROJECT / "schema") == before


def test_a_build_without_the_cms_package_still_builds_and_says_how_to_get_the_form(tmp_path, monkeypatch):
    monkeypatch.setattr(forms, "CMS_PACKAGE", tmp_path / "not-installed")
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=SAMPLE, site_dir=site))
    assert sorted(p.name for p in (site / "admin").iterdir()) == ["admin.js", "config.yml", "index.html",
                                                                 "pull-request.js", "yaml.js"]
    assert "The editors' form is not part of this build" in (site / "admin" / "index.html").read_text()


def test_the_fonts_the_cms_asks_a_cdn_for_are_copied_at_the_versions_it_names():
    files = forms.cms_files()
    assert files, "node_modules/@sveltia/cms is missing: run `npm ci`"
    named = forms.FONT_URL.findall(files["sveltia-cms.js"].decode())
    assert len({(family, name) for family, *_, name in named}) == 3
    for family, _, _, name in named:
        assert files[f"fonts/{family}-{name}"][:4] == b"wOF2", name
    code = (ADMIN / "admin.js").read_text(encoding="utf-8")
    assert "fonts/${family}-${file}" in code, "admin.js points the CMS's stylesheet at the copies by these names"
    assert len(b"".join(files.values())) < 3_200_000, "the form's files grew: say so in the README"


@pytest.mark.parametrize("name", ["admin.js", "yaml.js"])
def test_the_forms_scripts_are_plain_modules_without_html_sinks(name):
    code = (ADMIN / name).read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", code)


LISTING = {"name": "Example Peer Warmline", "verified": {"date": "2026-11-01", "by": "sources"},
           "source": ["https://example.org/warmline/about"], "translations": {"es": {"summary": "Hable con alguien."}}}


def test_a_pull_request_says_in_plain_words_what_it_changes_and_how_it_was_checked():
    listing, guide = run_script(
        "pull-request.js",
        ["describe", {"kind": "listing", "path": "content/listings/example-peer-warmline.yaml", "added": True,
                      "data": LISTING}, hours.HOW_VERIFIED],
        ["describe", {"kind": "guide", "path": "content/guides/reaching-out.md", "added": False}])
    assert listing.splitlines()[:5] == [
        "Adds the listing **Example Peer Warmline** (`content/listings/example-peer-warmline.yaml`), with words in "
        "Spanish. The **Files changed** tab shows every line.", "",
        "**How the details were checked:** Details taken from public sources on 2026-11-01.",  # as its page says
        "- https://example.org/warmline/about", ""]
    assert "**What happens next:** the **Check content and build** check reads the file" in listing
    assert guide.startswith("Changes the guide `content/guides/reaching-out.md`. The **Files changed** tab")


def test_only_the_cms_new_pull_request_gets_those_words():
    placeholder = {"title": "Add Warmline: example-peer-warmline", "head": "cms/warmline/example-peer-warmline",
                   "base": "main", "body": "Automatically generated by Sveltia CMS"}
    pulls = "https://api.github.com/repos/example/reach-out-wnc/pulls"
    post = {"method": "POST", "body": json.dumps(placeholder)}
    from_fork = {**placeholder, "title": "Update Guide: reaching-out", "head": "someone:cms/someone/fork/guides/reaching-out"}
    written_by_someone = {**post, "body": json.dumps({**placeholder, "body": "My own words"})}
    rewritten, guide, kept, not_a_new_one = run_script(
        "pull-request.js",
        ["withPlainWords", pulls, post, [LISTING], hours.HOW_VERIFIED],
        ["withPlainWords", pulls, {**post, "body": json.dumps(from_fork)}, [LISTING]],
        ["withPlainWords", pulls, written_by_someone, [LISTING]],
        ["withPlainWords", pulls + "/1/merge", post, [LISTING]])
    sent = json.loads(rewritten["body"])
    assert {k: sent[k] for k in ("title", "head", "base")} == {k: placeholder[k] for k in ("title", "head", "base")}
    assert sent["body"].startswith("Adds the listing **Example Peer Warmline** (`content/listings/example-peer-"
                                   "warmline.yaml`)")
    assert json.loads(guide["body"])["body"].startswith("Changes the guide `content/guides/reaching-out.md`.")
    assert kept == written_by_someone and not_a_new_one == post
