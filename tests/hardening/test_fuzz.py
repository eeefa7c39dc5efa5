"""Property-based tests: whatever an editor writes, reading and checking it ends in a listing or in clear problems.

Examples are kept small and few (sizes bounded, a fixed budget of examples, the same ones on every run: see the
Hypothesis profiles in tests/conftest.py) so the suite stays quick; a pathological slowdown still shows up as a
test that does not finish, and the bounded sizes are chosen so that anything quadratic in them would. To hunt for
new failures, run them with HYPOTHESIS_PROFILE=explore, which draws new examples each time.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sitegen
from sitegen import yamltext

from .helpers import SAMPLE, config

pytestmark = pytest.mark.slow  # each of hundreds of examples checks the whole sample

# Each example of a test below checks the whole sample directory (about 0.1 s): 60 of them try every kind of
# mutation on every sample file several times over. Parsing alone is cheap and gets more.
SETTINGS = settings(max_examples=60, suppress_health_check=list(HealthCheck))
PARSING = settings(max_examples=200, suppress_health_check=list(HealthCheck))
PLAIN_TYPES = (dict, list, str, int, float, bool, type(None))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """Return a copy of the sample content shared by the examples of one test; each example rewrites one file."""
    content = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(SAMPLE, content)
    return content


def assert_located(problems: list, files: dict[str, str]) -> None:
    """Assert every problem prints as path:line:col: message, pointing at a place that exists in its file."""
    for problem in problems:
        text = str(problem)
        match = re.match(r"^(.+?):(\d+):(\d+): (\S.*)$", text, re.DOTALL)
        assert match, f"not path:line:col: message: {text!r}"
        assert "Traceback" not in text and "\n" not in text, text
        line, column = int(match.group(2)), int(match.group(3))
        assert line >= 1 and column >= 1, text
        body = files.get(match.group(1))
        if body is None:
            file = Path(match.group(1))
            body = file.read_bytes().decode("utf-8", "replace") if file.is_file() else ""
        lines = body.replace("\r\n", "\n").split("\n")
        assert line <= len(lines), f"line {line} is past the end ({len(lines)} lines): {text}"
        assert column <= len(lines[line - 1]) + 2, f"column {column} is past the end of line {line}: {text}"


def check_file(content: Path, name: str, data: bytes) -> list:
    """Write one content file, check the content, and return the problems (errors or warnings) it printed."""
    target = content / name
    original = target.read_bytes() if target.exists() else None
    target.write_bytes(data)
    try:
        directory, warnings = sitegen.check(config(content, content.parent / "site"))
    except sitegen.BuildFailed as failure:
        assert failure.problems, "BuildFailed without a problem"
        problems = failure.problems
        assert any(p.where.path == str(target) for p in problems if p.level == "error") or \
            _broken_elsewhere(problems, target), "\n".join(map(str, problems))
    else:
        problems = warnings
        if name.startswith("listings/"):
            assert target.stem in {x.slug for x in directory.listings}
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_bytes(original)
    assert_located(problems, {str(target): data.decode("utf-8", "replace")})
    return problems


def _broken_elsewhere(problems, target: Path) -> bool:
    """True if the file broke another file's reference to it (a crisis line that is no longer a listing)."""
    return all(p.where.path != str(target) for p in problems) and any("crisis_line" in p.field for p in problems)


YAML_CHARS = st.sampled_from(list(":-?[]{},#&*!|>'\"%@`\n \t.") + ["\u202e", "\ufeff", "é", "\u2028", "\x85", "0", "a",
                                                                    "null", "true", "~", "<<", "---", "...", "!!str"])
YAML_TEXT = st.lists(st.one_of(YAML_CHARS, st.text(max_size=8)), max_size=80).map("".join)


@PARSING
@given(text=st.one_of(YAML_TEXT, st.text(max_size=300)))
def test_any_text_parses_or_reports_located_problems(text):
    record = yamltext.Record("fuzz.yaml", text)
    problems = yamltext.parse_yaml(record)
    assert_located(problems, {"fuzz.yaml": text})
    if not problems:
        assert isinstance(record.data, PLAIN_TYPES)


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_any_bytes_as_a_listing_fail_clearly(sandbox, raw):
    check_file(sandbox, "listings/fuzz.yaml", raw)


def _listing_data() -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((SAMPLE / "listings").glob("*.yaml"))]


ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Mn", "So", "Lo"]), max_size=20),
    st.sampled_from(["\u202eenil", "\u2066x\u2069", "\ufeff", "ЕхаmрӀе", "<script>alert(1)</script>",
                     "javascript:x",
                     "https://example.org/\"><x>", "2026-02-30", "9999-12-31", "25:00", "+1 555 0100", "", " ", "\\"]),
    st.integers(1, 50_000).map(lambda n: "x" * n),  # huge values
)
JUNK = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), ODD_TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12)


