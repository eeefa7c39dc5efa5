"""The bundled directory in Spanish, page by page: every link to 988 says how Spanish speakers reach it, no English
stands outside a part marked lang="en", every guide and the about page are there, every service without confirmed
Spanish says that help is in English, and the translations page lists what is left."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sitegen
from sitegen.models import Directory

from ..conftest import BUNDLED


@dataclass
class Built:
    site: Path
    directory: Directory


@pytest.fixture(scope="module")
def built(tmp_path_factory, bundled_content) -> Built:
    """The bundled directory (dated today, as a pull request leaves it), built once with the real clock."""
    site = tmp_path_factory.mktemp("spanish") / "site"
    config = sitegen.Config(content_dir=bundled_content, site_dir=site, today=dt.date.today())
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        sitegen.build(config)
        directory, _ = sitegen.check(config)
    return Built(site, directory)


def spanish_pages(built: Built) -> list[Path]:
    pages = sorted((built.site / "es").rglob("*.html"))
    assert len(pages) > 60, "the Spanish site is missing pages"
    return pages


# --- What a visitor reads ------------------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
READ_ATTRIBUTES = ("aria-label", "alt", "placeholder", "title")


@dataclass
class Text:
    words: str
    lang: str | None  # of the nearest element that says it
    name: bool  # inside translate="no": a name, never translated (a listing's, a program's)


@dataclass
class Link:
    href: str
    text: str = ""
    classes: str = ""


class Reader(HTMLParser):
    """The texts a visitor reads in a page's <body> (its text and the attributes screen readers say), with the
    language each is marked in; and its tel: and sms: links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool, bool]] = []  # tag, lang, translate="no", hidden
        self.texts: list[Text] = []
        self.links: list[Link] = []
        self.in_body = False
        self.link: Link | None = None  # the tel: or sms: link being read

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "body":
            self.in_body = True
        parent = self.stack[-1] if self.stack else ("", None, False, False)
        lang = found.get("lang", parent[1])
        name = parent[2] or found.get("translate") == "no"
        hidden = parent[3] or "hidden" in found or tag in ("script", "style")
        if self.in_body and not hidden:
            for attribute in READ_ATTRIBUTES:
                if found.get(attribute):
                    self.texts.append(Text(found[attribute], lang, name))
        if tag == "a" and (found.get("href") or "").startswith(("tel:", "sms:")):
            self.link = Link(found["href"], classes=found.get("class") or "")
            self.links.append(self.link)
        if tag not in VOID:
            self.stack.append((tag, lang, name, hidden))

    def handle_endtag(self, tag):
        if tag == "a":
            self.link = None
        if tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        tag, lang, name, hidden = self.stack[-1] if self.stack else ("", None, False, False)
        if self.link is not None:
            self.link.text += data
        if self.in_body and not hidden and data.strip():
            self.texts.append(Text(" ".join(data.split()), lang, name))


def read(page: Path) -> Reader:
    reader = Reader()
    reader.feed(page.read_text(encoding="utf-8"))
    return reader


# Words that are common in English and are not Spanish words (no "a", "no", "son", "con", "la"...). A text is taken
# for English when it has at least two of them and more of them than of SPANISH: a name or a quoted English term in
# a Spanish sentence ("Where & When", "United Way of Asheville") is not. It is a heuristic; it finds a sentence or
# a label left in English, which is what a visitor would stumble on.
ENGLISH = set("""the and you your is are with for this that to of or not be we it on at if have has can will who what
when where how they them their from was were our us any all by an as do does did should would could about after
before only more other into than then there these those which while here just also call text press help free open
closed hours find near people listing listings search page back home""".split())
SPANISH = set("""el la los las de del y que en un una unos unas para por con su sus se es son al lo le les no o si
más pero como este esta estos estas ese esa hay puede usted ayuda llame marque envíe mensaje texto cualquier hora
todos todas día días también nos""".split())


def looks_english(words: str) -> bool:
    tokens = re.findall(r"[a-záéíóúñü]+", re.sub(r"\S+://\S+", "", words.lower()))  # an address is not words
    english = sum(token in ENGLISH for token in tokens)
    spanish = sum(token in SPANISH for token in tokens)
    return english >= 2 and english > spanish


def test_the_english_heuristic_tells_the_two_languages_apart():
    assert looks_english("Press 2 for Spanish.")
    assert looks_english("If you are not in immediate danger, you can reach someone at any hour:")
    assert looks_english("closed on some holidays")
    assert not looks_english("The Trevor Project")  # a name
    assert not looks_english("Marque el 2 para español.")
    assert not looks_english("el centro de voluntariado de United Way of Asheville and Buncombe County, con una lista")
    assert not looks_english("Alcoholics Anonymous NC Mountain Central Office")
    assert not looks_english("https://example.org/es/listings/hands-on-asheville-buncombe/")


def test_no_spanish_page_shows_english_outside_a_part_marked_english(built):
    found = []
    for page in spanish_pages(built):
        for text in read(page).texts:
            if text.lang != "en" and not text.name and looks_english(text.words):
                found.append(f"{page.relative_to(built.site)}: {text.words!r}")
    assert found == [], "English on Spanish pages, outside lang=\"en\":\n" + "\n".join(found)


