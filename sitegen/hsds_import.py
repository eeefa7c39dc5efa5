"""`build.py import-hsds`: Open Referral HSDS 3.0 services as listing files, and what has no place in them, reported.

A 211's export becomes a start for a new directory: one listing file per service, each with a comment naming its
source, marked `verified: {by: sources}` (read from the export, not confirmed with the service). A value a
listing cannot take as it is (a state that is not two letters, a sentence where a place name goes) is left out
and kept in a comment at the end of its listing, to correct and put back: one slip in a 211's thousands of
services does not hold back the build. What a listing has no field for is reported, one line per field per
service, never dropped silently. Bad input (not JSON, the wrong shape, a CSV folder without its datapackage.json)
is an error, and then nothing is written.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import fastjsonschema
import yaml

from . import hsds, schema
from .config import Config
from .hsds_read import BadSource, read_services
from .load import MAX_SLUG, RESERVED_SLUGS, SLUG
from .new import SCHEMA_COMMENT, read_categories, slugify
from .problems import Position
from .yamltext import FieldPath, field_name

PHONE_TYPES = {**{v: k for k, v in hsds.PHONE_TYPE.items()}, "cell": "voice", "tty": "tty"}
UNCALLABLE = {"fax": "a fax number", "pager": "a pager number"}
STATUS = {**{v: k for k, v in hsds.STATUS.items()}, "defunct": "inactive"}
# Fields read into the listing, or that only link records together: anything else is reported.
READ = {"id", "organization_id", "name", "description", "url", "email", "status", "alert", "fees_description",
        "eligibility_description", "assured_date", "phones", "schedules", "service_areas", "service_at_locations",
        "languages", "cost_options", "organization", "x_slug", "x_summary", "x_category", "x_tags", "x_chat_url",
        "x_details_by", "x_details_date", "x_details_note", "x_sources", "x_hours_unconfirmed", "x_accessibility"}


def main(source: Path, content_dir: Path, category: str | None, source_url: str | None, today: dt.date,
         schema_dir: Path = Config.schema_dir) -> int:
    """Import the services in source into content_dir/listings/ and report what had no place or could not be
    valid; return the exit code: 0, or 1 if the source is bad."""
    categories, problem = read_categories(content_dir)
    if problem:
        print(f"build.py import-hsds: {problem}", file=sys.stderr)
        return 1
    if category is not None and category not in categories:
        print(f"build.py import-hsds: --category {category}: expected a category from {content_dir}/categories.yaml "
              f"({', '.join(categories)})", file=sys.stderr)
        return 1
    try:
        services = read_services(source)
    except BadSource as error:
        print(f"build.py import-hsds: {error}; nothing was written.", file=sys.stderr)
        return 1
    folder = content_dir / "listings"
    taken = {path.stem for path in folder.glob("*.yaml")} if folder.is_dir() else set()
    planned: list[tuple[Path, str]] = []
    left_out: Counter[str] = Counter()
    left_invalid: Counter[str] = Counter()
    for service in services:
        fields, unmapped = listing_from_hsds(service, categories=set(categories), category=category,
                                             source_url=source_url, today=today)
        label = f"{source.name}: {service.get('name') or service.get('id') or 'a service'}"
        slug = str(service.get("x_slug") or "")  # our own export's: links between listings keep working
        slug = slug if SLUG.match(slug) and len(slug) <= MAX_SLUG and slug not in RESERVED_SLUGS else \
            slugify(str(fields.get("name", ""))) or "service"
        if slug in taken:
            if (folder / f"{slug}.yaml").exists():
                print(f"{label}: kept {folder / slug}.yaml as it is: a listing of that name exists", file=sys.stderr)
                continue
            slug = next(f"{slug}-{n}" for n in range(2, len(taken) + 3) if f"{slug}-{n}" not in taken)
        taken.add(slug)
        fields, invalid = valid_only(fields, schema_dir)
        for field, why in unmapped:
            print(f"{label}: {field}: {why}", file=sys.stderr)
            left_out[re.sub(r"\[\d+\]", "[]", field)] += 1
        for where, _, whys in invalid:
            for why in whys:
                print(f"{label}: {why}; left out, in a comment at the end of the listing", file=sys.stderr)
            left_invalid[re.sub(r"\[\d+\]", "[]", field_name(where))] += bool(whys)
        planned.append((folder / f"{slug}.yaml", listing_yaml(fields, invalid, source, service, today)))
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in planned:
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite a listing
            file.write(text)
        print(path)
    print(f"Imported {len(planned)} of {len(services)} services from {source.name} into {folder}/."
          + (f" Left out, having no place in a listing: {', '.join(f'{k} ({n})' for k, n in left_out.most_common())}."
             if left_out else "")
          + (f" Left out, as a listing cannot take them as they are: "
             f"{', '.join(f'{k} ({n})' for k, n in left_invalid.most_common())}." if left_invalid else "")
          + ("" if source_url else " With no --source, each listing's source is left for you to fill in: the web "
                                   "address the data was published at."), file=sys.stderr)
    return 0


def listing_from_hsds(service: dict[str, Any], *, categories: set[str], category: str | None,
                      source_url: str | None, today: dt.date) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Return one HSDS service as a listing's fields, and each field of it a listing has no place for, with why."""
    unmapped: list[tuple[str, str]] = [(key, "no place in a listing") for key, value in service.items()
                                       if key not in READ and value not in (None, "", [], {})]

    def text(key: str) -> str | None:
        return str(service[key]).strip() if service.get(key) not in (None, "") else None

    fields: dict[str, Any] = {"name": text("name")}
    chosen = text("x_category")
    if chosen and chosen not in categories:
        unmapped.append(("x_category", f"'{chosen}' is not a category in categories.yaml"))
    if chosen in categories or category:
        fields["category"] = chosen if chosen in categories else category
    description = text("description")
    fields["summary"] = text("x_summary") or (first_sentence(description) if description else None)
    status = str(service.get("status") or "active")
    if STATUS.get(status, "active") != "active":
        fields["status"] = STATUS[status]
    elif status not in STATUS:
        unmapped.append(("status", f"'{status}' is not an HSDS status; imported as active"))
    fields["notice"] = text("alert")
    if description and description != fields["summary"]:
        fields["description"] = description
    fields["url"], fields["email"], fields["chat_url"] = text("url"), text("email"), text("x_chat_url")
    # A listing has one location: the first; the rest are reported, to be imported as listings of their own.
    every_location = [at for at in service.get("service_at_locations") or [] if isinstance(at, dict)]
    at_locations = every_location[:1]
    places = [at["location"] for at in at_locations if isinstance(at.get("location"), dict)]
    unmapped += [(f"service_at_locations[{n}]", "a listing has one location; import it as a listing of its own")
                 for n in range(1, len(every_location))]
    fields["phones"] = phones_from_hsds(
        [("phones", service.get("phones"))] + [(f"service_at_locations[{n}].phones", at.get("phones"))
                                               for n, at in enumerate(at_locations)]
        + [(f"service_at_locations[{n}].location.phones", place.get("phones")) for n, place in enumerate(places)],
        unmapped)
    if places:
        fields["location"], accessibility = location_from_hsds(places[0], "service_at_locations[0].location",
                                                               fields["name"], unmapped)
        fields["accessibility"] = accessibility
    else:
        fields["accessibility"] = [str(x) for x in service.get("x_accessibility") or []]
    for n, at in enumerate(at_locations):
        unmapped += [(f"service_at_locations[{n}].{key}", "no place in a listing") for key, value in at.items()
                     if key not in ("id", "service_id", "location_id", "location", "phones", "schedules") and value]
    areas = service.get("service_areas") or []
    fields["service_area"] = [str(area["name"]) for area in areas if area.get("name")]
    unmapped += [(f"service_areas[{n}].{key}", "no place in a listing") for n, area in enumerate(areas)
                 for key, value in area.items() if key not in ("id", "service_id", "name") and value]
    schedules = [("schedules", service.get("schedules"))] + \
        [(f"service_at_locations[{n}].schedules", at.get("schedules")) for n, at in enumerate(at_locations)] + \
        [(f"service_at_locations[{n}].location.schedules", p.get("schedules")) for n, p in enumerate(places)]
    fields["schedules"], time_zone = schedules_from_hsds(schedules, unmapped)
    fields["time_zone"] = time_zone
    languages = _each([("languages", service.get("languages"))] + [
        (f"service_at_locations[{n}].location.languages", p.get("languages")) for n, p in enumerate(places)])
    fields["languages"] = list(dict.fromkeys(str(language["name"]) for _, language in languages
                                             if language.get("name")))
    unmapped += [(f"{where}.{key}", "no place in a listing") for where, language in languages
                 for key, value in language.items() if value and key != "id" and not key.endswith("_id")
                 and not (key == "name" or key == "code" and language.get("name"))]
    fields["cost"], fields["cost_note"] = costs_from_hsds(service.get("cost_options") or [], unmapped), \
        text("fees_description")
    audience = [part.strip() for part in (text("eligibility_description") or "").split(",") if part.strip()]
    if audience and all(part in schema.choices(Config.schema_dir, "audience") for part in audience):
        fields["audience"] = audience
    elif audience:
        unmapped.append(("eligibility_description", "no place in a listing (audience takes only its own words)"))
    fields["tags"] = [str(tag) for tag in service.get("x_tags") or []]
    organization = service.get("organization")
    if isinstance(organization, dict) and organization.get("name") not in (None, fields["name"]):
        unmapped.append(("organization", f"a listing does not name the organization ('{organization['name']}')"))
    fields["hours_unconfirmed"] = True if service.get("x_hours_unconfirmed") is True and fields["schedules"] else None
    # Read from the export, not confirmed with the service: by sources, whatever the export says of its own checks.
    fields["verified"] = {"date": verified_on(text("assured_date") or text("x_details_date"), today), "by": "sources"}
    fields["source"] = [source_url] if source_url else None
    return {key: value for key, value in fields.items() if value not in (None, [], "")}, unmapped


