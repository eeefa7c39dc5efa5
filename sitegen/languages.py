"""The site in more than one language: the interface from gettext catalogs, the content from its translations.

The first of site.yaml's `languages` is the default, whose pages are at the site's root; each other language has
every page again under its own prefix, like es/, its interface words from locales/<code>/LC_MESSAGES/messages.po
(read with Babel at build time: nothing compiled is kept in the repository) and its content from the
`translations` of each listing, category and site.yaml, and from guides and pages named like <slug>.es.md.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, support
from babel import core as babel_core
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from . import kept
from .models import WORDED_AREAS, Category, Directory, HelpLine, Listing, Phone, Translations, Untranslated
from .problems import Position, Problem
from .yamltext import FieldPath, field_name

DOMAIN = "messages"
TEMPLATE = "messages.pot"  # every word of the interface, extracted by python -m sitegen.catalog


@dataclass(frozen=True)
class Language:
    """One language of the site: its code, its prefix in addresses, its catalog and Babel's rules for it."""

    code: str
    prefix: str  # "" for the default language, "es/" for Spanish
    catalog: gettext.NullTranslations
    default: str = "en"  # the site's default language, whose words are shown where a translation is missing
    country: str = ""  # the site's: times and dates as the language writes them there (Spanish in the US: 10:00 p.m.)

    @property
    def locale(self) -> Locale:
        return _locale(self.code, self.country)

    @property
    def tag(self) -> str:
        """Return the language as a browser's Intl names it, like es-US."""
        return str(self.locale).replace("_", "-")

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.catalog.ngettext(singular, plural, count)


@cache
def _locale(code: str, country: str = "") -> Locale:
    """Return Babel's locale for a language in a country, like es_US, or for the language alone if CLDR has none."""
    try:
        return Locale.parse(f"{code}_{country}" if country else code, sep="_" if country else "-")
    except (ValueError, babel_core.UnknownLocaleError):
        return Locale.parse(code, sep="-")


ENGLISH = Language("en", "", gettext.NullTranslations())  # the words as the templates and code write them


def catalog_path(locales_dir: Path, code: str) -> Path:
    """Return where a language's catalog is kept, as Babel and gettext lay it out."""
    return locales_dir / code.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def language(code: str, default: str, locales_dir: Path, country: str = "") -> Language:
    """Return a language of the site, its catalog read from its .po file (none for the default language)."""
    if code == default:
        return Language(code, "", gettext.NullTranslations(), default, country)
    with open(catalog_path(locales_dir, code), "rb") as handle:
        catalog = read_po(handle, locale=code.replace("-", "_"))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # in memory: Python's gettext reads the compiled form
    compiled.seek(0)
    return Language(code, f"{code}/", support.Translations(compiled, domain=DOMAIN), default, country)


def localize(directory: Directory, lang: Language) -> Directory:
    """Return the directory as the pages of one language show it: its categories, listings, guides and pages in
    that language where they have been translated, the default language's words where not (marked on each
    listing as untranslated). Numbers, hours and addresses are the same objects: only words change."""
    site = directory.site
    if lang.code == site.languages[0]:
        return directory
    crisis_line, referral_line = (line and line.languages.get(lang.code, line)
                                  for line in (site.crisis_line, site.referral_line))
    assert crisis_line is not None
    categories = {c.slug: dataclasses.replace(c, listings=[], **_words(c.translations, lang.code))
                  for c in directory.categories}
    listings = {x.slug: kept_translation(x, categories[x.category.slug], lang.code, crisis_line)
                for x in directory.listings}
    for category in directory.categories:
        categories[category.slug].listings = [listings[x.slug] for x in category.listings]
    # A translated guide or page keeps its original's review date (validate.check_translation), and says whether
    # someone fluent has checked the translation.
    guides = [dataclasses.replace(g, title=t.title, summary=t.summary, body=t.body, path=t.path,
                                  unreviewed=t.unreviewed, listings=[listings[x.slug] for x in g.listings])
              for g in directory.guides if (t := g.translations.get(lang.code))]
    articles = [a.translations[lang.code] for a in directory.articles if lang.code in a.translations]
    named: dict[str, Any] = site.translations.get(lang.code, {})  # its name, description, region, publisher
    local_site = dataclasses.replace(site, language=lang.code, crisis_line=crisis_line, referral_line=referral_line,
                                     **named)
    words = directory.search.translations.get(lang.code)
    search = directory.search if words is None else dataclasses.replace(  # a visitor may type in either language
        directory.search, synonyms={term: (*directory.search.synonyms.get(term, ()), *words.synonyms.get(term, ()))
                                    for term in {**directory.search.synonyms, **words.synonyms}})
    return Directory(local_site, list(categories.values()), [listings[x.slug] for x in directory.listings],
                     guides, articles, search, directory.today,
                     directory.crisis_lines and categories[directory.crisis_lines.slug])


# A listing's words a visitor reads, by field, in the listing's own shape: each can be translated under
# translations.<code> in the same shape (schema/listing.schema.json's translations, which a test holds to these).
TEXTS = ("summary", "description", "notice", "cost_note")  # one text each
LISTS = ("accessibility", "service_area")  # a list of texts, translated item by item
NOTES = ("phones", "schedules")  # a list of items, each with a description


def words(fields: Mapping[str, Any]) -> list[tuple[FieldPath, str]]:
    """Return every text of a listing a visitor reads, with its place in the listing, like
    (("phones", 0, "description"), "Press 2 for Spanish."). fields are a listing's, by name: its attributes, or
    the fields validate.check_listing makes it from."""
    found: list[tuple[FieldPath, str]] = [((name,), fields[name]) for name in TEXTS if fields.get(name)]
    found += [((name, i), text) for name in LISTS for i, text in enumerate(fields.get(name) or ())
              if text not in WORDED_AREAS]  # "United States" and "Online" are worded by the site in every language
    found += [((name, i, "description"), item.description) for name in NOTES
              for i, item in enumerate(fields.get(name) or ()) if item.description]
    return found


