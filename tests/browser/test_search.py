"""Search: find listings by name and by what they do, filter without typing, share and undo searches."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STATUS = "[data-status]"
RESULT_LINKS = "[data-results] .card-title a"


def crisis_listing(site):
    """Return the listing of the site's own crisis line: site.yaml names it, so it is always there."""
    slug = site.directory.site.crisis_line.listing
    return next(x for x in site.directory.listings if x.slug == slug)


def rare_word(site, listing) -> str:
    """Return a word from the listing's description that the fewest other listings use, and not in its name."""
    def words(text: str) -> set[str]:
        return {w.casefold() for w in re.findall(r"[A-Za-z]{6,}", text)}

    seen = Counter(w for x in site.directory.listings for w in words(f"{x.name} {x.summary} {x.description}"))
    candidates = sorted(words(listing.description) - words(listing.name), key=lambda w: (seen[w], w))
    assert candidates, f"{listing.slug} has no description to search for"
    return candidates[0]


def search_for(page, text: str) -> None:
    page.fill("#q", text)
    page.press("#q", "Enter")
    expect(page.locator(STATUS)).to_contain_text("result")


def result_names(page) -> list[str]:
    return page.locator(RESULT_LINKS).all_inner_texts()


def test_search_finds_a_listing_by_name(site, page):
    listing = crisis_listing(site)
    page.goto(site.at("search/"))
    search_for(page, listing.name)
    assert listing.name in result_names(page)[:3], "searching for a listing's name should put it near the top"


def test_search_finds_a_listing_by_a_word_from_its_description(site, page):
    listing = crisis_listing(site)
    word = rare_word(site, listing)
    page.goto(site.at("search/"))
    search_for(page, word)
    assert listing.name in result_names(page), f"searching for {word!r} should find {listing.name}"


def test_a_result_shows_name_category_summary_and_phone(site, page):
    listing = crisis_listing(site)
    page.goto(site.at("search/"))
    search_for(page, listing.name)
    card = page.locator("[data-results] .card", has=page.get_by_role("link", name=listing.name, exact=True))
    expect(card).to_contain_text(listing.category.name)
    expect(card).to_contain_text(listing.summary)
    phone = card.locator("a[href^='tel:'], a[href^='sms:']").first
    assert phone.get_attribute("href") == listing.phones[0].href


def test_a_result_shows_the_listings_notice(site, page):
    listing = next((x for x in site.directory.listings if x.notice), None)
    assert listing, "the bundled directory has no listing with a notice to show"
    page.goto(site.at("search/"))
    search_for(page, listing.name)
    card = page.locator("[data-results] .card", has=page.get_by_role("link", name=listing.name, exact=True))
    expect(card.locator(".card-notice")).to_have_text(f"Please note: {listing.notice}")


def test_filters_work_without_a_query_and_narrow_the_results(site, page):
    category = crisis_listing(site).category
    page.goto(site.at("search/"))
    page.locator("summary", has_text="Kind of help").click()
    page.get_by_label(category.plural, exact=True).check()
    expect(page.locator(STATUS)).to_contain_text(f"{len(category.listings)} result")
    assert sorted(result_names(page)) == sorted(x.name for x in category.listings)
    assert parse_qs(urlsplit(page.url).fragment) == {"category": [category.plural]}

    other = next(c for c in site.directory.categories if c.listings and c is not category)
    page.get_by_label(other.plural, exact=True).check()  # a second value in the same filter widens the search
    expect(page.locator(STATUS)).to_contain_text(f"{len(category.listings) + len(other.listings)} result")
    page.get_by_label(other.plural, exact=True).uncheck()
    expect(page.locator(STATUS)).to_contain_text(f"{len(category.listings)} result")

    open_now = [x for x in category.listings if x.open_24_7]
    page.locator("summary", has_text="Hours").click()
    page.get_by_label("Open 24/7").check()
    expect(page.locator(STATUS)).to_contain_text(f"{len(open_now)} result")
    assert sorted(result_names(page)) == sorted(x.name for x in open_now)


def test_filters_found_alone_come_in_browse_order(site, page):
    category = crisis_listing(site).category
    page.goto(site.at("search/?category=" + category.plural.replace(" ", "+")))
    expect(page.locator(STATUS)).to_contain_text("result")
    assert result_names(page) == [x.name for x in category.listings], \
        "filter-only results must come in the category page's order: open 24/7 first, then by name"


