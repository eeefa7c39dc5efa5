"""Turn the checked Directory into output files: HTML pages, sitemap, robots.txt, assets."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Callable, Iterable
from urllib.parse import quote, urlencode

import jinja2
import markdown
import nh3

from . import links, parallel
from .write import write_file
from .config import PROJECT_DIR
from .fingerprint import Inputs
from .models import Directory, Guide, Listing, Page, Phone, Schedule
from .problems import BuildFailed, Position, Problem

DAYS = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
        "sat": "Saturday", "sun": "Sunday"}
WEEKS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
ZONES = {"America/New_York": "Eastern time", "America/Chicago": "Central time", "America/Denver": "Mountain time",
         "America/Phoenix": "Arizona time", "America/Los_Angeles": "Pacific time", "America/Anchorage": "Alaska time",
         "Pacific/Honolulu": "Hawaii time"}
PHONE_TYPES = {"voice": "Call", "text": "Text", "tty": "TTY", "videophone": "Videophone"}
NATIONAL = {"United States", "Online"}
# Markdown may use these and nothing else; links only to the web, email, phones and pages of this site.
ALLOWED_TAGS = {"p", "br", "a", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
                "code", "pre", "hr", "abbr"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel", "sms"}
# Long lists are split into pages that stay light on a phone: a statewide category can hold thousands.
PER_PAGE = 25
PAGES_AT_A_TIME = 250  # pages a render worker takes at a time
CHECKING_PER_PAGE = 50
BROWSE_ALL_UP_TO = 100  # the browse page and a guide show every listing of a list this long,
BROWSE_PER_CATEGORY = 5  # and of a longer one the first few of each kind, with a link to the rest
SCHEMA_DIR = PROJECT_DIR / "schema"  # published, so editors' tools can fetch it
# Text without these is plain paragraphs to Markdown: no markup, lists, headings, code, breaks or entities.
MARKDOWN_SYNTAX = re.compile(r"[^\w\n ,.;:'\"?!()/%$@+=-]|_|^[ =+-]|^\d+[.)]| $|\A\s*\Z", re.MULTILINE)
# What most descriptions use besides: **strong** words and [links](https://example.org/) in paragraphs and "- " lists.
STRONG_OR_LINK = re.compile(r"\*\*([^*\n]+?)\*\*|\[([^][\n]+)\]\(((?:https?://|/)[\w/:.?=&%#~+-]*)\)")
SITE_LINK = re.compile(r"(?<![\w/])/[^\s)\]>\"']*")  # what may be a link to a page of this site in Markdown


def render_site(directory: Directory, templates_dir: Path, folder: Path, bundles: dict[str, list[str]] | None = None,
                inputs: Inputs | None = None, unchanged: Callable[[str, str], bool] = lambda path, key: False,
                written: Callable[[str, dict[str, str]], None] = lambda bundle, keys: None) -> dict[str, str | None]:
    """Write every file of the site into folder; raise BuildFailed if a page links to a file the site lacks.

    bundles are the search index's parts, which the search page loads (index.bundles). Given the build's
    inputs, each listing page and page of a list gets a key (page_keys); if unchanged(path, key), the page
    the folder holds from an earlier build is left as it is. The pages of one bundle are written together,
    then written(bundle, keys) is called, so the bundle can be indexed while the rest are rendered.
    Return each file's path and key (or None).
    """
    env = environment(templates_dir)
    site = directory.site
    pages = site_pages(directory, bundles or {"pagefind/": []})
    files = [("sitemap.xml", env.get_template("sitemap.xml").render(
        site=site, urls=sorted(url for url, _, context in pages if "robots" not in context)).encode()),
             ("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site.base_url}sitemap.xml\n".encode()),
             ("_headers", env.get_template("headers.txt").render(site=site).encode())]  # Netlify, Cloudflare
    files += [(f"assets/{path.relative_to(templates_dir / 'assets').as_posix()}", path.read_bytes())
              for path in sorted((templates_dir / "assets").rglob("*")) if path.is_file()]
    files += [(f"schema/{path.name}", path.read_bytes()) for path in sorted(SCHEMA_DIR.glob("*.json"))]
    paths = [page_path(url) for url, _, _ in pages] + [path for path, _ in files]
    if len(set(paths)) < len(paths):
        raise RuntimeError(f"two files want to be written to {Counter(paths).most_common(1)[0][0]}")
    for path, data in files:
        write_file(folder, path, data)
    keys = page_keys(directory, pages, inputs) if inputs else {}
    todo = [page for page in pages if not (page_path(page[0]) in keys and unchanged(page_path(page[0]),
                                                                                   keys[page_path(page[0])]))]
    names = list(bundles or {})
    bundle_of = {url: n for n, name in enumerate(names) for url in bundles[name]}
    todo.sort(key=lambda page: bundle_of.get(page[0], len(names)))  # bundle by bundle, then pages no bundle holds
    ends = {names[bundle_of[url]]: at for at, (url, _, _) in enumerate(todo, 1) if url in bundle_of}
    ready = sorted(((ends.get(name, 0), name) for name in names), reverse=True)  # (pages written by then, bundle)

    def done(count: int) -> None:  # the first count pages are written
        while ready and ready[-1][0] <= count:
            written(ready.pop()[1], keys)

    render_pages(env, directory, todo, set(paths), folder, done, breaks=ends.values())
    return {path: keys.get(path) for path in paths}


def site_pages(directory: Directory, bundles: dict[str, list[str]]) -> list[tuple[str, str, dict]]:
    """Return (url, template, context) for every page of the site."""
    site = directory.site
    browse_limit = None if len(directory.listings) <= BROWSE_ALL_UP_TO else BROWSE_PER_CATEGORY
    pages: list[tuple[str, str, dict]] = [
        ("", "home.html", {"title": site.name, "description": site.description,
                           "categories": [c for c in directory.categories if c.listings]}),
        ("listings/", "browse.html", {"title": "All listings", "description": f"Every listing in {site.name}.",
                                      "groups": [(c, c.listings[:browse_limit]) for c in directory.categories
                                                 if c.listings]}),
        ("guides/", "guides.html", {"title": "Guides", "description": "Short, practical guides to reaching out."}),
        ("search/", "search.html", {"title": "Search", "description": f"Search {site.name}.",
                                    "bundles": sorted(bundles)}),
        ("404.html", "404.html", {"title": "Page not found", "robots": "noindex",
                                  "description": "There is no page at this address."}),
    ]
    oldest_first = sorted(directory.listings, key=lambda x: (x.last_verified, x.name.casefold()))
    pages += [(url, "needs_checking.html", {"title": "Listings that need checking", "robots": "noindex",
                                            "description": "Listings by the date they were last verified.",
                                            "listings": listings, "pager": pager})
              for url, listings, pager in paginate("needs-checking/", oldest_first, CHECKING_PER_PAGE)]
    pages += [(url, "category.html", {"title": c.title + (f" (page {pager['number']})" if pager["number"] > 1 else ""),
                                      "description": c.description, "category": c, "listings": listings, "pager": pager})
              for c in directory.categories for url, listings, pager in paginate(category_url(c), c.listings, PER_PAGE)]
    ranks, guides_of = search_ranks(directory), related_guides(directory)
    pages += [(listing_url(x), "listing.html", {"title": x.name, "description": x.summary, "listing": x,
                                                "rank": ranks[x], "related_guides": guides_of.get(x, []),
                                                "markdown": (x.description, x.path, 1)})
              for x in directory.listings]
    pages += [(guide_url(g), "guide.html", {"title": g.title, "description": g.summary, "guide": g, "rank": ranks[g],
                                            "markdown": (g.body, g.path, g.body_line), **first_of_each(g.listings)})
              for g in directory.guides]
    pages += [(page_url(p), "page.html", {"title": p.title, "description": p.summary, "article": p,
                                          "markdown": (p.body, p.path, p.body_line)})
              for p in directory.pages]
    return pages


def first_of_each(listings: list[Listing]) -> dict[str, list]:
    """Return the listings a guide shows, in their order: all of a short list; else the first few of each kind,
    and the kinds ("more") whose pages list the rest. A guide of a statewide directory would list thousands."""
    if len(listings) <= BROWSE_ALL_UP_TO:
        return {"listings": listings, "more": []}
    kinds = {x.category.slug: x.category for x in listings}  # a guide lists its listings kind by kind
    count, first = Counter(x.category.slug for x in listings), []
    for slug in kinds:
        first += [x for x in listings if x.category.slug == slug][:BROWSE_PER_CATEGORY]
    return {"listings": first, "more": [kind for slug, kind in kinds.items() if count[slug] > BROWSE_PER_CATEGORY]}


def page_keys(directory: Directory, pages: list[tuple[str, str, dict]], inputs: Inputs) -> dict[str, str]:
    """Return a key for each listing page and each page of a list of listings: the same key, the same page.

    Such a page shows its listings' files, its place in the search order or in its list, the guides that
    lead to a listing and whether the pages its description links to exist; everything else it shows
    (templates, categories, guides, site settings, today's date, this code) is in inputs.shared.
    """
    urls = page_urls(directory)
    keys = {}
    for url, template, context in pages:
        if "listing" in context:
            listing = context["listing"]
            links = [(target, target.split("#")[0].split("?")[0] in urls)
                     for target in SITE_LINK.findall(listing.description)]
            shown = (inputs.listings.get(listing.path), context["rank"],
                     [(g.slug, g.title) for g in context["related_guides"]], links)
        elif "pager" in context:
            shown = (context["title"], context["pager"], [inputs.listings.get(x.path) for x in context["listings"]])
        else:
            continue
        keys[page_path(url)] = hashlib.sha256(repr((inputs.shared, url, template, shown)).encode()).hexdigest()
    return keys


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
        links = []
        for at, k in enumerate(shown):
            if at and k > shown[at - 1] + 1:
                links.append(None)  # a gap, printed as an ellipsis
            links.append((k + 1, urls[k]))
        pages.append((urls[n], items[n * per_page:(n + 1) * per_page],
                       {"number": n + 1, "count": count, "links": links,
                        "previous": urls[n - 1] if n else None, "next": urls[n + 1] if n + 1 < count else None}))
    return pages


def render_pages(env: jinja2.Environment, directory: Directory, pages: list[tuple[str, str, dict]],
                 paths: set[str], folder: Path, done: Callable[[int], None] = lambda count: None,
                 breaks: Iterable[int] = ()) -> None:
    """Write the pages into folder, on every core when there are many; raise BuildFailed for broken links.

    done(count) is called each time the first count pages are written, and when the count is one of breaks."""
    urls, base_path = page_urls(directory), urlparts(directory.site.base_url)
    starts = sorted({*range(0, len(pages), PAGES_AT_A_TIME), *(n for n in breaks if n < len(pages))})
    ranges = list(zip(starts, starts[1:] + [len(pages)]))

    def render_range(span: tuple[int, int]) -> tuple[list[Problem], list[Problem]]:
        """Render and write a worker's share of pages, converting their Markdown first."""
        markup, broken, known = Markup(urls), [], {}
        for url, template, context in pages[span[0]:span[1]]:
            if "markdown" in context:
                context = {**context, "body_html": markup.convert(*context["markdown"], "../" * url.count("/"))}
            path, html = page_path(url), render_page(env, directory, url, template, context)
            broken += links.broken(path, html, paths, base_path, known)
            write_file(folder, path, html.encode())
        return markup.problems, broken

    results = parallel.forked_map(render_range, ranges, at_least=2, chunk=1,
                                  done=lambda count: done(ranges[count - 1][1] if count else 0))
    # A broken link in content shows up in its page too: name the content file, where the editor can fix it.
    for kind in (0, 1):
        if problems := sorted(problem for found in results for problem in found[kind]):
            raise BuildFailed(problems)


def environment(templates_dir: Path) -> jinja2.Environment:
    """Return the Jinja2 environment: autoescaped, and strict so a misspelt variable fails the build."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=jinja2.select_autoescape(
        ["html", "xml"]), undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        auto_reload=False)  # a build reads each template once: no stat of three files for each of 10,000 pages
    env.filters.update(url=url_of, date=format_date, hours=format_hours, area=format_area, json_ld=json_ld,
                       map_links=map_links, facets=facets, actions=actions,
                       card_actions=card_actions, primary_phone=primary_phone, facts=facts, sources=source_links,
                       report_url=report_url, edit_url=edit_url, main_nav=main_nav, search_filters=search_filters,
                       plural=plural)
    return env


def render_page(env: jinja2.Environment, directory: Directory, url: str, template: str, context: dict) -> str:
    """Return one page, rendered with the context every template gets: site, page and the directory."""
    depth = url.count("/")
    root = "../" * depth if url != "404.html" else urlparts(directory.site.base_url)
    page = {**context, "url": url, "root": root, "canonical": directory.site.base_url + url}
    return env.get_template(template).render(site=directory.site, directory=directory, page=page, **context)


def page_path(url: str) -> str:
    """Return the file a page address is served from: listings/x/ is listings/x/index.html."""
    return url + "index.html" if url.endswith("/") or url == "" else url


def urlparts(base_url: str) -> str:
    """Return the path part of the base URL, like /directory/: the 404 page is served at any depth."""
    return "/" + base_url.split("://", 1)[1].partition("/")[2]


def page_urls(directory: Directory) -> set[str]:
    """Return every page address content may link to, like /listings/x/."""
    urls = {"/", "/listings/", "/guides/", "/search/"}
    urls |= {"/" + category_url(c) for c in directory.categories}
    urls |= {"/" + listing_url(x) for x in directory.listings}
    urls |= {"/" + guide_url(g) for g in directory.guides}
    urls |= {"/" + page_url(p) for p in directory.pages}
    return urls


def listing_url(listing: Listing) -> str:
    return f"listings/{listing.slug}/"


def category_url(category) -> str:
    return f"categories/{category.slug}/"


def guide_url(guide: Guide) -> str:
    return f"guides/{guide.slug}/"


def page_url(page: Page) -> str:
    return f"{page.slug}/"


def url_of(item) -> str:
    """Return the site-relative address of a listing, category, guide or page."""
    kind = type(item).__name__
    return {"Listing": listing_url, "Category": category_url, "Guide": guide_url, "Page": page_url}[kind](item)


class Markup:
    """Markdown to safe HTML, with links to this site's pages checked and made relative."""

    def __init__(self, urls: set[str]):
        self.urls = urls
        self.problems: list[Problem] = []
        # One converter reused (and reset) for every text: building one costs far more than converting.
        self.md = markdown.Markdown(extensions=["sane_lists"], output_format="html")

    def convert(self, text: str, path: str, first_line: int, root: str) -> str:
        """Return the text as sanitized HTML, its links to this site's pages made relative to root."""
        unclosed = self.unclosed(text)
        if unclosed is not None:
            line = first_line + text.count("\n", 0, unclosed)
            self.problems.append(Problem(Position(path, line, unclosed - text.rfind("\n", 0, unclosed)), "",
                                         f"too many [, ( or < are never closed (the first is '{text[unclosed]}'); "
                                         "close them, or write \\[ for a bracket that is not a link"))
            return ""
        html = simple_markdown(text)  # what most descriptions use, 20 times faster than Python-Markdown
        if html is None:
            html = clean(self.md.reset().convert(text))
        return self.site_links(html, text, path, first_line, root) if 'href="/' in html else html

    def site_links(self, html: str, text: str, path: str, first_line: int, root: str) -> str:
        """Return the HTML made of text with its links to this site's pages relative to root; report broken ones."""
        for match in re.finditer(r'href="(/[^"]*)"', html):
            target = match.group(1).split("#")[0].split("?")[0]
            if target not in self.urls and not target.startswith("//"):
                at = text.find(f"({target}")
                line = first_line + text[:at].count("\n") if at >= 0 else first_line
                column = at - text.rfind("\n", 0, at) if at >= 0 else 1
                self.problems.append(Problem(Position(path, line, column), "", f"the link {target} goes to no page "
                                             "of this site; link to a page like /listings/<slug>/"))
        return re.sub(r'href="/(?!/)', f'href="{root}', html)

    @staticmethod
    def unclosed(text: str, budget: int = 1_000_000) -> int | None:
        """Return the offset of the first unclosed [, ( or <, if Python-Markdown would take minutes on them; else None.

        Python-Markdown looks for the end of each [ ... ], ( ... ) and < ... > by reading on to the end of
        the paragraph, again for each of its link patterns: 5,000 unclosed [ took 13 s, 20,000 hours.
        The budget counts the characters read that way; real text with a few hundred links reads thousands.
        """
        cost, first = 0, None
        for block in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):  # paragraphs: text between blank lines
            opened: dict[str, list[int]] = {"[": [], "(": [], "<": []}
            for mark in re.finditer(r"[][()<>]", block.group()):
                char, at = mark.group(), mark.start()
                if char in opened:
                    opened[char].append(at)
                elif (starts := opened["[(<"["])>".index(char)]]):
                    cost += at - starts.pop()
            length = block.end() - block.start()
            for starts in opened.values():
                cost += sum(length - at for at in starts)
                if starts and (first is None or block.start() + starts[0] < first):
                    first = block.start() + starts[0]
        return first if cost > budget else None


