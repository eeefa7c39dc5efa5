"""What templates print: wording, order and addresses, decided in Python where they can be read and tested.

Each function takes a model and returns text, or plain values a template loops over; render.py registers
them as Jinja2 filters under the same names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import quote, urlencode

from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time
from babel.dates import get_day_names
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from .config import PROJECT_DIR
from .languages import ENGLISH, Language
from .models import (
    WORDED_AREAS,
    Article,
    Directory,
    Guide,
    HelpLine,
    Listing,
    Location,
    Phone,
    Schedule,
    SearchWords,
    Site,
    Untranslated,
)
from .schedules import DAY_NAMES
from .urls import article_url, listing_url


def N_(message: str) -> str:
    """Mark words for the catalog that are translated where they are printed (pybabel extracts N_ too)."""
    return message


WEEKS = {1: N_("first"), 2: N_("second"), 3: N_("third"), 4: N_("fourth"), 5: N_("fifth"), -1: N_("last")}
ZONES = {"America/New_York": N_("Eastern time"), "America/Chicago": N_("Central time"),
         "America/Denver": N_("Mountain time"), "America/Phoenix": N_("Arizona time"),
         "America/Los_Angeles": N_("Pacific time"), "America/Anchorage": N_("Alaska time"),
         "Pacific/Honolulu": N_("Hawaii time")}
NATIONAL = set(WORDED_AREAS)
# The fixed words of listings are the schema's lists (schema.choices): translated where printed, so search filters
# speak the language; catalog.py extracts them from the schema.


UNCONFIRMED = N_("These hours are not confirmed: our sources disagree, or may be out of date.")
HOW_VERIFIED = {"sources": N_("Details taken from public sources on %(date)s."),
                "phone": N_("Confirmed with the service by phone on %(date)s."),
                "provider": N_("Confirmed by the service itself on %(date)s.")}


def cost_words(cost: str) -> str:
    """Return a cost as the site prints it before translation, like Sliding scale for sliding-scale."""
    return cost.replace("-", " ").capitalize()


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


def and_list(words: list[str], lang: Language = ENGLISH) -> str:
    """Return words joined as a sentence lists them: a, b and c."""
    if len(words) == 1:
        return words[0]
    return lang.gettext("%(list)s and %(last)s") % {"list": ", ".join(words[:-1]), "last": words[-1]}


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


def format_area(listing: Listing, lang: Language = ENGLISH) -> Markup:
    """Return where a listing serves, like 'Asheville, NC' or 'Anywhere in the United States'."""
    if listing.location:
        return Markup(escape(f"{listing.location.city}, {listing.location.state}"))
    areas = list(listing.service_area)
    if areas == ["United States"]:
        return Markup(escape(lang.gettext("Anywhere in the United States")))
    if areas == ["Online"]:
        return Markup(escape(lang.gettext("Online, from anywhere")))
    return Markup(", ").join(words(area, lang) for area in areas)


def words(text: str | None, lang: Language = ENGLISH) -> Markup:
    """Return a listing's text as a page shows it: translated, or in the default language marked lang="..." and
    said to be so (languages.translated makes it Untranslated), never left blank."""
    if not isinstance(text, Untranslated):
        return Markup(escape(text or ""))
    return Markup('<span lang="{}">{}</span> <span class="lang-note">{}</span>').format(
        lang.default, str(text), untranslated_note(lang))


def plain(text: str | None, lang: Language = ENGLISH) -> str:
    """Return a listing's text for a place that cannot mark its language (search results, the saved list): an
    untranslated one followed by (in English)."""
    return f"{text} {untranslated_note(lang)}" if isinstance(text, Untranslated) else text or ""


def untranslated_note(lang: Language) -> str:
    """Return the short note beside words shown in the default language: (in English)."""
    return lang.gettext("(in %(language)s)") % {"language": lang.locale.languages.get(lang.default, lang.default)}


def speaks(listing: Listing, lang: Language = ENGLISH) -> bool:
    """Return True if a listing's languages include the page's, or the page is in the default language: help from
    a service in the site's own language is the rule, help in another is said plainly where it is not offered."""
    return lang.code == lang.default or lang.code in {_language_codes().get(name) for name in listing.languages}


