"""The offline crisis kit: after one visit the home page, the crisis lines, /my-list/ and the pages opened still
open with the network cut, any other page shows the offline page with 988; a new build replaces what was kept."""

from __future__ import annotations

import shutil
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import PHONE, PROJECT, build_site

pytestmark = pytest.mark.browser

WARMLINE = "listings/example-peer-warmline/"


def visit_online(context, site):
    """Open the home page, wait until the service worker controls it, save the warmline from its page."""
    page = context.new_page()
    page.goto(site.at(""))
    wait_until(page, "() => navigator.serviceWorker.controller !== null")
    page.goto(site.at(WARMLINE))
    page.get_by_role("button", name="Save Example Peer Warmline").click()
    kept(page, site.at(WARMLINE))
    return page


def kept(page, url: str) -> None:
    """Wait until the service worker has kept a copy of url."""
    wait_until(page, "async (url) => Boolean(await caches.match(url))", url)


def wait_until(page, function: str, arg=None, seconds: float = 15) -> None:
    """Wait until a function in the page returns true. (wait_for_function evaluates a string, which the CSP
    forbids; page.evaluate goes through DevTools, which the CSP lets be.)"""
    deadline = time.monotonic() + seconds
    while not page.evaluate(function, arg):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {function}"
        page.wait_for_timeout(100)


def test_with_the_network_cut_kept_pages_open_and_others_show_the_offline_page(sample_site, watched):
    context = watched(viewport=PHONE, service_workers="allow")
    page = visit_online(context, sample_site)
    context.context.set_offline(True)

    page.goto(sample_site.at(""))
    expect(page.get_by_role("heading", level=1)).to_have_text("Find support in Example County")
    page.goto(sample_site.at(WARMLINE))
    expect(page.get_by_role("heading", level=1)).to_have_text("Example Peer Warmline")
    page.goto(sample_site.at("categories/crisis-line/"))  # never opened, kept from the start
    expect(page.get_by_role("heading", level=1)).to_have_text("Crisis lines")
    page.goto(sample_site.at("my-list/"))
    expect(page.locator("[data-saved] .saved-name")).to_have_text(["Example Peer Warmline"])
    expect(page.get_by_role("link", name="Call (828) 555-0101, extension 2")).to_be_visible()

    page.goto(sample_site.at("guides/reaching-out/"))  # never opened: the offline page, at the page's address
    assert page.url == sample_site.at("guides/reaching-out/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    expect(page.get_by_role("link", name="988").first).to_be_visible()
    expect(page.locator("[data-saved] .saved-name")).to_have_text(["Example Peer Warmline"])
    expect(page.locator("link[rel=stylesheet]").first).to_have_attribute("href", "/sample/assets/site.css")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)", "styled"

    assert {urlsplit(url).netloc for url in context.requests} == {sample_site.host}
    assert context.errors == []


def test_search_offline_answers_what_was_loaded_and_says_when_it_cannot(sample_site, watched):
    context = watched(viewport=PHONE, service_workers="allow")
    page = visit_online(context, sample_site)
    page.goto(sample_site.at("search/"))  # the index is loaded on the first search only: none of it is kept yet
    context.context.set_offline(True)
    page.fill("#q", "warmline")
    page.press("#q", "Enter")
    expect(page.locator("[data-status]")).to_have_text(
        "This device is offline, and this search needs parts of the index it has not loaded before. "
        "Searches made here before, and the pages you opened, still work.")

    context.context.set_offline(False)
    page.goto(sample_site.at("search/#q=warmline"))
    page.reload()  # a fresh page, so the index is loaded (and kept) again
    expect(page.locator("[data-results] .card-title").first).to_have_text("Example Peer Warmline")
    context.context.set_offline(True)
    page.reload()
    expect(page.locator("[data-results] .card-title").first).to_have_text("Example Peer Warmline")
    assert {urlsplit(url).netloc for url in context.requests} == {sample_site.host}


def test_did_you_mean_works_offline_from_the_vocabulary_kept_when_it_was_first_needed(sample_site, watched):
    """The vocabulary is loaded only for a word the index does not hold, from the site itself, and kept like the
    index: the same search offers the same suggestion with the network cut."""
    context = watched(viewport=PHONE, service_workers="allow")
    page = visit_online(context, sample_site)
    page.goto(sample_site.at("search/"))
    page.fill("#q", "warmline")
    page.press("#q", "Enter")
    expect(page.locator("[data-status]")).to_contain_text("warmline")
    vocabulary = sample_site.at("search/vocabulary.txt")
    assert vocabulary not in context.requests, "a search with known words never loads the vocabulary"
    found = []
    for offline in (False, True):  # what was searched online is there offline, as for the index
        context.context.set_offline(offline)
        page.goto(sample_site.at("search/#q=lonley"))
        page.reload()  # a fresh page: its scripts and the vocabulary come from what the service worker kept
        suggestion = page.locator("[data-status]").get_by_role("link", name="lonely", exact=True)
        expect(suggestion).to_be_visible()
        suggestion.click()
        expect(page.locator("[data-status]")).to_contain_text("results for “lonely”")
        found.append(page.locator("[data-results] .card-title").all_inner_texts())
        kept(page, vocabulary)
    assert found[0] and found[0] == found[1]
    assert {urlsplit(url).netloc for url in context.requests} == {sample_site.host}


def test_a_new_build_replaces_kept_pages_so_a_saved_listing_never_shows_an_old_number(server_root, watched, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PROJECT / "tests" / "golden" / "sample" / "content", content)
    root, port = server_root
    site = build_site(content, root, port, "deploy")
    before = (site.folder / "sw.js").read_text(encoding="utf-8")

    context = watched(viewport=PHONE, service_workers="allow")
    page = visit_online(context, site)
    page.goto(site.at("my-list/"))
    expect(page.get_by_role("link", name="Call (828) 555-0101, extension 2")).to_be_visible()

    listing = content / "listings" / "example-peer-warmline.yaml"
    listing.write_text(listing.read_text(encoding="utf-8").replace("+1 828 555 0101", "+1 828 555 0109"),
                       encoding="utf-8")
    site = build_site(content, root, port, "deploy")  # the deploy
    assert (site.folder / "sw.js").read_text(encoding="utf-8") != before, "the worker changes with the build"

    page.goto(site.at(""))  # online again: the browser sees the new worker, which fetches the kept pages again
    wait_until(page, "async () => (await caches.keys()).length === 1")  # the old build's copies are gone
    wait_until(page, """async (url) => {
        const kept = await caches.match(url);
        return Boolean(kept) && (await kept.text()).includes("555-0109");
    }""", site.at(WARMLINE))
    context.context.set_offline(True)
    page.goto(site.at("my-list/"))
    expect(page.get_by_role("link", name="Call (828) 555-0109, extension 2")).to_be_visible()
    page.goto(site.at(WARMLINE))
    expect(page.get_by_text("555-0101")).to_have_count(0)
