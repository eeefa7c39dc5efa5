"""Hostile content: every file in corpus/ and every generated attack either fails clearly or builds harmlessly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitegen import BuildFailed

from .helpers import CORPUS, assert_problem_lines, build, output_findings

HOSTILE = sorted(path for path in CORPUS.glob("*/*") if path.suffix in (".yaml", ".md"))
LISTING = """\
name: Example Hostile Line
category: warmline
summary: A fictional listing used to carry one hostile value.
phones:
  - number: "+1 828 555 0120"
service_area: [Example County, NC]
verified: {date: "2026-11-01", by: sources}
source: [https://example.org/hostile]
"""


def place(content: Path, hostile: Path) -> Path:
    """Put a corpus file where its folder says it belongs in the content, and return its new path."""
    kind = hostile.parent.name
    target = content / "site.yaml" if kind == "site" else content / kind / hostile.name
    target.write_bytes(hostile.read_bytes())
    return target


def expectation(path: Path) -> str:
    match = re.search(r"^# expect: (build|fail)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{path.name} says neither '# expect: build' nor '# expect: fail'"
    return match.group(1)


def outcome(content: Path, site: Path, target: Path) -> str:
    """Build, and return "build" or "fail"; a failure must name the target file, line and column."""
    try:
        build(content, site)
    except BuildFailed as failure:
        assert_problem_lines(failure.problems, target)
        assert not site.exists(), "a failed build must not create the site"
        return "fail"
    findings = output_findings(site)
    assert not findings, "content reached the site in a form a browser would run:\n" + "\n".join(findings)
    return "build"


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_corpus_file_fails_clearly_or_builds_harmlessly(content, tmp_path, hostile):
    target = place(content, hostile)
    assert outcome(content, tmp_path / "site", target) == expectation(hostile)


def test_payloads_reach_the_page_as_visible_text(content, tmp_path):
    place(content, CORPUS / "listings" / "script-in-every-field.yaml")
    build(content, tmp_path / "site")
    page = (tmp_path / "site" / "listings" / "script-in-every-field" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt; Line" in page  # shown to the visitor as it was typed
    assert "{{ 7*7 }}" in page and "49" not in page  # content is data, never a template


def test_json_ld_cannot_close_its_script_element(content, tmp_path):
    place(content, CORPUS / "listings" / "json-ld-breakout.yaml")
    build(content, tmp_path / "site")
    page = (tmp_path / "site" / "listings" / "json-ld-breakout" / "index.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1)
    assert "<" not in data  # so no text in it can end the element early
    assert json.loads(data)["name"] == "</script><script>alert(1)</script><!--"


def test_markdown_keeps_only_safe_links(content, tmp_path):
    place(content, CORPUS / "listings" / "markdown-links.yaml")
    build(content, tmp_path / "site")
    page = (tmp_path / "site" / "listings" / "markdown-links" / "index.html").read_text(encoding="utf-8")
    about = page[page.index("<h2") :]
    hrefs = re.findall(r'href="([^"]*)"', about)
    assert "https://example.org/" in hrefs and "mailto:help@example.org" in hrefs
    assert "tel:+18285550106" in hrefs and "sms:+18285550106" in hrefs
    assert not [h for h in hrefs if re.match(r"\s*(javascript|data|vbscript|file):", h, re.IGNORECASE)]


SCHEMES = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)",
           "java\nscript:alert(1)", "\x01javascript:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)",
           "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)", "VBScript:msgbox(1)",
           "//example.org/x", "https:javascript:alert(1)", "file:///etc/passwd", "https://example.org/\"><script>"]


@pytest.mark.parametrize("field", ["url", "chat_url", "source", "email"])
@pytest.mark.parametrize("value", SCHEMES, ids=lambda value: repr(value)[1:30])
def test_dangerous_link_is_refused_at_its_line(content, tmp_path, field, value):
    text = json.dumps(value)  # a JSON string is a YAML double-quoted string, escapes and all
    line = f"source: [{text}]\n" if field == "source" else f"{field}: {text}\n"
    body = LISTING.replace("source: [https://example.org/hostile]\n", "") if field == "source" else LISTING
    target = content / "listings" / "hostile-link.yaml"
    target.write_text(body + line, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(content, tmp_path / "site")
    assert_problem_lines(failure.value.problems, target)
    lines = [str(p) for p in failure.value.problems if p.where.path == str(target)]
    assert any(line.startswith(f"{target}:{body.count(chr(10)) + 1}:") and f"{field}" in line for line in lines), lines


@pytest.mark.parametrize("name", ["con.yaml", "CON.yaml", "aux.yaml", "lpt1.yaml", "nul.yaml", "com9.yaml",
                                  "My Listing.yaml", "Upper.yaml", "café.yaml", "a..b.yaml", "-x.yaml", "x-.yaml",
                                  "a\\b.yaml", "x.YAML", "x.yml", "x.yaml.md", "x" * 81 + ".yaml", "ｘ.yaml",
                                  "x\u202e.yaml", "x;rm -rf.yaml", "%2e%2e.yaml"])
def test_unsafe_file_name_is_refused(content, tmp_path, name):
    target = content / "listings" / name
    target.write_text(LISTING, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(content, tmp_path / "site")
    assert_problem_lines(failure.value.problems, target)


@pytest.mark.parametrize("name", ["..yaml", ".hidden.yaml", "...yaml"])
def test_dot_file_is_left_out(content, tmp_path, name):
    (content / "listings" / name).write_text(LISTING.replace("Hostile", "Hidden"), encoding="utf-8")
    build(content, tmp_path / "site")
    assert "Example Hidden Line" not in (tmp_path / "site" / "listings" / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "site" / "listings").iterdir() if p.is_dir()) == [
        "example-crisis-line", "example-library", "example-peer-warmline", "example-tuesday-circle"]


def test_folder_among_listings_is_refused(content, tmp_path):
    nested = content / "listings" / "nested"
    nested.mkdir()
    (nested / "inner.yaml").write_text(LISTING, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(content, tmp_path / "site")
    assert_problem_lines(failure.value.problems, nested)


def test_guide_file_names_follow_the_same_rules(content, tmp_path):
    guide = (content / "guides" / "reaching-out.md").read_text(encoding="utf-8")
    target = content / "guides" / "Con.md"
    target.write_text(guide, encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(content, tmp_path / "site")
    assert_problem_lines(failure.value.problems, target)


def test_symbolic_link_out_of_the_content_is_refused(content, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2-fictional\n", encoding="utf-8")
    target = content / "listings" / "linked.yaml"
    target.symlink_to(secret)
    with pytest.raises(BuildFailed) as failure:
        build(content, tmp_path / "site")
    assert_problem_lines(failure.value.problems, target)
    assert "hunter2" not in "\n".join(map(str, failure.value.problems))


def failing(content: Path, tmp_path: Path, target: Path, data: bytes) -> list[str]:
    target.write_bytes(data)
    with pytest.raises(BuildFailed) as failure:
        build(content, tmp_path / "site")
    assert_problem_lines(failure.value.problems, target)
    return [str(p) for p in failure.value.problems if p.where.path == str(target)]


def test_ten_megabyte_value_is_refused_without_reading_it_all(content, tmp_path):
    target = content / "listings" / "huge.yaml"
    data = LISTING.encode() + b"description: " + b"x" * 10_000_000 + b"\n"
    lines = failing(content, tmp_path, target, data)
    assert lines == [f"{target}:1:1: the file is {len(data) // 1024} KB; content files must be under 512 KB"]


def test_value_just_under_the_file_limit_is_refused_by_length(content, tmp_path):
    target = content / "listings" / "long.yaml"
    lines = failing(content, tmp_path, target, LISTING.encode() + b"url: http://" + b"a." * 200_000 + b" x\n")
    assert lines == [f"{target}:9:6: url: expected at most 500 characters, found 400009"]


def test_ten_megabyte_guide_is_refused(content, tmp_path):
    target = content / "guides" / "huge.md"
    lines = failing(content, tmp_path, target, b"---\ntitle: x\n---\n" + b"[" * 10_000_000)
    assert lines == [f"{target}:1:1: the file is 9765 KB; Markdown files must be under 64 KB"]


@pytest.mark.parametrize("depth", [13, 10_000, 200_000])
def test_deep_nesting_is_refused(content, tmp_path, depth):
    target = content / "listings" / "deep.yaml"
    lines = failing(content, tmp_path, target, LISTING.encode() + b"tags: " + b"[" * depth + b"]" * depth + b"\n")
    assert any("nested more than 12 levels deep" in line for line in lines), lines


def test_deep_block_nesting_is_refused(content, tmp_path):
    target = content / "listings" / "deep.yaml"
    nested = "".join(f"{' ' * i}a:\n" for i in range(700)) + " " * 700 + "b\n"  # 700 levels in 250 KB
    lines = failing(content, tmp_path, target, (LISTING + "tags:\n" + nested).encode())
    assert any("nested more than 12 levels deep" in line for line in lines), lines


def test_thousands_of_fields_are_reported_without_stalling(content, tmp_path):
    target = content / "listings" / "wide.yaml"
    fields = "".join(f"field{i}: x\n" for i in range(20_000))
    lines = failing(content, tmp_path, target, (LISTING + fields).encode())
    assert len([line for line in lines if "unknown field" in line]) == 20_000
    assert lines[-1].startswith(f"{target}:20008:1: field19999: unknown field; expected one of: ")


def test_thousands_of_list_items_are_reported_without_stalling(content, tmp_path):
    target = content / "listings" / "long-list.yaml"
    items = "".join(f"  - {{n: {i}}}\n" for i in range(20_000))
    lines = failing(content, tmp_path, target, (LISTING + "tags:\n" + items).encode())
    assert f"{target}:10:3: tags: expected at most 20 items, found 20000" in lines


def test_invalid_utf8_is_located(content, tmp_path):
    target = content / "listings" / "latin1.yaml"
    lines = failing(content, tmp_path, target, LISTING.replace("Hostile", "Caf\u00e9 \u00e9").encode()
                    .replace(b"\xc3\xa9 \xc3\xa9", b"\xc3\xa9 \xe9"))
    assert lines == [f"{target}:1:20: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"]


def test_nul_byte_is_located(content, tmp_path):
    target = content / "listings" / "binary.yaml"
    lines = failing(content, tmp_path, target, LISTING.encode().replace(b"summary: A", b"summary: \xc3\xa9\0A"))
    assert lines == [f"{target}:3:11: the file contains a NUL byte; it looks like a binary file, not text"]


def test_right_to_left_override_in_a_guide_body_is_refused(content, tmp_path):
    target = content / "guides" / "bidi.md"
    guide = (content / "guides" / "reaching-out.md").read_text(encoding="utf-8")
    lines = failing(content, tmp_path, target, (guide + "\nCall \u202e0010 555 828\n").encode())
    assert lines[0].endswith("contains the invisible character U+202E (right-to-left override), "
                             "which changes the order text is shown in; remove it")


def test_escaped_bidi_control_in_site_name_is_refused(content, tmp_path):
    target = content / "site.yaml"
    text = target.read_text(encoding="utf-8").replace("name: Example Connect", 'name: "Example \\u2067Connect"')
    lines = failing(content, tmp_path, target, text.encode())
    assert lines == [f"{target}:1:1: name: contains the invisible character U+2067 (right-to-left isolate), "
                     "which changes the order text is shown in; remove it"]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "...\n", "~\n", "\ufeff\n", "''\n",
                                  "[]\n", "{}\n", "- a\n- b\n", "just text\n", "&a x\n", "*a\n", "!!binary aGk=\n"])
def test_listing_that_is_not_a_group_of_fields_is_refused(content, tmp_path, text):
    target = content / "listings" / "odd.yaml"
    failing(content, tmp_path, target, text.encode())


def test_crlf_and_byte_order_mark_are_read(content, tmp_path):
    target = content / "listings" / "windows.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + LISTING.replace("\n", "\r\n").encode())
    build(content, tmp_path / "site")
    assert (tmp_path / "site" / "listings" / "windows" / "index.html").is_file()


def test_payload_in_a_problem_message_stays_on_one_line(content, tmp_path):
    target = content / "listings" / "newline.yaml"
    lines = failing(content, tmp_path, target, LISTING.replace(
        'verified: {date: "2026-11-01", by: sources}', 'verified: {date: "2026-11-01\\n::error file=x::fake", by: sources}').encode())
    assert all("\n" not in line for line in lines)
    assert any("verified.date" in line for line in lines), lines


def test_no_output_file_is_written_outside_the_site(content, tmp_path):
    """Backstop: whatever the content, every written file is inside site/ (write.py refuses otherwise).

    Beside the site there is only its lock, and for a moment the site before (.site.old-*), being removed.
    """
    site = tmp_path / "out" / "site"
    before = set(tmp_path.rglob("*"))
    build(content, site)
    after = {p for p in tmp_path.rglob("*") if not p.is_relative_to(site) and ".site.old-" not in str(p)}
    assert after - before == {tmp_path / "out", tmp_path / "out" / ".site.lock"}, sorted(map(str, after - before))
