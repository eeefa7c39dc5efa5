"""YAML as content writes it: plain YAML 1.2 types, each value's line and column, mistakes in plain words."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Position, Problem

MAX_DEPTH = 12  # the deepest real content is about 4 levels
# Characters that change the order text is shown in (Unicode's embeddings, overrides and isolates):
# a name with U+202E could show as another listing's name ("Trojan Source", CVE-2021-42574).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Control characters other than tab and line break: invisible, often pasted in from a PDF or a word processor.
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
INVISIBLE = re.compile(f"[{BIDI_CONTROLS}{CONTROLS}]")

FieldPath = tuple[str | int, ...]
Locate = Callable[..., Position]  # where a field was written, like Record.where: (path, key=False) -> Position


@dataclass
class Record:
    """One content file as read: its data, where each value and field name was written, and any Markdown body."""

    path: str
    text: str = ""  # the YAML, as written
    first_line: int = 1  # the line of the file the YAML starts on: 2 for front matter, after its ---
    data: Any = None
    # Each value's YAML node, and its field name's, by field path: () is the whole file. Their marks say where
    # they were written. None once the record has been sent from a worker: found again from the text if asked for.
    nodes: dict[FieldPath, tuple[yaml.Node, yaml.Node | None]] | None = field(default_factory=dict, repr=False)
    body: str = ""
    body_line: int = 1  # the line of the file where the Markdown body starts
    complete: bool = True  # the data holds every value as written, even if the file has problems (a tab, say)

    @property
    def slug(self) -> str:
        return os.path.splitext(os.path.basename(self.path))[0]

    @property
    def file(self) -> str:
        """Return a listing's, guide's or page's path relative to content/, like listings/x.yaml, wherever the
        content folder is: what the site's edit links name, never a path of this machine."""
        folder, name = os.path.split(self.path)
        return f"{os.path.basename(folder)}/{name}"

    def __getstate__(self) -> dict:
        # Sent from a worker that has checked it, to say where its problems are: the data is not needed any more,
        # and its positions cost more to send than to find again from the text, which is seldom needed.
        state = {**self.__dict__, "data": None, "nodes": None}
        state.pop("_root", None)
        return state

    def where(self, field_path: FieldPath = (), key: bool = False) -> Position:
        """Return where a field was written, or its nearest parent that was; key=True points at the field's name."""
        if self.nodes is None:
            return self._find(field_path, key)
        for end in range(len(field_path), -1, -1):
            if (found := self.nodes.get(field_path[:end])) is not None:
                value, name = found
                mark = (name or value if key and end == len(field_path) else value).start_mark
                return Position(self.path, mark.line + self.first_line, mark.column + 1)
        return Position(self.path)

    def where_in_text(self, field_path: FieldPath, text: str, at: int) -> Position:
        """Return where the character at offset `at` of a text field's value was written.

        The value's position is where it starts (its first character, or the | of a block); its line is found in
        the file's text, which the record keeps: YAML's indenting is not in the value.
        """
        field = self.where(field_path)
        line_text = text[text.rfind("\n", 0, at) + 1:].split("\n", 1)[0]
        lines = self.text.split("\n")
        for number in range(field.line - self.first_line, len(lines)):
            column = lines[number].find(line_text)
            if line_text and column >= 0:
                return Position(self.path, number + self.first_line, column + 1 + at - text.rfind("\n", 0, at) - 1)
        return field

    def _find(self, field_path: FieldPath, key: bool) -> Position:
        """Return where a field was written, found in the text again: the record came from a worker without nodes."""
        if "_root" not in self.__dict__:
            try:
                self._root = yaml.compose(self.text, Loader=_Loader)  # the text was read once without problems
            except yaml.YAMLError:
                self._root = None
        node = self._root
        if node is None:
            return Position(self.path, self.first_line)
        name: yaml.Node | None = None
        for step in field_path:  # the first of duplicate fields, as in the data
            pair: tuple[yaml.Node | None, yaml.Node] | None
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                pair = (None, node.value[step])
            else:
                pair = None
            if pair is None:
                name = None
                break
            name, node = pair
        mark = (name if key and name is not None else node).start_mark
        return Position(self.path, mark.line + self.first_line, mark.column + 1)



def invisible_message(char: str) -> str:
    if re.match(f"[{CONTROLS}]", char):
        return f"contains the control character U+{ord(char):04X}, which cannot be seen or printed; remove it"
    return (f"contains the invisible character U+{ord(char):04X} ({unicodedata.name(char).lower()}), "
            "which changes the order text is shown in; remove it")



