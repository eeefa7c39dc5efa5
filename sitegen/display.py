"""What templates print: wording, order and addresses, decided in Python where they can be read and tested.

Each function takes a model and returns text, or plain values a template loops over; render.py registers
them as Jinja2 filters under the same names. This module holds the wording the others share; hours and dates
are in hours.py, the ways to reach a listing and the links about it in actions.py, search filters in facets.py.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from .languages import ENGLISH, Language
from .models import Directory, Listing, Location, Site, Untranslated
from .urls import article_url, listing_url


def N_(message: str) -> str:
    """Mark words for the catalog that are translated where they are printed (pybabel extracts N_ too)."""
    return message


# The fixed words of listings are the schema's lists (schema.choices): translated where printed, so search filters
# speak the language; catalog.py extracts them from the schema.
def cost_words(cost: str) -> str:
    """Return a cost as the site prints it before translation, like Sliding scale for sliding-scale."""
    return cost.replace("-", " ").capitalize()


def and_list(words: list[str], lang: Language = ENGLISH) -> str:
    """Return words joined as a sentence lists them: a, b and c."""
    if len(words) == 1:
        return words[0]
    return lang.gettext("%(list)s and %(last)s") % {"list": ", ".join(words[:-1]), "last": words[-1]}


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


def attribute_json(words: Any) -> Markup:
    """Return words as compact JSON for a single-quoted attribute, letters as they are (no \\u00f3 for ó)."""
    return Markup(script_json(words, separators=(",", ":"), sort_keys=False))
