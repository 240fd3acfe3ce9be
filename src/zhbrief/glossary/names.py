"""Person and place names that the glossary lacks, transliterated with pypinyin.

jieba's POS tagger (a private Tokenizer that knows the glossary's terms) proposes words tagged
nr (person) or ns (place); filters keep the false-positive rate low: a person name must start with
a listed surname and be 2-3 characters (4 with a compound surname); a word jieba's dictionary knows
well is an ordinary word, not a name; numbered districts (三区) are not names; and words in the
not-names list (data/glossary_not_names.txt) are never transliterated.
Surname first, given name joined: 吕子豪 -> Lü Zihao; 商都县 -> Shangdu County.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from ..models import TermHit
from . import Glossary
from .match import fold

__all__ = ["NameFinder", "find_names", "glossary_tagger", "person_name", "place_name"]

PERSON_TAGS = ("nr", "nrfg", "nrt")
PLACE_TAGS = ("ns",)
# Tags jieba gives a lone surname cut off its name: 高/a 剑峰, 田/n 莉莉, 张/q 凯奇 (never c or p: 和, 与).
SPLIT_SURNAME_TAGS = ("a", "n", "q")
SPLIT_GIVEN_NAME_MAX_FREQ = 20  # 东光 (11) after 崔/nr is a given name; common nouns are far more frequent
PERSON_MIN, PERSON_MAX = 2, 3  # Han characters in a person name with a one-character surname
COMPOUND_PERSON_MAX = 4  # with a two-character surname (欧阳修, 司马相如)
# jieba's dictionary lists many ordinary words with an nr/ns tag (智慧 nr, 深度 ns). A real name it
# lists is rare in its corpus; above these counts a dictionary word is taken as an ordinary word.
PERSON_DICT_MAX_FREQ = 5
BARE_PLACE_DICT_MAX_FREQ = 200  # a place name without an administrative suffix (滏阳, 扶沟)
SUFFIXED_PLACE_DICT_MAX_FREQ = 1000  # 城镇 ends with 镇 but is the word "towns"
GLOSSARY_WORD_FREQ = 10**6  # high enough that jieba keeps a glossary term as one word
_VOWELS = "aeiouü"
_NUMERALS = frozenset("一二三四五六七八九十百零两")
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("zhbrief.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def place_suffixes() -> tuple[tuple[str, str], ...]:
    """(administrative suffix, its English) from data/glossary_place_suffixes.tsv, longest suffix first."""
    rows = ((r[0].strip(), r[1].strip() if len(r) > 1 else "") for r in _data_lines("glossary_place_suffixes.tsv"))
    return tuple(sorted(rows, key=lambda t: -len(t[0])))


@dataclass(frozen=True, slots=True)
class _Tables:
    surnames: dict[str, str]  # surname -> reading override ("" = pypinyin's)
    longest_first: tuple[str, ...]  # the surnames, compound ones first, for prefix tests
    suffixes: tuple[tuple[str, str], ...]  # (suffix, English), longest first
    not_names: frozenset[str]
    place_readings: dict[str, str]  # character -> reading in place names (商都 Shangdu, 朝阳 Chaoyang)

    @classmethod
    def load(cls) -> "_Tables":
        surnames = {row[0].strip(): (row[1].strip() if len(row) > 1 else "") for row in _data_lines("glossary_surnames.tsv")}
        suffixes = place_suffixes()
        not_names = frozenset(row[0].strip() for row in _data_lines("glossary_not_names.txt"))
        readings = {row[0].strip(): row[1].strip() for row in _data_lines("glossary_place_readings.tsv")}
        longest_first = tuple(sorted(surnames, key=len, reverse=True))
        return cls(surnames, longest_first, tuple(suffixes), not_names, readings)


def _syllables(text: str, overrides: dict[str, str] | None = None) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore")
    if overrides and len(syllables) == len(text):
        syllables = [overrides.get(ch, s) for ch, s in zip(text, syllables)]
    return syllables


def _join(syllables: list[str]) -> str:
    """Pinyin syllables as one capitalised word, with an apostrophe before a vowel-initial syllable (Xi'an)."""
    out = ""
    for s in syllables:
        if out and s and s[0] in _VOWELS:
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def person_name(zh: str, tables: _Tables | None = None) -> str:
    """吕子豪 -> 'Lü Zihao'; compound surnames stay together: 欧阳修 -> 'Ouyang Xiu'."""
    tables = tables or _Tables.load()
    surname = next((s for s in tables.longest_first if zh.startswith(s)), zh[:1])
    reading = tables.surnames.get(surname) or _join(_syllables(surname))
    given = zh[len(surname):]
    return f"{reading} {_join(_syllables(given))}" if given else reading


def place_name(zh: str, tables: _Tables | None = None) -> str:
    """商都县 -> 'Shangdu County'; 林州市 -> 'Linzhou' (cities are named bare)."""
    tables = tables or _Tables.load()
    for suffix, english in tables.suffixes:
        if zh.endswith(suffix) and len(zh) > len(suffix):
            base = _join(_syllables(zh[: -len(suffix)], tables.place_readings))
            return f"{base} {english}" if english else base
    return _join(_syllables(zh, tables.place_readings))


def glossary_tagger(glossary: Glossary, cache_dir: str | None = None):
    """A private jieba POSTokenizer that keeps every glossary term whole; its cache in our cache dir."""
    from ..words import tagger

    return tagger((e.zh for e in glossary.entries), GLOSSARY_WORD_FREQ, "nz", cache_dir)


class NameFinder:
    """Finds untranslated names; holds its own jieba tokenizer (no global state). Reuse it across texts."""

    def __init__(self, glossary: Glossary, cache_dir: str | None = None, tagger=None) -> None:
        self.glossary = glossary
        self._cache_dir = cache_dir
        self.tables = _Tables.load()
        if tagger is not None:  # share a tokenizer already seeded with this glossary's terms
            self._tagger = tagger

    @cached_property
    def _tagger(self):
        return glossary_tagger(self.glossary, self._cache_dir)

    def _freq(self, word: str) -> int:
        """How often jieba's dictionary saw the word; 0 when it is not a dictionary word."""
        return self._tagger.tokenizer.FREQ.get(word) or 0

    def _person(self, word: str) -> bool:
        surname = next((s for s in self.tables.longest_first if word.startswith(s)), None)
        if surname is None or len(word) <= len(surname):
            return False
        longest = COMPOUND_PERSON_MAX if len(surname) > 1 else PERSON_MAX
        return PERSON_MIN <= len(word) <= longest and self._freq(word) <= PERSON_DICT_MAX_FREQ

    def _suffix(self, word: str) -> str | None:
        return next((s for s, _ in self.tables.suffixes if word.endswith(s) and len(word) > len(s)), None)

    def _place(self, word: str) -> bool:
        suffix = self._suffix(word)
        if suffix is None:
            return self._freq(word) <= BARE_PLACE_DICT_MAX_FREQ
        base = word[: -len(suffix)]
        if all(ch in _NUMERALS for ch in base):  # 三区, 五区: "district three", not a name
            return False
        return self._freq(word) <= SUFFIXED_PLACE_DICT_MAX_FREQ

    def _tokens(self, key: str) -> list[tuple[str, str, int]]:
        """(word, tag, start) from jieba, with a split name re-joined: 胡/nr + 金城/ns -> 胡金城/nr.

        jieba often cuts a three-character name into its surname and a two-character word it knows
        as a place (高剑峰 -> 高 + 剑峰); a lone surname right before such a rare word is re-joined.
        """
        out: list[tuple[str, str, int]] = []
        pos = 0
        for pair in self._tagger.cut(key):
            word, tag = pair.word, pair.flag
            if out and self._rejoins(out[-1], word, tag):
                prev = out.pop()
                out.append((prev[0] + word, "nr", prev[2]))
            else:
                out.append((word, tag, pos))
            pos += len(word)
        return out

    def _rejoins(self, prev: tuple[str, str, int], word: str, tag: str) -> bool:
        """True when `prev` is a lone surname and `word` the two-character given name jieba cut off."""
        surname, prev_tag, _ = prev
        if len(surname) != 1 or surname not in self.tables.surnames or len(word) != 2 or self._suffix(word):
            return False
        freq = self._freq(word)
        if prev_tag in PERSON_TAGS:  # jieba already took the surname for a name: 胡/nr 金城/ns, 崔/nr 东光/n
            if tag in PERSON_TAGS + PLACE_TAGS:
                return freq <= BARE_PLACE_DICT_MAX_FREQ
            return tag == "n" and freq <= SPLIT_GIVEN_NAME_MAX_FREQ
        # 高/a 剑峰/ns, 田/n 莉莉/nrt, 张/q 凯奇/nrt: only a rare name-like word completes the name.
        return prev_tag in SPLIT_SURNAME_TAGS and tag in PERSON_TAGS + PLACE_TAGS and freq <= PERSON_DICT_MAX_FREQ

    def find(self, text: str) -> list[TermHit]:
        """Transliterated TermHits for names in `text` outside glossary terms, left to right."""
        covered = [(h.start, h.end) for h in self.glossary.match(text)]
        key, offsets = fold(text)
        hits: list[TermHit] = []
        for word, tag, start in self._tokens(key):
            end = start + len(word)
            if len(word) < 2 or word in self.tables.not_names or not _HAN_ONLY.fullmatch(word):
                continue
            # 卓资县 is sometimes tagged nr: a name ending in an administrative suffix is a place.
            as_place = tag in PLACE_TAGS or (tag in PERSON_TAGS and len(word) > 2 and self._suffix(word) is not None)
            if as_place:
                if not self._place(word):
                    continue
                en, category = place_name(word, self.tables), "place"
            elif tag in PERSON_TAGS and self._person(word):
                en, category = person_name(word, self.tables), "person"
            else:
                continue
            s, e = offsets[start], offsets[end - 1] + 1
            if any(s < ce and cs < e for cs, ce in covered):
                continue
            hits.append(TermHit(word, en, s, e, category, transliterated=True))
        return hits


def find_names(text: str, glossary: Glossary, finder: NameFinder | None = None) -> list[TermHit]:
    """Person and place names in `text` not covered by the glossary, transliterated (TermHit.transliterated)."""
    return (finder or NameFinder(glossary)).find(text)
