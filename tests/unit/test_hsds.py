"""Open Referral HSDS 3.0: every build's export validates against the official schemas."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import uuid
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import sitegen
from sitegen import hsds, render
from sitegen.models import Schedule

from ..conftest import PROJECT

OFFICIAL = PROJECT / "tests" / "fixtures" / "hsds"  # the specification's own files, CC BY-SA 4.0 (see README.md)


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


def exported(content: Path) -> dict[str, dict[str, Any]]:
    """Return the HSDS files of a content folder's directory by path, as a build writes them."""
    directory, _ = sitegen.check(sitegen.Config(content_dir=content))
    return hsds.export(directory)


def full_services(files: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [data for path, data in sorted(files.items()) if path.startswith("hsds/services/")]


def test_every_exported_file_validates_against_the_official_schemas(sample_or_bundled, tmp_path):
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=sample_or_bundled, site_dir=site))
    files = {path.relative_to(site).as_posix(): json.loads(path.read_text(encoding="utf-8"))
             for path in (site / "hsds").rglob("*.json")}
    listings = len(list((sample_or_bundled / "listings").glob("*.yaml")))
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
                                    "valid_to": "2027-01-01"}) == ({"open_24_7": True}, ["valid_to"])
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


def test_the_hsds_page_says_what_is_there_and_the_license(make_project, tmp_path):
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=make_project(), site_dir=site))
    page = (site / "hsds" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in page
    assert 'href="../hsds/services.json"' in page and "x_timezone_name" in page


def test_without_a_license_the_page_says_to_ask(make_project, tmp_path):
    content = make_project()
    site_yaml = content / "site.yaml"
    site_yaml.write_text(re.sub(r"license:\n(  .*\n)+", "", site_yaml.read_text(encoding="utf-8")), encoding="utf-8")
    sitegen.build(sitegen.Config(content_dir=content, site_dir=tmp_path / "site"))
    page = (tmp_path / "site" / "hsds" / "index.html").read_text(encoding="utf-8")
    assert "No license has been chosen for this data yet" in page
