"""Dates and time zones as content writes them: 2026-11-01, America/New_York."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from .problems import Problem, mismatch
from .yamltext import FieldPath, Locate, field_name

DATE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")  # as the schemas write it


def check_date(text: str, path: FieldPath, today: dt.date | None, locate: Locate, problems: list[Problem]) -> dt.date:
    """Return a YYYY-MM-DD date; report impossible dates, and dates in the future unless today is None.

    Tomorrow is not the future yet: an editor east of the machine that checks (CI runs on UTC) may already be in it.
    A text that is not written like a date at all is the schema's to report, once.
    """
    if not DATE.match(text):
        return dt.date.min
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        problems.append(mismatch(locate(path), field_name(path), "a real date like 2026-11-01", text))
        return dt.date.min
    if today is not None and date > today + dt.timedelta(days=1):
        problems.append(mismatch(locate(path), field_name(path), f"a date that is not in the future "
                                 f"(today is {today.isoformat()})", text))
    return date


def check_time_zone(name: str, path: FieldPath, locate: Locate) -> list[Problem]:
    """Return a problem if the name is not an IANA time zone."""
    try:
        zoneinfo.ZoneInfo(name)
        return []
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return [mismatch(locate(path), field_name(path), "a time zone like America/New_York", name)]
