"""What search knows of a listing and offers on its page: the values each filter has (Pagefind's filters), the
filters in the order shown, the words a listing is also found by, and the words search.js and crisis.js show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from . import kept
from .display import N_, attribute_json, cost_words, languages_named
from .languages import ENGLISH, Language
from .models import WORDED_AREAS, Directory, Listing, SearchWords

NATIONAL = set(WORDED_AREAS)


def facets(listing: Listing, lang: Language = ENGLISH) -> dict[str, list[str]]:
    """Return the values search filters use for a listing, by filter name, in the page's language."""
    return _kept(listing, lang)[0]


def _kept(listing: Listing, lang: Language) -> tuple[dict[str, list[str]], tuple[tuple[str, str], ...]]:
    """Return a listing's filter values in a language, and the same as (filter, value) pairs to count (kept.py: in
    serve, working out 10,000 listings' values again for the search page's counts took a seventh of a save)."""
    return kept.derived(listing, ("facets", lang.code), lambda: _pairs(_facets(listing, lang)))


def _pairs(values: dict[str, list[str]]) -> tuple[dict[str, list[str]], tuple[tuple[str, str], ...]]:
    return values, tuple((name, value) for name, found in values.items() for value in found)


def _facets(listing: Listing, lang: Language) -> dict[str, list[str]]:
    """Return the values search filters use for a listing, by filter name, in the page's language."""
    _ = lang.gettext
    reach = []
    if any(p.type in ("voice", "tty", "videophone") for p in listing.phones):
        reach.append(_(REACH_ORDER[0]))
    if any(p.type == "text" for p in listing.phones):
        reach.append(_(REACH_ORDER[1]))
    if listing.chat_url:
        reach.append(_(REACH_ORDER[2]))
    if listing.location:
        reach.append(_(REACH_ORDER[3]))
    # Taking part online (service_area: [Online], HSDS's virtual location), not having a website: a website is how
    # to learn about a service, and an in-person group with one is not an online group.
    if "Online" in listing.service_area:
        reach.append(_(REACH_ORDER[4]))
    if listing.location:
        area = [listing.location.city]
    else:
        area = [_("National and online") if a in NATIONAL else a for a in listing.service_area]
    values = {"category": [listing.category.plural], "area": sorted(set(area)),
              "cost": [_(cost_words(c)) for c in listing.cost], "language": languages_named(listing, lang),
              "reach": reach,
              "audience": [_(a) for a in listing.audience], "hours": [_("Open 24/7")] if listing.open_24_7 else []}
    # Pagefind splits a filter value at commas: "Buncombe County, NC" would become two values.
    return {name: [v.replace(",", "") for v in found] for name, found in values.items()}


def search_words(listing: Listing, search: SearchWords) -> str:
    """Return the words a listing is also found by, though its page does not show them: its tags, and the
    everyday words for its tags, audiences and category (content/search.yaml)."""
    tags = [tag.replace("-", " ") for tag in listing.tags]
    return " ".join([*tags, *search.words_for((*listing.tags, *listing.audience, listing.category.slug))])


FILTER_LEGENDS = {"category": N_("Kind of help"), "reach": N_("Ways to reach them"), "hours": N_("Hours"),
                  "area": N_("Area"), "cost": N_("Cost"), "language": N_("Language"), "audience": N_("Who it is for")}
REACH_ORDER = [N_("Phone"), N_("Text"), N_("Chat"), N_("In person"), N_("Online")]
GUIDES_FILTER = N_("Guides")  # the category filter value guide pages carry (templates/guide.html)
OPEN_NOW = N_("Open now")  # the hours filter value search.js checks by the visitor's clock, as no page can carry it


def guides_filter(lang: Language = ENGLISH) -> str:
    """Return the category filter value guide pages carry, in the language of their index."""
    return lang.gettext(GUIDES_FILTER)


@dataclass(frozen=True)
class FilterGroup:
    """One search filter: its Pagefind name, the words people see, and its values in the order shown."""

    name: str
    legend: str
    values: list[str]


def search_filters(directory: Directory, lang: Language = ENGLISH) -> list[FilterGroup]:
    """Return the search page's filters, each value once: categories in site order, the rest most common first."""
    _ = lang.gettext
    counts: dict[str, Counter[str]] = {name: Counter() for name in FILTER_LEGENDS}
    # kept.py: in serve, counted from the count before, as a save changes one listing's values.
    for (name, value), count in kept.counted(("filters", lang.code), [_kept(x, lang)[1]
                                                                      for x in directory.listings]).items():
        counts[name][value] = count
    counts["category"][_(GUIDES_FILTER)] += len(directory.guides)
    counts["hours"][_(OPEN_NOW)] += sum(1 for listing in directory.listings if listing.clock_hours)
    fixed = {"category": [c.plural for c in directory.categories] + [_(GUIDES_FILTER)],
             "reach": [_(v) for v in REACH_ORDER], "hours": [_(OPEN_NOW), _("Open 24/7")]}
    groups = []
    for name, legend in FILTER_LEGENDS.items():
        if name in fixed:
            values = [v for v in fixed[name] if counts[name][v]]
        else:
            values = sorted(counts[name], key=lambda v: (-counts[name][v], v.casefold()))
        if values:
            groups.append(FilterGroup(name, _(legend), values))
    return groups


def crisis_phrases(search: SearchWords) -> Markup:
    """Return every language's crisis phrases, each with its grammar, for crisis.js: the default language's first.
    A search page carries them all, since people type in the language they think in."""
    return attribute_json([{"phrases": words.crisis, "grammar": words.grammar}
                            for words in (search, *search.translations.values()) if words.crisis])


def script_words(lang: Language = ENGLISH) -> Markup:
    """Return the words the search page's script shows, in the page's language: printed into the page, as the
    script has no catalog of its own."""
    _ = lang.gettext
    return attribute_json({"result": lang.ngettext("{n} result", "{n} results", 1).replace("{n}", "1"),
            "results": lang.ngettext("{n} result", "{n} results", 2),
            "none": _("No results"), "for": _("for “{q}”"), "filter": _("with 1 filter"),
            "filters": _("with {n} filters"), "fewer": _("Try fewer or other words, or fewer filters."),
            "start": _("Type what you are looking for, or choose a filter."),
            "offline": _("This device is offline, and this search needs parts of the index it has not loaded "
                         "before. Searches made here before, and the pages you opened, still work."),
            "failed": _("Search could not load. Please check your connection and try again."),
            "more": _("Show more results ({shown} of {total} shown)"), "chosen": _("{n} chosen"),
            "note": _("Please note:"), "open_now": _(OPEN_NOW),
            "sorted": _("The first {n} are sorted by distance."), "suggest": _("Did you mean {suggestion}?")})
