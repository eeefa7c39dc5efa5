"""Turn the records read from content/ into the checked Directory, or collect every problem that stops it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import geo, languages, markup, urls
from .config import Config
from .dates import check_date, check_time_zone
from .duplicates import check_duplicates, warn_duplicates
from .load import Content, FieldPath, Locate, Record, field_name, groups
from .models import (
    Article,
    Category,
    Directory,
    Guide,
    HelpLine,
    Host,
    License,
    Listing,
    Location,
    SearchWords,
    Site,
    Translation,
    Translations,
    Verified,
)
from .phones import check_phone
from .problems import BuildFailed, Position, Problem, mismatch
from .schedules import check_schedules
from .schema import schema_problems

# A time of day written in text, like 10 a.m., 6pm or 18:30: hours stated twice go out of step.
CLOCK_TIME = re.compile(r"\b(?:1[0-2]|0?[1-9])(?::[0-5][0-9])? ?(?:[ap]\.m\.|[ap]m\b)"
                        r"|\b(?:[01]?[0-9]|2[0-4]):[0-5][0-9]\b", re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    """What every listing is checked against: the site's settings, the categories and the pages links may go to."""

    site: Site | None  # None if site.yaml has problems of its own: they are reported once, there
    categories: dict[str, Category] | None  # by slug, without listings; None if categories.yaml has problems
    categories_record: Record | None
    urls: frozenset[str]
    today: dt.date
    schema_dir: Path
    problems: tuple[Problem, ...]  # those of site.yaml and categories.yaml


@dataclass
class Checked:
    """One listing file, checked: its record, the listing's fields (None if it has errors) and its problems."""

    record: Record
    fields: dict[str, Any] | None
    problems: list[Problem]


def check_rules(content: Content, config: Config) -> Rules:
    """Return what every listing is checked against: site.yaml, categories.yaml and every page a link may go to.

    The problems of those two files are reported once, by check_directory, not again for every listing.
    """
    problems: list[Problem] = []
    site = check_site(content.site, config, problems)
    categories = check_categories(content.categories, config.schema_dir, problems)
    check_translated(site, content.site, problems)
    if categories is not None:
        check_translated(site, content.categories, problems)
    category_slugs = [item["slug"] for item in (content.categories.data if content.categories else [])
                      if isinstance(item, dict) and isinstance(item.get("slug"), str)]
    if content.categories is None and (path := config.content_dir / "categories.yaml").is_file():
        # Not YAML just now: its slugs, read from the text, keep every link to a category page from being
        # reported too. The mistake is reported once, at its line.
        category_slugs = re.findall(r"^[ -]*slug: *[\"']?([a-z0-9-]+)", path.read_text("utf-8", "replace"), re.M)
    return Rules(site, categories, content.categories, urls.site_urls(
        (path.stem for path in content.listing_files), category_slugs, (r.slug for r in content.guides),
        (r.slug for r in content.articles)), config.today, config.schema_dir, tuple(problems))


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
            checked.append(Listing(**{**each.fields, "category": categories[each.fields["category"]]}))
    # An inactive listing stays in the repository but has no page: nothing may link to it.
    inactive = {urls.listing_url(each.record.slug) for each in listings if each.fields and
                each.fields["status"] == "inactive"}
    problems += links_to_inactive(listings, inactive)
    rules = dataclasses.replace(rules, urls=rules.urls - {"/" + url for url in inactive})
    check_duplicates(checked, problems)
    problems += warn_duplicates(checked, {each.record.path: each.record for each in listings})
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
            problems.append(Problem(Position(guide.path, 2), "", "this guide leads to no listings; "
                                    "check its categories and tags", "warning"))
    if config.strict and problems:
        raise BuildFailed(_strict(problems))
    return directory, sorted(set(problems))


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
                found.append(Problem(_locate_text(each.record.where(("description",)), text, at), "description",
                                     f"the link {href} goes to an inactive listing, which is not published; "
                                     "remove the link, or make the listing active"))
    return found


def _strict(problems: list[Problem]) -> list[Problem]:
    """Return the problems with every warning made an error, as --strict asks."""
    return sorted({Problem(p.where, p.field, p.message) for p in problems})


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
        guide.listings = sorted(
            (x for x in listings if x.category.slug in guide.categories or set(x.tags) & set(guide.tags)),
            key=lambda x: (order[x.category.slug], not x.open_24_7, x.name.casefold(), x.slug))
    guides = sorted(guides, key=lambda g: (g.order, g.title.casefold(), g.slug))
    articles = sorted(articles, key=lambda a: a.slug)
    crisis_lines = next((x.category for x in listings if x.slug == site.crisis_line.listing), None)
    return Directory(site, categories, listings, guides, articles, search, today, crisis_lines)


