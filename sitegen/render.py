"""Render the checked directory into the site's files: every page through its template, and the fixed files."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from . import (
    actions,
    display,
    facets,
    forms,
    geo,
    hours,
    hsds,
    ical,
    index,
    languages,
    links,
    markup,
    new,
    qr,
    urls,
    vocabulary,
)
from .models import Article, Category, Directory, Guide, Listing, Site
from .problems import Problem
from .urls import (
    OFFLINE,
    article_url,
    base_path,
    calendar_url,
    category_url,
    guide_url,
    listing_url,
    page_path,
    root_of,
    url_of,
)

# Long lists are split into pages that stay light on a phone: a statewide category can hold thousands.
PER_PAGE = 25
CHECKING_PER_PAGE = 50
BROWSE_ALL_UP_TO = 100  # the browse page and a guide show every listing of a list this long,
BROWSE_PER_CATEGORY = 5  # and of a longer one the first few of each kind, with a link to the rest


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class File:
    """One file of the site: its path inside the site folder, and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Plan:
    """Every page and fixed file of the site, before the pages are rendered; each path once."""

    directory: Directory  # in the default language
    env: jinja2.Environment
    pages: list[Page]
    files: list[File]  # sitemap, robots.txt, headers, assets, schemas
    paths: frozenset[str]  # of every page and file, each once: what a link may go to, and all write.py writes
    base_path: str  # the path part of the base URL, where the site's own absolute links start
    search: dict[str, list[str]]  # the search index's folders, and the pages each indexes (index.bundles)
    local: dict[str, Directory] = field(default_factory=dict)  # the directory in each language, by code
    envs: dict[str, jinja2.Environment] = field(default_factory=dict)  # each language's, its catalog installed


def plan_site(directory: Directory, templates_dir: Path, schema_dir: Path, locales_dir: Path,
              shards: tuple[str, ...] = ()) -> Plan:
    """Return every page and file of the site, in each of its languages; raise RuntimeError if two would be
    written to one path. shards: the paths of the directory's other shards on this host (Config.shards), whose
    search indexes each language's search page merges with its own."""
    codes = directory.site.languages
    langs = [languages.language(code, codes[0], locales_dir, directory.site.country) for code in codes]
    local = {lang.code: languages.localize(directory, lang) for lang in langs}
    version = site_version(directory, templates_dir, schema_dir)
    search, pages, left = {}, [], to_translate(directory, local)
    others = [shard for shard in shards if shard != base_path(directory.site.base_url)]
    for lang in langs:  # each language has a search index of its own: Pagefind stems its words its own way
        found = index.bundles([lang.prefix + url_of(x) for x in local[lang.code].listings],
                              [lang.prefix + url_of(g) for g in local[lang.code].guides], lang.prefix)
        search.update(found)
        merged = [name.removeprefix(lang.prefix) for name in found]
        merged += [f"{shard}{lang.prefix}pagefind/" for shard in others]  # their listings, in the same language
        pages += site_pages(local[lang.code], merged, version, lang, left if len(langs) > 1 else None)
    pages = with_alternates(pages, langs)
    envs = {lang.code: environment(templates_dir, lang, frozenset(p.bare for p in pages if p.language == lang.code))
            for lang in langs}
    env = envs[codes[0]]
    files = fixed_files(directory, pages, env, templates_dir, schema_dir, version, [lang.prefix for lang in langs])
    # Each language's search page corrects typing mistakes from the words of its own index.
    files += [File(lang.prefix + vocabulary.PATH, vocabulary.vocabulary_file(local[lang.code])) for lang in langs]
    made_with_pages = [*(calendar_url(x.slug) for x in directory.listings if ical.has_calendar(x)),
                       *(path for x in directory.listings for path in hsds.listing_paths(x.slug))]
    every = [*(page_path(page.url) for page in pages), *(file.path for file in files), *made_with_pages]
    # validate.py reports content that would take an address the site has (urls.taken_by): two files at one
    # path here is a bug, and write.py would refuse it half way. Say so before anything is written.
    if len(set(every)) < len(every):
        raise RuntimeError(f"two files want to be written to {Counter(every).most_common(1)[0][0]}")
    return Plan(directory, env, pages, files, frozenset(every), base_path(directory.site.base_url), search, local,
                envs)


def with_alternates(pages: list[Page], langs: list[languages.Language]) -> list[Page]:
    """Return the pages, each knowing the address of the same page in every language that has it (hreflang)."""
    if len(langs) == 1:
        return pages
    same: dict[str, list[tuple[str, str]]] = {}
    for page in pages:
        same.setdefault(page.bare, []).append((page.language, page.url))
    return [dataclasses.replace(page, alternates=tuple(same[page.bare])) for page in pages]