def clean(html: str) -> str:
    """Return Markdown's HTML without what descriptions and guides may not use; links open without a referrer."""
    html = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "abbr": {"title"}},
                     url_schemes=ALLOWED_SCHEMES, link_rel="noopener noreferrer")
    # nh3 drops a javascript: href but keeps the <a> and its rel, which HTML does not allow without href.
    return re.sub(r'<a((?: (?!href=)[a-z]+="[^"]*")*?) rel="noopener noreferrer"((?: (?!href=)[a-z]+="[^"]*")*)>',
                  r"<a\1\2>", html)


def simple_markdown(text: str) -> str | None:
    """Return the HTML Python-Markdown makes of text, if text is paragraphs and "- " lists of plain words,
    **strong** words and [links](https://... or /...); else None. Tests hold it to Python-Markdown's, cleaned."""
    if not MARKDOWN_SYNTAX.search(text):  # plain paragraphs, as most descriptions are
        return "\n".join(f"<p>{paragraph}</p>" for paragraph in re.split(r"\n\n+", text.strip("\n")))
    if not text.strip(" \n"):
        return ""
    blocks, after_list = [], False
    for block in re.split(r"\n\n+", text.strip("\n")):
        lines = block.split("\n")
        items = [line[2:] for line in lines if line.startswith("- ")]
        if items and (len(items) < len(lines) or after_list):
            return None  # a list within a paragraph, or two lists apart: loose items
        inline = [_inline(line) for line in items or lines]
        if None in inline:
            return None
        blocks.append("<ul>\n" + "".join(f"<li>{x}</li>\n" for x in inline) + "</ul>" if items
                      else "<p>" + "\n".join(inline) + "</p>")
        after_list = bool(items)
    return "\n".join(blocks)


