"""Schedules: the ONE place for days, weeks of the month, times past midnight, overlap and the next occurrence.

check, the pages, the calendars and HSDS all ask this module; hours.js is its twin in the browser, and both run
the cases of tests/fixtures/schedule-cases.json.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from .dates import check_date
from .models import Schedule
from .problems import Problem, mismatch
from .yamltext import Locate, groups

HORIZON = 400  # days after the start to look for a schedule's first day: a 5th-week pattern can skip months
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # as schedules write them, in Python's weekday() order

TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")
WEEK = 7 * 24 * 60  # minutes
SCHEDULE_FIELDS = [f.name for f in dataclasses.fields(Schedule)]


def check_schedules(data: dict, locate: Locate, problems: list[Problem]) -> tuple[Schedule, ...]:
    """Return the listing's schedules; report a time that ends when it starts and times that overlap."""
    schedules: list[tuple[int, Schedule]] = []
    readable = not any(p.field.startswith("schedules") for p in problems)  # as the schema says they must be
    for i, fields in groups(data, "schedules"):
        opens, closes = fields.get("opens"), fields.get("closes")
        if isinstance(opens, str) and isinstance(closes, str) and TIME.match(opens) and TIME.match(closes) \
                and (closes == opens or opens == "00:00" and closes == "24:00"):
            problems.append(mismatch(locate(("schedules", i, "closes")), f"schedules[{i}].closes",
                                     f"a time other than opens ({opens}); for a service that never closes, "
                                     "write open_24_7: true", closes))
        dates = {name: check_date(fields[name], ("schedules", i, name), None, locate, problems)
                 for name in ("valid_from", "valid_to") if isinstance(fields.get(name), str)}
        if dates.get("valid_from", dt.date.min) > dates.get("valid_to", dt.date.max):
            problems.append(mismatch(locate(("schedules", i, "valid_to")), f"schedules[{i}].valid_to",
                                     f"a day on or after valid_from ({fields['valid_from']})", fields["valid_to"]))
        known = {name: fields[name] for name in SCHEDULE_FIELDS if name in fields}  # the schema reports the rest
        schedule = Schedule(**{**known, **dates, **{name: tuple(fields[name]) for name in ("days", "weeks")
                                                     if isinstance(fields.get(name), list)}})
        for j, other in schedules if readable else ():
            if _overlap(schedule, other):
                problems.append(Problem(locate(("schedules", i)), f"schedules[{i}]",
                                        f"these times overlap those of schedules[{j}]; join them into one, or "
                                        "say which weeks or dates each holds for"))
                break
        schedules.append((i, schedule))
    return tuple(schedule for _, schedule in schedules)


def _overlap(a: Schedule, b: Schedule) -> bool:
    """Return True if two schedules can hold at the same time (at least on some weeks of some months)."""
    if (a.valid_from or dt.date.min) > (b.valid_to or dt.date.max) \
            or (b.valid_from or dt.date.min) > (a.valid_to or dt.date.max):
        return False
    if a.open_24_7 or b.open_24_7:
        return True
    if a.weeks and b.weeks and not set(a.weeks) & set(b.weeks) and -1 not in (*a.weeks, *b.weeks):
        return False  # the 2nd and the 4th Monday never meet; the 4th and the last can be one day
    return any(max(x, y + shift) < min(x_end, y_end + shift)
               for x, x_end in _spans(a) for y, y_end in _spans(b) for shift in (-WEEK, 0, WEEK))


def _spans(schedule: Schedule) -> list[tuple[int, int]]:
    """Return a schedule's times as minutes from Monday 00:00, one span for each day; past midnight runs on."""
    if not all(isinstance(t, str) and TIME.match(t) for t in (schedule.opens, schedule.closes)):
        return []
    assert schedule.opens and schedule.closes
    opens, closes = (int(t[:2]) * 60 + int(t[3:]) for t in (schedule.opens, schedule.closes))
    length = (closes - opens) % (24 * 60) or 24 * 60
    return [(DAY_NAMES.index(day) * 24 * 60 + opens, DAY_NAMES.index(day) * 24 * 60 + opens + length)
            for day in schedule.days if day in DAY_NAMES]


def week_of_month(day: dt.date) -> int:
    """Return which week of its month a day is in, 1 to 5: the 1st to 7th are the first week."""
    return (day.day - 1) // 7 + 1


def in_last_week(day: dt.date) -> bool:
    """Return True if the day is the last of its weekday in its month (weeks: [-1])."""
    return (day + dt.timedelta(days=7)).month != day.month


def falls_on(schedule: Schedule, day: dt.date) -> bool:
    """Return True if the schedule's times start on this day."""
    if DAY_NAMES[day.weekday()] not in schedule.days:
        return False
    if not (schedule.valid_from or dt.date.min) <= day <= (schedule.valid_to or dt.date.max):
        return False
    if not schedule.weeks:
        return True
    return week_of_month(day) in schedule.weeks or (-1 in schedule.weeks and in_last_week(day))


def first_day(schedule: Schedule, start: dt.date) -> dt.date | None:
    """Return the first day on or after start that the schedule's times start on; None if there is none."""
    return next((day for day in (start + dt.timedelta(days=n) for n in range(HORIZON)) if falls_on(schedule, day)),
                None)