def other_languages(page: Page, site: Site) -> list[tuple[str, str]]:
    """Return (language, link) for the language switch: the same page in each other language, or where a page
    has no translation (a guide), that language's home page."""
    there = dict(page.alternates)
    return [(code, page.assets + there.get(code, "" if code == site.languages[0] else f"{code}/"))
            for code in site.languages if code != page.language]


def render_pages(plan: Plan, pages: list[Page]) -> list[File]:
    """Return the pages rendered, each in its language; with a listing's page in the default language, its HSDS
    service and organization and its calendar file if it has times (the data is the same in every language; made
    here, on every core: the icalendar package takes milliseconds for each)."""
    files = []
    for page in pages:
        directory = plan.local.get(page.language, plan.directory)
        files.append(File(page_path(page.url), render_page(plan.envs.get(page.language, plan.env), directory,
                                                           page).encode()))
        if page.template == "listing.html" and page.language == plan.directory.site.language:
            listing = page.context["listing"]
            files += [json_file(path, data) for path, data in hsds.listing_files(
                listing, directory.site, directory.today).items()]
            if ical.has_calendar(listing):
                files.append(File(calendar_url(listing.slug), ical.calendar(listing, directory.site)))
    return files


def broken_links(plan: Plan, files: list[File]) -> list[Problem]:
    """Return a problem for each link in the rendered pages that goes to no file of the site."""
    known: dict = {}  # links.broken remembers which links from the site's root resolve
    return [problem for file in files if file.path.endswith(".html")
            for problem in links.broken(file.path, file.data.decode(), plan.paths, plan.base_path, known)]


def to_translate(directory: Directory, local: dict[str, Directory]) -> list[Left]:
    """Return what each language other than the default still lacks, for the translations page: listings with
    words not translated or a translation not checked, then guides and pages with no translation or one not
    checked."""
    found = []
    for code, there in local.items():
        if code == directory.site.language:
            continue
        found += [Left(code, x, x.name, x.untranslated, unreviewed=x.unreviewed) for x in there.listings
                  if x.untranslated or x.unreviewed]
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
    pages = [page(listing_url(x.slug), "listing.html", x.name, x.summary, listing=x,
                  rank=search_rank(x, order, x.slug == crisis_line),
                  related_guides=guides_of.get(x, [])) for x in directory.listings]
    pages += [page(guide_url(g.slug), "guide.html", g.title, g.summary, guide=g, rank=search_rank(g, order, False),
                   listings=shown, more=more) for g in directory.guides for shown, more in [first_of_each(g.listings)]]
    pages += [page(url, "category.html", c.plural + (_(" (page %(number)s)") % pager if pager["number"] > 1 else ""),
                   c.description, category=c, listings=listings, pager=pager,
                   near=any(display.place(x) for x in listings))
              for c in directory.categories for url, listings, pager in paginate(category_url(c.slug), c.listings,
                                                                                  PER_PAGE)]
    pages += [page(url, "needs_checking.html", _("Listings that need checking"),
                   _("Listings never confirmed with the service first, then those with the oldest details."),
                   robots="noindex", listings=listings, pager=pager)
              for url, listings, pager in paginate(urls.NEEDS_CHECKING, to_check(directory.listings),
                                                   CHECKING_PER_PAGE)]
    if left is not None:  # in more than one language: what is left to translate (linked from needs-checking/)
        pages += [page(url, "translations.html", _("Translations to write and check"),
                       _("What is not yet translated, or not yet checked by someone fluent, in each language."),
                       robots="noindex", rows=rows, listings=[r.item for r in rows if isinstance(r.item, Listing)],
                       pager=pager, languages=left_counts(left, site.languages[1:]))
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
             version=version, near=any(display.place(x) for x in directory.listings), vocabulary=vocabulary.PATH),
        page(urls.MY_LIST, "my_list.html", _("My list"), _("The listings you saved on this device: their numbers and "
             "hours in one place, to share or print as a pocket card.")),
        page(OFFLINE, "offline.html", _("You are offline"), _("This page is not kept on this device."),
             robots="noindex"),
        page(urls.NOT_FOUND, "404.html", _("Page not found"), _("There is no page at this address."), robots="noindex"),
    ]
    return pages