LeftOut = list[tuple[FieldPath, Any, list[str]]]  # where in a listing, the value, and what is wrong with it


def valid_only(fields: dict[str, Any], schema_dir: Path) -> tuple[dict[str, Any], LeftOut]:
    """Return a listing's fields without what breaks the listing schema, and each part left out: where, its
    value, and what is wrong with it, in check's words.

    So an export with a slip in it (a ZIP code of four digits, a latitude of 100) still imports as a listing that
    builds, and its editor finds each value left out in a comment, to correct and put back. The part left out is
    the smallest that makes sense alone: a field of the address (the whole address if it cannot be one without
    it: a state), one item of a list (one phone, one area), or else the field. A field every listing needs (its
    name, summary, category) stays, for check to point at."""
    fields = copy.deepcopy(fields)
    try:
        schema.validators(schema_dir, "listing")[0](copy.deepcopy(fields))  # which fills in defaults
        return fields, []
    except fastjsonschema.JsonSchemaException:
        pass
    explaining = schema.explaining(schema_dir, "listing")
    needed, properties = set(explaining.schema["required"]), explaining.schema["properties"]
    left: LeftOut = []
    while errors := [e for e in explaining.iter_errors(fields) if e.absolute_path and e.absolute_path[0] not in needed]:
        found: dict[FieldPath, list[str]] = {}
        for error in errors:
            path = tuple(error.absolute_path)
            part = path[:2] if len(path) > 1 and (path[0] == "location" or properties[path[0]].get("type") == "array") \
                else path[:1]
            found.setdefault(part, []).extend(
                f"{p.field}: {p.message}" for p in schema.explain(error, path, lambda *_, **__: Position("")))
        if any(p[0] == "location" and (len(p) == 1 or p[1] in properties["location"]["required"]) for p in found):
            found = {p: said for p, said in found.items() if p[0] != "location"} | {("location",): [
                why for p, said in found.items() if p[0] == "location" for why in said]}
        for part, whys in sorted(found.items(), key=lambda item: [-x if isinstance(x, int) else x for x in item[0]]):
            field = str(part[0])  # list items from the last, so each index holds
            holder: Any = fields[field] if len(part) > 1 else fields
            if isinstance(holder, dict) and part[-1] not in holder:
                continue  # left out already, with the other of latitude and longitude
            left.append((part, holder.pop(part[-1]), whys))
            if field == "location" and part[-1] in ("latitude", "longitude"):  # one goes with the other
                other = "longitude" if part[-1] == "latitude" else "latitude"
                if other in holder:
                    left.append(((field, other), holder.pop(other), found.get((field, other), [])))
            if len(part) > 1 and not fields[field]:
                del fields[field]
    return fields, left


