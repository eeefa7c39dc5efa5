"""Trust: each listing says how it was checked, shows temporary changes and its status, and cannot publish
numbers or characters that are not real."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from pathlib import Path

import pytest

import sitegen

from .test_load import VALID, listing

NOTICE = "Meetings are paused until the new room is ready; call first."


def build(content: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=content, site_dir=site))
    return site


def text_of(path: Path) -> str:
    """Return a page's words without its tags, as one line."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def page(site: Path, url: str) -> str:
    return text_of(site / url / "index.html")


def test_a_notice_shows_on_the_listing_its_cards_and_in_its_search_record(make_project, tmp_path):
    content = make_project({"listings/test-line.yaml": VALID + f"notice: {NOTICE}\nnotice_until: \"2027-01-31\"\n"})
    site = build(content, tmp_path)
    assert f"Please note: {NOTICE} (until January 31, 2027)" in page(site, "listings/test-line")
    for cards in ("categories/warmline", "listings"):
        assert f"Please note: {NOTICE}" in page(site, cards)
    html = (site / "listings" / "test-line" / "index.html").read_text(encoding="utf-8")
    assert f'<span data-pagefind-meta="notice">{NOTICE}</span>' in html  # what search results show


def test_a_notice_past_its_date_is_a_warning_and_no_longer_shown(make_project, problems_in, tmp_path):
    files = listing(f"notice: {NOTICE}\nnotice_until: \"2026-11-25\"\n")  # today is 2026-11-26 for fixtures
    assert problems_in(files, warnings=True)[-1] == (
        "content/listings/test-line.yaml:11:15: warning: notice_until: the notice ended on 2026-11-25 and is no "
        "longer shown; remove it, or give it a later date if it still holds")
    assert problems_in(files, strict=True) != []
    site = build(make_project(files), tmp_path)
    assert NOTICE not in page(site, "listings/test-line") + page(site, "categories/warmline")


def test_a_notice_date_needs_a_notice_and_a_notice_is_short(problems_in):
    assert problems_in(listing('notice_until: "2027-01-31"\n')) == [
        "content/listings/test-line.yaml:10:1: notice_until: needs notice too; add it, or remove this line"]
    assert problems_in(listing("notice: " + "Closed. " * 40 + "\n")) == [
        "content/listings/test-line.yaml:10:9: notice: expected at most 300 characters, found 319"]


def test_a_temporarily_closed_listing_says_so_first(make_project, tmp_path):
    site = build(make_project(listing("status: temporarily-closed\n")), tmp_path)
    html = (site / "listings" / "test-line" / "index.html").read_text(encoding="utf-8")
    assert html.index("Temporarily closed") < html.index("<h1")
    assert "Temporarily closed Example Test Line" in page(site, "categories/warmline")
    assert "Temporarily closed" not in page(site, "listings/example-peer-warmline")


def test_an_inactive_listing_stays_in_the_repository_but_is_not_published(make_project, tmp_path):
    site = build(make_project(listing("status: inactive\n")), tmp_path)
    assert not (site / "listings" / "test-line").exists()
    everything = " ".join(path.read_text(encoding="utf-8") for path in site.rglob("*.html"))
    assert "Example Test Line" not in everything
    assert "test-line" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_nothing_may_link_to_an_inactive_listing(problems_in):
    linking = VALID.replace("name: Example Test Line", "name: Example Other Line").replace(
        "open in the evening.", "open in the evening.\ndescription: Or try [the test line](/listings/test-line/).")
    assert problems_in({**listing("status: inactive\n"), "listings/other-line.yaml": linking}) == [
        "content/listings/other-line.yaml:4:37: description: the link /listings/test-line/ goes to an inactive "
        "listing, which is not published; remove the link, or make the listing active"]
    guide = "---\ntitle: A guide\nsummary: A fictional guide.\ntags: [loneliness]\nreviewed: \"2026-11-01\"\n---\nCall [them](/listings/test-line/).\n"
    found = problems_in({**listing("status: inactive\n"), "guides/a-guide.md": guide})
    assert [line.split(": ", 1)[0] for line in found] == ["content/guides/a-guide.md:7:13"]


def test_the_crisis_line_cannot_be_inactive(problems_in):
    crisis = Path(__file__).parents[1] / "golden" / "sample" / "content" / "listings" / "example-crisis-line.yaml"
    found = problems_in({"listings/example-crisis-line.yaml": crisis.read_text(encoding="utf-8") + "status: inactive\n"})
    assert "content/site.yaml:13:12: crisis_line.listing: expected a listing that is published, but its status is " \
        "inactive, found 'example-crisis-line'" in found