def _paths(value, path=()):
    """Yield the path of every value inside value, itself included."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*path, i))


def _mutate(data, draw):
    """Apply one random change: delete a field, set a wrong value, nest a value deeply, or add an unknown field."""
    path = draw(st.sampled_from(list(_paths(data))))
    operation = draw(st.sampled_from(["delete", "replace", "nest", "add", "duplicate-list"]))
    if not path:
        return draw(JUNK) if operation == "replace" else data
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if operation == "delete":
        del parent[last]
    elif operation == "replace":
        parent[last] = draw(JUNK)
    elif operation == "nest":
        value = parent[last]
        for _ in range(draw(st.integers(1, 40))):
            value = [value] if draw(st.booleans()) else {"a": value}
        parent[last] = value
    elif operation == "add" and isinstance(parent, dict):
        parent[draw(st.text(max_size=12))] = draw(JUNK)
    elif operation == "duplicate-list":
        parent[last] = [parent[last]] * draw(st.integers(0, 300))
    return data


@SETTINGS
@given(st.data())
def test_mutated_listings_fail_clearly_or_pass(sandbox, data):
    listing = data.draw(st.sampled_from(_listing_data()))
    for _ in range(data.draw(st.integers(1, 4))):
        listing = _mutate(listing, data.draw)
    flow = data.draw(st.sampled_from([False, True, None]))
    text = yaml.safe_dump(listing, allow_unicode=data.draw(st.booleans()), sort_keys=False, default_flow_style=flow)
    check_file(sandbox, "listings/fuzz.yaml", text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.data())
def test_mutated_listing_text_fails_clearly_or_passes(sandbox, data):
    """Edit the text itself, as a careless editor would: cut, paste and retype characters anywhere."""
    path = data.draw(st.sampled_from(sorted((SAMPLE / "listings").glob("*.yaml"))))
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(raw)))
        cut = data.draw(st.integers(0, 12))
        typed = YAML_CHARS.map(lambda c: c.encode("utf-8", "surrogatepass"))
        paste = data.draw(st.one_of(st.binary(max_size=6), typed))
        raw[at:at + cut] = paste
    check_file(sandbox, "listings/fuzz.yaml", bytes(raw))


@SETTINGS
@given(st.data())
def test_mutated_site_settings_fail_clearly_or_pass(sandbox, data):
    settings_data = yaml.safe_load((SAMPLE / "site.yaml").read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        settings_data = _mutate(settings_data, data.draw)
    text = yaml.safe_dump(settings_data, allow_unicode=True, sort_keys=False)
    check_file(sandbox, "site.yaml", text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.data())
def test_mutated_guides_fail_clearly_or_pass(sandbox, data):
    original = (SAMPLE / "guides" / "reaching-out.md").read_text(encoding="utf-8")
    front, body = original.split("---\n")[1], original.split("---\n", 2)[2]
    front_data = yaml.safe_load(front)
    for _ in range(data.draw(st.integers(0, 3))):
        front_data = _mutate(front_data, data.draw)
    body += data.draw(st.one_of(YAML_TEXT, st.text(max_size=200), st.sampled_from(
        ["[x](/listings/missing/)", "[" * 3000, "<a href='javascript:1'>x</a>", "\u202e", "](" * 500])))
    text = "---\n" + yaml.safe_dump(front_data, allow_unicode=True, sort_keys=False) + "---\n" + body
    check_file(sandbox, "guides/fuzz.md", text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.data())
def test_checked_listings_render_without_error(sandbox, data):
    """A listing the validator accepts must also render: no half-valid value may crash the templates. One it
    refuses is refused for a reason printed at a line of the file, never with a traceback."""
    from sitegen import render

    listing = data.draw(st.sampled_from(_listing_data()))
    listing = _mutate(listing, data.draw)
    target = sandbox / "listings" / "fuzz.yaml"
    text = yaml.safe_dump(listing, allow_unicode=True)
    target.write_text(text, encoding="utf-8")
    built = config(sandbox, sandbox.parent / "site")
    try:
        directory, _ = sitegen.check(built)
    except sitegen.BuildFailed as failure:
        assert failure.problems, "BuildFailed without a problem"
        assert any(p.where.path == str(target) for p in failure.problems if p.level == "error") or \
            _broken_elsewhere(failure.problems, target), "\n".join(map(str, failure.problems))
        assert_located(failure.problems, {str(target): text})
        return
    finally:
        target.unlink()
    plan = render.plan_site(directory, built.templates_dir, built.schema_dir, built.locales_dir)
    files = render.render_pages(plan, plan.pages)
    assert files and not render.broken_links(plan, files)
