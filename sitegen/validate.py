"""Turn raw content into the checked Directory, or collect every problem that stops it."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import zoneinfo
from urllib.parse import quote
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import fastjsonschema
import phonenumbers
from rapidfuzz import fuzz
from rapidfuzz.process import extract

from . import parallel
from .cache import Checked, pack, unpack
from .config import Config
from .load import FieldPath, Source, Sources, field_name, read_yaml_file
from .models import Category, CrisisLine, Directory, Guide, Listing, Location, Page, Phone, Schedule, Site
from .problems import BuildFailed, Position, Problem, mismatch

if TYPE_CHECKING:
    import jsonschema

Locate = Callable[..., Position]
SHORT_CODE = re.compile(r"^[0-9]{3,6}$")  # 988, 211, 741741: dialled as they are
TYPE_WORDS = {"string": "text", "array": "a list", "object": "a group of fields (name: value)",
              "integer": "a whole number", "number": "a number", "boolean": "true or false"}


def check(sources: Sources, config: Config, checked: dict[str, Checked] | None = None
          ) -> tuple[Directory, list[Problem]]:
    """Return the checked directory and its warnings; raise BuildFailed if anything must be fixed.

    checked holds listing files checked before (cache.py): those are taken as they were, and the rest added.
    """
    problems = list(sources.problems)
    site = check_site(sources.site, config, problems)
    country = site.country if site else "US"
    categories = check_categories(sources.categories, problems)
    checked = {} if checked is None else checked

    def check_one(source: Source, found: list[Problem]) -> Checked:
        listing = check_listing(source, categories, sources.categories, site, country, config.today, found)
        source.keep_landmarks()
        return Checked(Source(source.path, landmarks=source.landmarks), listing, found)

    def read_and_check(path: Path) -> tuple:
        source, found = read_yaml_file(path)
        entry = check_one(source, found) if not found else Checked(Source(str(path)), None, found)
        if parallel.in_worker():  # sent back as tuples: unpickling 10,000 dataclasses took a second
            return source.data is not None, entry.source.landmarks, found, None, entry.listing and pack(entry.listing)
        return source.data is not None, entry.source.landmarks, found, entry.listing, None

    for source in sources.listings:
        if source.path not in checked:  # read by load.py
            checked[source.path] = check_one(source, [])
    if sources.unread:
        validators("listing")  # compiled once, before the workers fork, not once in each
    # Read as they are checked, on every core: forking after reading made each worker copy what it touched.
    for path, (read, landmarks, found, listing, packed) in zip(
            sources.unread, parallel.forked_map(read_and_check, sources.unread)):
        if not read:  # not cached either: such a file is read again, as if it were new
            problems += found
            continue
        entry = checked[str(path)] = Checked(Source(str(path), landmarks=landmarks), listing, found, packed)
        sources.listings.append(entry.source)
    sources.listings.sort(key=lambda source: source.path)
    listings = []
    for path in sorted(checked):
        entry = checked[path]
        if entry.packed and not entry.listing:
            entry.listing = unpack(entry.packed, categories)
        problems += entry.problems
        if entry.listing is not None:
            listings.append(entry.listing)
    check_duplicates(listings, problems)
    problems += warn_duplicates(listings, sources.listings)
    guides = [guide for source in sources.guides if (guide := check_guide(source, categories, problems))]
    pages = [page for source in sources.pages if (page := check_page(source, problems))]
    if site and site.crisis_line.listing and site.crisis_line.listing not in {x.slug for x in sources.listings}:
        problems.append(mismatch(sources.site.where(("crisis_line", "listing")), "crisis_line.listing",
                                 "the slug of a listing in content/listings/", site.crisis_line.listing))
    if config.strict:
        problems = [Problem(p.where, p.field, p.message) for p in problems]
    problems = sorted(set(problems))  # a bad category default is found once per listing that uses it
    if any(p.level == "error" for p in problems) or site is None:
        raise BuildFailed(problems)
    directory = link(site, categories, listings, guides, pages, config.today)
    problems += warn_unused_categories(directory.categories, sources.categories)  # only now is every listing known
    for guide in directory.guides:
        if not guide.listings:
            problems.append(Problem(Position(guide.path, 2), "", "this guide leads to no listings; "
                                    "check its categories and tags", "warning"))
    if config.strict and any(p.level == "warning" for p in problems):
        raise BuildFailed([Problem(p.where, p.field, p.message) for p in problems])
    return directory, sorted(problems)


def link(site: Site, categories: dict[str, Category], listings: list[Listing], guides: list[Guide],
         pages: list[Page], today: dt.date) -> Directory:
    """Return the directory with every listing in its category and every guide's related listings filled in."""
    listings = sorted(listings, key=lambda x: (x.name.casefold(), x.slug))
    for listing in listings:
        listing.category.listings.append(listing)
    for category in categories.values():
        # Lines that are always open come first: someone in crisis should not have to scroll.
        category.listings.sort(key=lambda x: (not x.open_24_7, x.name.casefold(), x.slug))
    order = {slug: i for i, slug in enumerate(categories)}
    for guide in guides:
        guide.listings = sorted(
            (x for x in listings if x.category.slug in guide.categories or set(x.tags) & set(guide.tags)),
            key=lambda x: (order[x.category.slug], not x.open_24_7, x.name.casefold(), x.slug))
    guides = sorted(guides, key=lambda g: (g.order, g.title.casefold(), g.slug))
    pages = sorted(pages, key=lambda p: p.slug)
    return Directory(site, list(categories.values()), listings, guides, pages, today)


