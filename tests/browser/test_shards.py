"""A national directory built in shards: each region its own build and search index, merged in the browser.

Two shards of the bundled content, /west/ and /east/, are built as a CI matrix would build them (the same
--shard list given to each) and served from one host. One search on either shard's search page finds the
listings of both, and a result from the other shard links to its page there (README, "A national directory").
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

import sitegen

from ..conftest import once, run_folder
from .test_search import RESULT_LINKS, STATUS, result_names, search_for

pytestmark = pytest.mark.browser

SHARDS = ("/west/", "/east/")


@dataclass
class Shard:
    url: str  # where it is served, ending in /
    directory: object  # sitegen.models.Directory
    alone: set[str]  # the slugs of the listings in this shard only


@pytest.fixture(scope="session")
def shards(server_root, bundled_content, tmp_path_factory) -> dict[str, Shard]:
    """Build the bundled content as two shards: the listings that other files link to (the crisis line, those
    the guides name) in both, as a national line would be in every region; the others, in turn, in one each."""
    root, port = server_root
    texts = "\n".join(path.read_text(encoding="utf-8") for path in bundled_content.rglob("*") if path.is_file())
    linked = set(re.findall(r"/listings/([a-z0-9-]+)/", texts)) | set(re.findall(r"\blisting: ([a-z0-9-]+)", texts))
    alone = sorted(path.stem for path in (bundled_content / "listings").glob("*.yaml") if path.stem not in linked)
    assert len(alone) >= 4, "the bundled content has too few listings that no other file links to"
    built = {}
    for n, shard in enumerate(SHARDS):
        content = once(run_folder(tmp_path_factory) / f"shard-{n}", lambda folder: shard_content(
            bundled_content, folder, alone[1 - n::2]))  # without the other shard's listings
        url = f"http://127.0.0.1:{port}{shard}"
        config = sitegen.Config(content_dir=content, site_dir=root / shard.strip("/"), base_url=url,
                                today=dt.date.today(), shards=SHARDS)  # the site's own path is left out
        once(config.site_dir, lambda _: sitegen.build(config))  # once per test run, as the other shared sites
        directory, _ = sitegen.check(config)
        built[shard] = Shard(url, directory, set(alone[n::2]))
    return built


def shard_content(bundled_content: Path, content: Path, others: list[str]) -> None:
    shutil.copytree(bundled_content, content)
    for slug in others:
        (content / "listings" / f"{slug}.yaml").unlink()


def test_one_search_finds_the_listings_of_both_shards(shards, page):
    west, east = shards["/west/"], shards["/east/"]
    # A kind of help with listings in each shard alone: the search for it finds those of both.
    kind = next(c for c in west.directory.categories if {x.slug for x in c.listings} & west.alone
                and any(x.category.slug == c.slug and x.slug in east.alone for x in east.directory.listings))
    listings = [x for shard in (west, east) for x in shard.directory.listings if x.category.slug == kind.slug]
    page.goto(west.url + "search/#category=" + kind.plural.replace(" ", "+"))
    expect(page.locator(STATUS)).to_contain_text(f"{len(listings)} results")
    while page.locator("[data-more]").is_visible():
        shown = page.locator(RESULT_LINKS).count()
        page.locator("[data-more]").click()
        expect(page.locator(RESULT_LINKS)).not_to_have_count(shown)  # before asking whether there are more
    found = result_names(page)
    assert sorted(found) == sorted(x.name for x in listings), "each shard's listings of that kind, each once per shard"
    # A result of the other shard opens its page there.
    listing = next(x for x in east.directory.listings if x.slug in east.alone and x.category.slug == kind.slug)
    link = page.locator(RESULT_LINKS, has_text=listing.name).first
    assert link.get_attribute("href") == f"/east/listings/{listing.slug}/"
    link.click()
    expect(page.locator("h1")).to_have_text(listing.name)
    assert page.url == f"{east.url}listings/{listing.slug}/"


def test_the_spanish_search_merges_the_other_shards_spanish_index(shards, page):
    west, east = shards["/west/"], shards["/east/"]
    listing = next(x for x in west.directory.listings if x.slug in west.alone)
    page.goto(east.url + "es/search/")
    expect(page.locator("[data-search]")).to_have_attribute("data-bundles", re.compile(r"(^| )/west/es/pagefind/"))
    search_for(page, listing.name)
    assert listing.name in result_names(page), f"the Spanish search of /east/ did not find {listing.name} of /west/"
    link = page.locator(RESULT_LINKS, has_text=listing.name).first
    assert link.get_attribute("href") == f"/west/es/listings/{listing.slug}/"
