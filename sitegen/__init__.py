"""Build a static mental-health resource directory from YAML listings and Markdown guides."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from . import geo, load, parallel, validate
from .config import Config
from .models import Directory
from .problems import BuildFailed, Problem

if TYPE_CHECKING:
    from .render import Page, Plan

__all__ = ["BuildFailed", "Config", "Problem", "build", "check"]


def check(config: Config) -> tuple[Directory, list[Problem]]:
    """Return the checked directory and its warnings; raise BuildFailed listing every problem."""
    content = load.read_content(config.content_dir)  # every file but the listings, with where each value was written
    rules = validate.check_rules(content, config)  # site.yaml, categories.yaml and the pages links may go to
    if rules.site and rules.site.country == "US" and len(content.listing_files) >= parallel.AT_LEAST:
        geo.zip_centres()  # read before the workers fork: one copy of the ZIP table (150 MiB) shared, not one each
    listings = parallel.map(functools.partial(read_listing, rules=rules), content.listing_files)  # on every core
    return validate.check_directory(content, rules, listings, config)  # every rule across files, links included


def read_listing(path: Path, rules: validate.Rules) -> validate.Checked:
    """Read one listing file and check it: 10,000 of them take seconds, so workers do it on every core."""
    record, problems = load.read_yaml_file(path)
    if problems and (record.data is None or not record.complete):
        return validate.Checked(record, None, problems)
    checked = validate.check_listing(record, rules)  # after a tab or an invisible character too: every mistake at once
    return checked if not problems else validate.Checked(record, None, [*problems, *checked.problems])


def build(config: Config) -> list[Problem]:
    """Build the site into config.site_dir and return the warnings; on BuildFailed site_dir is untouched."""
    from . import render  # here, not above: `check` has no use for Jinja2 or Pagefind

    directory, warnings = check(config)
    plan = render.plan_site(directory, config.templates_dir, config.schema_dir,
                            config.locales_dir)  # every page and file, each path once
    make_site(plan, config.site_dir)
    return warnings


def make_site(plan: Plan, site_dir: Path) -> None:
    """Render, write and index a planned site into site_dir: all of it, or (BuildFailed) none of it."""
    from . import index, write

    with write.staging(site_dir) as folder:  # swapped into site_dir once the block succeeds
        write.write_files(plan.files, folder, plan.paths)
        # Rendered and written on every core: sending 100 MB of pages to one writer took longer than rendering them.
        broken = [p for found in parallel.chunks(functools.partial(render_and_write, plan=plan, folder=folder),
                                                 plan.pages) for p in found]
        if broken:
            raise BuildFailed(broken)
        index.index_folder(folder, plan.search)  # Pagefind reads the written pages


def render_and_write(pages: list[Page], plan: Plan, folder: Path) -> list[Problem]:
    """Render some pages and write them; return the links among them that go to no file of the site."""
    from . import render, write

    files = render.render_pages(plan, pages)
    write.write_files(files, folder, plan.paths)
    return render.broken_links(plan, files)
