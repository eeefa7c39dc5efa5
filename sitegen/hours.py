"""Hours and dates in words: schedules, time zones, days closed, how a listing was checked; and what hours.js
needs to say whether a listing is open now, with the words it says it in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time
from babel.dates import get_day_names
from markupsafe import Markup, escape

from .display import N_, and_list, attribute_json, script_json, words
from .languages import ENGLISH, Language
from .models import Listing, Schedule
from .schedules import DAY_NAMES

WEEKS = {1: N_("first"), 2: N_("second"), 3: N_("third"), 4: N_("fourth"), 5: N_("fifth"), -1: N_("last")}
ZONES = {"America/New_York": N_("Eastern time"), "America/Chicago": N_("Central time"),
         "America/Denver": N_("Mountain time"), "America/Phoenix": N_("Arizona time"),
         "America/Los_Angeles": N_("Pacific time"), "America/Anchorage": N_("Alaska time"),
         "Pacific/Honolulu": N_("Hawaii time")}
UNCONFIRMED = N_("These hours are not confirmed: our sources disagree, or may be out of date.")
HOW_VERIFIED = {"sources": N_("Details taken from public sources on %(date)s."),
                "phone": N_("Confirmed with the service by phone on %(date)s."),
                "provider": N_("Confirmed by the service itself on %(date)s.")}


def verified(listing: Listing, lang: Language = ENGLISH) -> str:
    """Return how and when a listing was checked, in words that claim no more than was done."""
    return lang.gettext(HOW_VERIFIED[listing.verified.by]) % {"date": format_date(listing.verified.date, lang)}


def format_date(date: dt.date, lang: Language = ENGLISH) -> str:
    """Return a date in words in the language's own way (Babel): November 26, 2026; 26 de noviembre de 2026."""
    return babel_date(date, "long", locale=lang.locale)


def format_time(text: str, lang: Language = ENGLISH) -> str:
    """Return a 24-hour time in words: in English like 9 AM, 6:30 PM, noon or midnight; in another language as
    Babel's short time of that language in the site's country, like 6:30 p.m. in the US."""
    hours, minutes = map(int, text.split(":"))
    if lang.code != "en":  # a no-break space, as hours.js writes it: "6:00 p.m." never breaks before "p.m."
        return re.sub(r"\s", "\u00a0", babel_time(dt.time(hours % 24, minutes), "short", locale=lang.locale))
    if minutes == 0 and hours in (0, 24):
        return "midnight"
    if minutes == 0 and hours == 12:
        return "noon"
    suffix = "AM" if hours < 12 else "PM"
    hours = hours % 12 or 12
    return f"{hours} {suffix}" if minutes == 0 else f"{hours}:{minutes:02d} {suffix}"


def format_days(days: tuple[str, ...], lang: Language = ENGLISH) -> str:
    """Return days in words, joining a run of three or more: Monday to Friday."""
    _ = lang.gettext
    names = get_day_names("wide", locale=lang.locale)
    picked = sorted(days, key=DAY_NAMES.index)
    indexes = [DAY_NAMES.index(d) for d in picked]
    if len(picked) == 7:
        return _("Every day")
    if len(picked) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return _("%(first)s to %(last)s") % {"first": names[indexes[0]], "last": names[indexes[-1]]}
    return and_list([names[i] for i in indexes], lang)


def format_schedule(schedule: Schedule, lang: Language = ENGLISH) -> Markup:
    """Return one schedule in words, like 'Monday to Friday, 9 AM to 5 PM', its note marked if untranslated."""
    _ = lang.gettext
    if schedule.open_24_7:
        text = _("Open 24 hours a day, 7 days a week")
    else:
        days = format_days(schedule.days, lang)
        if schedule.weeks:
            weeks = [_(WEEKS[w]) for w in sorted(schedule.weeks, key=lambda w: w if w > 0 else 9)]
            days = _("The %(weeks)s %(days)s of the month") % {"weeks": and_list(weeks, lang), "days": days}
        assert schedule.opens and schedule.closes  # the schema asks for both, with days
        key = _("%(days)s, %(opens)s to %(closes)s the next day") if schedule.overnight \
            else _("%(days)s, %(opens)s to %(closes)s")
        text = key % {"days": days, "opens": format_time(schedule.opens, lang),
                      "closes": format_time(schedule.closes, lang)}
        text = text[:1].upper() + text[1:]  # "lunes" starts a line as "Lunes"
    if schedule.valid_from:
        text += _(", from %(date)s") % {"date": format_date(schedule.valid_from, lang)}
    if schedule.valid_to:
        text += _(", until %(date)s") % {"date": format_date(schedule.valid_to, lang)}
    return Markup("{} ({})").format(text, words(schedule.description, lang)) if schedule.description \
        else Markup(escape(text))


