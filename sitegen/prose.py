"""Guides and pages of prose (content/guides/, content/pages/) and their translations: checked, or every problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import markup, urls
from .dates import check_date
from .models import Article, Guide
from .problems import Position, Problem, mismatch
from .schema import schema_problems
from .settings import Rules
from .translations import language_name
from .yamltext import Record


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
    return Guide(record.slug, record.file, data["title"], data["summary"], reviewed, record.body, data["order"], record,
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
    return Article(record.slug, record.file, data["title"], data["summary"], reviewed, record.body, record)


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
        original.translations[code] = Article(slug, record.file, record.data["title"], record.data["summary"],
                                              original.reviewed, record.body, record,
                                              unreviewed=not record.data.get("reviewed", False))


def missing_prose(guides: list[Guide], articles: list[Article], languages: tuple[str, ...]) -> list[Problem]:
    """Return a warning for each guide or page with no translation into a language of the site: its pages in
    that language leave it out."""
    prose: list[Guide | Article] = [*guides, *articles]
    return [Problem(Position(item.record.path, 1), "", f"no {language_name(code)} translation "
                             f"({Path(item.path).stem}.{code}.md beside it); {language_name(code)} pages leave it out",
                    "warning")
            for item in prose for code in languages[1:] if code not in item.translations]


def _reviewed(record: Record, problems: list[Problem]) -> dt.date:
    """Return the date a guide or article was reviewed, if it is one (no date is in the future for prose)."""
    text = record.data.get("reviewed") if isinstance(record.data, dict) else None
    return check_date(text, ("reviewed",), None, record.where, problems) if isinstance(text, str) else dt.date.min


def _body_problems(record: Record, page_url: str, site_urls: frozenset[str]) -> list[Problem]:
    """Return the problems of a guide's or article's Markdown body, at their line and column."""
    return [Problem(Position(record.path, record.body_line + record.body.count("\n", 0, at),
                             at - record.body.rfind("\n", 0, at)), "", message)
            for at, message in markup.problems_in(record.body, page_url, site_urls)]
