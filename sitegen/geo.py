"""Where listings are: the editor's coordinates, or else the centre of the listing's ZIP code (or town) from
the US ZIP code table bundled with the `zipcodes` package, offline; and the ZIP tables the site serves, so a
visitor's browser can turn a typed ZIP code into coordinates without sending it anywhere.
"""

from __future__ import annotations

import array
import bisect
import json
import math
import multiprocessing
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import zipcodes

from .models import Location

PLACES = 4  # decimal places of a coordinate: about 10 m, finer than a ZIP code's centre is worth
SERVED_PLACES = 3  # in the tables the site serves: about 100 m, plenty for "about 3 miles"
NEAR_MILES = 60  # the site serves the ZIP codes of every three-digit area this close to a listing


def located(location: Location, country: str | None) -> Location:
    """Return the location with coordinates: the editor's, else its ZIP code's centre, else its town's centre,
    marked approximate; unchanged where none is known (or the site is not in the US, which the table covers)."""
    if location.latitude is not None or country != "US":
        return location
    centre = zip_centre(location.postal_code[:5]) if location.postal_code else None
    centre = centre or town_centre(location.city, location.state)
    if centre is None:
        return location
    return Location(location.city, location.state, location.street, location.postal_code, *centre, approximate=True)


def zip_centre(code: str) -> tuple[float, float] | None:
    """Return the centre of a five-digit ZIP code as (latitude, longitude), or None if the table lacks it."""
    table = zip_centres()
    found = bisect.bisect_left(table.codes, int(code)) if code.isdigit() and len(code) == 5 else len(table.codes)
    if found == len(table.codes) or table.codes[found] != int(code):
        return None
    return round(table.latitudes[found], PLACES), round(table.longitudes[found], PLACES)


@dataclass(frozen=True)
class ZipTable:
    """Every ZIP code with a centre, in order, as three arrays: about 0.7 MiB where zipcodes.list_all() returns
    42,000 dicts of fourteen fields (about 90 MiB of Python objects, 150 MiB of memory); and each town's centre."""

    codes: array.array  # the ZIP code as a number: 28801
    latitudes: array.array  # its centre, as the table gives it
    longitudes: array.array
    towns: dict[tuple[str, str], tuple[float, float]]  # (state, town in lower case): the centre of its delivery ZIPs

    def rows(self) -> Iterator[tuple[str, float, float]]:
        """Yield each ZIP code with its centre, in order: ("28801", 35.5971, -82.5565)."""
        for code, lat, lon in zip(self.codes, self.latitudes, self.longitudes):
            yield f"{code:05}", lat, lon


@cache  # built once per process (about 1 s, most of it the package reading its table)
def zip_centres() -> ZipTable:
    """Return the ZIP code table of the `zipcodes` package in compact form, read in a forked child process.

    The package makes 42,000 dicts of fourteen fields (about 150 MiB). Freed, they would leave this process
    that much larger for the rest of the build: Python's allocator gives an arena of memory back only once
    every object in it is gone, and the table's few survivors are spread over all of them. The child's
    memory goes when it ends; only the three arrays and the towns come back."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(_read_zip_table)


def _read_zip_table() -> ZipTable:
    """Return the ZIP code table of the `zipcodes` package in compact form, in one pass."""
    table = ZipTable(array.array("l"), array.array("d"), array.array("d"), {})
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in sorted(zipcodes.list_all(), key=lambda row: row["zip_code"]):
        if row["lat"] and row["long"]:
            table.codes.append(int(row["zip_code"]))
            table.latitudes.append(float(row["lat"]))
            table.longitudes.append(float(row["long"]))
            if row["zip_code_type"] == "STANDARD":  # delivery ZIP codes, not a town's post-office boxes
                towns[row["state"], row["city"].casefold()].append((float(row["lat"]), float(row["long"])))
    table.towns.update({town: (round(sum(p[0] for p in points) / len(points), PLACES),
                               round(sum(p[1] for p in points) / len(points), PLACES))
                        for town, points in towns.items()})
    return table


def town_centre(city: str, state: str) -> tuple[float, float] | None:
    """Return the centre of a town's delivery ZIP codes (not its post-office boxes), or None if it has none."""
    return zip_centres().towns.get((state, city.casefold()))


@cache  # serve plans the site again after each edit: the same places need no new scan of 42,000 ZIP codes
def zip_tables(points: tuple[tuple[float, float], ...]) -> dict[str, bytes]:
    """Return the ZIP tables the site serves, by three-digit prefix: {"287": b'{"28801":[35.597,-82.557],...}'}.

    Only the areas with a ZIP code within about NEAR_MILES of a listing: a visitor types a ZIP code near the
    places listed, and the browser fetches one small table for it. The listings are put on a grid of whole
    degrees, and only a ZIP code in a square of it near a listing is measured against the listings there.
    """
    grid: dict[tuple[int, int], set[tuple[float, float]]] = defaultdict(set)
    for lat, lon in points:
        grid[math.floor(lat), math.floor(lon)].add((round(lat, 1), round(lon, 1)))
    rows = zip_centres().rows() if grid else iter(())
    reach = math.ceil(NEAR_MILES / 69.0 / max(0.1, math.cos(math.radians(80))))  # squares a listing reaches into
    candidates = {(y + dy, x + dx) for y, x in grid for dy in range(-reach, reach + 1)
                  for dx in range(-reach, reach + 1)}
    near: set[str] = set()
    for code, lat, lon in rows:
        if code[:3] in near or (math.floor(lat), math.floor(lon)) not in candidates:
            continue
        dlat = NEAR_MILES / 69.0  # miles in a degree of latitude; of longitude, fewer away from the equator
        dlon = NEAR_MILES / (69.0 * max(0.1, math.cos(math.radians(lat))))
        if any(abs(p[0] - lat) <= dlat and abs(p[1] - lon) <= dlon
               for y in range(math.floor(lat - dlat), math.floor(lat + dlat) + 1)
               for x in range(math.floor(lon - dlon), math.floor(lon + dlon) + 1) for p in grid.get((y, x), ())):
            near.add(code[:3])
    areas: dict[str, dict[str, list[float]]] = {prefix: {} for prefix in sorted(near)}
    for code, lat, lon in zip_centres().rows():  # in order
        if code[:3] in areas:
            areas[code[:3]][code] = [round(lat, SERVED_PLACES), round(lon, SERVED_PLACES)]
    return {prefix: json.dumps(table, separators=(",", ":")).encode() for prefix, table in areas.items()}