def format_hours(listing: Listing, lang: Language = ENGLISH) -> list[Markup]:
    """Return the listing's hours as lines of words, the time zone named where it matters."""
    lines = [format_schedule(s, lang) for s in listing.schedules]
    if listing.closed_on:
        dates = [format_date(d, lang) for d in listing.closed_on]
        listed = dates[0] if len(dates) == 1 else lang.gettext("%(list)s and %(last)s") % {
            "list": "; ".join(dates[:-1]), "last": dates[-1]}
        lines.append(Markup(escape(lang.gettext("Closed on %(dates)s.") % {"dates": listed})))
    if any(not s.open_24_7 for s in listing.schedules):
        lines.append(Markup(escape(lang.gettext("Times are %(zone)s.") % {"zone": zone_name(listing.time_zone, lang)})))
    if listing.hours_unconfirmed:
        lines.append(Markup(escape(lang.gettext(UNCONFIRMED))))
    return lines


def zone_name(time_zone: str, lang: Language = ENGLISH) -> str:
    """Return a time zone as people say it, like Eastern time; its IANA name if it has no common one."""
    return lang.gettext(ZONES[time_zone]) if time_zone in ZONES else time_zone


def hours_summary(listing: Listing, lang: Language = ENGLISH) -> str:
    """Return the hours in one short line for cards and the top of a listing, as true at any hour as in the
    build: hours.js replaces it with what holds now, so it never says "open now" itself."""
    _ = lang.gettext
    if len(listing.schedules) != 1:
        words = _("Meets on set days: see the times") if listing.meetings else _("Open at set times: see the hours")
    elif (schedule := listing.schedules[0]).open_24_7 and not (
            schedule.valid_from or schedule.valid_to or listing.closed_on):
        words = _("Open 24 hours, every day")
    else:
        said = str(format_schedule(dataclasses.replace(schedule, description=None), lang))  # the page has the note
        words = said if schedule.open_24_7 else f"{said} ({zone_name(listing.time_zone, lang)})"
    return _("Hours not confirmed: %(hours)s") % {"hours": words} if listing.hours_unconfirmed else words


def hours_data(listing: Listing) -> Markup:
    """Return what hours.js needs to say whether a listing is open now, as JSON safe in a single-quoted attribute:
    the schedules in the content's own names, the days with no service and the listing's time zone."""
    schedules = [{name: value.isoformat() if isinstance(value, dt.date) else value
                  for name, value in dataclasses.asdict(s).items() if value and name not in ("description",
                                                                                            "translations")}
                 for s in listing.schedules]
    data = {"time_zone": listing.time_zone, "schedules": schedules, "meetings": listing.meetings,
            "closed_on": [d.isoformat() for d in listing.closed_on]}
    return Markup(script_json({name: value for name, value in data.items() if value}, separators=(",", ":")))


def hours_words(lang: Language = ENGLISH) -> Markup:
    """Return the words hours.js shows, in a language other than the default: printed into each of its pages, as
    the script has no catalog of its own ({until}, {day} and {at} are filled in by the visitor's clock)."""
    _ = lang.gettext
    # Translators: {t} is a time of day after "at" in the words below: in Spanish "la {t}" for one o'clock, "las
    # {t}" for the other hours (the plural form is chosen by the hour, 1 to 12).
    at = [lang.ngettext("{t}", "{t}", hour) for hour in (1, 2)]
    return attribute_json({"locale": lang.tag, "at": at,
            # Translators: a time ({t}) on another day, as in "closes at {until}".
            "day_time": _("{day} {t}"),
            # Translators: a day of the week, or one with its date, as in "opens {day} at {at}".
            "weekday": _("{day}"), "always": _("Open 24 hours"), "meeting": _("Meeting now, until {until}{yours}"),
            "open": _("Open now, closes at {until}{yours}"), "soon": _("Open now, closes soon, at {until}{yours}"),
            "no_meetings": _("No upcoming meetings are listed"), "no_hours": _("Closed, with no upcoming hours listed"),
            "next_meeting": _("Next meeting: {day}, {at}{yours}"), "opens": _("Closed, opens {day} at {at}{yours}"),
            "yours": _(" (your time)"), "today": _("today"), "tomorrow": _("tomorrow")})
