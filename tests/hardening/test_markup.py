"""Markdown in guides and descriptions: a few allowed tags, and links only to the web, email, phones and pages."""

from __future__ import annotations

import re

import pytest

from sitegen.markup import ALLOWED_SCHEMES, ALLOWED_TAGS, problems_in, to_html

from .helpers import DANGEROUS_TAGS, _Page


def convert(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Return a guide's Markdown as HTML, and its problems as (offset in the text, message)."""
    problems = problems_in(text, "guides/g/", frozenset({"/", "/listings/x/", "/guides/other/"}))
    return ("" if problems else to_html(text, "guides/g/")), problems


def test_allow_lists_are_small():
    assert {"http", "https", "mailto", "tel", "sms"} == ALLOWED_SCHEMES
    assert not ALLOWED_TAGS & (DANGEROUS_TAGS | {"div", "span", "table", "details", "input", "button", "textarea"})


@pytest.mark.parametrize("raw", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<style>*{}</style>",
    "<iframe src=https://example.org></iframe>", "<div style='x' onclick='alert(1)'>x</div>",
    "<a onclick=alert(1)>x</a>", "<form action=/x><input></form>", "<object data=x></object>",
    "<math><mi>x</mi></math>", "<details open ontoggle=x>", "<p title=x lang=en dir=rtl class=c id=i>text</p>",
    "<abbr title=t onmouseover=x>A</abbr>", "<meta http-equiv=refresh>",
])
def test_raw_html_is_cut_down_to_the_allow_list(raw):
    html, _ = convert(raw)
    page = _Page()
    page.feed(html)
    for tag, attributes, _ in page.tags:
        assert tag in ALLOWED_TAGS, html
        # nh3 keeps lang and title on any tag: harmless text
        assert set(attributes) <= {"title", "lang"} | ({"href", "rel"} if tag == "a" else set()), html


@pytest.mark.parametrize("link, href", [
    ("https://example.org/a", "https://example.org/a"), ("http://example.org/", "http://example.org/"),
    ("mailto:help@example.org", "mailto:help@example.org"), ("tel:+18285550130", "tel:+18285550130"),
    ("sms:741741", "sms:741741"), ("/listings/x/", "../../listings/x/"), ("../other/", "../other/"),
    ("#top", "#top"), ("?q=help", "?q=help"), ("javascript:alert(1)", None), ("JAVASCRIPT:alert(1)", None),
    ("data:text/html,x", None), ("vbscript:x", None), ("file:///etc/passwd", None), ("ftp://example.org/", None),
    ("java&#x09;script:alert(1)", None), ("&#106;avascript:alert(1)", None), ("geo:0,0", None),
])
def test_links_keep_only_safe_schemes_and_relative_addresses(link, href):
    problems = problems_in(f"[text]({link})", "guides/g/", frozenset({"/", "/listings/x/", "/guides/other/"}))
    assert not problems or href is None  # a link that is neither a web address nor a page is reported too
    html = to_html(f"[text]({link})", "guides/g/")
    found = re.findall(r'href="([^"]*)"', html)
    assert found == ([href.replace("&", "&amp;")] if href else []), html


def test_a_link_whose_address_was_removed_stays_valid_html():
    html, _ = convert("[text](javascript:alert(1)) <a title='t' href='javascript:x'>b</a>")
    assert html == '<p><a>text</a> <a title="t">b</a></p>'


def test_unclosed_brackets_are_refused_where_the_first_one_is():
    html, problems = convert("Intro line.\n\nSee (this " + "[" * 3000)
    assert html == ""
    assert problems == [(17, "too many [, ( or < are never closed (the first is '('); "
                             "close them, or write \\[ for a bracket that is not a link")]


def test_ordinary_text_with_many_links_is_converted():
    text = "\n\n".join(f"Call [line {i}](tel:+18285550{100 + i % 100}) (any time) <https://example.org/{i}>" for i in range(300))
    html, problems = convert(text)
    assert not problems and html.count("<a ") == 600
