"""The YAML traps editors fall into: each is caught and explained, or read the way the editor meant."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from sitegen.load import read_yaml_file

SAMPLE = Path(__file__).parent.parent / "golden" / "sample" / "content"

VALID = """
name: Example Test Line
category: warmline
summary: A fictional line used by the tests, open in the evening.
phones:
  - number: "+1 828 555 0102"
service_area: [United States]
verified: {date: "2026-11-01", by: sources}
source:
  - https://example.org/test
"""


def listing(extra: str = "", text: str = VALID) -> dict[str, str]:
    return {"listings/test-line.yaml": text + extra}


def test_pyyaml_reads_every_bundled_and_sample_file_as_check_does():
    """Scripts that bulk-edit listings read them with PyYAML's safe_load (YAML 1.1): they must get what check gets.

    A key like on, or an unquoted yes, 9:00 or 2026-11-01, reads differently in YAML 1.1; the content avoids them."""
    project = Path(__file__).resolve().parents[2]
    paths = sorted((project / "content").rglob("*.yaml")) + sorted(SAMPLE.rglob("*.yaml"))
    assert len([p for p in paths if p.parent.name == "listings"]) >= 38
    for path in paths:
        record, problems = read_yaml_file(path)
        assert problems == [], problems
        assert yaml.safe_load(path.read_text(encoding="utf-8")) == record.data, f"{path.name} reads differently"


def test_a_valid_listing_has_no_problems(problems_in):
    assert problems_in(listing()) == []


def test_duplicate_keys_are_reported_not_silently_overwritten(problems_in):
    assert problems_in(listing("name: Second Name\n")) == [
        "content/listings/test-line.yaml:10:1: name: this field appears twice (first on line 1); keep one"]


def test_yes_no_on_off_stay_text(problems_in):
    text = VALID.replace("[United States]", "[no, yes, on, off]")
    assert problems_in(listing(text=text)) == []


def test_a_yes_where_true_or_false_belongs_is_explained(problems_in):
    text = VALID + "schedules:\n  - open_24_7: yes\n"
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:11:16: schedules[0].open_24_7: expected true or false, found 'yes'"]


def test_unquoted_times_are_read_as_times_not_sexagesimal_numbers(problems_in):
    text = VALID + "schedules:\n  - days: [mon]\n    opens: 09:00\n    closes: 17:30\n"
    assert problems_in(listing(text=text)) == []


def test_a_time_without_its_leading_zero_is_explained(problems_in):
    # Quoted or not, "9:00" is the same mistake: the hour needs two digits.
    for opens in ('9:00', '"9:00"'):
        text = VALID + f"schedules:\n  - days: [mon]\n    opens: {opens}\n    closes: \"17:30\"\n"
        assert problems_in(listing(text=text)) == [
            "content/listings/test-line.yaml:12:12: schedules[0].opens: expected a 24-hour time like \"09:00\", "
            "with two digits for the hour, found '9:00'"]


def test_tab_indentation_is_explained(problems_in):
    text = VALID.replace('  - number: "+1 828 555 0102"', '\t- number: "+1 828 555 0102"')
    assert problems_in(listing(text=text))[0] == (
        "content/listings/test-line.yaml:5:1: a tab character is used for indenting; indent with spaces instead")


def test_a_tab_does_not_hide_the_other_mistakes(problems_in):
    text = VALID.replace('  - number: "+1 828 555 0102"', '\t- number: "+1 828 555 0102"').replace(
        "category: warmline", "category: warmlines").replace("https://example.org/test", "example.org/test")
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:2:11: category: expected a category from content/categories.yaml like "
        "'warmline', found 'warmlines'",
        "content/listings/test-line.yaml:5:1: a tab character is used for indenting; indent with spaces instead",
        "content/listings/test-line.yaml:9:5: source[0]: expected a web address starting with https://, "
        "found 'example.org/test'"]


def test_anchors_and_aliases_are_rejected(problems_in):
    text = VALID.replace("service_area: [United States]", "service_area: &area [United States]\ntags: *area")
    assert problems_in(listing(text=text))[0] == (
        "content/listings/test-line.yaml:7:1: tags: anchors and aliases (& and *) are not allowed; "
        "write the value out in full")


def test_an_alias_bomb_ends_quickly_with_one_problem(problems_in):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    lines = problems_in({"listings/bomb.yaml": bomb})
    assert lines[0] == "content/listings/bomb.yaml:2:4: b[0]: anchors and aliases (& and *) are not allowed; write the value out in full"


def test_non_utf8_files_name_the_bad_byte(problems_in):
    assert problems_in({"listings/test-line.yaml": VALID.encode().replace(b"fictional", b"fict\xffional")})[0] == (
        "content/listings/test-line.yaml:4:16: the file is not UTF-8 text (byte 0xff); save it as UTF-8")


def test_a_byte_order_mark_and_crlf_line_endings_are_accepted(problems_in):
    data = b"\xef\xbb\xbf" + VALID.lstrip("\n").replace("\n", "\r\n").encode()
    assert problems_in({"listings/test-line.yaml": data}) == []


def test_crlf_files_still_report_exact_positions(problems_in):
    data = VALID.lstrip("\n").replace("\n", "\r\n").replace("category: warmline", "categry: warmline").encode()
    # One mistake, said once, at its own line: not again as "category: found nothing" at line 1.
    assert problems_in({"listings/test-line.yaml": data}) == [
        "content/listings/test-line.yaml:2:1: categry: unknown field; did you mean 'category'?"]


def test_empty_and_comment_only_files_are_explained(problems_in):
    lines = problems_in({"listings/empty.yaml": "", "listings/comments.yaml": "# just a comment\n\n# another\n"})
    assert lines[:2] == ["content/listings/comments.yaml:1:1: the file has no content; fill in its fields",
                         "content/listings/empty.yaml:1:1: the file has no content; fill in its fields"]


def test_a_list_where_a_listing_belongs_is_explained(problems_in):
    assert problems_in({"listings/list.yaml": "- name: A\n- name: B\n"})[0] == (
        "content/listings/list.yaml:1:1: expected a listing: lines of field: value, starting with name:, found a list")


def test_nul_bytes_are_rejected(problems_in):
    assert problems_in({"listings/binary.yaml": b"name: A\x00B\n"})[0] == (
        "content/listings/binary.yaml:1:8: the file contains a NUL byte; it looks like a binary file, not text")


def test_absurdly_large_files_are_rejected_before_parsing(problems_in):
    assert problems_in({"listings/huge.yaml": "name: " + "x" * 600_000 + "\n"})[0] == (
        "content/listings/huge.yaml:1:1: the file is 585 KB; content files must be under 512 KB")


def test_long_values_are_limited(problems_in):
    text = VALID.replace("open in the evening.", "x" * 300)
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:3:10: summary: expected at most 200 characters, found 336"]


def test_yml_files_are_rejected_clearly_not_ignored(problems_in):
    assert problems_in({"listings/test-line.yml": VALID})[0] == (
        "content/listings/test-line.yml:1:1: listing files must end in .yaml; rename it to test-line.yaml")


def test_file_names_must_be_web_safe_slugs(problems_in):
    lines = problems_in({"listings/My Listing.yaml": VALID, "listings/con.yaml": VALID})
    assert lines[:2] == [
        "content/listings/My Listing.yaml:1:1: the file name is the page's web address: use lower-case letters, "
        "digits and hyphens (at most 80), like my-listing.yaml",
        "content/listings/con.yaml:1:1: 'con' is a reserved file name on Windows; choose another"]


def test_deep_nesting_is_rejected(problems_in):
    lines = problems_in(listing("tags: " + "[" * 10_000 + "]" * 10_000 + "\n"))
    assert lines[0].startswith("content/listings/test-line.yaml:10:")
    assert "nested more than 12 levels deep" in lines[0]


def test_custom_tags_are_rejected(problems_in):
    assert problems_in(listing(text=VALID.replace("name: Example", "name: !!python/object:os.system Example")))[0] == (
        "content/listings/test-line.yaml:1:1: name: custom YAML tags like !!python/object:os.system are not allowed")


def test_a_record_knows_where_every_value_and_field_name_was_written(tmp_path):
    import pickle

    import sitegen
    from sitegen.load import read_yaml_file

    path = tmp_path / "test-line.yaml"
    path.write_text(VALID.lstrip("\n"), encoding="utf-8")
    record, found = read_yaml_file(path)
    assert found == [] and record.data["name"] == "Example Test Line"
    record = pickle.loads(pickle.dumps(record))  # as a worker sends it back: its text, to find positions again
    assert str(record.where(("phones", 0, "number"))) == f"{path}:5:13"
    assert str(record.where(("phones", 0, "number"), key=True)) == f"{path}:5:5"
    assert str(record.where(("source", 0))) == f"{path}:9:5"
    assert str(record.where(("phones", 0, "type"))) == f"{path}:5:5"  # not written: the phone it would be in
    assert str(record.where()) == f"{path}:1:1"
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    for i in range(2000):  # enough to read and check on two cores; every one shares the phone number
        (content / "listings" / f"line-{i:04}.yaml").write_text(
            VALID.lstrip("\n").replace("Example Test Line", f"Line {i:04} of many"), encoding="utf-8")
    _, warnings = sitegen.check(sitegen.Config(content_dir=content))
    shared = [str(p) for p in warnings if "the same phone number" in p.message]
    assert len(shared) == 1999 and all(":5:13: warning: phones[0].number:" in line for line in shared), shared[:2]


def test_indenting_mistakes_and_missing_colons_are_explained_in_plain_words(problems_in):
    three_spaces = VALID.replace("verified: {date: \"2026-11-01\", by: sources}", "verified:\n  date: \"2026-11-01\"\n   by: sources")
    no_colon = VALID.replace("category: warmline", "category warmline")
    unclosed = VALID.replace('name: Example Test Line', 'name: "Example Test Line')
    assert problems_in({"listings/a.yaml": three_spaces, "listings/b.yaml": no_colon, "listings/c.yaml": unclosed}) == [
        "content/listings/a.yaml:9:4: this line is indented differently from the lines above it: the fields of one "
        "group, and the '- ' of one list, start in the same column, two spaces in from the field they belong to",
        "content/listings/b.yaml:2:1: expected 'field: value': put a colon and a space after the field's name",
        "content/listings/c.yaml:1:7: this quote is not closed on its line; end the text with the same quote mark"]


def test_curly_quotes_from_a_word_processor_are_shown_as_typed_and_explained(problems_in):
    text = VALID + "schedules:\n  - days: [mon]\n    opens: \u201c18:30\u201d\n    closes: \"20:00\"\n"
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:12:12: schedules[0].opens: expected a 24-hour time like \"09:00\", with two "
        "digits for the hour, found '\u201c18:30\u201d' (in curly quotes: use straight quotes \" instead)"]
