"""Plan the site's files and render them: the pages pages.py lists in each language, each through its template in
that language's Jinja2 environment, and the fixed files (sitemap, assets, service worker, HSDS lists)."""

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
    kept,
    languages,
    links,
    markup,
    new,
    qr,
    urls,
    vocabulary,
)
from .models import Directory, Listing, Site
from .pages import PER_PAGE, Page, site_pages, to_translate, with_alternates
from .problems import Problem
from .urls import OFFLINE, base_path, calendar_url, page_path, url_of


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
    made_with_pages = [path for x in directory.listings for path in _made_with_page(x)]
    every = [*(page_path(page.url) for page in pages), *(file.path for file in files), *made_with_pages]
    # validate.py reports content that would take an address the site has (urls.taken_by): two files at one
    # path here is a bug, and write.py would refuse it half way. Say so before anything is written.
    if len(set(every)) < len(every):
        raise RuntimeError(f"two files want to be written to {Counter(every).most_common(1)[0][0]}")
    return Plan(directory, env, pages, files, frozenset(every), base_path(directory.site.base_url), search, local,
                envs)


def other_languages(page: Page, site: Site) -> list[tuple[str, str]]:
    """Return (language, link) for the language switch: the same page in each other language, or where a page
    has no translation (a guide), that language's home page."""
    there = dict(page.alternates)
    return [(code, page.assets + there.get(code, "" if code == site.languages[0] else f"{code}/"))
            for code in site.languages if code != page.language]


def compile_templates(plan: Plan) -> None:
    """Compile the templates of the plan's pages in this process, into COMPILED, by rendering one page of each kind
    in each language (with the partials each includes): before the render workers are forked, so that each has
    them (compiling them took each worker most of a second), and serve renders a save's pages here with them."""
    one_of_each: dict[tuple[str, str], Page] = {}
    for page in plan.pages:
        one_of_each.setdefault((page.template, page.language), page)
    render_pages(plan, list(one_of_each.values()))


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
    for listing in directory.listings:
        digest.update(_listing_fields(listing))
    for kind in (directory.guides, directory.articles):
        for item in kind:
            digest.update(repr(own_fields(item)).encode())
    return digest.hexdigest()[:16]


def _made_with_page(listing: Listing) -> tuple[str, ...]:
    """Return the paths of the files made with a listing's page (render_pages): its calendar file if it has hours,
    its HSDS service and organization (kept.py)."""
    return kept.derived(listing, "files made with its page", lambda: (
        *([calendar_url(listing.slug)] if ical.has_calendar(listing) else []), *hsds.listing_paths(listing.slug)))


def _listing_fields(listing: Listing) -> bytes:
    """Return what site_version digests of a listing (kept.py: in serve, writing out 10,000 listings' fields again
    took a sixteenth of a save)."""
    return kept.derived(listing, "digested", lambda: repr(own_fields(listing)).encode())


def own_fields(item: Any) -> list[tuple[str, object]]:
    """Return what site_version digests of a record: its fields and its translations' fields. A category or a
    guide's listings are digested as themselves; the file as read is in the fields already."""
    return [(name, {code: own_fields(t) for code, t in value.items()} if name == "translations" else value)
            for name, value in ((f.name, getattr(item, f.name)) for f in dataclasses.fields(item))
            if name not in ("category", "listings", "record")]


def fixed_files(directory: Directory, pages: list[Page], env: jinja2.Environment, templates_dir: Path,
                schema_dir: Path, version: str, prefixes: list[str]) -> list[File]:
    """Return the files that are not pages: sitemap, robots.txt, host headers, assets, the schemas, and for the
    visitor's device the service worker, the web app manifest and the ZIP tables."""
    site = directory.site
    listed = sorted(page.url for page in pages if page.robots is None)
    files = [kept.last("sitemap.xml", (site, listed), lambda: File("sitemap.xml", env.get_template(
                 "sitemap.xml").render(site=site, urls=listed).encode())),  # kept.py: in serve, a list of 20,000
             File("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site.base_url}sitemap.xml\n".encode()),
             File("_headers", env.get_template("headers.txt").render(site=site).encode())]  # Netlify, Cloudflare
    files += [File(f"assets/{path.relative_to(templates_dir / 'assets').as_posix()}", path.read_bytes())
              for path in sorted((templates_dir / "assets").rglob("*")) if path.is_file()]
    # Published, so editors' tools can fetch the schemas from the site.
    files += [File(f"schema/{path.name}", path.read_bytes()) for path in sorted(schema_dir.glob("*.json"))]
    # The directory as Open Referral HSDS data, for 211s and other directories to reuse: here its lists; each
    # listing's service and organization are made with the listing's page (render_pages), on every core.
    # kept.py: in serve, a list holds the same items (kept with each listing) unless a listing in it was edited.
    files += [kept.last(path, data, functools.partial(json_file, path, data))
              for path, data in hsds.lists(directory).items()]
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
        facts=display.facts, main_nav=display.main_nav,
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
