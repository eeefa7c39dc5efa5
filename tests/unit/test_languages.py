"""A second language: every page again under its prefix, the interface from the catalog, the content from its
translations, each marked for what it is (a translation nobody has checked, or the original shown instead)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

import sitegen
from sitegen import catalog, languages
from sitegen.config import PROJECT_DIR
from sitegen.hours import format_date, format_hours
from sitegen.models import Schedule, SearchWords

from ..conftest import visitor_pages
from .test_load import VALID, listing
from .test_render import make_listing

ES_CATALOG = languages.catalog_path(PROJECT_DIR / "locales", "es")
SPANISH = languages.language("es", "en", PROJECT_DIR / "locales", "US")


@pytest.fixture
def built(built_sample) -> Path:
    """The fictional sample, built in both its languages on its own "today", once per test run (tests/conftest.py)."""
    return built_sample


class Text(HTMLParser):
    """The words a visitor reads on a page, and the lang of the element each is in."""

    def __init__(self) -> None:
        super().__init__()
        self.langs: list[str | None] = []
        self.words: list[tuple[str, str | None]] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag in ("script", "style") or "hidden" in found:
            self.skip += 1
        if tag not in ("br", "img", "input", "meta", "link"):
            self.langs.append(found.get("lang", self.langs[-1] if self.langs else None))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if self.langs and tag not in ("br", "img", "input", "meta", "link"):
            self.langs.pop()

    def handle_data(self, data):
        if data.strip() and not self.skip:
            self.words.append((" ".join(data.split()), self.langs[-1] if self.langs else None))


def text_of(path: Path) -> Text:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_is_there_again_under_es_with_its_lang_and_hreflang_alternates(built):
    english = {p.relative_to(built).as_posix() for p in visitor_pages(built) if not p.is_relative_to(built / "es")}
    spanish = {p.relative_to(built / "es").as_posix() for p in (built / "es").rglob("*.html")}
    # A page without a translation (about.md) has no Spanish page; the open-data page is for programmers only.
    assert english - spanish == {"about/index.html", "hsds/index.html"}
    assert spanish <= english
    page = (built / "es" / "listings" / "example-peer-warmline" / "index.html").read_text()
    assert re.search(r'<html lang="es"[ >]', page)
    assert '<link rel="alternate" hreflang="en" href="https://example.org/connect/listings/example-peer-warmline/">' in page
    assert '<link rel="alternate" hreflang="es" href="https://example.org/connect/es/listings/example-peer-warmline/">' in page


def test_the_language_switch_lands_on_the_same_page_in_the_other_language(built):
    for page in visitor_pages(built):
        if page.name == "404.html" or page.parent.name == "offline":
            continue  # served at any depth, so their links start at the site's root, not at the page
        switch = re.search(r'<ul class="language-switch"[^>]*>\s*<li><a href="([^"]*)" hreflang="(\w+)"', page.read_text())
        assert switch, f"{page} has no language switch"
        target = (page.parent / switch[1]).resolve() / "index.html"
        spanish = page.is_relative_to(built / "es")
        assert switch[2] == ("en" if spanish else "es")
        same = (built / page.relative_to(built / "es")) if spanish else (built / "es" / page.relative_to(built))
        home = built / ("index.html" if spanish else "es/index.html")
        assert target == (same if same.exists() else home), f"{page}: the switch goes to {target}"


@pytest.mark.slow  # builds a site of its own
def test_the_crisis_bar_in_spanish_says_to_press_2_and_text_ayuda(make_project, tmp_path):
    content = make_project()
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("  listing: example-crisis-line\n", "  listing: example-crisis-line\n"
                                             '  languages:\n    es: {press: "2", text_keyword: AYUDA}\n'))
    built = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=content, site_dir=built))
    page = (built / "es" / "index.html").read_text()
    bar = page[page.index('<section class="crisis"'):page.index("</section>")]
    assert '<a class="pill icon-call" href="tel:988">Llamar al 988 y marcar el 2</a>' in bar
    assert '<a class="pill icon-text" href="sms:988?&amp;body=AYUDA">Enviar AYUDA por mensaje de texto al 988</a>' in bar
    assert page.index('<section class="crisis"') < page.index("<header"), "the crisis help comes first"
    english = (built / "index.html").read_text()
    assert "press 2" not in english.lower() and "AYUDA" not in english
    assert '<a class="pill icon-call" href="tel:988">Call 988</a>' in english


def test_no_page_shows_the_other_languages_interface_words(built):
    with open(ES_CATALOG, "rb") as handle:
        words = [(m.id, m.string) for m in read_po(handle) if m.id and isinstance(m.id, str) and m.id != m.string]
    # Whole phrases only: "Chat" or "Text" can be part of a listing's own words.
    english = {re.sub(r"<[^>]+>|%\(\w+\)s", "", en).strip() for en, _ in words if len(en) > 12}
    spanish = {re.sub(r"<[^>]+>|%\(\w+\)s", "", es).strip() for _, es in words if len(es) > 12}
    for page in visitor_pages(built):
        is_spanish = page.is_relative_to(built / "es")
        shown = text_of(page).words
        text = " ".join(words for words, lang in shown if lang != "en")
        for phrase in english if is_spanish else spanish:
            for part in filter(None, (p.strip(" .,:") for p in phrase.split("  "))):
                assert len(part) < 8 or part not in text, f"{page.relative_to(built)} shows {part!r}"


def test_a_missing_translation_shows_the_original_marked_with_its_language_never_a_blank(built):
    page = (built / "es" / "listings" / "example-crisis-line" / "index.html").read_text()
    summary = re.search(r'<p class="lead" data-pagefind-meta="summary">(.*?)</p>', page)[1]
    assert summary.startswith('<span lang="en">') and summary.endswith('<span class="lang-note">(en inglés)</span>')
    assert "Parte de este recurso aún no está traducida" in page


def test_an_unreviewed_translation_says_so_and_a_reviewed_one_does_not(built):
    unreviewed = (built / "es" / "listings" / "example-tuesday-circle" / "index.html").read_text()
    reviewed = (built / "es" / "listings" / "example-peer-warmline" / "index.html").read_text()
    note = "Ninguna persona con dominio del idioma ha revisado todavía esta traducción."
    assert note in unreviewed and "Un grupo amable de apoyo entre pares" in unreviewed
    assert note not in reviewed and "Hable con una persona capacitada" in reviewed


def test_names_are_never_translated_and_facts_come_from_the_one_listing_file(built):
    english = (built / "listings" / "example-peer-warmline" / "index.html").read_text()
    spanish = (built / "es" / "listings" / "example-peer-warmline" / "index.html").read_text()
    assert '<h1 data-pagefind-meta="title" translate="no">Example Peer Warmline</h1>' in spanish
    links = re.compile(r'href="((?:tel|sms|mailto):[^"]*)"')
    main = re.compile(r"<main.*</main>", re.DOTALL)
    assert links.findall(main.search(english)[0]) == links.findall(main.search(spanish)[0])


def test_guides_in_spanish_are_only_those_with_a_spanish_file(built):
    guides = (built / "es" / "guides" / "index.html").read_text()
    assert "Pedir apoyo cuando se siente solo" in guides
    guide = (built / "es" / "guides" / "reaching-out" / "index.html").read_text()
    assert '<a href="../../../es/categories/warmline/" rel="noopener noreferrer">línea de apoyo</a>' in guide, \
        "its links stay in Spanish"


def test_each_language_has_its_own_search_index(built):
    assert '"es"' in (built / "es" / "pagefind" / "pagefind-entry.json").read_text()
    assert '"en"' in (built / "pagefind" / "pagefind-entry.json").read_text()
    assert '"es"' not in (built / "pagefind" / "pagefind-entry.json").read_text()
    search = (built / "es" / "search" / "index.html").read_text()
    assert 'data-root="../" data-bundles="pagefind/" data-guide-index="pagefind/guides/"' in search


def test_every_search_page_knows_every_languages_crisis_phrases_each_with_its_grammar(built):
    """People type in the language they think in, whichever page they are on; each language's words are read by
    its own rules (crisis.js)."""
    for page in (built / "search" / "index.html", built / "es" / "search" / "index.html"):
        crisis = json.loads(html.unescape(re.search(r"data-crisis='([^']*)'", page.read_text())[1]))
        assert [language["phrases"] for language in crisis] == [["kill myself", "suicide", "want to die"],
                                                                ["querer morir", "matarme"]]
        assert crisis[1]["grammar"]["pronouns"]["words"] == ["me"], "Spanish's pronouns, not English's"
        assert crisis[0]["grammar"]["endings"] == ["s", "ed", "ing"]


def test_each_language_has_a_vocabulary_for_did_you_mean_from_its_own_words(built):
    english = (built / "search" / "vocabulary.txt").read_text(encoding="utf-8").split()
    spanish = (built / "es" / "search" / "vocabulary.txt").read_text(encoding="utf-8").split()
    assert "lonely" in english and "soledad" not in english
    assert {"soledad", "lonely"} <= set(spanish), "a Spanish page's index holds both languages' synonyms"
    assert english[0] == "example", "most used first: every fictional listing's name starts with Example"
    assert all(len(word) >= 4 and word == word.lower() for word in english + spanish)


def test_the_bundled_spanish_words_name_every_category_and_audience():
    """So a Spanish search reaches every kind of help, and help for everyone, whose listings are written in English."""
    search = yaml.safe_load((PROJECT_DIR / "content" / "search.yaml").read_text(encoding="utf-8"))
    spanish = {SearchWords.key(term) for term in search["translations"]["es"]["synonyms"]}
    categories = yaml.safe_load((PROJECT_DIR / "content" / "categories.yaml").read_text(encoding="utf-8"))
    schema = json.loads((PROJECT_DIR / "schema" / "listing.schema.json").read_text(encoding="utf-8"))
    audiences = set(schema["properties"]["audience"]["items"]["enum"]) - {"Anyone"}  # nobody searches for it
    wanted = {SearchWords.key(term) for term in [*(c["slug"] for c in categories), *audiences]}
    assert wanted <= spanish, wanted - spanish


def test_dates_and_hours_are_written_the_way_spanish_speakers_in_the_us_write_them():
    assert format_date(dt.date(2026, 11, 6), SPANISH) == "6 de noviembre de 2026"
    monthly = Schedule(days=("tue",), weeks=(3, 1), opens="18:30", closes="20:00")
    weekdays = Schedule(days=("mon", "tue", "wed", "thu", "fri"), opens="09:00", closes="17:00")
    late = Schedule(days=("fri",), opens="22:00", closes="24:00")
    # A 12-hour clock, as CLDR's es_US writes it (and hours.js, through Intl with es-US), never broken before p.m.
    assert format_hours(make_listing(schedules=(monthly, weekdays, late)), SPANISH) == [
        "El primer y tercer martes del mes, de 6:30\u00a0p.m. a 8:00\u00a0p.m.",
        "De lunes a viernes, de 9:00\u00a0a.m. a 5:00\u00a0p.m.", "Viernes, de 10:00\u00a0p.m. a 12:00\u00a0a.m.",
        "Horarios según la hora del Este."]
    assert SPANISH.tag == "es-US"


def test_a_translation_of_a_field_the_listing_does_not_have_is_an_error_of_another_language_a_warning(problems_in):
    text = VALID + "translations:\n  es:\n    summary: Una línea ficticia.\n    notice: Cerrado hoy.\n  fr:\n    summary: Une ligne.\n"
    assert [line for line in problems_in(listing(text=text), warnings=True) if "test-line" in line] == [
        "content/listings/test-line.yaml:13:5: translations.es.notice: this translates notice, which is not there to "
        "translate; add notice above or remove its translation",
        "content/listings/test-line.yaml:14:3: warning: translations.fr: not shown: site.yaml's languages after the "
        "first are es"]


def test_a_translated_guide_needs_the_guide_it_translates_and_one_of_another_language_is_not_shown(problems_in):
    front = '---\ntitle: Una guía\nsummary: Una guía ficticia para las pruebas.\nreviewed: "2026-11-01"\n---\nHola.\n'
    found = problems_in({"guides/nothing.es.md": front, "guides/reaching-out.fr.md": front}, warnings=True)
    assert [line for line in found if "guides/" in line] == [
        "content/guides/nothing.es.md:2:1: this translates guides/nothing.md, which is not there; rename it after the "
        "file it translates",
        "content/guides/reaching-out.fr.md:2:1: warning: not shown: the file name ends in .fr.md, and site.yaml's "
        "languages after the first are es"]


def test_a_word_the_catalog_has_not_translated_is_a_warning_and_with_strict_an_error(make_project, tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(PROJECT_DIR / "locales", locales)
    path = languages.catalog_path(locales, "es")
    with open(path, "rb") as handle:
        po = read_po(handle, locale="es")
    po["Jump to"].string = ""
    with open(path, "wb") as handle:
        write_po(handle, po)
    content = make_project()
    _, warnings = sitegen.check(sitegen.Config(content_dir=content, locales_dir=locales))
    shown = [str(p).replace(str(tmp_path) + "/", "") for p in warnings if p.field == "msgid"]
    assert len(shown) == 1 and re.fullmatch(r"locales/es/LC_MESSAGES/messages\.po:\d+:1: warning: msgid: 'Jump to' has "
                                            r"no es translation; its pages show it in en", shown[0]), shown
    with pytest.raises(sitegen.BuildFailed):
        sitegen.check(sitegen.Config(content_dir=content, locales_dir=locales, strict=True))


@pytest.mark.slow  # builds a site of its own
def test_a_third_language_needs_only_the_setting_and_a_catalog(make_project, tmp_path):
    content = make_project()
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("languages: [en, es]", "languages: [en, es, fr]"))
    with pytest.raises(sitegen.BuildFailed) as failure:
        sitegen.check(sitegen.Config(content_dir=content))
    assert [p.message for p in failure.value.problems if p.level == "error"] == [
        "site.yaml names the language 'fr', which has no catalog here; run python -m sitegen.catalog fr and translate it"]
    locales = tmp_path / "locales"
    shutil.copytree(PROJECT_DIR / "locales", locales)
    catalog.update(locales, ["fr"])
    _, warnings = sitegen.check(sitegen.Config(content_dir=content, locales_dir=locales))
    assert {p.message.split(" has no ")[1] for p in warnings if p.field == "msgid"} == {
        "fr translation; its pages show it in en"}
    sitegen.build(sitegen.Config(content_dir=content, locales_dir=locales, site_dir=tmp_path / "site"))
    assert re.search(r'<html lang="fr"[ >]', (tmp_path / "site" / "fr" / "index.html").read_text())


def test_the_catalog_template_holds_every_word_of_the_templates_and_code():
    with open(PROJECT_DIR / "locales" / catalog.TEMPLATE, "rb") as handle:
        kept = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(handle) if m.id}
    extracted = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog.extract() if m.id}
    assert kept == extracted, "run python -m sitegen.catalog, then translate what is new in locales/*/LC_MESSAGES"


def test_the_saved_list_offline_kit_and_calendars_work_in_spanish(built):
    my_list, offline = ((built / "es" / name / "index.html").read_text() for name in ("my-list", "offline"))
    assert "<h1>Mi lista</h1>" in my_list and "<h1>No tiene conexión</h1>" in offline
    # The service worker keeps each language's offline page, and shows the one of the language a page is in.
    worker = (built / "sw.js").read_text()
    assert '[["es/", "es/offline/"], ["", "offline/"]]' in worker and '"es/my-list/"' in worker
    # A calendar file is made once, from the default language's listing: the Spanish page links to it.
    page = (built / "es" / "listings" / "example-tuesday-circle" / "index.html").read_text()
    assert 'href="../../../listings/example-tuesday-circle/calendar.ics" download>Agregar las reuniones' in page
    assert (built / "listings" / "example-tuesday-circle" / "calendar.ics").is_file()
    assert not (built / "es" / "listings" / "example-tuesday-circle" / "calendar.ics").exists()
    # hours.js and the saved list read their words and the language's pages from <html>.
    assert '<html lang="es" data-prefix="es/" data-hours-words=\'{"locale":"es-US","at":["la {t}","las {t}"],' \
        in page


# A listing whose every kind of text a visitor reads is there: a phone note, a schedule note, a cost note, an
# access feature and a service area; the Spanish translates some of them.
EVERY_TEXT = VALID.replace('  - number: "+1 828 555 0102"\n', '  - number: "+1 828 555 0102"\n'
                           "    description: Press 2 for Spanish.\n"
                           '  - number: "+1 828 555 0103"\n').replace("[United States]", "[Western North Carolina]") + """\
