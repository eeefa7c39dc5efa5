"""Render the checked directory into the site's files: every page through its template, and the fixed files."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import display, geo, hsds, ical, index, links, markup
from .models import Category, Directory, Guide, Listing
from .problems import Problem
from .urls import article_url, base_path, calendar_url, category_url, guide_url, listing_url, page_path, root_of, url_of

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
    root: str  # the way back to the site's root from this page, like ../../
    canonical: str  # the page's full address
    robots: str | None = None  # "noindex" for pages search engines should leave out
    context: dict[str, Any] = field(default_factory=dict)  # the template's own variables: listing, pager...


@dataclass(frozen=True)
class File:
    """One file of the site: its path inside the site folder, and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Plan:
    """Every page and fixed file of the site, before the pages are rendered; each path once."""

    directory: Directory
    env: jinja2.Environment
    pages: list[Page]
    files: list[File]  # sitemap, robots.txt, headers, assets, schemas
    paths: frozenset[str]  # of every page and file: what a link may go to
    base_path: str  # the path part of the base URL, where the site's own absolute links start
    search: dict[str, list[str]]  # the search index's folders, and the pages each indexes (index.bundles)


def plan_site(directory: Directory, templates_dir: Path, schema_dir: Path) -> Plan:
    """Return every page and file of the site; raise RuntimeError if two would be written to one path."""
    search = index.bundles(list(map(url_of, directory.listings)), list(map(url_of, directory.guides)))
    version = site_version(directory, templates_dir, schema_dir)
    pages = site_pages(directory, list(search), version)
    env = environment(templates_dir)
    files = fixed_files(directory, pages, env, templates_dir, schema_dir, version)
    calendars = [calendar_url(x.slug) for x in directory.listings if ical.has_calendar(x)]  # made with the pages
    every = [*(page_path(page.url) for page in pages), *(file.path for file in files), *calendars]
    if len(set(every)) < len(every):  # write.py would refuse it half way: say so before anything is written
        raise RuntimeError(f"two files want to be written to {Counter(every).most_common(1)[0][0]}")
    return Plan(directory, env, pages, files, frozenset(every), base_path(directory.site.base_url), search)


def render_pages(plan: Plan, pages: list[Page]) -> list[File]:
    """Return the pages rendered, each listing's page with its HSDS service and organization, and its calendar
    file if it has times (made here, on every core: the icalendar package takes milliseconds for each)."""
    files = []
    directory = plan.directory
    for page in pages:
        files.append(File(page_path(page.url), render_page(plan.env, directory, page).encode()))
        if page.template == "listing.html":
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


def site_pages(directory: Directory, search: list[str], version: str) -> list[Page]:
    """Return every page of the site, listings first: they are most of a large site, and search indexes them.

    search names the folders of the search index, which the search page loads; version is the build's
    (site_version), which tells the search page when its index changed."""
    site = directory.site

    def page(url: str, template: str, title: str, description: str, *, robots: str | None = None,
             **context: Any) -> Page:
        # The 404 and offline pages are served at any depth: for a missing page, or one not kept on the device.
        root = root_of(url) if url not in ("404.html", OFFLINE) else base_path(site.base_url)
        return Page(url, template, title, description, root, site.base_url + url, robots, context)

    order, guides_of = {c.slug: i for i, c in enumerate(directory.categories)}, related_guides(directory)
    crisis_line = site.crisis_line.listing
    pages = [page(listing_url(x.slug), "listing.html", x.name, x.summary, listing=x,
                  rank=search_rank(x, order, x.slug == crisis_line),
                  related_guides=guides_of.get(x, [])) for x in directory.listings]
    pages += [page(guide_url(g.slug), "guide.html", g.title, g.summary, guide=g, rank=search_rank(g, order, False),
                   listings=shown, more=more) for g in directory.guides for shown, more in [first_of_each(g.listings)]]
    pages += [page(url, "category.html", c.plural + (f" (page {pager['number']})" if pager["number"] > 1 else ""),
                   c.description, category=c, listings=listings, pager=pager,
                   near=any(display.place(x) for x in listings))
              for c in directory.categories for url, listings, pager in paginate(category_url(c.slug), c.listings,
                                                                                  PER_PAGE)]
    pages += [page(url, "needs_checking.html", "Listings that need checking",
                   "Listings never confirmed with the service first, then those checked longest ago.",
                   robots="noindex", listings=listings, pager=pager)
              for url, listings, pager in paginate("needs-checking/", to_check(directory.listings), CHECKING_PER_PAGE)]
    pages += [page(article_url(a.slug), "article.html", a.title, a.summary, article=a) for a in directory.articles]
    browse_limit = None if len(directory.listings) <= BROWSE_ALL_UP_TO else BROWSE_PER_CATEGORY
    pages += [
        page("", "home.html", site.name, site.description, categories=[c for c in directory.categories if c.listings]),
        page("listings/", "browse.html", "All listings", f"Every listing in {site.name}.",
             groups=[(c, c.listings[:browse_limit]) for c in directory.categories if c.listings]),
        page("guides/", "guides.html", "Guides", "Short, practical guides to reaching out."),
        page("hsds/", "hsds.html", "This directory as open data",
             f"Every listing of {site.name} as Open Referral HSDS 3.0 data, for other directories to reuse.",
             services=len(directory.listings), per_page=hsds.PER_PAGE, extensions=hsds.EXTENSIONS),
        page("search/", "search.html", "Search", f"Search {site.name}.",
             bundles=[name for name in search if name != index.GUIDES], guides=index.GUIDES in search,
             version=version, near=any(display.place(x) for x in directory.listings)),
        page("my-list/", "my_list.html", "My list", "The listings you saved on this device: their numbers and "
             "hours in one place, to share or print as a pocket card."),
        page(OFFLINE, "offline.html", "You are offline", "This page is not kept on this device.", robots="noindex"),
        page("404.html", "404.html", "Page not found", "There is no page at this address.", robots="noindex"),
    ]
    return pages


