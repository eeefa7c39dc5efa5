"""Warnings: what an editor should look at, in the one-line format of errors; --strict makes them errors."""

from __future__ import annotations

import datetime as dt
import random

from rapidfuzz import fuzz

from sitegen.duplicates import warn_duplicates
from sitegen.models import Listing, Phone, Verified
from sitegen.validate import CLOCK_TIME
from sitegen.yamltext import Record

STALE = ("content/listings/example-peer-warmline.yaml:23:18: warning: verified.date: not checked since 2024-01-15, "
         "more than 365 days ago; check the details and update the date")


def listing(name: str, *lines: str, category: str = "warmline") -> str:
    """Return a small valid listing; lines add or override fields."""
    fields = {"name": name, "category": category, "summary": "A fictional service used by the tests.",
              "service_area": "[Example County, NC]", "verified": '{date: "2026-11-01", by: sources}',
              "source": "[https://example.org/source]", "url": f"https://example.org/{name.lower().replace(' ', '-')}"}
    fields.update(line.split(": ", 1) for line in lines)
    return "".join(f"{key}: {value}\n" for key, value in fields.items() if value != "-")


def warnings(problems_in, files: dict) -> list[str]:
    """Return the warnings other than the sample's own stale listing."""
    found = problems_in(files, warnings=True)
    assert not [p for p in found if ": warning: " not in p], found
    return [p for p in found if p != STALE]


def test_a_listing_not_verified_for_stale_after_days_is_flagged(problems_in, make_project):
    assert warnings(problems_in, {}) == []
    assert STALE in problems_in({}, warnings=True)
    site = (make_project() / "site.yaml").read_text().replace("stale_after_days: 365", "stale_after_days: 30")
    assert warnings(problems_in, {"site.yaml": site}) == [
        "content/listings/example-library.yaml:9:18: warning: verified.date: not checked since 2026-09-30, "
        "more than 30 days ago; check the details and update the date",
        STALE.replace("365", "30"),
        "content/listings/example-tuesday-circle.yaml:20:18: warning: verified.date: not checked since 2026-10-20, "
        "more than 30 days ago; check the details and update the date"]


def test_stale_after_days_defaults_to_365(problems_in, make_project):
    site = (make_project() / "site.yaml").read_text().replace("stale_after_days: 365\n", "")
    assert problems_in({"site.yaml": site}, warnings=True) == [STALE]


def test_the_same_phone_number_is_reported_on_the_later_file_naming_the_earlier(problems_in):
    # example-a-line.yaml sorts before example-crisis-line.yaml, so the crisis line gets the warning.
    files = {"listings/example-a-line.yaml": listing("Example Other Line", 'phones: [{number: "+1 828 555 0100"}]')}
    assert warnings(problems_in, files) == [
        "content/listings/example-crisis-line.yaml:17:13: warning: phones[2].number: may be the same service as "
        "'Example Other Line' in content/listings/example-a-line.yaml (the same phone number (828) 555-0100); "
        "if so, keep one listing"]


def test_short_codes_many_services_share_are_not_duplicates(problems_in):
    files = {"listings/example-z-line.yaml": listing("Example Other Line", 'phones: [{number: "988"}, {number: "211"}]')}
    assert warnings(problems_in, files) == []


def test_the_same_website_is_a_likely_duplicate_whatever_its_spelling(problems_in):
    files = {"listings/example-z-line.yaml": listing("Example Other Line", "url: http://WWW.example.org/crisis/",
                                                     category="crisis-line")}
    assert warnings(problems_in, files) == [
        "content/listings/example-z-line.yaml:7:6: warning: url: may be the same service as 'Example Crisis Line' in "
        "content/listings/example-crisis-line.yaml (the same website); if so, keep one listing"]


def test_programs_of_one_organisation_in_different_categories_may_share_a_website(problems_in):
    files = {"listings/example-z-line.yaml": listing("Example Other Line", "url: https://example.org/crisis")}
    assert warnings(problems_in, files) == []


def test_places_at_different_addresses_may_share_a_website(problems_in):
    files = {"listings/example-z-library.yaml": listing("Example Branch", "url: https://example.org/library?branch=main&lang=en",
                                                        "location: {street: 1 Example Way, city: Exampleville, state: NC}",
                                                        "service_area: -", category="library")}
    assert warnings(problems_in, files) == []


