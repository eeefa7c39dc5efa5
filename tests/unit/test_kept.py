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
