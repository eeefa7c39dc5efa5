"""Problems found in content, and how they print."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Position:
    """A place in a content file; line and column are 1-based."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing an editor must fix (an error) or should look at (a warning)."""

    where: Position
    field: str
    message: str
    level: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        prefix = "warning: " if self.level == "warning" else ""
        field = f"{self.field}: " if self.field else ""
        return f"{self.where}: {prefix}{field}{self.message}"


def order(problem: Problem) -> tuple[str, int, int, str, str, str]:
    """Return what problems sort by: file, line, column, field, message, level. A key made once for each problem:
    comparing dataclasses makes two tuples a comparison, which took a second of a check of 10,000 listings."""
    where = problem.where
    return where.path, where.line, where.column, problem.field, problem.message, problem.level


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems once each, in order."""
    return sorted(set(problems), key=order)


class BuildFailed(Exception):
    """The content must be fixed before the site can be built."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = in_order(problems)  # a bad category default is found once for each listing that uses it


CURLY_QUOTES = "\u201c\u201d\u2018\u2019"  # “ ” ‘ ’


def mismatch(where: Position, field: str, expected: str, found: object, level: str = "error") -> Problem:
    """Return a problem saying what was expected and what was found instead."""
    return Problem(where, field, f"expected {expected}, found {describe(found)}", level)


def describe(value: object) -> str:
    """Describe a value in plain words, like "42 (a number)" or "nothing"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"{value} (a number)"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        # Letters of any language as they are; what cannot be seen (controls, line breaks) as an escape like \n.
        shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
        shown = "'" + shown.replace("'", "\\'") + "'"
        if value[:1] in CURLY_QUOTES:  # a word processor's quotes are part of the text to YAML
            shown += ' (in curly quotes: use straight quotes " instead)'
        return shown
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a group of fields" if value else "an empty group of fields"
    return type(value).__name__


def summary(problems: list[Problem]) -> str:
    """Return the closing line of a report, like '3 problems in 2 files'."""
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level == "warning"]
    files = len({p.where.path for p in problems})
    parts = []
    if errors:
        parts.append(f"{len(errors)} error{'s' * (len(errors) != 1)}")
    if warnings:
        parts.append(f"{len(warnings)} warning{'s' * (len(warnings) != 1)}")
    return f"{' and '.join(parts)} in {files} file{'s' * (files != 1)}"


def format_problems(problems: list[Problem], style: str = "text") -> str:
    """Return the problems as text lines, GitHub Actions annotations or JSON."""
    problems = sorted(problems, key=order)
    if style == "json":
        return json.dumps([{**asdict(p), "text": str(p)} for p in problems], indent=2, ensure_ascii=False)
    if style == "github":
        return "\n".join(_annotation(p) for p in problems)
    return "\n".join(str(p) for p in problems)


def _annotation(problem: Problem) -> str:
    """Return one GitHub Actions workflow command for a problem."""
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    # GitHub's workflow-command escaping (escapeData and escapeProperty in actions/toolkit's command.ts):
    # %, CR and LF in the message; also , and : in properties. An unescaped line break in a file name
    # would let a pull request start a workflow command of its own.
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = problem.where.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    path = path.replace(",", "%2C").replace(":", "%3A")
    return f"::{problem.level} file={path},line={problem.where.line},col={problem.where.column}::{message}"