def test_a_different_page_of_the_same_website_is_not_a_duplicate(problems_in):
    files = {"listings/example-z-line.yaml": listing("Example Other Line", "url: https://example.org/crisis/other")}
    assert warnings(problems_in, files) == []


def test_very_similar_names_are_likely_duplicates(problems_in):
    files = {"listings/example-z-line.yaml": listing("Example Crisis Lines")}
    assert fuzz.ratio("example crisis line", "example crisis lines") >= 90
    assert warnings(problems_in, files) == [
        "content/listings/example-z-line.yaml:1:7: warning: name: may be the same service as 'Example Crisis Line' in "
        "content/listings/example-crisis-line.yaml (a very similar name); if so, keep one listing"]


def test_names_that_differ_by_a_whole_word_are_one_agencys_services_not_duplicates(problems_in):
    asheville, waynesville = "Example Peer Support Line of Asheville", "Example Peer Support Line of Waynesville"
    assert fuzz.ratio(asheville.lower(), waynesville.lower()) >= 90  # alike, letter by letter
    files = {"listings/example-psl-asheville.yaml": listing(asheville),
             "listings/example-psl-waynesville.yaml": listing(waynesville)}
    assert warnings(problems_in, files) == []


def test_a_slip_of_the_keyboard_in_a_word_is_still_a_likely_duplicate(problems_in):
    files = {"listings/example-psl-asheville.yaml": listing("Example Peer Support Line of Asheville"),
             "listings/example-psl-ashevile.yaml": listing("Example Peer Support Line of Ashevile")}
    assert warnings(problems_in, files) == [
        "content/listings/example-psl-asheville.yaml:1:7: warning: name: may be the same service as 'Example Peer "
        "Support Line of Ashevile' in content/listings/example-psl-ashevile.yaml (a very similar name); if so, keep "
        "one listing"]


def test_names_that_are_only_somewhat_alike_are_not_duplicates(problems_in):
    assert fuzz.ratio("example crisis line", "example warm line") < 90
    assert warnings(problems_in, {"listings/example-z-line.yaml": listing("Example Warm Line")}) == []


def test_every_reason_two_listings_look_alike_is_given_in_one_warning(problems_in):
    files = {"listings/example-z-line.yaml": listing("The Example Crisis Line", 'phones: [{number: "+1 828 555 0100"}]',
                                                     "url: https://example.org/crisis", category="crisis-line")}
    assert warnings(problems_in, files) == [
        "content/listings/example-z-line.yaml:8:19: warning: phones[0].number: may be the same service as "
        "'Example Crisis Line' in content/listings/example-crisis-line.yaml (the same phone number (828) 555-0100, "
        "the same website and a very similar name); if so, keep one listing"]


def test_the_same_name_and_phone_stays_an_error_without_a_second_warning(problems_in):
    files = {"listings/example-z-line.yaml": listing("Example Crisis Line", 'phones: [{number: "+1 828 555 0100", '
                                                     "type: tty}]")}
    found = problems_in(files, warnings=True)
    assert [p for p in found if "example-z-line" in p] == [
        "content/listings/example-z-line.yaml:1:7: name: 'Example Crisis Line' with phone (828) 555-0100 is already "
        "listed in content/listings/example-crisis-line.yaml; keep one"]


def test_an_unused_category_is_flagged_at_its_line_in_categories_yaml(problems_in, make_project):
    categories = (make_project() / "categories.yaml").read_text() + (
        "- slug: club\n  name: Club\n  plural: Clubs\n  description: Groups built around a shared interest.\n")
    assert warnings(problems_in, {"categories.yaml": categories}) == [
        "content/categories.yaml:20:9: warning: [4].slug: no listing uses the category 'club'; "
        "add a listing to it, or remove it from categories.yaml"]


def test_a_category_whose_only_listing_is_broken_is_not_called_unused(problems_in):
    found = problems_in({"listings/example-library.yaml": "name: [\n"}, warnings=True)
    assert not [p for p in found if "no listing uses" in p]


def test_a_guide_that_leads_to_no_listings_is_flagged(problems_in):
    guide = ('---\ntitle: A guide about nothing here\nsummary: A fictional guide for the tests.\n'
             'reviewed: "2026-11-01"\ntags: [nothing-here]\n---\nSome text.\n')
    assert warnings(problems_in, {"guides/a-guide.md": guide}) == [
        "content/guides/a-guide.md:2:1: warning: this guide leads to no listings; check its categories and tags"]


