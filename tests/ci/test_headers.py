"""The site's `_headers` file (Netlify, Cloudflare Pages): security headers, and long caching only where safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import visitor_pages

META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@pytest.fixture
def site(built_sample) -> Path:
    """The fictional sample site, Pagefind index and all, built once per test run (tests/conftest.py)."""
    return built_sample


def rules(text: str) -> dict[str, dict[str, str]]:
    """Parse a _headers file: a path pattern at the start of a line, then indented 'Name: value' lines."""
    found: dict[str, dict[str, str]] = {}
    path = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        assert len(line) < 2000, "Cloudflare Pages ignores longer lines"
        if not line.startswith(" "):
            assert line.startswith("/") and path != line, line
            path = line
            found[path] = {}
        else:
            name, value = line.strip().split(": ", 1)
            found[path][name] = value
    assert len(found) <= 100, "Cloudflare Pages reads at most 100 rules"
    return found


def test_every_page_gets_the_security_headers(site):
    headers = rules((site / "_headers").read_text())["/*"]
    assert {name: value for name, value in headers.items() if name != "Content-Security-Policy"} == {
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(self), payment=(), usb=(), interest-cohort=(), "
                              "browsing-topics=()",
    }


def test_the_header_csp_is_the_meta_csp_of_every_page_plus_frame_ancestors(site):
    header = rules((site / "_headers").read_text())["/*"]["Content-Security-Policy"]
    pages = visitor_pages(site)
    assert len(pages) > 10
    for page in pages:
        meta = META_CSP.findall(page.read_text())
        # frame-ancestors is ignored in a <meta> tag, so only the header carries it.
        assert meta and header == meta[0] + "; frame-ancestors 'none'", page.relative_to(site)
    assert "default-src 'self'" in header and "'unsafe-inline'" not in header


def test_long_caching_only_for_files_named_after_their_contents(site):
    cached = {path: headers["Cache-Control"] for path, headers in rules((site / "_headers").read_text()).items()
              if "Cache-Control" in headers}
    assert cached == {f"{at}/pagefind/{bundle}{folder}/*": "public, max-age=31536000, immutable"
                      for folder in ("fragment", "index", "filter") for bundle in ("", "*/")  # guides, bundles
                      for at in ("", "/es")}  # each language's index
    for folder in ("fragment", "index", "filter"):
        names = [p.name for p in (site / "pagefind" / folder).iterdir()]
        # Pagefind puts a content hash in each name, like en_1a2b3c4.pf_fragment: a new index gets new names.
        assert names and all(re.fullmatch(r"[a-z-]+_[0-9a-f]{7,}\.pf_\w+", n) for n in names), names
    # These keep their names from build to build, so long caching would serve a stale site after a deploy.
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "assets" / "site.css").is_file()
