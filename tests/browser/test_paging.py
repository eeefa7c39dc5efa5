"""Long lists come in pages: every listing is still reachable by plain links, by keyboard, accessibly."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sitegen import pages

from .conftest import PHONE, PROJECT, build_site, run_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def paged_site(server_root, monkeypatch):
    """The fictional fixture with one listing per page, so its four listings need four pages."""
    monkeypatch.setattr(pages, "CHECKING_PER_PAGE", 1)
    root, port = server_root
    return build_site(PROJECT / "tests" / "golden" / "sample" / "content", root, port, "paged")


def test_following_next_reaches_every_listing_and_axe_finds_nothing(paged_site, watched, axe_source):
    context = watched(viewport=PHONE)
    page = context.new_page()
    page.goto(paged_site.at("needs-checking/"))
    names, violations = [], {}
    for _ in range(10):  # four pages; a pager that loops must not hang the suite
        names.append(page.locator("tbody a").first.inner_text())
        violations[page.url] = run_axe(page, axe_source) if page.url.endswith("/2/") else []
        expect(page.get_by_text(f"Page {len(names)} of 4", exact=True)).to_be_visible()
        following = page.get_by_role("link", name="Next page")
        if not following.count():
            break
        following.click()
    assert names == [x.name for x in sorted(paged_site.directory.listings, key=lambda x: (x.verified.by != "sources", x.verified.date, x.name.casefold()))]
    assert not any(violations.values()), violations


def test_the_current_page_is_announced_and_the_pager_works_by_keyboard(paged_site, page):
    page.goto(paged_site.at("needs-checking/2/"))
    pager = page.get_by_role("navigation", name="Pages")
    expect(pager.locator("[aria-current=page]")).to_have_text("2")
    pager.get_by_role("link", name="Page 3").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(paged_site.at("needs-checking/3/"))