def site_version(directory: Directory, templates_dir: Path, schema_dir: Path) -> str:
    """Return a short digest of what a deploy changes: the checked content, the templates and assets, and the
    schemas. The service worker keeps pages under it, so a new build replaces every one. This code is left out:
    numbers and hours come from the content, and a version that changed with every change to the builder would
    change the search page of every golden test with it."""
    digest = hashlib.sha256()
    for path in sorted([*templates_dir.rglob("*"), *schema_dir.glob("*.json")]):
        if path.is_file() and not path.is_relative_to(templates_dir / ADMIN):  # visitors' pages never change with it
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    site = directory.site
    digest.update(repr((site, directory.search, [(c.slug, c.name, c.plural, c.description)
                                                 for c in directory.categories])).encode())
    for kind in (directory.listings, directory.guides, directory.articles):
        for item in kind:
            digest.update(repr(own_fields(item)).encode())
    return digest.hexdigest()[:16]


def own_fields(item: object) -> list[tuple[str, object]]:
    """Return what site_version digests of a record: its fields and its translations' fields. A category or a
    guide's listings are digested as themselves. Not a path: that is where this checkout is (an absolute path), so
    every other checkout would get another version."""
    return [(name, {code: own_fields(t) for code, t in value.items()} if name == "translations" else value)
            for name, value in vars(item).items() if name not in ("category", "listings", "path")]


def fixed_files(directory: Directory, pages: list[Page], env: jinja2.Environment, templates_dir: Path,
                schema_dir: Path, version: str, prefixes: list[str]) -> list[File]:
    """Return the files that are not pages: sitemap, robots.txt, host headers, assets, the schemas, and for the
    visitor's device the service worker, the web app manifest and the ZIP tables."""
    site = directory.site
    files = [File("sitemap.xml", env.get_template("sitemap.xml").render(
                 site=site, urls=sorted(page.url for page in pages if page.robots is None)).encode()),
             File("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site.base_url}sitemap.xml\n".encode()),
             File("_headers", env.get_template("headers.txt").render(site=site).encode())]  # Netlify, Cloudflare
    files += [File(f"assets/{path.relative_to(templates_dir / 'assets').as_posix()}", path.read_bytes())
              for path in sorted((templates_dir / "assets").rglob("*")) if path.is_file()]
    # Published, so editors' tools can fetch the schemas from the site.
    files += [File(f"schema/{path.name}", path.read_bytes()) for path in sorted(schema_dir.glob("*.json"))]
    # The directory as Open Referral HSDS data, for 211s and other directories to reuse: here its lists; each
    # listing's service and organization are made with the listing's page (render_pages), on every core.
    files += [json_file(path, data) for path, data in hsds.lists(directory).items()]
    # At the site's root, so the service worker's scope is the whole site.
    files.append(File("sw.js", env.get_template("sw.js").render(
        version=version, offline=[[prefix, prefix + OFFLINE] for prefix in sorted(prefixes, reverse=True)],
        precache=kept_offline(directory, files, prefixes), editors=ADMIN).encode()))
    files.append(File("manifest.webmanifest", web_app_manifest(directory).encode()))
    points = sorted({(float(p["lat"]), float(p["lon"])) for p in map(display.place, directory.listings) if p})
    files += [File(f"zip/{prefix}.json", table) for prefix, table in geo.zip_tables(tuple(points)).items()]
    return files + admin_files(site, env, templates_dir)


ADMIN = "admin/"  # the editors' form: no visitor page links to it, and the service worker leaves it alone


def admin_files(site: Site, env: jinja2.Environment, templates_dir: Path) -> list[File]:
    """Return the editors' form at admin/: its page, our scripts and its configuration (templates/admin, made by
    forms.py), and the CMS with its fonts from node_modules when `npm ci` has put them there."""
    parts = urlsplit(site.repository_url)
    page = env.get_template(f"{ADMIN}index.html").render(
        site=site, base_path=base_path(site.base_url), first_line=new.SCHEMA_COMMENT, how_verified=hours.HOW_VERIFIED,
        repository=parts.path.strip("/") if parts.hostname == "github.com" else "")
    return [File(f"{ADMIN}index.html", page.encode()),
            *(File(ADMIN + path.name, path.read_bytes()) for path in sorted((templates_dir / ADMIN).iterdir())
              if path.is_file() and path.suffix in (".js", ".yml")),
            *(File(ADMIN + path, data) for path, data in forms.cms_files().items())]


def json_file(path: str, data: Any) -> File:
    """Return a JSON file, compact (10,000 services are 50 MB of it), in its own order, with <, >, & and ' written
    as \\u escapes, as Go's encoding/json does: no text in it can end a <script> element a reader puts it in."""
    return File(path, display.script_json(data, separators=(",", ":"), sort_keys=False).encode())