def _inline(line: str) -> str | None:
    """Return one line of plain words, **strong** words and [links](url) as HTML, or None if it holds other syntax."""
    words = [match[1] or match[2] for match in STRONG_OR_LINK.finditer(line)]  # what is strong, or a link's text
    if any(MARKDOWN_SYNTAX.search(x) for x in (STRONG_OR_LINK.sub("x", line), *words)):
        return None
    return STRONG_OR_LINK.sub(lambda m: f"<strong>{m[1]}</strong>" if m[1] else
                              f'<a href="{m[3].replace("&", "&amp;")}" rel="noopener noreferrer">{m[2]}</a>', line)


def format_date(date: dt.date) -> str:
    """Return a date in words, like November 26, 2026."""
    return f"{date:%B} {date.day}, {date.year}"


def format_time(text: str) -> str:
    """Return a 24-hour time in words, like 9 AM, 6:30 PM, noon or midnight."""
    hours, minutes = map(int, text.split(":"))
    if minutes == 0 and hours in (0, 24):
        return "midnight"
    if minutes == 0 and hours == 12:
        return "noon"
    suffix = "AM" if hours < 12 else "PM"
    hours = hours % 12 or 12
    return f"{hours} {suffix}" if minutes == 0 else f"{hours}:{minutes:02d} {suffix}"


