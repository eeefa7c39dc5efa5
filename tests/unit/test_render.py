"""Rendering: what templates print is decided in Python (display.py), Markdown becomes safe HTML (markup.py),
and long lists are split into pages (pages.py)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import sitegen
from sitegen import render, urls
from sitegen.display import json_ld
from sitegen.facets import facets
from sitegen.hours import format_date, format_days, format_hours, format_time, hours_data, hours_summary
from sitegen.markup import problems_in, python_markdown, simple_markdown, to_html, unclosed_bracket
from sitegen.models import Category, Listing, Location, Schedule, Verified
from sitegen.pages import first_of_each, paginate
from sitegen.yamltext import Record
from tests.conftest import SAMPLE

LINKABLE = frozenset({"/listings/x/"})


def make_listing(**fields) -> Listing:
    base = dict(slug="x", path="listings/x.yaml", record=Record("content/listings/x.yaml"), name="X", summary="A fictional listing.",
                category=Category("warmline", "Warmline", "Warmlines", "Peers."),
                verified=Verified(dt.date(2026, 11, 1), "sources"), source=("https://example.org",), time_zone="America/New_York")
    return Listing(**{**base, **fields})


def test_online_means_taking_part_online_not_having_a_website():
    group = make_listing(url="https://example.org/group", email="group@example.org",
                         location=Location(street="100 Example Street", city="Asheville", state="NC"))
    assert facets(group)["reach"] == ["In person"]
    online = make_listing(url="https://example.org/online", service_area=("Online",))
    assert facets(online)["reach"] == ["Online"]


@pytest.mark.parametrize("text, words", [("09:00", "9 AM"), ("18:30", "6:30 PM"), ("12:00", "noon"),
                                         ("00:00", "midnight"), ("24:00", "midnight"), ("00:15", "12:15 AM")])
def test_times_read_the_way_people_say_them(text, words):
    assert format_time(text) == words


@pytest.mark.parametrize("days, words", [(("mon", "tue", "wed", "thu", "fri"), "Monday to Friday"),
                                         (("sat", "sun"), "Saturday and Sunday"),
                                         (("fri", "mon", "wed"), "Monday, Wednesday and Friday"),
                                         (tuple("mon tue wed thu fri sat sun".split()), "Every day")])
def test_days_are_joined_into_runs(days, words):
    assert format_days(days) == words


def test_hours_say_24_7_and_name_the_time_zone_only_when_it_matters():
    assert format_hours(make_listing(schedules=(Schedule(open_24_7=True),))) == ["Open 24 hours a day, 7 days a week"]
    monthly = Schedule(days=("tue",), weeks=(3, 1), opens="18:30", closes="20:00", description="Room 2")
    assert format_hours(make_listing(schedules=(monthly,), time_zone="America/Los_Angeles")) == [
        "The first and third Tuesday of the month, 6:30 PM to 8 PM (Room 2)", "Times are Pacific time."]


def test_hours_say_past_midnight_dates_and_closed_days_in_words():
    late = Schedule(days=("fri", "sat"), opens="20:00", closes="02:00")
    term = Schedule(days=("mon",), weeks=(-1,), opens="18:30", closes="20:00", valid_from=dt.date(2027, 1, 1),
                    valid_to=dt.date(2027, 6, 30))
    listing = make_listing(schedules=(late, term), closed_on=(dt.date(2026, 12, 25), dt.date(2027, 1, 1)))
    assert format_hours(listing) == [
        "Friday and Saturday, 8 PM to 2 AM the next day",
        "The last Monday of the month, 6:30 PM to 8 PM, from January 1, 2027, until June 30, 2027",
        "Closed on December 25, 2026 and January 1, 2027.", "Times are Eastern time."]


def test_the_short_line_before_javascript_never_says_open_now():
    assert hours_summary(make_listing(schedules=(Schedule(open_24_7=True),))) == "Open 24 hours, every day"
    weekdays = Schedule(days=("mon", "tue", "wed", "thu", "fri"), opens="10:00", closes="22:00", description="Note")
    assert hours_summary(make_listing(schedules=(weekdays,))) == "Monday to Friday, 10 AM to 10 PM (Eastern time)"
    assert hours_summary(make_listing(schedules=(weekdays, weekdays))) == "Open at set times: see the hours"
    assert hours_summary(make_listing(schedules=(weekdays, weekdays), meetings=True)) == \
        "Meets on set days: see the times"


def test_hours_data_gives_hours_js_the_content_names():
    meeting = Schedule(days=("mon",), weeks=(2, 4), opens="18:30", closes="20:00", valid_to=dt.date(2027, 6, 30),
                       description="Room 2")
    listing = make_listing(schedules=(meeting,), closed_on=(dt.date(2026, 12, 14),), meetings=True)
    assert json.loads(hours_data(listing)) == {
        "time_zone": "America/New_York", "meetings": True, "closed_on": ["2026-12-14"],
        "schedules": [{"days": ["mon"], "weeks": [2, 4], "opens": "18:30", "closes": "20:00", "valid_to": "2027-06-30"}]}


def test_hours_data_leaves_out_what_is_empty_and_is_safe_in_a_single_quoted_attribute():
    listing = make_listing(schedules=(Schedule(open_24_7=True),), time_zone="Etc/GMT+5")
    assert hours_data(listing) == '{"schedules":[{"open_24_7":true}],"time_zone":"Etc/GMT+5"}'
    assert "'" not in hours_data(make_listing(schedules=(Schedule(open_24_7=True),), time_zone="Odd/Zone'<&"))


def test_dates_are_written_out():
    assert format_date(dt.date(2026, 11, 6)) == "November 6, 2026"


def test_json_ld_cannot_close_its_script_element():
    listing = make_listing(name="</script><script>alert(1)</script>", location=Location("Exampleville", "NC"))
    text = json_ld(listing, type("Site", (), {"base_url": "https://example.org/"}))
    assert "<" not in text and ">" not in text
    assert '"addressLocality": "Exampleville"' in text


def test_markdown_is_sanitized_and_site_links_made_relative():
    text = "[a](/listings/x/) <img src=x onerror=alert(1)> [b](javascript:alert(1)) <script>alert(1)</script>"
    assert to_html(text, "guides/g/") == '<p><a href="../../listings/x/" rel="noopener noreferrer">a</a>  <a>b</a> </p>'
    assert problems_in(text, "guides/g/", LINKABLE) == []


def test_markdown_links_to_missing_pages_say_where_they_are_in_the_text():
    gone = "goes to no page of this site; link to a page like /listings/<slug>/"
    assert problems_in("Intro\n\nSee [this](/listings/nowhere/) and [that](../x/).", "listings/y/", LINKABLE) == [
        (18, f"the link /listings/nowhere/ {gone}")]
    assert problems_in("[up](../../listings/gone/)", "guides/g/", LINKABLE) == [(5, f"the link ../../listings/gone/ {gone}")]


def test_every_way_markdown_writes_a_link_is_checked():
    text = ('[a] and [b][c] and <a href="/listings/html/">d</a> and <a title="t" href=\'/listings/quoted/\'>e</a>\n\n'
            '[a]: /listings/reference/\n[c]: </listings/angled/> "title"\n\n'
            "[ok](https://example.org/listings/no/) [mail](mailto:a@example.org) [top](#top) <https://example.org/>")
    found = [message.split()[2] for _, message in problems_in(text, "guides/g/", LINKABLE)]
    assert found == ["/listings/html/", "/listings/quoted/", "/listings/reference/", "/listings/angled/"]
    for target in found:  # and Python-Markdown makes each of them a link
        assert f'href="../..{target}"' in to_html(text, "guides/g/"), target


def test_long_lists_are_split_into_pages_that_link_to_each_other():
    pages = paginate("categories/x/", list(range(5)), 2)
    assert [(url, items) for url, items, _ in pages] == [
        ("categories/x/", [0, 1]), ("categories/x/2/", [2, 3]), ("categories/x/3/", [4])]
    assert pages[1][2] == {"number": 2, "count": 3, "previous": "categories/x/", "next": "categories/x/3/",
                           "links": [(1, "categories/x/"), (2, "categories/x/2/"), (3, "categories/x/3/")]}
    assert paginate("categories/x/", [], 2)[0][2]["links"] == [(1, "categories/x/")]


def test_a_pager_links_the_first_last_and_nearby_pages_only():
    pager = paginate("c/", list(range(100)), 10)[4][2]
    assert pager["links"] == [(1, "c/"), None, (3, "c/3/"), (4, "c/4/"), (5, "c/5/"), (6, "c/6/"), (7, "c/7/"),
                              None, (10, "c/10/")]


def slow_path(text: str) -> str:
    """Return what Python-Markdown makes of text, sanitized, with site links made relative: what to_html must match."""
    return re.sub(r'href="/(?!/)', 'href="../', python_markdown(text))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \n\n,.;:'\"?!()/%$@+=-_*\t\u00a0abcXYZé019", max_size=120))
def test_plain_text_is_converted_as_markdown_would(text):
    """Plain paragraphs skip Python-Markdown (simple_markdown); what the fast path takes, it must render the same."""
    assume(unclosed_bracket(text) is None)
    assert to_html(text, "x/") == slow_path(text)


# Pieces of what descriptions use (and a few of what simple_markdown leaves to Python-Markdown), in any order.
PIECES = ["Call", " us", "é", "9", ".", ",", " ", "\n", "\n\n", "- ", "* ", "1. ", "**", "*", "_", "[", "]", "(", ")",
          "[our site](https://example.org/a?b=c&d=e)", "[a page](/listings/x/)", "[gone](/listings/y/)",
          "[x](javascript:alert)", "](", "](https://example.org/)", "#", "&", "<b>", "`", "'", '"', "---", "  "]


WHOLE = ["Call us", " ", ".", "\n", "\n\n", "\n\n- ", "\n- ", "**Free.**", "**9 é**", "[our site](https://example.org/a?b=c&d=e)",
         "[a page](/listings/x/)", "[gone](/listings/y/)", "[x](javascript:alert)", "[a (b)](/listings/x/#c)"]


@pytest.mark.slow  # 1,500 property examples
@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(PIECES), max_size=30), st.lists(st.sampled_from(WHOLE), max_size=20))
       .map("".join))
def test_simple_markdown_is_converted_as_markdown_would(text):
    """Paragraphs, lists, strong words and links skip Python-Markdown; they must render the same, links checked."""
    assume(unclosed_bracket(text) is None)
    assert to_html(text, "x/") == slow_path(text)


def test_descriptions_with_lists_strong_words_and_links_skip_python_markdown():
    text = "Peer support.\n\n- Mondays\n- Online too\n\n**Free.** See [the warmlines](/categories/warmline/)."
    assert simple_markdown(text) == ('<p>Peer support.</p>\n<ul>\n<li>Mondays</li>\n<li>Online too</li>\n</ul>\n'
                                     '<p><strong>Free.</strong> See <a href="/categories/warmline/" rel="noopener noreferrer">the warmlines</a>.</p>')
    for other in ("# A heading", "- one\n\n- two", "Intro\n- a list inside", "*em*", "[x](/a b)", "a  \nbreak"):
        assert simple_markdown(other) is None, other  # left to Python-Markdown


def test_markdown_still_converts_what_is_not_plain():
    assert to_html("Call us.\n\n- Monday\n- Tuesday", "x/") == "<p>Call us.</p>\n<ul>\n<li>Monday</li>\n<li>Tuesday</li>\n</ul>"


def test_a_guide_of_a_statewide_directory_shows_the_first_few_of_each_kind_and_links_to_the_rest():
    warmline, group = Category("warmline", "Warmline", "Warmlines", ""), Category("group", "Group", "Groups", "")
    short = [make_listing(slug=f"w{i}", category=warmline) for i in range(3)]
    assert first_of_each(short) == (short, [])  # a guide of a small directory lists them all
    warmlines = [make_listing(slug=f"w{i}", category=warmline) for i in range(400)]
    groups = [make_listing(slug=f"g{i}", category=group) for i in range(3)]
    shown, more = first_of_each(warmlines + groups)
    assert [x.slug for x in shown] == ["w0", "w1", "w2", "w3", "w4", "g0", "g1", "g2"]
    assert more == [warmline]  # "See all 400 warmlines"


@pytest.mark.parametrize("url", ["https://example.org/", "https://example.org/connect/listings/example-peer-warmline/",
                                 "https://example.org/es/listings/" + "a-long-name-" * 8 + "/"])
def test_a_qr_code_draws_every_dark_module_and_nothing_else_and_scans_back_to_its_address(url):
    import zxingcpp

    from sitegen.qr import qr_code

    svg = str(qr_code(url))
    assert svg.startswith('<svg aria-hidden="true" ') and svg.endswith("</svg>")
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg)[1])
    assert f'd="M0 0h{size}v{size}H0z"' in svg, "a white ground under the whole code, quiet zone included"
    path = re.fullmatch(r"M0 \.5((?:m-?\d+ \d+h\d+)+)", re.search(r'stroke="#000" d="([^"]*)"', svg)[1])
    assert path, "a move to the first row, then for each run: a move relative to where the last ended, a line"
    drawn, x, y = set(), 0, 0
    for dx, dy, run in re.findall(r"m(-?\d+) (\d+)h(\d+)", path[1]):
        x, y = x + int(dx), y + int(dy)
        drawn |= {(y, x + n) for n in range(int(run))}
        x += int(run)
    assert min(drawn) >= (4, 4) and max(drawn) < (size - 4, size - 4), "a quiet zone of four modules on each side"
    # Paint what the SVG draws, one pixel a module, and let zxing-cpp's reader scan it: the drawing is the code.
    pixels = bytearray(b"\xff" * size * size)
    for y, x in drawn:
        pixels[y * size + x] = 0
    found = zxingcpp.read_barcode(memoryview(pixels).cast("B", (size, size)), formats=zxingcpp.BarcodeFormat.QRCode)
    assert found is not None and found.text == url
    # A module drawn wrong would still scan (that is what error correction is for), so compare every module too.
    own = bytes(zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode).to_image())
    assert pixels == own, "the SVG draws exactly the dark modules of zxing-cpp's own bitmap of the code"


def test_the_addresses_a_page_of_content_may_not_take_are_every_name_at_the_sites_root():
    """urls.FIXED and urls.FOLDERS are what validate.py keeps content pages out of: they must be the plan's own."""
    config = sitegen.Config(content_dir=SAMPLE)
    directory, _ = sitegen.check(config)
    plan = render.plan_site(directory, config.templates_dir, config.schema_dir, config.locales_dir)
    fixed = {page.bare for page in plan.pages if page.template not in (  # and not a list's second page on
        "listing.html", "category.html", "guide.html", "article.html") and page.bare.count("/") <= 1}
    assert fixed == set(urls.FIXED), \
        "urls.FIXED must name every page pages.site_pages makes at a fixed address"
    roots = {path.partition("/")[0] for path in [*plan.paths, *plan.search]}
    content = {*directory.site.languages[1:], *(article.slug for article in directory.articles)}
    could_be_a_page = {name for name in roots if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name)}
    assert could_be_a_page - content == {url.rstrip("/") for url in urls.FIXED if "." not in url} - {""} | \
        set(urls.FOLDERS), \
        "every name at the site's root that a page of content/pages/ could take must be in urls.FIXED or urls.FOLDERS"
