"""The directory's data: plain dataclasses that validate.py builds and the templates print."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from .yamltext import Record


@dataclass(frozen=True)
class Phone:
    number: str  # as the editor typed it
    type: str  # voice | text | tty | videophone
    display: str  # formatted for reading, like (800) 662-4357
    dial: str  # what is dialled, as check found it: +18006624357, or a short code like 988; "" if it cannot be
    keyword: str | None = None
    extension: str | None = None
    description: str | None = None
    press: str | None = None  # the menu option after calling, for speakers of a language: 2 for Spanish at 988

    @property
    def href(self) -> str:
        """Return the tel: or sms: link that dials it, with a text line's keyword filled in ("" if none)."""
        if not self.dial:
            return ""
        if self.type == "text":  # "?&body=" is read by both iOS (which wants &) and Android (which wants ?)
            return f"sms:{self.dial}" + (f"?&body={quote(self.keyword)}" if self.keyword else "")
        return f"tel:{self.dial}" + (f",{self.extension}" if self.extension else "")


@dataclass(frozen=True)
class Location:
    city: str
    state: str
    street: str | None = None
    postal_code: str | None = None
    latitude: float | None = None  # the editor's, or filled in by geo.located
    longitude: float | None = None
    approximate: bool = False  # the coordinates are the centre of the ZIP code or town, not of the place


# Service areas the site words itself, in each language (display.format_area): no listing translates them.
WORDED_AREAS = ("United States", "Online")

@dataclass(frozen=True)
class Translation:
    """A record's words in another language, and whether a person fluent in it has checked them."""

    # In the record's own shape: {"summary": ..., "phones": [{"description": ...}, {}], "accessibility": [...]}
    fields: dict[str, Any]
    reviewed: bool = False


class Untranslated(str):
    """Words a page in one language shows in the site's default language, as no translation has them yet: the
    page marks them with their language and says so (display.words)."""


Translations = dict[str, Translation]  # by language code, like es


@dataclass(frozen=True)
class Schedule:
    """When a service is open or a group meets, in its listing's time zone (hsds.py maps it to HSDS)."""

    open_24_7: bool = False
    days: tuple[str, ...] = ()  # mon ... sun
    weeks: tuple[int, ...] = ()  # of the month: 1 to 5, or -1 for the last; () for every week
    opens: str | None = None  # "18:30"
    closes: str | None = None  # "20:00"; "24:00" is midnight; earlier than opens: on the next day
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    description: str | None = None

    @property
    def overnight(self) -> bool:
        """Return True if the time ends on the day after it starts."""
        return bool(self.opens and self.closes and self.closes < self.opens)


@dataclass(frozen=True)
class Verified:
    """How and when a listing's details were last got: read from its sources, by phone, or from its provider."""

    date: dt.date
    by: str  # sources | phone | provider


@dataclass(eq=False)
class Category:
    slug: str
    name: str  # one of them: "Warmline"
    plural: str  # the category as a heading: "Warmlines"
    description: str
    listings: list[Listing] = field(default_factory=list)  # in the order category pages show them
    translations: Translations = field(default_factory=dict)