def format_days(days: tuple[str, ...]) -> str:
    """Return days in words, joining a run of three or more: Monday to Friday."""
    order = list(DAYS)
    picked = sorted(days, key=order.index)
    indexes = [order.index(d) for d in picked]
    if len(picked) == 7:
        return "Every day"
    if len(picked) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{DAYS[picked[0]]} to {DAYS[picked[-1]]}"
    names = [DAYS[d] for d in picked]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def format_schedule(schedule: Schedule) -> str:
    """Return one schedule in words, like 'Monday to Friday, 9 AM to 5 PM'."""
    if schedule.open_24_7:
        text = "Open 24 hours a day, 7 days a week"
    else:
        days = format_days(schedule.days)
        if schedule.weeks:
            weeks = [WEEKS[w] for w in sorted(schedule.weeks, key=lambda w: w if w > 0 else 9)]
            weeks_text = weeks[0] if len(weeks) == 1 else ", ".join(weeks[:-1]) + " and " + weeks[-1]
            days = f"The {weeks_text} {days} of the month"
        text = f"{days}, {format_time(schedule.opens)} to {format_time(schedule.closes)}"
    return f"{text} ({schedule.description})" if schedule.description else text


def format_hours(listing: Listing) -> list[str]:
    """Return the listing's hours as lines of words, the time zone named where it matters."""
    lines = [format_schedule(s) for s in listing.schedules]
    if any(not s.open_24_7 for s in listing.schedules):
        lines.append(f"Times are {ZONES.get(listing.time_zone, listing.time_zone)}.")
    return lines