def translation_at(fields: Mapping[str, Any], path: FieldPath) -> str | None:
    """Return the translation of the text at a place in a listing, or None if it has none: fields are a
    Translation's, in the listing's shape."""
    found: Any = fields
    for step in path:
        if isinstance(step, int):
            found = found[step] if isinstance(found, list) and step < len(found) else None
        else:
            found = found.get(step) if isinstance(found, dict) else None
    return found if isinstance(found, str) else None


def kept_translation(listing: Listing, category: Category, code: str, line: HelpLine | None = None) -> Listing:
    """Return translated(...) of a listing, in this category, the localized directory's (kept.py: in serve,
    translating 10,000 listings again took an eighth of a save)."""
    found = kept.derived(listing, ("translated", code), lambda: translated(listing, category, code, line), line)
    found.category = category  # each localized directory makes its categories anew
    return found


def translated(listing: Listing, category: Category, code: str, line: HelpLine | None = None) -> Listing:
    """Return a listing in one language: each text its translation, or else the default language's marked as
    Untranslated; which texts had none, and whether any shown has not been checked by someone fluent. Its phones
    to the crisis line are reached as the language's speakers reach it (line: press 2, text AYUDA)."""
    found = listing.translations.get(code)
    fields = found.fields if found else {}
    shown = {path: translation_at(fields, path) for path, _ in words({name: getattr(listing, name)
                                                                      for name in (*TEXTS, *LISTS, *NOTES)})}

    def text(path: FieldPath, original: Any) -> Any:
        if original is None or path not in shown:
            return original
        return shown[path] if shown[path] is not None else Untranslated(original)

    changed: dict[str, Any] = {name: text((name,), getattr(listing, name)) for name in TEXTS}
    changed |= {name: tuple(text((name, i), item) for i, item in enumerate(getattr(listing, name))) for name in LISTS}
    changed |= {name: tuple(item if item.description is None else dataclasses.replace(  # no copy of what is the same
        item, description=text((name, i, "description"), item.description))
        for i, item in enumerate(getattr(listing, name))) for name in NOTES}
    if line is not None and (line.phone.press or line.text and line.text.keyword):
        changed["phones"] = reached_as(changed["phones"], line)
    return dataclasses.replace(
        listing, category=category, **changed,
        untranslated=tuple(field_name(path) for path, words in shown.items() if words is None),
        unreviewed=bool(found and not found.reviewed and any(words is not None for words in shown.values())))


def reached_as(phones: tuple[Phone, ...], line: HelpLine) -> tuple[Phone, ...]:
    """Return phones with those to the crisis line reached as speakers of a language reach it: a call with the
    option to press (unless the phone names its own, like 1 for the Veterans Crisis Line), a text with the keyword
    to send; each way once (the phone listed first keeps its place, and the first note)."""
    found: dict[tuple[str, str], Phone] = {}
    for phone in phones:
        if phone.type == "voice" and phone.href == line.phone.href and not phone.press:
            phone = dataclasses.replace(phone, press=line.phone.press)
        elif line.text and phone.type == "text" and phone.href == line.text.href.split("?")[0]:
            phone = dataclasses.replace(phone, keyword=line.text.keyword, dial=line.text.dial)
        way = (phone.href, phone.press or "")
        if way not in found:
            found[way] = phone
        elif not found[way].description:
            found[way] = dataclasses.replace(found[way], description=phone.description)
    return tuple(found.values())


def _words(translations: Translations, code: str) -> dict[str, Any]:
    """Return the fields one language translates, ready for dataclasses.replace."""
    found = translations.get(code)
    return dict(found.fields) if found is not None else {}


def catalog_problems(locales_dir: Path, languages: tuple[str, ...]) -> list[Problem]:
    """Return an error for each language of the site with no catalog, and a warning for each word of the
    interface (locales/messages.pot) a catalog has not translated: its page would show it in the default language."""
    found: list[Problem] = []
    template_path = locales_dir / TEMPLATE
    if len(languages) < 2 or not template_path.is_file():
        return found
    template = _read_catalog(template_path.read_bytes())
    for code in languages[1:]:
        path = catalog_path(locales_dir, code)
        if not path.is_file():
            found.append(Problem(Position(_shown(path)), "languages", f"site.yaml names the language {code!r}, "
                                 f"which has no catalog here; run python -m sitegen.catalog {code} and translate it"))
            continue
        catalog = _read_catalog(path.read_bytes(), code)
        for message in template:
            if not message.id:
                continue
            translated = catalog.get(message.id, message.context)
            if translated is None or not translated.string or translated.fuzzy or \
                    (isinstance(translated.string, tuple) and not all(translated.string)):
                text = message.id if isinstance(message.id, str) else message.id[0]
                found.append(Problem(Position(_shown(path), getattr(translated, "lineno", 1) or 1), "msgid",
                                     f"{text!r} has no {code} translation; its pages show it in {languages[0]}",
                                     "warning"))
    return found


@cache  # by the file's bytes: every check (each save in serve, each test) reads the same catalogs, 0.3 s each
def _read_catalog(data: bytes, locale: str | None = None) -> Catalog:
    """Return a .po file's catalog."""
    return read_po(io.BytesIO(data), locale=locale)


def _shown(path: Path) -> str:
    """Return a catalog's path as the project names it, like locales/es/LC_MESSAGES/messages.po."""
    return path.relative_to(path.parents[3]).as_posix()
