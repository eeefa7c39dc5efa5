"""Where listings are: the editor's coordinates, or a ZIP code's or town's centre from the bundled ZIP table."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import sitegen
from sitegen import display, enrich, geo
from sitegen.models import Location

from ..conftest import PROJECT
from .test_load import VALID

PLACE = VALID.replace("service_area: [United States]", "location:\n  street: 100 Example Street\n  city: Asheville\n"
                      "  state: NC\n")


def located(make_project, text: str) -> Location | None:
    content = make_project({"listings/test-place.yaml": text})
    directory = enrich.enriched(sitegen.check(sitegen.Config(content_dir=content))[0])  # as plan() places them
    return next(x for x in directory.listings if x.slug == "test-place").location


def test_the_editors_coordinates_are_kept_exactly(make_project):
    place = located(make_project, PLACE.replace("  state: NC\n", '  state: NC\n  postal_code: "28801"\n'
                                                "  latitude: 35.6\n  longitude: -82.55\n"))
    assert (place.latitude, place.longitude, place.approximate) == (35.6, -82.55, False)


def test_without_coordinates_a_listing_takes_its_zip_codes_centre_marked_approximate(make_project):
    place = located(make_project, PLACE.replace("  state: NC\n", '  state: NC\n  postal_code: "28801-1234"\n'))
    assert (place.latitude, place.longitude, place.approximate) == (35.5971, -82.5565, True)


def test_without_a_zip_code_a_listing_takes_its_towns_centre(make_project):
    place = located(make_project, PLACE)
    assert place.approximate and 35.5 < place.latitude < 35.7 and -82.7 < place.longitude < -82.4
    assert place == located(make_project, PLACE.replace("city: Asheville", "city: ASHEVILLE").replace(
        "ASHEVILLE", "Asheville")), "the town's name is matched in any case"
    assert geo.town_centre("asheville", "NC") == geo.town_centre("Asheville", "NC")


def test_a_place_the_table_does_not_know_has_no_coordinates(make_project):
    place = located(make_project, PLACE.replace("city: Asheville", "city: Exampleville"))
    assert (place.latitude, place.longitude, place.approximate) == (None, None, False)
    assert geo.zip_centre("00000") is None and geo.zip_centre("2880") is None


def test_latitude_and_longitude_come_together(problems_in):
    text = PLACE.replace("  state: NC\n", "  state: NC\n  latitude: 35.6\n")
    assert problems_in({"listings/test-place.yaml": text}) == [
        "content/listings/test-place.yaml:7:3: location: expected latitude and longitude together, found no longitude"]


def test_coordinates_out_of_range_are_explained(problems_in):
    text = PLACE.replace("  state: NC\n", "  state: NC\n  latitude: 95\n  longitude: -82.55\n")
    assert problems_in({"listings/test-place.yaml": text}) == [
        "content/listings/test-place.yaml:10:13: location.latitude: expected a latitude between -90 and 90, found 95 "
        "(a number)"]


def test_the_site_serves_the_zip_tables_of_the_areas_near_its_listings():
    tables = geo.zip_tables(((35.5971, -82.5565),))  # Asheville
    assert {"287", "288", "296", "377"} <= set(tables), "the areas within 60 miles, in SC and TN too"
    assert "270" not in tables and "100" not in tables, "not Winston-Salem, nor New York"
    asheville = json.loads(tables["288"])
    assert asheville["28801"] == [35.597, -82.556]  # 35.5971, -82.5565 to three places
    assert all(code.startswith("288") for code in asheville)
    assert geo.zip_tables(()) == {}


@pytest.mark.slow  # checks 10,000 listings in a subprocess
def test_checking_10000_listings_reads_the_zip_code_table_once(tmp_path):
    """Reading the table takes about 0.4 s (seconds on a busy machine), so it happens once per process (in a child
    of its own, whose memory goes when it ends); each ZIP code is then a look-up in a dict. zipcodes.matching
    scans all 42,000 codes each time: 2.5 ms a listing."""
    code = textwrap.dedent("""
        import zipcodes
        from sitegen import geo
        from sitegen.models import Location
        scans = 0
        def matching(*args, _real=zipcodes.matching, **kwargs):
            global scans
            scans += 1
            return _real(*args, **kwargs)
        zipcodes.matching = matching
        for n in range(10_000):
            geo.located(Location("Asheville", "NC", postal_code=f"{28000 + n % 1000:05}"), "US")
        print(geo.zip_centres.cache_info().misses, scans)
    """)
    loads, scans = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True,
                                  check=True).stdout.split()
    assert (int(loads), int(scans)) == (1, 0)


def test_the_zip_code_table_leaves_this_process_no_larger():
    """The package's 42,000 dicts are made in a child process: read here, their memory stayed with the build."""
    code = textwrap.dedent("""
        import os
        from sitegen import geo
        def resident():
            return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        before = resident()
        geo.zip_centres()
        print((resident() - before) // 2**20)
    """)
    grown = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True,
                           check=True).stdout
    assert int(grown) < 40, f"{grown} MiB"


def test_pages_carry_a_place_for_sorting_and_say_when_it_is_only_a_zip_codes_centre():
    from .test_render import make_listing

    exact = make_listing(location=Location("Asheville", "NC", latitude=35.6, longitude=-82.55))
    approx = make_listing(location=geo.located(Location("Asheville", "NC", postal_code="28801"), "US"))
    town = make_listing(location=geo.located(Location("Asheville", "NC"), "US"))
    assert display.place(exact) == {"lat": "35.6", "lon": "-82.55"}
    assert display.place(approx) == {"lat": "35.5971", "lon": "-82.5565", "approx": "ZIP code 28801"}
    assert display.place(town)["approx"] == "Asheville"
    assert display.place(make_listing(service_area=("Online",))) == {}
    site = type("Site", (), {"base_url": "https://example.org/"})
    assert '"latitude": 35.6' in display.json_ld(exact, site), "search engines get the editor's point"
    assert "latitude" not in display.json_ld(approx, site), "never a ZIP code's centre as the place"


def test_a_site_outside_the_us_gets_no_guessed_coordinates():
    place = Location("Asheville", "NC", postal_code="28801")
    assert geo.located(place, "CA") == place
