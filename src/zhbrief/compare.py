"""Cross-article comparison over an explicit Corpus: regions, dates, outlets, mechanisms, key figures, themes,
and what several articles say alike (the overlap, found by overlap.find_overlap from the rankings).

compare() reads only normalized articles, the glossary and the overlap; it does not translate. The
English of each key figure's clause and of each quoted sentence is filled in afterwards by
with_figure_translations() and with_quote_translations(), so the pipeline can translate them in the
same batch as the summary sentences (figure_items() and quote_items() list them). The Comparison is
the one model of the corpus the briefing's overview, matrix and themes are rendered from.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from importlib import resources
from typing import Iterable, Mapping

from .glossary import Glossary
from .models import (
    Article,
    ArticleFacts,
    Comparison,
    DistinctivePoint,
    KeyFigure,
    Overlap,
    Place,
    Region,
    SentenceKind,
    SourcedSentence,
    Theme,
    TranslatedSentence,
)

__all__ = [
    "Corpus",
    "compare",
    "resolve_regions",
    "extract_figures",
    "figure_items",
    "with_figure_translations",
    "quote_items",
    "with_quote_translations",
]

# Glossary categories that name who or where, not a mechanism: they stay out of "mechanisms".
ENTITY_CATEGORIES = frozenset({"place", "institution", "school", "person", "role", "document", "media", "outlet"})
# A mention in the headline says more about where an article is set than one in the body.
TITLE_WEIGHT = 3.0
# A second region is reported only when it is mentioned at least this share as often as the first
# (Beijing and Inner Mongolia in a cooperation agreement), not when it is a passing partner.
REGION_SHARE = 0.5
# Descend from a province to a city (a city to a district) when the child carries at least this share
# of the parent's mentions, so "Hebei › Baoding › Lianchi District" only when the article is about Lianchi.
DESCEND_SHARE = 0.5
MAX_REGIONS = 3
# The comparative table shows this many figures per article; the per-article briefing shows them all.
KEY_FIGURES_PER_ARTICLE = 5
# Hundreds of people or schools, or a percentage, is a figure a reader compares; a single digit rarely is.
SIZEABLE = 100
SMALL = 10
# Clauses longer than this are cut around the figure so a table cell stays readable.
MAX_CONTEXT_CHARS = 40
# Suffixes of administrative names that articles commonly drop (保定市 -> 保定, 内蒙古自治区 -> 内蒙古).
_ADMIN_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_PARENT_NOTE = re.compile(r"(?:parent|上级)\s*[:：=]\s*([^\s,;，；]+)")
# "district of Tianjin", "city in Hebei Province", "county-level city of Hengshui", "capital of Ningxia".
_PARENT_PHRASE = re.compile(  # at the start of the note: what the entry itself is
    r"^\s*(?:an? |the )?(?:district|county|county-level city|city|town|township|league|banner|prefecture|capital)\s+(?:of|in)\s+([A-Z][A-Za-z' -]+)"
)
_SHORT_FOR = re.compile(r"\bshort for ([A-Z][A-Za-z' -]+?)(?:,|;|$)")  # "short for A and B" names no one place
_EN_NOISE = re.compile(r"\b(?:the|province|municipality|special administrative region|autonomous region|hui|zhuang|uygur|uyghur)\b|\s+")
# Chinese names of administrative divisions end in one of these.
_DIVISION_SUFFIXES = ("省", "市", "区", "县", "旗", "盟", "镇", "乡", "自治州", "地区", "新区")
_CLAUSE_BREAK = re.compile(r"[，。；！？：,;!?:]")
_DIGITS = r"\d+(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千]+"


@dataclass(frozen=True, slots=True)
class Corpus:
    articles: tuple[Article, ...]


def compare(corpus: Corpus, glossary: Glossary, overlap: Overlap = Overlap()) -> Comparison:
    """Per-article facts, the glossary terms shared by several articles vs distinctive to one, and the
    overlap (what several articles say alike) as given."""
    places = _place_table(glossary)
    units = _units()
    found: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    facts = []
    for article in corpus.articles:
        per_article: Counter[str] = Counter()
        for s in article.body:
            for hit in glossary.match(s.text):
                per_article[hit.zh] += 1
        for zh, n in per_article.items():
            found[zh].add(article.doc_id)
            counts[zh] += n
        mechanisms = []
        for zh, n in sorted(per_article.items(), key=lambda kv: (-kv[1], kv[0])):
            e = glossary.lookup(zh)
            if e is not None and e.category not in ENTITY_CATEGORIES:
                mechanisms.append(Theme(zh, e.en, e.category, (article.doc_id,), n))
        figures = extract_figures(article, units)
        facts.append(
            ArticleFacts(
                doc_id=article.doc_id,
                regions=resolve_regions(article, places),
                date=article.metadata.date,
                outlet=article.metadata.source,
                mechanisms=tuple(mechanisms),
                figures=figures,
                key_figures=_key_figures(figures, article, glossary),
            )
        )
    themes = []
    for zh, docs in found.items():
        e = glossary.lookup(zh)
        if e is None or e.category == "place":  # places are reported as regions, not themes
            continue
        themes.append(Theme(zh, e.en, e.category, tuple(sorted(docs)), counts[zh]))
    themes.sort(key=lambda t: (-len(t.doc_ids), -t.count, t.zh))
    shared = tuple(t for t in themes if len(t.doc_ids) > 1)
    distinctive = tuple(t for t in themes if len(t.doc_ids) == 1)
    return Comparison(shared, distinctive, tuple(facts), overlap)


# --- regions -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlaceTable:
    places: Mapping[str, Place]  # canonical zh -> Place
    names: Mapping[str, str]  # every name as written (保定, 保定市) -> canonical zh
    pattern: re.Pattern[str] | None


def _place_table(glossary: Glossary) -> PlaceTable:
    """Divisions from data/places.tsv and the glossary's place entries, with their aliases.

    A glossary place joins the table when it is an administrative division: known to places.tsv,
    the same place under another name (same English), "short for" a known one, or a proper name
    (capitalized English) whose Chinese ends in a division suffix. Its note may name its parent:
    "parent: 保定市", "district of Tianjin", "city in Hebei Province". Common nouns (县域 "county")
    and pairings (京蒙 "Beijing-Inner Mongolia") are left out: they are not one region.
    """
    places: dict[str, Place] = {}
    for row in _tsv("places.tsv"):
        places[row["zh"]] = Place(row["zh"], row["en"], row.get("parent", ""))
    by_en = {_en_key(p.en): p.zh for p in places.values()}
    names: dict[str, str] = {}
    note_parent: dict[str, str] = {}
    entries = [e for e in glossary.entries if e.category == "place" and e.en[:1].isupper()]
    # Divisions first, so 保定 finds 保定市 by its English whatever order the glossary is in.
    entries.sort(key=lambda e: (not e.zh.endswith(_DIVISION_SUFFIXES), e.zh))
    for e in entries:
        short = _SHORT_FOR.search(e.note)
        if short:
            target = by_en.get(_en_key(short.group(1)))
            if target:
                names[e.zh] = target
            continue
        canonical = e.zh if e.zh in places else by_en.get(_en_key(e.en))
        if canonical is None:
            if not e.zh.endswith(_DIVISION_SUFFIXES):
                continue
            canonical = e.zh
            places[canonical] = Place(e.zh, e.en, "")
            by_en[_en_key(e.en)] = canonical
        elif canonical == e.zh:
            places[canonical] = Place(e.zh, e.en, places[canonical].parent)  # the glossary's English wins
        names[e.zh] = canonical
        m = _PARENT_NOTE.search(e.note) or _PARENT_PHRASE.search(e.note)
        if m:
            note_parent[canonical] = m.group(1).strip()
    for zh, parent in sorted(note_parent.items()):
        target = parent if parent in places else by_en.get(_en_key(parent))
        if target and target != zh and zh not in _ancestry(target, places):
            places[zh] = Place(zh, places[zh].en, target)
    for zh in places:
        names.setdefault(zh, zh)
        for suffix in _ADMIN_SUFFIXES:
            if zh.endswith(suffix) and len(zh) - len(suffix) >= 2:
                names.setdefault(zh[: -len(suffix)], zh)
                break
    if not names:
        return PlaceTable(places, names, None)
    alternation = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return PlaceTable(places, names, re.compile(alternation))


def _en_key(en: str) -> str:
    """English place name reduced for matching: "Hebei Province" and "Hebei" are one place."""
    return _EN_NOISE.sub(" ", en.lower()).strip()


def resolve_regions(article: Article, table: PlaceTable) -> tuple[Region, ...]:
    """The article's region(s): places mentioned, rolled up to their parents, strongest chain first."""
    if table.pattern is None:
        return ()
    own: Counter[str] = Counter()
    texts = [(article.title, TITLE_WEIGHT)] + [(s.text, 1.0) for s in article.sentences if s.kind is not SentenceKind.CAPTION]
    for text, weight in texts:
        for m in table.pattern.finditer(text):
            own[table.names[m.group(0)]] += weight
    if not own:
        return ()
    rolled: Counter[str] = Counter()
    children: dict[str, set[str]] = defaultdict(set)
    for zh, w in own.items():
        chain = _ancestry(zh, table.places)  # child first
        for node in chain:
            rolled[node] += w
        for child, parent in zip(chain, chain[1:]):
            children[parent].add(child)
    roots = sorted((z for z in rolled if not _parent(z, table.places)), key=lambda z: (-rolled[z], z))
    best = rolled[roots[0]]
    candidates = [z for z in roots if rolled[z] >= REGION_SHARE * best][:MAX_REGIONS]
    # A strong region the headline names is what the article is about; another strong one the headline
    # does not name is a partner (Beijing in a report on Baoding's cooperation with Beijing).
    in_title = set()
    if article.title:
        for m in table.pattern.finditer(article.title):
            in_title.update(_ancestry(table.names[m.group(0)], table.places))
    if any(z in in_title for z in candidates):
        candidates = [z for z in candidates if z in in_title]
    regions = []
    for root in candidates:
        path = [root]
        while children.get(path[-1]):
            child = min(children[path[-1]], key=lambda z: (-rolled[z], z))
            if rolled[child] < DESCEND_SHARE * rolled[path[-1]]:
                break
            path.append(child)
        regions.append(Region(tuple(table.places[z] for z in path), rolled[root]))
    return tuple(regions)


