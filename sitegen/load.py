"""Read content/ into raw records that remember the file, line and column of every value."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Position, Problem

MAX_FILE_BYTES = 512 * 1024  # a listing is a few KB; anything near this is a mistake or an attack
# Python-Markdown slows down faster than the text grows on some hostile input: 64 KB of it still
# converts in seconds, and the longest guide is about 5 KB.
MAX_MARKDOWN_BYTES = 64 * 1024
MAX_DEPTH = 12  # the deepest real content is about 4 levels
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_SLUG = 80
# Names Windows cannot create: a listing called con.yaml would break every Windows checkout.
# Characters that change the order text is shown in (Unicode's embeddings, overrides and isolates):
# a name with U+202E could show as another listing's name ("Trojan Source", CVE-2021-42574).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
LANDMARKS = ("name", "url")  # and each phone's number: where validate.warn_duplicates points
RESERVED_SLUGS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}

FieldPath = tuple[str | int, ...]


@dataclass
class Source:
    """One content file: its data, the YAML node tree the data came from, and any Markdown body."""

    path: str
    data: Any = None
    node: yaml.Node | None = None
    body: str = ""
    body_line: int = 1  # the line of the file where the Markdown body starts
    line_offset: int = 0  # lines before the YAML (the opening --- of front matter)
    landmarks: dict = field(default_factory=dict, repr=False, compare=False)  # see keep_landmarks
    _fields: dict = field(default_factory=dict, repr=False, compare=False)  # see _pairs

    @property
    def slug(self) -> str:
        return os.path.splitext(os.path.basename(self.path))[0]

    def where(self, field_path: FieldPath = (), key: bool = False) -> Position:
        """Return the position of a field, or of its nearest parent that exists; key=True points at its name."""
        if (landmark := _landmark(field_path, key)) in self.landmarks:
            return Position(self.path, *self.landmarks[landmark])
        if self.node is None and (self.data is not None or self.landmarks):  # read elsewhere, without its node tree
            self.node = (read_markdown_file if self.path.endswith(".md") else read_yaml_file)(Path(self.path))[0].node
        node = self.node
        if node is None:
            return Position(self.path, 1 + self.line_offset, 1)
        for depth, step in enumerate(field_path, 1):
            if isinstance(node, yaml.MappingNode):
                pairs = self._pairs(node)
                if step not in pairs:
                    break
                key_node, node = pairs[step]
                if key and depth == len(field_path):  # not step == field_path[-1]: in a.a.a every step is "a"
                    node = key_node
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
            else:
                break
        mark = node.start_mark
        return Position(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def keep_landmarks(self) -> None:
        """Note where the fields are that duplicate warnings point at (LANDMARKS), to drop the node tree.

        A node tree costs more to keep or to send between processes than to parse, and most are never needed;
        any other position is found by reading the file again.
        """
        if not isinstance(self.node, yaml.MappingNode):
            return

        def note(path: FieldPath, node: yaml.Node) -> None:
            self.landmarks[_landmark(path, False)] = (node.start_mark.line + 1 + self.line_offset,
                                                      node.start_mark.column + 1)

        note((), self.node)
        pairs = self._pairs(self.node)
        for name in LANDMARKS:
            if name in pairs:
                note((name,), pairs[name][1])
        if "phones" in pairs and isinstance(pairs["phones"][1], yaml.SequenceNode):
            for i, item in enumerate(pairs["phones"][1].value):
                if isinstance(item, yaml.MappingNode) and "number" in (fields := self._pairs(item)):
                    note(("phones", i, "number"), fields["number"][1])

    def _pairs(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Return a mapping's key and value nodes by field name, the first of duplicates winning as in the data.

        Kept per node: building this afresh for every lookup made a file with thousands of fields take hours.
        """
        if id(node) not in self._fields:
            pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    pairs.setdefault(key_node.value, (key_node, value_node))
            self._fields[id(node)] = pairs
        return self._fields[id(node)]


def _landmark(field_path: FieldPath, key: bool) -> str:
    return "/".join(map(str, field_path)) + ("=" if key else "")  # like phones/0/number, or name= for the key


