"""The pages of the site in one language: which pages there are, at what address, and what each shows; long
lists split into pages, the order volunteers check listings in, what is left to translate."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

from . import display, facets, hsds, index, kept, languages, urls, vocabulary
from .models import Article, Category, Directory, Guide, Listing
from .urls import OFFLINE, article_url, base_path, category_url, guide_url, listing_url, root_of

# Long lists are split into pages that stay light on a phone: a statewide category can hold thousands.
PER_PAGE = 25
CHECKING_PER_PAGE = 50
BROWSE_ALL_UP_TO = 100  # the browse page and a guide show every listing of a list this long,
BROWSE_PER_CATEGORY = 5  # and of a longer one the first few of each kind, with a link to the rest


@dataclass(frozen=True, slots=True)  # slots: 100,000 of them for 50,000 listings, without a dict each
class Page:
    """One page of the site: its address, its template, and what the template shows."""

    url: str  # relative to the site's root, like listings/x/
    template: str
    title: str
    description: str
    root: str  # the way back to the root of the page's language from this page, like ../../ (to es/ on es/x/)
    canonical: str  # the page's full address
    robots: str | None = None  # "noindex" for pages search engines should leave out
    context: dict[str, Any] = field(default_factory=dict)  # the template's own variables: listing, pager...
    language: str = "en"
    assets: str = ""  # the way back to the site's root, where assets/ is: the same folder for every language
    alternates: tuple[tuple[str, str], ...] = ()  # (language, url) of this page in every language it is in
    bare: str = ""  # the address within its language: listings/x/ for es/listings/x/ as for listings/x/


@dataclass(frozen=True)
class Left:
    """What is left to do in one language for one listing, guide or page: words to translate, or a translation
    someone fluent has not checked yet."""

    language: str
    item: Listing | Guide | Article  # in the default language
    title: str  # a listing's name; a guide's or page's title in the language, or in the default one if it has none
    fields: tuple[str, ...] = ()  # a listing's words shown in the default language, like phones[0].description
    missing: bool = False  # a guide or page with no translation: its pages in the language leave it out
    unreviewed: bool = False


def with_alternates(pages: list[Page], langs: list[languages.Language]) -> list[Page]:
    """Return the pages, each knowing the address of the same page in every language that has it (hreflang)."""
    if len(langs) == 1:
        return pages
    same: dict[str, list[tuple[str, str]]] = {}
    for page in pages:
        same.setdefault(page.bare, []).append((page.language, page.url))
    return [_with_alternates(page, tuple(same[page.bare])) for page in pages]


_NAMES = [f.name for f in fields(Page) if f.name != "alternates"]


def _with_alternates(page: Page, alternates: tuple[tuple[str, str], ...]) -> Page:
    """Return the page knowing its alternates; a listing's page is kept with its listing (kept.py), so in serve an
    unchanged listing's page is the same object from save to save, and need not be rendered again."""
    def made() -> Page:  # made anew, not with dataclasses.replace, which takes half as long again
        return Page(**{name: getattr(page, name) for name in _NAMES}, alternates=alternates)

    listing = page.context.get("listing")
    return made() if listing is None else kept.derived(listing, ("with alternates", page.language), made,
                                                          (page, alternates))


def to_translate(directory: Directory, local: dict[str, Directory]) -> list[Left]:
    """Return what each language other than the default still lacks, for the translations page: listings with
    words not translated or a translation not checked, then guides and pages with no translation or one not
    checked."""
    found = []
    for code, there in local.items():
        if code == directory.site.language:
            continue
        found += [kept.derived(x, "left", lambda: Left(code, x, x.name, x.untranslated, unreviewed=x.unreviewed))
                  for x in there.listings if x.untranslated or x.unreviewed]  # kept.py: serve compares the rows
        prose: list[Guide | Article] = [*directory.guides, *directory.articles]
        for item in prose:
            translation = item.translations.get(code)
            if translation is None or translation.unreviewed:
                found.append(Left(code, item, (translation or item).title, missing=translation is None,
                                  unreviewed=translation is not None))
    return found


def left_counts(left: list[Left], codes: tuple[str, ...]) -> list[tuple[str, int, int]]:
    """Return (language, listings, guides and pages) left to translate or check, for each language but the
    default."""
    return [(code, sum(1 for r in left if r.language == code and isinstance(r.item, Listing)),
             sum(1 for r in left if r.language == code and not isinstance(r.item, Listing))) for code in codes]


