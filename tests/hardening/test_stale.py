"""Staleness is a safety issue: a listing nobody has checked for a long time is flagged everywhere it matters."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest

import sitegen

from .helpers import REPO, TODAY, build, build_env, config

STALE = "example-peer-warmline"  # verified 2024-01-15 in the sample; stale after 365 days


def set_stale_after(content, days: int) -> None:
    settings = content / "site.yaml"
    settings.write_text(re.sub(r"stale_after_days: \d+", f"stale_after_days: {days}",
                               settings.read_text(encoding="utf-8")), encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def stale_and_fresh(content, tmp_path):
    """Return the same site built twice: once with the listing stale, once with a longer stale_after_days."""
    build(content, tmp_path / "stale")
    set_stale_after(content, 3650)
    build(content, tmp_path / "fresh")
    return tmp_path / "stale", tmp_path / "fresh"


def test_stale_listing_page_shows_a_notice(stale_and_fresh):
    stale, fresh = (text_of((site / "listings" / STALE / "index.html").read_text(encoding="utf-8"))
                    for site in stale_and_fresh)
    assert stale.count("January 15, 2024") > fresh.count("January 15, 2024"), \
        "the stale page should say, beyond the usual 'last verified', that it has not been checked since then"
    other = [(site / "listings" / "example-crisis-line" / "index.html").read_text(encoding="utf-8")
             for site in stale_and_fresh]
    assert other[0] == other[1], "a listing verified recently must not get a notice"


def test_needs_checking_report_marks_the_stale_listing(stale_and_fresh):
    stale, fresh = ((site / "needs-checking" / "index.html").read_text(encoding="utf-8") for site in stale_and_fresh)
    assert "Example Peer Warmline" in stale
    assert stale != fresh, "the needs-checking report should mark stale listings"
    main = stale[stale.index("<main"):]
    places = {name: main.index(name) for name in ("Example Peer Warmline", "Example Tuesday Circle",
                                                  "Example Crisis Line", "Example Public Library")}
    assert min(places, key=places.get) == "Example Peer Warmline", f"the oldest listing should come first: {places}"


@pytest.mark.parametrize("age, stale", [(365, False), (366, True)])
def test_stale_means_more_than_stale_after_days(content, age, stale):
    listing = content / "listings" / f"{STALE}.yaml"
    verified = (TODAY - dt.timedelta(days=age)).isoformat()
    listing.write_text(listing.read_text(encoding="utf-8").replace("2024-01-15", verified), encoding="utf-8")
    directory, warnings = sitegen.check(config(content, content.parent / "site"))
    assert next(x for x in directory.listings if x.slug == STALE).stale is stale
    assert [str(w).split(": ", 1)[1] for w in warnings if w.field == "verified.date"] == (
        [f"warning: verified.date: not checked since {verified}, more than 365 days ago; "
         "check the details and update the date"] if stale else [])


def check_command(content, *flags):
    return subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--content", str(content), *flags],
                          env=build_env(), capture_output=True, text=True, timeout=120)


def test_check_warns_and_strict_check_fails(content):
    where = f"{content}/listings/{STALE}.yaml:23:18"
    relaxed = check_command(content)
    assert relaxed.returncode == 0, relaxed.stderr
    assert f"{where}: warning: verified.date: not checked since 2024-01-15" in relaxed.stderr
    strict = check_command(content, "--strict")
    assert strict.returncode == 1
    assert f"{where}: verified.date: not checked since 2024-01-15, more than 365 days ago" in strict.stderr


def test_strict_build_leaves_the_site_alone(content, tmp_path):
    with pytest.raises(sitegen.BuildFailed) as failure:
        build(content, tmp_path / "site", strict=True)
    assert any(p.field == "verified.date" and p.level == "error" for p in failure.value.problems)
    assert not (tmp_path / "site").exists()
