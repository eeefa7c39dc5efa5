"""The interface's words in every language: Babel extracts them into locales/messages.pot, each language's catalog
is updated from it (`check` warns about every word a catalog has not translated: languages.catalog_problems).

    python -m sitegen.catalog          extract the words again and update every catalog in locales/
    python -m sitegen.catalog fr       the same, starting a catalog for French
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from . import display, schema
from .config import PROJECT_DIR
from .languages import DOMAIN, TEMPLATE, catalog_path

KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}  # N_ marks words translated where they are printed (display.py)
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # the catalogs carry no date: they change only when words do
HEADER = """\
# The words of the directory's interface in {language}.
# Translate each msgstr; `python -m sitegen.catalog` updates the msgid lines from the templates and sitegen/.
#"""


def extract(project_dir: Path = PROJECT_DIR) -> Catalog:
    """Return every word of the interface, from the files babel.cfg names: the templates and sitegen/."""
    with open(project_dir / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    template = Catalog(project="sitegen", domain=DOMAIN, charset="utf-8", creation_date=FIXED_DATE,
                       revision_date=FIXED_DATE, header_comment=HEADER.format(language="every language"),
                       fuzzy=False)
    for path, line, message, comments, context in extract_from_dir(
            project_dir, method_map, options_map, keywords=KEYWORDS, comment_tags=("Translators:",),
            strip_comment_tags=True,
            directory_filter=lambda folder: os.path.basename(folder) in ("sitegen", "templates") or
            Path(folder) == project_dir):  # not .venv or node_modules: thousands of files to walk
        template.add(message, None, [(path, line)], auto_comments=comments, context=context)
    # The fixed words of listings are the schema's lists, printed through the catalog (display.py).
    for field, words in (("audience", lambda word: word), ("cost", display.cost_words)):
        for word in schema.choices(project_dir / "schema", field):
            template.add(words(word), None, [("schema/listing.schema.json", 0)])
    return template


def update(locales_dir: Path, codes: list[str], project_dir: Path = PROJECT_DIR) -> list[Path]:
    """Write the extracted words to locales/messages.pot, and update (or start) each language's catalog from them,
    keeping the translations made; return the files written."""
    template = extract(project_dir)
    written = [locales_dir / TEMPLATE]
    _write(written[0], template)
    found = sorted(path.name for path in locales_dir.iterdir() if catalog_path(locales_dir, path.name).is_file()) \
        if locales_dir.is_dir() else []
    for code in sorted({*found, *codes}):
        path = catalog_path(locales_dir, code)
        if path.is_file():
            with open(path, "rb") as handle:
                catalog = read_po(handle, locale=code)
        else:
            catalog = Catalog(locale=code, domain=DOMAIN, project="sitegen", charset="utf-8", fuzzy=False,
                              header_comment=HEADER.format(language=code), creation_date=FIXED_DATE,
                              revision_date=FIXED_DATE)
        catalog.update(template, no_fuzzy_matching=True)
        _write(path, catalog)
        written.append(path)
    return written


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:  # no dates or line numbers: a catalog changes only when its words do
        write_po(handle, catalog, width=100, omit_header=False, sort_output=False, ignore_obsolete=True,
                 include_lineno=False)


if __name__ == "__main__":
    for written in update(PROJECT_DIR / "locales", sys.argv[1:]):
        print(f"wrote {written.relative_to(PROJECT_DIR).as_posix()}")
