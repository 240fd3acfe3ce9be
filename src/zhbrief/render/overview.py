"""The first page of a comparative briefing, from the Comparison alone: the overview paragraph, the
mechanism matrix and the timeline.

The paragraph is written by templates from facts that are right by construction: counts, regions and
dates from the comparison, mechanisms by their glossary English, and only the key figures whose
clause translation passed every check (KeyFigure.verified); a figure that did not is left out, not
softened. The English and the Chinese paragraph state the same facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..compare import ENTITY_CATEGORIES
from ..models import ArticleFacts, Comparison, KeyFigure, Region, Theme
from .blocks import Matrix, MatrixRow, Overview, Timeline

# What the paragraph names: a few shared mechanisms, one distinctive mechanism per article for at most
# this many articles, one figure per article for at most this many: a paragraph, not a table.
SHARED_NAMED = 5
ONLY_NAMED = 5
FIGURES_NAMED = 5
# The matrix shows the most widespread mechanisms, then the one each article alone names.
MATRIX_SHARED_ROWS = 15

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # not strftime's: that follows the machine's locale
_EN_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


@dataclass(frozen=True, slots=True)
class Article:
    """What the first page needs of one article: its label in each language and its facts."""

    label_en: str  # "[1] Baoding"
    label_zh: str  # "[1] 保定"
    facts: ArticleFacts


def is_mechanism(t: Theme) -> bool:
    return t.category not in ENTITY_CATEGORIES


def overview(comparison: Comparison, articles: Sequence[Article]) -> Overview:
    """3-6 sentences: how many articles, from where and when; the mechanisms all or most name; what one
    alone names; the headline figures whose translation passed every check."""
    n = len(articles)
    en: list[str] = []
    zh: list[str] = []
    s_en, s_zh = _where_and_when(articles)
    en.append(s_en)
    zh.append(s_zh)
    s_en, s_zh = _shared(comparison, n)
    en.append(s_en)
    zh.append(s_zh)
    only = _only(comparison, articles)
    if only:
        en.append("Named by one article only: " + "; ".join(f"“{t.en}” ({a.label_en})" for t, a in only) + ".")
        zh.append("仅一篇提到：" + "；".join(f"{t.zh}（{a.label_zh}）" for t, a in only) + "。")
    figures = headline_figures(articles)
    if figures:
        en.append(
            "Figures whose translation passed every check: "
            + "; ".join(f"{f.display} (“{f.context_en.strip().rstrip('.')}”, {a.label_en})" for f, a in figures)
            + "."
        )
        zh.append("译文通过全部检查的数字：" + "；".join(f"{f.text}（“{f.context}”，{a.label_zh}）" for f, a in figures) + "。")
    return Overview(" ".join(en), "".join(zh))


def headline_figures(articles: Sequence[Article]) -> list[tuple[KeyFigure, Article]]:
    """Each article's largest key figure whose clause translation passed every check (not a bracketed
    part; a count before a percentage), in corpus order."""
    out = []
    for a in articles:
        candidates = [f for f in a.facts.key_figures if f.verified and not f.breakdown]
        if candidates:
            # The largest count is the one a headline gives; min() keeps the first of equal ones.
            out.append((min(candidates, key=lambda f: (f.unit in ("%", "％"), -f.value)), a))
    return out[:FIGURES_NAMED]


def matrix(comparison: Comparison, articles: Sequence[Article]) -> Matrix:
    """The most widespread mechanisms, then each article's most mentioned one of its own; mentions per article."""
    per_article = [{m.zh: m.count for m in a.facts.mechanisms} for a in articles]
    shown = [t for t in comparison.shared if is_mechanism(t)][:MATRIX_SHARED_ROWS]
    shown += [t for t, _ in _only(comparison, articles, limit=len(articles))]
    rows = tuple(MatrixRow(t.en, t.zh, tuple(counts.get(t.zh, 0) for counts in per_article)) for t in shown)
    return Matrix(tuple(a.label_en for a in articles), rows)


