"""Headline compression: a sentence cut into clauses, and what a headline writer drops from them.

`load_compressor()` reads the patterns (data/headline_compress.txt plus the user's files, by kind:
attributions, datelines, asides, openers, closing attributions); `Compressor.compress_clause` returns
a clause as a headline keeps it, "" when it only attributes, dates or links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable

from .models import Sentence

__all__ = ["COMPRESS_KINDS", "Compressor", "load_compressor", "split_clauses"]

# Clause boundaries inside a sentence (for unit="clause"): commas, semicolons, colons.
_CLAUSE_END = re.compile(r"[，,；;：:]+[”’\"'」』）)\]】》]*\s*")


def split_clauses(sentence: Sentence) -> list[Sentence]:
    """The sentence cut after each comma, semicolon or colon; pieces join back to the sentence.

    Each clause keeps the sentence's paragraph and kind; ids are "<sentence id>.<n>" (1-based).
    """
    text = sentence.text
    pieces, pos = [], 0
    for m in _CLAUSE_END.finditer(text):
        if m.end() > pos and text[pos : m.end()].strip():
            pieces.append(text[pos : m.end()])
            pos = m.end()
    if pos < len(text):
        if text[pos:].strip() or not pieces:
            pieces.append(text[pos:])
        else:
            pieces[-1] += text[pos:]
    if len(pieces) <= 1:
        return [sentence]
    return [
        Sentence(f"{sentence.id}.{n}", p, sentence.paragraph, sentence.kind, sentence.altered)
        for n, p in enumerate(pieces, 1)
    ]


COMPRESS_KINDS = ("aside", "clause", "end", "lead", "space", "tail")
_SENTENCE_END = re.compile(r"[。！!？?…；;]+[”’\"'」』）)]*\s*$")
# What surrounds a clause's words: opening quotes before, delimiters and closing quotes after.
_CLAUSE_CORE = re.compile(r"^([\s“‘\"'「『]*)(.*?)([\s，,；;：:。！!？?、…”’\"'」』]*)$", re.S)


@dataclass(frozen=True, slots=True)
class Compressor:
    """Headline compression patterns by kind (see data/headline_compress.txt)."""

    aside: tuple[re.Pattern[str], ...]
    clause: tuple[re.Pattern[str], ...]
    end: tuple[re.Pattern[str], ...]
    lead: tuple[re.Pattern[str], ...]
    space: tuple[re.Pattern[str], ...]
    tail: tuple[re.Pattern[str], ...]

    def compress_clause(self, text: str) -> str:
        """The clause without its asides and openers; "" when it only attributes, dates or links."""
        for rx in self.aside:
            text = rx.sub("", text)
        m = _CLAUSE_CORE.match(text)
        assert m is not None  # the pattern matches any string
        before, core, after = m.groups()
        if not core or any(rx.fullmatch(core) for rx in self.clause):
            return ""
        if _SENTENCE_END.search(after) and any(rx.fullmatch(core) for rx in self.tail):
            return ""  # an attribution closing its sentence ("……，他表示。")
        changed = True
        while changed and core:
            changed = False
            for rx in self.lead:
                cut = rx.match(core)
                if cut and cut.end():
                    core, changed = core[cut.end() :], True
        return before + core + after if core else ""

    def finish(self, text: str) -> str:
        """The headline: without its trailing comma or full stop (`end`), parts joined by a space
        where the text had a comma (`space`), as headlines print them."""
        for rx in self.end:
            text = rx.sub("", text)
        for rx in self.space:
            text = rx.sub(" ", text)
        return text

    def compress(self, sentence: Sentence) -> str:
        """The sentence with every clause compressed, still a sentence: commas kept, its own closing
        punctuation restored when its last clause was dropped; unchanged when nothing would be left."""
        text = "".join(self.compress_clause(c.text) for c in split_clauses(sentence))
        for rx in self.end:
            text = rx.sub("", text)
        if not text.strip():
            return sentence.text
        closing = _SENTENCE_END.search(sentence.text)
        return text + (closing.group() if closing and not _SENTENCE_END.search(text) else "")


def load_compressor(files: Iterable[Path] = ()) -> Compressor:
    """The shipped patterns plus the user's `kind<TAB>regex` files; PatternFileError on a bad line."""
    from .normalize.patterns import PatternFileError, read_pairs

    shipped = resources.files("zhbrief.data").joinpath("headline_compress.txt").read_text("utf-8")
    sources = [("headline_compress.txt", shipped)]
    for path in files:
        try:
            sources.append((str(path), Path(path).read_text("utf-8")))
        except OSError as e:
            raise PatternFileError(f"{path}: cannot read pattern file: {e.strerror or e}") from None
    by_kind: dict[str, list[re.Pattern[str]]] = {k: [] for k in COMPRESS_KINDS}
    for origin, text in sources:
        for kind, rx in read_pairs(text, origin):
            if kind not in by_kind:
                raise PatternFileError(f"{origin}: unknown kind {kind!r} (one of {', '.join(COMPRESS_KINDS)})")
            try:
                by_kind[kind].append(re.compile(rx))
            except re.error as e:
                raise PatternFileError(f"{origin}: bad regular expression {rx!r}: {e}") from None
    return Compressor(*(tuple(by_kind[k]) for k in COMPRESS_KINDS))