def format_area(listing: Listing) -> str:
    """Return where a listing serves, like 'Asheville, NC' or 'Anywhere in the United States'."""
    if listing.location:
        return f"{listing.location.city}, {listing.location.state}"
    areas = list(listing.service_area)
    if areas == ["United States"]:
        return "Anywhere in the United States"
    if areas == ["Online"]:
        return "Online, from anywhere"
    return ", ".join(areas)


def map_links(listing: Listing) -> dict[str, str]:
    """Return links that open the address in the visitor's map app or on OpenStreetMap; no map is embedded."""
    loc = listing.location
    address = ", ".join(x for x in (loc.street, loc.city, f"{loc.state} {loc.postal_code or ''}".strip()) if x)
    return {"app": "geo:0,0?q=" + quote(address), "web": "https://www.openstreetmap.org/search?" + urlencode({"query": address})}


def facets(listing: Listing) -> dict[str, list[str]]:
    """Return the values search filters use for a listing, by filter name."""
    reach = []
    if any(p.type in ("voice", "tty", "videophone") for p in listing.phones):
        reach.append("Phone")
    if any(p.type == "text" for p in listing.phones):
        reach.append("Text")
    if listing.chat_url:
        reach.append("Chat")
    if listing.location:
        reach.append("In person")
    if listing.url or listing.email:
        reach.append("Online")
    if listing.location:
        area = [listing.location.city]
    else:
        area = ["National and online" if a in NATIONAL else a for a in listing.service_area]
    values = {"category": [listing.category.title], "area": sorted(set(area)), "cost": [c.replace("-", " ").capitalize()
              for c in listing.cost], "language": list(listing.languages), "reach": reach,
              "audience": list(listing.audience), "hours": ["Open 24/7"] if listing.open_24_7 else []}
    # Pagefind splits a filter value at commas: "Buncombe County, NC" would become two values.
    return {name: [v.replace(",", "") for v in found] for name, found in values.items()}