@cache
def validators(name: str) -> tuple[Callable[[Any], Any], dict]:
    """Return a fast validator for one of the schemas in schema/, and the schema."""
    schema = json.loads((Config.schema_dir / f"{name}.schema.json").read_text(encoding="utf-8"))
    return fastjsonschema.compile(schema, use_default=False), schema


@cache
def explaining(name: str) -> jsonschema.Draft7Validator:
    """Return jsonschema's validator for one of the schemas, which says what is wrong and where.

    Imported only when a file breaks a schema: jsonschema takes a tenth of a second to import,
    a tenth of checking 10,000 listings that are all valid.
    """
    import jsonschema

    def unless_too_long(keyword: str, limit: str) -> Callable:
        """Return jsonschema's check for a keyword, skipped for values longer than the schema's limit allows.

        A pattern on 20,000 characters took 20 s and uniqueItems on 3,000 items 30 s: a hostile file
        could stall the build. maxLength or maxItems already reports such a value.
        """
        check = jsonschema.Draft7Validator.VALIDATORS[keyword]

        def bounded(validator, value, instance, schema):
            if isinstance(instance, (str, list)) and len(instance) > schema.get(limit, len(instance)):
                return
            yield from check(validator, value, instance, schema) or ()
        return bounded

    validator = jsonschema.validators.extend(jsonschema.Draft7Validator, {
        "pattern": unless_too_long("pattern", "maxLength"), "uniqueItems": unless_too_long("uniqueItems", "maxItems")})
    return validator(validators(name)[1])


def schema_problems(name: str, data: Any, locate: Locate) -> list[Problem]:
    """Return one plain-words problem per way the data breaks the named schema."""
    try:
        validators(name)[0](data)  # compiled to Python: about 15 times faster on the valid files most builds are
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    problems = set()
    for error in explaining(name).iter_errors(data):
        problems.update(_explain(error, tuple(error.absolute_path), locate))
    return sorted(problems)


def _explain(error: jsonschema.ValidationError, path: FieldPath, locate: Locate) -> list[Problem]:
    """Return the problems one schema error stands for, in the words of the schema's x-expected."""
    schema, value, keyword = error.schema, error.instance, error.validator
    expected = schema.get("x-expected") if isinstance(schema, dict) else None
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        found = []
        for key in sorted(set(value) - set(allowed)):
            hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            message = f"unknown field; did you mean '{hint[0]}'?" if hint else \
                f"unknown field; expected one of: {', '.join(allowed)}"
            found.append(Problem(locate((*path, key), key=True), field_name((*path, key)), message))
        return found
    if keyword == "required":
        return [mismatch(locate(path), field_name((*path, name)),
                         schema["properties"][name].get("x-expected", "a value"), None)
                for name in schema["required"] if name not in value]
    if keyword == "dependencies":
        needed = sorted({n for k, names in schema["dependencies"].items() if k in value
                         for n in names if n not in value})
        return [Problem(locate(path), field_name(path),
                        f"expected {expected}, found no {' or '.join(needed)}")]
    if keyword == "type":
        expected = expected or TYPE_WORDS.get(str(schema.get("type")), str(schema.get("type")))
    elif keyword == "enum":
        expected = "one of: " + ", ".join(str(x) for x in schema["enum"])
    elif keyword == "maxLength":
        return [Problem(locate(path), field_name(path),
                        f"expected at most {schema['maxLength']} characters, found {len(value)}")]
    elif keyword == "maxItems":
        return [Problem(locate(path), field_name(path),
                        f"expected at most {schema['maxItems']} items, found {len(value)}")]
    elif keyword == "minItems":
        expected = f"at least {schema['minItems']} item{'s' * (schema['minItems'] > 1)}"
    elif keyword == "uniqueItems":
        return [Problem(locate(path), field_name(path), "the same item is listed twice; keep one")]
    return [mismatch(locate(path), field_name(path), expected or error.message, value)]


