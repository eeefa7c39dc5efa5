"""The Spanish site in a browser: the language switch, search in Spanish, crisis words in Spanish, its filters."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STATUS = "[data-status]"
CRISIS_BOX = "[data-search] [data-crisis-box]"


def open_search(page, site, query: str) -> None:
    page.goto(site.at("es/search/#" + urlencode({"q": query})))
    expect(page.locator(STATUS)).to_contain_text("resultado")


def slugs(page) -> list[str]:
    hrefs = page.locator("[data-results] .card-title a").evaluate_all("links => links.map(a => a.pathname)")
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def test_the_language_switch_lands_on_the_same_page_and_back(site, page):
    name = next(x.name for x in site.directory.listings if x.slug == "nc-peer-warmline")
    page.goto(site.at("listings/nc-peer-warmline/"))
    page.get_by_role("link", name="Español").click()
    expect(page).to_have_url(site.at("es/listings/nc-peer-warmline/"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("h1")).to_have_text(name)  # names are never translated
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(site.at("listings/nc-peer-warmline/"))


def test_a_spanish_search_finds_spanish_words_with_their_other_endings(site, page):
    # The 988 summary says "consejero"; Pagefind's Spanish stemming finds it from "consejeros".
    open_search(page, site, "consejeros")
    assert "988-suicide-and-crisis-lifeline" in slugs(page)[:5]
    expect(page.locator(STATUS)).to_contain_text("para “consejeros”")
    result = page.locator("[data-results] .card").first
    expect(result.locator("a[href^='tel:'], a[href^='sms:']").first).to_contain_text("Llamar")


def test_crisis_words_in_spanish_show_988_first_with_press_2_and_ayuda(site, page):
    open_search(page, site, "ya no quiero vivir")
    box = page.locator(CRISIS_BOX)
    expect(box).to_be_visible()
    expect(box.get_by_role("link", name="Llamar al 988 y marcar el 2")).to_have_attribute("href", "tel:988")
    expect(box.get_by_role("link", name="Enviar AYUDA por mensaje de texto al 988")).to_have_attribute(
        "href", "sms:988?&body=AYUDA")
    assert slugs(page)[0] == site.directory.site.crisis_line.listing
    open_search(page, site, "biblioteca")
    expect(box).to_be_hidden()


def test_the_spanish_speakers_filter_finds_the_services_in_spanish(site, page):
    page.goto(site.at("es/search/"))
    page.locator("summary", has_text="Para quién es").click()  # beside the results, the filters start open
    page.get_by_label("Hispanohablantes").check()
    expect(page.locator(STATUS)).to_contain_text("con 1 filtro")
    spanish = {x.slug for x in site.directory.listings if "Spanish speakers" in x.audience}
    assert spanish and set(slugs(page)) == spanish


def test_a_spanish_page_without_a_translation_shows_the_english_marked_as_english(site, page):
    page.goto(site.at("es/listings/pack-memorial-library/"))
    lead = page.locator(".listing-head .lead [lang='en']")
    expect(lead).to_be_visible()
    expect(page.locator(".listing-head .lead .lang-note")).to_have_text("(en inglés)")
