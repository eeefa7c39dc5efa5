"""Security headers: every page carries the CSP, and nothing in a page needs what the CSP forbids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import visitor_pages
from .helpers import html_findings

META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
# What must never be allowed, whatever else the policy says.
FORBIDDEN = {"script-src": ["'unsafe-inline'", "'unsafe-eval'", "data:", "*", "http:", "https:"],
             "style-src": ["'unsafe-inline'", "data:", "*"], "default-src": ["*", "'unsafe-inline'"]}
HTML_SINKS = re.compile(r"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
                        r"setTimeout\(\s*['\"`]|setInterval\(\s*['\"`]|createContextualFragment|DOMParser|srcdoc")


@pytest.fixture
def site(built_sample_or_bundled) -> Path:
    """Return the built fictional sample (on its pinned day), and the bundled directory dated today (real clock)."""
    return built_sample_or_bundled


def policy(text: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in text.split(";") if part.strip())}


def pages(site: Path) -> list[Path]:
    found = visitor_pages(site)
    assert len(found) > 5
    return found


def test_every_page_has_a_strict_content_security_policy(site):
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        found = META_CSP.findall(head)
        assert len(found) == 1, f"{page.relative_to(site)}: expected one CSP <meta> in <head>, found {len(found)}"
        rules = policy(found[0])
        assert rules.get("object-src") == ["'none'"] and rules.get("base-uri") == ["'none'"], found[0]
        assert "script-src" in rules or "default-src" in rules, found[0]
        for directive, bad in FORBIDDEN.items():
            assert not set(rules.get(directive, [])) & set(bad), f"{page.relative_to(site)}: {directive} allows {bad}"


def test_no_page_has_inline_script_handlers_or_styles(site):
    findings = [finding for page in pages(site)
                for finding in html_findings(page.relative_to(site).as_posix(), page.read_text(encoding="utf-8"))]
    assert not findings, "\n".join(findings)
    for page in pages(site):
        assert "<style" not in page.read_text(encoding="utf-8").lower(), f"{page}: <style> is blocked by style-src"


def test_headers_file_carries_the_same_policy_for_hosts_that_read_it(site):
    headers = (site / "_headers").read_text(encoding="utf-8")
    meta = META_CSP.search((site / "index.html").read_text(encoding="utf-8")).group(1)
    header = re.search(r"^\s+Content-Security-Policy: (.+)$", headers, re.MULTILINE).group(1)
    assert policy(header) == {**policy(meta), "frame-ancestors": ["'none'"]}
    for name in ("X-Content-Type-Options: nosniff", "Referrer-Policy: no-referrer"):
        assert name in headers


def test_site_scripts_never_turn_text_into_html(site):
    """Search results come from page text, tags and all: the site's scripts may only ever set textContent."""
    scripts = sorted((site / "assets").rglob("*.js"))
    assert scripts
    for script in scripts:
        code = script.read_text(encoding="utf-8")
        found = [f"{script.name}:{code.count(chr(10), 0, m.start()) + 1}: {m.group()}"
                 for m in HTML_SINKS.finditer(code)]
        assert not found, "\n".join(found)
