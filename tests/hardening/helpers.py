"""Helpers for the hardening tests: builds into tmp_path with a fixed date, and scans of the built site."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import sitegen
from sitegen.config import Config

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "tests" / "golden" / "sample" / "content"
CORPUS = Path(__file__).resolve().parent / "corpus"
TODAY = dt.date(2026, 11, 26)  # after every date in the sample, so nothing is "in the future"
SOURCE_DATE_EPOCH = "1795651200"  # 2026-11-26 00:00 UTC, as tests/conftest.py pins it for the fixtures

# Schemes a link in the built site may use. Anything else (javascript:, data:, vbscript:, file:) is a finding.
SAFE_SCHEMES = {"http", "https", "mailto", "tel", "sms", "geo"}
# Tags that run code, load other documents or restyle the page; content can never produce them.
DANGEROUS_TAGS = {"iframe", "frame", "object", "embed", "applet", "base", "form", "style", "svg", "math", "img",
                  "video", "audio", "source", "link", "meta", "script", "template", "portal", "dialog"}
# Where templates legitimately use some of those tags: only in <head>, or the site's own forms, QR codes and the
# <template>s that scripts copy (every <script> is checked below, and content never reaches these as markup).
TEMPLATE_TAGS = {"link", "meta", "script", "form", "svg", "template"}
DATA_SCRIPTS = {"application/ld+json", "application/json"}  # data for search engines and the site's scripts
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "ping", "background", "cite"}


def config(content_dir: Path, site_dir: Path, **changes) -> Config:
    """Return a build configuration; "today" is pinned for fixtures and real for the bundled content (conftest.py)."""
    return Config(content_dir=content_dir, site_dir=site_dir, **changes)


def build(content_dir: Path, site_dir: Path, **changes) -> list[sitegen.Problem]:
    """Build the site and return its warnings; BuildFailed propagates."""
    return sitegen.build(config(content_dir, site_dir, **changes))


def build_env() -> dict[str, str]:
    """Return the environment for a `python build.py` subprocess: reproducible date, this checkout importable."""
    import os
    return {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONPATH": str(REPO)}


def build_command(content_dir: Path, site_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), "build", "--content", str(content_dir), "--out", str(site_dir),
            *extra]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under folder by relative path, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_problem_lines(problems, path: Path | None = None) -> None:
    """Assert every problem prints as path:line:col: ... with line and column inside the file it names."""
    assert problems, "expected at least one problem"
    named = False
    lengths: dict[str, int] = {}  # lines in each file named, read once: a hostile file may have 20,000 problems
    for problem in problems:  # every problem, not only those up to the first that names path
        text = str(problem)
        match = re.match(r"^(.+?):(\d+):(\d+): \S", text)
        assert match, f"not path:line:col: message: {text!r}"
        file, line, column = match.group(1), int(match.group(2)), int(match.group(3))
        assert "Traceback" not in text and "\n" not in text.rstrip("\n"), text
        assert line >= 1 and column >= 1, text
        if file not in lengths and Path(file).is_file():
            lengths[file] = max(Path(file).read_bytes().count(b"\n") + 1, 1)
        if file in lengths:
            assert line <= lengths[file], f"line {line} is past the end of {file} ({lengths[file]} lines): {text}"
        named = named or Path(file) == path
    assert path is None or named, f"no problem names {path}:\n" + "\n".join(map(str, problems))


class _Page(HTMLParser):
    """Collect what a page would run or load: tags, attributes and the text of <script> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], tuple[int, int]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes, self.getpos()))
        if tag == "script":
            self._script, self._text = attributes, []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)


