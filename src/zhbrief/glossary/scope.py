"""Words valid inside one article: short forms of its place names, and the words that point at its place.

Short forms: 和平区 named in full, then 和平 alone.

Chinese news names a district in full once and then by its bare name, often in the headline
("和平、河西、南开…"). A bare name such as 和平 ("peace") cannot go in the glossary itself: elsewhere it is an
ordinary word. Inside an article that names 和平区 in full, it is the district: the article's scoped
glossary adds 和平 -> "Heping" (the full entry's English without its suffix's word, "District").
Suffixes and their English come from data/glossary_place_suffixes.tsv, the table names.py uses.

Pointing words: 全区, 我市, 该县 … name the article's own place by its kind (data/deictic_places.tsv):
全区 is "the whole district" where the article names districts (X区) and "the whole region" where it
names an autonomous region (X自治区); the kind named most often wins. Without such a place, no entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from importlib import resources
from typing import Iterable

from ..models import GlossaryEntry
from . import Glossary
from .names import place_suffixes

__all__ = ["short_forms", "deictic_forms", "scoped"]

PLACE_CATEGORY = "place"
SHORT_FORM_STATUS = "short form"
MIN_SHORT_CHARS = 2  # 学区 -> 学 is no place name


def _short_form(entry: GlossaryEntry) -> GlossaryEntry | None:
    """The entry's bare name (suffix dropped from zh, and its English word from en), or None."""
    for suffix, word in place_suffixes():
        if not entry.zh.endswith(suffix) or len(entry.zh) - len(suffix) < MIN_SHORT_CHARS:
            continue
        en = entry.en
        if word:
            # "Hexi District" -> "Hexi"; an English that does not end with the suffix's word
            # ("outer districts" for 远城区) is no name plus suffix: no short form.
            if not en.endswith(" " + word):
                return None
            en = en[: -len(word) - 1]
        return replace(entry, zh=entry.zh[: -len(suffix)], en=en, status=SHORT_FORM_STATUS,
                       note=f"short form of {entry.zh} in this article")
    return None


def short_forms(glossary: Glossary, texts: Iterable[str]) -> tuple[GlossaryEntry, ...]:
    """Bare names of the place entries named in full in `texts` that the glossary lacks, sorted by zh."""
    found: dict[str, GlossaryEntry] = {}
    for text in texts:
        for hit in glossary.match(text):
            entry = glossary.lookup(hit.zh)
            if entry is None or entry.category != PLACE_CATEGORY:
                continue
            short = _short_form(entry)
            if short is not None and glossary.lookup(short.zh) is None:
                found.setdefault(short.zh, short)
    return tuple(found[k] for k in sorted(found))


DEICTIC_CATEGORY = "policy"  # common nouns, lower case: not a place name (enforce.py treats places as names)
DEICTIC_STATUS = "article place"


def _deictic_table() -> list[tuple[str, str, str]]:
    text = resources.files("zhbrief.data").joinpath("deictic_places.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [(w, s, en) for w, s, en in rows[1:]]


def deictic_forms(glossary: Glossary, texts: Iterable[str]) -> tuple[GlossaryEntry, ...]:
    """Entries for the words that point at the article's own place, by the kind of place it names most."""
    table = _deictic_table()
    suffixes = sorted({s for _, s, _ in table}, key=len, reverse=True)
    kinds: Counter[str] = Counter()
    for text in texts:
        for hit in glossary.match(text):
            entry = glossary.lookup(hit.zh)
            if entry is not None and entry.category == PLACE_CATEGORY:
                kind = next((s for s in suffixes if entry.zh.endswith(s) and len(entry.zh) > len(s)), None)
                if kind:
                    kinds[kind] += 1
    best: dict[str, tuple[int, str, str]] = {}
    for word, suffix, en in table:
        n = kinds.get(suffix, 0)
        if n and glossary.lookup(word) is None and n > best.get(word, (0, "", ""))[0]:
            best[word] = (n, suffix, en)
    return tuple(GlossaryEntry(word, en, DEICTIC_CATEGORY, f"the article's own place ({suffix})", "", DEICTIC_STATUS)
                 for word, (_, suffix, en) in sorted(best.items()))


def scoped(glossary: Glossary, texts: Iterable[str]) -> Glossary:
    """The glossary plus the short forms and pointing words valid in `texts` (itself when there are none)."""
    texts = list(texts)
    extra = short_forms(glossary, texts) + deictic_forms(glossary, texts)
    if not extra:
        return glossary
    return Glossary(glossary.entries + extra, glossary.path, glossary.sha256)
