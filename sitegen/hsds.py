"""Open Referral HSDS 3.0: the directory as HSDS data, shaped like the HSDS API's responses, and back.

Every build publishes, under hsds/ in the site, what an HSDS API would answer:

    hsds/services/<id>.json        GET /services/{id}: one service with everything we know about it
    hsds/services.json             GET /services: a page of services with their one-to-one fields
    hsds/services-2.json ...       the next pages (PER_PAGE services each)
    hsds/organizations/<id>.json   GET /organizations/{id}
    hsds/organizations.json ...    GET /organizations, paged the same way

Ids are UUIDs made from the listing's slug (UUIDv5), so they never change while the file name does not, and a
consumer can diff two exports. A listing does not name the organization behind the service, so each service's
organization is the listing itself: the same name, website and email. What HSDS has no field for is kept in
extension fields whose names start with x_ (HSDS allows extra properties): see EXTENSIONS.

HSDS readers take assured_date as a quality check: someone confirmed the details. So it is given only for a listing
confirmed with the service (verified.by phone or provider). One whose details were only read from public pages has
none; x_details_by, x_details_date and x_details_note say how and when its details were got, in plain words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
import zoneinfo
from typing import Any

from . import kept
from .models import Directory, Listing, Schedule, Site
from .schedules import DAY_NAMES

# Fixed once for this software: the namespace every id of its exports is made in. Never change it.
NAMESPACE = uuid.UUID("5a0f3e1c-7f4b-5b8e-9c3d-2e6a1b9d4c70")
PER_PAGE = 500  # services (or organizations) in one page of a list: about 0.5 MB
BYDAY = {day: day[:2].upper() for day in DAY_NAMES}  # mon -> MO, as iCalendar (RFC 5545) names the days
STATUS = {"active": "active", "temporarily-closed": "temporarily closed", "inactive": "inactive"}
PHONE_TYPE = {"voice": "voice", "text": "text", "tty": "textphone", "videophone": "video"}  # HSDS: RFC 6350's words
ASSURED = {"phone", "provider"}  # how a listing's details were confirmed with the service: worth an assured_date
DETAILS_NOTE = {
    "sources": "Read from public web pages on {date}; nobody has confirmed these details with the service.",
    "phone": "Confirmed with the service by phone on {date}.",
    "provider": "Confirmed by the service itself on {date}.",
}
EXTENSIONS = {
    "x_slug": "The listing's file name and address in this directory, from which its ids are made",
    "x_summary": "The listing's one-sentence summary (HSDS has only the longer description)",
    "x_category": "The slug of the listing's category in this directory",
    "x_tags": "The listing's tags",
    "x_chat_url": "A web page where people can chat with the service",
    "x_details_by": "How the details were got: sources (read from the public web pages in x_sources; nobody has "
                    "confirmed them with the service), phone (a person called the service and it confirmed them) or "
                    "provider (the service confirmed them itself). Only phone and provider have an assured_date",
    "x_details_date": "The day the details were read from the sources, or confirmed with the service",
    "x_details_note": "How and when the details were got, in one plain sentence",
    "x_sources": "The public web pages the details were read from",
    "x_hours_unconfirmed": "true if the sources disagree about the hours, or may be out of date: the schedules are "
                           "the narrowest reading, and must not be used to say that the service is open now",
    "x_accessibility": "Access features of a service with no location (with one, they are its location's)",
    "x_keyword": "On a text phone: the word to send first",
    "x_press": "On a phone: the option to choose from the line's menu after calling, like 1 at 988",
    "x_timezone_name": "On a schedule: the IANA time zone its opens_at and closes_at are wall-clock times in",
}


def export(directory: Directory) -> dict[str, dict[str, Any]]:
    """Return every HSDS file of the directory by its path in the site: the lists, then each listing's files."""
    files = lists(directory)
    for listing in directory.listings:
        files.update(listing_files(listing, directory.site, directory.today))
    return files


def lists(directory: Directory) -> dict[str, dict[str, Any]]:
    """Return the paged lists of services and organizations, each item with its one-to-one fields."""
    listings = sorted(directory.listings, key=lambda x: x.slug)
    # kept.py: in serve, making 10,000 listings' items again took a twelfth of a save.
    return {**pages("services", [kept.derived(x, "hsds service", lambda: service_fields(x)) for x in listings]),
            **pages("organizations", [kept.derived(x, "hsds organization", lambda: organization(x))
                                      for x in listings])}


def listing_files(listing: Listing, site: Site, today: dt.date) -> dict[str, dict[str, Any]]:
    """Return one listing's HSDS files: its full service and its organization (which lists the service).

    Made beside the listing's page, on every core: 10,000 services take seconds to make and write."""
    full = service(listing, site, today)
    service_path, organization_path = listing_paths(listing.slug)
    return {service_path: full, organization_path: {**full["organization"], "services": [service_fields(listing)]}}


def listing_paths(slug: str) -> tuple[str, str]:
    """Return the paths of a listing's HSDS files, its service's and its organization's: the plan lists them."""
    return f"hsds/services/{service_id(slug)}.json", f"hsds/organizations/{part_id(slug, 'organization')}.json"