def check_site(record: Record | None, config: Config, problems: list[Problem]) -> Site | None:
    """Return the site settings, or None if they have problems."""
    if record is None:
        return None
    data = with_overrides(record.data, config)
    found = schema_problems(config.schema_dir, "site", data, record.where)
    if not found and config.deploy:
        found += placeholders(data, record.where)
    if not found:
        found += check_time_zone(data["time_zone"], ("time_zone",), record.where)
        crisis_line = check_help_line(data["crisis_line"], ("crisis_line",), data["country"], record.where, found)
        referral_line = check_help_line(data["referral_line"], ("referral_line",), data["country"], record.where,
                                        found) if "referral_line" in data else None
    problems.extend(found)
    if found:
        return None
    return Site(
        name=data["name"], description=data["description"], region=data["region"], base_url=data["base_url"],
        language=data["languages"][0], country=data["country"], time_zone=data["time_zone"], crisis_line=crisis_line,
        emergency_number=data["emergency_number"], repository_url=data["repository"]["url"],
        repository_branch=data["repository"]["branch"], stale_after_days=data["stale_after_days"],
        referral_line=referral_line, publisher=data.get("publisher", ""), languages=tuple(data["languages"]),
        translations=data.get("translations", {}), license=License(**data["license"]) if "license" in data else None,
        host=Host(**data["host"]))


