"""Search for people in distress: crisis words put 988 first, everyday words find the right help, no dead ends.

The phrases and synonyms come from content/search.yaml; tests/browser/relevance.yaml lists what visitors type
and what they must find among the first five results.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RELEVANCE = yaml.safe_load((Path(__file__).parent / "relevance.yaml").read_text(encoding="utf-8"))
STATUS = "[data-status]"
CRISIS_BOX = "[data-search] [data-crisis-box]"

# Said in ways search.yaml does not list word for word: endings, order, extra words, typing mistakes.
CRISIS = ["I want to kill myself", "killing myself", "myself kill", "kills myself tonight", "thinking about suicide",
          "SUICIDAL", "sucidal", "suicde", "suicidial thoughts", "i don't want to live anymore",
          "i dont want to be alive", "ending my life", "wanting to die", "i wanna die", "cutting myself",
          "hurting myself again", "self-harm", "overdosed on pills", "i took way too many pills", "he hits me",
          "my partner abused me", "being abused at home", "i was raped", "kms rn"]
NOT_CRISIS = ["substance abuse", "rap music", "die cast models", "hurt my back", "killer whales", "self help book",
              "hit music", "harm reduction", "lifeline", "cutting board", "overdue library book", "dying hair"]


def open_search(page, site, query: str, **options) -> None:
    """Open the search page with a query, as a visitor's search from any page does, and wait for the results."""
    page.goto(site.at("search/#" + urlencode({"q": query, **options}, doseq=True)))
    expect(page.locator(STATUS)).to_contain_text(query if len(query) < 40 else "result")


def slugs(page) -> list[str]:
    hrefs = page.locator("[data-results] .card-title a").evaluate_all("links => links.map(a => a.pathname)")
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def test_the_crisis_test_knows_phrases_said_other_ways_and_leaves_other_words_alone(site, page):
    page.goto(site.at("search/"))
    phrases = site.directory.search.crisis
    found = page.evaluate("""async ([phrases, crisis, other]) => {
        const { crisisTest } = await import(new URL("../assets/crisis.js", location.href).href);
        const isCrisis = crisisTest(phrases);
        return { missed: crisis.filter((q) => !isCrisis(q)), wrong: other.filter((q) => isCrisis(q)) };
    }""", [list(phrases), CRISIS, NOT_CRISIS])
    assert found == {"missed": [], "wrong": []}
    assert not set(CRISIS) & set(phrases), "test with phrases search.yaml does not have word for word"


@pytest.mark.parametrize("case", RELEVANCE, ids=[case["query"] for case in RELEVANCE])
def test_what_visitors_type_finds_the_right_help(site, page, case):
    open_search(page, site, case["query"])
    first = slugs(page)[:5]
    assert set(case["expect"]) <= set(first), f"{case['query']!r} should find {case['expect']} in {first}"
    if case.get("crisis"):
        expect(page.locator(CRISIS_BOX)).to_be_visible()
        crisis_lines = {x.slug for x in site.directory.listings if x.category.slug == "crisis-line"}
        assert first[0] == site.directory.site.crisis_line.listing and set(first) <= crisis_lines, first
    else:
        expect(page.locator(CRISIS_BOX)).to_be_hidden()


def test_the_relevance_set_covers_every_kind_of_help_and_every_audience(site):
    """At least 40 searches; every category and every audience is among the expected results."""
    expected = {slug for case in RELEVANCE for slug in case["expect"]}
    listings = [x for x in site.directory.listings if x.slug in expected]
    assert len(RELEVANCE) >= 40 and sum(1 for case in RELEVANCE if case.get("crisis")) >= 10
    assert {c.slug for c in site.directory.categories if c.listings} == {x.category.slug for x in listings}
    audiences = {a for x in site.directory.listings for a in x.audience} - {"Anyone"}  # nobody searches for it
    assert audiences <= {a for x in listings for a in x.audience}, audiences - {a for x in listings for a in x.audience}