def check_site(source: Source | None, config: Config, problems: list[Problem]) -> Site | None:
    """Return the site settings, or None if they have problems."""
    if source is None:
        return None
    data = source.data
    if config.base_url is not None and isinstance(data, dict):
        data = {**data, "base_url": config.base_url if config.base_url.endswith("/") else config.base_url + "/"}
    found = schema_problems("site", data, source.where)
    if not found:
        found += check_time_zone(data["time_zone"], ("time_zone",), source.where)
        crisis = data["crisis_line"]
        phone = check_phone({"number": crisis["phone"]}, ("crisis_line", "phone"), data["country"], source.where, found)
        text = check_phone({"number": crisis["text"], "type": "text"}, ("crisis_line", "text"), data["country"],
                           source.where, found)
    problems.extend(found)
    if found:
        return None
    return Site(
        name=data["name"], description=data["description"], region=data["region"], base_url=data["base_url"],
        language=data["language"], country=data["country"], time_zone=data["time_zone"],
        crisis_line=CrisisLine(crisis["name"], phone, text, crisis.get("listing")),
        repository_url=data["repository"]["url"], repository_branch=data["repository"]["branch"],
        stale_after_days=data.get("stale_after_days", 365), publisher=data.get("publisher", ""))


def check_categories(source: Source | None, problems: list[Problem]) -> dict[str, Category]:
    """Return the categories by slug, in file order."""
    if source is None:
        return {}
    found = schema_problems("categories", source.data, source.where)
    problems.extend(found)
    if found:
        return {}
    categories: dict[str, Category] = {}
    for i, item in enumerate(source.data):
        if item["slug"] in categories:
            problems.append(Problem(source.where((i, "slug")), f"[{i}].slug",
                                    f"the category '{item['slug']}' is defined twice; keep one"))
        categories[item["slug"]] = Category(item["slug"], item["name"], item["title"], item["description"])
    return categories


def check_listing(source: Source, categories: dict[str, Category], categories_source: Source | None,
                  site: Site | None, country: str, today: dt.date, problems: list[Problem]) -> Listing | None:
    """Return one checked listing, with its category's defaults filled in; or None if it has problems.

    Fields come from three levels, each overriding the one before: the site (time_zone),
    the category's `defaults` in categories.yaml, and the listing's own file. The merge is shallow.
    """
    data = source.data
    if not isinstance(data, dict):
        problems.append(mismatch(source.where(), "", "a listing: lines of field: value, starting with name:", data))
        return None
    defaults, locate = {}, source.where
    category = categories.get(data.get("category")) if isinstance(data.get("category"), str) else None
    if category is not None:
        index = next(i for i, c in enumerate(categories_source.data) if c["slug"] == category.slug)
        defaults = categories_source.data[index].get("defaults", {})

        def locate(path: FieldPath, key: bool = False) -> Position:
            if path and path[0] not in source.data and path[0] in defaults:
                return categories_source.where((index, "defaults", *path), key)
            return source.where(path, key)

    data = {**defaults, **data}
    found = schema_problems("listing", data, locate)
    if found:
        problems.extend(found)
        return None
    if category is None:
        hint = difflib.get_close_matches(data["category"], list(categories), n=1)
        problems.append(mismatch(locate(("category",)), "category",
                                 f"a category from content/categories.yaml{f' like {hint[0]!r}' if hint else ''}",
                                 data["category"]))
        return None
    phones = tuple(check_phone(p, ("phones", i), country, locate, found) for i, p in enumerate(data.get("phones", [])))
    last_verified = check_date(data["last_verified"], ("last_verified",), today, locate, found)
    time_zone = data.get("time_zone", site.time_zone if site else "America/New_York")
    if "time_zone" in data:
        found += check_time_zone(time_zone, ("time_zone",), locate)
    schedules = tuple(Schedule(**{**s, "days": tuple(s.get("days", ())), "weeks": tuple(s.get("weeks", ()))})
                      for s in data.get("schedules", []))
    for i, s in enumerate(schedules):
        if s.opens and s.closes and s.closes <= s.opens:
            found.append(mismatch(locate(("schedules", i, "closes")), f"schedules[{i}].closes",
                                  f"a time after opens ({s.opens})", s.closes))
    problems.extend(found)
    if found:
        return None
    stale = site is not None and (today - last_verified).days > site.stale_after_days
    if stale:
        problems.append(Problem(locate(("last_verified",)), "last_verified",
                                f"not verified since {last_verified.isoformat()}, more than "
                                f"{site.stale_after_days} days ago; check the details and update the date", "warning"))
    return Listing(
        slug=source.slug, path=source.path, name=data["name"], category=category, summary=data["summary"],
        last_verified=last_verified, source=tuple(data["source"]), description=data.get("description", ""),
        url=data.get("url"), email=data.get("email"), phones=phones, chat_url=data.get("chat_url"),
        location=Location(**data["location"]) if "location" in data else None,
        service_area=tuple(data.get("service_area", ())), time_zone=time_zone, schedules=schedules,
        languages=tuple(data.get("languages", ())), cost=tuple(data.get("cost", ())), cost_note=data.get("cost_note"),
        audience=tuple(data.get("audience", ())), accessibility=tuple(data.get("accessibility", ())),
        tags=tuple(data.get("tags", ())), stale=stale)


