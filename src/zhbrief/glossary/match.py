"""Term matching: longest match wins, after script normalization, spans in the caller's text.

The text is folded (pinyin readings such as 區(qū) dropped, traditional -> simplified, full-width
letters folded) into a key string with a map back to the original offsets; an Aho-Corasick
automaton over the glossary's zh terms then finds the leftmost-longest non-overlapping matches.
"""

from __future__ import annotations

from typing import Iterable

from ..models import GlossaryEntry, TermHit
from ..normalize.annotations import PINYIN_READING
from ..normalize.script import fold_width, to_simplified

__all__ = ["fold", "build_automaton", "find_terms"]


def _simplify_same_length(text: str) -> str:
    """t2s conversion that keeps the length, so offsets survive; falls back to char by char."""
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := to_simplified(ch)) == 1 else ch for ch in text)


def fold(text: str) -> tuple[str, list[int]]:
    """The matching key of `text` and, for each of its characters, the offset it came from in `text`."""
    kept: list[str] = []
    offsets: list[int] = []
    i = 0
    for m in PINYIN_READING.finditer(text):
        kept.append(text[i : m.start()])
        offsets.extend(range(i, m.start()))
        i = m.end()
    kept.append(text[i:])
    offsets.extend(range(i, len(text)))
    key = _simplify_same_length(fold_width("".join(kept)))
    return key, offsets


def build_automaton(terms: Iterable[str]):
    """An Aho-Corasick automaton whose values are the terms themselves."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(term, term)
    if len(automaton):
        automaton.make_automaton()
    return automaton


def find_terms(automaton, index: dict[str, GlossaryEntry], text: str) -> list[TermHit]:
    """Leftmost-longest, non-overlapping hits of the automaton's terms in `text`."""
    if not text or not len(automaton):
        return []
    key, offsets = fold(text)
    hits = []
    for end, term in automaton.iter_long(key):
        start = end - len(term) + 1
        entry = index[term]
        hits.append(TermHit(entry.zh, entry.en, offsets[start], offsets[end] + 1, entry.category))
    return hits