@dataclass
class Sources:
    """Everything read from a content folder, plus the problems found while reading it."""

    site: Source | None = None
    categories: Source | None = None
    listings: list[Source] = field(default_factory=list)
    guides: list[Source] = field(default_factory=list)
    pages: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unread: list[Path] = field(default_factory=list)  # listing files validate.py reads as it checks them


def read_content(content_dir: Path, known: dict[str, Source] | None = None, listings: bool = True) -> Sources:
    """Read every content file; unreadable files are left out and reported in Sources.problems.

    known holds listing files read before and unchanged since (cache.py), as Sources without node trees:
    they are not read again. With listings=False the other listing files are left in Sources.unread.
    """
    sources = Sources()
    sources.site = _read_one(content_dir / "site.yaml", read_yaml_file, sources.problems)
    sources.categories = _read_one(content_dir / "categories.yaml", read_yaml_file, sources.problems)
    sources.listings = _read_folder(content_dir / "listings", ".yaml", read_yaml_file if listings else None,
                                    sources.problems, known or {}, sources.unread)
    sources.guides = _read_folder(content_dir / "guides", ".md", read_markdown_file, sources.problems)
    sources.pages = _read_folder(content_dir / "pages", ".md", read_markdown_file, sources.problems)
    return sources


def _read_one(path: Path, reader, problems: list[Problem]) -> Source | None:
    if not path.is_file():
        problems.append(Problem(Position(str(path)), "", "this file is missing; every site needs one"))
        return None
    source, found = reader(path)
    problems.extend(found)
    return source if not found else None


def _read_folder(folder: Path, suffix: str, reader, problems: list[Problem], known: dict[str, Source] | None = None,
                 unread: list[Path] | None = None) -> list[Source]:
    """Read the files of one kind in a folder, sorted by name; report every file that does not belong.

    Without a reader, the files are left in unread."""
    sources, readable = [], []
    if not folder.is_dir():
        return sources
    for name in sorted(os.listdir(folder)):
        if known and os.path.join(folder, name) in known:  # unchanged since it was read and checked
            sources.append(known[os.path.join(folder, name)])
            continue
        path = folder / name
        where = Position(str(path))
        if path.name.startswith("."):
            continue  # .gitkeep, editor swap files
        if path.suffix == ".yml" and suffix == ".yaml":
            problems.append(Problem(where, "", f"listing files must end in .yaml; rename it to {path.stem}.yaml"))
        elif path.suffix != suffix or not path.is_file():
            problems.append(Problem(where, "", f"only {suffix} files belong in {folder.name}/; move or rename it"))
        elif not SLUG.match(path.stem) or len(path.stem) > MAX_SLUG:
            problems.append(Problem(where, "", "the file name is the page's web address: use lower-case "
                                    f"letters, digits and hyphens (at most {MAX_SLUG}), like my-listing{suffix}"))
        elif path.stem in RESERVED_SLUGS:
            problems.append(Problem(where, "", f"'{path.stem}' is a reserved file name on Windows; choose another"))
        else:
            readable.append(path)
    if reader is None:
        unread += readable
        return sources
    for path in readable:  # a statewide directory's listings are read by validate.py, on every core
        source, found = reader(path)
        problems.extend(found)
        if not found:
            sources.append(source)
    return sorted(sources, key=lambda source: source.path)