def test_following_a_result_opens_the_listing(site, page):
    listing = crisis_listing(site)
    page.goto(site.at("search/"))
    search_for(page, listing.name)
    page.get_by_role("link", name=listing.name, exact=True).first.click()
    expect(page).to_have_url(site.at(f"listings/{listing.slug}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(listing.name)


def test_keyboard_only_search_from_the_home_page(site, page):
    listing = crisis_listing(site)
    page.goto(site.url)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'search'"):
            break
    else:
        pytest.fail("Tab never reached the search box on the home page")
    page.keyboard.type(listing.name)
    page.keyboard.press("Enter")
    expect(page.locator(STATUS)).to_contain_text("result")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('[data-results] .card-title')"):
            break
    else:
        pytest.fail("Tab never reached a search result")
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(target)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_filters_work_from_the_keyboard(site, page):
    first = next(c for c in site.directory.categories if c.listings)  # the first box under "Kind of help"
    page.goto(site.at("search/"))
    page.locator("#q").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim() === 'Kind of help'"):
            break
    else:
        pytest.fail("Tab never reached the 'Kind of help' filter")
    page.keyboard.press("Enter")  # opens the group
    page.keyboard.press("Tab")
    expect(page.get_by_label(first.plural, exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator(STATUS)).to_contain_text(f"{len(first.listings)} result")


def test_the_search_lives_in_the_address_and_back_undoes_it(site, page):
    """After the #: the browser keeps that part to itself, so no server or log ever sees what was searched."""
    category = crisis_listing(site).category
    first = f"search/#q=help&category={category.plural.replace(' ', '+')}"
    page.goto(site.at(first))
    expect(page.locator("#q")).to_have_value("help")
    expect(page.get_by_label(category.plural, exact=True)).to_be_checked()
    expect(page.locator(STATUS)).to_contain_text("result")
    before = result_names(page)

    page.fill("#q", "warmline")
    page.press("#q", "Enter")
    expect(page).to_have_url(re.compile(r"#(.*&)?q=warmline"))
    expect(page.locator(STATUS)).to_contain_text("warmline")

    page.go_back()
    expect(page.locator("#q")).to_have_value("help")
    expect(page.get_by_label(category.plural, exact=True)).to_be_checked()
    expect(page.locator(STATUS)).to_contain_text("“help”")
    assert result_names(page) == before


def test_the_header_search_on_any_page_goes_to_the_search_page(site, page):
    page.goto(site.at(site.pages["listing"]))
    page.get_by_role("search").get_by_role("searchbox").fill("warmline")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page).to_have_url(site.at("search/#q=warmline"))
    expect(page.locator(STATUS)).to_contain_text("for “warmline”")


def test_a_link_made_with_a_query_string_still_searches_and_drops_it(site, page):
    page.goto(site.at("search/#q=warmline"))
    expect(page.locator(STATUS)).to_contain_text("for “warmline”")
    expect(page).to_have_url(site.at("search/#q=warmline"))


def test_results_link_into_the_sub_path(site, page):
    page.goto(site.at("search/#q=warmline"))
    expect(page.locator(STATUS)).to_contain_text("result")
    hrefs = page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(urlsplit(site.url).path) for h in hrefs), hrefs


def test_without_javascript_the_search_page_says_so_and_links_to_browsing(site, watched):
    page = watched(java_script_enabled=False).new_page()
    page.goto(site.at("search/#q=warmline"))
    expect(page.get_by_text("Search needs JavaScript")).to_be_visible()
    expect(page.get_by_role("link", name="browse every listing")).to_have_attribute("href", "../listings/")
    expect(page.locator("#q")).to_be_hidden()


def test_a_search_reads_every_bundle_of_a_split_index(split_site, page):
    """A statewide directory's index comes in bundles (Pagefind's memory grows with one); search merges them."""
    bundles = (split_site.folder / "search" / "index.html").read_text(encoding="utf-8")
    assert len(re.search(r'data-bundles="([^"]*)"', bundles).group(1).split()) > 3
    category = max(split_site.directory.categories, key=lambda c: len(c.listings))
    page.goto(split_site.at("search/#category=" + category.plural.replace(" ", "+")))
    expect(page.locator(STATUS)).to_contain_text(f"{len(category.listings)} result")
    while page.locator("[data-more]").is_visible():
        page.locator("[data-more]").click()
    # Pagefind sorts within each bundle: across bundles the browse page's order is not kept (README, Search).
    assert sorted(result_names(page)) == sorted(x.name for x in category.listings)
    listing = crisis_listing(split_site)
    page.goto(split_site.at("search/"))
    search_for(page, rare_word(split_site, listing))
    assert listing.name in result_names(page)
