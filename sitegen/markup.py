"""Markdown to safe HTML: only a few tags, only safe links, and every link to this site's pages checked."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Container
from html import unescape
from urllib.parse import unquote, urlsplit

import markdown
import nh3

from .urls import root_of

# Markdown may use these and nothing else; links only to the web, email, phones and pages of this site.
ALLOWED_TAGS = {"p", "br", "a", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
                "code", "pre", "hr", "abbr"}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel", "sms"}
# Text without these is plain paragraphs to Markdown: no markup, lists, headings, code, breaks or entities.
MARKDOWN_SYNTAX = re.compile(r"[^\w\n ,.;:'\"?!()/%$@+=-]|_|^[ =+-]|^\d+[.)]| $|\A\s*\Z", re.MULTILINE)
# What most descriptions use besides: **strong** words and [links](https://example.org/) in paragraphs and "- " lists.
STRONG_OR_LINK = re.compile(r"\*\*([^*\n]+?)\*\*|\[([^][\n]+)\]\(((?:https?://|/)[\w/:.?=&%#~+-]*)\)")
# Where Markdown names a link's address: [text](address), [label]: address, and <a href="address"> in raw HTML.
LINK = re.compile(r"""\]\(\s*<?([^\s)>]+)|^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)|<a\s[^>]*?href\s*=\s*["']([^"']*)""",
                  re.MULTILINE | re.IGNORECASE)

Found = list[tuple[int, str]]  # (offset in the text, what is wrong)


def problems_in(text: str, page_url: str, urls: frozenset[str]) -> Found:
    """Return what is wrong with Markdown for the page at page_url: text Python-Markdown would take minutes on,
    and links to pages of this site that it does not have. urls are the site's pages, like /listings/x/."""
    unclosed = unclosed_bracket(text)
    if unclosed is not None:
        return [(unclosed, f"too many [, ( or < are never closed (the first is '{text[unclosed]}'); "
                           "close them, or write \\[ for a bracket that is not a link")]
    return [(at, f"the link {href} goes to no page of this site; link to a page like /listings/<slug>/")
            for at, href, target in site_links(text, page_url) if target not in urls]


def site_links(text: str, page_url: str) -> list[tuple[int, str, str]]:
    """Return (offset, address, page) for each link in Markdown to a page of this site, like /listings/x/."""
    found = []
    for match in LINK.finditer(text):
        at = next(n for n in (1, 2, 3) if match.group(n) is not None)
        target = _site_page(page_url, match.group(at))
        if target is not None:
            found.append((match.start(at), match.group(at), target))
    return found


def to_html(text: str, page_url: str, prefix: str = "", translated: Container[str] = ()) -> str:
    """Return Markdown as safe HTML for the page at page_url, its links to this site's pages made relative to it.

    On a page of another language than the default (under prefix, like es/), a link goes to the page in that
    language if it has been translated (its address, like guides/x/, is in translated), else to the original."""
    html = simple_markdown(text)  # what most descriptions use, 20 times faster than Python-Markdown
    if html is None:
        html = python_markdown(text)
    root = root_of(page_url)
    if not prefix:
        return re.sub(r'href="/(?!/)', f'href="{root}', html)
    return re.sub(r'href="/(?!/)([^"#?]*)',
                  lambda link: f'href="{root}{prefix if link[1] in translated else ""}{link[1]}', html)


def python_markdown(text: str) -> str:
    """Return Python-Markdown's HTML of the text, cleaned."""
    return clean(_converter().reset().convert(text))


def _site_page(page_url: str, href: str) -> str | None:
    """Return the page of this site a link goes to, like /listings/x/; None for other sites, email and phones."""
    parts = urlsplit(unescape(href))  # as a browser reads it: &#106;avascript: is javascript:
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another site, an email or phone link, or a place within the page
    path = unquote(parts.path)
    if path.startswith("/"):
        return path
    folder = "/" + page_url.rpartition("/")[0] + "/"  # every page's address ends in /, like listings/x/
    return posixpath.normpath(posixpath.join(folder, path)) + ("/" if path.endswith("/") else "")


