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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, support
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from .models import Category, Directory, Listing, Translations
from .problems import Position, Problem

DOMAIN = "messages"
TEMPLATE = "messages.pot"  # every word of the interface, extracted by python -m sitegen.catalog


@dataclass(frozen=True)
class Language:
    """One language of the site: its code, its prefix in addresses, its catalog and Babel's rules for it."""

    code: str
    prefix: str  # "" for the default language, "es/" for Spanish
    catalog: gettext.NullTranslations
    default: str = "en"  # the site's default language, whose words are shown where a translation is missing

    @property
    def locale(self) -> Locale:
        return _locale(self.code)

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.catalog.ngettext(singular, plural, count)


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code, sep="-")


ENGLISH = Language("en", "", gettext.NullTranslations())  # the words as the templates and code write them


def catalog_path(locales_dir: Path, code: str) -> Path:
    """Return where a language's catalog is kept, as Babel and gettext lay it out."""
    return locales_dir / code.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def language(code: str, default: str, locales_dir: Path) -> Language:
    """Return a language of the site, its catalog read from its .po file (none for the default language)."""
    if code == default:
        return Language(code, "", gettext.NullTranslations(), default)
    with open(catalog_path(locales_dir, code), "rb") as handle:
        catalog = read_po(handle, locale=code.replace("-", "_"))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # in memory: Python's gettext reads the compiled form
    compiled.seek(0)
    return Language(code, f"{code}/", support.Translations(compiled, domain=DOMAIN), default)


def localize(directory: Directory, lang: Language) -> Directory:
    """Return the directory as the pages of one language show it: its categories, listings, guides and pages in
    that language where they have been translated, the default language's words where not (marked on each
    listing as untranslated). Numbers, hours and addresses are the same objects: only words change."""
    site = directory.site
    if lang.code == site.languages[0]:
        return directory
    categories = {c.slug: dataclasses.replace(c, listings=[], **_words(c.translations, lang.code))
                  for c in directory.categories}
    listings = {x.slug: translated(x, categories[x.category.slug], lang.code) for x in directory.listings}
    for category in directory.categories:
        categories[category.slug].listings = [listings[x.slug] for x in category.listings]
    guides = [dataclasses.replace(g, title=t.title, summary=t.summary, body=t.body, reviewed=t.reviewed,
                                  path=t.path, listings=[listings[x.slug] for x in g.listings])
              for g in directory.guides if (t := g.translations.get(lang.code))]
    articles = [a.translations[lang.code] for a in directory.articles if lang.code in a.translations]
    crisis_line, referral_line = (line and line.languages.get(lang.code, line)
                                  for line in (site.crisis_line, site.referral_line))
    assert crisis_line is not None
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


def translated(listing: Listing, category: Category, code: str) -> Listing:
    """Return a listing in one language: its translated words, and which words had no translation."""
    found = listing.translations.get(code)
    words = _words(listing.translations, code)
    untranslated = {name for name in ("summary", "description", "notice") if getattr(listing, name)} - set(words)
    schedules = tuple(dataclasses.replace(s, **_words(s.translations, code)) for s in listing.schedules)
    untranslated |= {"schedules" for s in listing.schedules if s.description and code not in s.translations}
    unreviewed = bool(found and words and not found.reviewed) or any(
        not s.translations[code].reviewed for s in listing.schedules if code in s.translations)
    return dataclasses.replace(listing, category=category, schedules=schedules, untranslated=frozenset(untranslated),
                               unreviewed=unreviewed, **words)


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
    with open(template_path, "rb") as handle:
        template = read_po(handle)
    for code in languages[1:]:
        path = catalog_path(locales_dir, code)
        if not path.is_file():
            found.append(Problem(Position(_shown(path)), "languages", f"site.yaml names the language {code!r}, "
                                 f"which has no catalog here; run python -m sitegen.catalog {code} and translate it"))
            continue
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale=code)
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


def _shown(path: Path) -> str:
    """Return a catalog's path as the project names it, like locales/es/LC_MESSAGES/messages.po."""
    return path.relative_to(path.parents[3]).as_posix()
