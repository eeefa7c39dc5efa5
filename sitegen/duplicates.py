"""Listings that may be one service entered twice: the same name and number (an error), or alike (a warning)."""

from __future__ import annotations

import functools

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

from . import kept
from .models import Listing
from .phones import dialled
from .problems import Problem
from .yamltext import FieldPath, field_name


def check_duplicates(listings: list[Listing], problems: list[Problem]) -> None:
    """Report listings that share a name and a phone number: the same service entered twice."""
    seen: dict[tuple[str, str], Listing] = {}
    for listing in listings:
        for phone in listing.phones:
            key = (listing.name.casefold(), phone.href)
            if key in seen and seen[key] is not listing:
                problems.append(Problem(listing.record.where(("name",)), "name", f"'{listing.name}' with phone "
                                        f"{phone.display} is already listed in {seen[key].record.path}; keep one"))
                break
            seen.setdefault(key, listing)


def warn_duplicates(listings: list[Listing]) -> list[Problem]:
    """Warn about listings that may be one service entered twice, on the later file, naming the earlier one.

    Alike means the same phone number, the same website for the same kind of service at the same place,
    or names at least 90% alike.
    Short codes such as 988 and 211 do not count: many services share them.
    """
    listings = sorted(listings, key=lambda x: x.path)
    reasons: dict[tuple[int, int], list[tuple[FieldPath, str]]] = {}  # (earlier, later) -> what they share
    first: dict[tuple[str, ...], int] = {}  # ("phone", number) or ("url", category, address) -> the first with it
    for i, listing in enumerate(listings):
        for key, path, words in _shared(listing):
            j = first.setdefault(key, i)
            if j != i and path[0] not in {seen[0] for seen, _ in reasons.get((j, i), [])}:  # one phone is enough
                reasons.setdefault((j, i), []).append((path, words))
    for j, i, same in _alike_names(tuple(x.name.casefold() for x in listings)):
        reasons.setdefault((j, i), []).append((("name",), "the same name" if same else "a very similar name"))
    found = []
    for (j, i), shared_by in sorted(reasons.items()):
        earlier, later = listings[j], listings[i]
        same_phone = {p.href for p in earlier.phones} & {p.href for p in later.phones}
        if earlier.name.casefold() == later.name.casefold() and same_phone:
            continue  # check_duplicates already reports this as an error
        texts = [words for _, words in shared_by]
        text = ", ".join(texts[:-1]) + " and " + texts[-1] if len(texts) > 1 else texts[0]
        found.append(Problem(later.record.where(shared_by[0][0]), field_name(shared_by[0][0]),
                             f"may be the same service as '{earlier.name}' in {earlier.record.path} ({text}); "
                             "if so, keep one listing", "warning"))
    return found


def _shared(listing: Listing) -> tuple[tuple[tuple[str, ...], FieldPath, str], ...]:
    """Return what a listing may share with another, (key, field, in words): its phone numbers, and its website
    with its kind and place (kept.py: in serve, working it out for 10,000 listings took a twentieth of a save)."""
    return kept.derived(listing, "shared", lambda: _sharing(listing),
                        (listing.phones, listing.url, listing.location))  # its category is the one its file names


def _sharing(listing: Listing) -> tuple[tuple[tuple[str, ...], FieldPath, str], ...]:
    shared: list[tuple[tuple[str, ...], FieldPath, str]] = [
        (("phone", dialled(p)), ("phones", n, "number"), f"the same phone number {p.display}")
        for n, p in enumerate(listing.phones) if dialled(p)]
    if listing.url:  # an organisation's programs and places often share its website: same kind, same place only
        place = listing.location.street or listing.location.city if listing.location else ""
        shared.append((("url", listing.category.slug, place, _site_address(listing.url)), ("url",),
                       "the same website"))
    return tuple(shared)


@functools.lru_cache(maxsize=1)  # the last names: serve checks the same names again after most saves
def _alike_names(names: tuple[str, ...], window: int = 20) -> list[tuple[int, int, bool]]:
    """Return (earlier, later, the same) for pairs of names at least 90% alike.

    Alike is rapidfuzz's Indel ratio: the share of characters the two names have in common, in order; names that
    differ by a whole word (a town, say: _another_word) are not alike.
    Comparing every pair is quadratic: 50 million pairs for 10,000 listings. As record-linkage tools do
    ("sorted neighbourhood"), only distinct names that sort near each other are compared, sorted from the
    start and from the end, so a typo anywhere but at both ends still lands the two side by side.
    """
    where: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        where.setdefault(name, []).append(i)
    distinct = list(where)
    alike = {(a, a) for a in distinct}
    for key in (lambda n: n, lambda n: n[::-1]):
        ranked = sorted(distinct, key=key)
        for at, a in enumerate(ranked):  # one call into rapidfuzz per name, not one per pair
            alike.update((b, a) for b, _, _ in extract(a, ranked[at + 1:at + 1 + window], scorer=fuzz.ratio,
                                                       score_cutoff=90, limit=None))
    alike = {pair for pair in alike if not _another_word(*pair)}
    alike |= {(b, a) for a, b in alike}
    return sorted((j, i, a == b) for a, b in alike for i in where[b] for j in where[a] if j < i)


def _another_word(a: str, b: str) -> bool:
    """Return whether two names of as many words differ by whole words, not by a slip of the keyboard: "Hope Line
    Asheville" and "Hope Line Boone" are two services of one agency, "Hope Line Ashevile" is a typo. A word more or
    less ("The Hope Line") is left to the likeness of the whole names. A slip is one or two letters wrong, missing,
    added or swapped."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b):
        return False
    changed = [(x, y) for x, y in zip(words_a, words_b) if x != y]
    return bool(changed) and any(OSA.distance(x, y) > 2 for x, y in changed)


def _site_address(url: str) -> str:
    """Return a web address without what does not change the page: https://, www. and a final /."""
    address = url.split("://", 1)[-1].removesuffix("/")
    host, slash, rest = address.partition("/")
    return host.lower().removeprefix("www.") + slash + rest
