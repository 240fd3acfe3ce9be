"""Markdown briefings: GitHub/CommonMark tables, every piece of article text escaped.

Section order of the comparative briefing (issue 6): title and signature; at a glance; themes;
key figures; per article; glossary appendix; provenance.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Iterable, Sequence

from ..models import ArticleBriefing, ArticleFacts, Briefing, KeyFigure, Region, TranslatedSentence

MODEL_CREDIT = (
    "Translated offline by the Argos Translate zh→en package 1.9, derived from OPUS-MT "
    "(Tiedemann & Thottingal, EAMT 2020), licensed CC-BY 4.0."
)
NOT_STATED = "not stated"
# How many mechanisms the at-a-glance table names per article; the article's own section lists all.
GLANCE_MECHANISMS = 3
# ASCII punctuation that CommonMark lets a backslash escape and that can start markup inside a line:
# code spans, emphasis, links, raw HTML, headings, table pipes, strikethrough (GFM), block quotes.
_ESCAPED = set("\\`*_[]<>#|~")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# At the start of a block these make a list, a thematic break or a setext underline.
_BLOCK_START = re.compile(r"^([-+=]|\d+[.)])")


def escape_cell(text: str) -> str:
    """Make text safe inside a table cell or a line: no pipe, markup, HTML or line break can escape it."""
    text = " ".join(str(text).split())
    text = _ENTITY.sub("&amp;", text)  # "&lt;" in an article stays the four characters it is
    return "".join("\\" + ch if ch in _ESCAPED else ch for ch in text)


def escape_block(text: str) -> str:
    """escape_cell, and also safe as a paragraph of its own (no list, rule or heading underline)."""
    text = escape_cell(text)
    m = _BLOCK_START.match(text)
    if m:
        mark = m.group(1)
        text = mark[:-1] + "\\" + mark[-1] + text[len(mark) :]
    return text


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], empty: str = "none") -> list[str]:
    rows = list(rows)
    if not rows:
        return [f"*{empty}*"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(escape_cell(c) if c else " " for c in row) + " |" for row in rows]
    return lines


# --- labels shared by the sections ---------------------------------------------------------------------


def _short_region(region: Region, lang: str) -> str:
    """The city-level name of a region (Baoding for Hebei › Baoding › Lianchi District)."""
    place = region.path[min(1, len(region.path) - 1)]
    return place.zh if lang == "zh" else place.en


def _regions(facts: ArticleFacts | None, lang: str = "en") -> str:
    if not facts or not facts.regions:
        return NOT_STATED
    sep = "、" if lang == "zh" else "; "
    return sep.join(r.zh if lang == "zh" else r.en for r in facts.regions)


def _facts(briefing: Briefing, doc_id: str) -> ArticleFacts | None:
    for f in briefing.comparison.articles:
        if f.doc_id == doc_id:
            return f
    return None


def _labels(briefing: Briefing) -> dict[str, str]:
    """doc_id -> a short label a reader can follow: "[1] Baoding"."""
    out = {}
    for i, ab in enumerate(briefing.articles, 1):
        facts = _facts(briefing, ab.article.doc_id)
        where = _short_region(facts.regions[0], "en") if facts and facts.regions else ab.article.doc_id
        out[ab.article.doc_id] = f"[{i}] {where}"
    return out


def _date(value: str | None) -> str:
    return value[:10] if value else NOT_STATED


def briefing_title(briefing: Briefing) -> str:
    zh, en = _title_places(briefing)
    return f"对比简报：{zh} / Comparative briefing: {en}" if en else "对比简报 / Comparative briefing"


def _title_places(briefing: Briefing) -> tuple[str, str]:
    zh: dict[str, None] = {}
    en: dict[str, None] = {}
    for facts in briefing.comparison.articles:
        for r in facts.regions:
            zh.setdefault(_short_region(r, "zh"), None)
            en.setdefault(_short_region(r, "en"), None)
    return "、".join(zh), ", ".join(en)


def article_title(ab: ArticleBriefing) -> str:
    return f"{ab.article.title or ab.article.doc_id} / {ab.title_en or ab.article.doc_id}"


# --- sections -----------------------------------------------------------------------------------------


def _header(briefing: Briefing) -> list[str]:
    n = len(briefing.articles)
    dates = sorted(d[:10] for d in (ab.article.metadata.date for ab in briefing.articles) if d)
    if not dates:
        span = "dates not stated"
    elif dates[0] == dates[-1]:
        span = dates[0]
    else:
        span = f"{dates[0]} – {dates[-1]}"
    missing = n - len(dates)
    if dates and missing:
        span += f" ({missing} undated)"
    return [
        f"# {escape_cell(briefing_title(briefing))}",
        "",
        f"**{n} source{'s' if n != 1 else ''}** · {span}",
        "",
        f"Made with: `{briefing.signature.replace('`', '')}`",
        "",
    ]


def _at_a_glance(briefing: Briefing, labels: dict[str, str]) -> list[str]:
    rows = []
    for ab in briefing.articles:
        a = ab.article
        facts = _facts(briefing, a.doc_id)
        mechanisms = "; ".join(f"{m.en} ({m.zh})" for m in (facts.mechanisms if facts else ())[:GLANCE_MECHANISMS])
        rows.append(
            [
                labels[a.doc_id],
                _regions(facts),
                _date(a.metadata.date),
                a.metadata.source or NOT_STATED,
                a.title or NOT_STATED,
                ab.title_en or NOT_STATED,
                mechanisms or "none found",
                str(len(facts.figures)) if facts else "0",
            ]
        )
    header = ["Article", "Region", "Date", "Outlet", "Headline (中文)", "Headline (English)", "Mechanisms", "Figures found"]
    return ["## At a glance", "", *_table(header, rows), ""]


def _themes(briefing: Briefing, labels: dict[str, str]) -> list[str]:
    comp = briefing.comparison
    n = len(briefing.articles)
    out = ["## Themes", "", f"### Shared: in more than one of the {n} articles", ""]
    out += _table(
        ["中文", "English", "Kind", "Articles"],
        ([t.zh, t.en, t.category, f"{len(t.doc_ids)}/{n}: " + ", ".join(labels.get(d, d) for d in t.doc_ids)] for t in comp.shared),
        "no glossary term occurs in more than one article",
    )
    out += ["", "### Distinctive: in one article only", ""]
    out += _table(
        ["中文", "English", "Kind", "Article"],
        ([t.zh, t.en, t.category, labels.get(t.doc_ids[0], t.doc_ids[0])] for t in comp.distinctive),
        "no term is distinctive to one article",
    )
    return out + [""] + _overview(briefing, labels)


# How many sentence groups the overview quotes: the best-ranked few say what the articles share;
# more would repeat the per-article summaries.
MAX_SHARED_POINTS = 5


def _overview(briefing: Briefing, labels: dict[str, str]) -> list[str]:
    """What several articles report alike, and what only one reports, quoted side by side."""
    ov = briefing.overview
    if ov is None:
        return []
    en = dict(briefing.overview_en)
    n = len(ov.doc_ids)

    def english(q) -> str:
        return en.get(f"{q.doc_id}#{q.sentence.id}", "(not translated)")

    out = ["### Reported by several articles", ""]
    rows = []
    for point in ov.shared_points[:MAX_SHARED_POINTS]:
        who = "all" if len(point.doc_ids) == n else f"{len(point.doc_ids)} of {n}"
        for q in point.sentences:
            rows.append([f"{who}: " + ", ".join(labels.get(d, d) for d in point.doc_ids), labels.get(q.doc_id, q.doc_id), q.sentence.id, q.sentence.text, english(q)])
    out += _table(["Reported by", "Article", "#", "中文", "English"], rows, "no point is reported by more than one article")
    out += ["", "### Reported by one article only", ""]
    rows = [[labels.get(d.doc_id, d.doc_id), d.sentence.sentence.id, d.sentence.sentence.text, english(d.sentence)] for d in ov.distinctive]
    out += _table(["Only in", "#", "中文", "English"], rows, "every point is reported by more than one article")
    return out + [""]


def _figure_rows(figures: Iterable[KeyFigure], label: str) -> list[list[str]]:
    return [[f.display, f.text, f.context, _figure_english(f), label, f.sentence_id] for f in figures]


def _figure_english(f: KeyFigure) -> str:
    """The clause's English, with what its translation flagged: a figure's row is its only place."""
    en = f.context_en or "(not translated)"
    return f"{en} (⚠ {'; '.join(f.context_flags)})" if f.context_flags else en


def _key_figures(briefing: Briefing, labels: dict[str, str]) -> list[str]:
    rows = []
    for facts in briefing.comparison.articles:
        rows += _figure_rows(facts.key_figures, labels.get(facts.doc_id, facts.doc_id))
    out = ["## Key figures", ""]
    out += _table(["Figure", "As written", "What it counts (中文)", "What it counts (English)", "Article", "Sentence"], rows, "no figures found")
    return out + [""]


def _flags(ab: ArticleBriefing) -> list[tuple[str, str]]:
    a = ab.article
    flags: list[tuple[str, str]] = []
    flags += [("article", note) for note in a.limits]
    if a.title_altered:
        flags.append(("title", "title altered by spam removal"))
    altered = {s.id for s in a.sentences if s.altered}
    for t in ab.translations:
        if t.sentence_id in altered:
            flags.append((t.sentence_id, "sentence altered by spam removal"))
        flags += [(t.sentence_id, f) for f in t.flags]
    return list(dict.fromkeys(flags))  # a term that occurs twice in a sentence is one flag


def _summary(translations: Sequence[TranslatedSentence], ab: ArticleBriefing, layout: str) -> list[str]:
    if layout == "en-only":
        return _table(["#", "English"], ([t.sentence_id, t.en] for t in translations), "no sentences")
    if layout == "interleaved":
        para = {s.id: s.paragraph for s in ab.article.sentences}
        groups: list[list[TranslatedSentence]] = []
        for t in translations:
            if groups and para.get(groups[-1][-1].sentence_id) == para.get(t.sentence_id):
                groups[-1].append(t)
            else:
                groups.append([t])
        out: list[str] = []
        for g in groups:
            ids = ", ".join(t.sentence_id for t in g)
            out += [f"**¶ {ids}**", "", escape_block("".join(t.zh for t in g)), "", escape_block(" ".join(t.en for t in g)), ""]
        return out[:-1] if out else ["*no sentences*"]
    return _table(["#", "中文", "English"], ([t.sentence_id, t.zh, t.en] for t in translations), "no sentences")


def _article_section(ab: ArticleBriefing, briefing: Briefing, level: str, layout: str, number: str = "") -> list[str]:
    a = ab.article
    meta = a.metadata
    facts = _facts(briefing, a.doc_id)
    sub = level + "#"
    out = [f"{level} {number}{escape_cell(a.title or a.doc_id)}", "", f"*{escape_cell(ab.title_en or a.doc_id)}*", ""]
    removed = Counter(r.reason for r in a.removals)
    facts_rows = [
        ("Region", f"{_regions(facts)} ({_regions(facts, 'zh')})" if facts and facts.regions else NOT_STATED),
        ("Date", meta.date or NOT_STATED),
        ("Outlet", meta.source or NOT_STATED),
        ("Authors", "、".join(meta.authors) if meta.authors else NOT_STATED),
        ("Editors", "、".join(meta.editors) if meta.editors else NOT_STATED),
        ("URL", meta.url or NOT_STATED),
        ("Title altered by spam removal", "yes" if a.title_altered else "no"),
        ("Removed by normalization", ", ".join(f"{r}: {n}" for r, n in sorted(removed.items())) or "nothing"),
        ("File", f"{a.path} ({a.encoding}{', lossy' if a.lossy else ''}, {a.original_script.value} script)"),
    ]
    if meta.inferred:
        facts_rows.append(("Inferred from the body, not stated", ", ".join(meta.inferred)))
    out += [f"- **{k}:** {escape_cell(v)}" for k, v in facts_rows]
    out += ["", f"{sub} Summary ({len(ab.translations)} of {len(a.body)} sentences)", ""]
    out += _summary(ab.translations, ab, layout)
    out += ["", f"{sub} Figures", ""]
    out += _table(
        ["Figure", "As written", "What it counts (中文)", "What it counts (English)", "Sentence"],
        ([r[0], r[1], r[2], r[3], r[5]] for r in _figure_rows(facts.figures if facts else (), "")),
        "no figures found",
    )
    terms: dict[str, tuple[str, str, list[str]]] = {}
    for t in ab.translations:
        for hit in t.terms:
            terms.setdefault(hit.zh, (hit.en, hit.category, []))[2].append(t.sentence_id)
    out += ["", f"{sub} Terms used", ""]
    out += _table(
        ["中文", "English", "Kind", "Sentences"],
        ([zh, en, cat, ", ".join(dict.fromkeys(ids))] for zh, (en, cat, ids) in sorted(terms.items())),
        "no glossary term in the summary",
    )
    out += ["", f"{sub} Flags", ""]
    out += _table(["Sentence", "Flag"], _flags(ab), "no flags")
    return out + [""]


def _glossary_appendix(briefing: Briefing) -> list[str]:
    out = ["## Glossary appendix", ""]
    out += _table(
        ["中文", "English", "Kind", "Note"],
        ([e.zh, e.en, e.category, e.note] for e in briefing.glossary_entries),
        "no glossary term used",
    )
    return out + [""]


def _provenance(briefing: Briefing, articles: Sequence[ArticleBriefing]) -> list[str]:
    out = ["## Provenance", ""]
    out += _table(
        ["File", "sha256", "Encoding", "Script", "Removed"],
        (
            [ab.article.path, ab.article.sha256, ab.article.encoding, ab.article.original_script.value, str(len(ab.article.removals))]
            for ab in articles
        ),
    )
    removed = Counter(r.reason for ab in articles for r in ab.article.removals)
    out += ["", "What normalization removed, by reason:", ""]
    out += _table(["Reason", "Count"], ([r, str(n)] for r, n in sorted(removed.items(), key=lambda kv: (-kv[1], kv[0]))), "nothing removed")
    limited = [(ab.article.path, note) for ab in articles for note in ab.article.limits]
    if limited:
        out += ["", "Limits applied (what one file may cost the batch):", ""]
        out += [f"- {escape_cell(p)}: {escape_cell(m)}" for p, m in limited]
    if briefing.failures:
        out += ["", "Inputs that could not be used:", ""]
        out += [f"- {escape_cell(p)}: {escape_cell(m)}" for p, m in briefing.failures]
    out += [
        "",
        f"- **Glossary:** {escape_cell(briefing.glossary_path or NOT_STATED)} (sha256 {escape_cell(briefing.glossary_sha256 or NOT_STATED)})",
        f"- **Model:** {escape_cell(MODEL_CREDIT)}",
        f"- **Signature:** `{briefing.signature.replace('`', '')}`",
        "",
    ]
    return out


def render_briefing(briefing: Briefing, layout: str = "side-by-side") -> str:
    """The comparative briefing: the seven sections in order."""
    labels = _labels(briefing)
    lines = _header(briefing)
    lines += _at_a_glance(briefing, labels)
    lines += _themes(briefing, labels)
    lines += _key_figures(briefing, labels)
    lines += ["## Articles", ""]
    for ab in briefing.articles:
        lines += _article_section(ab, briefing, "###", layout, labels[ab.article.doc_id] + " ")
    lines += _glossary_appendix(briefing)
    lines += _provenance(briefing, briefing.articles)
    return "\n".join(lines)


def render_article(ab: ArticleBriefing, briefing: Briefing, layout: str = "side-by-side") -> str:
    """One article's briefing: its section, the glossary terms it uses, its provenance."""
    lines = [f"# {escape_cell(article_title(ab))}", "", f"Made with: `{briefing.signature.replace('`', '')}`", ""]
    lines += _article_section(ab, briefing, "##", layout)
    used = {h.zh for t in ab.translations for h in t.terms}
    own = replace(briefing, failures=(), glossary_entries=tuple(e for e in briefing.glossary_entries if e.zh in used))
    lines += _glossary_appendix(own)
    lines += _provenance(own, [ab])
    return "\n".join(lines)