def language_name(code: str, lang: Language = ENGLISH) -> str:
    """Return a language's name in the page's language, like inglés for en on a Spanish page."""
    return lang.locale.languages.get(code, code)


def map_links(loc: Location) -> dict[str, str]:
    """Return links that open an address in the visitor's map app or on OpenStreetMap; no map is embedded."""
    return {"app": "geo:0,0?q=" + quote(address(loc)),
            "web": "https://www.openstreetmap.org/search?" + urlencode({"query": address(loc)})}


def facets(listing: Listing, lang: Language = ENGLISH) -> dict[str, list[str]]:
    """Return the values search filters use for a listing, by filter name, in the page's language."""
    _ = lang.gettext
    reach = []
    if any(p.type in ("voice", "tty", "videophone") for p in listing.phones):
        reach.append(_(REACH_ORDER[0]))
    if any(p.type == "text" for p in listing.phones):
        reach.append(_(REACH_ORDER[1]))
    if listing.chat_url:
        reach.append(_(REACH_ORDER[2]))
    if listing.location:
        reach.append(_(REACH_ORDER[3]))
    # Taking part online (service_area: [Online], HSDS's virtual location), not having a website: a website is how
    # to learn about a service, and an in-person group with one is not an online group.
    if "Online" in listing.service_area:
        reach.append(_(REACH_ORDER[4]))
    if listing.location:
        area = [listing.location.city]
    else:
        area = [_("National and online") if a in NATIONAL else a for a in listing.service_area]
    values = {"category": [listing.category.plural], "area": sorted(set(area)),
              "cost": [_(cost_words(c)) for c in listing.cost], "language": languages_named(listing, lang),
              "reach": reach,
              "audience": [_(a) for a in listing.audience], "hours": [_("Open 24/7")] if listing.open_24_7 else []}
    # Pagefind splits a filter value at commas: "Buncombe County, NC" would become two values.
    return {name: [v.replace(",", "") for v in found] for name, found in values.items()}


def languages_named(listing: Listing, lang: Language = ENGLISH) -> list[str]:
    """Return the languages a listing is offered in, named in the page's language: by Babel where it knows the
    name, else by the catalog (American Sign Language)."""
    if lang.code == lang.default:
        return list(listing.languages)
    codes = _language_codes()
    return [lang.locale.languages.get(codes.get(name, ""), "") or lang.gettext(name) for name in listing.languages]


SIGN_LANGUAGES = (N_("American Sign Language"),)  # not named by CLDR in every language: the catalog names them


@functools.cache
def _language_codes() -> dict[str, str]:
    """Return language codes by their English names: Spanish is es."""
    return {name: code for code, name in sorted(ENGLISH.locale.languages.items(), key=lambda item: -len(item[0]))}


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


def script_json(data: object, **options: Any) -> str:
    """Return data as JSON that is safe to place inside a <script> element or an attribute: <, >, & and ' are
    written as \\u escapes, so no text in it can end the element early (Jinja's htmlsafe_json_dumps). options are
    json.dumps's."""
    chosen: dict[str, Any] = {"ensure_ascii": False, "sort_keys": True, **options}
    return str(htmlsafe_json_dumps(data, None, **chosen))


def listing_data(listing: Listing, lang: Language = ENGLISH) -> str:
    """Return what the saved list shows of a listing, as JSON for its page's <script type="application/json">:
    my-list.js reads it from the page itself, so a saved listing is always as current as its page."""
    return script_json({"slug": listing.slug, "name": listing.name, "url": listing_url(listing.slug),
                        "where": address(listing.location) if listing.location else
                        text_of(format_area(listing, lang)),  # (in English) after words not translated
                        "phones": [{"label": phone_label(p, lang), "href": p.href} for p in listing.phones if p.href],
                        "hours": [text_of(line) for line in format_hours(listing, lang)]})


