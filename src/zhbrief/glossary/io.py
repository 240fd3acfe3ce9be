"""Glossary files on disk: parse keeping comments and order, and atomic edits.

A glossary is UTF-8 TSV: optional comment lines (``#``) and blank lines, one header row
(``zh<TAB>en...``), then one entry per line sorted by ``zh``. Edits rewrite only the lines they
touch and replace the file atomically, so a crash never leaves a half-written glossary.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

from ..errors import GlossaryError
from ..models import GlossaryEntry

__all__ = [
    "COLUMNS",
    "Row",
    "GlossaryFile",
    "read_file",
    "parse_text",
    "entry_line",
    "write_atomic",
    "add_entries",
    "remove_entry",
    "sort_key",
]

COLUMNS = tuple(f.name for f in fields(GlossaryEntry))  # zh, en, category, note, source, status, forms
REQUIRED = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Row:
    """One entry line as written: raw fields (unstripped) and its 1-based line number."""

    line: int
    raw: str
    fields: tuple[str, ...]
    header: tuple[str, ...]

    def value(self, column: str) -> str:
        try:
            return self.fields[self.header.index(column)]
        except (ValueError, IndexError):
            return ""

    def entry(self) -> GlossaryEntry:
        return GlossaryEntry(**{c: self.value(c).strip() for c in COLUMNS})


@dataclass(frozen=True, slots=True)
class GlossaryFile:
    """Every line of a glossary file; `rows` are the entry lines, in file order."""

    path: str
    lines: tuple[str, ...]
    header: tuple[str, ...]
    header_line: int  # 1-based; 0 when the file has no header
    rows: tuple[Row, ...]
    data: bytes

    def entries(self) -> list[GlossaryEntry]:
        return [r.entry() for r in self.rows]


def sort_key(zh: str) -> str:
    """Entries are sorted by `zh` in code-point order (stable, locale-free, like OpenCC's dictionaries)."""
    return zh


def _is_skipped(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def parse_text(text: str, path: str = "<text>", data: bytes = b"") -> GlossaryFile:
    """Split a glossary's text into comment/blank lines, the header and entry rows (nothing validated)."""
    lines = tuple(text.splitlines())
    header: tuple[str, ...] = ()
    header_line = 0
    rows: list[Row] = []
    for n, line in enumerate(lines, 1):
        if _is_skipped(line):
            continue
        if not header:
            header = tuple(h.strip() for h in line.split("\t"))
            header_line = n
            continue
        rows.append(Row(n, line, tuple(line.split("\t")), header))
    return GlossaryFile(path, lines, header, header_line, tuple(rows), data)


def read_file(path: str | Path) -> GlossaryFile:
    """Read and split a glossary file; GlossaryError when it cannot be read or decoded."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise GlossaryError(f"cannot read glossary {p}: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise GlossaryError(f"glossary {p} is not UTF-8 (byte {e.start})") from None
    return parse_text(text, str(p), data)


def entry_line(entry: GlossaryEntry, header: tuple[str, ...] = COLUMNS) -> str:
    """The TSV line for an entry in the file's column order; trailing empty columns are kept."""
    values = []
    for column in header:
        v = getattr(entry, column, "")
        if "\t" in v or "\n" in v or "\r" in v:
            raise GlossaryError(f"{column} of {entry.zh!r} contains a tab or newline")
        values.append(v)
    return "\t".join(values)


def write_atomic(path: str | Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder and os.replace()."""
    p = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    except OSError as e:
        raise GlossaryError(f"cannot write {p}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if p.exists():
            os.chmod(tmp, p.stat().st_mode & 0o777)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _new_file_lines() -> list[str]:
    return ["\t".join(COLUMNS)]


def add_entries(path: str | Path, entries: list[GlossaryEntry], create: bool = False) -> None:
    """Insert entries at their sorted places, keeping every other line as it is.

    Refuses (GlossaryError, file untouched) an entry whose zh is already in the file or repeated in `entries`.
    """
    p = Path(path)
    if not p.exists() and create:
        lines = _new_file_lines()
        gf = parse_text("\n".join(lines) + "\n", str(p))
    else:
        gf = read_file(p)
        lines = list(gf.lines)
    if not gf.header:
        raise GlossaryError(f"glossary {p} has no header row")
    existing = {r.entry().zh for r in gf.rows}
    seen: set[str] = set()
    for e in entries:
        if not e.zh or not e.en:
            raise GlossaryError(f"an entry needs both zh and en (got zh={e.zh!r}, en={e.en!r})")
        lost = [c for c in COLUMNS if getattr(e, c) and c not in gf.header]
        if lost:
            raise GlossaryError(f"the glossary {p} has no {', '.join(lost)} column for {e.zh!r}; add it to the header row")
        if e.zh in existing or e.zh in seen:
            raise GlossaryError(f"{e.zh!r} is already in the glossary {p}; remove it first or edit the line")
        seen.add(e.zh)
    # Line indices (0-based) of entry rows, in file order; a new entry goes before the first row
    # that sorts after it, else after the last row (or the header).
    row_at = [(r.line - 1, sort_key(r.entry().zh)) for r in gf.rows]
    inserts: list[tuple[int, str]] = []
    for e in entries:
        pos = next((i for i, k in row_at if k > sort_key(e.zh)), None)
        if pos is None:
            pos = (row_at[-1][0] if row_at else gf.header_line - 1) + 1
        inserts.append((pos, entry_line(e, gf.header)))
    # Insert from the bottom so earlier indices stay valid; equal positions keep sorted order.
    for pos, line in sorted(inserts, key=lambda t: (t[0], sort_key(t[1].split("\t", 1)[0])), reverse=True):
        lines.insert(pos, line)
    write_atomic(p, "\n".join(lines) + "\n")


def remove_entry(path: str | Path, zh: str) -> GlossaryEntry:
    """Delete the entry line for zh; return the entry removed. GlossaryError when it is absent."""
    gf = read_file(path)
    for r in gf.rows:
        if r.entry().zh == zh.strip():
            lines = list(gf.lines)
            del lines[r.line - 1]
            write_atomic(path, "\n".join(lines) + "\n")
            return r.entry()
    raise GlossaryError(f"{zh!r} is not in the glossary {path}")
