"""Accessibility: axe-core finds nothing on any page type, at desktop and phone widths, light and dark;
pages reflow at 320 px and at 200% zoom; keyboard users can skip to the content and see where they are."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, run_axe

pytestmark = pytest.mark.browser


def settle(page) -> None:
    """Wait until colour transitions (started by switching to dark) have finished, so axe sees the final colours."""
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")


# Only colours change between light and dark, so dark mode is checked with the rules about colour.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_violations_on_any_page_type_in_light_and_dark(site, sample_site, watched, axe_source, viewport):
    page = watched(viewport=viewport).new_page()
    found = {}
    pages = [(kind, site.at(path)) for kind, path in site.pages.items()]
    pages.append(("listing not checked for a year (fixture)", sample_site.at("listings/example-peer-warmline/")))
    pages.append(("search with filters open", site.at("search/?category=Crisis+lines&hours=Open+24%2F7")))
    for kind, url in pages:
        page.emulate_media(color_scheme="light")
        page.goto(url)
        if "search" in kind:
            expect(page.locator("[data-status]")).to_contain_text("result")
        light = run_axe(page, axe_source)
        page.emulate_media(color_scheme="dark")
        settle(page)
        dark = run_axe(page, axe_source, COLOUR_RULES)
        if light or dark:
            found[kind] = {"light": light, "dark": dark}
    assert not found, found


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, {"width": 640, "height": 400}],
                         ids=["320px", "1280px at 200% zoom"])
def test_no_page_scrolls_sideways(site, watched, viewport):
    page = watched(viewport=viewport).new_page()
    wide = {}
    for kind, path in site.pages.items():
        page.goto(site.at(path))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            wide[kind] = width
    assert not wide, f"pages wider than {viewport['width']} px: {wide}"


def test_the_first_tab_reaches_a_skip_link_that_moves_to_the_content(site, page):
    page.goto(site.at(site.pages["listing"]))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["width"] > 100 and box["height"] >= 24, "the focused skip link must be visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), "the next Tab must stay in the content"


def test_every_page_has_one_main_one_h1_and_named_landmarks(site, page):
    for kind, path in site.pages.items():
        page.goto(site.at(path))
        counts = page.evaluate("""() => ({
            main: document.querySelectorAll("main").length,
            h1: document.querySelectorAll("h1").length,
            banner: document.querySelectorAll("body > header").length,
            footer: document.querySelectorAll("body > footer").length,
            nav: document.querySelectorAll("nav.main-nav[aria-label]").length,  // named in the page's language
        })""")
        assert counts == {"main": 1, "h1": 1, "banner": 1, "footer": 1, "nav": 1}, kind


def test_focus_is_clearly_visible(site, page):
    page.goto(site.at(site.pages["listing"]))
    for selector in ("main a.action", "#header-q", "header button"):
        element = page.locator(selector).first
        before = element.evaluate("e => { const s = getComputedStyle(e); return [s.boxShadow, s.backgroundColor]; }")
        element.focus()
        page.keyboard.press("Shift+Tab")  # focus by keyboard, so :focus-visible applies
        page.keyboard.press("Tab")
        expect(element).to_be_focused()
        after = element.evaluate("e => { const s = getComputedStyle(e); return [s.boxShadow, s.backgroundColor]; }")
        assert after != before and after[0] != "none", f"{selector}: focus changes nothing visible"


@pytest.mark.parametrize("motion, smooth", [("reduce", False), ("no-preference", True)])
def test_reduced_motion_is_respected(site, watched, motion, smooth):
    page = watched(viewport=DESKTOP, reduced_motion=motion).new_page()
    page.goto(site.at(site.pages["browse"]))
    style = page.evaluate("""() => ({
        scroll: getComputedStyle(document.documentElement).scrollBehavior,
        transition: getComputedStyle(document.querySelector("main a")).transitionDuration,
        animations: document.getAnimations().length,
    })""")
    assert (style["scroll"] == "smooth") is smooth
    assert (style["transition"] != "0s") is smooth
    assert style["animations"] == 0


def test_tap_targets_on_a_phone_are_large(site, watched):
    page = watched(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    page.goto(site.at(site.pages["listing"]))
    small = page.evaluate("""() => [...document.querySelectorAll(".crisis a:not(.skip), .action, button, input")]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.trim() || e.id, e.getBoundingClientRect().height])
        .filter(([, height]) => height < 44)""")
    assert not small, f"controls shorter than 44 px on a phone: {small}"