def json_ld(listing: Listing, site) -> str:
    """Return schema.org data for a listing, safe to place inside a <script> element."""
    data = {"@context": "https://schema.org", "@type": "Organization", "name": listing.name,
            "description": listing.summary, "url": site.base_url + listing_url(listing)}
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
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # "<" never appears raw, so no content can close the <script> element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Presentation helpers: the templates print what these return, so every decision about wording,
# order and addresses lives here, where it can be read and tested.

FILTER_LEGENDS = {"category": "Kind of help", "reach": "Ways to reach them", "hours": "Hours", "area": "Area",
                  "cost": "Cost", "language": "Language", "audience": "Who it is for"}
REACH_ORDER = ["Phone", "Text", "Chat", "In person", "Online"]
GUIDES_FILTER = "Guides"  # the category filter value guide pages carry (templates/guide.html)


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


def phone_label(phone: Phone) -> str:
    """Return what a phone link says, like 'Call 988', 'Text HOME to 741741' or 'Call (828) 555-0101, extension 2'."""
    if phone.type == "text":
        return f"Text {phone.keyword} to {phone.display}" if phone.keyword else f"Text {phone.display}"
    label = f"{PHONE_TYPES[phone.type]} {phone.display}"
    return f"{label}, extension {phone.extension}" if phone.extension else label


def actions(listing: Listing) -> list[Action]:
    """Return every way to reach a listing: its phones in the editor's order, then chat, website and email."""
    kinds = {"voice": "call", "text": "text", "tty": "tty", "videophone": "call"}
    found = [Action(phone_label(p), p.href, kinds[p.type], p.description or "") for p in listing.phones]
    if listing.chat_url:
        found.append(Action("Chat online", listing.chat_url, "chat", external=True))
    if listing.url:
        found.append(Action("Visit their website", listing.url, "website", external=True))
    if listing.email:
        found.append(Action(f"Email {listing.email}", f"mailto:{listing.email}", "email"))
    return found


def card_actions(listing: Listing) -> list[Action]:
    """Return the phone links a card shows: the first two, so a card stays short but one tap still calls."""
    return [a for a in actions(listing) if a.kind in ("call", "text", "tty")][:2]