def _scheme(url: str) -> str | None:
    """Return a URL's scheme as a browser reads it: control characters and spaces dropped, any case."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)  # browsers strip tabs and newlines anywhere in a URL
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


def html_findings(name: str, text: str) -> list[str]:
    """Return everything in one HTML page that could run code from content, or that the CSP would block."""
    page = _Page()
    page.feed(text)
    page.close()
    found = []
    for tag, attributes, (line, column) in page.tags:
        at = f"{name}:{line}:{column + 1}: <{tag}>"
        for attribute, value in attributes.items():
            if attribute.startswith("on"):
                found.append(f"{at} has an event handler {attribute}={value!r}")
            if attribute == "style":
                found.append(f"{at} has a style attribute, which the CSP blocks")
            if attribute in URL_ATTRIBUTES and value is not None and _scheme(value) not in (None, *SAFE_SCHEMES):
                found.append(f"{at} {attribute} uses the {_scheme(value)}: scheme: {value!r}")
            if attribute == "srcdoc" or (attribute == "http-equiv" and (value or "").lower() == "refresh"):
                found.append(f"{at} has {attribute}={value!r}")
        if tag == "img" and re.fullmatch(r"(?:(?:\.\./)*|/(?:[\w.-]+/)*)assets/[\w.-]+", attributes.get("src") or ""):
            pass  # the site's own images, from templates
        elif tag in DANGEROUS_TAGS and tag not in TEMPLATE_TAGS:
            found.append(f"{at} is not allowed in the site")
        if tag == "script":
            if attributes.get("type") in DATA_SCRIPTS:
                continue
            src = attributes.get("src") or ""
            if name == "admin/index.html" and src == "admin.js":
                continue  # the editors' form's own script, from templates/admin
            if not re.fullmatch(r"(?:(?:\.\./)*|/(?:[\w.-]+/)*)(?:assets/[a-z-]+|pagefind/pagefind[a-z-]*)\.js", src):
                found.append(f"{at} is not one of the site's own scripts: {attributes!r}")
    for attributes, body in page.scripts:
        if attributes.get("type") in DATA_SCRIPTS:
            if "<" in body:
                found.append(f"{name}: {attributes['type']} contains a raw '<', which could close the script element")
            try:
                json.loads(body)
            except ValueError as error:
                found.append(f"{name}: {attributes['type']} is not valid JSON: {error}")
        elif body.strip():
            found.append(f"{name}: inline script, which the CSP blocks: {body[:80]!r}")
    return found


def output_findings(folder: Path) -> list[str]:
    """Return every place in the built site where content could run code in a visitor's browser."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        index = re.sub(r"^[a-z]{2,3}/(?=pagefind/)", "", name)  # each language's search index: es/pagefind/...
        if name.endswith(".pf_fragment"):
            found += fragment_findings(name, data)
            continue
        if index.startswith("pagefind/") and not name.endswith(".js"):
            continue  # Pagefind's binary index: words, not markup
        text = data.decode("utf-8", "replace")
        if name.endswith(".html"):
            found += html_findings(name, text)
        elif name.startswith("hsds/"):
            found += hsds_findings(name, text)
        elif name == "manifest.webmanifest" or re.fullmatch(r"zip/\d{3}\.json", name):
            # JSON, read by the browser as data: held to what the pages' JSON is held to (html_findings).
            if "<" in text:
                found.append(f"{name}: contains a raw '<'")
            json.loads(text)
        elif name.startswith(("assets/", "admin/")) or name == "sw.js" \
                or re.fullmatch(r"pagefind/(?:[\w-]+/)?pagefind[\w-]*\.js", index):
            continue  # the site's own code, the editors' form (no content goes into it), and Pagefind's, as code
        else:
            for pattern in (r"<script", r"<iframe", r"<svg", r"<img", r"javascript:", r"vbscript:",
                            r"\bon\w+\s*=\s*[\"']?alert"):
                for match in re.finditer(pattern, text, re.IGNORECASE):
                    found.append(f"{name}: {text[max(0, match.start() - 40):match.end() + 40]!r}")
    return found


def hsds_findings(name: str, text: str) -> list[str]:
    """Return what in one HSDS file a reader could be led to run: markup that could end a <script> element it is
    put into, or an address that is not a web page. Its texts are data, as typed: a reader shows them as text."""
    found = [f"{name}: {text[max(0, at - 40):at + 40]!r}" for at in range(len(text)) if text[at] in "<>"][:5]

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("url", "website", "uri", "schedule_link", "x_chat_url") and not str(item).startswith(
                        ("https://", "http://")):
                    found.append(f"{name}: {key} {item!r} is not a web address")
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(json.loads(text))
    return found


def fragment_findings(name: str, data: bytes) -> list[str]:
    """Return links in one Pagefind result that search.js would follow: only pages of the site, tel: and sms:.

    A fragment holds a page's text as plain text, tags and all: search.js must only ever put it into
    textContent (test_csp checks the scripts), so the text itself is not a finding.
    """
    fragment = json.loads(gzip.decompress(data).removeprefix(b"pagefind_dcd"))
    found = []
    if _scheme(fragment["url"]) or fragment["url"].startswith("//"):
        found.append(f"{name}: url {fragment['url']!r} leaves the site")
    href = fragment.get("meta", {}).get("phone_href")
    if href is not None and _scheme(href) not in ("tel", "sms"):
        found.append(f"{name}: phone_href {href!r} is not a tel: or sms: link")
    return found
