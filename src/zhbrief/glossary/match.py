"""Term matching: longest match wins, after script normalization, spans in the caller's text.

The text is folded (pinyin readings such as 區(qū) dropped, traditional -> simplified, full-width
letters folded) into a key string with a map back to the original offsets; an Aho-Corasick
automaton over the glossary's zh terms finds every match; a proper name longer than all it overlaps is
taken first, then the leftmost-longest of the rest, each where it overlaps none taken before.
A match must respect words: one inside a longer word of jieba's plain segmentation (教育部 in 教育部门
"education authorities", 高中 in 高中生) is no match. A currency unit (元) matches only after a number.
"""

from __future__ import annotations

import re

from functools import lru_cache
from typing import Iterable

from ..models import GlossaryEntry, TermHit
from ..normalize.annotations import reading_spans
from ..normalize.script import fold_width, to_simplified

__all__ = ["fold", "build_automaton", "find_terms", "CURRENCY_CATEGORY"]

CURRENCY_CATEGORY = "currency"
# What a currency unit follows: 300元, 3万元, 1000多元, 5亿余元.
_AMOUNT_END = frozenset("0123456789０１２３４５６７８９万亿千百十多余")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters that only occur in traditional script (OpenCC's TSCharacters, minus those that are
    also valid simplified characters such as 乾 or 著); empty when the table cannot be read."""
    try:
        from importlib import resources

        table = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return frozenset()
    out = set()
    for line in table.splitlines():
        trad, _, simp = line.partition("\t")
        if len(trad) == 1 and trad not in simp.split():
            out.add(trad)
    return frozenset(out)


# A measure word after a figure belongs to the number, never to a term: "100名校长" is 100 principals,
# not 名校长 "master principals"; "5所学校" is five schools. Masking it (same length) lets the matcher
# find the term that really starts after it.
_MEASURE_WORD = re.compile(r"(?<=[0-9])([余多]?)([名个所位])")


def _mask(m: re.Match[str]) -> str:
    return m.group(1) + "\u3000"


# Normalized articles use Chinese brackets, glossary files may use ASCII ones: match either way.
_BRACKETS = str.maketrans("()", "（）")


def _simplify_same_length(text: str) -> str:
    """t2s conversion that keeps the length, so offsets survive; falls back to char by char.

    OpenCC in pure Python converts about 30k characters a second, so text with no traditional-only
    character (already-normalized articles, the common case) is returned as it is.
    """
    trad = _traditional_chars()
    if trad and not any(ch in trad for ch in text):
        return text
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := to_simplified(ch)) == 1 else ch for ch in text)


def fold(text: str) -> tuple[str, list[int]]:
    """The matching key of `text` and, for each of its characters, the offset it came from in `text`."""
    kept: list[str] = []
    offsets: list[int] = []
    i = 0
    for start, end in reading_spans(text):
        kept.append(text[i:start])
        offsets.extend(range(i, start))
        i = end
    kept.append(text[i:])
    offsets.extend(range(i, len(text)))
    key = _simplify_same_length(fold_width("".join(kept))).translate(_BRACKETS)
    return key, offsets


def build_automaton(terms: Iterable[str]):
    """An Aho-Corasick automaton whose values are the terms themselves."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(term.translate(_BRACKETS), term)
    if len(automaton):
        automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1)
def _segmenter():
    """jieba's plain Tokenizer (its own dictionary, no glossary words): what the words of a text are.

    One for the process: it is never changed after it is built, so no result depends on call order."""
    from ..words import tokenizer

    return tokenizer()


def _cut_words(key: str) -> list[tuple[int, int]]:
    """Spans of the dictionary words of three or more characters in jieba's segmentation of `key`."""
    tok = _segmenter()
    return [(a, b) for w, a, b in tok.tokenize(key) if b - a > 2 and tok.FREQ.get(w)]


def _unit_after(word: str, term: str) -> bool:
    """True when `word` is `term` and an administrative unit (保定 in 保定市): the same place."""
    from .names import place_suffixes

    return word.startswith(term) and any(word[len(term):] == suffix for suffix, _ in place_suffixes())


# Categories of proper names: one is a unit of its own, which a common term does not cut into.
NAME_CATEGORIES = frozenset({"place", "school", "institution", "person"})


def find_terms(automaton, index: dict[str, GlossaryEntry], text: str) -> list[TermHit]:
    """Non-overlapping hits of the automaton's terms in `text` that respect its words: leftmost-longest,
    except that a proper name longer than every term it overlaps is taken first (长洲官立中学 over the
    校长 that 母校长洲 seems to hold; 手拉手 over 拉手共建, neither a name, as the leftmost)."""
    if not text or not len(automaton):
        return []
    key, offsets = fold(text)
    key = _MEASURE_WORD.sub(_mask, key)
    found = [(end - len(term) + 1, end, term) for end, term in automaton.iter(key)]
    words = _cut_words(key) if found else []
    names = [f for f in found if index[f[2]].category in NAME_CATEGORIES
             and all(f[1] - f[0] > g[1] - g[0] for g in found if g != f and g[0] <= f[1] and f[0] <= g[1])]
    rest = [f for f in found if f not in names]
    taken: list[tuple[int, int, str]] = []
    for start, end, term in sorted(names, key=lambda f: (f[0] - f[1], f[0])) + sorted(rest, key=lambda f: (f[0], f[0] - f[1])):
        if any(a <= end and start <= b for a, b, _ in taken):
            continue
        # where the hit before it ends: a word of jieba's that crosses it is no word here (中小学处|处长)
        last = max((b + 1 for _, b, _ in taken if b < start), default=0)
        if _word_respected(key, index, term, start, last, words):
            taken.append((start, end, term))
    hits = []
    for start, end, term in sorted(taken):
        entry = index[term]
        hits.append(TermHit(entry.zh, entry.en, offsets[start], offsets[end] + 1, entry.category, forms=entry.form_list()))
    return hits


def _word_respected(key: str, index: dict[str, GlossaryEntry], term: str, start: int, last: int,
                    words: list[tuple[int, int]]) -> bool:
    """False for a currency unit after no number, or a term inside a longer word (教育部 in 教育部门, 高中
    in 高中生) that starts at or after `last`."""
    if index[term].category == CURRENCY_CATEGORY:
        return start > 0 and key[start - 1] in _AMOUNT_END
    end = start + len(term) - 1
    return not any(last <= a <= start and end < b and b - a > len(term) and key[a:b] not in index
                   and not _unit_after(key[a:b], term) for a, b in words)
