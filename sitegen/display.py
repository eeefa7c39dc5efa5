"""What templates print: wording, order and addresses, decided in Python where they can be read and tested.

Each function takes a model and returns text, or plain values a template loops over; render.py registers
them as Jinja2 filters under the same names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from urllib.parse import quote, urlencode

import segno
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .config import PROJECT_DIR
from .models import Directory, Listing, Location, Phone, Schedule, SearchWords, Site
from .urls import article_url, listing_url

DAYS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
        "sat": "Saturday", "sun": "Sunday"}
WEEKS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
ZONES = {"America/New_York": "Eastern time", "America/Chicago": "Central time", "America/Denver": "Mountain time",
         "America/Phoenix": "Arizona time", "America/Los_Angeles": "Pacific time", "America/Anchorage": "Alaska time",
         "Pacific/Honolulu": "Hawaii time"}
PHONE_TYPES = {"voice": "Call", "text": "Text", "tty": "TTY", "videophone": "Videophone"}
NATIONAL = {"United States", "Online"}


HOW_VERIFIED = {"sources": "Details taken from public sources", "phone": "Confirmed with the service by phone",
                "provider": "Confirmed by the service itself"}


def verified(listing: Listing) -> str:
    """Return how and when a listing was checked, in words that claim no more than was done."""
    return f"{HOW_VERIFIED[listing.verified.by]} on {format_date(listing.verified.on)}."


def format_date(date: dt.date) -> str:
    """Return a date in words, like November 26, 2026."""
    return f"{date:%B} {date.day}, {date.year}"


def format_time(text: str) -> str:
    """Return a 24-hour time in words, like 9 AM, 6:30 PM, noon or midnight."""
    hours, minutes = map(int, text.split(":"))
    if minutes == 0 and hours in (0, 24):
        return "midnight"
    if minutes == 0 and hours == 12:
        return "noon"
    suffix = "AM" if hours < 12 else "PM"
    hours = hours % 12 or 12
    return f"{hours} {suffix}" if minutes == 0 else f"{hours}:{minutes:02d} {suffix}"


def format_days(days: tuple[str, ...]) -> str:
    """Return days in words, joining a run of three or more: Monday to Friday."""
    order = list(DAYS)
    picked = sorted(days, key=order.index)
    indexes = [order.index(d) for d in picked]
    if len(picked) == 7:
        return "Every day"
    if len(picked) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{DAYS[picked[0]]} to {DAYS[picked[-1]]}"
    names = [DAYS[d] for d in picked]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def format_schedule(schedule: Schedule) -> str:
    """Return one schedule in words, like 'Monday to Friday, 9 AM to 5 PM'."""
    if schedule.open_24_7:
        text = "Open 24 hours a day, 7 days a week"
    else:
        days = format_days(schedule.days)
        if schedule.weeks:
            weeks = [WEEKS[w] for w in sorted(schedule.weeks, key=lambda w: w if w > 0 else 9)]
            weeks_text = weeks[0] if len(weeks) == 1 else ", ".join(weeks[:-1]) + " and " + weeks[-1]
            days = f"The {weeks_text} {days} of the month"
        assert schedule.opens and schedule.closes  # the schema asks for both, with days
        text = f"{days}, {format_time(schedule.opens)} to {format_time(schedule.closes)}"
        if schedule.overnight:
            text += " the next day"
    if schedule.valid_from:
        text += f", from {format_date(schedule.valid_from)}"
    if schedule.valid_to:
        text += f", until {format_date(schedule.valid_to)}"
    return f"{text} ({schedule.description})" if schedule.description else text


def format_hours(listing: Listing) -> list[str]:
    """Return the listing's hours as lines of words, the time zone named where it matters."""
    lines = [format_schedule(s) for s in listing.schedules]
    if listing.closed_on:
        dates = [format_date(d) for d in listing.closed_on]
        lines.append("Closed on " + (dates[0] if len(dates) == 1 else "; ".join(dates[:-1]) + " and " + dates[-1])
                     + ".")
    if any(not s.open_24_7 for s in listing.schedules):
        lines.append(f"Times are {zone_name(listing.time_zone)}.")
    return lines


def zone_name(time_zone: str) -> str:
    """Return a time zone as people say it, like Eastern time; its IANA name if it has no common one."""
    return ZONES.get(time_zone, time_zone)


