"""What the stages work out from each listing, kept with the listing while the preview keeps its listings.

`serve` keeps each listing as the same object from save to save (validate.Checked.listing_in: only a saved file's
listing is made anew), so what a stage worked out from an unchanged listing last time still holds: its words for
search, filter values, translation, HSDS items, rank. A stage asks derived(listing, what, make) and gets make(),
kept with the listing once keep() has been called (Preview), as Pelican's readers ask their cache. A step over every
listing (the sitemap, HSDS's lists) asks last(what, made_of, make) and gets what it made last time while made_of is
the same. A build calls nothing here: it works each thing out once, and at 50,000 listings the memory kept would
cost more than it saves.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from itertools import chain
from typing import Any, TypeVar

from .models import Listing

T = TypeVar("T")

_KEPT: weakref.WeakKeyDictionary[Listing, dict[Hashable, tuple[Any, Any]]] = weakref.WeakKeyDictionary()
_LAST: dict[Hashable, tuple[Any, Any]] = {}  # what a step over every listing made last, and what of (last())
_COUNTS: dict[Hashable, tuple[dict[int, tuple], Counter]] = {}  # the tuples counted last, by id, and the count
_keeping = False


def keep(on: bool = True) -> None:
    """Keep from now on what the stages work out from each listing, for as long as the listing lives (serve), and
    start afresh what steps over every listing made (last(): a build of everything makes it all again, with the
    templates as they are now); or, on=False, no more, letting go of what was kept."""
    global _keeping
    _keeping = on
    _LAST.clear()
    _COUNTS.clear()
    if not on:
        _KEPT.clear()


def keeping() -> bool:
    """Return whether what is worked out from listings is kept (serve), so a whole-directory step may keep its
    own result to start from next time."""
    return _keeping


def derived(listing: Listing, what: Hashable, make: Callable[[], T], made_of: Any = None) -> T:
    """Return make(): what a stage works out from a listing, named what; kept with the listing while keeping, and
    worked out again if made_of (what else it depends on, compared by ==) is not what it was made of."""
    if not _keeping:
        return make()
    kept = _KEPT.get(listing)  # not setdefault, which makes a weak reference at each call
    if kept is None:
        kept = _KEPT[listing] = {}
    found = kept.get(what)
    if found is None or found[0] != made_of:
        found = kept[what] = (made_of, make())
    return found[1]


def last(what: Hashable, made_of: Any, make: Callable[[], T]) -> T:
    """Return make(): what a step over every listing makes, named what, like the sitemap; while keeping, what it
    made last if that was made of what equals made_of. Compared with ==, made_of is cheap to compare when made of
    what is kept with listings (derived): an unchanged listing's are the same objects."""
    if not _keeping:
        return make()
    found = _LAST.get(what)
    if found is None or found[0] != made_of:
        found = _LAST[what] = (made_of, make())
    return found[1]


def counted(what: Hashable, found: Iterable[tuple]) -> Counter:
    """Return how many times each value is in the tuples, like how many listings use each word: Counter of them
    all. While keeping, each tuple is kept with its listing (derived) and a save changes one listing's: counted
    from the count named what made last, the tuples not in it now taken off and the new ones added."""
    if not _keeping:
        return Counter(chain.from_iterable(found))
    now = {id(each): each for each in found}  # each listing's own tuple; the ones before are alive, in _COUNTS
    before, used = _COUNTS.get(what, ({}, Counter()))
    used = used.copy()
    for gone in before.keys() - now.keys():
        used.subtract(before[gone])
    for new in now.keys() - before.keys():
        used.update(now[new])
    used = +used  # without the values no tuple holds any more
    _COUNTS[what] = (now, used)
    return used