def with_overrides(data: Any, config: Config) -> Any:
    """Return site.yaml's settings with the address and repository given on the command line."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    if config.base_url is not None:
        data["base_url"] = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
    if (config.repository or config.branch) and isinstance(data.get("repository", {}), dict):
        data["repository"] = {**data.get("repository", {}), **({"url": config.repository} if config.repository else {}),
                              **({"branch": config.branch} if config.branch else {})}
    return data


def placeholders(data: dict, locate: Locate) -> list[Problem]:
    """Return an error for each example address a site going live still has."""
    found = []
    if urls.is_placeholder(data["base_url"]):
        found.append(Problem(locate(("base_url",)), "base_url",
                             f"{data['base_url']} is an example address, not where the site is published; set it "
                             "here or build with --base-url"))
    if urls.is_placeholder(data["repository"]["url"]):
        found.append(Problem(locate(("repository", "url")), "repository.url",
                             f"{data['repository']['url']} is an example repository, so 'Suggest an edit' and "
                             "'Report a problem' would lead nowhere; set it here or build with --repository"))
    return found


def check_help_line(line: dict, path: FieldPath, country: str, locate: Locate, problems: list[Problem]) -> HelpLine:
    """Return a line from site.yaml with its numbers ready to call and text."""
    phone = check_phone({"number": line["phone"], "type": "voice"}, (*path, "phone"), country, locate, problems)
    text = check_phone({"number": line["text"], "type": "text"}, (*path, "text"), country, locate, problems) \
        if "text" in line else None
    languages = {}  # how speakers of another language reach the same line: the same numbers, an option, a keyword
    for code, option in line.get("languages", {}).items():
        keyword = option.get("text_keyword")
        languages[code] = HelpLine(line["name"], dataclasses.replace(phone, press=option.get("press")), check_phone(
            {"number": line["text"], "type": "text", "keyword": keyword}, (*path, "languages", code, "text_keyword"),
            country, locate, problems) if text and keyword else text, line.get("listing"))
    return HelpLine(line["name"], phone, text, line.get("listing"), languages=languages)


def check_categories(record: Record | None, schema_dir: Path, problems: list[Problem]) -> dict[str, Category] | None:
    """Return the categories by slug, in file order; None if categories.yaml has problems."""
    if record is None:
        return None
    found = schema_problems(schema_dir, "categories", record.data, record.where)
    categories: dict[str, Category] = {}
    for i, item in enumerate(record.data if not found else []):
        if item["slug"] in categories:
            found.append(Problem(record.where((i, "slug")), f"[{i}].slug",
                                 f"the category '{item['slug']}' is defined twice; keep one"))
        categories[item["slug"]] = Category(item["slug"], item["name"], item["plural"], item["description"],
                                            translations=translations(item))
    problems.extend(found)
    return categories if not found else None


def check_translated(site: Site | None, record: Record | None, problems: list[Problem]) -> None:
    """Add a problem for each translation in site.yaml or categories.yaml that the site cannot show."""
    if site is not None and record is not None:
        items = enumerate(record.data) if isinstance(record.data, list) else [(None, record.data)]
        for i, item in items:
            problems += translation_problems(item, site.languages, record.where, () if i is None else (i,))


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
        found += [Problem(_locate_text(locate(("description",)), data["description"], at), "description", message)
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
            found.append(Problem(_locate_text(locate((name,)), data[name], stated.start()), name,
                                 f"gives a time ({stated.group()}); the hours belong in schedules, which the site "
                                 "shows in one place and keeps up to date: take the time out of the text", "warning"))
    ended = notice_until is not None and notice_until < rules.today
    if ended:
        found.append(Problem(locate(("notice_until",)), "notice_until",
                             f"the notice ended on {data['notice_until']} and is no longer shown; remove it, or "
                             "give it a later date if it still holds", "warning"))
    fields = dict(
        slug=record.slug, path=record.path, name=data["name"], category=category, summary=data["summary"],
        verified=Verified(verified_on, data["verified"]["by"]), source=tuple(data.get("source", ())),
        time_zone=time_zone, status=data["status"], notice=None if ended else data.get("notice"),
        notice_until=notice_until, description=data.get("description", ""),
        url=data.get("url"), email=data.get("email"), phones=phones, chat_url=data.get("chat_url"),
        location=geo.located(Location(**data["location"]), country) if "location" in data else None,
        service_area=tuple(data.get("service_area", ())),
        schedules=schedules, closed_on=tuple(sorted(closed_on)), meetings=data.get("meetings", False),
        hours_unconfirmed=data.get("hours_unconfirmed", False),
        languages=tuple(data.get("languages", ())), cost=tuple(data.get("cost", ())), cost_note=data.get("cost_note"),
        audience=tuple(data.get("audience", ())), accessibility=tuple(data.get("accessibility", ())),
        tags=tuple(data.get("tags", ())), stale=stale, translations=translations(data))
    for code in rules.site.languages[1:]:
        found += missing_translations(fields, code, rules.site.languages[0], locate)
    return Checked(record, fields, found)


def missing_translations(fields: dict[str, Any], code: str, default: str, locate: Locate) -> list[Problem]:
    """Return a warning for each text of a listing that has no translation into a language of the site: pages in
    that language show it in the default language, marked as such."""
    found = fields["translations"].get(code)
    translated = found.fields if found else {}
    name, original = _named(code), _named(default)
    return [Problem(locate(path), field_name(path), f"no {name} translation (translations.{code}.{field_name(path)})"
                    f"; {name} pages show the {original}, marked as {original}", "warning")
            for path, _ in languages.words(fields) if languages.translation_at(translated, path) is None]


def translations(data: dict) -> Translations:
    """Return a record's translations by language: the fields translated, and whether someone has reviewed them."""
    return {code: Translation({name: text for name, text in fields.items() if name != "reviewed"},
                              fields.get("reviewed", False))
            for code, fields in data.get("translations", {}).items()}


def translation_problems(data: Any, languages: tuple[str, ...], locate: Locate, path: FieldPath = ()) -> list[Problem]:
    """Return a problem for each translation into a language the site does not have, or of a text the record
    leaves out: a translation of nothing would show where the original shows nothing. A listing's lists are
    translated item by item, so each list of translations has as many items as the list it translates."""
    found: list[Problem] = []
    if not isinstance(data, dict):
        return found
    for code, fields in (data.get("translations") or {}).items():
        where = (*path, "translations", code)
        if code not in languages[1:]:  # a language the site has dropped, or not yet added: harmless, not shown
            found.append(Problem(locate(where, key=True), field_name(where), "not shown: site.yaml's languages after "
                                 f"the first are {', '.join(languages[1:]) or 'none yet'}", "warning"))
            continue
        found += _translating_nothing(data, fields, where, locate)
    return found