class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """A YAML loader with YAML 1.2's plain types: yes, no, on, off and 9:00 stay text; dates stay text."""

    def resolve(self, kind, value, implicit):
        """Return a node's type: PyYAML's own resolver, for this loader's four types and no path resolvers, in a
        few steps (it is called for each of a file's values, about 70 in a listing)."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"

    def descend_resolver(self, current_node, current_index):
        pass  # no path resolvers: nothing to follow

    def ascend_resolver(self):
        pass


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),  # leading zeros stay text: ZIP code 02134 is not 2134
    ("float", r"^[-+]?(?:0|[1-9][0-9]*)?\.[0-9]+(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
]:
    _Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))

_SCALAR_TYPES: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:null": lambda text: None,
}


def parse_yaml(record: Record) -> list[Problem]:
    """Fill in the record's data and nodes from its YAML text; return the problems that stop it being read."""
    text, first_line = record.text, record.first_line
    offset = first_line - 1
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return [Problem(Position(record.path, first_line), "", "the file has no content; fill in its fields")]
    # YAML refuses control characters written as they are; read the file with spaces in their place, then say
    # which field each is in.
    controls = [(found.start(), found.group()) for found in re.finditer(f"[{CONTROLS}]", text)]
    if controls:
        text = re.sub(f"[{CONTROLS}]", " ", text)
    tabs: list[Problem] = []
    try:
        too_deep = _too_deep(text)
        if too_deep:
            where = Position(record.path, too_deep.line + 1 + offset, too_deep.column + 1)
            return [Problem(where, "", f"the value is nested more than {MAX_DEPTH} levels deep")]
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        found = _syntax_problem(record.path, text, offset, error)
        # One space for each tab that indents keeps every column where it was: if the file reads then, say where
        # each tab is and check the rest too, so a tab does not hide every other mistake.
        untabbed = re.sub(r"^[ \t]+", lambda indent: indent.group().replace("\t", " "), text, flags=re.M)
        if found.message != TAB_MESSAGE or untabbed == text:
            return [found]
        try:
            node = yaml.compose(untabbed, Loader=_Loader)
        except yaml.YAMLError:
            return [found]
        tabs = [Problem(Position(record.path, number + 1 + offset, 1), "", TAB_MESSAGE)
                for number, line in enumerate(text.split("\n")) if "\t" in line[:len(line) - len(line.lstrip())]]
        record.text = untabbed  # where each value is, found again from the text by a process that has no nodes
    except (yaml.YAMLError, RecursionError):
        return [Problem(Position(record.path, first_line), "", "the file could not be read as YAML")]
    if node is None:  # no document at all, like a lone byte-order mark
        return [Problem(Position(record.path, first_line), "", "the file has no content; fill in its fields")]
    problems: list[Problem] = []
    record.data = _Constructor(record, offset, problems).construct(node, (), None)
    record.complete = not problems  # an alias or a custom tag leaves a hole in the data
    return [*tabs, *_controls_in_fields(record, controls), *problems]


def _syntax_problem(path: str, text: str, offset: int, error: yaml.MarkedYAMLError) -> Problem:
    """Return a YAML syntax error as a problem at the place of the mistake, in plain words."""
    mark = error.problem_mark or error.context_mark
    if error.context_mark and str(error.context).startswith(("while scanning a simple", "while scanning a quoted")):
        mark = error.context_mark  # the mistake is where the field or the quote starts, not where YAML gave up
    assert mark is not None
    where = Position(path, mark.line + 1 + offset, mark.column + 1)
    if mark.line > text.count("\n"):  # "the end of the file" in a file without a last line break
        last = text.rpartition("\n")[2]
        where = Position(path, text.count("\n") + 1 + offset, len(last) + 1)
    line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
    if unclosed := _unclosed_quote(text.splitlines()[:mark.line + 1]):
        # Text in quotes may go on over lines, so YAML only stumbles lines later: point at the quote.
        number, column = unclosed
        return Problem(Position(path, number + 1 + offset, column + 1), "",
                       "this quote is not closed on its line; end the text with the same quote mark")
    return Problem(where, "", _explain_yaml_error(error, line))


def _controls_in_fields(record: Record, controls: list[tuple[int, str]]) -> list[Problem]:
    """Return a problem for the first control character in each field (or comment) of the record's YAML."""
    assert record.nodes is not None
    problems, fields = [], set()
    for index, char in controls:
        # The innermost value or field name it is in, or just after (a plain value ends before trailing spaces).
        spans = [(len(path), path) for path, nodes in record.nodes.items() for node in nodes
                 if node is not None and node.start_mark.index <= index <= node.end_mark.index]
        path = max(spans, key=lambda span: span[0])[1] if spans else None
        if path in fields:
            continue
        fields.add(path)
        line = record.text.count("\n", 0, index)
        where = Position(record.path, line + record.first_line, index - record.text.rfind("\n", 0, index))
        problems.append(Problem(where, field_name(path) if path else "", invisible_message(char)))
    return problems


def _too_deep(text: str) -> yaml.Mark | None:
    """Return where the text nests lists or groups of fields too deeply to read safely, or None.

    Composing 50,000 nested [ crashed the whole process with a segmentation fault (libyaml's
    composer recurses in C, past any RecursionError); its event parser keeps its own stack.
    """
    # Each level of nesting starts at one of these characters, so most files can't be deep: skip the parse.
    if sum(map(text.count, "[{-:?")) <= 8 * MAX_DEPTH:
        return None
    depth, starts = 0, list[Any]()  # the marks where each level started
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth <= MAX_DEPTH + 2:
                starts[depth - 1:] = [event.start_mark]
            if depth > 8 * MAX_DEPTH:  # far past any mistake; the constructor names the field of shallower ones
                return starts[-1]  # where it first went too deep
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