@pytest.mark.parametrize(("by", "words"), [
    ("sources", "Details taken from public sources on November 1, 2026."),
    ("phone", "Confirmed with the service by phone on November 1, 2026."),
    ("provider", "Confirmed by the service itself on November 1, 2026."),
])
def test_each_listing_says_how_it_was_checked_and_claims_no_more(make_project, tmp_path, by, words):
    site = build(make_project(listing(text=VALID.replace("by: sources", f"by: {by}"))), tmp_path)
    assert words in page(site, "listings/test-line")
    assert "verified" not in page(site, "listings/test-line").lower()


def test_sources_are_needed_only_for_details_read_from_sources(problems_in):
    without_source = VALID.split("source:")[0]
    assert problems_in(listing(text=without_source.replace("by: sources", "by: phone"))) == []
    assert problems_in(listing(text=without_source)) == [
        "content/listings/test-line.yaml:1:1: source: expected a list of the web pages the details were read "
        "from, as verified.by is sources, found nothing"]


def test_the_listings_never_confirmed_come_first_on_the_checking_page(make_project, tmp_path):
    called = VALID.replace("Example Test Line", "Example Called Line").replace(
        '{date: "2026-11-01", by: sources}', '{date: "2023-05-01", by: phone}')
    site = build(make_project({**listing(), "listings/called-line.yaml": called}), tmp_path)
    table = page(site, "needs-checking").partition("Details read or confirmed")[2]
    order = sorted(("Example Test Line", "Example Peer Warmline", "Example Called Line"), key=table.index)
    # Read from sources: the oldest first; then the one a volunteer called, though it was checked longest ago.
    assert order == ["Example Peer Warmline", "Example Test Line", "Example Called Line"]


@pytest.mark.parametrize(("number", "kind"), [("1234", "voice"), ("12345", "voice"), ("1234", "text"),
                                              ("555", "voice")])
def test_short_numbers_that_reach_no_one_are_refused(problems_in, number, kind):
    text = VALID.replace('  - number: "+1 828 555 0102"', f'  - number: "{number}"\n    type: {kind}')
    expected = "a text code of 5 or 6 digits like 741741" if kind == "text" else "a short number US has, like 988 or 211"
    assert problems_in(listing(text=text)) == [
        f"content/listings/test-line.yaml:5:13: phones[0].number: expected a phone number like +1 828 555 0100, "
        f"or {expected}, found '{number}'"]


@pytest.mark.parametrize(("number", "kind"), [("988", "voice"), ("211", "voice"), ("711", "voice"),
                                              ("741741", "text"), ("62640", "text"), ("988", "text")])
def test_real_short_numbers_and_text_codes_are_accepted(problems_in, number, kind):
    text = VALID.replace('  - number: "+1 828 555 0102"', f'  - number: "{number}"\n    type: {kind}')
    assert problems_in(listing(text=text)) == []


def test_control_characters_are_refused_where_they_are(problems_in):
    raw = VALID.replace("open in the evening.", "open in the\x0bevening.")
    escaped = VALID + 'description: "Call\\x07 us"\n'
    assert problems_in({"listings/raw-line.yaml": raw, "listings/test-line.yaml": escaped}) == [
        "content/listings/raw-line.yaml:3:57: summary: contains the control character U+000B, which cannot be "
        "seen or printed; remove it",
        "content/listings/test-line.yaml:10:1: description: contains the control character U+0007, which cannot "
        "be seen or printed; remove it"]


def test_control_characters_in_guides_are_refused_where_they_are(problems_in):
    guide = "---\ntitle: A\x7f guide\nsummary: A fictional guide.\nreviewed: \"2026-11-01\"\n---\nCall\x1b us.\n"
    assert problems_in({"guides/a-guide.md": guide}) == [
        "content/guides/a-guide.md:2:9: title: contains the control character U+007F, which cannot be seen or "
        "printed; remove it",
        "content/guides/a-guide.md:6:5: contains the control character U+001B, which cannot be seen or printed; "
        "remove it"]


UNSURE = ('schedules:\n  - days: [mon, tue, wed, thu, fri]\n    opens: "13:00"\n    closes: "21:00"\n'
          'hours_unconfirmed: true\n')


def test_hours_the_sources_disagree_on_are_shown_as_not_confirmed_and_never_as_open_now(make_project, tmp_path):
    """Never tell someone a line is open when it may not be: no open-now, no Open 24/7, no calendar."""
    site = build(make_project(listing(text=VALID + UNSURE)), tmp_path)
    words = page(site, "listings/test-line")
    assert "Hours not confirmed: Monday to Friday, 1 PM to 9 PM (Eastern time)" in words
    assert "These hours are not confirmed: our sources disagree, or may be out of date." in words
    assert "Hours not confirmed: Monday to Friday" in page(site, "categories/warmline")
    for url, words in (("listings/test-line", "Hours not confirmed"), ("es/listings/test-line", "Horario sin "
                       "confirmar"), ("categories/warmline", "Hours not confirmed")):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        mine = html if "listings/" in url else html[html.index('translate="no">Example Test Line'):][:1500]
        assert "data-hours=" not in mine and 'data-pagefind-filter="has_hours"' not in mine
        assert 'data-pagefind-meta="hours"' not in mine and words in mine
    assert not list(site.rglob("test-line*.ics")) and "calendar" not in words.lower()
    always = VALID + "schedules:\n  - open_24_7: true\nhours_unconfirmed: true\n"
    site = build(make_project(listing(text=always)), tmp_path / "always")
    assert "Open 24/7" not in page(site, "listings/test-line")
    assert "Hours not confirmed: Open 24 hours, every day" in page(site, "listings/test-line")