def hours_summary(listing: Listing) -> str:
    """Return the hours in one short line for cards and the top of a listing, as true at any hour as in the
    build: hours.js replaces it with what holds now, so it never says "open now" itself."""
    if len(listing.schedules) != 1:
        return "Meets on set days: see the times" if listing.meetings else "Open at set times: see the hours"
    schedule = listing.schedules[0]
    if schedule.open_24_7 and not (schedule.valid_from or schedule.valid_to or listing.closed_on):
        return "Open 24 hours, every day"
    words = format_schedule(dataclasses.replace(schedule, description=None))  # the listing page has the note
    return words if schedule.open_24_7 else f"{words} ({zone_name(listing.time_zone)})"


def hours_data(listing: Listing) -> Markup:
    """Return what hours.js needs to say whether a listing is open now, as JSON safe in a single-quoted attribute:
    the schedules in the content's own names, the days with no service and the listing's time zone."""
    schedules = [{name: value.isoformat() if isinstance(value, dt.date) else value
                  for name, value in dataclasses.asdict(s).items() if value and name != "description"}
                 for s in listing.schedules]
    data = {"time_zone": listing.time_zone, "schedules": schedules, "meetings": listing.meetings,
            "closed_on": [d.isoformat() for d in listing.closed_on]}
    return htmlsafe_json_dumps({name: value for name, value in data.items() if value}, separators=(",", ":"),
                               sort_keys=True)


def format_area(listing: Listing) -> str:
    """Return where a listing serves, like 'Asheville, NC' or 'Anywhere in the United States'."""
    if listing.location:
        return f"{listing.location.city}, {listing.location.state}"
    areas = list(listing.service_area)
    if areas == ["United States"]:
        return "Anywhere in the United States"
    if areas == ["Online"]:
        return "Online, from anywhere"
    return ", ".join(areas)


def map_links(loc: Location) -> dict[str, str]:
    """Return links that open an address in the visitor's map app or on OpenStreetMap; no map is embedded."""
    address = ", ".join(x for x in (loc.street, loc.city, f"{loc.state} {loc.postal_code or ''}".strip()) if x)
    return {"app": "geo:0,0?q=" + quote(address),
            "web": "https://www.openstreetmap.org/search?" + urlencode({"query": address})}


def facets(listing: Listing) -> dict[str, list[str]]:
    """Return the values search filters use for a listing, by filter name."""
    reach = []
    if any(p.type in ("voice", "tty", "videophone") for p in listing.phones):
        reach.append("Phone")
    if any(p.type == "text" for p in listing.phones):
        reach.append("Text")
    if listing.chat_url:
        reach.append("Chat")
    if listing.location:
        reach.append("In person")
    # Taking part online (service_area: [Online], HSDS's virtual location), not having a website: a website is how
    # to learn about a service, and an in-person group with one is not an online group.
    if "Online" in listing.service_area:
        reach.append("Online")
    if listing.location:
        area = [listing.location.city]
    else:
        area = ["National and online" if a in NATIONAL else a for a in listing.service_area]
    values = {"category": [listing.category.plural], "area": sorted(set(area)),
              "cost": [c.replace("-", " ").capitalize() for c in listing.cost], "language": list(listing.languages),
              "reach": reach,
              "audience": list(listing.audience), "hours": ["Open 24/7"] if listing.open_24_7 else []}
    # Pagefind splits a filter value at commas: "Buncombe County, NC" would become two values.
    return {name: [v.replace(",", "") for v in found] for name, found in values.items()}


def search_words(listing: Listing, search: SearchWords) -> str:
    """Return the words a listing is also found by, though its page does not show them: its tags, and the
    everyday words for its tags, audiences and category (content/search.yaml)."""
    tags = [tag.replace("-", " ") for tag in listing.tags]
    return " ".join([*tags, *search.words_for((*listing.tags, *listing.audience, listing.category.slug))])


def json_ld(listing: Listing, site: Site) -> str:
    """Return schema.org data for a listing, safe to place inside a <script> element."""
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "Organization", "name": listing.name,
            "description": listing.summary, "url": site.base_url + listing_url(listing.slug)}
    if listing.url:
        data["sameAs"] = listing.url
    if listing.email:
        data["email"] = listing.email
    phones = [p.display for p in listing.phones if p.type == "voice"]
    if phones:
        data["telephone"] = phones[0]
    if listing.location:
        loc = listing.location
        data["address"] = {"@type": "PostalAddress", "addressLocality": loc.city, "addressRegion": loc.state,
                           **({"streetAddress": loc.street} if loc.street else {}),
                           **({"postalCode": loc.postal_code} if loc.postal_code else {})}
        if loc.latitude is not None and not loc.approximate:  # a ZIP code's centre is not where the place is
            data["geo"] = {"@type": "GeoCoordinates", "latitude": loc.latitude, "longitude": loc.longitude}
    return script_json(data)


