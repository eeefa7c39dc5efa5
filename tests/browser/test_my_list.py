"""My list: save listings on the device, see them on /my-list/, share the list as a link into another browser,
and print it as a one-page pocket card, with nothing about the list leaving the device."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

WARMLINE = "listings/example-peer-warmline/"
CIRCLE = "listings/example-tuesday-circle/"


def save(page, site, path: str, name: str) -> None:
    """Open a listing's page and press its Save button."""
    page.goto(site.at(path))
    button = page.get_by_role("button", name=f"Save {name}")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")


def saved_names(page) -> list[str]:
    items = page.locator("[data-saved] .saved-name")
    expect(items.first).to_be_visible()
    return [name.strip() for name in items.all_text_contents()]


def only_the_site(context, site) -> None:
    assert {urlsplit(url).netloc for url in context.requests} == {site.host}, "a request left the site"


def test_a_saved_listing_survives_a_reload_and_shows_on_my_list_with_its_numbers_and_hours(sample_site, watched):
    context = watched(viewport=DESKTOP)
    page = context.new_page()
    save(page, sample_site, WARMLINE, "Example Peer Warmline")
    page.reload()
    expect(page.get_by_role("button", name="Save Example Peer Warmline")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("link", name="My list (1)")).to_be_visible()

    page.get_by_role("link", name="My list (1)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My list")
    expect(page.get_by_text("never sent to this site or anyone else")).to_be_visible()
    assert saved_names(page) == ["Example Peer Warmline"]
    item = page.locator(".saved-item")
    expect(item.get_by_role("link", name="Call (828) 555-0101, extension 2")).to_have_attribute(
        "href", "tel:+18285550101,2")
    expect(item.locator(".saved-hours li").first).not_to_be_empty()
    assert context.errors == []
    only_the_site(context, sample_site)