def test_hours_unconfirmed_needs_hours(problems_in):
    assert problems_in(listing("hours_unconfirmed: true\n")) == [
        "content/listings/test-line.yaml:10:1: hours_unconfirmed: needs schedules too; add it, or remove this line"]


# Words that claim a check nobody made, in both languages. Every listing's details were read from public pages
# (verified.by: sources) until someone calls: pages may say "read" or "confirmed", never more than was done.
OVER_CLAIMS = (
    "verified", "verificad", "verificó", "we checked", "last checked", "checked by volunteers", "volunteers' checking",
    "not checked since", "instead of guessing", "does not track you",
    "se revisaron por última vez", "sin revisar desde", "revisados por voluntarios", "no lo rastrea",
)
HOST = {"en": "Its pages are served by GitHub Pages, which may keep visitors' IP addresses in its logs",
        "es": "Sus páginas las sirve GitHub Pages, que puede guardar en sus registros las direcciones IP"}


def words_of(html: str) -> str:
    """Return what a visitor reads on a page: no scripts, no tags, no <code> (a YAML key like verified is code)."""
    html = re.sub(r"<(script|style|code)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(scope="module")
def bundled_site(bundled_content, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("bundled") / "site"
    sitegen.build(sitegen.Config(content_dir=bundled_content, site_dir=site, today=dt.date.today()))
    return site


@pytest.mark.parametrize("which", ["sample", "bundled"])
def test_no_page_or_export_claims_a_check_that_was_not_made(which, request, make_project, tmp_path):
    site = build(make_project(), tmp_path) if which == "sample" else request.getfixturevalue("bundled_site")
    pages = sorted(site.rglob("*.html"))
    assert len([p for p in pages if p.parts[-3:-2] == ("es",) or "/es/" in p.as_posix()]) > 10
    found = [f"{page.relative_to(site)}: {claim!r}" for page in pages
             for claim in OVER_CLAIMS if claim in words_of(page.read_text(encoding="utf-8")).casefold()]
    assert found == [], "\n".join(found)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if '<footer class="footer">' in html:
            language = "es" if "/es/" in f"/{page.relative_to(site).as_posix()}" else "en"
            assert HOST[language] in unescape(html), f"{page.relative_to(site)} does not say who serves it"
    for path in (site / "hsds" / "services").glob("*.json"):
        service = json.loads(path.read_text(encoding="utf-8"))
        assert ("assured_date" in service) == (service["x_details_by"] != "sources"), path.name
        assert "verified" not in json.dumps(service).casefold(), path.name


@pytest.mark.parametrize(("line", "words", "link"), [
    ("host: {name: Netlify, privacy_policy: https://www.netlify.com/privacy/}\n",
     "Its pages are served by Netlify, which may keep visitors' IP addresses in its logs: see what Netlify keeps.",
     '<a href="https://www.netlify.com/privacy/" rel="noopener noreferrer">what Netlify keeps</a>'),
    ("host: {name: Example Hosting Co-op}\n",
     "Its pages are served by Example Hosting Co-op, which may keep visitors' IP addresses in its logs.", None),
])
def test_a_site_on_another_host_names_it_in_one_line(make_project, tmp_path, line, words, link):
    sample = (Path(__file__).parents[1] / "golden" / "sample" / "content" / "site.yaml").read_text(encoding="utf-8")
    site = build(make_project({"site.yaml": sample + line}), tmp_path)
    for url in ("", "listings/example-crisis-line"):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        assert words in unescape(text_of(site / url / "index.html")).replace(" .", ".")
        assert "GitHub Pages" not in html and (link is None or link in html)
    assert "Sus páginas las sirve Example Hosting Co-op" in unescape(text_of(site / "es" / "index.html")) or link


def test_a_bad_host_says_what_is_expected(problems_in):
    sample = (Path(__file__).parents[1] / "golden" / "sample" / "content" / "site.yaml").read_text(encoding="utf-8")
    assert problems_in({"site.yaml": sample + "host: {name: Netlify, privacy_policy: netlify.com/privacy}\n"}) == [
        "content/site.yaml:25:39: host.privacy_policy: expected the https address of the host's privacy terms, like "
        "https://www.netlify.com/privacy/, found 'netlify.com/privacy'"]
