"""What each kind of page offers a visitor: listing pages lead to reaching out, guides lead to listings,
the 404 page works at any depth, and a listing prints as a one-page sheet."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def by_slug(site, slug):
    return next(x for x in site.directory.listings if x.slug == slug)


def test_a_listing_offers_every_way_to_reach_it_as_one_tap_links(site, page):
    listing = by_slug(site, site.directory.site.crisis_line.listing)
    page.goto(site.at(f"listings/{listing.slug}/"))
    reach = page.get_by_role("region", name="How to reach them")
    hrefs = reach.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [p.href for p in listing.phones] == [h for h in hrefs if h.startswith(("tel:", "sms:"))]
    keyword = next((p for p in listing.phones if p.keyword), None)
    if keyword:
        link = reach.get_by_role("link", name=f"Text {keyword.keyword} to {keyword.display}")
        expect(link).to_have_attribute("href", re.compile(rf"^sms:.*body={keyword.keyword}$"))
    if listing.url:
        expect(reach.get_by_role("link", name="Visit their website")).to_have_attribute("href", listing.url)
    if listing.open_24_7:
        expect(page.locator("main")).to_contain_text("Open 24/7")
    on = listing.verified.date
    expect(page.locator("main")).to_contain_text(f"Details taken from public sources on {on:%B} {on.day}, {on.year}.")


def test_report_and_edit_links_name_the_listing_and_its_file(site, page):
    listing = by_slug(site, site.directory.site.crisis_line.listing)
    repository = site.directory.site.repository_url
    page.goto(site.at(f"listings/{listing.slug}/"))
    report = urlsplit(page.get_by_role("link", name="Report a problem with this listing").get_attribute("href"))
    assert f"{report.scheme}://{report.netloc}{report.path}" == f"{repository}/issues/new"
    query = parse_qs(report.query)
    assert listing.name in query["title"][0]
    assert f"content/listings/{listing.slug}.yaml" in query["body"][0]
    assert site.at(f"listings/{listing.slug}/") in query["body"][0]
    edit = page.get_by_role("link", name="Suggest an edit").get_attribute("href")
    assert unquote(edit) == f"{repository}/edit/{site.directory.site.repository_branch}/content/listings/{listing.slug}.yaml"


def test_a_listing_with_an_address_links_to_a_map_app_and_embeds_no_map(site, page):
    listing = next(x for x in site.directory.listings if x.location and x.location.street)
    page.goto(site.at(f"listings/{listing.slug}/"))
    expect(page.locator("address")).to_contain_text(listing.location.street)
    expect(page.get_by_role("link", name="Open in your map app")).to_have_attribute("href", re.compile(r"^geo:"))
    assert page.locator("iframe, img[src^='http'], canvas").count() == 0


def test_a_listing_not_checked_for_a_year_says_so(sample_site, page):
    page.goto(sample_site.at("listings/example-peer-warmline/"))
    expect(page.get_by_role("note")).to_contain_text("These details are from January 15, 2024.")
    page.goto(sample_site.at("listings/example-crisis-line/"))
    expect(page.get_by_role("note")).to_have_count(0)


def test_a_guide_leads_to_the_listings_it_relates_to(site, page):
    guide = next(g for g in site.directory.guides if g.listings)
    page.goto(site.at(f"guides/{guide.slug}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(guide.title)
    related = page.get_by_role("region", name="Places to reach out")
    expect(related.locator(".card-title a")).to_have_text([x.name for x in guide.listings])


def test_listings_name_the_guides_that_lead_to_them(site, page):
    guide = next(g for g in site.directory.guides if g.listings)
    listing = guide.listings[0]
    page.goto(site.at(f"listings/{listing.slug}/"))
    page.get_by_role("region", name="Guides that may help").get_by_role("link", name=guide.title).click()
    expect(page).to_have_url(site.at(f"guides/{guide.slug}/"))


def test_the_home_page_offers_search_categories_with_counts_and_guides(site, page):
    page.goto(site.url)
    expect(page.get_by_role("search").get_by_role("searchbox")).to_be_visible()
    for category in site.directory.categories:
        if category.listings:
            card = page.locator(".category-card", has=page.get_by_role("link", name=category.plural, exact=True))
            expect(card).to_contain_text(f"{len(category.listings)} listing")
    for guide in site.directory.guides:
        expect(page.get_by_role("link", name=guide.title, exact=True)).to_be_visible()


def test_category_pages_list_lines_open_24_7_first(site, page):
    category = by_slug(site, site.directory.site.crisis_line.listing).category
    page.goto(site.at(f"categories/{category.slug}/"))
    names = page.locator(".card-title a").all_inner_texts()
    assert names == [x.name for x in category.listings]
    open_flags = [x.open_24_7 for x in category.listings]
    assert open_flags == sorted(open_flags, reverse=True), "lines open 24/7 must come first"


def test_the_404_page_works_at_any_depth(site, page):
    for path in ("nope", "listings/nope/", "a/b/c/d/"):
        response = page.goto(site.at(path))
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        colour = page.locator(".crisis").evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour != "rgba(0, 0, 0, 0)", "the stylesheet must load at any depth"
    page.get_by_role("link", name="Browse every listing").click()
    expect(page).to_have_url(site.at("listings/"))


def test_a_listing_prints_as_one_clean_page(site, page):
    with_address = [x for x in site.directory.listings if x.location and x.location.street]
    listing = sorted(with_address, key=lambda x: not x.phones)[0]  # one with phones too, if there is one
    page.goto(site.at(f"listings/{listing.slug}/"))
    page.emulate_media(media="print")
    for hidden in ("Leave this site quickly", "Skip to main content"):
        expect(page.get_by_role("link", name=hidden)).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator("header form[role=search]")).to_be_hidden()
    expect(page.locator("address")).to_be_visible()
    for phone in listing.phones:
        expect(page.locator("main")).to_contain_text(phone.display)
    pdf = page.pdf(format="Letter")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, "a listing with an address should print on one page"
