"""Schedules: one rule for which days a schedule falls on, run from one table of cases in Python and in hours.js."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

from sitegen.models import Schedule
from sitegen.schedules import falls_on

from ..conftest import PROJECT

CASES = json.loads((PROJECT / "tests" / "fixtures" / "schedule-cases.json").read_text(encoding="utf-8"))["cases"]
# hours.js is a module of the page: read in Node with a page's <html> stood in for, as .mjs files beside each other.
RUN_IN_NODE = """
globalThis.document = { documentElement: { dataset: {} }, querySelectorAll: () => [] };
const { fallsOn } = await import(process.argv[1]);
const cases = JSON.parse(process.argv[2]);
process.stdout.write(JSON.stringify(cases.map((c) => fallsOn(c.schedule, Date.parse(c.day + "T00:00:00Z"), []))));
process.exit(0);  // the module's minute timer would keep Node waiting
"""


def schedule(fields: dict) -> Schedule:
    dates = {name: dt.date.fromisoformat(fields[name]) for name in ("valid_from", "valid_to") if name in fields}
    return Schedule(days=tuple(fields["days"]), weeks=tuple(fields.get("weeks", ())), **dates)


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_python_says_which_days_a_schedule_falls_on(case):
    assert falls_on(schedule(case["schedule"]), dt.date.fromisoformat(case["day"])) == case["falls"], case["why"]


def test_hours_js_says_the_same_of_every_case(tmp_path):
    assets = PROJECT / "templates" / "assets"
    for name in ("hours", "shared"):
        text = (assets / f"{name}.js").read_text(encoding="utf-8").replace('"./shared.js"', '"./shared.mjs"')
        (tmp_path / f"{name}.mjs").write_text(text, encoding="utf-8")
    result = subprocess.run(["node", "--input-type=module", "-e", RUN_IN_NODE, (tmp_path / "hours.mjs").as_uri(),
                             json.dumps(CASES)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    said = json.loads(result.stdout)
    assert [(c["why"], s) for c, s in zip(CASES, said, strict=True) if s != c["falls"]] == [], \
        "hours.js and schedules.falls_on must agree on every case"