def test_a_crisis_search_shows_how_to_call_and_text_988_above_the_results(site, page):
    open_search(page, site, "i want to end my life")
    box = page.locator(CRISIS_BOX)
    expect(box).to_be_visible()
    expect(box.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(box.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    expect(box.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    expect(box.get_by_role("link", name="See every crisis line")).to_be_visible()
    box_bottom = box.bounding_box()["y"] + box.bounding_box()["height"]
    assert box_bottom <= page.locator("[data-results] li").first.bounding_box()["y"], "the box comes before results"
    # Typing on: an everyday search puts the box away again.
    page.fill("#q", "library")
    page.press("#q", "Enter")
    expect(page.locator(STATUS)).to_contain_text("library")
    expect(box).to_be_hidden()


def test_without_javascript_the_search_page_shows_the_crisis_help_first(site, watched):
    page = watched(java_script_enabled=False).new_page()
    page.goto(site.at("search/#q=kill+myself"))
    main = page.locator("main")
    box = main.get_by_role("region", name="If you are thinking about ending your life, or you are not safe")
    expect(box).to_be_visible()
    expect(box.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    assert box.bounding_box()["y"] < main.get_by_text("Search needs JavaScript").bounding_box()["y"]
    expect(main.get_by_role("link", name="Crisis lines")).to_be_visible()  # and the kinds of help


def test_a_search_that_finds_nothing_offers_kinds_of_help_211_and_the_crisis_line(site, page):
    open_search(page, site, "zzxqv")
    expect(page.locator(STATUS)).to_contain_text("No results for “zzxqv”")
    help_box = page.locator("[data-search] [data-more-help]")
    expect(help_box).to_be_visible()
    expect(help_box.get_by_role("link", name="Support groups")).to_be_visible()
    expect(help_box.get_by_role("link", name="NC 211 at 211")).to_have_attribute("href", "tel:211")
    expect(help_box.get_by_role("link", name="call")).to_have_attribute("href", "tel:988")
    open_search(page, site, "warmline")
    expect(help_box).to_be_hidden()


def test_a_search_while_offline_says_so_and_offers_the_same_help(site, watched):
    context = watched()
    page = context.new_page()
    page.goto(site.at("search/"))
    context.context.set_offline(True)
    page.fill("#q", "warmline")
    page.press("#q", "Enter")
    expect(page.locator(STATUS)).to_contain_text("offline")
    expect(page.locator("[data-search] [data-more-help]")).to_be_visible()
    page.fill("#q", "suicide")
    page.press("#q", "Enter")
    expect(page.locator(CRISIS_BOX)).to_be_visible()  # the crisis help needs no index
    context.context.set_offline(False)
    page.fill("#q", "warmline")
    page.press("#q", "Enter")
    expect(page.locator(STATUS)).to_contain_text("results for “warmline”")


def test_what_was_searched_never_reaches_the_server(site, watched):
    context = watched()
    page = context.new_page()
    page.goto(site.at(site.pages["listing"]))
    page.get_by_role("search").get_by_role("searchbox").fill("i want to kill myself")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page.locator(CRISIS_BOX)).to_be_visible()
    page.fill("#q", "warmline")
    page.press("#q", "Enter")
    expect(page.locator(STATUS)).to_contain_text("warmline")
    sent = [url for url in context.requests if "kill" in url or "q=" in url]
    assert not sent, f"the search reached the server: {sent}"
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_everyday_words_are_in_the_index_but_not_on_the_page(site, page):
    """Synonyms are searchable words, hidden from sight and from screen readers."""
    trevor = next(x for x in site.directory.listings if x.slug == "trevor-project")
    page.goto(site.at(f"listings/{trevor.slug}/"))
    hidden = page.locator("p[hidden][data-pagefind-weight]")
    expect(hidden).to_have_count(1)
    assert "teen" in hidden.text_content().split()
    expect(page.locator("body")).not_to_contain_text("teenager", use_inner_text=True)
