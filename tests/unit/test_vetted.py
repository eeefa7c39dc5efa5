"""Every bundled listing's phones, text codes and keywords, hours and languages are held to the vetted facts.

The vetted facts are the team's vetted-listings.yaml: what public pages said about each service, with the
conflicts and dated facts in its caveats. It is kept outside the repository, and CI has only the repository, so
tests/fixtures/vetted-facts.yaml holds a word-for-word copy of the lines these fields come from, beside what each
listing may publish of them (`allows`). The first test holds the listings to `allows`; the second holds `allows`
to the copied lines, so neither a listing nor the fixture can drift from the vetted data unnoticed.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import sitegen
from sitegen.models import Listing

from ..conftest import BUNDLED

FACTS: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "vetted-facts.yaml").read_text(encoding="utf-8"))
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
DAY_NAMES = dict(zip(["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                     ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))


@pytest.fixture(scope="module")
def listings() -> list[Listing]:
    directory, _ = sitegen.check(sitegen.Config(content_dir=BUNDLED, today=dt.date.today()))
    return directory.listings


def digits(number: str) -> str:
    """Return a phone number's digits without the US country code: 1-800-273-8255 and +1 800 273 8255 are one."""
    found = re.sub(r"\D", "", number)
    return found[1:] if len(found) == 11 and found.startswith("1") else found


def phone_key(number: str, kind: str, keyword: str | None) -> tuple[str, str, str | None]:
    return digits(number), kind, keyword.casefold() if keyword else None


def schedule_of(listing: Listing) -> list[dict[str, Any]]:
    """Return a listing's schedules as the fixture writes them: open_24_7, or days and times in a time zone."""
    found = []
    for s in listing.schedules:
        item: dict[str, Any] = {"open_24_7": True} if s.open_24_7 else {
            "days": list(s.days), "opens": s.opens, "closes": s.closes, "time_zone": listing.time_zone}
        item.update({name: value for name, value in (("weeks", list(s.weeks)), ("valid_from", s.valid_from),
                                                     ("valid_to", s.valid_to)) if value})
        found.append(item)
    return found


def test_every_listing_has_its_vetted_facts():
    files = sorted(path.stem for path in (BUNDLED / "listings").glob("*.yaml"))
    assert sorted(FACTS) == files, "copy each new listing's vetted lines into tests/fixtures/vetted-facts.yaml"


def test_every_listing_publishes_only_what_the_vetted_facts_allow(listings):
    drift = []
    for listing in listings:
        allows = FACTS[listing.slug]["allows"]
        allowed = {phone_key(p["number"], p["type"], p.get("keyword")) for p in allows["phones"]}
        drift += [f"{listing.slug}: phone {p.number} ({p.type}{f', keyword {p.keyword}' if p.keyword else ''}) is "
                  "not in the vetted facts" for p in listing.phones
                  if phone_key(p.number, p.type, p.keyword) not in allowed]
        if listing.schedules and schedule_of(listing) != allows["schedules"]:
            drift.append(f"{listing.slug}: hours {schedule_of(listing)} are not the vetted {allows['schedules']}")
        if listing.schedules and allows.get("hours_unconfirmed") and not listing.hours_unconfirmed:
            drift.append(f"{listing.slug}: the sources disagree about its hours, so it needs hours_unconfirmed: true")
        drift += [f"{listing.slug}: language {language} is not in the vetted facts"
                  for language in listing.languages if language not in allows["languages"]]
    assert drift == [], "\n".join(drift)


@pytest.mark.parametrize("slug", sorted(FACTS))
def test_what_the_fixture_allows_is_in_the_vetted_lines_beside_it(slug):
    vetted, allows = FACTS[slug]["vetted"], FACTS[slug]["allows"]
    assert set(allows) <= {"phones", "schedules", "languages", "hours_unconfirmed", "left_out"}
    phones = vetted.get("phones", [])
    words = " ".join([*(f"{p['number']} {p['use']}" for p in phones), *vetted.get("text_codes", [])])
    numbers = {digits(n) for n in re.findall(r"\d[\d-]*\d|\d", " ".join(
        [*(p["number"] for p in phones), *vetted.get("text_codes", [])]))}
    for phone in allows["phones"]:
        assert digits(phone["number"]) in numbers, f"{phone['number']} is not among {sorted(numbers)}"
        kind = {"voice": "", "text": "text", "tty": "tty", "videophone": "videophone"}[phone["type"]]
        assert kind.casefold() in words.casefold(), f"no vetted line says {phone['number']} takes {kind}"
        if phone.get("keyword"):
            assert re.search(rf"\b{re.escape(phone['keyword'])}\b", words, re.IGNORECASE), phone
    hours = vetted.get("hours", "")
    for schedule in allows["schedules"]:
        if schedule.get("open_24_7"):
            assert hours.startswith("24/7"), hours
            continue
        days = ["Monday-Friday"] if schedule["days"] == WEEKDAYS else [DAY_NAMES[d] for d in schedule["days"]]
        for said in [*days, *(twelve_hour(schedule[time]) for time in ("opens", "closes"))]:
            assert said in hours, f"{said!r} is not in the vetted hours {hours!r}"
    for language in allows["languages"]:
        assert any(line.startswith(language) for line in vetted.get("languages", [])), language


def twelve_hour(time: str) -> str:
    """Return a 24-hour time as the vetted file writes it: 22:00 is 10 p.m."""
    hours, minutes = map(int, time.split(":"))
    return f"{hours % 12 or 12}{f':{minutes:02d}' if minutes else ''} {'a.m.' if hours < 12 else 'p.m.'}"
