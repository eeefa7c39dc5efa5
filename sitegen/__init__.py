"""Build a static mental-health resource directory from YAML listings and Markdown guides."""

from __future__ import annotations

from typing import Callable

from . import cache, fingerprint, load, validate
from .config import Config
from .models import Directory
from .problems import BuildFailed, Problem

__all__ = ["BuildFailed", "Config", "Problem", "build", "check"]


def check(config: Config, inputs: fingerprint.Inputs | None = None) -> tuple[Directory, list[Problem]]:
    """Return the checked directory and its warnings; raise BuildFailed listing every problem.

    Listing files unchanged since the last check are taken from the cache instead of being read and checked again.
    """
    directory, warnings, keep = _checked(config, inputs or fingerprint.fingerprint(config))
    keep()
    return directory, warnings


def _checked(config: Config, inputs: fingerprint.Inputs) -> tuple[Directory, list[Problem], Callable[[], None]]:
    """Return the checked directory, its warnings, and a function that keeps the listings checked anew in the cache.

    If the check fails, they are kept at once: the files that passed need not be checked again.
    """
    checked = cache.load(config, inputs)
    cached = len(checked)
    known = {path: entry.source for path, entry in checked.items()}
    sources = load.read_content(config.content_dir, known, listings=False)  # validate.py reads the rest

    def keep() -> None:
        if len(checked) > cached:
            cache.save(config, inputs, checked)

    try:
        directory, warnings = validate.check(sources, config, checked)
    except BaseException:
        keep()
        raise
    return directory, warnings, keep


def build(config: Config) -> list[Problem]:
    """Build the site into config.site_dir and return the warnings; on BuildFailed site_dir is untouched."""
    from . import index, render, write  # here, not above: `check` has no use for Jinja2, Markdown or Pagefind
    inputs = fingerprint.fingerprint(config)  # before reading: an edit made during the build means a rebuild
    previous = fingerprint.unchanged(config.site_dir, inputs)
    if previous is not None:  # nothing changed since the build that made site_dir
        write.tidy(config.site_dir)
        return previous
    with write.staging(config.site_dir) as ready:  # the folder swapped into site_dir if every step succeeds
        directory, warnings, keep = _checked(config, inputs)  # while the site before is copied into it
        bundles = index.bundles([render.url_of(x) for x in directory.listings + directory.guides])
        folder = ready()
        before = fingerprint.previous_build(folder).get("keys", {})  # what the folder holds from the build before
        empty = not any(folder.iterdir())  # a first build: nothing to prune

        def unchanged(path: str, key: str) -> bool:  # a page or search bundle that need not be written again
            return before.get(path) == key

        with index.Indexer(folder, bundles, inputs.shared, unchanged) as search:  # Pagefind reads the written pages
            try:
                keys = render.render_site(directory, config.templates_dir, folder, bundles, inputs, unchanged,
                                          search.written)  # and checks links; indexes each bundle once it is written
            finally:
                keep()  # the cache of checked listings, while Pagefind indexes the first bundles,
                search.rendered()  # and only then Pagefind on every core: their memory peaks would add up
            keys |= search.keys  # every bundle is written or running by now: the rest is done while Pagefind runs
            if not empty:
                write.prune(folder, [*keys, fingerprint.RECORD])  # files of the build before this one does not have
            fingerprint.record(folder, inputs, warnings, keys)
    return warnings
