"""An article's own glossary: the shared one plus what is valid in that article alone.

- Short forms of places: Chinese news names a district in full once and then by its bare name, often in
  the headline ("和平、河西、南开…"). A bare name such as 和平 ("peace") cannot go in the glossary itself:
  elsewhere it is an ordinary word. Inside an article that names 和平区 in full, it is the district: the
  article's glossary adds 和平 -> "Heping" (the full entry's English without its suffix's word).
  Suffixes and their English come from data/glossary_place_suffixes.tsv, the table names.py uses.
- The names the article's text holds (names.py), each rendered once for the whole article, so that a
  school, a town or a person reads the same in every row; places found in full give their bare names too.
- The article's region (Hong Kong, Macau, Taiwan or the mainland, from marker words: data/scope_regions.tsv):
  the region's own place and body names (data/gazetteer_hk_mo_tw.tsv: 天水围 Tin Shui Wai), people's
  Mandarin readings marked as such, and the currency of 元 (data/region_currency.tsv: HK$ in Hong Kong).
- Words pointing at the article's own place: 全区, 我市, 该县 … by the kind of place it names most
  (data/deictic_places.tsv): 全区 is "the whole district" where the article names districts (X区) and
  "the whole region" where it names an autonomous region (X自治区). Without such a place, no entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable

from ..models import GlossaryEntry
from . import Glossary
from .match import CURRENCY_CATEGORY, fold
from .names import REGIONS_WITH_OWN_NAMES, _data_lines, gazetteer, place_suffixes

if TYPE_CHECKING:
    from .names import NameFinder

__all__ = ["short_forms", "deictic_forms", "scoped", "article_region", "region_entries", "name_entries"]

PLACE_CATEGORY = "place"
SHORT_FORM_STATUS = "short form"
NAME_STATUS = "article name"
REGION_STATUS = "regional name"
CURRENCY_STATUS = "currency"
MIN_SHORT_CHARS = 2  # 学区 -> 学 is no place name
MIN_REGION_HITS = 2  # marker words needed to take an article for one of Hong Kong, Macau or Taiwan
CURRENCY_UNIT = "元"


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


def article_region(texts: Iterable[str]) -> str:
    """'hk', 'mo', 'tw' or '' (the mainland) from the marker words of data/scope_regions.tsv and the
    places that only one region has (each counted once); the mainland's markers add its divisions' full
    names, each time one is named.

    A region needs MIN_REGION_HITS markers and more than the mainland's own markers (an article on
    Guangdong that mentions Hong Kong stays a mainland article)."""
    text = fold("\n".join(texts))[0]
    hits: dict[str, int] = {}
    for row in _data_lines("scope_regions.tsv"):
        region, word = row[0].strip(), row[1].strip()
        hits[region] = hits.get(region, 0) + text.count(word)
    for region, names in _own_place_names().items():  # 葵青区, 新北市: a place only that region has
        hits[region] = hits.get(region, 0) + sum(1 for name in names if name in text)
    # and the mainland's own: its divisions by their full names (温州市, 文成县), each time it is named
    mainland = hits.pop("cn", 0) + sum(text.count(name) for name in _mainland_divisions())
    region, n = max(hits.items(), key=lambda kv: (kv[1], kv[0]), default=("", 0))
    return region if n >= MIN_REGION_HITS and n > mainland else ""


# A name of the regional gazetteer is a marker of its region when it is this long, no mainland division
# bears it and jieba's corpus has seen it this rarely (教育局 and 东区 are words on the mainland too).
REGION_NAME_MIN_CHARS = 3
REGION_NAME_MAX_FREQ = 100


@lru_cache(maxsize=1)
def _own_place_names() -> dict[str, frozenset[str]]:
    """Each region's names (data/gazetteer_hk_mo_tw.tsv) that only it has: 葵青区, 天水围, 新北市, 氹仔."""
    from .match import _segmenter

    g, freq = gazetteer(), _segmenter().FREQ
    return {region: frozenset(zh for zh in names if len(zh) >= REGION_NAME_MIN_CHARS and zh not in g.full
                              and zh not in g.short and (freq.get(zh) or 0) <= REGION_NAME_MAX_FREQ)
            for region, names in g.regional.items()}