def script_json(data: object) -> str:
    """Return data as JSON that is safe to place inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # "<" never appears raw, so no content can close the <script> element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def listing_data(listing: Listing) -> str:
    """Return what the saved list shows of a listing, as JSON for its page's <script type="application/json">:
    my-list.js reads it from the page itself, so a saved listing is always as current as its page."""
    return script_json({"slug": listing.slug, "name": listing.name, "url": listing_url(listing.slug),
                        "where": address(listing.location) if listing.location else format_area(listing),
                        "phones": [{"label": phone_label(p), "href": p.href} for p in listing.phones if p.href],
                        "hours": format_hours(listing)})


def address(loc: Location) -> str:
    """Return an address on one line, like 100 Example Street, Asheville, NC 28801."""
    return ", ".join(x for x in (loc.street, loc.city, f"{loc.state} {loc.postal_code or ''}".strip()) if x)


def place(listing: Listing) -> dict[str, str]:
    """Return where a listing is for sorting by distance, as near.js reads it from a card or a search result:
    lat and lon, and for a ZIP code's or town's centre what it is the centre of. Empty for a service area."""
    loc = listing.location
    if loc is None or loc.latitude is None or loc.longitude is None:
        return {}
    found = {"lat": f"{loc.latitude:g}", "lon": f"{loc.longitude:g}"}
    if loc.approximate:
        found["approx"] = f"ZIP code {loc.postal_code[:5]}" if loc.postal_code else loc.city
    return found


@cache  # the site's own code is printed on two pages
def qr_code(url: str) -> Markup:
    """Return a QR code for an address as inline SVG (segno), black on white so it scans in dark mode too.

    Hidden from screen readers: the page prints the address beside it in words."""
    code = segno.make_qr(url, error="m", mask=QR_MASK)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, svgclass="qr-code", lineclass=None, omitsize=True,
              nl=False, dark="#000", light="#fff")
    return Markup(out.getvalue().decode().replace("<svg ", '<svg aria-hidden="true" ', 1))


# segno picks the mask that scores best of eight, as the standard suggests, which is four fifths of a code's time:
# 10 ms a listing, 100 s of a build of 10,000. Scanners read any mask, so every code uses one.
QR_MASK = 4


# Presentation helpers: the templates print what these return, so every decision about wording,
# order and addresses lives here, where it can be read and tested.

FILTER_LEGENDS = {"category": "Kind of help", "reach": "Ways to reach them", "hours": "Hours", "area": "Area",
                  "cost": "Cost", "language": "Language", "audience": "Who it is for"}
REACH_ORDER = ["Phone", "Text", "Chat", "In person", "Online"]
GUIDES_FILTER = "Guides"  # the category filter value guide pages carry (templates/guide.html)
OPEN_NOW = "Open now"  # the hours filter value search.js checks by the visitor's clock, as no page can carry it


@dataclass(frozen=True)
class Action:
    """One way to reach a listing: a link people can tap, like 'Call 988'."""

    label: str
    href: str
    kind: str  # call, text, tty, chat, website or email: picks the icon
    note: str = ""
    external: bool = False  # a web page on another site: opened with rel="noopener noreferrer"


@dataclass(frozen=True)
class FilterGroup:
    """One search filter: its Pagefind name, the words people see, and its values in the order shown."""

    name: str
    legend: str
    values: list[str]


def phone_label(phone: Phone) -> str:
    """Return what a phone link says, like 'Call 988', 'Text HOME to 741741' or 'Call (828) 555-0101, extension 2'."""
    if phone.type == "text":
        return f"Text {phone.keyword} to {phone.display}" if phone.keyword else f"Text {phone.display}"
    label = f"{PHONE_TYPES[phone.type]} {phone.display}"
    return f"{label}, extension {phone.extension}" if phone.extension else label


def actions(listing: Listing) -> list[Action]:
    """Return every way to reach a listing: its phones in the editor's order, then chat, website and email."""
    kinds = {"voice": "call", "text": "text", "tty": "tty", "videophone": "call"}
    found = [Action(phone_label(p), p.href, kinds[p.type], p.description or "") for p in listing.phones]
    if listing.chat_url:
        found.append(Action("Chat online", listing.chat_url, "chat", external=True))
    if listing.url:
        found.append(Action("Visit their website", listing.url, "website", external=True))
    if listing.email:
        found.append(Action(f"Email {listing.email}", f"mailto:{listing.email}", "email"))
    return found


def card_actions(listing: Listing) -> list[Action]:
    """Return the phone links a card shows: the first two, so a card stays short but one tap still calls."""
    return [a for a in actions(listing) if a.kind in ("call", "text", "tty")][:2]