def pages(kind: str, items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Return the pages of a list, as the HSDS API pages them: hsds/services.json, then hsds/services-2.json..."""
    count = max(1, -(-len(items) // PER_PAGE))
    return {f"hsds/{kind}{'' if n == 1 else f'-{n}'}.json": {
        "total_items": len(items), "total_pages": count, "page_number": n,
        "size": len(items[(n - 1) * PER_PAGE:n * PER_PAGE]), "first_page": n == 1, "last_page": n == count,
        "empty": not items, "contents": items[(n - 1) * PER_PAGE:n * PER_PAGE]} for n in range(1, count + 1)}


def service_id(slug: str) -> str:
    """Return the id of a listing's service: the same for the same slug in every export."""
    return uuid5(NAMESPACE.bytes, f"service/{slug}")


def part_id(slug: str, kind: str, n: int = 0) -> str:
    """Return the id of a part of a listing's service, like its second phone: stable while their order is."""
    return uuid5(uuid.UUID(service_id(slug)).bytes, f"{kind}/{n}")


def uuid5(namespace: bytes, name: str) -> str:
    """Return uuid.uuid5(namespace, name) as text, three times as fast: 10,000 listings need 100,000 ids."""
    digest = bytearray(hashlib.sha1(namespace + name.encode()).digest()[:16])
    digest[6], digest[8] = digest[6] & 0x0F | 0x50, digest[8] & 0x3F | 0x80  # version 5, RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def organization(listing: Listing) -> dict[str, Any]:
    """Return the organization of a listing's service: the listing itself, as listings name no organization."""
    return _without_none({"id": part_id(listing.slug, "organization"), "name": listing.name,
                          "description": listing.summary, "website": listing.url, "email": listing.email})


def service_fields(listing: Listing) -> dict[str, Any]:
    """Return a listing's service with its one-to-one fields: what the HSDS API's lists show of each."""
    return _without_none({
        "id": service_id(listing.slug), "organization_id": part_id(listing.slug, "organization"),
        "name": listing.name, "description": listing.description.strip() or listing.summary, "url": listing.url,
        "email": listing.email, "status": STATUS[listing.status], "alert": listing.notice,
        "fees_description": listing.cost_note, "eligibility_description": ", ".join(listing.audience) or None,
        "assured_date": listing.verified.date.isoformat() if listing.verified.by in ASSURED else None,
        "x_slug": listing.slug, "x_summary": listing.summary, "x_category": listing.category.slug,
        "x_chat_url": listing.chat_url, "x_details_by": listing.verified.by,
        "x_details_date": listing.verified.date.isoformat(),
        "x_details_note": DETAILS_NOTE[listing.verified.by].format(date=listing.verified.date.isoformat()),
        "x_hours_unconfirmed": listing.hours_unconfirmed or None})


def service(listing: Listing, site: Site, today: dt.date) -> dict[str, Any]:
    """Return one listing as a full HSDS service."""
    parent = uuid.UUID(service_id(listing.slug)).bytes

    def new_id(kind: str, n: int = 0) -> str:
        return uuid5(parent, f"{kind}/{n}")  # part_id, without making the service's id again

    location = None
    if listing.location:
        place = listing.location
        location = _without_none({
            "id": new_id("location"), "location_type": "physical", "name": listing.name,
            "latitude": place.latitude, "longitude": place.longitude,
            # HSDS requires address_1 and postal_code: an empty text says we do not know them
            "addresses": [{"id": new_id("address"), "address_1": place.street or "", "city": place.city,
                           "state_province": place.state, "postal_code": place.postal_code or "",
                           "country": site.country, "address_type": "physical"}],
            "accessibility": [{"id": new_id("accessibility", n), "description": text}
                              for n, text in enumerate(listing.accessibility)]})
    fields = service_fields(listing)
    return _without_none({
        **fields, "x_tags": list(listing.tags), "x_accessibility": None if location else list(listing.accessibility),
        "x_sources": list(listing.source),
        "phones": [_without_none({"id": new_id("phone", n), "number": phone.number, "type": PHONE_TYPE[phone.type],
                                  "extension": int(phone.extension) if phone.extension else None,
                                  "description": phone.description, "x_keyword": phone.keyword,
                                  "x_press": phone.press})
                   for n, phone in enumerate(listing.phones)],
        "schedules": [{"id": new_id("schedule", n), **schedule_to_hsds(s, listing.time_zone, today)}
                      for n, s in enumerate(listing.schedules)],
        "service_areas": [{"id": new_id("service_area", n), "name": area}
                          for n, area in enumerate(listing.service_area)],
        "service_at_locations": [{"id": new_id("service_at_location"), "service_id": fields["id"],
                                  "location_id": location["id"], "location": location}] if location else [],
        "languages": [{"id": new_id("language", n), "name": name} for n, name in enumerate(listing.languages)],
        "cost_options": [_without_none({"id": new_id("cost_option", n), "option": word,
                                        "amount": 0 if word == "free" else None})
                         for n, word in enumerate(listing.cost)],
        "organization": organization(listing),
    })


def schedule_to_hsds(schedule: Schedule, time_zone: str, today: dt.date) -> dict[str, Any]:
    """Return one opening time in HSDS's iCalendar words (freq, byday, opens_at, closes_at).

    opens_at and closes_at are wall-clock times in the listing's time zone, named in x_timezone_name. HSDS's
    `timezone` is a single UTC offset, which cannot follow daylight saving: we give the zone's standard-time
    offset (-5 for America/New_York, also in summer), so read x_timezone_name where it is understood.
    """
    days: tuple[str, ...] = DAY_NAMES if schedule.open_24_7 else schedule.days
    weeks: tuple[int, ...] = () if schedule.open_24_7 else schedule.weeks
    opens, closes = ("00:00", "24:00") if schedule.open_24_7 else (schedule.opens, schedule.closes)
    byday = ",".join(f"{week}{BYDAY[day]}" for week in weeks for day in days) if weeks else \
        ",".join(BYDAY[day] for day in days)
    return _without_none({"freq": "MONTHLY" if weeks else "WEEKLY", "byday": byday, "opens_at": opens,
                          "closes_at": closes, "timezone": standard_offset(time_zone, today),
                          "valid_from": schedule.valid_from and schedule.valid_from.isoformat(),
                          "valid_to": schedule.valid_to and schedule.valid_to.isoformat(),
                          "description": schedule.description, "x_timezone_name": time_zone})


def schedule_from_hsds(item: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """Return one HSDS schedule as a listing's opening time, and the fields of it that have no place there.

    The one function to change when the listing's hours change shape. None when the schedule cannot be read:
    the unmapped fields then say why.
    """
    unmapped = [key for key, value in item.items() if value not in (None, "") and key not in {
        "id", "service_id", "location_id", "service_at_location_id", "freq", "byday", "opens_at", "closes_at",
        "description", "timezone", "x_timezone_name", "interval", "wkst", "valid_from", "valid_to"}]
    if item.get("interval") not in (None, "", 1):
        unmapped.append("interval")
    freq, byday = str(item.get("freq") or "WEEKLY").upper(), str(item.get("byday") or "")
    opens, closes = _hhmm(item.get("opens_at")), _hhmm(item.get("closes_at"))
    day_of = {v: k for k, v in BYDAY.items()}
    days: list[str] = []
    weeks: list[int] = []
    for part in filter(None, (p.strip().upper() for p in byday.split(","))):
        week, day = part[:-2], day_of.get(part[-2:])
        if day is None or (week and (freq != "MONTHLY" or week.lstrip("+") not in ("1", "2", "3", "4", "5", "-1"))):
            return None, [*unmapped, "byday"]
        days += [day] if day not in days else []
        weeks += [int(week)] if week and int(week) not in weeks else []
    if not days or opens is None or closes is None or freq not in ("WEEKLY", "MONTHLY"):
        return None, [*unmapped, *(["freq"] if freq not in ("WEEKLY", "MONTHLY") else []),
                      *(["byday"] if not days else []), *(["opens_at"] if opens is None else []),
                      *(["closes_at"] if closes is None else [])]
    if weeks and len(weeks) * len(days) != len([p for p in byday.split(",") if p.strip()]):
        return None, [*unmapped, "byday"]  # like 1MO,3WE: not the same days every chosen week
    if len(days) == 7 and not weeks and opens == "00:00" and closes in ("24:00", "23:59"):
        found: dict[str, Any] = {"open_24_7": True}
    else:
        found = {"days": sorted(days, key=DAY_NAMES.index), **({"weeks": weeks} if weeks else {}),
                 "opens": opens, "closes": closes}
    for name in ("valid_from", "valid_to"):  # YYYY-MM-DD in both
        if item.get(name):
            found[name] = str(item[name])[:10]
    if item.get("description"):
        found["description"] = str(item["description"])
    return found, unmapped


def _hhmm(value: Any) -> str | None:
    """Return a time like 09:00 from HSDS's 09:00, 09:00:00 or 09:00-05:00; None if it is not one."""
    text = str(value or "")
    if len(text) >= 5 and text[2] == ":" and text[:2].isdigit() and text[3:5].isdigit() and \
            (text[:5] == "24:00" or int(text[:2]) < 24 and int(text[3:5]) < 60):
        return text[:5]
    return None


def standard_offset(time_zone: str, today: dt.date) -> float:
    """Return a time zone's standard-time offset from UTC in hours, daylight saving left out: -5 for New York."""
    moment = dt.datetime.combine(today, dt.time(12), zoneinfo.ZoneInfo(time_zone))
    offset = (moment.utcoffset() or dt.timedelta()) - (moment.dst() or dt.timedelta())
    hours = offset.total_seconds() / 3600
    return int(hours) if hours.is_integer() else hours


def _without_none(fields: dict[str, Any]) -> dict[str, Any]:
    """Return the fields that have a value: HSDS leaves out what is not known, as do we."""
    return {key: value for key, value in fields.items() if value is not None and value != []}