def test_cards_save_too_and_the_list_can_be_emptied(sample_site, watched):
    context = watched(viewport=PHONE)
    page = context.new_page()
    page.goto(sample_site.at("categories/support-group/"))
    page.get_by_role("button", name="Save Example Tuesday Circle").click()
    save(page, sample_site, WARMLINE, "Example Peer Warmline")
    page.goto(sample_site.at("my-list/"))
    assert saved_names(page) == ["Example Tuesday Circle", "Example Peer Warmline"]
    page.get_by_role("button", name="Remove Example Tuesday Circle").click()
    assert saved_names(page) == ["Example Peer Warmline"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear the whole list").click()
    expect(page.get_by_text("Your list is empty.")).to_be_visible()
    assert page.evaluate("localStorage.length") == 0
    only_the_site(context, sample_site)


def test_a_share_link_opens_the_same_list_in_a_fresh_browser_which_keeps_it_only_when_asked(sample_site, watched):
    first = watched(viewport=DESKTOP)
    page = first.new_page()
    save(page, sample_site, CIRCLE, "Example Tuesday Circle")
    save(page, sample_site, WARMLINE, "Example Peer Warmline")
    page.goto(sample_site.at("my-list/"))
    link = sample_site.at("my-list/#list=example-tuesday-circle,example-peer-warmline")
    expect(page.get_by_label("Link to your list")).to_have_value(link)  # waits: the script fills it in
    text = unquote(page.get_by_role("link", name="Send by text").get_attribute("href"))
    assert text.startswith("sms:?&body=My list from Example Connect")
    assert "Example Peer Warmline\nCall (828) 555-0101, extension 2" in text and link in text
    email = unquote(page.get_by_role("link", name="Send by email").get_attribute("href"))
    assert email.startswith("mailto:?subject=My list from Example Connect&body=") and "(828) 555-0101" in email
    only_the_site(first, sample_site)

    second = watched(viewport=PHONE)  # another phone: a fresh profile with nothing saved
    other = second.new_page()
    other.goto(link)
    expect(other.get_by_role("heading", name="A list someone shared with you")).to_be_visible()
    assert saved_names(other) == ["Example Tuesday Circle", "Example Peer Warmline"]
    assert other.evaluate("localStorage.length") == 0, "a shared list is kept only when the visitor asks"
    other.get_by_role("button", name="Keep this list on this device").click()
    expect(other.get_by_text("The shared list is now kept on this device")).to_be_visible()
    assert urlsplit(other.url).fragment == "", "once kept, the address no longer carries the list"
    other.goto(sample_site.at("my-list/"))
    assert saved_names(other) == ["Example Tuesday Circle", "Example Peer Warmline"]
    expect(other.get_by_role("link", name="My list (2)")).to_be_visible()
    only_the_site(second, sample_site)
    assert not [url for url in first.requests + second.requests if "list=" in url], \
        "the list travels after the #, which browsers never send"


def pdf_pages(page) -> int:
    """Return how many pages the page prints on (US Letter), counted in the PDF Chromium makes of it."""
    page.emulate_media(media="print")
    return len(re.findall(rb"/Type\s*/Page\b", page.pdf(format="Letter")))


def test_the_list_prints_as_a_one_page_pocket_card(sample_site, watched):
    context = watched(viewport=DESKTOP)
    page = context.new_page()
    page.goto(sample_site.at("categories/crisis-line/"))
    for path, name in [("listings/example-crisis-line/", "Example Crisis Line"), (WARMLINE, "Example Peer Warmline"),
                       (CIRCLE, "Example Tuesday Circle"), ("listings/example-library/",
                                                           "Example Public Library <Main>")]:
        save(page, sample_site, path, name)
    page.goto(sample_site.at("my-list/"))
    assert len(saved_names(page)) == 4
    assert pdf_pages(page) == 1
    expect(page.get_by_role("button", name="Print as a pocket card")).to_be_hidden()  # printed: only the list
    expect(page.locator(".pocket-site .qr-code")).to_be_visible()
    expect(page.locator(".pocket-site")).to_contain_text(sample_site.directory.site.base_url)
    only_the_site(context, sample_site)


def test_every_listing_page_prints_on_one_page(sample_site, page):
    for listing in sample_site.directory.listings:
        page.goto(sample_site.at(f"listings/{listing.slug}/"))
        assert pdf_pages(page) == 1, f"{listing.slug} prints on more than one page"
        page.emulate_media(media="screen")


def test_listing_pages_and_the_list_carry_a_qr_code_of_their_address(sample_site, page):
    page.goto(sample_site.at(WARMLINE))
    code = page.locator(".qr svg.qr-code")
    expect(code).to_have_attribute("aria-hidden", "true")
    expect(page.locator(".qr figcaption")).to_contain_text(f"{sample_site.directory.site.base_url}{WARMLINE}")
    box = code.bounding_box()
    assert box and box["width"] >= 100 and abs(box["width"] - box["height"]) < 1, "square and big enough to scan"


def test_without_javascript_no_list_controls_show_and_my_list_explains(sample_site, watched):
    page = watched(viewport=DESKTOP, java_script_enabled=False).new_page()
    page.goto(sample_site.at(WARMLINE))
    expect(page.get_by_role("button", name=re.compile("^Save"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^My list"))).to_have_count(0)
    expect(page.get_by_role("link", name="Call (828) 555-0101, extension 2")).to_be_visible()
    page.goto(sample_site.at("my-list/"))
    expect(page.get_by_text("Keeping a list needs JavaScript")).to_be_visible()
    expect(page.locator("main").get_by_role("button")).to_have_count(0)


def test_a_damaged_stored_list_starts_empty_without_alarm(sample_site, watched):
    context = watched(viewport=DESKTOP)
    page = context.new_page()
    page.goto(sample_site.at("my-list/"))
    page.evaluate("localStorage.setItem('my-list:v1', '{not json')")
    page.reload()
    expect(page.get_by_text("Your list is empty.")).to_be_visible()
    page.evaluate("localStorage.setItem('my-list:v1', JSON.stringify([{slug: '../../evil'}, "
                  "{slug: 'example-peer-warmline', name: 'Example Peer Warmline'}]))")
    page.reload()
    assert saved_names(page) == ["Example Peer Warmline"]
    assert context.errors == []


def test_the_phones_share_sheet_gets_the_names_numbers_and_link_where_the_browser_has_one(sample_site, watched):
    context = watched(viewport=PHONE)
    page = context.new_page()
    save(page, sample_site, WARMLINE, "Example Peer Warmline")
    page.goto(sample_site.at("my-list/"))
    expect(page.get_by_role("button", name="Share…")).to_be_hidden()  # headless Chromium has no share sheet
    page.add_init_script("navigator.share = async (data) => { window.__shared = data; };")
    page.reload()
    page.get_by_role("button", name="Share…").click()
    shared = page.evaluate("window.__shared")
    assert shared["url"] == sample_site.at("my-list/#list=example-peer-warmline")
    assert shared["title"] == "My list from Example Connect"
    assert "Example Peer Warmline\nCall (828) 555-0101, extension 2" in shared["text"]
    only_the_site(context, sample_site)
