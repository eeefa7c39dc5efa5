"""Open now, closes at, next meeting: hours.js in Chromium with a fixed clock and a fixed time zone.

The fictional sample (tests/golden/sample) has a warmline open every evening and late on Fridays and Saturdays
(22:00 to 02:00), a group meeting on the 1st and 3rd Tuesday and the last Thursday of the month, closed on
2026-12-15, a library whose old hours ended on 2026-06-30, and a crisis line open 24/7; all in New York time.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP

pytestmark = pytest.mark.browser

NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
WARMLINE = "listings/example-peer-warmline/"
CIRCLE = "listings/example-tuesday-circle/"
LIBRARY = "listings/example-library/"
CRISIS = "listings/example-crisis-line/"


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NEW_YORK)


def open_at(watched, url: str, when: dt.datetime, zone: str = "America/New_York", **options):
    """Return a page opened at url with the browser's clock fixed at `when`, in time zone `zone`."""
    context = watched(viewport=DESKTOP, timezone_id=zone, **options)
    context.context.clock.set_fixed_time(when)
    page = context.new_page()
    page.goto(url)
    return context, page


def status(watched, site, path: str, when: dt.datetime, zone: str = "America/New_York") -> tuple[str, str]:
    """Return what a listing page says about its hours at a moment, and its state (open, soon or closed)."""
    context, page = open_at(watched, site.at(path), when, zone)
    line = page.locator(".listing-head .hours-status")
    expect(line).to_have_attribute("data-state", re.compile(r"\w"))
    assert context.errors == []
    return line.text_content(), line.get_attribute("data-state")


@pytest.mark.parametrize("when, words, state", [
    (local(2026, 11, 23, 18, 0), "Open now, closes at 10 PM", "open"),  # a Monday evening
    (local(2026, 11, 23, 21, 30), "Open now, closes soon, at 10 PM", "soon"),
    (local(2026, 11, 23, 22, 0), "Closed, opens tomorrow at 5 PM", "closed"),  # closes at 22:00 sharp
    (local(2026, 11, 24, 9, 0), "Closed, opens today at 5 PM", "closed"),
    (local(2026, 11, 27, 21, 0), "Open now, closes at 2 AM", "open"),  # 17-22 then 22-02 run on as one
    (local(2026, 11, 28, 0, 30), "Open now, closes at 2 AM", "open"),  # Friday's late line, past midnight
    (local(2026, 11, 28, 1, 30), "Open now, closes soon, at 2 AM", "soon"),
    (local(2026, 11, 28, 2, 0), "Closed, opens today at noon", "closed"),
    (local(2026, 11, 29, 21, 0), "Closed, opens tomorrow at 5 PM", "closed"),  # Sunday has no late line
])
def test_the_warmline_says_whether_it_is_open_and_until_when(watched, sample_site, when, words, state):
    assert status(watched, sample_site, WARMLINE, when) == (words, state)


@pytest.mark.parametrize("when, words", [
    # Friday 31 July 2026 is the last day of a month: the late line runs on into Saturday 1 August.
    (dt.datetime(2026, 8, 1, 4, 30, tzinfo=UTC), "Open now, closes at 2 AM"),  # 00:30 EDT on the 1st
    (dt.datetime(2026, 8, 1, 6, 5, tzinfo=UTC), "Closed, opens today at noon"),  # 02:05 EDT
])
def test_past_midnight_on_the_last_day_of_a_month(watched, sample_site, when, words):
    assert status(watched, sample_site, WARMLINE, when)[0] == words


@pytest.mark.parametrize("when, words", [
    # Saturday 31 October 2026, 22:00 to 02:00, the night the clocks go back at 2 AM: the line is open
    # four hours of real time until 2 AM standard time, and 1:30 comes twice.
    (dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "Open now, closes at 2 AM"),  # 1:30 daylight time
    (dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "Open now, closes soon, at 2 AM"),  # 1:30 standard time
    (dt.datetime(2026, 11, 1, 7, 0, tzinfo=UTC), "Closed, opens today at noon"),
    # Saturday 13 March 2027, the night the clocks go forward at 2 AM: 2 AM never comes, so the line closes
    # at the same moment as 3 AM daylight time, as iCalendar reads a time that does not exist.
    (dt.datetime(2027, 3, 14, 6, 30, tzinfo=UTC), "Open now, closes soon, at 3 AM"),  # 1:30 standard time
    (dt.datetime(2027, 3, 14, 7, 0, tzinfo=UTC), "Closed, opens today at noon"),
])
def test_daylight_saving_changes_in_both_directions(watched, sample_site, when, words):
    assert status(watched, sample_site, WARMLINE, when)[0] == words


def test_a_visitor_in_another_time_zone_sees_their_own_times_and_is_told(watched, sample_site):
    when = local(2026, 11, 23, 18, 0)
    assert status(watched, sample_site, WARMLINE, when, "America/Los_Angeles") == (
        "Open now, closes at 7 PM (your time)", "open")
    assert status(watched, sample_site, WARMLINE, local(2026, 11, 23, 23, 0), "Europe/London")[0] == \
        "Closed, opens today at 10 PM (your time)"  # 23:00 in New York is 04:00 on Tuesday in London


