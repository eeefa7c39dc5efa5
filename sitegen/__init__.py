"""Build a static mental-health resource directory from YAML listings and Markdown guides."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import enrich, load, parallel, settings, validate
from .config import Config
from .models import Directory
from .problems import BuildFailed, Problem

if TYPE_CHECKING:
    from .pages import Page
    from .render import Plan

__all__ = ["BuildFailed", "Config", "Problem", "build", "check"]


@dataclass
class Files:
    """The content as read and checked file by file, before the rules across files: what the preview keeps."""

    content: load.Content  # every file but the listings, with where each value was written
    rules: settings.Rules  # site.yaml, categories.yaml and the pages links may go to
    listings: dict[str, validate.Checked]  # each listing file, read and checked, by path


def check(config: Config) -> tuple[Directory, list[Problem]]:
    """Return the checked directory and its warnings; raise BuildFailed listing every problem."""
    return check_across(read_files(config), config)


def read_files(config: Config) -> Files:
    """Read and check every content file on its own: the settings first, then the listings on every core."""
    content = load.read_content(config.content_dir)
    rules = settings.check_rules(content, config)
    return Files(content, rules, read_listings(content.listing_files, rules))


def read_listings(paths: list[Path], rules: settings.Rules) -> dict[str, validate.Checked]:
    """Return the listing files read and checked, by path: 10,000 of them take seconds, so on every core."""
    return {each.record.path: each for each in parallel.map(functools.partial(read_listing, rules=rules), paths)}


def read_listing(path: Path, rules: settings.Rules) -> validate.Checked:
    """Read one listing file and check it."""
    record, problems = load.read_yaml_file(path)
    if problems and (record.data is None or not record.complete):
        return validate.Checked(record, None, problems)
    checked = validate.check_listing(record, rules)  # after a tab or an invisible character too: every mistake at once
    return checked if not problems else validate.Checked(record, None, [*problems, *checked.problems])


def check_across(files: Files, config: Config) -> tuple[Directory, list[Problem]]:
    """Return the directory made of the checked files and every warning, after the rules across files (duplicates,
    links, the crisis line's listing); raise BuildFailed listing every problem."""
    return validate.check_directory(files.content, files.rules, list(files.listings.values()), config)


def build(config: Config) -> list[Problem]:
    """Build the site into config.site_dir and return the warnings; on BuildFailed site_dir is untouched."""
    directory, warnings = check(config)
    make_site(plan(directory, config), config.site_dir)
    return warnings


def plan(directory: Directory, config: Config) -> Plan:
    """Return every page and file of the site, each path once (render.plan_site), once each listing is placed on the
    map (enrich): in this process, once, so no worker loads the ZIP code table; `check` has no use for it."""
    from . import render  # here, not above: `check` has no use for Jinja2 or Pagefind

    return render.plan_site(enrich.enriched(directory), config.templates_dir, config.schema_dir, config.locales_dir,
                            config.shards)


def make_site(plan: Plan, site_dir: Path) -> None:
    """Render, write and index a planned site into site_dir: all of it, or (BuildFailed) none of it."""
    from . import index, write

    with write.staging(site_dir) as folder:  # swapped into site_dir once the block succeeds
        write.write_files(plan.files, folder, plan.paths)
        broken = render_and_write_pages(plan, folder)
        if broken:
            raise BuildFailed(broken)
        search = plan.search
        del plan  # the pages and files, let go of (unless the caller keeps them: serve) while Pagefind runs
        parallel.give_back_memory()
        index.index_folder(folder, search)  # Pagefind reads the written pages


def render_and_write_pages(plan: Plan, folder: Path) -> list[Problem]:
    """Render every page of the plan and write it, on every core (sending 100 MB of pages to one writer took longer
    than rendering them); return the links among them that go to no file of the site."""
    from . import render

    render.compile_templates(plan)  # here, once: each worker forked below has them, and need not compile them
    parallel.give_back_memory()  # what planning freed, before the workers share the rest: 21 MiB at 50,000 listings
    # A worker copies each piece of memory it reads from (reference counts are written), and the memory it copied
    # goes when it ends: a fresh worker every 500 pages that show one listing, and every 50 of those that list
    # 25 or 50 (category, checking, translations pages), whose listings are all over memory: workers that
    # rendered 2,000 of those at 50,000 listings held 1.1 GiB between them.
    step = functools.partial(render_and_write, plan=plan, folder=folder)
    lists = [page for page in plan.pages if "listings" in page.context]
    others = [page for page in plan.pages if "listings" not in page.context]
    return [p for pages, chunk, parts in ((others, parallel.CHUNK, 2), (lists, 50, 1))
            for found in parallel.chunks(step, pages, chunk, parts_per_worker=parts) for p in found]


def render_and_write(pages: list[Page], plan: Plan, folder: Path) -> list[Problem]:
    """Render some pages and write them; return the links among them that go to no file of the site."""
    from . import render, write

    files = render.render_pages(plan, pages)
    write.write_files(files, folder, plan.paths)
    return render.broken_links(plan, files)