@lru_cache(maxsize=1)
def _mainland_divisions() -> frozenset[str]:
    """The full names of the mainland's divisions (data/gazetteer_cn.tsv) that no other region's
    gazetteer lists and that are no common word: 文成县, 温州市, 奉化区 (not 东区, 新区)."""
    from .match import _segmenter

    g, freq = gazetteer(), _segmenter().FREQ
    regional = {zh for names in g.regional.values() for zh in names}
    return frozenset(zh for zh in g.full if len(zh) >= REGION_NAME_MIN_CHARS and zh not in regional
                     and (freq.get(zh) or 0) <= REGION_NAME_MAX_FREQ)


def region_entries(region: str, text: str) -> list[GlossaryEntry]:
    """The region's own names that occur in `text`, and its currency when 元 follows a number there."""
    out = [GlossaryEntry(zh, en, PLACE_CATEGORY, "official name in this region", "", REGION_STATUS)
           for zh, en in sorted(gazetteer().regional.get(region, {}).items()) if zh in text]
    for row in _data_lines("region_currency.tsv"):
        if row[0].strip() == region and CURRENCY_UNIT in text:
            out.append(GlossaryEntry(CURRENCY_UNIT, row[1].strip(), CURRENCY_CATEGORY, "currency of this region", "",
                                     CURRENCY_STATUS, row[2].strip() if len(row) > 2 else ""))
    return out


def name_entries(glossary: Glossary, texts: Iterable[str], finder: "NameFinder", region: str) -> list[GlossaryEntry]:
    """An entry for each name the finder recognises in `texts` (first rendering wins), and the bare
    name of each place it finds in full (惠水县 -> 惠水 Huishui)."""
    found: dict[str, GlossaryEntry] = {}
    places = gazetteer().full
    for text in texts:
        for hit in finder.find(text, region):
            if glossary.lookup(hit.zh) is not None:
                continue
            found.setdefault(hit.zh, GlossaryEntry(hit.zh, hit.en, hit.category, "recognised in this article", "",
                                                   NAME_STATUS))
            if hit.category == PLACE_CATEGORY:
                short = places[hit.zh].short if hit.zh in places else ""
                known = places.get(hit.zh)
                if known is not None and len(short) >= MIN_SHORT_CHARS and short != hit.zh:
                    en = known.short_en if hit.en == known.en else ""
                    if en and glossary.lookup(short) is None:
                        found.setdefault(short, GlossaryEntry(short, en, PLACE_CATEGORY,
                                                              f"short form of {hit.zh} in this article", "",
                                                              SHORT_FORM_STATUS))
                elif (s := _short_form(GlossaryEntry(hit.zh, hit.en, PLACE_CATEGORY))) is not None \
                        and glossary.lookup(s.zh) is None and s.zh not in places:
                    found.setdefault(s.zh, s)
    return [found[k] for k in sorted(found)]


def scoped(glossary: Glossary, texts: Iterable[str], region: str | None = None,
           finder: "NameFinder | None" = None) -> Glossary:
    """The glossary plus what is valid in the article of `texts` (itself when there is nothing to add).

    `region`: 'hk', 'mo', 'tw' or '' (mainland); None detects it (article_region). `finder`: a
    NameFinder to reuse (its tagger costs about a second to build); None builds one.
    """
    texts = list(texts)
    region = article_region(texts) if region is None else region
    extra: dict[str, GlossaryEntry] = {e.zh: e for e in short_forms(glossary, texts)}
    joined = fold("\n".join(texts))[0]
    for e in region_entries(region, joined):  # the region's own names win over the shared glossary's
        extra[e.zh] = e
    if finder is None:
        from .names import NameFinder

        finder = NameFinder(glossary)
    # the region's names first, so that the names found inside them use them (天水围官立中学)
    base = glossary.with_entries(tuple(extra[k] for k in sorted(extra))) if extra else glossary
    for e in name_entries(base, texts, finder, region if region in REGIONS_WITH_OWN_NAMES else ""):
        extra.setdefault(e.zh, e)
    for e in deictic_forms(glossary, texts):
        extra.setdefault(e.zh, e)
    if not extra:
        return glossary
    return glossary.with_entries(tuple(extra[k] for k in sorted(extra)))