def timeline(articles: Sequence[Article]) -> Timeline:
    dated = sorted(((a.facts.date[:10], i) for i, a in enumerate(articles) if a.facts.date), key=lambda x: x)
    return Timeline(
        tuple((articles[i].label_en, d) for d, i in dated),
        tuple(a.label_en for a in articles if not a.facts.date),
    )


def _where_and_when(articles: Sequence[Article]) -> tuple[str, str]:
    n = len(articles)
    places_en: dict[str, None] = {}
    places_zh: dict[str, None] = {}
    for a in articles:
        if a.facts.regions:
            places_en.setdefault(_place(a.facts, "en"), None)
            places_zh.setdefault(_place(a.facts, "zh"), None)
    dates = sorted(a.facts.date[:10] for a in articles if a.facts.date)
    undated = n - len(dates)
    noun = "article" if n == 1 else "articles"
    en = f"This briefing compares {_count(n)} {noun}"
    zh = f"本简报比较{n}篇报道"
    if places_en:
        en += " from " + _and(list(places_en))
        zh += "，来自" + "、".join(places_zh)
    if dates:
        first, last = dates[0], dates[-1]
        en += f", dated {_date_en(first)}" if first == last else f", dated {_date_en(first)} to {_date_en(last)}"
        zh += f"，日期为{_date_zh(first)}" if first == last else f"，日期从{_date_zh(first)}至{_date_zh(last)}"
        if undated:
            en += f" ({_count(undated)} undated)"
            zh += f"（{undated}篇未注明日期）"
    else:
        en += ", none of them dated"
        zh += "，均未注明日期"
    return en + ".", zh + "。"


def _shared(comparison: Comparison, n: int) -> tuple[str, str]:
    """The mechanisms most articles name (more than half; else those two or more name), by how many."""
    shared = [t for t in comparison.shared if is_mechanism(t)]
    most = [t for t in shared if len(t.doc_ids) * 2 > n] or shared
    most = most[:SHARED_NAMED]
    if not most:
        return "No mechanism is named by more than one article.", "没有一项机制被一篇以上的报道提到。"
    groups: dict[int, list[Theme]] = {}
    for t in most:
        groups.setdefault(len(t.doc_ids), []).append(t)
    en_parts, zh_parts = [], []
    for k, terms in groups.items():  # most widespread first, as comparison.shared is sorted
        who_en = (f"all {_count(n)}" if n > 2 else "both") if k == n else f"{_count(k)} of {_count(n)}"
        who_zh = f"{n}篇都" if k == n else f"{k}篇"
        en_parts.append(f"{who_en} name {_and([f'“{t.en}”' for t in terms])}")
        zh_parts.append(f"{who_zh}提到{'、'.join(t.zh for t in terms)}")
    en = "; ".join(en_parts)
    return en[0].upper() + en[1:] + ".", "；".join(zh_parts) + "。"


def _only(comparison: Comparison, articles: Sequence[Article], limit: int = ONLY_NAMED) -> list[tuple[Theme, Article]]:
    """Each article's most mentioned mechanism that no other article names, in corpus order."""
    by_doc: dict[str, Theme] = {}
    for t in comparison.distinctive:  # most mentioned first
        if is_mechanism(t):
            by_doc.setdefault(t.doc_ids[0], t)
    return [(by_doc[a.facts.doc_id], a) for a in articles if a.facts.doc_id in by_doc][:limit]


def _place(facts: ArticleFacts, lang: str) -> str:
    return short_place(facts.regions[0], lang)


def short_place(region: Region, lang: str) -> str:
    """The city-level name of a region (Baoding for Hebei › Baoding › Lianchi District)."""
    place = region.path[min(1, len(region.path) - 1)]
    return place.zh if lang == "zh" else place.en


def _count(n: int) -> str:
    return _EN_NUMBERS[n] if 0 <= n < len(_EN_NUMBERS) else str(n)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _date_en(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _date_zh(iso: str) -> str:
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.year}年{d.month}月{d.day}日"


def labelled(facts: Sequence[ArticleFacts], labels_en: Mapping[str, str], labels_zh: Mapping[str, str]) -> list[Article]:
    return [Article(labels_en[f.doc_id], labels_zh[f.doc_id], f) for f in facts if f.doc_id in labels_en]
