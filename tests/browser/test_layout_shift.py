"""Nothing moves while a page's scripts start: the search page shows its search from the first paint.

Measured as Lighthouse does, with the browser's layout-shift entries (cumulative layout shift), on a phone,
with every script held back a little so the first paint comes before them, as on a slow connection.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from .conftest import PHONE

pytestmark = pytest.mark.browser

RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push([entry.value, entry.sources.map((s) => s.node && s.node.className)]);
  }
}).observe({ type: "layout-shift", buffered: true });
"""
# Lighthouse's "good" ends at 0.1. The search page measured 0.23 before it reserved its space; every page moved by
# 0.03 to 0.08 on a phone while save.js showed the menu's "My list" link, and none since it keeps its place. On the
# search page, near.js's "Sort by distance" panel moves the results by about 0.05 when it appears: a blank panel
# kept for it would greet every visitor without JavaScript.
MOST = 0.1
NONE = 0.01


def shifts(watched, url: str) -> list:
    context = watched(viewport=PHONE, is_mobile=True, has_touch=True)
    context.context.add_init_script(RECORD_SHIFTS)

    def late(route):
        time.sleep(0.25)  # the page paints without its scripts first: it takes a few milliseconds here
        route.continue_()

    context.context.route("**/*.js", late)
    page = context.new_page()
    page.goto(url)
    if "search/#" in url:
        expect(page.locator("[data-status]")).to_contain_text("result", timeout=20_000)  # each script waits 0.25 s
    elif "search/" in url:
        expect(page.locator("[data-search-fallback]")).to_have_attribute("hidden", "")  # search.js has run
    else:
        expect(page.locator("[data-hours]").first).to_have_attribute("data-state", re.compile(r"\w"))
    page.wait_for_timeout(500)
    assert context.errors == []
    return page.evaluate("window.__shifts")


@pytest.mark.parametrize("address", ["search/", "search/#q=warmline", "search/#hours=Open+now",
                                     "search/#category=Crisis+lines", "search/#q=alchohol"])
def test_the_search_page_does_not_move_when_its_script_starts_or_results_arrive(site, watched, address):
    found = shifts(watched, site.at(address))
    assert sum(value for value, _ in found) < MOST, found


@pytest.mark.parametrize("address", ["search/#q=i+want+to+die", "es/search/#q=me+quiero+morir"])
def test_the_crisis_help_appears_under_the_search_field_and_nothing_moves_it(site, watched, address):
    """It shows as soon as search.js reads the words, above the filters, the distance panel and the results, which
    arrive later: none of them moves it (a shift of its own would name it among the sources)."""
    found = shifts(watched, site.at(address))
    assert sum(value for value, _ in found) < MOST, found
    assert not [sources for _, sources in found if "crisis-box" in sources], found


def test_a_listing_page_does_not_move_when_its_hours_status_arrives(site, watched):
    found = shifts(watched, site.at("listings/nami-helpline/"))
    assert sum(value for value, _ in found) < NONE, found