def _each(groups: list[tuple[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Return the objects of some lists, each with where it was found, like phones[0]."""
    return [(f"{where}[{n}]", item) for where, items in groups for n, item in enumerate(items or [])
            if isinstance(item, dict)]


def phones_from_hsds(groups: list[tuple[str, Any]], unmapped: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Return the phones of a service, its locations and their services there, each number once."""
    phones: dict[str, dict[str, Any]] = {}
    for where, phone in _each(groups):
        number = str(phone.get("number") or "").strip().strip('"').strip()
        kind = str(phone.get("type") or "voice").lower()
        # 988: call, call and press 1, text, text AYUDA
        key = f"{number} {kind} {phone.get('extension')} {phone.get('x_press')} {phone.get('x_keyword')}"
        if not number or key in phones:
            continue
        if kind in UNCALLABLE or kind not in PHONE_TYPES:
            unmapped.append((where, f"{UNCALLABLE.get(kind, f'a phone of type {kind!r}')} cannot be called or "
                                    "texted from the site"))
            continue
        phones[key] = {name: value for name, value in {
            "number": number, "type": None if PHONE_TYPES[kind] == "voice" else PHONE_TYPES[kind],
            "keyword": phone.get("x_keyword"),
            "extension": str(phone["extension"]) if phone.get("extension") not in (None, "") else None,
            "press": str(phone["x_press"]) if phone.get("x_press") not in (None, "") else None,
            "description": phone.get("description")}.items() if value is not None}
        unmapped += [(f"{where}.{name}", "no place in a listing") for name, value in phone.items() if value and name
                     not in ("id", "number", "type", "extension", "description", "x_keyword", "x_press")
                     and not name.endswith("_id")]
    return list(phones.values())


def location_from_hsds(place: dict[str, Any], where: str, name: str | None,
                       unmapped: list[tuple[str, str]]) -> tuple[dict[str, Any] | None, list[str]]:
    """Return a location's address (its first physical one) and access features."""
    addresses = [a for a in place.get("addresses") or [] if isinstance(a, dict)]
    physical = [a for a in addresses if a.get("address_type") in (None, "physical")] or addresses
    unmapped += [(f"{where}.{key}", "no place in a listing") for key, value in place.items() if value and key not in (
        "id", "location_type", "organization_id", "latitude", "longitude", "addresses", "accessibility", "phones",
        "languages", "schedules") and not (key == "name" and value == name)]  # our export names it as the service
    features = _each([(f"{where}.accessibility", place.get("accessibility"))])
    accessibility = [str(a["description"]) for _, a in features if a.get("description")]
    unmapped += [(f"{at}.{key}", "no place in a listing") for at, a in features for key, value in a.items()
                 if value and key not in ("id", "location_id", "description")]
    if not physical:
        unmapped.append((f"{where}.addresses", "none: a listing's location needs at least a city and a state"))
        return None, accessibility
    address = physical[0]
    n = addresses.index(address)
    street = ", ".join(str(address[key]) for key in ("address_1", "address_2") if address.get(key))
    found = {"street": street, "city": address.get("city"), "state": address.get("state_province"),
             "postal_code": str(address["postal_code"]) if address.get("postal_code") else None,
             "latitude": place.get("latitude"), "longitude": place.get("longitude")}
    unmapped += [(f"{where}.addresses[{n}].{key}", "no place in a listing") for key, value in address.items()
                 if value and key not in ("id", "location_id", "address_1", "address_2", "city", "state_province",
                                          "postal_code", "country", "address_type")]
    unmapped += [(f"{where}.addresses[{i}]", "a listing has one address") for i in range(len(addresses)) if i != n]
    return {key: value for key, value in found.items() if value not in (None, "")}, accessibility


def schedules_from_hsds(groups: list[tuple[str, Any]],
                        unmapped: list[tuple[str, str]]) -> tuple[list[dict[str, Any]], str | None]:
    """Return a service's opening times and their time zone's name, if HSDS gives one (x_timezone_name)."""
    found, seen, zones = [], set(), set()
    for where, item in _each(groups):
        if item.get("id") in seen and item.get("id"):
            continue
        seen.add(item.get("id"))
        schedule, left = hsds.schedule_from_hsds(item)
        if schedule is None:
            unmapped.append((where, "not a weekly or monthly opening time a listing can show; " +
                             f"could not read {', '.join(dict.fromkeys(left))}"))
            continue
        found.append(schedule)
        unmapped += [(f"{where}.{key}", "no place in a listing") for key in left]
        if item.get("x_timezone_name"):
            zones.add(str(item["x_timezone_name"]))
        elif item.get("timezone") not in (None, ""):
            unmapped.append((f"{where}.timezone", f"a UTC offset ({item['timezone']}) cannot say which time zone; "
                                                  "set time_zone if it is not the site's"))
    return found, (sorted(zones)[0] if len(zones) == 1 else None)


def costs_from_hsds(options: list[Any], unmapped: list[tuple[str, str]]) -> list[str]:
    """Return the cost words of a service's cost options: an option named like ours, or free for an amount of 0
    and paid for more."""
    costs = []
    for n, option in enumerate(o for o in options if isinstance(o, dict)):
        word = str(option.get("option") or "").strip().lower()
        amount = option.get("amount")
        if word in schema.choices(Config.schema_dir, "cost"):
            costs.append(word)
        elif isinstance(amount, (int, float)):
            costs.append("free" if amount == 0 else "paid")
        else:
            unmapped.append((f"cost_options[{n}]", "no place in a listing"))
            continue
        unmapped += [(f"cost_options[{n}].{key}", "no place in a listing") for key, value in option.items()
                     if value not in (None, "") and key not in ("id", "service_id", "amount")
                     and not (key == "option" and word in schema.choices(Config.schema_dir, "cost"))]
    return list(dict.fromkeys(costs))


def first_sentence(text: str) -> str:
    """Return the first sentence of a text, for a listing's summary."""
    match = re.match(r"(.+?[.!?])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else " ".join(text.split())


def verified_on(assured: str | None, today: dt.date) -> str:
    """Return the day the source says it last checked the details (assured_date, or our export's x_details_date),
    or else today's."""
    try:
        day = dt.date.fromisoformat((assured or "")[:10])
    except ValueError:
        return today.isoformat()
    return min(day, today).isoformat()


class _Dumper(yaml.SafeDumper):
    """Write text of several lines as a block (description: |), as editors write it."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def listing_yaml(fields: dict[str, Any], invalid: LeftOut, source: Path,
                 service: dict[str, Any], today: dt.date) -> str:
    """Return a listing file: the schema line, a comment naming the source, the fields, then in comments each
    part left out as invalid (valid_only), as YAML to correct and move up."""
    origin = f"{source.name}" + (f", service {service['id']}" if service.get("id") else "")
    text = (f"{SCHEMA_COMMENT}\n# Imported from HSDS data ({origin}) on {today.isoformat()}:\n"
            "# read from that source, not confirmed with the service.\n" + _yaml(fields))
    if invalid:
        text += "\n# Left out on import, as a listing cannot take them as they are. Correct one, then move it up\n" \
                "# into the listing without the #.\n"
    for part, value, whys in invalid:
        shown = {str(part[0]): [value] if isinstance(part[-1], int) else {part[1]: value} if len(part) > 1 else value}
        text += "#\n" * bool(whys) + "".join(f"# ({why})\n" for why in whys)
        text += "".join(f"# {line}".rstrip() + "\n" for line in _yaml(shown).splitlines())
    return text


def _yaml(fields: dict[str, Any]) -> str:
    return yaml.dump(fields, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
