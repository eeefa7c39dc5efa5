"""JSON Schema -> problems in plain words: the one schema engine, which check and import-hsds both use.

A schema's errorMessage says what it expects in an editor's words; fastjsonschema checks the valid files fast,
and jsonschema explains a file that breaks a schema, field by field.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from .problems import Problem, in_order, mismatch
from .yamltext import FieldPath, Locate, field_name

if TYPE_CHECKING:
    import jsonschema

# Keys the content format has renamed, where they were: the new key, and why. A file still using one gets one line
# at the old key saying so, not "unknown field" and "date is missing".
RENAMED: dict[FieldPath, tuple[str, str]] = {
    ("verified", "on"): ("date", "YAML 1.1 tools, such as PyYAML and yamllint, read a key named on as true")}
TYPE_WORDS = {"string": "text", "array": "a list", "object": "a group of fields (name: value)",
              "integer": "a whole number", "number": "a number", "boolean": "true or false"}


@cache
def validators(schema_dir: Path, name: str) -> tuple[Callable[[Any], Any], dict]:
    """Return a fast validator for one of the schemas, which fills in the schema's defaults, and the schema."""
    schema = _inline(json.loads((schema_dir / f"{name}.schema.json").read_text(encoding="utf-8")), schema_dir)
    if name == "listing":
        # The list of categories is for editors, made from the bundled categories.yaml; a listing is checked
        # against the categories.yaml of the content being checked (check_listing), which a fork may change.
        category = schema["properties"]["category"]
        schema["properties"]["category"] = {k: v for k, v in category.items() if k not in ("enum", "enumDescriptions")}
    # Asked only whether a file is valid (jsonschema explains one that is not): without its detailed exceptions,
    # fastjsonschema writes a third of the code, which Python compiles in a third of the time, and the tries of
    # an anyOf, which raise on every listing, cost next to nothing.
    return fastjsonschema.compile(schema, use_default=True, detailed_exceptions=False), schema


def choices(schema_dir: Path, field: str) -> tuple[str, ...]:
    """Return the words a listing's list field may hold, as listing.schema.json lists them: audience, cost."""
    return tuple(validators(schema_dir, "listing")[1]["properties"][field]["items"]["enum"])