def read_text(path: Path, limit: int = MAX_FILE_BYTES, kind: str = "content") -> tuple[str, list[Problem]]:
    """Return the file's text as UTF-8 with a byte-order mark and CRLF line endings removed."""
    if path.is_symlink():
        # A link to a file outside the repository would publish it, or print it in a public CI log.
        return "", [Problem(Position(str(path)), "", "this is a symbolic link; content must be a plain file")]
    with open(path, "rb") as handle:
        raw = handle.read(limit + 1)  # no further: a 10 GB file must not be read into memory to be refused
    if len(raw) > limit:
        return "", [Problem(Position(str(path)), "", f"the file is {path.stat().st_size // 1024} KB; "
                            f"{kind} files must be under {limit // 1024} KB")]
    if b"\0" in raw:
        return "", [Problem(_position_of(raw, raw.index(b"\0"), path), "",
                            "the file contains a NUL byte; it looks like a binary file, not text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return "", [Problem(_position_of(raw, error.start, path), "",
                            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8")]
    text = text.replace("\r\n", "\n")
    # YAML counts these as line breaks and editors do not, so every position after one would be off.
    if separator := re.search("[\r\x85\u2028\u2029]", text):
        at = separator.start()
        return "", [Problem(Position(str(path), text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)), "",
                            f"the file contains an invisible line separator (U+{ord(separator.group()):04X}); "
                            "remove it, or break the line with Enter")]
    return text, []


def _position_of(raw: bytes, offset: int, path: Path) -> Position:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1  # count characters, not bytes: é is two bytes but one column
    return Position(str(path), before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1)


def read_yaml_file(path: Path) -> tuple[Source, list[Problem]]:
    """Read one YAML file into a Source."""
    text, problems = read_text(path)
    source = Source(str(path))
    if not problems:
        source.data, source.node, problems = parse_yaml(text, source)
    return source, problems


def read_markdown_file(path: Path) -> tuple[Source, list[Problem]]:
    """Read one Markdown file with YAML front matter between --- lines into a Source."""
    text, problems = read_text(path, MAX_MARKDOWN_BYTES, "Markdown")
    source = Source(str(path), line_offset=1)
    if problems:
        return source, problems
    match = re.match(r"---\n(.*?\n)?---(\n|$)", text, re.DOTALL)
    if not match:
        return source, [Problem(Position(str(path)), "", "expected front matter at the top: a line with ---, "
                                "then title, summary and reviewed, then another line with ---")]
    source.data, source.node, problems = parse_yaml(match.group(1) or "", source)
    source.body = text[match.end():]
    source.body_line = text[:match.end()].count("\n") + 1
    if control := BIDI_CONTROLS.search(source.body):
        at = match.end() + control.start()
        problems.append(Problem(Position(str(path), text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)), "",
                                _bidi_message(control.group())))
    return source, problems


def _bidi_message(char: str) -> str:
    return (f"contains the invisible character U+{ord(char):04X} ({unicodedata.name(char).lower()}), "
            "which changes the order text is shown in; remove it")


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """A YAML loader with YAML 1.2's plain types: yes, no, on, off and 9:00 stay text; dates stay text."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
# Leading zeros stay text: ZIP code 02134 is not the number 2134.
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float",
                              re.compile(r"^[-+]?(?:0|[1-9][0-9]*)?\.[0-9]+(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789."))

_SCALAR_TYPES = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:null": lambda text: None,
}


def parse_yaml(text: str, source: Source) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Return the data and node tree of one YAML document, or the problems that stop it being read."""
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return None, None, [Problem(source.where(), "", "the file has no content; fill in its fields")]
    try:
        too_deep = _too_deep(text)
        if too_deep:
            where = Position(source.path, too_deep.line + 1 + source.line_offset, too_deep.column + 1)
            return None, None, [Problem(where, "", f"the value is nested more than {MAX_DEPTH} levels deep")]
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Position(source.path, mark.line + 1 + source.line_offset, mark.column + 1)
        if mark.line > text.count("\n"):  # "the end of the file" in a file without a last line break
            last = text.rpartition("\n")[2]
            where = Position(source.path, text.count("\n") + 1 + source.line_offset, len(last) + 1)
        line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        return None, None, [Problem(where, "", _explain_yaml_error(error, line))]
    except (yaml.YAMLError, RecursionError):
        return None, None, [Problem(source.where(), "", "the file could not be read as YAML")]
    if node is None:  # no document at all, like a lone byte-order mark
        return None, None, [Problem(source.where(), "", "the file has no content; fill in its fields")]
    source.node = node
    source._fields.clear()
    problems: list[Problem] = []
    data = _construct(node, (), source, set(), problems)
    return data, node, problems