def kept_offline(directory: Directory, files: list[File], prefixes: list[str]) -> list[str]:
    """Return what the service worker keeps from the start, relative to the site's root: in each language (its
    prefix, like es/) the home page, the saved list, the offline page and the crisis lines (the first page of
    them); and every asset."""
    lines = directory.crisis_lines
    crisis = [url_of(lines), *(url_of(x) for x in lines.listings[:PER_PAGE])] if lines else []
    return [*(prefix + url for prefix in prefixes for url in [urls.HOME, urls.MY_LIST, OFFLINE, *crisis]),
            "manifest.webmanifest", *(file.path for file in files if file.path.startswith("assets/"))]


def web_app_manifest(directory: Directory) -> str:
    """Return the web app manifest, so the site can be added to a phone's home screen and opens on its own."""
    site = directory.site
    return display.script_json({  # with "<" escaped, though no browser reads a manifest as a page
        "name": site.name, "short_name": site.name, "description": site.description, "lang": site.language,
        "start_url": "./", "scope": "./", "display": "standalone",
        "background_color": "#f6f5f1", "theme_color": "#163f52",  # site.css's --bg and --crisis
        "icons": [{"src": "assets/icon.svg", "sizes": "any", "type": "image/svg+xml"}]}) + "\n"


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
    first = f"{int(not crisis_line)}{int(not item.open_24_7)}"
    return f"{category_order[item.category.slug]:03d} {first} {item.name.casefold()} {item.slug}"


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, kept in memory: each language's environment, and every build `serve`
    (or a test run) makes, reuses them. Jinja2 compares each template's source with the one compiled, so an
    edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()  # shared only by environment(), whose environments all have the same settings


def environment(templates_dir: Path, lang: languages.Language = languages.ENGLISH,
                translated: frozenset[str] = frozenset()) -> jinja2.Environment:
    """Return the Jinja2 environment of one language: autoescaped, strict so a misspelt variable fails the build,
    its catalog installed for {% trans %} and _(), and the filters that print words speaking it."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=jinja2.select_autoescape(
        ["html", "xml"]), undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        auto_reload=False,  # a build reads each template once: no stat of three files for each of 10,000 pages
        bytecode_cache=COMPILED,  # compiling the templates took most of a small build's time, twice (en and es)
        extensions=["jinja2.ext.i18n"])
    env.policies["ext.i18n.trimmed"] = True  # a {% trans %} block's line breaks are not part of its message
    env.install_gettext_translations(lang.catalog, newstyle=True)  # type: ignore[attr-defined]
    speaking: dict[str, Callable] = {name: functools.partial(function, lang=lang) for name, function in dict[
        str, Callable](
        date=hours.format_date, hours=hours.format_hours, area=display.format_area, facets=facets.facets,
        actions=actions.actions, card_actions=actions.card_actions, primary_phone=actions.primary_phone,
        facts=display.facts, main_nav=display.main_nav, search_filters=facets.search_filters,
        counted=display.counted, verified=hours.verified, words=display.words, plain=display.plain,
        speaks=display.speaks, line_actions=actions.line_actions, language_name=display.language_name,
        hours_summary=hours.hours_summary, listing_data=actions.listing_data, place=display.place).items()}
    env.filters.update(
        url=url_of, other_languages=other_languages, json_ld=display.json_ld, map_links=actions.map_links,
        sources=actions.source_links, report_url=actions.report_url, edit_url=actions.edit_url,
        search_words=facets.search_words, crisis_phrases=facets.crisis_phrases, qr_code=qr.qr_code,
        address=display.address, hours_data=hours.hours_data, translate_url=actions.translate_url,
        calendar_url=lambda x: calendar_url(x.slug), has_calendar=ical.has_calendar, **speaking)
    # Checked by validate.py. A link to /listings/x/ goes to the page in the same language, es/listings/x/, if
    # that language has it (translated: the addresses of its pages).
    env.filters["markdown"] = lambda text, page: Markup(markup.to_html(text, page.url, lang.prefix, translated))
    env.globals["guides_filter"] = facets.guides_filter(lang)
    env.globals["language_names"] = display.language_names
    env.globals["script_words"] = facets.script_words(lang)
    env.globals["hours_words"] = hours.hours_words(lang)
    return env


def render_page(env: jinja2.Environment, directory: Directory, page: Page) -> str:
    """Return one page, rendered with what every template gets (site, directory, page) and its own variables."""
    return env.get_template(page.template).render(site=directory.site, directory=directory, page=page,
                                                  **page.context)