@pytest.mark.parametrize("when, words", [
    (local(2026, 11, 20, 12, 0), "Next meeting: Thursday, November 26, 6:30 PM"),  # the last Thursday
    (local(2026, 10, 23, 12, 0), "Next meeting: Thursday, October 29, 6:30 PM"),  # the last is the 5th
    (local(2026, 11, 26, 19, 0), "Meeting now, until 8 PM"),
    (local(2026, 11, 26, 20, 0), "Next meeting: Tuesday, December 1, 6:30 PM"),  # the 1st Tuesday
    (local(2026, 12, 2, 12, 0), "Next meeting: Thursday, December 31, 6:30 PM"),  # the 15th is closed_on
    (local(2026, 12, 31, 9, 0), "Next meeting: today, Thursday, December 31, 6:30 PM"),
])
def test_a_group_shows_its_next_meeting(watched, sample_site, when, words):
    assert status(watched, sample_site, CIRCLE, when)[0] == words


def test_hours_that_ended_give_way_to_the_new_ones(watched, sample_site):
    # The old hours (Saturdays too) ended on 30 June; the new ones are on weekdays from 10 AM.
    assert status(watched, sample_site, LIBRARY, local(2026, 11, 28, 11, 0))[0] == "Closed, opens Monday at 10 AM"
    assert status(watched, sample_site, LIBRARY, local(2026, 6, 27, 11, 0))[0] == "Open now, closes at 5 PM"


def test_a_line_open_24_7_says_so_at_any_hour(watched, sample_site):
    for when in (local(2026, 11, 29, 3, 0), local(2026, 12, 25, 15, 0)):
        assert status(watched, sample_site, CRISIS, when) == ("Open 24 hours", "open")


def test_cards_show_the_status_too(watched, sample_site):
    context, page = open_at(watched, sample_site.at("listings/"), local(2026, 11, 23, 18, 0))
    for line in page.locator(".card .hours-status").all():
        expect(line).to_have_attribute("data-state", re.compile(r"\w"))
    texts = page.locator(".card .hours-status").all_text_contents()
    assert "Open now, closes at 10 PM" in texts and "Open 24 hours" in texts
    assert "Next meeting: Thursday, November 26, 6:30 PM" in texts and "Closed, opens tomorrow at 10 AM" in texts


def test_without_javascript_the_hours_are_words_that_never_claim_open_now(watched, sample_site):
    context, page = open_at(watched, sample_site.at(WARMLINE), local(2026, 11, 23, 18, 0), java_script_enabled=False)
    text = page.locator("main").inner_text()
    assert "Open now" not in text and "Closed," not in text
    assert page.locator(".listing-head .hours-status").text_content() == "Open at set times: see the hours"
    assert "Friday and Saturday, 10 PM to 2 AM the next day" in text
    context, page = open_at(watched, sample_site.at(CIRCLE), local(2026, 11, 23, 18, 0), java_script_enabled=False)
    text = page.locator("main").inner_text()
    assert "The last Thursday of the month, 6:30 PM to 8 PM (In the library's community room)" in text
    assert "Closed on December 15, 2026." in text
    link = page.get_by_role("link", name="Add the meetings to your calendar")
    assert link.get_attribute("href") == "../../listings/example-tuesday-circle/calendar.ics"
    assert page.request.get(link.evaluate("a => a.href")).headers["content-type"].startswith("text/calendar")


def search_open_now(watched, site, hash_: str, when: dt.datetime) -> list[str]:
    """Return the titles the search page shows for an address like #hours=Open+now, at a moment."""
    context, page = open_at(watched, site.at("search/") + hash_, when)
    expect(page.locator("[data-status]")).to_contain_text("result")
    assert context.errors == []
    return page.locator("[data-results] .card-title").all_text_contents()


def test_the_open_now_filter_is_checked_by_the_clock_when_searching(watched, sample_site):
    evening = search_open_now(watched, sample_site, "#hours=Open+now", local(2026, 11, 23, 18, 0))
    assert sorted(evening) == ["Example Crisis Line", "Example Peer Warmline"]
    night = search_open_now(watched, sample_site, "#hours=Open+now", local(2026, 11, 24, 3, 0))
    assert night == ["Example Crisis Line"]
    meeting = search_open_now(watched, sample_site, "#hours=Open+now", local(2026, 11, 26, 19, 0))
    assert "Example Tuesday Circle" in meeting
    with_words = search_open_now(watched, sample_site, "#q=peer&hours=Open+now", local(2026, 11, 23, 18, 0))
    assert with_words == ["Example Peer Warmline"]


def test_search_results_show_the_status(watched, sample_site):
    context, page = open_at(watched, sample_site.at("search/#q=warmline"), local(2026, 11, 23, 21, 30))
    result = page.locator("[data-results] .card", has_text="Example Peer Warmline")
    expect(result.locator(".hours-status")).to_have_text("Open now, closes soon, at 10 PM")
    assert context.errors == []


@pytest.mark.parametrize("path, when, words", [  # a 12-hour clock, as Spanish in the US writes it (es-US)
    (WARMLINE, local(2026, 11, 23, 21, 30), "Abierto ahora, cierra pronto, a las 10:00\u00a0p.m."),
    (WARMLINE, local(2026, 11, 23, 22, 0), "Cerrado, abre mañana a las 5:00\u00a0p.m."),
    (CIRCLE, local(2026, 11, 26, 20, 0), "Próxima reunión: el martes, 1 de diciembre, a las 6:30\u00a0p.m."),
    (CRISIS, local(2026, 11, 29, 3, 0), "Abierto las 24 horas"),
])
def test_a_spanish_page_says_it_in_spanish_with_spanish_times_and_days(watched, sample_site, path, when, words):
    assert status(watched, sample_site, "es/" + path, when)[0] == words
