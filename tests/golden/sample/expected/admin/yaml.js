// The YAML the editors' form writes: what a person would write, in the schema's order, so a file saved by the form
// reads as one written by hand and `build.py check` reads back what the form saved.
//
// - Fields in the schema's order (a group's fields too: a phone's number before its type); fields the schema does
//   not know come last, as they were, for `check` to point at.
// - Text plain where YAML reads it back as the same text, else in double quotes; numbers, times, dates and ZIP codes
//   always in quotes. yamlValue is sitegen/fieldref.py's yaml_value: tests/unit/yaml-values.json holds both to the
//   same cases.
// - Text of more than one line as a block (`description: |`), short lists on one line (`cost: [free]`), lists of
//   long values and lists of groups one item a line.
// - Nothing for a field left empty, and nothing for `false` where leaving the field out means the same (no default
//   in the schema), so that an untouched checkbox adds no line; an empty item of a list only where it keeps a place
//   (`- {}`: a translation's phones are one item for each phone).

const INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
const YAML_11_WORDS = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=|<<)$/;
const SPECIAL_FLOATS = /^\.(?:[0-9]|inf|Inf|INF|nan|NaN|NAN)/;
const UNPRINTABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;
const SURROUNDING_SPACE = /^[\s--\ufeff]|[\s--\ufeff]$/v; // as Python's str.strip(), which keeps a byte-order mark
const LONG_ITEM = 30; // a list with an item this long, or whose example has, is written one item a line, like
// web addresses (as `build.py new` writes them)

/** Return true if the text reads back as the same text in YAML without quotes (inside [ ] or { } if inside). */
function plain(text, inside) {
  if (!text || SURROUNDING_SPACE.test(text) || "0123456789+-".includes(text[0]) || /[\n#]/.test(text)) return false;
  if (inside && /[,[\]{}]/.test(text)) return false;
  if (UNPRINTABLE.test(text) || YAML_11_WORDS.test(text) || SPECIAL_FLOATS.test(text)) return false;
  // An indicator cannot start plain text, except - ? : before a character that is not a space.
  if (INDICATORS.includes(text[0]) && !("-?:".includes(text[0]) && text.length > 1 && text[1] !== " ")) return false;
  return !/: |:$|\t/.test(text);
}

/** Return a value as it is typed on one line of YAML: text in quotes only where it needs them. */
export function yamlValue(value, inside = false) {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return `[${value.map((x) => yamlValue(x, true)).join(", ")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${yamlValue(v, true)}`).join(", ")}}`;
  }
  const text = String(value);
  return plain(text, inside) ? text : JSON.stringify(text);
}

/** Return the schema of a group's fields (an object's, or each item's of a list), or {}. */
function groupOf(spec) {
  if (!spec) return {};
  return spec.type === "array" ? spec.items ?? {} : spec;
}

/** Return the schema of one field of a group: a listed property, or the schema every other key takes. */
function fieldOf(group, key) {
  return group.properties?.[key] ?? (typeof group.additionalProperties === "object" ? group.additionalProperties : undefined);
}

/** Return a value without its empty fields and items, or undefined if nothing is left. */
export function pruned(value, spec) {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "boolean") return value || spec?.default === false ? value : undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => pruned(item, spec?.items));
    if (items.every((item) => item === undefined)) return undefined;
    // Where the schema allows an empty item, an empty item keeps its place: a translation's phones are one item
    // for each phone, `- {}` for a phone with no note. Elsewhere (a phone without a number) it is left out.
    return emptyAllowed(spec?.items) ? items.map((item) => item ?? {}) : items.filter((item) => item !== undefined);
  }
  if (typeof value === "object") {
    const group = groupOf(spec);
    const kept = Object.entries(value).map(([key, v]) => [key, pruned(v, fieldOf(group, key))])
      .filter(([, v]) => v !== undefined);
    // A group holding nothing but what leaving it out would mean (a translation that is only `reviewed: false`)
    const meaningful = kept.some(([key, v]) => v !== fieldOf(group, key)?.default);
    return meaningful ? Object.fromEntries(kept) : undefined;
  }
  return value;
}

/** Return true if the schema of a list's items allows an empty group, {}. */
function emptyAllowed(items) {
  return items?.type === "object" && !items.required?.length && !items.anyOf && !items.oneOf && !items.minProperties;
}

/** Return the keys of a group in the schema's order, then any others in their own order. */
function ordered(value, group) {
  const known = Object.keys(group.properties ?? {}).filter((key) => key in value);
  return [...known, ...Object.keys(value).filter((key) => !known.includes(key))];
}

/** Return the lines of a group of fields, indented. */
function mappingLines(value, spec, indent) {
  const group = groupOf(spec);
  return ordered(value, group).flatMap((key) => fieldLines(key, value[key], fieldOf(group, key), indent));
}

/** Return the lines of one field: `key: value` on one line, or `key:` with its block below. */
function fieldLines(key, value, spec, indent) {
  if (typeof value === "string" && value.includes("\n") && !UNPRINTABLE.test(value.replace(/\n/g, ""))) {
    // More than one line: a block, ending with one line break, as a person writes `description: |`.
    const lines = value.replace(/\s+$/, "").split("\n");
    const header = lines[0].startsWith(" ") ? "|2" : "|";
    return [`${indent}${key}: ${header}`, ...lines.map((line) => (line ? `${indent}  ${line}` : ""))];
  }
  if (Array.isArray(value)) {
    const long = [...value, ...(spec?.examples?.[0] ?? [])].some((item) => String(item).length > LONG_ITEM);
    if (!long && value.every((item) => typeof item !== "object" && !String(item).includes("\n"))) {
      return [`${indent}${key}: ${yamlValue(value)}`];
    }
    return [`${indent}${key}:`, ...value.flatMap((item) => itemLines(item, spec?.items, `${indent}  `))];
  }
  if (value && typeof value === "object") {
    return [`${indent}${key}:`, ...mappingLines(value, spec, `${indent}  `)];
  }
  return [`${indent}${key}: ${yamlValue(value)}`];
}

/** Return the lines of one item of a block list: `- value`, or a group whose first field is on the `- ` line. */
function itemLines(item, spec, indent) {
  if (item && typeof item === "object" && !Array.isArray(item)) {
    const lines = mappingLines(item, spec, `${indent}  `);
    if (!lines.length) return [`${indent}- {}`];
    return [`${indent}- ${lines[0].trimStart()}`, ...lines.slice(1)];
  }
  return [`${indent}- ${yamlValue(item)}`];
}

/** Return a YAML file of the data, its fields in the schema's order, after the given first lines (a comment). */
export function formatYaml(data, schema, firstLines = []) {
  const value = pruned(data, schema) ?? {};
  return [...firstLines, ...mappingLines(value, schema, "")].join("\n") + "\n";
}

/** Return a Markdown file with YAML front matter: the fields between --- lines, then the body as it is. */
export function formatFrontMatter(data, schema) {
  const { body = "", ...fields } = data;
  const text = String(body).replace(/^\n+/, "").replace(/\s+$/, "");
  return `---\n${formatYaml(fields, schema)}---\n${text ? `${text}\n` : ""}`;
}
