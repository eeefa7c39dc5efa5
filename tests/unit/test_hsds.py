"""Open Referral HSDS 3.0: every build's export validates against the official schemas; import reads the
official examples and our own export, and the round trip keeps the services."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import sitegen
from sitegen import enrich, hsds, hsds_import, render
from sitegen.models import Schedule

from ..conftest import PROJECT, SAMPLE, TODAY

OFFICIAL = PROJECT / "tests" / "fixtures" / "hsds"  # the specification's own files, CC BY-SA 4.0 (see README.md)
SOURCE = "https://example.org/hsds/services.json"


@functools.cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """Return a validator for one official schema, its references resolved from the folder (no network), with
    formats (uuid, email) checked."""
    registry: Registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                           default_specification=DRAFT202012))
        for path in (OFFICIAL / "schema").glob("*.json"))
    return jsonschema.Draft202012Validator(registry.contents(f"{name}.json"), registry=registry,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(name: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data)]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args], capture_output=True, text=True,
                          timeout=120)


def empty_content(source: Path, folder: Path) -> Path:
    """Return a content folder with source's settings and categories and no listings, guides or pages."""
    folder.mkdir(parents=True)
    for name in ("categories.yaml", "search.yaml"):
        shutil.copy(source / name, folder / name)
    site = (source / "site.yaml").read_text(encoding="utf-8")
    (folder / "site.yaml").write_text(re.sub(r"\n  listing: .*", "", site), encoding="utf-8")  # no listings yet
    (folder / "listings").mkdir()
    return folder


def exported(content: Path) -> dict[str, dict[str, Any]]:
    """Return the HSDS files of a content folder's directory by path, as a build writes them."""
    directory, _ = sitegen.check(sitegen.Config(content_dir=content))
    return hsds.export(enrich.enriched(directory))


