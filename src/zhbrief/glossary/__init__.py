"""Glossary files: read, match (longest match wins)."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GlossaryError
from ..models import GlossaryEntry, TermHit

__all__ = ["Glossary", "load_glossary", "COLUMNS"]

COLUMNS = ("zh", "en", "category", "note", "source", "status")


@dataclass(frozen=True, slots=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...]
    path: str = ""
    sha256: str = ""
    _index: dict[str, GlossaryEntry] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((e.zh, e) for e in self.entries)

    def lookup(self, zh: str) -> GlossaryEntry | None:
        return self._index.get(zh)

    def match(self, text: str) -> list[TermHit]:
        """Non-overlapping terms in `text`, scanning left to right, longest match first."""
        index = self._index
        longest = max((len(z) for z in index), default=0)
        hits: list[TermHit] = []
        i = 0
        while i < len(text):
            for n in range(min(longest, len(text) - i), 0, -1):
                entry = index.get(text[i : i + n])
                if entry is not None:
                    hits.append(TermHit(entry.zh, entry.en, i, i + n, entry.category))
                    i += n
                    break
            else:
                i += 1
        return hits


def load_glossary(path: str | Path) -> Glossary:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise GlossaryError(f"cannot read glossary {p}: {e.strerror or e}") from None
    text = data.decode("utf-8-sig")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise GlossaryError(f"glossary {p} is empty")
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    if header[:2] != ["zh", "en"]:
        raise GlossaryError(f"glossary {p}: first row must be a header starting with zh<TAB>en")
    entries = []
    for row in reader:
        values = dict(zip(header, row))
        if not values.get("zh") or not values.get("en"):
            raise GlossaryError(f"glossary {p}: row without zh or en: {row!r}")
        entries.append(GlossaryEntry(**{k: values.get(k, "") for k in COLUMNS}))
    return Glossary(tuple(entries), str(p), hashlib.sha256(data).hexdigest())