def text_of(html: Markup) -> str:
    """Return the words of a bit of HTML, for a place that shows text: its tags left out, its spaces as they are
    (Markup.striptags would make a no-break space a space)."""
    return Markup(TAG.sub("", html)).unescape()


TAG = re.compile(r"<[^>]*>")


def address(loc: Location) -> str:
    """Return an address on one line, like 100 Example Street, Asheville, NC 28801: as maps and calendars read it."""
    return ", ".join(x for x in (loc.street, loc.city, f"{loc.state} {loc.postal_code or ''}".strip()) if x)


def place(listing: Listing, lang: Language = ENGLISH) -> dict[str, str]:
    """Return where a listing is for sorting by distance, as near.js reads it from a card or a search result:
    lat and lon, and for a ZIP code's or town's centre what it is the centre of. Empty for a service area."""
    loc = listing.location
    if loc is None or loc.latitude is None or loc.longitude is None:
        return {}
    found = {"lat": f"{loc.latitude:g}", "lon": f"{loc.longitude:g}"}
    if loc.approximate:
        found["approx"] = lang.gettext("ZIP code %(zip)s") % {"zip": loc.postal_code[:5]} if loc.postal_code \
            else loc.city
    return found


# Presentation helpers: the templates print what these return, so every decision about wording,
# order and addresses lives here, where it can be read and tested.

FILTER_LEGENDS = {"category": N_("Kind of help"), "reach": N_("Ways to reach them"), "hours": N_("Hours"),
                  "area": N_("Area"), "cost": N_("Cost"), "language": N_("Language"), "audience": N_("Who it is for")}
REACH_ORDER = [N_("Phone"), N_("Text"), N_("Chat"), N_("In person"), N_("Online")]
GUIDES_FILTER = N_("Guides")  # the category filter value guide pages carry (templates/guide.html)
OPEN_NOW = N_("Open now")  # the hours filter value search.js checks by the visitor's clock, as no page can carry it


def guides_filter(lang: Language = ENGLISH) -> str:
    """Return the category filter value guide pages carry, in the language of their index."""
    return lang.gettext(GUIDES_FILTER)


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


PHONE_LABELS = {"voice": N_("Call %(number)s"), "text": N_("Text %(number)s"), "tty": N_("TTY %(number)s"),
                "videophone": N_("Videophone %(number)s")}


def phone_label(phone: Phone, lang: Language = ENGLISH) -> str:
    """Return what a phone link says, like 'Call 988', 'Call 988 and press 2', 'Text HOME to 741741' or
    'Call (828) 555-0101, extension 2'."""
    _ = lang.gettext
    if phone.type == "text" and phone.keyword:
        return _("Text %(keyword)s to %(number)s") % {"keyword": phone.keyword, "number": phone.display}
    if phone.press:
        return _("Call %(number)s and press %(option)s") % {"number": phone.display, "option": phone.press}
    label = _(PHONE_LABELS[phone.type]) % {"number": phone.display}
    return _("%(label)s, extension %(extension)s") % {"label": label, "extension": phone.extension} \
        if phone.extension else label


def actions(listing: Listing, lang: Language = ENGLISH) -> list[Action]:
    """Return every way to reach a listing: its phones in the editor's order, then chat, website and email."""
    _ = lang.gettext
    kinds = {"voice": "call", "text": "text", "tty": "tty", "videophone": "call"}
    found = [Action(phone_label(p, lang), p.href, kinds[p.type], p.description or "") for p in listing.phones]
    if listing.chat_url:
        found.append(Action(_("Chat online"), listing.chat_url, "chat", external=True))
    if listing.url:
        found.append(Action(_("Visit their website"), listing.url, "website", external=True))
    if listing.email:
        found.append(Action(_("Email %(address)s") % {"address": listing.email}, f"mailto:{listing.email}", "email"))
    return found


def line_actions(line: HelpLine, lang: Language = ENGLISH) -> list[Action]:
    """Return how to reach a line the site points everyone to (the crisis line on every page), as the page's
    language reaches it: 'Call 988 and press 2', 'Text AYUDA to 988' on a Spanish page. Every link to the crisis
    line that is not a listing's own phone is one of these (templates/_crisis_line.html)."""
    return [Action(phone_label(phone, lang), phone.href, "call" if phone.type == "voice" else "text")
            for phone in (line.phone, line.text) if phone]