cost: [free]
cost_note: Standard text rates may apply.
accessibility: [Videophone for ASL users]
schedules:
  - days: [mon]
    opens: "18:00"
    closes: "20:00"
    description: Closed on holidays
translations:
  es:
    summary: Una línea ficticia de las pruebas, abierta por la tarde.
    phones:
      - description: Marque el 2 para español.
      - {}
    service_area: [el oeste de Carolina del Norte]
"""


def test_a_listing_with_texts_not_translated_has_one_warning_naming_them_where_its_translations_go(problems_in):
    found = problems_in(listing(text=EVERY_TEXT), warnings=True, translations=True)
    assert [line for line in found if "test-line" in line] == [
        "content/listings/test-line.yaml:21:3: warning: translations.es: no Spanish translation yet of: cost_note, "
        "accessibility[0], schedules[0].description; Spanish pages show the English, marked as English"]
    # With no translations at all, every text is named, at the top of the file: one warning, not one a text.
    found = problems_in(listing(text=EVERY_TEXT[:EVERY_TEXT.index("translations:")]), warnings=True,
                        translations=True)
    assert [line for line in found if "test-line" in line] == [
        "content/listings/test-line.yaml:1:1: warning: translations.es: no Spanish translation yet of: summary, "
        "cost_note, accessibility[0], service_area[0], phones[0].description, schedules[0].description; Spanish "
        "pages show the English, marked as English"]
    # Every text translated: nothing to say.
    text = EVERY_TEXT + ("    cost_note: Pueden aplicarse las tarifas normales de mensajes de texto.\n"
                         "    accessibility: [Videoteléfono para usuarios de ASL]\n"
                         "    schedules: [{description: Cerrado los días festivos}]\n")
    assert [line for line in problems_in(listing(text=text), warnings=True, translations=True)
            if "test-line" in line] == []


def test_a_list_of_translations_goes_item_for_item_with_the_list_it_translates(problems_in):
    text = EVERY_TEXT.replace("      - {}\n", "").replace("    service_area:", "    accessibility: [Videoteléfono]\n"
                                                         "    schedules: [{description: Cerrado}, {}]\n    service_area:")
    found = problems_in(listing(text=text), translations=True)
    assert found == [
        "content/listings/test-line.yaml:24:7: translations.es.phones: expected 2 items, one for each of phones in "
        "order (- {} for one with nothing to translate), found 1",
        "content/listings/test-line.yaml:26:16: translations.es.schedules: expected 1 items, one for each of "
        "schedules in order (- {} for one with nothing to translate), found 2"]
    text = EVERY_TEXT.replace("      - {}\n", "      - {description: Sin nota}\n")
    assert problems_in(listing(text=text)) == [
        "content/listings/test-line.yaml:25:10: translations.es.phones[1].description: this translates "
        "phones[1].description, which is not there to translate; add phones[1].description above or remove its "
        "translation"]


@pytest.mark.slow  # builds a site of its own
def test_a_spanish_page_shows_each_translated_text_and_marks_the_rest_as_english(make_project, tmp_path):
    content = make_project(listing(text=EVERY_TEXT))
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=content, site_dir=site))
    page = (site / "es" / "listings" / "test-line" / "index.html").read_text()
    english = '<span lang="en">{}</span> <span class="lang-note">(en inglés)</span>'
    assert '<span class="action-note">Marque el 2 para español.</span>' in page
    assert english.format("Standard text rates may apply.") in page
    assert english.format("Videophone for ASL users") in page
    assert english.format("Closed on holidays") in page
    assert "el oeste de Carolina del Norte" in page and "Western North Carolina" not in page
    # Where the words cannot carry their language (the saved list's data), they say it in words.
    data = json.loads(re.search(r'<script type="application/json" id="listing-data">(.*?)</script>', page)[1])
    assert data["hours"][0] == "Lunes, de 6:00\u00a0p.m. a 8:00\u00a0p.m. (Closed on holidays (en inglés))"
    # The English page is as the editor wrote it.
    assert "Press 2 for Spanish." in (site / "listings" / "test-line" / "index.html").read_text()


def test_the_schema_translates_every_text_of_a_listing_and_nothing_else():
    schema = json.loads((PROJECT_DIR / "schema" / "listing.schema.json").read_text())
    translated = schema["properties"]["translations"]["additionalProperties"]["properties"]
    assert set(translated) - {"reviewed"} == {*languages.TEXTS, *languages.LISTS, *languages.NOTES}, \
        "languages.words and the schema's translations must name the same texts"
    for name in languages.NOTES:
        assert set(translated[name]["items"]["properties"]) == {"description"}


def test_a_service_without_confirmed_spanish_says_in_spanish_that_help_is_in_english(built):
    english_only = (built / "es" / "listings" / "example-peer-warmline" / "index.html").read_text()
    spanish = (built / "es" / "listings" / "example-crisis-line" / "index.html").read_text()
    note = "<strong>Este servicio atiende en inglés.</strong> No encontramos ninguna fuente que diga que también " \
           "atiende en español."
    assert note in english_only and note not in spanish  # its languages: [English, Spanish]
    category = (built / "es" / "categories" / "warmline" / "index.html").read_text()
    assert '<span class="card-language">Atención en inglés</span>' in category
    assert "Atención en" not in (built / "categories" / "warmline" / "index.html").read_text()


@pytest.mark.slow  # builds a site of its own
def test_the_crisis_lines_own_listing_is_reached_in_spanish_as_the_line_says(make_project, tmp_path):
    content = make_project()
    site_yaml = content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace(
        "  listing: example-crisis-line\n", '  listing: example-crisis-line\n  languages:\n    es: {press: "2", '
        "text_keyword: AYUDA}\n"))
    crisis = content / "listings" / "example-crisis-line.yaml"
    crisis.write_text(crisis.read_text().replace(
        "    keyword: HOME\n", '    keyword: HOME\n  - number: "988"\n    type: text\n  - number: "988"\n    type: text\n'
        "    keyword: AYUDA\n    description: For help in Spanish.\n").replace(
        "      - {}\n      - {}\n", "      - {}\n      - {}\n      - {description: Para ayuda en español.}\n      - {}\n"))
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=content, site_dir=site))
    page = (site / "es" / "listings" / "example-crisis-line" / "index.html").read_text()
    reach = page[page.index('<section class="reach"'):page.index("</section>", page.index('<section class="reach"'))]
    links = re.findall(r'<a class="action icon-\w+" href="([^"]+)"[^>]*>([^<]+)</a>', reach)
    # Texting 988 in Spanish is texting AYUDA: the two text lines become one, with the Spanish line's note.
    assert links[:3] == [("tel:988", "Llamar al 988 y marcar el 2"), ("sms:741741?&amp;body=HOME",
                         "Enviar HOME por mensaje de texto al 741741"), ("sms:988?&amp;body=AYUDA",
                         "Enviar AYUDA por mensaje de texto al 988")]
    assert "Para ayuda en español." in reach and reach.count("AYUDA por mensaje") == 1
    english = (site / "listings" / "example-crisis-line" / "index.html").read_text()
    assert '<a class="action icon-call" href="tel:988">Call 988</a>' in english and "AYUDA" in english


@pytest.mark.slow  # builds a site of its own
def test_a_translated_guide_says_whether_someone_fluent_has_checked_it(make_project, tmp_path):
    content = make_project()
    guide = content / "guides" / "reaching-out.es.md"
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=content, site_dir=site))
    page = (site / "es" / "guides" / "reaching-out" / "index.html").read_text()
    note = "Esta traducción todavía no la ha revisado una persona que domine los dos idiomas."
    assert note not in page and "El original en inglés se revisó el 1 de noviembre de 2026." in page
    guide.write_text(guide.read_text().replace("reviewed: true", "reviewed: false"))
    sitegen.build(sitegen.Config(content_dir=content, site_dir=site))
    assert note in (site / "es" / "guides" / "reaching-out" / "index.html").read_text()


def test_the_translations_page_lists_what_is_left_in_each_language(built):
    page = (built / "es" / "translations" / "index.html").read_text()
    rows = re.findall(r"<tr><td>(.*?)</td><td><a [^>]*>(.*?)</a></td><td>(.*?)</td>", page)
    assert rows == [
        ("español", "Example Crisis Line", "Sin traducir: <code>summary</code><br>Traducción sin revisar"),
        ("español", "Example Tuesday Circle", "Traducción sin revisar"),
        ("español", "About this directory", "Todavía no tiene traducción")]
    assert re.search(r'href="https://github.com/example/connect/new/main/[\w/]*content/pages\?filename=about.es.md"', page)
    assert '<meta name="robots" content="noindex">' in page
    assert "Translations to write and check" in (built / "translations" / "index.html").read_text()


def test_a_translation_into_a_language_the_site_does_not_have_leaves_the_listing_published(make_project):
    content = make_project()
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("languages: [en, es]", "languages: [en]"))
    directory, warnings = sitegen.check(sitegen.Config(content_dir=content))
    assert {x.slug for x in directory.listings} >= {"example-crisis-line", "example-peer-warmline"}
    assert any(w.field == "translations.es" and "not shown" in w.message for w in warnings)