@dataclass(eq=False, slots=True, weakref_slot=True)  # slots: 100,000 of them (each language's) without a dict each
class Listing:
    slug: str
    path: str  # the content file relative to content/, like listings/x.yaml: for "Suggest an edit" links
    name: str
    category: Category
    summary: str
    verified: Verified
    time_zone: str  # the listing's own, its category's default, or the site's
    record: Record = field(repr=False)  # the file as read: where each field was written, for later warnings
    source: tuple[str, ...] = ()  # the web pages the details were read from
    status: str = "active"  # active | temporarily-closed (inactive listings are not published)
    notice: str | None = None  # a change for now, shown first; None once its notice_until has passed
    notice_until: dt.date | None = None
    description: str = ""  # Markdown, as written
    url: str | None = None
    email: str | None = None
    phones: tuple[Phone, ...] = ()
    chat_url: str | None = None
    location: Location | None = None
    service_area: tuple[str, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    closed_on: tuple[dt.date, ...] = ()  # days with no service: the times that would start on them do not happen
    meetings: bool = False  # the schedules are when a group meets, not opening hours
    hours_unconfirmed: bool = False  # the sources disagree or are dated: shown as not confirmed, never as open now
    languages: tuple[str, ...] = ()
    cost: tuple[str, ...] = ()
    cost_note: str | None = None
    audience: tuple[str, ...] = ()
    accessibility: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    stale: bool = False  # verified longer ago than site.stale_after_days
    translations: Translations = field(default_factory=dict)
    # In a language other than the default (languages.localize): the fields shown in the default language as no
    # translation has them, like phones[0].description, and whether any text shown is a translation nobody fluent
    # has checked yet.
    untranslated: tuple[str, ...] = ()
    unreviewed: bool = False

    @property
    def open_24_7(self) -> bool:
        """Return True if the site may say the service is open 24/7: a confirmed schedule says so."""
        return self.clock_hours and any(s.open_24_7 for s in self.schedules)

    @property
    def clock_hours(self) -> bool:
        """Return True if the site may tell by the clock whether the service is open now (open-now, calendars):
        it has hours, and they are not unconfirmed. Never tell someone a line is open when it may not be."""
        return bool(self.schedules) and not self.hours_unconfirmed


@dataclass(eq=False)
class Guide:
    slug: str
    path: str  # relative to content/, like guides/x.md
    title: str
    summary: str
    reviewed: dt.date
    body: str  # Markdown
    order: int
    record: Record = field(repr=False)  # the file as read, for later warnings
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    listings: list[Listing] = field(default_factory=list)  # related, chosen by categories and tags
    translations: dict[str, Article] = field(default_factory=dict)  # <slug>.es.md beside it, by language
    unreviewed: bool = False  # in another language: its translation has not been checked by someone fluent


@dataclass(eq=False)
class Article:
    """A page of prose from content/pages/, such as the about page."""

    slug: str
    path: str  # relative to content/, like pages/about.md
    title: str
    summary: str
    reviewed: dt.date
    body: str  # Markdown
    record: Record = field(repr=False)  # the file as read, for later warnings
    translations: dict[str, Article] = field(default_factory=dict)  # <slug>.es.md beside it, by language
    unreviewed: bool = False  # a translation not yet checked by someone fluent (its reviewed: false)


@dataclass(frozen=True)
class HelpLine:
    """A line the site points everyone to: the crisis line on every page, the referral line when nothing is found."""

    name: str
    phone: Phone
    text: Phone | None = None
    listing: str | None = None  # the slug of its listing
    languages: dict[str, HelpLine] = field(default_factory=dict, compare=False)  # the line for other languages


@dataclass(frozen=True)
class SearchWords:
    """content/search.yaml: phrases that put crisis help first, how the language's words are read for them (its
    grammar, which crisis.js applies: little words, endings, verb forms, pronouns), and everyday words for what
    listings are called."""

    crisis: tuple[str, ...]
    synonyms: dict[str, tuple[str, ...]]  # by term (see key): a tag, audience or category
    translations: dict[str, SearchWords] = field(default_factory=dict)  # another language's, by language code
    grammar: dict[str, Any] = field(default_factory=dict)  # as search.schema.json has it

    @staticmethod
    def key(term: str) -> str:
        """Return how a tag, audience or category is looked up: "Young people" and young-people are one term."""
        return term.casefold().replace("-", " ")

    def words_for(self, terms: tuple[str, ...]) -> list[str]:
        """Return the everyday words for these tags, audiences and categories, sorted."""
        return sorted({word for term in terms for word in self.synonyms.get(self.key(term), ())})


@dataclass(frozen=True)
class License:
    """The license the directory's data is published under (site.yaml's license)."""

    name: str
    url: str


@dataclass(frozen=True)
class Host:
    """Who serves the site's pages (site.yaml's host): like any web host, it may log visitors' IP addresses."""

    name: str
    privacy_policy: str | None = None  # the address of its privacy terms


@dataclass(frozen=True)
class Site:
    name: str
    description: str
    region: str
    base_url: str
    language: str  # the language of the pages being made: the default, or one of languages (languages.localize)
    country: str
    time_zone: str
    crisis_line: HelpLine
    emergency_number: str  # like 911
    repository_url: str
    repository_branch: str
    stale_after_days: int
    referral_line: HelpLine | None = None  # where to find other local help, like 211
    publisher: str = ""
    languages: tuple[str, ...] = ("en",)  # the default first
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)  # name, description...
    license: License | None = None  # of the data; None: site.yaml names none
    host: Host | None = None  # site.yaml's, or the schema's default (GitHub Pages); None: not named


@dataclass(eq=False)
class Directory:
    """Everything the site is built from, checked and cross-linked."""

    site: Site
    categories: list[Category]
    listings: list[Listing]
    guides: list[Guide]
    articles: list[Article]
    search: SearchWords
    today: dt.date
    crisis_lines: Category | None = None  # the category of the crisis line's listing, whose page lists every line
