"""Where each page of the site lives: its address relative to the site's root, like listings/x/."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from .models import Article, Category, Guide, Listing

# Pages every site has, besides one for each listing, category, guide and article: pages.site_pages makes them
# at these addresses, and a page of content/pages/ may not take one.
HOME = ""
BROWSE = "listings/"
GUIDES = "guides/"
SEARCH = "search/"
NEEDS_CHECKING = "needs-checking/"
TRANSLATIONS = "translations/"  # in a site of more than one language
OPEN_DATA = "hsds/"  # in the default language
MY_LIST = "my-list/"
OFFLINE = "offline/"  # what the service worker shows for a page it has not kept, at that page's address
NOT_FOUND = "404.html"
FIXED = (HOME, BROWSE, GUIDES, SEARCH, NEEDS_CHECKING, TRANSLATIONS, OPEN_DATA, MY_LIST, OFFLINE, NOT_FOUND)
# The site's folders of other files (category pages, HSDS data, assets, the search index...): each a name
# a page of content/pages/ may not take either. A test builds a site and holds this against every name at its root.
FOLDERS = ("categories", "hsds", "assets", "schema", "zip", "pagefind", "admin")  # admin: the editors' form


def url_of(item: Listing | Category | Guide | Article) -> str:
    """Return the address of a listing, category, guide or article, like listings/x/."""
    if isinstance(item, Listing):
        return listing_url(item.slug)
    if isinstance(item, Category):
        return category_url(item.slug)
    if isinstance(item, Guide):
        return guide_url(item.slug)
    return article_url(item.slug)


def listing_url(slug: str) -> str:
    return f"listings/{slug}/"


def category_url(slug: str) -> str:
    return f"categories/{slug}/"


def guide_url(slug: str) -> str:
    return f"guides/{slug}/"


def article_url(slug: str) -> str:
    return f"{slug}/"


def site_urls(listings: Iterable[str], categories: Iterable[str], guides: Iterable[str],
              articles: Iterable[str]) -> frozenset[str]:
    """Return every page content may link to, as /listings/x/, given the slugs of each kind."""
    return frozenset("/" + url for url in (*FIXED, *map(listing_url, listings), *map(category_url, categories),
                                           *map(guide_url, guides), *map(article_url, articles)))


def taken_by(slug: str, languages: tuple[str, ...]) -> str | None:
    """Return what already has the address a page of content/pages/ with this slug would have, or None."""
    url = article_url(slug)
    if url in FIXED:
        return "the address of one of the site's own pages"
    if slug in FOLDERS:
        return "a folder of the site's own files"
    if slug in languages[1:]:
        return f"the address of the site's home page in another language ({slug})"
    return None


def page_path(url: str) -> str:
    """Return the file a page's address is served from: listings/x/ is listings/x/index.html."""
    return url + "index.html" if url.endswith("/") or url == "" else url


def root_of(url: str) -> str:
    """Return the way from a page back to the site's root, like ../../ from listings/x/."""
    return "../" * url.count("/")


def base_path(base_url: str) -> str:
    """Return the path part of the base URL, like /directory/: the 404 page links from it, served at any depth."""
    return "/" + base_url.split("://", 1)[1].partition("/")[2]


# Names reserved for examples (RFC 2606), and the owner the bundled site.yaml uses on GitHub.
EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")
EXAMPLE_SUFFIXES = (".example", ".test", ".invalid", ".localhost")


def is_placeholder(url: str) -> bool:
    """Return whether an address is an example that cannot be the real site or repository."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if host in EXAMPLE_HOSTS or host.endswith(tuple("." + name for name in EXAMPLE_HOSTS) + EXAMPLE_SUFFIXES):
        return True
    return host == "github.com" and parts.path.strip("/").split("/")[0].lower() == "example"


def calendar_url(slug: str) -> str:
    """Return the address of a listing's calendar file, beside its page."""
    return f"listings/{slug}/calendar.ics"
