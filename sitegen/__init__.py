"""Build a static mental-health resource directory from YAML listings and Markdown guides."""

from __future__ import annotations

from . import fingerprint, index, links, load, render, validate, write
from .config import Config
from .models import Directory
from .problems import BuildFailed, Problem

__all__ = ["BuildFailed", "Config", "Problem", "build", "check"]


def check(config: Config) -> tuple[Directory, list[Problem]]:
    """Return the checked directory and its warnings; raise BuildFailed listing every problem."""
    sources = load.read_content(config.content_dir)
    return validate.check(sources, config)


def build(config: Config) -> list[Problem]:
    """Build the site into config.site_dir and return the warnings; on BuildFailed site_dir is untouched."""
    inputs = fingerprint.fingerprint(config)  # before reading: an edit made during the build means a rebuild
    previous = fingerprint.unchanged(config.site_dir, inputs)
    if previous is not None:  # nothing changed since the build that made site_dir
        write.tidy(config.site_dir)
        return previous
    directory, warnings = check(config)
    outputs = render.render_site(directory, config.templates_dir)
    links.check_links(outputs, render.urlparts(directory.site.base_url))
    with write.staging(config.site_dir) as folder:  # swapped into site_dir only if every step succeeds
        write.write_site(outputs, folder)
        index.index_folder(folder)  # Pagefind reads the written HTML
        fingerprint.record(folder, inputs, warnings)
    return warnings