@functools.cache
def _converter() -> markdown.Markdown:
    """Return one converter, reused (and reset) for every text: building one costs far more than converting."""
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


def unclosed_bracket(text: str, budget: int = 1_000_000) -> int | None:
    """Return the offset of the first unclosed [, ( or <, if Python-Markdown would take minutes on them; else None.

    Python-Markdown looks for the end of each [ ... ], ( ... ) and < ... > by reading on to the end of
    the paragraph, again for each of its link patterns: 5,000 unclosed [ took 13 s, 20,000 hours.
    The budget counts the characters read that way; real text with a few hundred links reads thousands.
    """
    if sum(map(text.count, "[(<")) * len(text) <= budget:
        return None  # each one reads at most the whole text: most descriptions are far below the budget
    cost, first = 0, None
    for block in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):  # paragraphs: text between blank lines
        opened: dict[str, list[int]] = {"[": [], "(": [], "<": []}
        for mark in re.finditer(r"[][()<>]", block.group()):
            char, at = mark.group(), mark.start()
            if char in opened:
                opened[char].append(at)
            elif starts := opened["[(<"["])>".index(char)]]:
                cost += at - starts.pop()
        length = block.end() - block.start()
        for starts in opened.values():
            cost += sum(length - at for at in starts)
            if starts and (first is None or block.start() + starts[0] < first):
                first = block.start() + starts[0]
    return first if cost > budget else None


def clean(html: str) -> str:
    """Return Markdown's HTML without what descriptions and guides may not use; links open without a referrer."""
    html = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}, "abbr": {"title"}},
                     url_schemes=ALLOWED_SCHEMES, link_rel="noopener noreferrer")
    # nh3 drops a javascript: href but keeps the <a> and its rel, which HTML does not allow without href.
    return re.sub(r'<a((?: (?!href=)[a-z]+="[^"]*")*?) rel="noopener noreferrer"((?: (?!href=)[a-z]+="[^"]*")*)>',
                  r"<a\1\2>", html)


def simple_markdown(text: str) -> str | None:
    """Return the HTML Python-Markdown makes of text, if text is paragraphs and "- " lists of plain words,
    **strong** words and [links](https://... or /...); else None. Tests hold it to Python-Markdown's, cleaned."""
    if not MARKDOWN_SYNTAX.search(text):  # plain paragraphs, as most descriptions are
        return "\n".join(f"<p>{paragraph}</p>" for paragraph in re.split(r"\n\n+", text.strip("\n")))
    if not text.strip(" \n"):
        return ""
    blocks, after_list = [], False
    for block in re.split(r"\n\n+", text.strip("\n")):
        lines = block.split("\n")
        items = [line[2:] for line in lines if line.startswith("- ")]
        if items and (len(items) < len(lines) or after_list):
            return None  # a list within a paragraph, or two lists apart: loose items
        inline = [_inline(line) for line in items or lines]
        if None in inline:
            return None
        blocks.append("<ul>\n" + "".join(f"<li>{x}</li>\n" for x in inline) + "</ul>" if items
                      else "<p>" + "\n".join(x or "" for x in inline) + "</p>")
        after_list = bool(items)
    return "\n".join(blocks)


def _inline(line: str) -> str | None:
    """Return one line of plain words, **strong** words and [links](url) as HTML, or None if it holds other syntax."""
    words = [match[1] or match[2] for match in STRONG_OR_LINK.finditer(line)]  # what is strong, or a link's text
    if any(MARKDOWN_SYNTAX.search(x) for x in (STRONG_OR_LINK.sub("x", line), *words)):
        return None
    return STRONG_OR_LINK.sub(lambda m: f"<strong>{m[1]}</strong>" if m[1] else
                              f'<a href="{m[3].replace("&", "&amp;")}" rel="noopener noreferrer">{m[2]}</a>', line)
