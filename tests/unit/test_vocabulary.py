"""The vocabulary "Did you mean ...?" corrects from: the words a language's search finds, most used first, cut to size."""

from __future__ import annotations

import datetime as dt

from sitegen import kept, vocabulary
from sitegen.models import Category, Directory, Guide, SearchWords
from sitegen.yamltext import Record

from .test_render import make_listing

WARMLINES = Category("warmline", "Warmline", "Warmlines", "Talk with a peer.")


def directory(listings, guides=(), synonyms=None) -> Directory:
    search = SearchWords(("kill myself",), synonyms or {})
    WARMLINES.listings = list(listings)
    return Directory(None, [WARMLINES], list(listings), list(guides), [], search, dt.date(2026, 11, 1))  # type: ignore[arg-type]


def test_the_words_come_most_used_first_then_in_alphabetical_order():
    found = vocabulary.vocabulary(directory([
        make_listing(slug="a", name="Peer Warmline", summary="Talk with a peer, any evening."),
        make_listing(slug="b", name="Evening Circle", summary="Friendly peer support."),
    ]))
    assert found[:3] == ["peer", "warmline", "evening"], "peer in three places, warmline and evening in two"
    assert "any" not in found and "a" not in found, "words under 4 letters are never corrected"


def test_tags_synonyms_accents_and_guides_are_words_too():
    listing = make_listing(tags=("loneliness",), description="Hablamos en **español**.")
    guide = Guide("reaching-out", "guides/reaching-out.md", "Reaching out", "When it is hard.", dt.date(2026, 1, 1),
                  "Call a *warmline* first.", 1, Record("content/guides/reaching-out.md"))
    found = vocabulary.vocabulary(directory([listing], [guide], {"loneliness": ("lonely", "soledad")}))
    assert {"loneliness", "lonely", "soledad", "español", "hablamos", "reaching", "first"} <= set(found)


def test_the_file_keeps_the_most_used_words_that_fit(monkeypatch):
    listings = [make_listing(slug=f"x{n}", name=f"Example {'abcdefghij'[n]}word", summary="Shared words.")
                for n in range(10)]
    whole = vocabulary.vocabulary_file(directory(listings)).decode().split("\n")
    most = ["warmline", "example", "shared", "words"]  # the category of each, then words of each listing
    assert whole[:4] == most and whole[-1] == "" and len(set(whole)) == len(whole), "one word a line, each once"
    monkeypatch.setattr(vocabulary, "MOST_BYTES", 32)
    assert vocabulary.vocabulary_file(directory(listings)).decode() == "".join(word + "\n" for word in most)


def test_a_directory_after_another_has_the_words_it_would_have_on_its_own():
    """As in serve, which keeps the listings from save to save (kept.py) and counts from the count before."""
    first = [make_listing(slug="a", name="Peer Warmline", summary="Talk with a peer."),
             make_listing(slug="b", name="Evening Circle", summary="Friendly peer support.")]
    changed = [first[0], make_listing(slug="b", name="Morning Circle", summary="Friendly support.")]
    kept.keep()
    try:
        vocabulary.vocabulary(directory(first))  # counted, then counted again from here with one listing changed
        found = vocabulary.vocabulary(directory(changed))
    finally:
        kept.keep(False)
    assert "evening" not in found and "morning" in found and found.index("peer") < found.index("circle")
    assert found == vocabulary.vocabulary(directory([make_listing(slug="a", name="Peer Warmline",
                                                                  summary="Talk with a peer."), changed[1]]))