def _parent(zh: str, places: Mapping[str, Place]) -> str:
    p = places.get(zh)
    return p.parent if p and p.parent in places else ""


def _ancestry(zh: str, places: Mapping[str, Place]) -> list[str]:
    """zh and its parents up to a top-level division (child first); stops on a cycle."""
    chain = [zh]
    while (parent := _parent(chain[-1], places)) and parent not in chain:
        chain.append(parent)
    return chain


# --- key figures -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Units:
    en: Mapping[str, str]
    pattern: re.Pattern[str]


def _units() -> Units:
    rows = _tsv("figure_units.tsv")
    en = {r["unit"]: r.get("en", "") for r in rows}
    unit_alt = "|".join(re.escape(u) for u in sorted(en, key=lambda u: (-len(u), u)))
    pattern = re.compile(
        # Not part of a longer number, a code, a URL or a range ("1-2个" is a range, not a figure).
        r"(?<![\d.\-–~A-Za-z/零〇一二两三四五六七八九十百千第])"
        rf"(?P<num>{_DIGITS}|{_CN_NUM})\s?(?P<mag>[万亿])?(?P<approx>余|多)?\s?(?P<unit>{unit_alt})"
        rf"|百分之(?P<pct>{_DIGITS}|{_CN_NUM})"
    )
    return Units(en, pattern)