def check_phone(phone: dict, path: FieldPath, country: str, locate: Locate, problems: list[Problem]) -> Phone:
    """Return a phone with its display form and tel:/sms: link; report numbers that cannot be dialled."""
    number, kind = phone["number"], phone.get("type", "voice")
    digits = re.sub(r"[\s().-]", "", number)
    if SHORT_CODE.match(digits):
        display, dial = digits, digits
    elif dialling := _dialling(number, country):
        display, dial = dialling
    else:
        problems.append(mismatch(locate((*path, "number")), field_name((*path, "number")),
                                 "a phone number like +1 828 555 0100, or a short code like 988", number))
        return Phone(number, kind, number, "")
    keyword, extension = phone.get("keyword"), phone.get("extension")
    if kind == "text":
        # "?&body=" is read by both iOS (which wants &) and Android (which wants ?).
        href = f"sms:{dial}" + (f"?&body={quote(keyword)}" if keyword else "")
    else:
        href = f"tel:{dial}" + (f",{extension}" if extension else "")
    return Phone(number, kind, display, href, keyword, extension, phone.get("description"))


@cache  # many services share a number: an agency's programs, a county's lines
def _dialling(number: str, country: str) -> tuple[str, str] | None:
    """Return how to show a phone number and what to dial (E.164), or None if it cannot be dialled."""
    try:
        parsed = phonenumbers.parse(number, country)
        if not phonenumbers.is_valid_number(parsed):
            return None
    except phonenumbers.NumberParseException:
        return None
    same_country = phonenumbers.region_code_for_number(parsed) == country
    display = phonenumbers.format_number(
        parsed, phonenumbers.PhoneNumberFormat.NATIONAL if same_country
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return display, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def check_date(text: str, path: FieldPath, today: dt.date | None, locate: Locate, problems: list[Problem]) -> dt.date:
    """Return a YYYY-MM-DD date; report impossible dates, and dates in the future unless today is None.

    Tomorrow is not the future yet: an editor east of the machine that checks (CI runs on UTC) may already be in it.
    """
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


def check_duplicates(listings: list[Listing], problems: list[Problem]) -> None:
    """Report listings that share a name and a phone number: the same service entered twice."""
    seen: dict[tuple[str, str], Listing] = {}
    for listing in listings:
        for phone in listing.phones:
            key = (listing.name.casefold(), phone.href)
            if key in seen and seen[key] is not listing:
                problems.append(Problem(Position(listing.path, 1), "name", f"'{listing.name}' with phone "
                                        f"{phone.display} is already listed in {seen[key].path}; keep one"))
                break
            seen.setdefault(key, listing)


def warn_duplicates(listings: list[Listing], sources: list[Source]) -> list[Problem]:
    """Warn about listings that may be one service entered twice, on the later file, naming the earlier one.

    Alike means the same phone number, the same website for the same kind of service at the same place,
    or names at least 90% alike.
    Short codes such as 988 and 211 do not count: many services share them.
    """
    listings = sorted(listings, key=lambda x: x.path)
    reasons: dict[tuple[int, int], list[tuple[FieldPath, str]]] = {}  # (earlier, later) -> what they share
    first: dict[tuple[str, ...], int] = {}  # ("phone", number) or ("url", category, address) -> the first with it
    for i, listing in enumerate(listings):
        shared = [(("phone", _dialled(p)), ("phones", n, "number"), f"the same phone number {p.display}")
                  for n, p in enumerate(listing.phones) if _dialled(p)]
        if listing.url:  # an organisation's programs and places often share its website: same kind, same place only
            place = listing.location.street or listing.location.city if listing.location else ""
            shared.append((("url", listing.category.slug, place, _site_address(listing.url)), ("url",), "the same website"))
        for key, path, words in shared:
            j = first.setdefault(key, i)
            if j != i and path[0] not in {seen[0] for seen, _ in reasons.get((j, i), [])}:  # one phone is enough
                reasons.setdefault((j, i), []).append((path, words))
    for j, i, same in _alike_names([x.name.casefold() for x in listings]):
        reasons.setdefault((j, i), []).append((("name",), "the same name" if same else "a very similar name"))
    where = {source.path: source.where for source in sources}
    found = []
    for (j, i), shared in sorted(reasons.items()):
        earlier, later = listings[j], listings[i]
        same_phone = {p.href for p in earlier.phones} & {p.href for p in later.phones}
        if earlier.name.casefold() == later.name.casefold() and same_phone:
            continue  # check_duplicates already reports this as an error
        texts = [words for _, words in shared]
        text = ", ".join(texts[:-1]) + " and " + texts[-1] if len(texts) > 1 else texts[0]
        found.append(Problem(where[later.path](shared[0][0]), field_name(shared[0][0]),
                             f"may be the same service as '{earlier.name}' in {earlier.path} ({text}); "
                             "if so, keep one listing", "warning"))
    return found


def _alike_names(names: list[str], window: int = 20) -> list[tuple[int, int, bool]]:
    """Return (earlier, later, the same) for pairs of names at least 90% alike.

    Alike is rapidfuzz's Indel ratio: the share of characters the two names have in common, in order.
    Comparing every pair is quadratic: 50 million pairs for 10,000 listings. As record-linkage tools do
    ("sorted neighbourhood"), only distinct names that sort near each other are compared, sorted from the
    start and from the end, so a typo anywhere but at both ends still lands the two side by side.
    """
    where: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        where.setdefault(name, []).append(i)
    distinct = list(where)
    alike = {(a, a) for a in distinct}
    for key in (lambda n: n, lambda n: n[::-1]):
        ranked = sorted(distinct, key=key)
        for at, a in enumerate(ranked):  # one call into rapidfuzz per name, not one per pair
            alike.update((b, a) for b, _, _ in extract(a, ranked[at + 1:at + 1 + window], scorer=fuzz.ratio,
                                                       score_cutoff=90, limit=None))
    alike |= {(b, a) for a, b in alike}
    return sorted((j, i, a == b) for a, b in alike for i in where[b] for j in where[a] if j < i)


def _dialled(phone: Phone) -> str:
    """Return what a phone dials (number and extension), or '' for short codes that many services share."""
    dialled = phone.href.partition(":")[2].partition("?")[0]
    return "" if SHORT_CODE.match(dialled.partition(",")[0]) else dialled


def _site_address(url: str) -> str:
    """Return a web address without what does not change the page: https://, www. and a final /."""
    address = url.split("://", 1)[-1].removesuffix("/")
    host, slash, rest = address.partition("/")
    return host.lower().removeprefix("www.") + slash + rest


def warn_unused_categories(categories: list[Category], source: Source) -> list[Problem]:
    """Warn about categories that no listing uses, at their line in categories.yaml: their page would be empty."""
    index = {item["slug"]: i for i, item in enumerate(source.data)}
    return [Problem(source.where((index[c.slug], "slug")), f"[{index[c.slug]}].slug", f"no listing uses the category "
                    f"'{c.slug}'; add a listing to it, or remove it from categories.yaml", "warning")
            for c in categories if not c.listings]


def check_guide(source: Source, categories: dict[str, Category], problems: list[Problem]) -> Guide | None:
    """Return one checked guide, or None if its front matter has problems."""
    data = source.data
    found = schema_problems("guide", data, source.where)
    if not found:
        for i, slug in enumerate(data.get("categories", [])):
            if slug not in categories:
                found.append(mismatch(source.where(("categories", i)), f"categories[{i}]",
                                      "a category from content/categories.yaml", slug))
        reviewed = check_date(data["reviewed"], ("reviewed",), None, source.where, found)
    problems.extend(found)
    if found:
        return None
    return Guide(source.slug, source.path, data["title"], data["summary"], reviewed, source.body, source.body_line,
                 data.get("order", 100), tuple(data.get("categories", ())), tuple(data.get("tags", ())))


def check_page(source: Source, problems: list[Problem]) -> Page | None:
    """Return one checked page of prose, or None if its front matter has problems."""
    data = source.data
    found = schema_problems("page", data, source.where)
    if not found:
        reviewed = check_date(data["reviewed"], ("reviewed",), None, source.where, found)
    problems.extend(found)
    if found:
        return None
    return Page(source.slug, source.path, data["title"], data["summary"], reviewed, source.body, source.body_line)