def full_services(files: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [data for path, data in sorted(files.items()) if path.startswith("hsds/services/")]


def kept(service: dict[str, Any]) -> dict[str, Any]:
    """Return what the round trip must keep of a service: everything (ids too: the file names come back from
    x_slug) but how it was checked and from which pages, as imported listings are read from the export."""
    return {key: value for key, value in service.items()
            if key not in ("assured_date", "x_details_by", "x_details_note", "x_sources")}


@pytest.mark.slow  # validates every exported file against the official schemas
@pytest.mark.parametrize("which", ["sample", "bundled"])
def test_every_exported_file_validates_against_the_official_schemas(which, request):
    site = request.getfixturevalue(f"built_{which}")  # built once per test run (tests/conftest.py)
    content = request.getfixturevalue("bundled_content") if which == "bundled" else SAMPLE
    files = {path.relative_to(site).as_posix(): json.loads(path.read_text(encoding="utf-8"))
             for path in (site / "hsds").rglob("*.json")}
    listings = len(list((content / "listings").glob("*.yaml")))
    found = []
    for path, data in sorted(files.items()):
        kind = "service" if path.startswith("hsds/services") else "organization"
        items = data.get("contents", [data])
        if "contents" in data:
            assert data["total_items"] == len(list((site / "hsds" / f"{kind}s").glob("*.json"))), path
        found += [f"{path}: {e}" for item in items for e in errors(kind, item)]
    assert found == []
    services = [path for path in files if re.fullmatch(r"hsds/services/[0-9a-f-]{36}\.json", path)]
    assert 0 < len(services) <= listings  # inactive listings are not published
    assert len(services) == len([p for p in files if p.startswith("hsds/organizations/")])


def test_the_schemas_check_uuid_formats_so_a_bad_id_fails():
    service = json.loads((OFFICIAL / "examples" / "service_full.json").read_text(encoding="utf-8"))
    assert errors("service", service) == []
    service["phones"][0]["id"] = "phone-1"
    assert errors("service", service) == ["phones/0/id: 'phone-1' is not a 'uuid'"]


def test_ids_are_uuids_made_from_the_slug_and_never_change(make_project):
    content = make_project()
    files = exported(content)
    slugs = sorted(path.stem for path in (content / "listings").glob("*.yaml"))
    ids = {data["id"] for data in full_services(files)}
    assert ids <= {hsds.service_id(slug) for slug in slugs}
    assert all(uuid.UUID(i).version == 5 for i in ids)
    # Pinned: a consumer diffs exports by these ids, so the namespace and the rule must never change.
    assert hsds.service_id("example-warmline") == str(uuid.uuid5(hsds.NAMESPACE, "service/example-warmline"))
    assert str(hsds.NAMESPACE) == "5a0f3e1c-7f4b-5b8e-9c3d-2e6a1b9d4c70"
    assert exported(content) == files  # the same content, the same export


def test_schedules_use_icalendar_words_and_the_standard_time_offset_all_year():
    summer = dt.date(2026, 7, 1)
    assert hsds.schedule_to_hsds(Schedule(open_24_7=True), "America/New_York", summer) == {
        "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "24:00",
        "timezone": -5, "x_timezone_name": "America/New_York"}
    assert hsds.schedule_to_hsds(Schedule(days=("mon", "wed"), opens="09:00", closes="17:00", description="Not on "
                                          "holidays"), "America/Denver", summer) == {
        "freq": "WEEKLY", "byday": "MO,WE", "opens_at": "09:00", "closes_at": "17:00", "timezone": -7,
        "description": "Not on holidays", "x_timezone_name": "America/Denver"}
    monthly = hsds.schedule_to_hsds(Schedule(days=("tue",), weeks=(1, -1), opens="18:00", closes="19:30"),
                                    "Asia/Kolkata", summer)
    assert (monthly["freq"], monthly["byday"], monthly["timezone"]) == ("MONTHLY", "1TU,-1TU", 5.5)


def test_schedules_read_back_and_what_does_not_fit_is_named():
    assert hsds.schedule_from_hsds({"freq": "MONTHLY", "byday": "1TU,-1TU", "opens_at": "18:00:00",
                                    "closes_at": "19:30", "x_timezone_name": "America/New_York"}) == (
        {"days": ["tue"], "weeks": [1, -1], "opens": "18:00", "closes": "19:30"}, [])
    assert hsds.schedule_from_hsds({"byday": "SU,MO,TU,WE,TH,FR,SA", "opens_at": "00:00", "closes_at": "23:59",
                                    "valid_to": "2027-01-01"}) == ({"open_24_7": True, "valid_to": "2027-01-01"}, [])
    assert hsds.schedule_from_hsds({"freq": "MONTHLY", "byday": "1MO,3WE", "opens_at": "09:00",
                                    "closes_at": "10:00"}) == (None, ["byday"])
    assert hsds.schedule_from_hsds({"freq": "DAILY", "opens_at": "09:00"}) == (None, ["freq", "byday", "closes_at"])


def test_lists_are_paged_as_the_hsds_api_pages_them(make_project, monkeypatch):
    monkeypatch.setattr(hsds, "PER_PAGE", 2)
    files = exported(make_project())
    pages = sorted(((path, data) for path, data in files.items() if re.fullmatch(r"hsds/services(-\d+)?\.json", path)),
                   key=lambda page: page[1]["page_number"])
    total = len(full_services(files))
    assert [path for path, _ in pages] == ["hsds/services.json"] + [
        f"hsds/services-{n}.json" for n in range(2, len(pages) + 1)]
    first, last = pages[0][1], pages[-1][1]
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"], first["first_page"],
            first["last_page"]) == (total, -(-total // 2), 1, 2, True, False)
    assert last["last_page"] and sum(data["size"] for _, data in pages) == total
    assert all(not isinstance(v, (list, dict)) for item in first["contents"] for v in item.values())


def test_json_is_written_so_no_text_in_it_can_end_a_script_element():
    data = {"name": "</script><script>alert(1)</script> & more"}
    written = render.json_file("hsds/x.json", data).data
    assert b"<" not in written and b">" not in written and b"&" not in written
    assert json.loads(written) == data


@pytest.mark.slow  # builds a site of its own
def test_the_hsds_page_says_what_is_there_and_the_license(make_project, tmp_path):
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=make_project(), site_dir=site))
    page = (site / "hsds" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license noopener noreferrer">CC BY 4.0</a>' in page
    assert 'href="../hsds/services.json"' in page and "x_timezone_name" in page
    assert "\n/hsds/*\n  Access-Control-Allow-Origin: *" in (site / "_headers").read_text(encoding="utf-8")


@pytest.mark.slow  # builds a site of its own
def test_without_a_license_the_page_says_to_ask(make_project, tmp_path):
    content = make_project()
    site_yaml = content / "site.yaml"
    site_yaml.write_text(re.sub(r"license:\n(  .*\n)+", "", site_yaml.read_text(encoding="utf-8")), encoding="utf-8")
    sitegen.build(sitegen.Config(content_dir=content, site_dir=tmp_path / "site"))
    page = (tmp_path / "site" / "hsds" / "index.html").read_text(encoding="utf-8")
    assert "No license has been chosen for this data yet" in page


@pytest.mark.slow  # imports the bundled directory in a subprocess
def test_round_trip_of_the_bundled_directory_keeps_every_service(bundled, tmp_path):
    before = full_services(exported(bundled))
    source = tmp_path / "export.json"
    source.write_text(json.dumps(before), encoding="utf-8")
    content = empty_content(bundled, tmp_path / "content")
    result = run("import-hsds", str(source), "--content", str(content), "--source", SOURCE)
    assert result.returncode == 0, result.stderr
    assert len(list((content / "listings").glob("*.yaml"))) == len(before)
    after = full_services(exported(content))
    assert list(map(kept, after)) == list(map(kept, before))


def import_official(source: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, Path]:
    content = empty_content(PROJECT / "tests" / "golden" / "sample" / "content", tmp_path / "content")
    return run("import-hsds", str(source), "--content", str(content), "--category", "support-group",
               "--source", SOURCE), content


# What the official example, which is not from the United States, has that a listing cannot take: left out, and
# kept in a comment at the end of the listing for an editor to correct and put back.
OFFICIAL_LEFT_OUT = [
    "location.state: expected a two-letter state code like NC, found 'MyState'",
    "location.postal_code: expected a ZIP code like \"28801\" (in quotes), found 'ABC 1234'",
    "location.latitude: expected a latitude between -90 and 90, found 100 (a number)",
    "service_area[0]: expected at most 80 characters, found 177",
]
# What is left for an editor to do: say where the service is available, here by putting the address back.
EDITOR_FIXES = {"# location:": "location:", "#   street:": "  street:", "#   city:": "  city:",
                "#   state: MyState": "  state: NC", "#   postal_code: ABC 1234": "  postal_code: '28801'",
                "#   latitude: 100": "  latitude: 35.6", "#   longitude: 101": "  longitude: 101"}


@pytest.mark.slow  # imports and builds in subprocesses
@pytest.mark.parametrize("source", ["service_full.json", "csv"])
def test_the_official_examples_import_report_what_has_no_place_and_build(source, tmp_path):
    result, content = import_official(OFFICIAL / "examples" / source, tmp_path)
    label = f"{source}: Community Counselling"
    lines = result.stderr.splitlines()
    assert f"{label}: schedules[0].valid_from: no place in a listing" not in lines  # schedules hold it now
    for expected in ("interpretation_services: no place in a listing",
                     "cost_options[0].currency: no place in a listing",
                     "organization: a listing does not name the organization ('Example Organization Inc.')"):
        assert f"{label}: {expected}" in lines
    assert any(line.startswith(f"Imported 1 of 1 services from {source} ") for line in lines)
    [path] = (content / "listings").glob("*.yaml")
    assert path.name == "community-counselling.yaml"
    assert [line.removeprefix(f"{label}: ") for line in lines if line.endswith(
        "; left out, in a comment at the end of the listing")] == [
        f"{why}; left out, in a comment at the end of the listing" for why in OFFICIAL_LEFT_OUT]
    assert any(line.startswith("Imported 1 of 1 services") and line.endswith(
        "Left out, as a listing cannot take them as they are: location (1), service_area[] (1).") for line in lines)
    # Then check: the one thing a listing needs that no value of the example gives is where it is available.
    assert [line.split(": ", 1)[1] for line in lines if line.startswith(str(path))] == [
        "expected a location (a place people can visit) or a service_area (where a line or online service is "
        "available), found neither"]
    assert result.returncode == 1
    text = path.read_text(encoding="utf-8")
    assert "# Imported from HSDS data (" in text and "verified:\n  date: '2005-01-01'\n  by: sources\n" in text
    assert f"source:\n- {SOURCE}\n" in text
    assert "\n".join(f"# ({why})" for why in OFFICIAL_LEFT_OUT[:3]) + "\n# location:\n#   street: 1-30 Main Street" in text
    assert f"# ({OFFICIAL_LEFT_OUT[3]})\n# service_area:\n# - The service is available to all residents" in text
    for wrong, right in EDITOR_FIXES.items():
        assert wrong in text
        text = text.replace(wrong, right)
    path.write_text(text, encoding="utf-8")
    assert run("build", "--content", str(content), "--out", str(tmp_path / "site")).returncode == 0
    [service] = full_services(exported(content))
    official = json.loads((OFFICIAL / "examples" / "service_full.json").read_text(encoding="utf-8"))
    assert service["name"] == official["name"]
    assert [(p["number"], p["extension"], p["type"]) for p in service["phones"]] == [("+44 1234 234567", 100, "voice")]
    assert [{k: s[k] for k in ("freq", "byday", "opens_at", "closes_at")} for s in service["schedules"]] == [
        {"freq": "WEEKLY", "byday": "TH,FR", "opens_at": "10:00", "closes_at": "18:00"}]
    [address] = service["service_at_locations"][0]["location"]["addresses"]
    assert (address["address_1"], address["city"]) == ("1-30 Main Street, MyVillage", "MyCity")


def test_a_slip_leaves_out_the_least_it_can():
    fields = {"name": "Example Group", "category": "support-group", "summary": "Peers meet weekly.",
              "verified": {"date": "2026-11-01", "by": "sources"},
              "location": {"street": "100 Example Street", "city": "Asheville", "state": "NC", "postal_code": "2880",
                           "latitude": 135.6, "longitude": -82.5},
              "service_area": ["Buncombe County", "x" * 81, "Madison County"], "url": "example.org"}
    kept, left = hsds_import.valid_only(fields, PROJECT / "schema")
    # The address without its ZIP code and its point (the centre of its town is shown instead), not without it.
    assert kept["location"] == {"street": "100 Example Street", "city": "Asheville", "state": "NC"}
    assert kept["service_area"] == ["Buncombe County", "Madison County"]
    assert "url" not in kept
    assert [(where, value) for where, value, _ in left] == [
        (("location", "latitude"), 135.6), (("location", "longitude"), -82.5), (("location", "postal_code"), "2880"),
        (("service_area", 1), "x" * 81), (("url",), "example.org")]
    assert [len(whys) for _, _, whys in left] == [1, 0, 1, 1, 1]  # the longitude only goes with the latitude
    both = {**fields, "location": {"city": "Asheville", "state": "NC", "latitude": 135.6, "longitude": -282.5}}
    assert [(where, len(whys)) for where, _, whys in hsds_import.valid_only(both, PROJECT / "schema")[1]
            if where[0] == "location"] == [(("location", "latitude"), 1), (("location", "longitude"), 1)]
    # What every listing needs stays, for check to point at; so does an imported listing with nothing wrong.
    assert hsds_import.valid_only({**fields, "summary": "x" * 500, "location": kept["location"],
                                   "service_area": kept["service_area"], "url": "https://example.org/"}, PROJECT / "schema")[1] == []


def test_the_csv_package_imports_as_its_json_does(tmp_path):
    json_result, json_content = import_official(OFFICIAL / "examples" / "service_full.json", tmp_path / "json")
    csv_result, csv_content = import_official(OFFICIAL / "examples" / "csv", tmp_path / "csv")
    [from_json], [from_csv] = (list((c / "listings").glob("*.yaml")) for c in (json_content, csv_content))
    differs = [(a, b) for a, b in zip(from_json.read_text().splitlines(), from_csv.read_text().splitlines()) if a != b]
    assert differs == [("# Imported from HSDS data (service_full.json, service ac148810-d857-441c-9679-408f346de14b)"
                        f" on {TODAY}:",
                        "# Imported from HSDS data (csv, service ac148810-d857-441c-9679-408f346de14b)"
                        f" on {TODAY}:")]


def test_an_existing_listing_is_never_overwritten(tmp_path):
    first, content = import_official(OFFICIAL / "examples" / "service_full.json", tmp_path)
    path = content / "listings" / "community-counselling.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    again = run("import-hsds", str(OFFICIAL / "examples" / "service_full.json"), "--content", str(content))
    assert f"service_full.json: Community Counselling: kept {path} as it is: a listing of that name exists" \
        in again.stderr.splitlines()
    assert path.read_text(encoding="utf-8").endswith("# edited\n")
    assert len(list((content / "listings").glob("*.yaml"))) == 1


@pytest.mark.parametrize(("text", "message"), [
    ('{"name": "Example", ', "{source}:1:21: not JSON: Expecting property name enclosed in double quotes"),
    ("42", "{source}: expected an HSDS service, a list of services or a page of them, found 42 (a number)"),
    ('[{"name": "Example"}, "Example"]', "{source}: service 2: expected an HSDS service with a name, "
                                         "found 'Example'"),
    ('{"id": "x"}', "{source}: expected an HSDS service with a name, found"),
    ('{"name": "Example", "phones": {"number": "555-0100"}}', "{source}: phones: expected a list of HSDS objects, "
                                                              "found"),
    ('{"name": "Example", "service_at_locations": [{"location": [1]}]}', "{source}: service_at_locations[0].location:"
                                                                         " expected an HSDS location, found a list"),
])
def test_bad_json_gets_a_clear_error_and_nothing_is_written(text, message, tmp_path):
    source = tmp_path / "services.json"
    source.write_text(text, encoding="utf-8")
    content = empty_content(PROJECT / "tests" / "golden" / "sample" / "content", tmp_path / "content")
    result = run("import-hsds", str(source), "--content", str(content))
    assert result.returncode == 1
    assert result.stderr.startswith("build.py import-hsds: " + message.format(source=source))
    assert result.stderr.endswith("; nothing was written.\n") and "Traceback" not in result.stderr
    assert list((content / "listings").iterdir()) == []


def test_a_csv_folder_without_its_datapackage_is_refused(tmp_path):
    folder = tmp_path / "csv"
    shutil.copytree(OFFICIAL / "examples" / "csv", folder)
    (folder / "datapackage.json").unlink()
    content = empty_content(PROJECT / "tests" / "golden" / "sample" / "content", tmp_path / "content")
    result = run("import-hsds", str(folder), "--content", str(content))
    assert (result.returncode, result.stderr) == (1, f"build.py import-hsds: {folder}: expected the datapackage.json "
                                                     "that describes HSDS's CSV files, found none; nothing was written.\n")
    assert list((content / "listings").iterdir()) == []


def test_a_csv_value_of_the_wrong_type_is_named_with_its_line(tmp_path):
    folder = tmp_path / "csv"
    shutil.copytree(OFFICIAL / "examples" / "csv", folder)
    services = folder / "services.csv"
    services.write_text(services.read_text(encoding="utf-8").replace(",12,100,", ",twelve,100,"), encoding="utf-8")
    content = empty_content(PROJECT / "tests" / "golden" / "sample" / "content", tmp_path / "content")
    result = run("import-hsds", str(folder), "--content", str(content))
    assert (result.returncode, result.stderr) == (1, f"build.py import-hsds: {services}:2: expected a number, found "
                                                     "'twelve'; nothing was written.\n")


def test_services_without_a_category_or_source_are_written_for_check_to_ask(tmp_path):
    content = empty_content(PROJECT / "tests" / "golden" / "sample" / "content", tmp_path / "content")
    result = run("import-hsds", str(OFFICIAL / "examples" / "service_full.json"), "--content", str(content))
    path = content / "listings" / "community-counselling.yaml"
    assert result.returncode == 1
    assert f"{path}:4:1: category: expected a category from content/categories.yaml, found nothing" \
        in result.stderr.splitlines()
    assert "With no --source, each listing's source is left for you to fill in" in result.stderr


def test_what_a_listing_cannot_hold_is_named_field_by_field():
    from sitegen.hsds_import import listing_from_hsds

    place = {"location_type": "physical", "addresses": [{"address_1": "100 Example Street", "city": "Asheville",
                                                         "state_province": "NC", "postal_code": "28801"}],
             "schedules": [{"freq": "WEEKLY", "byday": "MO", "opens_at": "09:00", "closes_at": "12:00"}]}
    fields, unmapped = listing_from_hsds({
        "name": "Example Drop-in Center", "description": "A fictional place to drop in. It has coffee.",
        "phones": [{"number": "+1 828 555 0142", "type": "voice"}, {"number": "+1 828 555 0143", "type": "fax"}],
        "service_at_locations": [{"location": place}, {"location": {"location_type": "physical"}}],
        "languages": [{"name": "Spanish", "code": "es", "note": "Some staff"}],
        "cost_options": [{"amount": 0}], "eligibility_description": "Adults, Veterans", "wait_time": "a week",
    }, categories={"support-group"}, category="support-group", source_url=SOURCE, today=dt.date(2026, 11, 26))
    assert fields == {
        "name": "Example Drop-in Center", "category": "support-group", "summary": "A fictional place to drop in.",
        "description": "A fictional place to drop in. It has coffee.",
        "phones": [{"number": "+1 828 555 0142"}],
        "location": {"street": "100 Example Street", "city": "Asheville", "state": "NC", "postal_code": "28801"},
        "schedules": [{"days": ["mon"], "opens": "09:00", "closes": "12:00"}], "languages": ["Spanish"],
        "cost": ["free"], "audience": ["Adults", "Veterans"],
        "verified": {"date": "2026-11-26", "by": "sources"}, "source": [SOURCE]}
    assert unmapped == [
        ("wait_time", "no place in a listing"),
        ("service_at_locations[1]", "a listing has one location; import it as a listing of its own"),
        ("phones[1]", "a fax number cannot be called or texted from the site"),
        ("languages[0].note", "no place in a listing")]


def test_the_dates_a_schedule_holds_for_go_out_and_come_back_as_valid_from_and_valid_to():
    term = Schedule(days=("mon",), weeks=(2,), opens="18:30", closes="20:00", valid_from=dt.date(2027, 1, 1),
                    valid_to=dt.date(2027, 6, 30))
    out = hsds.schedule_to_hsds(term, "America/New_York", dt.date(2026, 11, 26))
    assert (out["valid_from"], out["valid_to"]) == ("2027-01-01", "2027-06-30")
    assert hsds.schedule_from_hsds(out) == ({"days": ["mon"], "weeks": [2], "opens": "18:30", "closes": "20:00",
                                             "valid_from": "2027-01-01", "valid_to": "2027-06-30"}, [])


NOTES = {"sources": "Read from public web pages on 2026-11-01; nobody has confirmed these details with the service.",
         "phone": "Confirmed with the service by phone on 2026-11-01.",
         "provider": "Confirmed by the service itself on 2026-11-01."}


@pytest.mark.parametrize(("by", "assured"), [("sources", None), ("phone", "2026-11-01"), ("provider", "2026-11-01")])
def test_only_details_confirmed_with_the_service_have_an_assured_date(make_project, by, assured):
    """HSDS readers take assured_date as someone having confirmed the details: a reading of public pages is not."""
    from .test_load import VALID, listing
    files = exported(make_project(listing(text=VALID.replace("by: sources", f"by: {by}"))))
    service = next(s for s in full_services(files) if s["x_slug"] == "test-line")
    listed = next(s for s in files["hsds/services.json"]["contents"] if s["x_slug"] == "test-line")
    for record in (service, listed):
        assert record.get("assured_date") == assured and "assurer_email" not in record
        assert (record["x_details_by"], record["x_details_date"], record["x_details_note"]) == \
            (by, "2026-11-01", NOTES[by])
    assert service["x_sources"] == ["https://example.org/test"]
    assert errors("service", service) == []


def test_hours_the_sources_disagree_on_are_marked_and_come_back_so(make_project, tmp_path):
    from .test_load import VALID, listing
    unsure = VALID + ('schedules:\n  - days: [mon, tue, wed, thu, fri]\n    opens: "13:00"\n    closes: "21:00"\n'
                      'hours_unconfirmed: true\n')
    service = next(s for s in full_services(exported(make_project(listing(text=unsure))))
                   if s["x_slug"] == "test-line")
    assert service["x_hours_unconfirmed"] is True and service["schedules"][0]["byday"] == "MO,TU,WE,TH,FR"
    others = [s for s in full_services(exported(make_project())) if "x_hours_unconfirmed" in s]
    assert others == [], "only listings whose hours are unconfirmed say so"
    source = tmp_path / "export.json"
    source.write_text(json.dumps(service), encoding="utf-8")
    content = empty_content(PROJECT / "tests" / "golden" / "sample" / "content", tmp_path / "imported")
    result = run("import-hsds", str(source), "--content", str(content), "--category", "warmline", "--source", SOURCE)
    assert result.returncode == 0, result.stderr
    assert "\nhours_unconfirmed: true\n" in (content / "listings" / "test-line.yaml").read_text(encoding="utf-8")