def _translating_nothing(original: dict, fields: dict, where: FieldPath, locate: Locate,
                         inside: FieldPath = ()) -> list[Problem]:
    """Return a problem for each translated field with nothing to translate, and each list of translations that is
    not item for item the list it translates."""
    found = []
    for name, value in fields.items():
        if name == "reviewed":
            continue
        at = (*inside, name)
        if name not in original:
            found.append(Problem(locate((*where, *at), key=True), field_name((*where, *at)),
                                 f"this translates {field_name(at)}, which is not there to translate; add "
                                 f"{field_name(at)} above or remove its translation"))
        elif isinstance(value, list) and isinstance(original[name], list):
            if len(value) != len(original[name]):
                empty = " (- {} for one with nothing to translate)" if name in languages.NOTES else ""
                found.append(Problem(locate((*where, *at)), field_name((*where, *at)),
                                     f"expected {len(original[name])} items, one for each of {field_name(at)} in "
                                     f"order{empty}, found {len(value)}"))
            found += [problem for i, item in enumerate(value[:len(original[name])]) if isinstance(item, dict)
                      and isinstance(original[name][i], dict)
                      for problem in _translating_nothing(original[name][i], item, where, locate, (*at, i))]
    return found


def _locate_text(field: Position, text: str, at: int) -> Position:
    """Return where the character at offset `at` of a text field's value is in its file.

    The value's position is where it starts (its first character, or the | of a block); the file is read
    again to find the line: a problem inside a description is rare, and YAML's indenting is not in the text.
    """
    line_text = text[text.rfind("\n", 0, at) + 1:].split("\n", 1)[0]
    try:
        lines = Path(field.path).read_text(encoding="utf-8-sig").split("\n")
    except OSError:
        return field
    for number in range(field.line - 1, len(lines)):
        column = lines[number].find(line_text)
        if line_text and column >= 0:
            return Position(field.path, number + 1, column + 1 + at - text.rfind("\n", 0, at) - 1)
    return field


def warn_unused_categories(categories: list[Category], record: Record) -> list[Problem]:
    """Warn about categories that no listing uses, at their line in categories.yaml: their page would be empty."""
    index = {item["slug"]: i for i, item in enumerate(record.data)}
    return [Problem(record.where((index[c.slug], "slug")), f"[{index[c.slug]}].slug", f"no listing uses the category "
                    f"'{c.slug}'; add a listing to it, or remove it from categories.yaml", "warning")
            for c in categories if not c.listings]


def check_search(record: Record | None, schema_dir: Path, problems: list[Problem]) -> SearchWords | None:
    """Return the search words of content/search.yaml, or None if it has problems."""
    if record is None:
        return None
    found = schema_problems(schema_dir, "search", record.data, record.where)
    problems.extend(found)
    if found:
        return None
    return search_words(record.data)


def search_words(data: dict) -> SearchWords:
    """Return the search words of search.yaml, and those of each other language under its translations."""
    synonyms = {SearchWords.key(term): tuple(words) for term, words in data.get("synonyms", {}).items()}
    return SearchWords(tuple(data.get("crisis", ())), synonyms,
                       {code: search_words(words) for code, words in data.get("translations", {}).items()},
                       data.get("grammar", {}))


def warn_unused_synonyms(directory: Directory, record: Record) -> list[Problem]:
    """Warn about synonyms, in any language, for a tag, audience or category no listing has (a misspelt key finds
    nothing), and about a term written twice in one language's list (Caregivers and caregivers: one would be lost)."""
    used = {SearchWords.key(term) for x in directory.listings for term in (*x.tags, *x.audience, x.category.slug)}
    lists: list[tuple[FieldPath, dict]] = [(("synonyms",), record.data.get("synonyms", {}))]
    lists += [(("translations", code, "synonyms"), words.get("synonyms", {}))
              for code, words in record.data.get("translations", {}).items()]
    found: list[Problem] = []
    seen: dict[tuple[FieldPath, str], str] = {}  # the first term written for each key, in each list
    for at, synonyms in lists:
        for term in synonyms:
            path, key = (*at, term), SearchWords.key(term)
            if key not in used:
                found.append(Problem(record.where(path, key=True), field_name(path), "no listing has this tag, "
                                     "audience or category; check its spelling against a listing", "warning"))
            elif (at, key) in seen:
                found.append(Problem(record.where(path, key=True), field_name(path), f"the same term as "
                                     f"{seen[at, key]!r} above; put their words in one list", "warning"))
            seen.setdefault((at, key), term)
    return found