def test_strict_turns_every_warning_into_an_error(problems_in):
    files = {"listings/example-z-line.yaml": listing("Example Crisis Lines")}
    strict = problems_in(files, strict=True)
    assert sorted(strict) == sorted(p.replace(": warning: ", ": ") for p in problems_in(files, warnings=True))
    assert len(strict) == 2


def test_near_copies_are_found_without_comparing_every_pair():
    """Only names that sort near each other are compared; that must still find the near copies editors make."""
    rng = random.Random(5)
    words = ("example peer line county support group center help crisis north warm south river valley mountain "
             "family youth senior veterans recovery library club hiking garden friends community resource network "
             "alliance services outreach hope path bridge harbor circle").split()
    names = []
    for _ in range(300):
        name = " ".join(rng.choices(words, k=rng.randint(2, 5)))
        if names and rng.random() < 0.3:  # a near copy of an earlier name, with a few letters changed
            name = list(rng.choice(names))
            for _ in range(rng.randint(0, 3)):
                name[rng.randrange(len(name))] = rng.choice("abcdefghij ")
            name = "".join(name)
        names.append(name)
    listings = [Listing(slug=f"x{i}", path=f"listings/x{i:03}.yaml", name=name, category=None, summary="",
                        verified=Verified(dt.date(2026, 11, 1), "sources"), source=(), time_zone="America/New_York",
                        record=Record(f"content/listings/x{i:03}.yaml")) for i, name in enumerate(names)]
    found = {p.where.path for p in warn_duplicates(listings)}
    expected = {b.record.path for i, b in enumerate(listings) for a in listings[:i]
                if fuzz.ratio(a.name.casefold(), b.name.casefold()) >= 90}
    assert len(expected) > 20  # the test data does have near copies
    assert found == expected


def test_phones_that_differ_only_in_extension_are_different_lines():
    def phone(href: str) -> Phone:  # from the link it makes
        kind, _, dial = href.partition(":")
        dial, _, extension = dial.partition(",")
        return Phone("", "voice" if kind == "tel" else "text", "", dial, extension=extension or None)

    a = Listing(slug="a", path="listings/a.yaml", name="Example Front Desk", category=None, summary="",
                verified=Verified(dt.date(2026, 11, 1), "sources"), source=(), time_zone="America/New_York",
                record=Record("listings/a.yaml"), phones=(phone("tel:+18285550100,1"),))
    b = Listing(slug="b", path="listings/b.yaml", name="Example Family Program", category=None, summary="",
                verified=Verified(dt.date(2026, 11, 1), "sources"), source=(), time_zone="America/New_York",
                record=Record("listings/b.yaml"), phones=(phone("tel:+18285550100,2"),))
    assert warn_duplicates([a, b]) == []
    b.phones = (phone("sms:+18285550100"),)  # texting the front desk's number is the same line
    assert [p.field for p in warn_duplicates([a, b])] == []
    a.phones = (phone("tel:+18285550100"),)
    assert [p.field for p in warn_duplicates([a, b])] == ["phones[0].number"]


def test_a_time_of_day_is_found_in_any_of_the_ways_people_write_one_and_nothing_else_is():
    found = {text: (m.group() if (m := CLOCK_TIME.search(text)) else None) for text in (
        "Open 10 a.m. to 6pm.", "Drop in from 9:30 AM.", "Calls after 18:30 go to voicemail.", "Until 24:00",
        "Open 24/7 since 2024.", "Room 101, 7 days a week.", "Ask for extension 12.", "pm or am", "Suite 3am-b")}
    assert found == {"Open 10 a.m. to 6pm.": "10 a.m.", "Drop in from 9:30 AM.": "9:30 AM",
                     "Calls after 18:30 go to voicemail.": "18:30", "Until 24:00": "24:00",
                     "Open 24/7 since 2024.": None, "Room 101, 7 days a week.": None, "Ask for extension 12.": None,
                     "pm or am": None, "Suite 3am-b": "3am"}


def test_times_written_in_a_description_are_warned_about_where_they_are(problems_in):
    description = "description: |\n  You can talk with a peer.\n\n  The line is open 10 a.m. to 10 p.m. on weekdays.\n"
    text = listing("Example Line") + description
    assert warnings(problems_in, {"listings/example-line.yaml": text}) == [
        "content/listings/example-line.yaml:11:20: warning: description: gives a time (10 a.m.); the hours belong "
        "in schedules, which the site shows in one place and keeps up to date: take the time out of the text"]