def extract_figures(article: Article, units: Units | None = None) -> tuple[KeyFigure, ...]:
    """Every number with a unit in the article's body sentences, normalized, in document order."""
    units = units or _units()
    out = []
    for s in article.body:
        for m in units.pattern.finditer(s.text):
            fig = _figure(m, s.text, s.id, units)
            if fig is not None:
                out.append(fig)
    return tuple(out)


def _figure(m: re.Match[str], text: str, sentence_id: str, units: Units) -> KeyFigure | None:
    if m.group("pct"):
        value = _number(m.group("pct"))
        unit = "%"
        approx = ""
    else:
        raw = m.group("num")
        value = _number(raw + (m.group("mag") or ""))
        unit = m.group("unit")
        approx = m.group("approx") or ""
        # A bare Chinese numeral before a measure word is usually an article ("一个") or part of a name
        # ("七中"); only numbers written as digits, or Chinese numerals of ten or more, are figures.
        if not raw[0].isdigit() and (value is None or value < 10):
            return None
    if value is None:
        return None
    written = m.group(0).strip()
    return KeyFigure(
        sentence_id=sentence_id,
        text=written,
        value=value,
        unit=unit,
        display=_display(value, unit, approx, units),
        context=_clause(text, m.start(), m.end()),
        breakdown=_in_brackets(text[: m.start()]),
    )


