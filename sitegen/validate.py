"""Turn the records read from content/ into the checked Directory, or collect every problem that stops it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import languages, markup, urls
from .config import Config
from .dates import check_date, check_time_zone
from .duplicates import check_duplicates, warn_duplicates
from .load import Content
from .models import Article, Category, Directory, Guide, Listing, Location, SearchWords, Site, Verified
from .phones import check_phone
from .problems import BuildFailed, Position, Problem, in_order, mismatch
from .prose import check_article, check_guide, check_translation, missing_prose
from .schedules import check_schedules
from .schema import schema_problems
from .settings import Rules, check_search, warn_unused_categories, warn_unused_synonyms
from .translations import missing_translations, translation_problems, translations
from .yamltext import FieldPath, Locate, Record, groups

# A time of day written in text, like 10 a.m., 6pm or 18:30: hours stated twice go out of step. Each starts with a
# digit: said first, the search skips the letters of a description three times as fast.
CLOCK_TIME = re.compile(r"(?=[0-9])(?:\b(?:1[0-2]|0?[1-9])(?::[0-5][0-9])? ?(?:[ap]\.m\.|[ap]m\b)"
                        r"|\b(?:[01]?[0-9]|2[0-4]):[0-5][0-9]\b)", re.IGNORECASE)


@dataclass
class Checked:
    """One listing file, checked: its record, the listing's fields (None if it has errors) and its problems."""

    record: Record
    fields: dict[str, Any] | None
    problems: list[Problem]
    listing: Listing | None = field(default=None, compare=False, repr=False)  # made of the fields, once

    def listing_in(self, category: Category) -> Listing:
        """Return the listing made of the fields, in its category: the same object each time the file is checked
        across files again (serve keeps the file), so what later stages derive from a listing they keep by it."""
        if self.listing is None:
            assert self.fields is not None
            self.listing = Listing(**{**self.fields, "category": category})
        self.listing.category = category  # this directory's: each check across files makes its categories anew
        return self.listing


def check_directory(content: Content, rules: Rules, listings: list[Checked],
                    config: Config) -> tuple[Directory, list[Problem]]:
    """Return the directory made of the checked listings, with the guides and articles checked, and every
    warning; raise BuildFailed if anything must be fixed."""
    problems = [*content.problems, *rules.problems]
    categories = {slug: Category(c.slug, c.name, c.plural, c.description,  # each with its listings, filled in below
                                 translations=c.translations)
                  for slug, c in (rules.categories or {}).items()}
    checked = []
    for each in listings:
        problems += each.problems
        if each.fields is not None and each.fields["status"] != "inactive":
            checked.append(each.listing_in(categories[each.fields["category"]]))
    # An inactive listing stays in the repository but has no page: nothing may link to it.
    inactive = {urls.listing_url(each.record.slug) for each in listings if each.fields and
                each.fields["status"] == "inactive"}
    problems += links_to_inactive(listings, inactive)
    rules = dataclasses.replace(rules, urls=rules.urls - {"/" + url for url in inactive})
    check_duplicates(checked, problems)
    problems += warn_duplicates(checked)
    guides = [guide for record in content.guides if (guide := check_guide(record, rules, problems))]
    articles = [article for record in content.articles if (article := check_article(record, rules, problems))]
    originals: dict[tuple[str, str], Guide | Article | None] = {  # None: the original has problems of its own
        **{(Path(r.path).parent.name, r.slug): None for r in (*content.guides, *content.articles)},
        **{("guides", g.slug): g for g in guides}, **{("pages", a.slug): a for a in articles}}
    for record in content.translations:
        check_translation(record, originals, rules, problems)
    if rules.site is not None:
        problems += missing_prose(guides, articles, rules.site.languages)
    site = rules.site
    slugs = {path.stem for path in content.listing_files}
    for name, line in (("crisis_line", site and site.crisis_line), ("referral_line", site and site.referral_line)):
        if line and line.listing and (line.listing not in slugs or urls.listing_url(line.listing) in inactive):
            assert content.site is not None
            expected = "the slug of a listing in content/listings/" if line.listing not in slugs else \
                "a listing that is published, but its status is inactive"
            problems.append(mismatch(content.site.where((name, "listing")), f"{name}.listing", expected, line.listing))
    search = check_search(content.search, rules.schema_dir, problems)
    if site is not None:
        problems += languages.catalog_problems(config.locales_dir, site.languages)  # words not yet translated
    if any(p.level == "error" for p in problems) or site is None or rules.categories is None or search is None:
        raise BuildFailed(_strict(problems) if config.strict else problems)
    directory = link(site, list(categories.values()), checked, guides, articles, search, config.today)
    assert content.search is not None
    problems += warn_unused_synonyms(directory, content.search)
    assert content.categories is not None
    problems += warn_unused_categories(directory.categories, content.categories)  # only now is every listing known
    for guide in directory.guides:
        if not guide.listings:
            problems.append(Problem(Position(guide.record.path, 2), "", "this guide leads to no listings; "
                                    "check its categories and tags", "warning"))
    if config.strict and problems:
        raise BuildFailed(_strict(problems))
    return directory, in_order(problems)


