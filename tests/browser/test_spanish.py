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
    # Its search record's phone says how Spanish speakers reach it.
    result = page.locator("[data-results] .card", has=page.locator("a[href$='/988-suicide-and-crisis-lifeline/']"))
    expect(result.locator("a[href^='tel:']").first).to_have_text("Llamar al 988 y marcar el 2")


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


def test_a_spanish_page_without_a_translation_shows_the_english_marked_as_english(sample_site, page):
    page.goto(sample_site.at("es/listings/example-crisis-line/"))  # its summary has no Spanish
    lead = page.locator(".listing-head .lead [lang='en']")
    expect(lead).to_be_visible()
    expect(page.locator(".listing-head .lead .lang-note")).to_have_text("(en inglés)")


def test_hours_in_spanish_use_the_us_12_hour_clock_and_the_article_the_hour_takes(watched, sample_site):
    from .test_hours import CIRCLE, LIBRARY, WARMLINE, local, open_at, status

    nbsp = "\u00a0"
    assert status(watched, sample_site, "es/" + WARMLINE, local(2026, 11, 23, 18, 0)) == (
        f"Abierto ahora, cierra a las 10:00{nbsp}p.m.", "open")
    assert status(watched, sample_site, "es/" + LIBRARY, local(2026, 11, 28, 11, 0))[0] == \
        f"Cerrado, abre el lunes a las 10:00{nbsp}a.m."
    assert status(watched, sample_site, "es/" + CIRCLE, local(2026, 11, 20, 12, 0))[0] == \
        f"Próxima reunión: el jueves, 26 de noviembre, a las 6:30{nbsp}p.m."
    # One o'clock takes "la": la 1:00 p.m., las 2:00 p.m.
    context, page = open_at(watched, sample_site.at("es/" + WARMLINE), local(2026, 11, 23, 11, 0))
    text = page.evaluate("""async () => {
        const { describe } = await import(new URL("../../../assets/hours.js", location.href).href);
        const hours = { time_zone: "America/New_York", schedules: [{ days: ["mon"], opens: "09:00", closes: "13:00" }] };
        return describe(hours, Date.now(), "America/New_York").text;
    }""")
    assert text == f"Abierto ahora, cierra a la 1:00{nbsp}p.m."
    # The page's own words, without JavaScript, are written the same way by the build.
    context, page = open_at(watched, sample_site.at("es/" + WARMLINE), local(2026, 11, 23, 18, 0),
                            java_script_enabled=False)
    assert f"De lunes a viernes, de 5:00{nbsp}p.m. a 10:00{nbsp}p.m." in page.locator("main").inner_text()


def test_the_language_switch_is_a_link_beside_the_menu_not_a_bulleted_list(site, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(site.at("listings/nc-peer-warmline/"))
    switch = page.locator(".language-switch")
    assert switch.locator("li").evaluate("item => getComputedStyle(item).listStyleType") == "none", "no bullet"
    assert switch.evaluate("list => getComputedStyle(list).paddingLeft") == "0px", "no indent"
    link = switch.get_by_role("link", name="Español")
    assert link.bounding_box()["height"] >= 44, "a tap target of at least 44 px"
    assert link.get_attribute("lang") == "es" and link.get_attribute("hreflang") == "es"


def test_spanish_search_results_say_where_help_is_in_english_as_the_pages_cards_do(site, page):
    open_search(page, site, "NAMI")
    cards = page.locator("[data-results] .card")
    english = cards.filter(has=page.locator("a[href$='/listings/nami-support-groups/']"))
    both = cards.filter(has=page.locator("a[href$='/listings/nami-western-carolina/']"))
    expect(english.locator(".card-language")).to_have_text("Atención en inglés")
    expect(both.locator(".card-language")).to_have_count(0)  # its languages include Spanish
    expect(both.locator(".card-meta")).to_be_visible()
