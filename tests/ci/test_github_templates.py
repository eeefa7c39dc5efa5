"""Issue forms and the pull-request template: valid forms, in step with the categories, asking for proof."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
FORMS = [p for p in FORMS if p.name != "config.yml"]
KINDS = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_there_are_the_two_issue_forms():
    names = [yaml.safe_load(p.read_text())["name"] for p in FORMS]
    assert names == ["Report a problem with a listing", "Suggest a resource"]


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_issue_forms_have_the_shape_github_expects(path):
    form = yaml.safe_load(path.read_text())
    assert {"name", "description", "body"} <= set(form) and len(form["description"]) <= 200
    ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
    assert len(ids) == len(set(ids)), "every id must be unique"
    for item in form["body"]:
        assert item["type"] in KINDS
        if item["type"] != "markdown":
            assert item["attributes"]["label"]
        if item["type"] == "dropdown":
            options = item["attributes"]["options"]
            assert options and len(options) == len(set(options))
    # The first thing anyone reads: where to get help now. And the page is public.
    first = form["body"][0]["attributes"]["value"]
    assert "call or text 988" in first and "public" in first
    assert any(item["type"] == "checkboxes" and all(o["required"] for o in item["attributes"]["options"])
               for item in form["body"])


def test_the_suggestion_form_offers_the_categories_of_categories_yaml():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-a-resource.yml").read_text())
    options = next(item for item in form["body"] if item.get("id") == "category")["attributes"]["options"]
    plurals = [c["plural"] for c in yaml.safe_load((ROOT / "content" / "categories.yaml").read_text())]
    assert options == [*plurals, "Not sure"], ("update the 'Kind of resource' options in "
                                               ".github/ISSUE_TEMPLATE/suggest-a-resource.yml to the plurals in "
                                               "content/categories.yaml")


def test_blank_issues_still_point_at_crisis_help():
    config = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml").read_text())
    assert config["contact_links"][0]["name"] == "In crisis? Call or text 988"


def test_the_pull_request_template_asks_how_each_fact_was_verified():
    text = (ROOT / ".github" / "pull_request_template.md").read_text()
    checklist = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(checklist) == 6
    for words in ("`source:`", "called each phone number", "web address", "`verified`", "private person"):
        assert any(words in item for item in checklist), words
    assert "- Sources:" in text and "- Date checked (YYYY-MM-DD):" in text
