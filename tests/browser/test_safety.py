"""Crisis safety: the crisis banner comes first on every page, and the quick exit works with and without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEUTRAL = "https://www.google.com/"
BANNER_TEXT = "If you are struggling or in crisis, help is available."


def stub_neutral_site(context) -> None:
    """Answer the exit link's neutral site locally, so the test never leaves this machine."""
    context.route(NEUTRAL + "**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Neutral</title><h1>Neutral</h1>"))


def test_the_crisis_banner_and_988_come_first_on_every_page_type(site, page):
    crisis = site.directory.site.crisis_line
    for kind, path in site.pages.items():
        page.goto(site.at(path))
        first = page.evaluate("""() => {
            const first = document.body.firstElementChild;
            const tel = document.querySelector("a[href^='tel:']");
            return {text: first.innerText, top: first.getBoundingClientRect().top,
                    telInside: first.contains(tel), tel: tel.getAttribute("href"),
                    sms: first.querySelector("a[href^='sms:']").getAttribute("href")};
        }""")
        assert first["top"] == 0, f"{kind}: the crisis banner must be at the very top of the page"
        assert first["telInside"] and first["tel"] == crisis.phone.href == "tel:988", \
            f"{kind}: the page's first phone link must be the banner's call link to 988"
        if kind.endswith("(es)"):  # its words, press 2 and AYUDA: test_spanish and test_languages
            assert first["sms"].startswith("sms:988?"), f"{kind}: the banner must offer to text 988"
            continue
        assert BANNER_TEXT in first["text"], f"{kind}: the first thing in <body> must be the crisis banner"
        assert first["sms"] == crisis.text.href == "sms:988", f"{kind}: the banner must offer to text 988"
        banner = page.get_by_role("region", name="Crisis help")
        expect(banner.get_by_role("link", name="Call 988")).to_be_visible()
        expect(banner.get_by_role("link", name="Text 988")).to_be_visible()
        expect(banner.get_by_role("link", name="All crisis lines")).to_be_visible()


def test_all_crisis_lines_link_works_from_any_depth(site, page):
    for path in ("", site.pages["listing"], site.pages["404"]):
        page.goto(site.at(path))
        page.get_by_role("link", name="All crisis lines").click()
        expect(page).to_have_url(site.at("categories/crisis-line/"))


def test_the_exit_link_works_without_javascript(site, watched):
    context = watched(java_script_enabled=False)
    stub_neutral_site(context.context)
    page = context.new_page()
    page.goto(site.at(site.pages["listing"]))
    exit_link = page.get_by_role("link", name="Leave this site quickly")
    assert set(exit_link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    expect(page.get_by_text("press Shift 3 times")).to_be_hidden()  # the shortcut needs JavaScript
    exit_link.click()
    expect(page).to_have_url(NEUTRAL)


def test_clicking_exit_leaves_and_back_does_not_return(site, watched):
    context = watched()
    stub_neutral_site(context.context)
    page = context.new_page()
    page.goto(site.url)
    page.goto(site.at(site.pages["listing"]))
    page.get_by_role("link", name="Leave this site quickly").click()
    expect(page).to_have_url(NEUTRAL)
    page.go_back()
    expect(page).to_have_url(site.url)  # the page that was left is gone from history


def test_pressing_shift_three_times_leaves(site, watched):
    context = watched()
    stub_neutral_site(context.context)
    page = context.new_page()
    page.goto(site.url)
    page.goto(site.at(site.pages["guide"]))
    expect(page.get_by_text("press Shift 3 times")).to_be_visible()
    for _ in range(3):
        page.keyboard.press("Shift")
    expect(page).to_have_url(NEUTRAL)
    page.go_back()
    expect(page).to_have_url(site.url)


def test_typing_capital_letters_does_not_leave(site, page):
    page.goto(site.at("search/"))
    page.locator("#q").click()
    for key in "Help For A Veteran":  # Shift goes down for each capital, with other keys between
        page.keyboard.press(f"Shift+{key}" if key.isupper() else key)
    expect(page.locator("#q")).to_have_value("Help For A Veteran")
    page.wait_for_timeout(300)
    assert page.url.startswith(site.url)
