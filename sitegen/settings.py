"""The settings every listing is checked against: site.yaml, categories.yaml, search.yaml, and the pages a link
may go to."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import urls
from .config import Config
from .dates import check_time_zone
from .load import Content, with_slugs
from .models import Category, Directory, HelpLine, Host, License, SearchWords, Site
from .phones import check_phone
from .problems import Problem
from .schema import schema_problems
from .translations import translation_problems, translations
from .yamltext import FieldPath, Locate, Record, field_name


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
    category_slugs = [item["slug"] for item in with_slugs(content.categories.data if content.categories else [])]
    if content.categories is None and (path := config.content_dir / "categories.yaml").is_file():
        # Not YAML just now: its slugs, read from the text, keep every link to a category page from being
        # reported too. The mistake is reported once, at its line.
        category_slugs = re.findall(r"^[ -]*slug: *[\"']?([a-z0-9-]+)", path.read_text("utf-8", "replace"), re.M)
    return Rules(site, categories, content.categories, urls.site_urls(
        (path.stem for path in content.listing_files), category_slugs, (r.slug for r in content.guides),
        (r.slug for r in content.articles)), config.today, config.schema_dir, tuple(problems))


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
    # Each term once: 10,000 listings name a few hundred terms some 50,000 times.
    used = {SearchWords.key(term) for term in {term for x in directory.listings
                                               for term in (*x.tags, *x.audience, x.category.slug)}}
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
