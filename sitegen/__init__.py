"""Build a static mental-health resource directory from YAML listings and Markdown guides."""

from __future__ import annotations

from . import load, validate
from .config import Config
from .models import Directory
from .problems import BuildFailed, Problem

__all__ = ["BuildFailed", "Config", "Problem", "build", "check"]


def check(config: Config) -> tuple[Directory, list[Problem]]:
    """Return the checked directory and its warnings; raise BuildFailed listing every problem."""
    content = load.read_content(config.content_dir)  # every file, with where each value was written
    return validate.check(content, config)  # every rule, links between pages included


def build(config: Config) -> list[Problem]:
    """Build the site into config.site_dir and return the warnings; on BuildFailed site_dir is untouched."""
    from . import index, render, write  # here, not above: `check` has no use for Jinja2 or Pagefind

    directory, warnings = check(config)
    files = render.render_site(directory, config.templates_dir, config.schema_dir)  # pages rendered on every core
    with write.staging(config.site_dir) as folder:  # swapped into site_dir once the block succeeds
        write.write_files(files, folder)  # as they are rendered
        index.index_folder(folder)  # Pagefind reads the written pages
    return warnings