TAB_MESSAGE = "a tab character is used for indenting; indent with spaces instead"
QUOTED_VALUE = re.compile(r"""^\s*(?:- )?(?:[\w-]+: +)?(["'])""")


def _unclosed_quote(lines: list[str]) -> tuple[int, int] | None:
    """Return (line, column), 0-based, of the first value whose opening quote its line does not close, or None."""
    for number, line in enumerate(lines):
        if (match := QUOTED_VALUE.match(line)) is None:
            continue
        quote, rest = match.group(1), line[match.end():]
        closed = re.search(r'(?<!\\)"' if quote == '"' else "'", rest.replace("''", ""))
        if not closed:
            return number, match.start(1)
    return None


def _explain_yaml_error(error: yaml.MarkedYAMLError, line: str) -> str:
    """Return a YAML syntax error in plain words; line is the text of the line it points at."""
    problem = error.problem or "not valid YAML"
    if "\t" in line[: len(line) - len(line.lstrip())] or "\\t" in problem:
        return TAB_MESSAGE
    if "maximum nesting depth" in problem:  # libyaml's own limit, in the builds of PyYAML that have one
        return f"the value is nested more than {MAX_DEPTH} levels deep"
    if "found undefined alias" in problem:
        return "'*' starts an alias, which is not allowed; put text that starts with * in quotes"
    if "mapping values are not allowed" in problem:
        return "unexpected ':'; put text that contains ': ' in quotes, or check the indenting"
    if problem.startswith(("did not find expected key", "did not find expected '-'", "expected <block end>")):
        return ("this line is indented differently from the lines above it: the fields of one group, and the '- ' "
                "of one list, start in the same column, two spaces in from the field they belong to")
    if "could not find expected ':'" in problem:
        return "expected 'field: value': put a colon and a space after the field's name"
    if str(error.context).startswith("while scanning a quoted") and "end of stream" in problem:
        return "this quote is never closed; end the text with the same quote mark"
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


class _Constructor:
    """Turn a node tree into plain data, noting each value's position; report aliases, custom tags,
    duplicate fields and deep nesting. The node tree is dropped afterwards: positions are all a check needs."""

    def __init__(self, record: Record, offset: int, problems: list[Problem]):
        self.record, self.offset, self.problems = record, offset, problems
        self.nodes = record.nodes = {}
        self.seen: set[int] = set()

    def at(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def construct(self, node: yaml.Node, path: FieldPath, key: yaml.Node | None) -> Any:
        record, problems = self.record, self.problems
        if path not in self.nodes:  # the first of duplicate fields, as in the data
            self.nodes[path] = (node, key)
        if id(node) in self.seen:
            # An alias shares its anchor's node, so point at the field that holds it, not at the anchor.
            at = record.where(path, key=True) if path and isinstance(path[-1], str) else record.where(path[:-1])
            problems.append(Problem(at, field_name(path), "anchors and aliases (& and *) are not allowed; "
                                    "write the value out in full"))
            return None
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            problems.append(Problem(record.where(path, key=True), field_name(path),
                                    f"the value is nested more than {MAX_DEPTH} levels deep"))
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TYPES:
                problems.append(Problem(record.where(path, key=True), field_name(path),
                                        f"custom YAML tags like {_short(node.tag)} are not allowed"))
                return None
            value = _SCALAR_TYPES[node.tag](node.value)
            if isinstance(value, str) and (invisible := INVISIBLE.search(value)):
                problems.append(Problem(record.where(path, key=True), field_name(path),
                                        invisible_message(invisible.group())))
            return value
        if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
            return [self.construct(item, (*path, i), None) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
            data: dict[str, Any] = {}
            lines: dict[str, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TYPES:
                    problems.append(Problem(record.where(path), field_name(path), "field names must be plain words"))
                    continue
                name = key_node.value
                if name in lines:
                    problems.append(Problem(Position(record.path, *self.at(key_node)), field_name((*path, name)),
                                            f"this field appears twice (first on line {lines[name]}); keep one"))
                    continue
                lines[name] = self.at(key_node)[0]
                data[name] = self.construct(value_node, (*path, name), key_node)
            return data
        problems.append(Problem(record.where(path, key=True), field_name(path),
                                f"custom YAML tags like {_short(node.tag)} are not allowed"))
        return None


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def groups(data: dict, name: str) -> list[tuple[int, dict]]:
    """Return the groups of fields in a list field, numbered, leaving out what is not a group (the schema says so)."""
    values = data.get(name)
    return [(i, item) for i, item in enumerate(values) if isinstance(item, dict)] if isinstance(values, list) else []