def primary_phone(listing: Listing) -> Action | None:
    """Return the phone search results show: the first voice line, else the first phone of any kind."""
    phones = [a for a in actions(listing) if a.kind in ("call", "text", "tty")]
    calls = [a for a in phones if a.kind == "call"]
    return (calls or phones or [None])[0]


def facts(listing: Listing) -> list[tuple[str, str]]:
    """Return the listing's details as (question, answer) pairs, leaving out what the editor left out."""
    found = [("Who it is for", ", ".join(listing.audience)), ("Where", format_area(listing)),
             ("Languages", ", ".join(listing.languages)),
             ("Cost", ", ".join(c.replace("-", " ") for c in listing.cost).capitalize()
              + (f". {listing.cost_note}" if listing.cost and listing.cost_note else listing.cost_note or "")),
             ("Accessibility", "; ".join(listing.accessibility))]
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
    """Return a content file's path inside the repository, like content/listings/x.yaml, never a path of this machine."""
    if not os.path.isabs(path):
        return PurePath(path).as_posix()
    if path.startswith(PROJECT_PREFIX):
        return PurePath(path[len(PROJECT_PREFIX):]).as_posix()
    folder, name = os.path.split(path)
    return f"content/{os.path.basename(folder)}/{name}"  # built from a copy elsewhere: name it as it is in content/


PROJECT_PREFIX = os.path.join(PROJECT_DIR, "")  # the project folder and a separator


def report_url(listing: Listing, site) -> str:
    """Return a link that opens a new GitHub issue about the listing, its title and body filled in."""
    body = (f"Listing: {listing.name}\nPage: {site.base_url}{listing_url(listing)}\n"
            f"File: {repository_path(listing.path)}\n\n")
    title = f"Problem with listing: {listing.name}"
    # Quoted in two parts, as quoting the whole body for each of 10,000 listings took a second.
    return f"{site.repository_url.rstrip('/')}/issues/new?title={quote(title, safe='')}&body={quote(body, safe='')}" \
           f"{REPORT_QUESTION}"


REPORT_QUESTION = quote("What is wrong? For example: the number does not work, the hours have changed, or the service "
                        "has closed.\n\n\n(Please do not write anything personal here: anyone can read this issue.)\n",
                        safe="")


def edit_url(listing: Listing, site) -> str:
    """Return a link to the listing's file in GitHub's web editor."""
    path = quote(repository_path(listing.path))
    return f"{site.repository_url.rstrip('/')}/edit/{quote(site.repository_branch)}/{path}"


def related_guides(directory: Directory) -> dict[Listing, list[Guide]]:
    """Return the guides that lead to each listing, in the guides' own order."""
    guides_of: dict[Listing, list[Guide]] = {}
    for guide in directory.guides:
        for listing in guide.listings:
            guides_of.setdefault(listing, []).append(guide)
    return guides_of


def search_ranks(directory: Directory) -> dict:
    """Return each listing's and guide's place in search results found by filters alone: the browse order, guides last."""
    order = [x for c in directory.categories for x in c.listings] + directory.guides
    return {item: f"{i:05d}" for i, item in enumerate(order)}


def search_filters(directory: Directory) -> list[FilterGroup]:
    """Return the search page's filters, each value once: categories in site order, the rest most common first."""
    counts: dict[str, Counter[str]] = {name: Counter() for name in FILTER_LEGENDS}
    for listing in directory.listings:
        for name, values in facets(listing).items():
            counts[name].update(values)
    counts["category"][GUIDES_FILTER] += len(directory.guides)
    fixed = {"category": [c.title for c in directory.categories] + [GUIDES_FILTER], "reach": REACH_ORDER}
    groups = []
    for name, legend in FILTER_LEGENDS.items():
        if name in fixed:
            values = [v for v in fixed[name] if counts[name][v]]
        else:
            values = sorted(counts[name], key=lambda v: (-counts[name][v], v.casefold()))
        if values:
            groups.append(FilterGroup(name, legend, values))
    return groups


def main_nav(directory: Directory) -> list[tuple[str, str]]:
    """Return the main navigation as (address, words): browsing, guides, then each page of prose such as About."""
    # A page is named by its file name ("About"), not its title ("About this directory"): the menu must fit a phone.
    pages = [(page_url(p), p.slug.replace("-", " ").capitalize()) for p in directory.pages]
    return [("listings/", "All listings"), ("guides/", "Guides")] + pages


def plural(count: int, word: str) -> str:
    """Return a count with its noun, like '1 listing' or '9 listings'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