def links_to_inactive(listings: list[Checked], inactive: set[str]) -> list[Problem]:
    """Return a problem for each description that links to an inactive listing, which has no page."""
    if not inactive:
        return []
    found = []
    for each in listings:
        if each.fields is None or each.fields["status"] == "inactive":
            continue
        text = each.fields["description"]
        for at, href, target in markup.site_links(text, urls.listing_url(each.record.slug)):
            if target.lstrip("/") in inactive:
                found.append(Problem(each.record.where_in_text(("description",), text, at), "description",
                                     f"the link {href} goes to an inactive listing, which is not published; "
                                     "remove the link, or make the listing active"))
    return found


def _strict(problems: list[Problem]) -> list[Problem]:
    """Return the problems with every warning made an error, as --strict asks."""
    return in_order(Problem(p.where, p.field, p.message) for p in problems)


def link(site: Site, categories: list[Category], listings: list[Listing], guides: list[Guide],
         articles: list[Article], search: SearchWords, today: dt.date) -> Directory:
    """Return the directory with every listing in its category and every guide's related listings filled in."""
    listings = sorted(listings, key=lambda x: (x.name.casefold(), x.slug))
    for listing in listings:
        listing.category.listings.append(listing)
    for category in categories:
        # The site's crisis line, then lines that are always open: someone in crisis should not have to scroll.
        category.listings.sort(key=lambda x: (x.slug != site.crisis_line.listing, not x.open_24_7,
                                              x.name.casefold(), x.slug))
    order = {category.slug: i for i, category in enumerate(categories)}
    for guide in guides:
        tags = set(guide.tags)
        guide.listings = sorted(
            (x for x in listings if x.category.slug in guide.categories or not tags.isdisjoint(x.tags)),
            key=lambda x: (order[x.category.slug], not x.open_24_7, x.name.casefold(), x.slug))
    guides = sorted(guides, key=lambda g: (g.order, g.title.casefold(), g.slug))
    articles = sorted(articles, key=lambda a: a.slug)
    crisis_lines = next((x.category for x in listings if x.slug == site.crisis_line.listing), None)
    return Directory(site, categories, listings, guides, articles, search, today, crisis_lines)


