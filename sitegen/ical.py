"""Calendar files: a listing's hours or meetings as iCalendar (RFC 5545), for "Add to calendar" links.

Each schedule with times becomes one repeating event (RRULE) in the listing's time zone (TZID, with its
VTIMEZONE), so a calendar app shows the next meetings and moves them with daylight saving time itself.
Lines open 24/7 get no events: a calendar of "always" helps nobody.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import icalendar

from .display import address
from .models import Listing, Site
from .schedules import falls_on, first_day
from .urls import listing_url


def has_calendar(listing: Listing) -> bool:
    """Return True if the listing has confirmed times a calendar can hold."""
    return listing.clock_hours and any(not s.open_24_7 for s in listing.schedules)


def calendar(listing: Listing, site: Site) -> bytes:
    """Return the listing's calendar file: one repeating event for each schedule with times."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//sitegen//Hours//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", listing.name)
    zone = zoneinfo.ZoneInfo(listing.time_zone)
    page = site.base_url + listing_url(listing.slug)
    for number, schedule in enumerate(listing.schedules):
        first = first_day(schedule, schedule.valid_from or listing.verified.date)
        if schedule.open_24_7 or first is None:
            continue
        assert schedule.opens and schedule.closes
        event = icalendar.Event()
        event.add("uid", f"{listing.slug}-{number}@{site.base_url.split('://', 1)[-1].split('/', 1)[0]}")
        event.add("dtstamp", dt.datetime.combine(listing.verified.date, dt.time(), dt.UTC))
        event.add("summary", listing.name if listing.meetings else f"{listing.name} is open")
        event.add("dtstart", at(first, schedule.opens, zone))
        event.add("dtend", at(first + dt.timedelta(days=schedule.overnight), schedule.closes, zone))
        rule: dict[str, object] = {"freq": "monthly" if schedule.weeks else "weekly",
                                   "byday": [f"{w}{d[:2].upper()}" for d in schedule.days for w in schedule.weeks]
                                   if schedule.weeks else [d[:2].upper() for d in schedule.days]}
        if schedule.valid_to:  # RFC 5545: with a TZID start, UNTIL is in UTC
            rule["until"] = at(schedule.valid_to, "23:59", zone).astimezone(dt.UTC)
        event.add("rrule", rule)
        skipped = [at(day, schedule.opens, zone) for day in listing.closed_on if falls_on(schedule, day)]
        if skipped:
            event.add("exdate", skipped)
        event.add("url", page)
        event.add("description", "\n".join(filter(None, [schedule.description, page])))
        if listing.location:
            event.add("location", address(listing.location))
        cal.add_component(event)
    text = cal.to_ical()
    if not cal.events:
        return text
    # RFC 5545 lets the VTIMEZONE come anywhere among the calendar's components: it goes last.
    end = b"END:VCALENDAR\r\n"
    return text.removesuffix(end) + time_zone(listing.time_zone, min(e.DTSTART.year for e in cal.events)) + end


@functools.cache
def time_zone(name: str, year: int) -> bytes:
    """Return a time zone's VTIMEZONE, its changes from the start of a year on; made once for each zone, as it
    took most of the time of a listing's calendar. Calendar apps know America/New_York by its name; the changes
    are for those that do not."""
    return icalendar.Timezone.from_tzid(name, first_date=dt.date(year, 1, 1)).to_ical()


def at(day: dt.date, time: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Return a day and a time like "18:30" ("24:00" is the next midnight) in a time zone."""
    hours, minutes = int(time[:2]), int(time[3:])
    return dt.datetime.combine(day, dt.time(hours % 24, minutes), zone) + dt.timedelta(days=hours // 24)
