"""A briefing as a list of blocks: built once from the Briefing, written out as Markdown, HTML, PDF or DOCX.

`Text` holds Markdown lines whose article text is already escaped (markdown.py); the other blocks hold
plain text that each writer escapes for its own format. A `Fold` is what a long table leaves out of
the page: collapsed in HTML, in full in DOCX, named by a one-line note in Markdown and PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .escape import escape_block, escape_cell


@dataclass(frozen=True, slots=True)
class Text:
    lines: tuple[str, ...]  # Markdown, article text escaped


@dataclass(frozen=True, slots=True)
class Overview:
    """The overview paragraph, in English and in Chinese, written from the same facts."""

    en: str
    zh: str


@dataclass(frozen=True, slots=True)
class MatrixRow:
    en: str  # the mechanism's glossary English
    zh: str
    mentions: tuple[int, ...]  # per article (the matrix's columns); 0: the article does not name it


@dataclass(frozen=True, slots=True)
class Matrix:
    """Mechanisms (rows) by articles (columns)."""

    columns: tuple[str, ...]  # article labels
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    entries: tuple[tuple[str, str], ...]  # (label, ISO date), oldest first
    undated: tuple[str, ...] = ()  # labels of articles with no date


@dataclass(frozen=True, slots=True)
class Fold:
    """Rows a long table leaves out of the page: `count` of them, under `title`."""

    title: str
    count: int
    blocks: tuple[Text, ...]


Block = Union[Text, Overview, Matrix, Timeline, Fold]

MARK = "●"  # an article names the mechanism
FOLD_NOTE = "in the HTML and DOCX briefings (zhbrief build --format html or docx)"


def fold_note(fold: "Fold") -> str:
    """What a format that leaves the rows out says in their place."""
    return f"{fold.title}: {fold.count} more, {FOLD_NOTE}."


def to_markdown(blocks: list[Block]) -> str:
    """The blocks as one Markdown document."""
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Text):
            lines += b.lines
        elif isinstance(b, Overview):
            lines += [escape_block(b.en), "", escape_block(b.zh), ""]
        elif isinstance(b, Matrix):
            lines += matrix_markdown(b)
        elif isinstance(b, Timeline):
            lines += timeline_markdown(b)
        elif isinstance(b, Fold):
            lines += [f"*{escape_cell(fold_note(b))}*", ""]
    return "\n".join(lines)


def matrix_markdown(m: Matrix) -> list[str]:
    """A compact table: one row per mechanism, a mark and the mentions where an article names it."""
    header = "| Mechanism | 中文 | " + " | ".join(escape_cell(c) for c in m.columns) + " |"
    rule = "|---|---|" + "|".join(":-:" for _ in m.columns) + "|"
    rows = [
        f"| {escape_cell(r.en)} | {escape_cell(r.zh)} | " + " | ".join(f"{MARK} {n}" if n else " " for n in r.mentions) + " |"
        for r in m.rows
    ]
    return [header, rule, *rows, "", f"*{MARK} n: the article names the mechanism n times.*", ""]


def timeline_markdown(t: Timeline) -> list[str]:
    lines = ["| Date | Article |", "|---|---|"]
    lines += [f"| {escape_cell(d)} | {escape_cell(label)} |" for label, d in t.entries]
    lines += [f"| not stated | {escape_cell(label)} |" for label in t.undated]
    return lines + [""]