def _number(text: str) -> float | None:
    """cn2an normalizes Chinese numerals and 万/亿 ("13万" -> 130000, "三十五" -> 35); None if unreadable."""
    import cn2an

    text = text.replace(" ", "")
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def _display(value: float, unit: str, approx: str, units: Units) -> str:
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if unit in ("%", "％"):
        return f"{number}%"
    more = "more than " if approx else ""
    en = units.en.get(unit, "")
    return f"{more}{number} {en}".strip()


# A total right before its number (A与B共13个) counts every item listed before it, not the last one.
_TOTAL_BEFORE = re.compile(r"(?:共计|合计|总计|一共|累计|共)$")
_ITEM_JOINERS = re.compile(r"[与和及、]")


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end] (between punctuation), cut to MAX_CONTEXT_CHARS around the figure.
    A total that closes an enumeration (…，榜样堂学校与中关村三小共13个教育联盟) starts at its total word:
    the items before it in the clause are the list's last, and the count is not theirs."""
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    total = _TOTAL_BEFORE.search(text, left, start)
    if total and left > 0 and _ITEM_JOINERS.search(text, left, total.start()):
        left = total.start()
    right_m = _CLAUSE_BREAK.search(text, end)
    right = right_m.start() if right_m else len(text)
    clause = text[left:right]
    if len(clause.strip()) > MAX_CONTEXT_CHARS:
        # Keep the figure and what follows it (the measure word's noun), then what leads up to it.
        lo = max(0, start - left - MAX_CONTEXT_CHARS // 2)
        clause = clause[lo : lo + MAX_CONTEXT_CHARS]
    return clause.strip().lstrip("、").strip()  # a cut on a list's mark opens with the next item


def _key_figures(figures: tuple[KeyFigure, ...], article: Article, glossary: Glossary) -> tuple[KeyFigure, ...]:
    """The few figures that lead the comparison: early sentences first (news puts its facts in the lede),
    preferring clauses that name a glossary term; returned in document order."""
    order = {s.id: i for i, s in enumerate(article.body)}
    n = max(len(order), 1)

    totals = _lines("figure_totals.txt")

    def score(f: KeyFigure) -> float:
        position = 1.0 - order.get(f.sentence_id, n) / n
        term = 1.0 if glossary.match(f.context) else 0.0
        total = 1.0 if any(t in f.context for t in totals) else 0.0
        size = 0.5 if f.unit in ("%", "％") or f.value >= SIZEABLE else -0.5 if f.value < SMALL else 0.0
        # A count inside brackets is a breakdown of the one before it; a bracketed percentage is that
        # figure's share ("4587人(占…比例为23.9%)") and as much a headline as the count.
        breakdown = -1.0 if f.breakdown and f.unit not in ("%", "％") else 0.0
        return position + term + total + size + breakdown

    # The same number with the same unit twice is one fact restated (lede, then the closing summary).
    seen: set[tuple[float, str]] = set()
    unique = []
    for f in figures:
        if (f.value, f.unit) not in seen:
            seen.add((f.value, f.unit))
            unique.append(f)
    # Single-digit counts ("a team of 3") stay in the article's own list, not in the comparison.
    unique = [f for f in unique if f.value >= SMALL or f.unit in ("%", "％")]
    ranked = sorted(range(len(unique)), key=lambda i: (-score(unique[i]), i))[:KEY_FIGURES_PER_ARTICLE]
    return tuple(unique[i] for i in sorted(ranked))


# --- translation of figure clauses ------------------------------------------------------------------


def figure_items(comparison: Comparison) -> list[tuple[str, str]]:
    """(id, zh) pairs of every distinct figure clause, to translate in the same batch as the summaries.

    The id starts with the doc_id of the first article that has the clause ("<doc_id>#figure3"), so the
    clause is translated with that article's scope, as its sentences are.
    """
    seen: dict[str, str] = {}
    for facts in comparison.articles:
        for f in facts.figures:
            seen.setdefault(f.context, facts.doc_id)
    return [(f"{doc_id}#figure{i}", zh) for i, (zh, doc_id) in enumerate(seen.items())]


def with_figure_translations(comparison: Comparison, english: Mapping[str, TranslatedSentence]) -> Comparison:
    """The comparison with each figure's context_en and context_flags (what its clause's translation flagged,
    and why it is doubtful) filled from its clause's translation."""

    def fill(figs: Iterable[KeyFigure]) -> tuple[KeyFigure, ...]:
        return tuple(f if (t := english.get(f.context)) is None
                     else replace(f, context_en=t.en, context_flags=tuple(dict.fromkeys(t.flags + t.doubts)))
                     for f in figs)

    articles = tuple(replace(a, figures=fill(a.figures), key_figures=fill(a.key_figures)) for a in comparison.articles)
    return replace(comparison, articles=articles)


def quote_items(comparison: Comparison) -> list[tuple[str, str]]:
    """(id, zh) of the sentences the overlap quotes, with the ids summary sentences have ("<doc_id>#s3")."""
    seen: dict[str, str] = {}
    for q in _quoted(comparison.overlap):
        seen.setdefault(_quote_id(q), q.sentence.text.strip())
    return list(seen.items())


def with_quote_translations(comparison: Comparison, english: Mapping[str, TranslatedSentence]) -> Comparison:
    """The comparison with each quoted sentence's en and flags filled from its translation (by quote_items id)."""

    def fill(q: SourcedSentence) -> SourcedSentence:
        t = english.get(_quote_id(q))
        return q if t is None else replace(q, en=t.en, flags=t.flags, doubts=t.doubts)

    ov = comparison.overlap
    shared = tuple(replace(p, sentences=tuple(fill(q) for q in p.sentences)) for p in ov.shared)
    only = tuple(DistinctivePoint(d.doc_id, fill(d.sentence), d.terms) for d in ov.distinctive)
    return replace(comparison, overlap=Overlap(shared, only))


def _quoted(overlap: Overlap) -> list[SourcedSentence]:
    return [q for p in overlap.shared for q in p.sentences] + [d.sentence for d in overlap.distinctive]


def _quote_id(q: SourcedSentence) -> str:
    return f"{q.doc_id}#{q.sentence.id}"


def _in_brackets(before: str) -> bool:
    """True when an opening bracket before this point is still open."""
    return max(before.rfind("("), before.rfind("（")) > max(before.rfind(")"), before.rfind("）"))


def _lines(name: str) -> tuple[str, ...]:
    text = resources.files("zhbrief.data").joinpath(name).read_text("utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _tsv(name: str) -> list[dict[str, str]]:
    text = resources.files("zhbrief.data").joinpath(name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"))) for ln in lines[1:]]
