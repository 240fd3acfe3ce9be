"""Lint a glossary file: one Problem per issue, with its line, so `glossary check` can run in CI."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..normalize.script import to_simplified
from .io import COLUMNS, GlossaryFile, read_file, sort_key

__all__ = ["Level", "Problem", "CATEGORIES", "STATUSES", "check_file", "check_text"]

# The categories documented in glossary/README.md; anything else is a warning, not an error,
# so a user can add one and document it.
CATEGORIES = (
    "policy", "program", "institution", "place", "school", "role", "document", "title", "person", "organization",
)
STATUSES = ("", "draft", "transliterated")
REQUIRED_FIELDS = ("zh", "en", "category")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Problem:
    level: Level
    line: int  # 1-based; 0 for the file as a whole
    code: str  # short stable name: duplicate, conflict, not-simplified, empty-field, whitespace, ...
    message: str

    def format(self, path: str) -> str:
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.level.value}: {self.message} [{self.code}]"


def check_file(path: str | Path) -> list[Problem]:
    """Every problem in the glossary file at path, in line order."""
    return _check(read_file(path))


def check_text(text: str) -> list[Problem]:
    from .io import parse_text

    return _check(parse_text(text))


def _check(gf: GlossaryFile) -> list[Problem]:
    out: list[Problem] = []
    if not gf.header:
        return [Problem(Level.ERROR, 0, "no-header", "no header row (expected: " + "\t".join(COLUMNS) + ")")]
    if gf.header[:2] != ("zh", "en"):
        out.append(Problem(Level.ERROR, gf.header_line, "header", "header must start with zh<TAB>en"))
    unknown = [h for h in gf.header if h not in COLUMNS]
    if unknown:
        out.append(Problem(Level.ERROR, gf.header_line, "header", f"unknown columns: {', '.join(unknown)}"))
    width = len(gf.header)

    first_line: dict[str, tuple[int, str]] = {}  # zh -> (line, en) of its first entry
    previous: tuple[int, str] | None = None
    for row in gf.rows:
        n = row.line
        if len(row.fields) != width:
            out.append(Problem(
                Level.ERROR, n, "columns",
                f"{len(row.fields)} fields, expected {width} (a stray or missing tab?)",
            ))
        for column, value in zip(gf.header, row.fields):
            if value != value.strip():
                out.append(Problem(Level.ERROR, n, "whitespace", f"{column} has leading or trailing whitespace: {value!r}"))
            elif "  " in value or "\u3000" in value:
                out.append(Problem(Level.ERROR, n, "whitespace", f"{column} has doubled or full-width spaces: {value!r}"))
        e = row.entry()
        for column in REQUIRED_FIELDS:
            if not getattr(e, column):
                out.append(Problem(Level.ERROR, n, "empty-field", f"{column} is empty"))
        if e.zh:
            simplified = to_simplified(e.zh)
            if simplified != e.zh:
                out.append(Problem(Level.ERROR, n, "not-simplified", f"zh {e.zh!r} is not simplified script (expected {simplified!r})"))
            if e.zh in first_line:
                line0, en0 = first_line[e.zh]
                if en0 == e.en:
                    out.append(Problem(Level.ERROR, n, "duplicate", f"{e.zh!r} duplicates line {line0}"))
                else:
                    out.append(Problem(Level.ERROR, n, "conflict", f"{e.zh!r} is {e.en!r} here but {en0!r} on line {line0}; keep one rendering"))
            else:
                first_line[e.zh] = (n, e.en)
            if previous is not None and sort_key(e.zh) < sort_key(previous[1]):
                out.append(Problem(Level.ERROR, n, "unsorted", f"{e.zh!r} sorts before {previous[1]!r} on line {previous[0]} (entries must be sorted by zh)"))
            previous = (n, e.zh)
        if e.category and e.category not in CATEGORIES:
            out.append(Problem(Level.WARNING, n, "category", f"category {e.category!r} is not one of: {', '.join(CATEGORIES)}"))
        for form in e.form_list():
            if _CJK.search(form) or form.lower() == e.en.lower():
                out.append(Problem(Level.ERROR, n, "forms", f"form {form!r} must be another English form of {e.en!r}"))
        if e.status not in STATUSES:
            out.append(Problem(Level.WARNING, n, "status", f"status {e.status!r} is not one of: draft, transliterated, or empty"))

    out.extend(_overlaps(first_line))
    return sorted(out, key=lambda p: (p.line, p.level != Level.ERROR))


def _overlaps(terms: dict[str, tuple[int, str]]) -> list[Problem]:
    """Terms containing other terms: not errors (the longest match wins), but worth knowing."""
    from .match import build_automaton

    automaton = build_automaton(terms)
    out = []
    for zh, (line, _) in terms.items():
        inner = sorted({t for _, t in automaton.iter(zh) if t != zh})
        if inner:
            out.append(Problem(
                Level.INFO, line, "overlap",
                f"{zh!r} contains {', '.join(repr(t) for t in inner)}; longest match wins",
            ))
    return out