def card_actions(listing: Listing, lang: Language = ENGLISH) -> list[Action]:
    """Return the phone links a card shows: the first two, so a card stays short but one tap still calls."""
    return [a for a in actions(listing, lang) if a.kind in ("call", "text", "tty")][:2]


def primary_phone(listing: Listing, lang: Language = ENGLISH) -> Action | None:
    """Return the phone search results show: the first voice line, else the first phone of any kind."""
    phones = [a for a in actions(listing, lang) if a.kind in ("call", "text", "tty")]
    calls = [a for a in phones if a.kind == "call"]
    return (calls or phones)[0] if phones else None


def facts(listing: Listing, lang: Language = ENGLISH) -> list[tuple[str, str | Markup]]:
    """Return the listing's details as (question, answer) pairs, leaving out what the editor left out."""
    _ = lang.gettext
    cost = ", ".join(_(cost_words(c)) for c in listing.cost).capitalize()
    note = words(listing.cost_note, lang)
    found = [(_("Who it is for"), ", ".join(_(a) for a in listing.audience)), (_("Where"), format_area(listing, lang)),
             (_("Languages"), ", ".join(languages_named(listing, lang))),
             (_("Cost"), Markup("{}. {}").format(cost, note) if cost and note else note or cost),
             (_("Accessibility"), Markup("; ").join(words(item, lang) for item in listing.accessibility))]
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


def translate_url(item: Listing | Guide | Article, code: str, site: Site) -> str:
    """Return where to translate a listing, guide or page into a language: its file (a listing's translations,
    a guide's <slug>.es.md) in GitHub's web editor, or a new file beside a guide or page that has none."""
    translation = None if isinstance(item, Listing) else item.translations.get(code)
    if isinstance(item, Listing) or translation is not None:
        path = repository_path(translation.path if translation is not None else item.path)
        return f"{site.repository_url.rstrip('/')}/edit/{quote(site.repository_branch)}/{quote(path)}"
    folder, name = repository_path(item.path).rsplit("/", 1)
    return (f"{site.repository_url.rstrip('/')}/new/{quote(site.repository_branch)}/{quote(folder)}?"
            + urlencode({"filename": name.replace(".md", f".{code}.md")}))


def search_filters(directory: Directory, lang: Language = ENGLISH) -> list[FilterGroup]:
    """Return the search page's filters, each value once: categories in site order, the rest most common first."""
    _ = lang.gettext
    counts: dict[str, Counter[str]] = {name: Counter() for name in FILTER_LEGENDS}
    for listing in directory.listings:
        for name, values in facets(listing, lang).items():
            counts[name].update(values)
    counts["category"][_(GUIDES_FILTER)] += len(directory.guides)
    counts["hours"][_(OPEN_NOW)] += sum(1 for listing in directory.listings if listing.clock_hours)
    fixed = {"category": [c.plural for c in directory.categories] + [_(GUIDES_FILTER)],
             "reach": [_(v) for v in REACH_ORDER], "hours": [_(OPEN_NOW), _("Open 24/7")]}
    groups = []
    for name, legend in FILTER_LEGENDS.items():
        if name in fixed:
            values = [v for v in fixed[name] if counts[name][v]]
        else:
            values = sorted(counts[name], key=lambda v: (-counts[name][v], v.casefold()))
        if values:
            groups.append(FilterGroup(name, _(legend), values))
    return groups


def main_nav(directory: Directory, lang: Language = ENGLISH) -> list[tuple[str, str]]:
    """Return the main navigation as (address, words): browsing, guides, then each article such as About."""
    # An article is named by its file name ("About"), not its title ("About this directory"): the menu must fit a phone.
    # In another language it goes by its title, as its file name is the default language's.
    articles = [(article_url(a.slug), a.slug.replace("-", " ").capitalize() if lang.code == lang.default else a.title)
                for a in directory.articles]
    return [("listings/", lang.gettext("All listings")), ("guides/", lang.gettext("Guides"))] + articles