def test_an_untranslated_text_keeps_its_language_and_says_so(make_project, tmp_path):
    # The bundled content is all translated: the marking is shown with a listing whose Spanish is missing.
    content = make_project({"listings/example-evening-line.yaml": """\
        name: Example Evening Line
        category: warmline
        summary: A fictional line for the tests, open in the evening.
        phones:
          - number: "+1 828 555 0199"
            description: Press 2 for Spanish.
        service_area: [United States]
        verified: {date: "2026-11-01", by: sources}
        source: [https://example.org/evening]
        """})
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=content, site_dir=site))
    reader = read(site / "es" / "listings" / "example-evening-line" / "index.html")
    english = [text for text in reader.texts if looks_english(text.words)]
    assert [(t.words, t.lang) for t in english] == [("A fictional line for the tests, open in the evening.", "en"),
                                                    ("Press 2 for Spanish.", "en")]
    assert sum(text.words == "(en inglés)" for text in reader.texts) == 2


# --- 988 ----------------------------------------------------------------------------------------------------------

def says_press_2_or_ayuda(href: str, text: str) -> bool:
    if href.startswith("sms:"):
        return "body=AYUDA" in href and "AYUDA" in text
    return bool(re.search(r"\bmar(?:car|que) el 2\b", text))


def test_every_link_to_988_on_a_spanish_page_says_to_press_2_or_text_ayuda(built):
    line = built.directory.site.crisis_line
    own_options = set()  # links that name another option of the line's menu: press 1 for the Veterans Crisis Line
    checked = 0
    for page in spanish_pages(built):
        for link in read(page).links:
            if not re.match(rf"(tel|sms):{line.phone.number}\b", link.href):
                continue
            checked += 1
            if says_press_2_or_ayuda(link.href, link.text):
                continue
            where = page.relative_to(built.site).as_posix()
            assert re.search(r"\bmarcar el \d\b", link.text), f"{where}: {link.text!r} says neither to press 2 nor " \
                                                                "to text AYUDA"
            own_options.add((where.split("/")[2] if "/listings/" in where else "", link.text))
    assert checked >= 4 * len(spanish_pages(built)), "fewer links to 988 than every Spanish page's banner and footer have"
    # Only the Veterans Crisis Line's own option, on its page and its cards: its page says help is in English.
    assert {text for _, text in own_options} == {"Llamar al 988 y marcar el 1"}
    vcl = (built.site / "es" / "listings" / "veterans-crisis-line" / "index.html").read_text()
    assert "Este servicio atiende en inglés." in vcl


def test_the_saved_list_and_search_records_say_to_press_2_for_988_too(built):
    # my-list.js shows the phones of a listing's data, and search.js the phone in its search record.
    page = (built.site / "es" / "listings" / "988-suicide-and-crisis-lifeline" / "index.html").read_text()
    data = json.loads(re.search(r'<script type="application/json" id="listing-data">(.*?)</script>', page)[1])
    assert [(p["href"], p["label"]) for p in data["phones"]] == [
        ("tel:988", "Llamar al 988 y marcar el 2"), ("sms:988?&body=AYUDA", "Enviar AYUDA por mensaje de texto al 988")]
    assert '<span data-pagefind-meta="phone">Llamar al 988 y marcar el 2</span>' in page
    pocket = (built.site / "es" / "my-list" / "index.html").read_text()
    card = pocket[pocket.index('<footer class="pocket-site">'):]
    assert "Llamar al 988 y marcar el 2" in card and "Enviar AYUDA por mensaje de texto al 988" in card
    offline = (built.site / "es" / "offline" / "index.html").read_text()
    assert "Llamar al 988 y marcar el 2" in offline


# --- Guides, pages, listings, the translations page ----------------------------------------------------------------

def test_every_guide_and_the_about_page_are_in_spanish(built):
    originals = [p for folder in ("guides", "pages") for p in sorted((BUNDLED / folder).glob("*.md"))
                 if p.stem.count(".") == 0]
    for original in originals:
        assert original.with_name(f"{original.stem}.es.md").is_file(), f"{original.name} has no Spanish"
        url = f"guides/{original.stem}" if original.parent.name == "guides" else original.stem
        page = built.site / "es" / url / "index.html"
        assert page.is_file() and '<html lang="es"' in page.read_text()
    about = " ".join(html.unescape((built.site / "es" / "about" / "index.html").read_text()).split())
    assert re.search(r"<h2[^>]*>Qué quiere decir .traducción sin revisar.</h2>", about)  # said plainly
    assert "puede guardar registros de las visitas, como la dirección IP" in about  # what the host may log


def test_every_service_without_confirmed_spanish_says_on_its_spanish_page_that_help_is_in_english(built):
    note = "Este servicio atiende en inglés."
    for listing in built.directory.listings:
        page = (built.site / "es" / "listings" / listing.slug / "index.html").read_text()
        assert (note in page) == ("Spanish" not in listing.languages), listing.slug
    # The vetted data confirms Spanish for these, and says Crisis Text Line's is not confirmed.
    spanish = {x.slug for x in built.directory.listings if "Spanish" in x.languages}
    assert {"988-suicide-and-crisis-lifeline", "disaster-distress-helpline", "samhsa-national-helpline",
            "nami-western-carolina"} <= spanish
    assert "crisis-text-line" not in spanish


def test_the_translations_page_lists_what_is_left(built):
    page = (built.site / "es" / "translations" / "index.html").read_text()
    unchecked = [x.name for x in built.directory.listings
                 if not x.translations.get("es") or not x.translations["es"].reviewed]
    listed = [html.unescape(name) for name in re.findall(
        r'<tr><td>español</td><td><a [^>]*translate="no">(.*?)</a>', page)]
    assert unchecked and listed[:len(unchecked)] == sorted(unchecked, key=str.casefold), \
        "every listing not yet checked is listed, in order"
    guides = [g.translations["es"].title for g in built.directory.guides if g.translations["es"].unreviewed]
    assert guides and all(html.escape(title, quote=False) in page for title in guides)
