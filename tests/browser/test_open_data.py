"""The directory as open data: a visitor finds the HSDS page from the about page, and a program reads the files."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_about_page_leads_to_the_open_data_and_its_files_answer_as_an_api(site, page):
    page.goto(site.at(site.pages["about"]))
    page.get_by_role("link", name="data in the format directories share").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This directory as open data")
    # What a program on this site would do: read the list, then one service in full (connect-src 'self' allows it).
    service = page.evaluate("""async () => {
        const list = await (await fetch("services.json")).json();
        const first = list.contents.find((s) => s.x_slug === "988-suicide-and-crisis-lifeline");
        return {count: list.total_items, full: await (await fetch(`services/${first.id}.json`)).json()};
    }""")
    listings = len(list((site.folder / "listings").glob("*/index.html")))
    assert service["count"] == listings
    assert service["full"]["name"] == "988 Suicide & Crisis Lifeline"
    assert {"number": "988", "type": "text"}.items() <= service["full"]["phones"][1].items()
