"""The vocabulary a search page corrects typing mistakes from ("Did you mean ...?"): the words of one language's
listings, categories, guides, tags, audiences and synonyms, in a text file beside its search page.

search.js loads it only when a search finds little, and works out the suggestion in the browser: what was
searched never leaves the device. The words are the ones the language's search index holds, most used first, so
that of two words as near to what was typed, the more common one is suggested. A large directory's rarest words
are left out where the file would grow past MOST_BYTES, what it may add to a first search.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from . import kept
from .models import Directory, Listing

PATH = "search/vocabulary.txt"  # under each language's prefix, like es/search/vocabulary.txt
MOST_BYTES = 60 * 1024
SHORTEST = 4  # shorter words are never corrected: they have too many neighbours ("care", "core", "cure")
WORD = re.compile(r"[^\W\d_]+")  # letters of any alphabet, accented ones too


def vocabulary(directory: Directory) -> list[str]:
    """Return the words of one language's directory that its search finds, in lower case, most used first (by how
    many listings, categories and guides use each), then in alphabetical order."""
    used = _listings_count(directory) + Counter()  # a copy
    for texts in _texts(directory):
        used.update(_words(texts))
    return sorted(used, key=lambda word: (-used[word], word))


def _listings_count(directory: Directory) -> Counter[str]:
    """Return how many of the directory's listings use each word (kept.py: in serve, from the count before, as a
    save changes one listing's words, and counting 10,000 listings' words again took a tenth of a save). A build
    counts them listing by listing: 50,000 listings' words held at once took 90 MiB."""
    return kept.counted(("words", directory.site and directory.site.language),  # each language's its own
                        (_listing_words(x, directory) for x in directory.listings))


def _listing_words(listing: Listing, directory: Directory) -> tuple[str, ...]:
    """Return the words of a listing that its search finds, each once (kept.py: in serve, finding the words of
    10,000 listings again took a fifth of a save; a listing is made anew when its file is read again, and so are
    all when search.yaml is, which gives the everyday words for a listing's terms)."""
    terms = (*listing.tags, *listing.audience, listing.category.slug)
    return kept.derived(listing, "search words", lambda: _words(  # a listing in each language is one of its own
        [listing.name, listing.summary, listing.description, *terms, *directory.search.words_for(terms)]))


def _words(texts: list[str]) -> tuple[str, ...]:
    """Return the words of some texts that search may correct to, in lower case, each once."""
    # One search of the texts joined: a tenth of the calls.
    return tuple({word for word in WORD.findall(" ".join(texts).lower()) if len(word) >= SHORTEST})


def vocabulary_file(directory: Directory) -> bytes:
    """Return the vocabulary as a text file, one word a line, cut before it grows past MOST_BYTES."""
    lines, size = [], 0
    for word in vocabulary(directory):
        size += len(word.encode()) + 1
        if size > MOST_BYTES:
            break
        lines.append(word + "\n")
    return "".join(lines).encode()


def _texts(directory: Directory) -> Iterator[list[str]]:
    """Yield the words each category and guide is found by, as its search pages index them (listings: above)."""
    for category in directory.categories:
        if category.listings:
            yield [category.name, category.plural, category.description]
    for guide in directory.guides:
        yield [guide.title, guide.summary, guide.body]