def check_guide(record: Record, rules: Rules, problems: list[Problem]) -> Guide | None:
    """Return one checked guide, or None if it has problems."""
    data = record.data
    found = schema_problems(rules.schema_dir, "guide", data, record.where)
    if rules.categories is not None and isinstance(data, dict):
        for i, slug in enumerate(data.get("categories") or []):
            if isinstance(slug, str) and slug not in rules.categories:
                found.append(mismatch(record.where(("categories", i)), f"categories[{i}]",
                                      "a category from content/categories.yaml", slug))
    reviewed = _reviewed(record, found)
    found += _body_problems(record, urls.guide_url(record.slug), rules.urls)
    problems.extend(found)
    if found:
        return None
    return Guide(record.slug, record.path, data["title"], data["summary"], reviewed, record.body, data["order"],
                 tuple(data.get("categories", ())), tuple(data.get("tags", ())))


def check_article(record: Record, rules: Rules, problems: list[Problem]) -> Article | None:
    """Return one checked page of prose, like the about page, or None if it has problems."""
    data = record.data
    found = schema_problems(rules.schema_dir, "page", data, record.where)
    if taken := urls.taken_by(record.slug, rules.site.languages if rules.site else ()):
        found.append(Problem(record.where(), "", f"the file name makes this page's address {record.slug}/, which is "
                             f"{taken}; choose another file name"))
    reviewed = _reviewed(record, found)
    found += _body_problems(record, urls.article_url(record.slug), rules.urls)
    problems.extend(found)
    if found:
        return None
    return Article(record.slug, record.path, data["title"], data["summary"], reviewed, record.body)


def check_translation(record: Record, originals: dict[tuple[str, str], Guide | Article | None], rules: Rules,
                      problems: list[Problem]) -> None:
    """Check a guide or page in another language, like guides/x.es.md, and add it to the translations of the one
    it translates. Its categories, tags, order and review date are the original's: only the words are translated,
    and its own reviewed says whether someone fluent has checked them."""
    slug, _, code = record.slug.rpartition(".")
    folder = Path(record.path).parent.name
    original = originals.get((folder, slug))
    if rules.site is None or (original is None and (folder, slug) in originals):
        return  # site.yaml's or the original's own problems are reported
    languages = rules.site.languages
    if original is None:
        problems.append(Problem(record.where(), "", f"this translates {folder}/{slug}.md, which is not there; "
                                "rename it after the file it translates"))
        return
    if code not in languages[1:]:
        problems.append(Problem(record.where(), "", f"not shown: the file name ends in .{code}.md, and site.yaml's "
                                f"languages after the first are {', '.join(languages[1:]) or 'none yet'}", "warning"))
        return
    found = schema_problems(rules.schema_dir, "translation", record.data, record.where)
    page_url = urls.guide_url(slug) if folder == "guides" else urls.article_url(slug)
    found += _body_problems(record, page_url, rules.urls)  # its links go where the original's would
    problems.extend(found)
    if not found:
        original.translations[code] = Article(slug, record.path, record.data["title"], record.data["summary"],
                                              original.reviewed, record.body,
                                              unreviewed=not record.data["reviewed"])


def missing_prose(guides: list[Guide], articles: list[Article], languages: tuple[str, ...]) -> list[Problem]:
    """Return a warning for each guide or page with no translation into a language of the site: its pages in
    that language leave it out."""
    prose: list[Guide | Article] = [*guides, *articles]
    return [Problem(Position(item.path, 1), "", f"no {_named(code)} translation ({Path(item.path).stem}.{code}.md "
                             f"beside it); {_named(code)} pages leave it out", "warning")
            for item in prose for code in languages[1:] if code not in item.translations]


def _named(code: str) -> str:
    """Return a language's name in English, as check's messages say it: Spanish for es."""
    return languages.ENGLISH.locale.languages.get(code, code)


def _reviewed(record: Record, problems: list[Problem]) -> dt.date:
    """Return the date a guide or article was reviewed, if it is one (no date is in the future for prose)."""
    text = record.data.get("reviewed") if isinstance(record.data, dict) else None
    return check_date(text, ("reviewed",), None, record.where, problems) if isinstance(text, str) else dt.date.min


def _body_problems(record: Record, page_url: str, site_urls: frozenset[str]) -> list[Problem]:
    """Return the problems of a guide's or article's Markdown body, at their line and column."""
    return [Problem(Position(record.path, record.body_line + record.body.count("\n", 0, at),
                             at - record.body.rfind("\n", 0, at)), "", message)
            for at, message in markup.problems_in(record.body, page_url, site_urls)]