OFFLINE = "offline/"  # what the service worker shows for a page it has not kept, at that page's address


def site_version(directory: Directory, templates_dir: Path, schema_dir: Path) -> str:
    """Return a short digest of what a deploy changes: the checked content, the templates and assets, and the
    schemas. The service worker keeps pages under it, so a new build replaces every one. This code is left out:
    numbers and hours come from the content, and a version that changed with every change to the builder would
    change the search page of every golden test with it."""
    digest = hashlib.sha256()
    for path in sorted([*templates_dir.rglob("*"), *schema_dir.glob("*.json")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    site = directory.site
    digest.update(repr((site, directory.search, [(c.slug, c.name, c.plural, c.description)
                                                 for c in directory.categories])).encode())
    for kind in (directory.listings, directory.guides, directory.articles):
        for item in kind:  # its own fields; a category or a guide's listings are digested as themselves. Not its
            # path: that is where this checkout is (an absolute path), so every other checkout got another version.
            digest.update(repr([(name, value) for name, value in vars(item).items()
                                if name not in ("category", "listings", "path")]).encode())
    return digest.hexdigest()[:16]


def fixed_files(directory: Directory, pages: list[Page], env: jinja2.Environment, templates_dir: Path,
                schema_dir: Path, version: str) -> list[File]:
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
        version=version, offline=OFFLINE, precache=kept_offline(directory, files)).encode()))
    files.append(File("manifest.webmanifest", web_app_manifest(directory).encode()))
    points = sorted({(float(p["lat"]), float(p["lon"])) for p in map(display.place, directory.listings) if p})
    files += [File(f"zip/{prefix}.json", table) for prefix, table in geo.zip_tables(tuple(points)).items()]
    return files


def json_file(path: str, data: Any) -> File:
    """Return a JSON file, compact (10,000 services are 50 MB of it), with <, > and & written as \\u escapes, as
    Go's encoding/json does: the same data, and no text in it can end a <script> element a reader puts it in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return File(path, text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode())


def kept_offline(directory: Directory, files: list[File]) -> list[str]:
    """Return what the service worker keeps from the start, relative to the site's root: the home page, the
    saved list, the offline page, the crisis lines (the first page of them) and every asset."""
    lines = directory.crisis_lines
    crisis = [url_of(lines), *(url_of(x) for x in lines.listings[:PER_PAGE])] if lines else []
    return ["", "my-list/", OFFLINE, *crisis, "manifest.webmanifest",
            *(file.path for file in files if file.path.startswith("assets/"))]


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
    return sorted(listings, key=lambda x: (x.verified.by != "sources", x.verified.on, x.name.casefold()))


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


def environment(templates_dir: Path) -> jinja2.Environment:
    """Return the Jinja2 environment: autoescaped, and strict so a misspelt variable fails the build."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=jinja2.select_autoescape(
        ["html", "xml"]), undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        auto_reload=False)  # a build reads each template once: no stat of three files for each of 10,000 pages
    env.filters.update(
        url=url_of, date=display.format_date, hours=display.format_hours, area=display.format_area,
        json_ld=display.json_ld, map_links=display.map_links, facets=display.facets, actions=display.actions,
        card_actions=display.card_actions, primary_phone=display.primary_phone, facts=display.facts,
        sources=display.source_links, report_url=display.report_url, edit_url=display.edit_url,
        main_nav=display.main_nav, search_filters=display.search_filters, counted=display.counted,
        search_words=display.search_words, listing_data=display.listing_data, place=display.place,
        qr_code=display.qr_code, address=display.address, verified=display.verified,
        hours_summary=display.hours_summary, hours_data=display.hours_data, calendar_url=lambda x: calendar_url(x.slug),
        has_calendar=ical.has_calendar)
    env.filters["markdown"] = lambda text, page: Markup(markup.to_html(text, page.url))  # checked by validate.py
    env.globals["guides_filter"] = display.GUIDES_FILTER
    return env


def render_page(env: jinja2.Environment, directory: Directory, page: Page) -> str:
    """Return one page, rendered with what every template gets (site, directory, page) and its own variables."""
    return env.get_template(page.template).render(site=directory.site, directory=directory, page=page,
                                                  **page.context)
