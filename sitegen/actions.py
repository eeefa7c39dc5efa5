"""The ways to reach a listing (call, text, chat, website, email), and the links about it: to a map, to its
sources, to report a problem, to edit or translate its file; and what the saved list shows of it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .display import N_, address, format_area, script_json, text_of
from .hours import format_hours
from .languages import ENGLISH, Language
from .models import Article, Guide, HelpLine, Listing, Location, Phone, Site
from .urls import listing_url


def map_links(loc: Location) -> dict[str, str]:
    """Return links that open an address in the visitor's map app or on OpenStreetMap; no map is embedded."""
    return {"app": "geo:0,0?q=" + quote(address(loc)),
            "web": "https://www.openstreetmap.org/search?" + urlencode({"query": address(loc)})}


def listing_data(listing: Listing, lang: Language = ENGLISH) -> str:
    """Return what the saved list shows of a listing, as JSON for its page's <script type="application/json">:
    my-list.js reads it from the page itself, so a saved listing is always as current as its page."""
    return script_json({"slug": listing.slug, "name": listing.name, "url": listing_url(listing.slug),
                        "where": address(listing.location) if listing.location else
                        text_of(format_area(listing, lang)),  # (in English) after words not translated
                        "phones": [{"label": phone_label(p, lang), "href": p.href} for p in listing.phones if p.href],
                        "hours": [text_of(line) for line in format_hours(listing, lang)]})


@dataclass(frozen=True)
class Action:
    """One way to reach a listing: a link people can tap, like 'Call 988'."""

    label: str
    href: str
    kind: str  # call, text, tty, chat, website or email: picks the icon
    note: str = ""
    external: bool = False  # a web page on another site: opened with rel="noopener noreferrer"


PHONE_LABELS = {"voice": N_("Call %(number)s"), "text": N_("Text %(number)s"), "tty": N_("TTY %(number)s"),
                "videophone": N_("Videophone %(number)s")}


def phone_label(phone: Phone, lang: Language = ENGLISH) -> str:
    """Return what a phone link says, like 'Call 988', 'Call 988 and press 2', 'Text HOME to 741741' or
    'Call (828) 555-0101, extension 2'."""
    _ = lang.gettext
    if phone.type == "text" and phone.keyword:
        return _("Text %(keyword)s to %(number)s") % {"keyword": phone.keyword, "number": phone.display}
    if phone.press:
        return _("Call %(number)s and press %(option)s") % {"number": phone.display, "option": phone.press}
    label = _(PHONE_LABELS[phone.type]) % {"number": phone.display}
    return _("%(label)s, extension %(extension)s") % {"label": label, "extension": phone.extension} \
        if phone.extension else label


def actions(listing: Listing, lang: Language = ENGLISH) -> list[Action]:
    """Return every way to reach a listing: its phones in the editor's order, then chat, website and email."""
    _ = lang.gettext
    kinds = {"voice": "call", "text": "text", "tty": "tty", "videophone": "call"}
    found = [Action(phone_label(p, lang), p.href, kinds[p.type], p.description or "") for p in listing.phones]
    if listing.chat_url:
        found.append(Action(_("Chat online"), listing.chat_url, "chat", external=True))
    if listing.url:
        found.append(Action(_("Visit their website"), listing.url, "website", external=True))
    if listing.email:
        found.append(Action(_("Email %(address)s") % {"address": listing.email}, f"mailto:{listing.email}", "email"))
    return found


def line_actions(line: HelpLine, lang: Language = ENGLISH) -> list[Action]:
    """Return how to reach a line the site points everyone to (the crisis line on every page), as the page's
    language reaches it: 'Call 988 and press 2', 'Text AYUDA to 988' on a Spanish page. Every link to the crisis
    line that is not a listing's own phone is one of these (templates/_crisis_line.html)."""
    return [Action(phone_label(phone, lang), phone.href, "call" if phone.type == "voice" else "text")
            for phone in (line.phone, line.text) if phone]


def card_actions(listing: Listing, lang: Language = ENGLISH) -> list[Action]:
    """Return the phone links a card shows: the first two, so a card stays short but one tap still calls."""
    return [a for a in actions(listing, lang) if a.kind in ("call", "text", "tty")][:2]


def primary_phone(listing: Listing, lang: Language = ENGLISH) -> Action | None:
    """Return the phone search results show: the first voice line, else the first phone of any kind."""
    phones = [a for a in actions(listing, lang) if a.kind in ("call", "text", "tty")]
    calls = [a for a in phones if a.kind == "call"]
    return (calls or phones)[0] if phones else None


def source_links(listing: Listing) -> list[tuple[str, str]]:
    """Return (address, label) for each source, labelled by its website: 988lifeline.org, samhsa.gov (2)."""
    seen: Counter[str] = Counter()
    found = []
    for url in listing.source:
        host = url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
        seen[host] += 1
        found.append((url, host if seen[host] == 1 else f"{host} ({seen[host]})"))
    return found


def repository_path(path: str) -> str:
    """Return a content file's path in the repository, like content/listings/x.yaml, from its path in content/."""
    return f"content/{path}"


def report_url(listing: Listing, site: Site) -> str:
    """Return a link that opens a new GitHub issue about the listing, its title and body filled in."""
    body = (f"Listing: {listing.name}\nPage: {site.base_url}{listing_url(listing.slug)}\n"
            f"File: {repository_path(listing.path)}\n\n")
    title = f"Problem with listing: {listing.name}"
    # Quoted in two parts, as quoting the whole body for each of 10,000 listings took a second.
    return f"{site.repository_url.rstrip('/')}/issues/new?title={quote(title, safe='')}&body={quote(body, safe='')}" \
           f"{REPORT_QUESTION}"


REPORT_QUESTION = quote("What is wrong? For example: the number does not work, the hours have changed, or the service "
                        "has closed.\n\n\n(Please do not write anything personal here: anyone can read this issue.)\n",
                        safe="")


def edit_url(listing: Listing, site: Site) -> str:
    """Return a link to the listing's file in GitHub's web editor."""
    path = quote(repository_path(listing.path))
    return f"{site.repository_url.rstrip('/')}/edit/{quote(site.repository_branch)}/{path}"


def translate_url(item: Listing | Guide | Article, code: str, site: Site) -> str:
    """Return where to translate a listing, guide or page into a language: its file (a listing's translations,
    a guide's <slug>.es.md) in GitHub's web editor, or a new file beside a guide or page that has none."""
    translation = None if isinstance(item, Listing) else item.translations.get(code)
    if isinstance(item, Listing) or translation is not None:
        path = repository_path(translation.path if translation is not None else item.path)
        return f"{site.repository_url.rstrip('/')}/edit/{quote(site.repository_branch)}/{quote(path)}"
    folder, name = repository_path(item.path).rsplit("/", 1)
    return (f"{site.repository_url.rstrip('/')}/new/{quote(site.repository_branch)}/{quote(folder)}?"
            + urlencode({"filename": name.replace(".md", f".{code}.md")}))