def site_pages(directory: Directory, search: list[str], version: str,
               lang: languages.Language = languages.ENGLISH, left: list[Left] | None = None) -> list[Page]:
    """Return every page of the site in one language, listings first: they are most of a large site, and search
    indexes them. The pages of a language other than the default are under its prefix, like es/.

    search names the folders of the search index, which the search page loads; version is the build's
    (site_version), which tells the search page when its index changed."""
    site = directory.site
    _ = lang.gettext

    def page(url: str, template: str, title: str, description: str, *, robots: str | None = None,
             **context: Any) -> Page:
        # The 404 and offline pages are served at any depth: for a missing page, or one not kept on the device.
        if url in (urls.NOT_FOUND, OFFLINE):
            root, assets = base_path(site.base_url) + lang.prefix, base_path(site.base_url)
        else:
            root, assets = root_of(url), root_of(lang.prefix + url)
        return Page(lang.prefix + url, template, title, description, root, site.base_url + lang.prefix + url, robots,
                    context, lang.code, assets, bare=url)

    order, guides_of = {c.slug: i for i, c in enumerate(directory.categories)}, related_guides(directory)
    crisis_line = site.crisis_line.listing
    pages = [kept.derived(x, ("page", lang.code), lambda: page(  # kept.py: the same page of an unchanged listing
        listing_url(x.slug), "listing.html", x.name, x.summary, listing=x, rank=rank, related_guides=guides),
        (rank, [g.slug for g in guides]))  # a guide is made anew at each check: kept, its title and place still hold
        for x in directory.listings
        for rank, guides in [(search_rank(x, order, x.slug == crisis_line), guides_of.get(x, []))]]
    pages += [page(guide_url(g.slug), "guide.html", g.title, g.summary, guide=g, rank=search_rank(g, order, False),
                   listings=shown, more=more) for g in directory.guides for shown, more in [first_of_each(g.listings)]]
    pages += [page(url, "category.html", c.plural + (_(" (page %(number)s)") % pager if pager["number"] > 1 else ""),
                   c.description, category=c, listings=listings, pager=pager,
                   near=any(display.place(x) for x in listings))
              for c in directory.categories for url, listings, pager in paginate(category_url(c.slug), c.listings,
                                                                                  PER_PAGE)]
    pages += [page(url, "needs_checking.html", _("Listings that need checking"),
                   _("Listings never confirmed with the service first, then those with the oldest details."),
                   robots="noindex", listings=listings, pager=pager, total=len(directory.listings))
              for url, listings, pager in paginate(urls.NEEDS_CHECKING, to_check(directory.listings),
                                                   CHECKING_PER_PAGE)]
    if left is not None:  # in more than one language: what is left to translate (linked from needs-checking/)
        counts = left_counts(left, site.languages[1:])  # once: every page shows them, and a page has 50 of 10,000
        pages += [page(url, "translations.html", _("Translations to write and check"),
                       _("What is not yet translated, or not yet checked by someone fluent, in each language."),
                       robots="noindex", rows=rows, listings=[r.item for r in rows if isinstance(r.item, Listing)],
                       pager=pager, languages=counts)
                  for url, rows, pager in paginate(urls.TRANSLATIONS, left, CHECKING_PER_PAGE)]
    pages += [page(article_url(a.slug), "article.html", a.title, a.summary, article=a) for a in directory.articles]
    browse_limit = None if len(directory.listings) <= BROWSE_ALL_UP_TO else BROWSE_PER_CATEGORY
    pages += [
        page(urls.HOME, "home.html", site.name, site.description,
             categories=[c for c in directory.categories if c.listings]),
        page(urls.BROWSE, "browse.html", _("All listings"), _("Every listing in %(site)s.") % {"site": site.name},
             groups=[(c, c.listings[:browse_limit]) for c in directory.categories if c.listings]),
        page(urls.GUIDES, "guides.html", _("Guides"), _("Short, practical guides to reaching out.")),
        *([page(urls.OPEN_DATA, "hsds.html", "This directory as open data",  # for programmers: default language only
                f"Every listing of {site.name} as Open Referral HSDS 3.0 data, for other directories to reuse.",
                services=len(directory.listings), per_page=hsds.PER_PAGE, extensions=hsds.EXTENSIONS,
                read_only=sum(1 for x in directory.listings if x.verified.by not in hsds.ASSURED))]
          if not lang.prefix else []),
        page(urls.SEARCH, "search.html", _("Search"), _("Search %(site)s.") % {"site": site.name},
             bundles=[name for name in search if name != index.GUIDES], guides=index.GUIDES in search,
             version=version, near=any(display.place(x) for x in directory.listings), vocabulary=vocabulary.PATH,
             # Counted here, where serve keeps each listing's values (kept.py), not in a worker that forgets them.
             filters=facets.search_filters(directory, lang)),
        page(urls.MY_LIST, "my_list.html", _("My list"), _("The listings you saved on this device: their numbers and "
             "hours in one place, to share or print as a pocket card.")),
        page(OFFLINE, "offline.html", _("You are offline"), _("This page is not kept on this device."),
             robots="noindex"),
        page(urls.NOT_FOUND, "404.html", _("Page not found"), _("There is no page at this address."), robots="noindex"),
    ]
    return pages


