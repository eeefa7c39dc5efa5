"""Check that every link and asset reference between the site's own files resolves."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from urllib.parse import unquote, urlsplit

from .problems import Position, Problem

# A reference to a file of the site: not to another site, a phone, an email, a map or a place within the page.
# An action too: a form that sends to no page is a broken link.
REFERENCE = re.compile(r'\s(?:href|src|action)="(?!https:|http:|tel:|sms:|mailto:|geo:|#)([^"]*)"')


def broken(path: str, html: str, paths: Collection[str], base_path: str = "/",
           known: dict | None = None) -> list[Problem]:
    """Return a problem for each file of the site that the page at path links to and the site does not have.

    known remembers, for the pages of one build, which links from the site's root resolve.
    """
    first: dict[str, int] = {}  # each broken target once per page, at its first place
    for match in REFERENCE.finditer(html):
        first.setdefault(match.group(1), match.start(1))
    problems = []
    known = {} if known is None else known
    root = "../" * path.count("/")  # the header and footer link to the same files from every page this deep
    for target, at in sorted(first.items()):
        key = (root, target) if target.startswith(root) else (path, target)
        if key not in known:
            resolved = resolve(path, target, base_path)
            known[key] = resolved is None or resolved in paths or resolved + "index.html" in paths \
                or resolved.startswith("pagefind/")  # Pagefind writes its bundle after the pages
        if not known[key]:
            where = Position(f"site/{path}", html.count("\n", 0, at) + 1, at - html.rfind("\n", 0, at))
            problems.append(Problem(where, "", f"the link {target} goes to no file of the site"))
    return problems


def resolve(page: str, target: str, base_path: str) -> str | None:
    """Return the site file a reference on a page points at, or None if it leaves the site."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another site, an email or phone link, or a link within the page
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return parts.path  # a root-relative link outside the site's folder: always broken
        path = unquote(parts.path[len(base_path):])
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        path = "" if path == "." else path
    return path + "/" if parts.path.endswith("/") and not path.endswith("/") and path else path