def check_listing(record: Record, rules: Rules) -> Checked:
    """Return one listing checked: its fields, with its category's defaults filled in (None if it has errors).

    Fields come from three levels, each overriding the one before: the site (time_zone),
    the category's `defaults` in categories.yaml, and the listing's own file. The merge is shallow.
    Each check runs on what it can read, so one run reports every mistake that does not depend on another.
    """
    data = record.data
    if not isinstance(data, dict):
        expected = "a listing: lines of field: value, starting with name:"
        return Checked(record, None, [mismatch(record.where(), "", expected, data)])
    locate: Locate = record.where
    category = data.get("category")
    categories_record = rules.categories_record
    if rules.categories and categories_record and isinstance(category, str) and category in rules.categories:
        index = list(rules.categories).index(category)
        defaults = categories_record.data[index].get("defaults", {})
        if defaults:
            data = {**defaults, **data}

            def locate(path: FieldPath, key: bool = False) -> Position:
                if path and path[0] not in record.data and path[0] in defaults:
                    return categories_record.where((index, "defaults", *path), key)
                return record.where(path, key)

    def text_at(path: FieldPath, text: str, at: int) -> Position:
        """Return where a character of a text value is: in the listing, or in a category's defaults."""
        source = categories_record if categories_record and locate(path).path == categories_record.path else record
        return source.where_in_text(path if source is record else (index, "defaults", *path), text, at)

    # Without readable categories, the defaults a listing counts on are unknown: categories.yaml's problem is
    # reported there, once, not as a missing field in every listing.
    found = schema_problems(rules.schema_dir, "listing", data, locate, complete=rules.categories is not None)
    if not found and rules.site:
        found += translation_problems(data, rules.site.languages, locate)
    if rules.categories is not None and isinstance(category, str) and category not in rules.categories:
        hint = difflib.get_close_matches(category, list(rules.categories), n=1)
        found.append(mismatch(locate(("category",)), "category",
                              f"a category from content/categories.yaml{f' like {hint[0]!r}' if hint else ''}",
                              category))
    country = rules.site.country if rules.site else None
    phones = tuple(check_phone(p, ("phones", i), country, locate, found) for i, p in groups(data, "phones")
                   if isinstance(p.get("number"), str))
    verified_on = dt.date.min
    if isinstance(data.get("verified"), dict) and isinstance(data["verified"].get("date"), str):
        verified_on = check_date(data["verified"]["date"], ("verified", "date"), rules.today, locate, found)
    notice_until = None
    if isinstance(data.get("notice_until"), str):
        notice_until = check_date(data["notice_until"], ("notice_until",), None, locate, found)
    time_zone = data.get("time_zone", rules.site.time_zone if rules.site else None)
    if isinstance(data.get("time_zone"), str):
        found += check_time_zone(data["time_zone"], ("time_zone",), locate)
    schedules = check_schedules(data, locate, found)
    closed_on = tuple(check_date(text, ("closed_on", i), None, locate, found)
                      for i, text in enumerate(data.get("closed_on") or ()) if isinstance(text, str))
    if isinstance(data.get("description"), str):
        found += [Problem(text_at(("description",), data["description"], at), "description", message)
                  for at, message in markup.problems_in(data["description"], urls.listing_url(record.slug),
                                                        rules.urls)]
    # Only errors stop the listing: a translation into a language the site does not have is a warning, and the
    # listing is published without it.
    if any(p.level == "error" for p in found) or rules.site is None or rules.categories is None:
        return Checked(record, None, found)
    stale = (rules.today - verified_on).days > rules.site.stale_after_days
    if stale:
        found.append(Problem(locate(("verified", "date")), "verified.date",
                             f"not checked since {verified_on.isoformat()}, more than "
                             f"{rules.site.stale_after_days} days ago; check the details and update the date",
                             "warning"))
    for name in ("summary", "description"):
        if stated := CLOCK_TIME.search(data.get(name) or ""):
            found.append(Problem(text_at((name,), data[name], stated.start()), name,
                                 f"gives a time ({stated.group()}); the hours belong in schedules, which the site "
                                 "shows in one place and keeps up to date: take the time out of the text", "warning"))
    ended = notice_until is not None and notice_until < rules.today
    if ended:
        found.append(Problem(locate(("notice_until",)), "notice_until",
                             f"the notice ended on {data['notice_until']} and is no longer shown; remove it, or "
                             "give it a later date if it still holds", "warning"))
    fields = dict(
        slug=record.slug, path=record.file, record=record, name=data["name"], category=category,
        summary=data["summary"],
        verified=Verified(verified_on, data["verified"]["by"]), source=tuple(data.get("source", ())),
        time_zone=time_zone, status=data["status"], notice=None if ended else data.get("notice"),
        notice_until=notice_until, description=data.get("description", ""),
        url=data.get("url"), email=data.get("email"), phones=phones, chat_url=data.get("chat_url"),
        location=Location(**data["location"]) if "location" in data else None,  # placed by enrich.py
        service_area=tuple(data.get("service_area", ())),
        schedules=schedules, closed_on=tuple(sorted(closed_on)), meetings=data.get("meetings", False),
        hours_unconfirmed=data.get("hours_unconfirmed", False),
        languages=tuple(data.get("languages", ())), cost=tuple(data.get("cost", ())), cost_note=data.get("cost_note"),
        audience=tuple(data.get("audience", ())), accessibility=tuple(data.get("accessibility", ())),
        tags=tuple(data.get("tags", ())), stale=stale, translations=translations(data))
    for code in rules.site.languages[1:]:
        found += missing_translations(fields, code, rules.site.languages[0], locate)
    return Checked(record, fields, found)