def _inline(schema: Any, schema_dir: Path) -> Any:
    """Return a schema with each $ref to another schema's part, like listing.schema.json#/properties/tags, copied in."""
    if isinstance(schema, list):
        return [_inline(item, schema_dir) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if isinstance(schema.get("$ref"), str) and not schema["$ref"].startswith("#"):
        file, _, pointer = schema["$ref"].partition("#")
        target = json.loads((schema_dir / file).read_text(encoding="utf-8"))
        for step in pointer.strip("/").split("/"):
            target = target[step]
        return target
    return {key: _inline(value, schema_dir) for key, value in schema.items()}


@cache
def explaining(schema_dir: Path, name: str) -> jsonschema.Draft7Validator:
    """Return jsonschema's validator for one of the schemas, which says what is wrong and where.

    Imported only when a file breaks a schema: jsonschema takes a tenth of a second to import,
    a tenth of checking 10,000 listings that are all valid.
    """
    import jsonschema

    def unless_too_long(keyword: str, limit: str) -> Callable:
        """Return jsonschema's check for a keyword, skipped for values longer than the schema's limit allows.

        A pattern on 20,000 characters took 20 s and uniqueItems on 3,000 items 30 s: a hostile file
        could stall the build. maxLength or maxItems already reports such a value.
        """
        check = jsonschema.Draft7Validator.VALIDATORS[keyword]

        def bounded(validator, value, instance, schema):
            if isinstance(instance, (str, list)) and len(instance) > schema.get(limit, len(instance)):
                return
            yield from check(validator, value, instance, schema) or ()
        return bounded

    validator = jsonschema.validators.extend(jsonschema.Draft7Validator, {
        "pattern": unless_too_long("pattern", "maxLength"), "uniqueItems": unless_too_long("uniqueItems", "maxItems")})
    return validator(validators(schema_dir, name)[1])


def schema_problems(schema_dir: Path, name: str, data: Any, locate: Locate, complete: bool = True) -> list[Problem]:
    """Return one plain-words problem per way the data breaks the named schema; fill in its defaults if none.

    With complete=False some fields may still come from elsewhere (category defaults that could not be read):
    missing fields are not reported, so one mistake in categories.yaml is not reported again in every listing.
    """
    try:
        validators(schema_dir, name)[0](data)  # compiled to Python: about 15 times faster on the valid files
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    errors = [error for error in explaining(schema_dir, name).iter_errors(data)
              if complete or error.absolute_path or error.validator not in ("required", "anyOf")]
    # A misspelt field is often the field that is missing: say both at the misspelling's line, as one problem.
    missing: dict[FieldPath, list[jsonschema.ValidationError]] = {}
    for error in errors:
        if error.validator == "anyOf" and _alternatives(error.schema):
            missing.setdefault(tuple(error.absolute_path), []).append(error)
    unknown = {tuple(e.absolute_path) for e in errors if e.validator == "additionalProperties"}
    hints = {(*e.absolute_path, key): hint(tuple(e.absolute_path), key, e.schema) for e in errors
             if e.validator == "additionalProperties" for key in set(e.instance) - set(e.schema.get("properties", {}))}
    problems = set()
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "anyOf" and path in missing and path in unknown:
            continue  # _explain says it with the unknown fields
        problems.update(explain(error, path, locate, missing.get(path, []), hints))
    return in_order(problems)


def hint(path: FieldPath, key: str, schema: Any) -> str | None:
    """Return the field an unknown key of a group is likely meant to be: its new name if the content format renamed
    it (RENAMED), else the closest of the group's fields, if one is close; None if none is."""
    if (*path, key) in RENAMED:
        return RENAMED[(*path, key)][0]
    close = difflib.get_close_matches(key, list(schema.get("properties", {})), n=1, cutoff=0.6)
    return close[0] if close else None


def _alternatives(schema: Any) -> list[str]:
    """Return the fields of an anyOf of the form "one of these fields is needed", or []."""
    options = schema.get("anyOf", []) if isinstance(schema, dict) else []
    names = [o["required"][0] for o in options if isinstance(o, dict) and len(o.get("required", [])) == 1]
    return names if len(names) == len(options) else []


def expected_words(schema: Any) -> str | None:
    """Return what a schema says it expects, from its errorMessage without the leading "expected "."""
    message = schema.get("errorMessage") if isinstance(schema, dict) else None
    return message.removeprefix("expected ") if isinstance(message, str) else None


def explain(error: jsonschema.ValidationError, path: FieldPath, locate: Locate,
             missing: list[jsonschema.ValidationError] | None = None,
             hints: dict[FieldPath, str | None] | None = None) -> list[Problem]:
    """Return the problems one schema error stands for, in the words of the schema's errorMessage.

    For unknown fields, `missing` are the rules "one of these fields is needed" the same group breaks: each is
    said at an unknown field it may be misspelt as. `hints` are what each unknown field is likely meant to be (hint),
    worked out once: a required field an unknown field of its group is reported as a misspelling of is said there.
    """
    schema, value, keyword = error.schema, error.instance, error.validator
    expected = expected_words(schema)
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        found, unsaid = [], list(missing or [])
        for key in sorted(set(value) - set(allowed), key=lambda k: locate((*path, k), key=True)):
            if (*path, key) in RENAMED:
                new, why = RENAMED[(*path, key)]
                found.append(Problem(locate((*path, key), key=True), field_name((*path, key)),
                                     f"this key is now '{new}' ({why}); rename it to {new}:"))
                continue
            meant = hints[(*path, key)] if hints and (*path, key) in hints else hint(path, key, schema)
            rule = next((r for r in unsaid if meant is None or meant in _alternatives(r.schema)), None)
            if rule is not None:
                unsaid.remove(rule)
            if rule is not None and meant is None:
                needed = _alternatives(rule.schema)
                message = (f"unknown field; did you mean {' or '.join(repr(n) for n in needed)}? "
                           f"One of them is needed: {expected_words(rule.schema['anyOf'][0])}")
            elif meant is not None:
                message = f"unknown field; did you mean '{meant}'?"
            else:
                message = f"unknown field; expected one of: {', '.join(allowed)}"
            found.append(Problem(locate((*path, key), key=True), field_name((*path, key)), message))
        for rule in unsaid:  # every unknown field was something else: what is missing is a problem of its own
            found += explain(rule, path, locate)
        return found
    if keyword == "required":
        misspelt = {meant for where, meant in (hints or {}).items() if where[:-1] == path}
        return [mismatch(locate(path), field_name((*path, name)),
                         expected_words(schema.get("properties", {}).get(name)) or expected or "a value", None)
                for name in schema["required"] if name not in value and name not in misspelt]
    if keyword == "anyOf" and (needed := _alternatives(schema)):
        return [Problem(locate(path), field_name(path), f"expected {expected_words(schema['anyOf'][0])}, "
                        f"found {'neither' if len(needed) == 2 else 'none of them'}")]
    if keyword == "dependencies":
        needed = sorted({n for k, names in schema["dependencies"].items() if k in value
                         for n in names if n not in value})
        if expected is None:  # one field that needs another, like notice_until a notice
            field = next(k for k, names in schema["dependencies"].items() if k in value and set(names) & set(needed))
            return [Problem(locate((*path, field), key=True), field_name((*path, field)),
                            f"needs {' and '.join(needed)} too; add it, or remove this line")]
        return [Problem(locate(path), field_name(path),
                        f"expected {expected}, found no {' or '.join(needed)}")]
    if keyword == "type":
        expected = expected or TYPE_WORDS.get(str(schema.get("type")), str(schema.get("type")))
    elif keyword == "enum":
        expected = "one of: " + ", ".join(str(x) for x in schema["enum"])
    elif keyword == "maxLength":
        return [Problem(locate(path), field_name(path),
                        f"expected at most {schema['maxLength']} characters, found {len(value)}")]
    elif keyword == "maxItems":
        return [Problem(locate(path), field_name(path),
                        f"expected at most {schema['maxItems']} items, found {len(value)}")]
    elif keyword == "minItems":
        expected = f"at least {schema['minItems']} item{'s' * (schema['minItems'] > 1)}"
    elif keyword == "uniqueItems":
        return [Problem(locate(path), field_name(path), "the same item is listed twice; keep one")]
    return [mismatch(locate(path), field_name(path), expected or error.message, value)]
