"""A record's words in the site's other languages: what each translation holds, and what it may not."""

from __future__ import annotations

from typing import Any

from . import languages
from .models import Translation, Translations
from .problems import Problem
from .yamltext import FieldPath, Locate, field_name


def missing_translations(fields: dict[str, Any], code: str, default: str, locate: Locate) -> list[Problem]:
    """Return one warning for a listing whose texts are not all translated into a language of the site, naming
    them, at the listing's translations into it (where they go): pages in that language show those texts in the
    default language, marked as such. One for the listing, not one a text: a site in two languages has thousands."""
    found = fields["translations"].get(code)
    translated = found.fields if found else {}
    missing = [field_name(path) for path, _ in languages.words(fields)
               if languages.translation_at(translated, path) is None]
    if not missing:
        return []
    name, original = language_name(code), language_name(default)
    return [Problem(locate(("translations", code), key=True), f"translations.{code}",
                    f"no {name} translation yet of: {', '.join(missing)}; {name} pages show the {original}, marked as "
                    f"{original}", "warning")]


def translations(data: dict) -> Translations:
    """Return a record's translations by language: the fields translated, and whether someone has reviewed them."""
    return {code: Translation({name: text for name, text in fields.items() if name != "reviewed"},
                              fields.get("reviewed", False))
            for code, fields in data.get("translations", {}).items()}


def translation_problems(data: Any, languages: tuple[str, ...], locate: Locate, path: FieldPath = ()) -> list[Problem]:
    """Return a problem for each translation into a language the site does not have, or of a text the record
    leaves out: a translation of nothing would show where the original shows nothing. A listing's lists are
    translated item by item, so each list of translations has as many items as the list it translates."""
    found: list[Problem] = []
    if not isinstance(data, dict):
        return found
    for code, fields in (data.get("translations") or {}).items():
        where = (*path, "translations", code)
        if code not in languages[1:]:  # a language the site has dropped, or not yet added: harmless, not shown
            found.append(Problem(locate(where, key=True), field_name(where), "not shown: site.yaml's languages after "
                                 f"the first are {', '.join(languages[1:]) or 'none yet'}", "warning"))
            continue
        found += _translating_nothing(data, fields, where, locate)
    return found


def _translating_nothing(original: dict, fields: dict, where: FieldPath, locate: Locate,
                         inside: FieldPath = ()) -> list[Problem]:
    """Return a problem for each translated field with nothing to translate, and each list of translations that is
    not item for item the list it translates."""
    found = []
    for name, value in fields.items():
        if name == "reviewed":
            continue
        at = (*inside, name)
        if name not in original:
            found.append(Problem(locate((*where, *at), key=True), field_name((*where, *at)),
                                 f"this translates {field_name(at)}, which is not there to translate; add "
                                 f"{field_name(at)} above or remove its translation"))
        elif isinstance(value, list) and isinstance(original[name], list):
            if len(value) != len(original[name]):
                empty = " (- {} for one with nothing to translate)" if name in languages.NOTES else ""
                found.append(Problem(locate((*where, *at)), field_name((*where, *at)),
                                     f"expected {len(original[name])} items, one for each of {field_name(at)} in "
                                     f"order{empty}, found {len(value)}"))
            found += [problem for i, item in enumerate(value[:len(original[name])]) if isinstance(item, dict)
                      and isinstance(original[name][i], dict)
                      for problem in _translating_nothing(original[name][i], item, where, locate, (*at, i))]
    return found


def language_name(code: str) -> str:
    """Return a language's name in English, as check's messages say it: Spanish for es."""
    return languages.ENGLISH.locale.languages.get(code, code)