def _too_deep(text: str) -> yaml.Mark | None:
    """Return where the text nests lists or groups of fields too deeply to read safely, or None.

    Composing 50,000 nested [ crashed the whole process with a segmentation fault (libyaml's
    composer recurses in C, past any RecursionError); its event parser keeps its own stack.
    """
    # Each level of nesting starts at one of these characters, so most files can't be deep: skip the parse.
    if sum(map(text.count, "[{-:?")) <= 8 * MAX_DEPTH:
        return None
    depth, starts = 0, []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth <= MAX_DEPTH + 2:
                starts[depth - 1:] = [event.start_mark]
            if depth > 8 * MAX_DEPTH:  # far past any mistake; _construct names the field of shallower ones
                return starts[-1]  # where it first went too deep
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _explain_yaml_error(error: yaml.MarkedYAMLError, line: str) -> str:
    """Return a YAML syntax error in plain words; line is the text of the line it points at."""
    problem = error.problem or "not valid YAML"
    if "\t" in line[: len(line) - len(line.lstrip())] or "\\t" in problem:
        return "a tab character is used for indenting; indent with spaces instead"
    if "maximum nesting depth" in problem:  # libyaml's own limit, in the builds of PyYAML that have one
        return f"the value is nested more than {MAX_DEPTH} levels deep"
    if "found undefined alias" in problem:
        return "'*' starts an alias, which is not allowed; put text that starts with * in quotes"
    if "mapping values are not allowed" in problem:
        return "unexpected ':'; put text that contains ': ' in quotes, or check the indenting"
    return f"this is not valid YAML: {problem}"


def field_name(field_path: FieldPath) -> str:
    """Return a field path as the editor would write it, like phones[0].number."""
    text = ""
    for step in field_path:
        if isinstance(step, str) and not re.fullmatch(r"[\w-]+", step):
            # Quoted and escaped, so a field named with a line break or spaces cannot fake another problem line.
            step = "'" + step.encode("unicode_escape").decode("ascii").replace("'", "\\'") + "'"
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _construct(node: yaml.Node, path: FieldPath, source: Source, seen: set[int], problems: list[Problem]) -> Any:
    """Turn a node into plain data, reporting aliases, custom tags, duplicate fields and deep nesting."""
    def where() -> Position:  # looked up only when there is a problem: most nodes have none
        return source.where(path, key=True)

    if id(node) in seen:
        # An alias shares its anchor's node, so point at the field that holds it, not at the anchor.
        at = where() if path and isinstance(path[-1], str) else source.where(path[:-1])
        problems.append(Problem(at, field_name(path), "anchors and aliases (& and *) are not allowed; "
                                "write the value out in full"))
        return None
    seen.add(id(node))
    if len(path) > MAX_DEPTH:
        problems.append(Problem(where(), field_name(path), f"the value is nested more than {MAX_DEPTH} levels deep"))
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TYPES:
            problems.append(Problem(where(), field_name(path), f"custom YAML tags like {_short(node.tag)} are not allowed"))
            return None
        value = _SCALAR_TYPES[node.tag](node.value)
        if isinstance(value, str) and (control := BIDI_CONTROLS.search(value)):
            problems.append(Problem(where(), field_name(path), _bidi_message(control.group())))
        return value
    if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
        return [_construct(item, (*path, i), source, seen, problems) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
        data: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TYPES:
                problems.append(Problem(source.where(path), field_name(path), "field names must be plain words"))
                continue
            key = key_node.value
            if key in lines:
                problems.append(Problem(
                    Position(source.path, key_node.start_mark.line + 1 + source.line_offset, key_node.start_mark.column + 1),
                    field_name((*path, key)), f"this field appears twice (first on line {lines[key]}); keep one"))
                continue
            lines[key] = key_node.start_mark.line + 1 + source.line_offset
            data[key] = _construct(value_node, (*path, key), source, seen, problems)
        return data
    problems.append(Problem(where(), field_name(path), f"custom YAML tags like {_short(node.tag)} are not allowed"))
    return None


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
