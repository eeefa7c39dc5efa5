"""kept.py: what a stage works out from a listing is kept with it only while serve keeps its listings."""

from __future__ import annotations

from sitegen import kept

from .test_render import make_listing


def test_a_listing_is_worked_out_once_while_kept_and_again_for_what_else_changed():
    listing, made = make_listing(), []

    def make():
        made.append(listing.name)
        return len(made)

    assert [kept.derived(listing, "n", make) for _ in range(2)] == [1, 2], "a build keeps nothing"
    kept.keep()
    try:
        assert [kept.derived(listing, "n", make) for _ in range(2)] == [3, 3]
        assert kept.derived(make_listing(), "n", make) == 4, "another listing is another object"
        assert kept.derived(listing, "n", make, made_of=("other",)) == 5, "made of something else"
    finally:
        kept.keep(False)
    assert kept.derived(listing, "n", make) == 6, "let go of once serve stops"


def test_a_step_over_every_listing_is_made_again_only_when_what_it_is_made_of_changed():
    made = []

    def make():
        made.append(1)
        return len(made)

    assert [kept.last("sitemap", [1, 2], make) for _ in range(2)] == [1, 2], "a build keeps nothing"
    kept.keep()
    try:
        assert [kept.last("sitemap", [1, 2], make) for _ in range(2)] == [3, 3]
        assert kept.last("sitemap", [1, 3], make) == 4, "made of something else"
        assert kept.last("lists", [1, 3], make) == 5, "another step"
        kept.keep()
        assert kept.last("sitemap", [1, 3], make) == 6, "a build of everything starts afresh"
    finally:
        kept.keep(False)
    assert kept.last("sitemap", [1, 3], make) == 7


def test_a_count_over_every_listing_is_the_count_made_afresh():
    """While kept, a count starts from the one before: a tuple no longer there is taken off, a new one added."""
    first = [("peer", "support"), ("peer",), ("circle",)]
    changed = [first[0], first[1], ("morning", "circle")]
    kept.keep()
    try:
        assert kept.counted("words", first) == {"peer": 2, "support": 1, "circle": 1}
        assert kept.counted("words", changed) == {"peer": 2, "support": 1, "morning": 1, "circle": 1}
        assert kept.counted("words", changed[1:]) == {"peer": 1, "morning": 1, "circle": 1}, "none left: gone"
    finally:
        kept.keep(False)
    assert kept.counted("words", changed) == {"peer": 2, "support": 1, "morning": 1, "circle": 1}
