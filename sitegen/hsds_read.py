"""HSDS sources as import-hsds reads them: a JSON file (one service, a list, or an API page of them) or a folder
in HSDS's tabular form (CSV files and their datapackage.json), each service nested as the HSDS API returns it."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from .problems import describe

# The tables HSDS nests in a service and in a location, and the field each is nested as.
CHILDREN = {"service": {"phone": "phones", "schedule": "schedules", "service_area": "service_areas",
                        "service_at_location": "service_at_locations", "language": "languages", "funding": "funding",
                        "cost_option": "cost_options", "required_document": "required_documents",
                        "contact": "contacts"},
            "location": {"language": "languages", "address": "addresses", "contact": "contacts",
                         "accessibility": "accessibility", "phone": "phones", "schedule": "schedules"}}


class BadSource(Exception):
    """The source cannot be read as HSDS: nothing was written."""


def read_services(source: Path) -> list[dict[str, Any]]:
    """Return the services of an HSDS JSON file (one service, a list of them, or an API page of them) or of a
    folder in HSDS's tabular form, each nested as the HSDS API returns a full service; raise BadSource."""
    if source.is_dir():
        return read_tabular(source)
    try:
        data = json.loads(source.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise BadSource(f"{source} cannot be read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise BadSource(f"{source} is not text: expected an HSDS JSON file, or a folder with datapackage.json")\
            from None
    except json.JSONDecodeError as error:
        raise BadSource(f"{source}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from None
    services = data.get("contents") if isinstance(data, dict) and "contents" in data else \
        [data] if isinstance(data, dict) else data
    if not isinstance(services, list) or not services:
        raise BadSource(f"{source}: expected an HSDS service, a list of services or a page of them, "
                        f"found {describe(data)}")
    for n, service in enumerate(services):
        where = f"{source}: service {n + 1}" if len(services) > 1 else str(source)
        if not isinstance(service, dict) or not isinstance(service.get("name"), str):
            raise BadSource(f"{where}: expected an HSDS service with a name, found {describe(service)}")
        if problem := misshapen(service):
            raise BadSource(f"{where}: {problem}")
    return services


# HSDS fields that hold a list of objects, and those that hold one object: what hsds_import.py's mapping relies on.
LISTS = {"phones", "schedules", "service_areas", "service_at_locations", "languages", "cost_options", "addresses",
         "accessibility", "contacts", "funding", "required_documents", "attributes", "metadata", "x_tags",
         "x_accessibility"}
OBJECTS = {"location", "organization", "program"}


def misshapen(value: Any, path: str = "") -> str | None:
    """Return where an HSDS object holds a list that is not a list of objects, or an object that is not one."""
    for key, item in value.items() if isinstance(value, dict) else ():
        where = f"{path}.{key}" if path else key
        if item is None:
            continue
        if key in LISTS and not (isinstance(item, list) and all(
                isinstance(x, str if key.startswith("x_") else dict) for x in item)):
            kind = "texts" if key.startswith("x_") else "HSDS objects"
            return f"{where}: expected a list of {kind}, found {describe(item)}"
        if key in OBJECTS and not isinstance(item, dict):
            return f"{where}: expected an HSDS {key}, found {describe(item)}"
        for n, part in enumerate(item if isinstance(item, list) else [item]):
            if problem := misshapen(part, f"{where}[{n}]" if isinstance(item, list) else where):
                return problem
    return None


def read_tabular(folder: Path) -> list[dict[str, Any]]:
    """Return the services of HSDS's tabular form: CSV files described by a datapackage.json; raise BadSource."""
    package = folder / "datapackage.json"
    if not package.is_file():
        raise BadSource(f"{folder}: expected the datapackage.json that describes HSDS's CSV files, found none")
    try:
        resources = json.loads(package.read_text(encoding="utf-8-sig"))["resources"]
        tables = {r["name"]: read_csv(folder / r["path"], r["schema"]["fields"]) for r in resources
                  if (folder / r["path"]).is_file()}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, csv.Error) as error:
        raise BadSource(f"{package}: not an HSDS data package ({error})") from None
    if "service" not in tables:
        raise BadSource(f"{folder}: expected services.csv as datapackage.json names it, found none")
    # Each table's rows by the row they point to, like phones by service_id: found once, not once per service.
    pointing: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for name, rows in tables.items():
        for row in rows:
            for key, value in row.items():
                if key.endswith("_id") and isinstance(value, str):
                    pointing.setdefault((name, key, value), []).append(row)
    locations = {row["id"]: nest(row, "location", pointing) for row in tables.get("location", [])}
    organizations = {row["id"]: row for row in tables.get("organization", [])}
    services = []
    for row in tables["service"]:
        service = nest(row, "service", pointing)
        service["service_at_locations"] = [{**at, "location": locations[at["location_id"]]} if at.get("location_id")
                                           in locations else at for at in service.get("service_at_locations", [])]
        if row.get("organization_id") in organizations:
            service["organization"] = organizations[row["organization_id"]]
        services.append(service)
    return services


def nest(row: dict[str, Any], kind: str, pointing: dict[tuple[str, str, str], list[dict[str, Any]]]) -> dict[str, Any]:
    """Return a row with the rows of the tables HSDS nests in it that point to it (by <kind>_id)."""
    nested = dict(row)
    for name, field in CHILDREN[kind].items():
        if found := pointing.get((name, f"{kind}_id", row.get("id", ""))):
            nested[field] = found
    return nested


def read_csv(path: Path, fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return a CSV file's rows, with each value of the type datapackage.json gives and empty values left out."""
    kinds = {field["name"]: field.get("type", "string") for field in fields}
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        for row in reader:
            try:
                rows.append({key: _typed(value, kinds.get(key, "string")) for key, value in row.items()
                             if isinstance(key, str) and value not in ("", None)})
            except ValueError as error:
                raise BadSource(f"{path}:{reader.line_num}: {error}") from None
    return rows


def _typed(value: str, kind: str) -> Any:
    """Return a CSV value as the type datapackage.json gives its column; raise ValueError saying what is wrong."""
    if kind in ("integer", "number"):
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"expected a number, found {describe(value)}") from None
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        return value.strip().lower() in ("true", "1", "yes")
    return value
