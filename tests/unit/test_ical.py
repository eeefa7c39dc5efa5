"""Calendar files: each listing's schedules as RFC 5545 events, read back and expanded as a calendar app would."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from sitegen.ical import calendar, has_calendar
from sitegen.models import Schedule, Verified

from .test_render import make_listing

NEW_YORK = ZoneInfo("America/New_York")
SITE = type("Site", (), {"base_url": "https://example.org/", "name": "Example Directory"})


def expand(listing, start: dt.date, end: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """Return the (start, end) of every event in the listing's calendar file between two dates, in order."""
    cal = icalendar.Calendar.from_ical(calendar(listing, SITE))
    events = recurring_ical_events.of(cal).between(start, end)
    return sorted((e.DTSTART, e.DTEND) for e in events)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NEW_YORK)


def test_the_file_names_its_time_zone_and_repeats_each_schedule():
    weekdays = Schedule(days=("mon", "tue", "wed", "thu", "fri"), opens="10:00", closes="22:00")
    listing = make_listing(schedules=(weekdays,))
    text = calendar(listing, SITE).decode()
    assert "BEGIN:VTIMEZONE\r\nTZID:America/New_York" in text
    assert "DTSTART;TZID=America/New_York:20261102T100000" in text  # the first weekday from verified.date
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" in text
    assert "SUMMARY:X is open" in text and "URL:https://example.org/listings/x/" in text
    days = expand(listing, dt.date(2026, 11, 23), dt.date(2026, 11, 30))
    assert days == [(at(2026, 11, d, 10), at(2026, 11, d, 22)) for d in range(23, 28)]


def test_monthly_meetings_fall_on_the_right_weeks_including_the_last():
    second_fourth = Schedule(days=("mon",), weeks=(2, 4), opens="18:30", closes="20:00")
    last = Schedule(days=("thu",), weeks=(-1,), opens="18:30", closes="20:00")
    listing = make_listing(schedules=(second_fourth, last), meetings=True)
    starts = [start for start, _ in expand(listing, dt.date(2026, 10, 1), dt.date(2027, 2, 1))]
    assert starts == [at(2026, 11, 9, 18, 30), at(2026, 11, 23, 18, 30), at(2026, 11, 26, 18, 30),  # from verified.date
                      at(2026, 12, 14, 18, 30), at(2026, 12, 28, 18, 30), at(2026, 12, 31, 18, 30),  # 5th Thursday
                      at(2027, 1, 11, 18, 30), at(2027, 1, 25, 18, 30), at(2027, 1, 28, 18, 30)]
    assert "SUMMARY:X\r\n" in calendar(listing, SITE).decode()  # a meeting is named by the group alone


def test_a_night_past_midnight_ends_the_next_day_across_a_month_end_and_a_clock_change():
    late = Schedule(days=("fri", "sat"), opens="22:00", closes="02:00")
    listing = make_listing(schedules=(late,), verified=Verified(dt.date(2026, 9, 1), "phone"))
    nights = expand(listing, dt.date(2026, 10, 30), dt.date(2026, 11, 1))
    assert nights == [(at(2026, 10, 30, 22), at(2026, 10, 31, 2)), (at(2026, 10, 31, 22), at(2026, 11, 1, 2))]
    start, end = nights[1]
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(hours=5)  # the clocks went back


def test_closed_days_and_valid_dates_leave_out_what_does_not_happen():
    tuesdays = Schedule(days=("tue",), opens="18:00", closes="19:00", valid_from=dt.date(2026, 12, 1),
                        valid_to=dt.date(2026, 12, 29))
    listing = make_listing(schedules=(tuesdays,), closed_on=(dt.date(2026, 12, 15), dt.date(2026, 12, 16)))
    starts = [start.date() for start, _ in expand(listing, dt.date(2026, 11, 1), dt.date(2027, 2, 1))]
    assert starts == [dt.date(2026, 12, 1), dt.date(2026, 12, 8), dt.date(2026, 12, 22), dt.date(2026, 12, 29)]


def test_lines_open_24_7_have_no_calendar():
    assert not has_calendar(make_listing(schedules=(Schedule(open_24_7=True),)))
    assert not has_calendar(make_listing())
    assert has_calendar(make_listing(schedules=(Schedule(days=("mon",), opens="09:00", closes="10:00"),)))