def counted(count: int, word: str, lang: Language = ENGLISH) -> str:
    """Return a count with its noun, like '1 listing' or '9 services': the nouns counted are listing and service."""
    if word == "service":
        return lang.ngettext("%(num)d service", "%(num)d services", count) % {"num": count}
    assert word == "listing", word
    return lang.ngettext("%(num)d listing", "%(num)d listings", count) % {"num": count}


def language_names(codes: tuple[str, ...]) -> dict[str, str]:
    """Return each language's name in that language, as a language switch shows it: English, Español."""
    return {code: _locale_name(code) for code in codes}


def _locale_name(code: str) -> str:
    name = Language(code, "", ENGLISH.catalog).locale.get_display_name() or code
    return name[:1].upper() + name[1:]


def hours_words(lang: Language = ENGLISH) -> Markup:
    """Return the words hours.js shows, in a language other than the default: printed into each of its pages, as
    the script has no catalog of its own ({until}, {day} and {at} are filled in by the visitor's clock)."""
    _ = lang.gettext
    # Translators: {t} is a time of day after "at" in the words below: in Spanish "la {t}" for one o'clock, "las
    # {t}" for the other hours (the plural form is chosen by the hour, 1 to 12).
    at = [lang.ngettext("{t}", "{t}", hour) for hour in (1, 2)]
    return _attribute_json({"locale": lang.tag, "at": at,
            # Translators: a time ({t}) on another day, as in "closes at {until}".
            "day_time": _("{day} {t}"),
            # Translators: a day of the week, or one with its date, as in "opens {day} at {at}".
            "weekday": _("{day}"), "always": _("Open 24 hours"), "meeting": _("Meeting now, until {until}{yours}"),
            "open": _("Open now, closes at {until}{yours}"), "soon": _("Open now, closes soon, at {until}{yours}"),
            "no_meetings": _("No upcoming meetings are listed"), "no_hours": _("Closed, with no upcoming hours listed"),
            "next_meeting": _("Next meeting: {day}, {at}{yours}"), "opens": _("Closed, opens {day} at {at}{yours}"),
            "yours": _(" (your time)"), "today": _("today"), "tomorrow": _("tomorrow")})


def _attribute_json(words: Any) -> Markup:
    """Return words as compact JSON for a single-quoted attribute, letters as they are (no \\u00f3 for ó)."""
    return Markup(script_json(words, separators=(",", ":"), sort_keys=False))


def crisis_phrases(search: SearchWords) -> Markup:
    """Return every language's crisis phrases, each with its grammar, for crisis.js: the default language's first.
    A search page carries them all, since people type in the language they think in."""
    return _attribute_json([{"phrases": words.crisis, "grammar": words.grammar}
                            for words in (search, *search.translations.values()) if words.crisis])


def script_words(lang: Language = ENGLISH) -> Markup:
    """Return the words the search page's script shows, in the page's language: printed into the page, as the
    script has no catalog of its own."""
    _ = lang.gettext
    return _attribute_json({"result": lang.ngettext("{n} result", "{n} results", 1).replace("{n}", "1"),
            "results": lang.ngettext("{n} result", "{n} results", 2),
            "none": _("No results"), "for": _("for “{q}”"), "filter": _("with 1 filter"),
            "filters": _("with {n} filters"), "fewer": _("Try fewer or other words, or fewer filters."),
            "start": _("Type what you are looking for, or choose a filter."),
            "offline": _("This device is offline, and this search needs parts of the index it has not loaded "
                         "before. Searches made here before, and the pages you opened, still work."),
            "failed": _("Search could not load. Please check your connection and try again."),
            "more": _("Show more results ({shown} of {total} shown)"), "chosen": _("{n} chosen"),
            "note": _("Please note:"), "open_now": _(OPEN_NOW),
            "sorted": _("The first {n} are sorted by distance."), "suggest": _("Did you mean {suggestion}?")})
