"""Near me: sort category pages and search results by distance, from the browser's location or a typed ZIP code,
with nothing about where the visitor is leaving the device."""

from __future__ import annotations

import json
import math
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP

pytestmark = pytest.mark.browser

HERE = {"latitude": 35.55, "longitude": -82.55}  # a fictional visitor in Asheville, NC
STATUS = "[data-near-status]"


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 3958.8 * math.asin(math.sqrt(h))


def in_words(distance: float) -> str:
    rounded = int(distance + 0.5)
    return "Less than a mile away" if distance < 1 else "About 1 mile away" if rounded == 1 \
        else f"About {rounded} miles away"


def expected(site, category: str, origin: tuple[float, float]) -> tuple[list[tuple[str, str]], list[str]]:
    """Return [(name, distance in words)] of the category's located listings, nearest first, and the rest's names."""
    listings = [x for x in site.directory.listings if x.category.slug == category]
    located = sorted((miles(origin, (x.location.latitude, x.location.longitude)), x) for x in listings
                     if x.location and x.location.latitude is not None)
    words = [(x.name, in_words(d) + (f" (to the centre of ZIP code {x.location.postal_code})"
                                     if x.location.approximate else "")) for d, x in located]
    return words, sorted(x.name for x in listings if not (x.location and x.location.latitude is not None))


def shown(page, cards: str) -> list[tuple[str, str]]:
    return [tuple(card) for card in page.locator(cards).evaluate_all(
        "cards => cards.map(c => [c.querySelector('.card-title').textContent.trim(),"
        " c.querySelector('.distance')?.textContent || ''])")]


def test_sorting_a_category_by_the_browsers_location_orders_located_listings_and_keeps_the_rest(near_site, watched):
    context = watched(viewport=DESKTOP, geolocation=HERE, permissions=["geolocation"])
    page = context.new_page()
    page.goto(near_site.at("categories/support-group/"))
    page.get_by_role("button", name="Use my location").click()
    expect(page.locator(STATUS)).to_have_text("Sorted by distance from your location, nearest first.")
    located, area = expected(near_site, "support-group", (HERE["latitude"], HERE["longitude"]))
    assert len(located) == 4 and area == ["Example Online Group"]
    assert shown(page, "[data-near-list] > .card") == located
    assert "(to the centre of ZIP code 28803)" in located[0][1], "a ZIP code's centre says so"
    expect(page.get_by_role("heading", name="Serving an area rather than one place")).to_be_visible()
    assert [name for name, _ in shown(page, "[data-near-area] .card")] == area
    assert {urlsplit(url).netloc for url in context.requests} == {near_site.host}


def test_sorting_by_a_typed_zip_code_uses_the_sites_own_table(near_site, watched):
    context = watched(viewport=DESKTOP)
    page = context.new_page()
    page.goto(near_site.at("categories/support-group/"))
    page.get_by_label("or a ZIP code").fill("2880")
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page.locator(STATUS)).to_have_text("Please type a five-digit ZIP code, like 28801.")
    page.get_by_label("or a ZIP code").fill("28806")
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page.locator(STATUS)).to_have_text("Sorted by distance from ZIP code 28806, nearest first.")
    table = json.loads((near_site.folder / "zip" / "288.json").read_text(encoding="utf-8"))
    located, _ = expected(near_site, "support-group", tuple(table["28806"]))
    assert shown(page, "[data-near-list] > .card") == located
    fetched = {urlsplit(url).path for url in context.requests if "/zip/" in url}  # the page's, and the worker's
    assert fetched == {"/near/zip/288.json"}, "one small table, from the site itself; the ZIP code is not sent"
    assert {urlsplit(url).netloc for url in context.requests} == {near_site.host}

    page.get_by_label("or a ZIP code").fill("99501")  # Anchorage: far from every listing
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page.locator(STATUS)).to_contain_text("This directory does not know ZIP code 99501")


def test_sorting_search_results_by_distance(near_site, watched):
    context = watched(viewport=DESKTOP, geolocation=HERE, permissions=["geolocation"])
    page = context.new_page()
    page.goto(near_site.at("search/#category=Support+groups"))
    expect(page.locator("[data-status]")).to_contain_text("5 results")
    page.get_by_role("button", name="Use my location").click()
    expect(page.locator(STATUS)).to_have_text("Sorted by distance from your location, nearest first.")
    located, area = expected(near_site, "support-group", (HERE["latitude"], HERE["longitude"]))
    expect(page.locator("[data-results] > .card .distance")).to_have_count(len(located))
    assert shown(page, "[data-results] > .card") == located
    assert sorted(name for name, _ in shown(page, "[data-near-area] .card")) == area
    page.fill("#q", "tuesday")  # a new search stays sorted
    page.press("#q", "Enter")
    # Wait for the new search's count: a locator matching the old four cards fails at once, it does not wait.
    expect(page.locator("[data-status]")).to_contain_text("tuesday")
    expect(page.locator("[data-results] > .card .distance")).to_have_count(1)
    expect(page.locator("[data-results] > .card .distance")).to_have_text(
        dict(located)["Example Tuesday Circle"])
    expect(page.locator("[data-near-area]")).to_have_count(0)


def test_guides_in_sorted_search_results_stay_out_of_the_area_heading(near_site, watched):
    context = watched(viewport=DESKTOP, geolocation=HERE, permissions=["geolocation"])
    page = context.new_page()
    page.goto(near_site.at("search/#q=reaching+out+alone"))
    guide = page.locator("[data-results] .card", has_text="Reaching out when you feel alone")
    expect(guide).to_be_visible()
    page.get_by_role("button", name="Use my location").click()
    expect(page.locator(STATUS)).to_have_text("Sorted by distance from your location, nearest first.")
    expect(guide).to_be_visible()
    expect(page.locator("[data-near-area]", has_text="Reaching out when you feel alone")).to_have_count(0)
    expect(guide.locator(".distance")).to_have_count(0)


def test_the_location_is_asked_for_only_when_the_visitor_presses_the_button(near_site, watched):
    context = watched(viewport=DESKTOP)  # no permission granted: the browser would have to ask
    page = context.new_page()
    page.add_init_script("""
        window.__asked = 0;
        const ask = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
        navigator.geolocation.getCurrentPosition = (...args) => { window.__asked += 1; return ask(...args); };
    """)
    page.goto(near_site.at("categories/support-group/"))
    page.goto(near_site.at("search/#q=group"))
    expect(page.locator("[data-status]")).to_contain_text("result")
    assert page.evaluate("window.__asked") == 0
    page.get_by_role("button", name="Use my location").click()
    expect(page.locator(STATUS)).to_contain_text("did not share your location")  # headless Chromium denies
    assert page.evaluate("window.__asked") == 1


def test_without_javascript_no_sorting_control_shows(near_site, watched):
    page = watched(viewport=DESKTOP, java_script_enabled=False).new_page()
    page.goto(near_site.at("categories/support-group/"))
    expect(page.locator("[data-near]")).to_be_hidden()
    expect(page.locator(".cards .card")).to_have_count(5)


def test_pages_without_a_located_listing_offer_no_sorting(near_site, page):
    page.goto(near_site.at("categories/crisis-line/"))
    expect(page.locator(".card").first).to_be_visible()
    expect(page.locator("[data-near]")).to_have_count(0)