def primary_phone(listing: Listing) -> Action | None:
    """Return the phone search results show: the first voice line, else the first phone of any kind."""
    phones = [a for a in actions(listing) if a.kind in ("call", "text", "tty")]
    calls = [a for a in phones if a.kind == "call"]
    return (calls or phones)[0] if phones else None


def facts(listing: Listing) -> list[tuple[str, str]]:
    """Return the listing's details as (question, answer) pairs, leaving out what the editor left out."""
    found = [("Who it is for", ", ".join(listing.audience)), ("Where", format_area(listing)),
             ("Languages", ", ".join(listing.languages)),
             ("Cost", ", ".join(c.replace("-", " ") for c in listing.cost).capitalize()
              + (f". {listing.cost_note}" if listing.cost and listing.cost_note else listing.cost_note or "")),
             ("Accessibility", "; ".join(listing.accessibility))]
    return [(question, answer) for question, answer in found if answer]


def source_links(listing: Listing) -> list[tuple[str, str]]:
    """Return (address, label) for each source, labelled by its website: 988lifeline.org, samhsa.gov (2)."""
    seen: Counter[str] = Counter()
    found = []
    for url in listing.source:
        host = url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
        seen[host] += 1
        found.append((url, host if seen[host] == 1 else f"{host} ({seen[host]})"))
    return found


def repository_path(path: str) -> str:
    """Return a content file's path in the repository, like content/listings/x.yaml, never a path of this machine."""
    if not os.path.isabs(path):
        return PurePath(path).as_posix()
    if path.startswith(PROJECT_PREFIX):
        return PurePath(path[len(PROJECT_PREFIX):]).as_posix()
    folder, name = os.path.split(path)
    return f"content/{os.path.basename(folder)}/{name}"  # built from a copy elsewhere: name it as it is in content/


PROJECT_PREFIX = os.path.join(PROJECT_DIR, "")  # the project folder and a separator


def report_url(listing: Listing, site: Site) -> str:
    """Return a link that opens a new GitHub issue about the listing, its title and body filled in."""
    body = (f"Listing: {listing.name}\nPage: {site.base_url}{listing_url(listing.slug)}\n"
            f"File: {repository_path(listing.path)}\n\n")
    title = f"Problem with listing: {listing.name}"
    # Quoted in two parts, as quoting the whole body for each of 10,000 listings took a second.
    return f"{site.repository_url.rstrip('/')}/issues/new?title={quote(title, safe='')}&body={quote(body, safe='')}" \
           f"{REPORT_QUESTION}"


REPORT_QUESTION = quote("What is wrong? For example: the number does not work, the hours have changed, or the service "
                        "has closed.\n\n\n(Please do not write anything personal here: anyone can read this issue.)\n",
                        safe="")


def edit_url(listing: Listing, site: Site) -> str:
    """Return a link to the listing's file in GitHub's web editor."""
    path = quote(repository_path(listing.path))
    return f"{site.repository_url.rstrip('/')}/edit/{quote(site.repository_branch)}/{path}"


def search_filters(directory: Directory) -> list[FilterGroup]:
    """Return the search page's filters, each value once: categories in site order, the rest most common first."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FILTER_LEGENDS}
    for listing in directory.listings:
        for name, values in facets(listing).items():
            counts[name].update(values)
    counts["category"][GUIDES_FILTER] += len(directory.guides)
    counts["hours"][OPEN_NOW] += sum(1 for listing in directory.listings if listing.schedules)
    fixed = {"category": [c.plural for c in directory.categories] + [GUIDES_FILTER], "reach": REACH_ORDER,
             "hours": [OPEN_NOW, "Open 24/7"]}
    groups = []
    for name, legend in FILTER_LEGENDS.items():
        if name in fixed:
            values = [v for v in fixed[name] if counts[name][v]]
        else:
            values = sorted(counts[name], key=lambda v: (-counts[name][v], v.casefold()))
        if values:
            groups.append(FilterGroup(name, legend, values))
    return groups


def main_nav(directory: Directory) -> list[tuple[str, str]]:
    """Return the main navigation as (address, words): browsing, guides, then each article such as About."""
    # An article is named by its file name ("About"), not its title ("About this directory"): the menu must fit a phone.
    articles = [(article_url(a.slug), a.slug.replace("-", " ").capitalize()) for a in directory.articles]
    return [("listings/", "All listings"), ("guides/", "Guides")] + articles


def counted(count: int, word: str) -> str:
    """Return a count with its noun, like '1 listing' or '9 listings'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