def to_check(listings: list[Listing]) -> list[Listing]:
    """Return the listings in the order volunteers should check them: those whose details were only ever read from
    public pages first (nobody has asked the service yet), then those checked longest ago."""
    return sorted(listings, key=lambda x: (x.verified.by != "sources", x.verified.date, x.name.casefold()))


def first_of_each(listings: list[Listing]) -> tuple[list[Listing], list[Category]]:
    """Return the listings a guide shows, in their order: all of a short list; else the first few of each kind,
    and the kinds whose pages list the rest. A guide of a statewide directory would list thousands."""
    if len(listings) <= BROWSE_ALL_UP_TO:
        return listings, []
    kinds = {x.category.slug: x.category for x in listings}  # a guide lists its listings kind by kind
    count, first = Counter(x.category.slug for x in listings), []
    for slug in kinds:
        first += [x for x in listings if x.category.slug == slug][:BROWSE_PER_CATEGORY]
    return first, [kind for slug, kind in kinds.items() if count[slug] > BROWSE_PER_CATEGORY]


def paginate(url: str, items: list, per_page: int) -> list[tuple[str, list, dict]]:
    """Return (url, items, pager) for each page of a long list: the first at url, the rest at url + "2/" and on.

    The pager gives the page's number and count, the previous and next addresses, and the pages to link to:
    the first, the last and the two either side of this one, with None where pages are left out.
    """
    count = max(1, -(-len(items) // per_page))
    urls = [url] + [f"{url}{n}/" for n in range(2, count + 1)]
    pages = []
    for n in range(count):
        shown = sorted({0, count - 1, *range(max(0, n - 2), min(count, n + 3))})
        links: list[tuple[int, str] | None] = []
        for at, k in enumerate(shown):
            if at and k > shown[at - 1] + 1:
                links.append(None)  # a gap, printed as an ellipsis
            links.append((k + 1, urls[k]))
        pages.append((urls[n], items[n * per_page:(n + 1) * per_page],
                       {"number": n + 1, "count": count, "links": links,
                        "previous": urls[n - 1] if n else None, "next": urls[n + 1] if n + 1 < count else None}))
    return pages


def related_guides(directory: Directory) -> dict[Listing, list]:
    """Return the guides that lead to each listing, in the guides' own order."""
    guides_of: dict[Listing, list] = {}
    for guide in directory.guides:
        for listing in guide.listings:
            guides_of.setdefault(listing, []).append(guide)
    return guides_of


def search_rank(item: Listing | Guide, category_order: dict[str, int], crisis_line: bool) -> str:
    """Return where a listing or guide comes in search results found by filters alone: in the browse page's order
    (by category; the site's crisis line, then those open 24/7, then by name), guides last. Made of the item
    alone, so an edit of one listing changes no other listing's page."""
    if isinstance(item, Guide):
        return f"{len(category_order):03d} {item.order:04d} {item.title.casefold()} {item.slug}"
    at = category_order[item.category.slug]
    return kept.derived(item, "search rank", lambda: (  # kept.py: in serve, ranking 10,000 took a twentieth of a save
        f"{at:03d} {int(not crisis_line)}{int(not item.open_24_7)} {item.name.casefold()} {item.slug}"),
        (at, crisis_line))
