"""Privacy, security and weight: nothing leaves the site, nothing is stored, the CSP holds, pages stay small,
and search engines and link previews get what they need."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from ..conftest import visitor_pages

pytestmark = pytest.mark.browser

# Bytes of HTML + CSS + JS per page, before compression; the Pagefind bundle is not counted. 50 KB until hours.js
# (6.8 KB, about 2.5 KB compressed) came to every page with hours: the list of every listing weighs about 54 KB.
BUDGET = 64 * 1024
# The search page carries the search app, and since "Sort by distance" and "Save" on each result it weighs
# about 61 KB; it was 23 bytes under the budget before them. Its own limit, so no other page can grow unnoticed.
# Then about 8 KB more (3 KB compressed) for search that understands people in both languages: every language's
# crisis phrases with the grammar they are read by, 3.9 KB more in the page (a Spanish speaker may search the
# English page); "Did you mean" in search.js, 2.6 KB; the crisis help under the search field in site.css, 1.3 KB:
# about 80.5 KB. The modules search.js imports (crisis.js, words.js) are not counted here, as before; suggest.js
# and the vocabulary load only when a search has a word the index does not hold. Then the language link on the
# name's line, and results that say where help is in English only: 82.2 KB.
SEARCH_BUDGET = 83 * 1024
# The search page in another language carries a little more: the words hours.js shows (the default language's are
# in the script) and Spanish's longer words: about 82 KB; since Spanish has guides and an about page, their filter
# and menu link too, and the crisis line's links say press 2 and AYUDA in its help and footer. Its own limit, so
# the default language's page keeps the one above. 84.1 KB with the changes named above.
SEARCH_BUDGET_TRANSLATED = 85 * 1024
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'")


def visit_everything(site, page) -> None:
    """Open every page type, run a search with a filter (which loads Pagefind), and open a result."""
    for path in site.pages.values():
        page.goto(site.at(path))
    page.goto(site.at("search/#q=crisis&reach=Text"))
    expect(page.locator("[data-status]")).to_contain_text("result")
    page.locator("[data-results] .card-title a").first.click()
    page.wait_for_load_state()


def test_no_request_leaves_the_site_and_nothing_is_stored(site, watched):
    context = watched(viewport={"width": 1280, "height": 800}, service_workers="allow")
    page = context.new_page()
    visit_everything(site, page)
    elsewhere = sorted({url for url in context.requests if urlsplit(url).netloc != site.host})
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    assert context.context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_no_console_errors_and_no_csp_violations(site, watched):
    context = watched(viewport={"width": 1280, "height": 800}, service_workers="allow")
    page = context.new_page()
    violations = []
    for kind, path in site.pages.items():
        page.goto(site.at(path))
        if kind == "search":
            expect(page.locator("[data-status]")).to_contain_text("result")
        violations += page.evaluate("window.__cspViolations")
    # The 404 page is served with status 404, which Chromium reports as a failed load; that one is expected.
    errors = [e for e in context.errors if "status of 404" not in e]
    assert not errors
    assert not violations


def test_every_page_carries_the_csp_and_no_inline_code_or_styles(site):
    for path in visitor_pages(site.folder):
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(site.folder)
        assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html, name
        assert '<meta name="referrer" content="no-referrer">' in html, name
        assert "unsafe-inline" not in html, name
        assert not re.search(r"\sstyle=|<style", html), f"{name}: inline styles are blocked by the CSP"
        scripts = re.findall(r"<script\b([^>]*)>", html)
        for attributes in scripts:
            assert "src=" in attributes or re.search(r'type="application/(?:ld\+)?json"', attributes), \
                f"{name}: inline script"
            if "src=" in attributes:
                assert " defer" in attributes or 'type="module"' in attributes, f"{name}: render-blocking script"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.external: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and re.match(r"https?://", attrs.get("href") or ""):
            self.external.append((attrs["href"], attrs.get("rel") or ""))


def test_links_to_other_sites_share_nothing(site):
    for path in visitor_pages(site.folder):
        links = Links()
        links.feed(path.read_text(encoding="utf-8"))
        for href, rel in links.external:
            if href.startswith(site.url):
                continue
            assert {"noopener", "noreferrer"} <= set(rel.split()), f"{path.relative_to(site.folder)}: {href}"


WEIGH = """() => {
    const own = (url) => !url.includes("/pagefind/");
    const wanted = [...document.querySelectorAll("link[rel=stylesheet], script[src]")].map(e => e.href || e.src).filter(own);
    const loaded = performance.getEntriesByType("resource").filter(e => wanted.includes(e.name));
    return {html: performance.getEntriesByType("navigation")[0].decodedBodySize, wanted: wanted.length,
            assets: loaded.map(e => e.decodedBodySize)};
}"""


def test_each_page_type_weighs_under_50_kb(site, watched):
    context = watched(viewport={"width": 1280, "height": 800}, service_workers="allow")
    page = context.new_page()
    devtools = context.context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})  # every page pays for its own CSS and JS
    sizes = {}
    for kind, path in {**site.pages, "search": "search/"}.items():
        page.goto(site.at(path))  # waits for the load event: every stylesheet and script has arrived
        weight = page.evaluate(WEIGH)
        assert len(weight["assets"]) == weight["wanted"] and all(weight["assets"]), f"{kind}: {weight}"
        sizes[kind] = weight["html"] + sum(weight["assets"])
    limits = {"search": SEARCH_BUDGET, "search (es)": SEARCH_BUDGET_TRANSLATED}
    heavy = {kind: size for kind, size in sizes.items() if size >= limits.get(kind, BUDGET)}
    assert not heavy, f"pages over their limit ({BUDGET} bytes, search pages {limits}) with their CSS and JS: {heavy}"


def test_search_engines_and_link_previews_get_what_they_need(site, page):
    for kind, path in site.pages.items():
        if kind == "404":
            continue
        page.goto(site.at(path))
        head = page.evaluate("""() => {
            const meta = (selector) => document.querySelector(selector)?.getAttribute("content") || "";
            return {title: document.title, description: meta("meta[name=description]"),
                    canonical: document.querySelector("link[rel=canonical]")?.href,
                    ogTitle: meta("meta[property='og:title']"), ogUrl: meta("meta[property='og:url']")};
        }""")
        plain = path.split("#")[0]
        assert head["title"] and head["description"] and head["ogTitle"], kind
        assert head["canonical"] == head["ogUrl"] == site.at(plain), kind


def test_listing_pages_describe_the_service_to_search_engines(site, page):
    listing = next(x for x in site.directory.listings if x.slug == site.directory.site.crisis_line.listing)
    page.goto(site.at(f"listings/{listing.slug}/"))
    data = json.loads(page.locator("script[type='application/ld+json']").text_content())
    assert data["name"] == listing.name
    assert data["url"] == site.at(f"listings/{listing.slug}/")


def test_sitemap_and_robots(site):
    sitemap = (site.folder / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert site.url in urls and site.at("search/") in urls
    assert all(site.at(f"listings/{x.slug}/") in urls for x in site.directory.listings)
    assert all(u.startswith(site.url) for u in urls), "every address in the sitemap is on the site"
    paths = [u.removeprefix(site.url) for u in urls]  # the port may contain "404": look at the page's own path only
    assert not [p for p in paths if "needs-checking" in p or "404" in p], "noindex pages stay out of the sitemap"
    robots = (site.folder / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site.url}sitemap.xml" in robots


def test_needs_checking_page_is_hidden_from_search_and_nav(site, page):
    page.goto(site.at("needs-checking/"))
    expect(page.locator("meta[name=robots]")).to_have_attribute("content", "noindex")
    assert "data-pagefind-body" not in (site.folder / "needs-checking" / "index.html").read_text(encoding="utf-8")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile("check", re.I))).to_have_count(0)
    names = page.locator("tbody tr td:first-child a").all_inner_texts()
    oldest_first = sorted(site.directory.listings, key=lambda x: (x.verified.by != "sources", x.verified.date,
                                                                  x.name.casefold()))
    assert names == [x.name for x in oldest_first], "every listing is on the page, the oldest check first"
