"""Markdown briefings: GitHub/CommonMark tables, every piece of article text escaped.

Section order of the comparative briefing: title and signature; overview; who reports what (matrix,
timeline); at a glance; themes; key figures; per article; glossary appendix; provenance. The
briefing is built as blocks (render.blocks) that every format writes out; long tables keep the rows
the shown text uses and fold the rest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Iterable, Sequence

from .escape import escape_block, escape_cell
from . import overview
from .blocks import Block, Fold, Text, to_markdown
from .overview import short_place
from ..models import ArticleBriefing, ArticleFacts, Briefing, KeyFigure, TranslatedSentence

MODEL_CREDIT = (
    "Translated offline by the Argos Translate zh→en package 1.9, derived from OPUS-MT "
    "(Tiedemann & Thottingal, EAMT 2020), licensed CC-BY 4.0."
)
NOT_STATED = "not stated"
DOUBT_MARK = "⚠"
DOUBT_NOTE = (
    f"{DOUBT_MARK} marks English not to take on trust: a check failed on it (a glossary term not rendered, a "
    "name whose spelling nothing checked, a number lost or changed, Chinese left untranslated) or the model's "
    "own confidence in it is low (how likely it finds its words, and whether its other renderings agree). The "
    "reason follows the English; under a doubtful sentence the row marked ↳ gives it clause by clause in "
    "source order, each clause translated alone, to cross-check."
)
UNTITLED_MARK = "（无标题，取自首句 / no headline: first sentence）"
# How many mechanisms the at-a-glance table names per article; the article's own section lists all.
GLANCE_MECHANISMS = 3
def _table(header: Sequence[str], rows: Iterable[Sequence[str]], empty: str = "none") -> list[str]:
    rows = list(rows)
    if not rows:
        return [f"*{empty}*"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(escape_cell(c) if c else " " for c in row) + " |" for row in rows]
    return lines


# --- labels shared by the sections ---------------------------------------------------------------------


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


def _labels(briefing: Briefing, lang: str = "en") -> dict[str, str]:
    """doc_id -> a short label a reader can follow: "[1] Baoding" ("[1] 保定" in Chinese)."""
    out = {}
    for i, ab in enumerate(briefing.articles, 1):
        facts = _facts(briefing, ab.article.doc_id)
        where = short_place(facts.regions[0], lang) if facts and facts.regions else (ab.title_en or ab.article.doc_id)
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
            zh.setdefault(short_place(r, "zh"), None)
            en.setdefault(short_place(r, "en"), None)
    return "、".join(zh), ", ".join(en)


def article_title(ab: ArticleBriefing) -> str:
    return f"{_name_zh(ab)} / {ab.title_en or ab.article.doc_id}"


def _name_zh(ab: ArticleBriefing) -> str:
    """The headline, or for an article without one the key words of its first sentence, marked as such."""
    if ab.article.title:
        return ab.article.title
    return f"{ab.name_zh}{UNTITLED_MARK}" if ab.name_zh else ab.article.doc_id


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
        f"*{escape_cell(DOUBT_NOTE)}*",
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
                _name_zh(ab) if a.title or ab.name_zh else NOT_STATED,
                _title_en(ab),
                mechanisms or "none found",
                str(len(facts.figures)) if facts else "0",
                f"{_doubtful_rows(ab)} of {1 + len(ab.translations)}",
            ]
        )
    header = ["Article", "Region", "Date", "Outlet", "Headline (中文)", "Headline (English)", "Mechanisms", "Figures found",
              f"Rows {DOUBT_MARK}"]
    return ["## At a glance", "", *_table(header, rows), ""]


def _themes(briefing: Briefing, labels: dict[str, str], shown: set[str]) -> list[Block]:
    """Shared and distinctive glossary terms: the rows the briefing's shown text uses, the rest folded."""
    comp = briefing.comparison
    n = len(briefing.articles)

    def shared_rows(themes):
        return [[t.zh, t.en, t.category, f"{len(t.doc_ids)}/{n}: " + ", ".join(labels.get(d, d) for d in t.doc_ids)] for t in themes]

    def distinctive_rows(themes):
        return [[t.zh, t.en, t.category, labels.get(t.doc_ids[0], t.doc_ids[0])] for t in themes]

    out: list[Block] = [Text(("## Themes", ""))]
    out += _folded_table(
        f"### Shared: in more than one of the {n} articles",
        ["中文", "English", "Kind", "Articles"],
        comp.shared,
        shown,
        shared_rows,
        "no glossary term occurs in more than one article",
        "Other shared terms",
    )
    out += _folded_table(
        "### Distinctive: in one article only",
        ["中文", "English", "Kind", "Article"],
        comp.distinctive,
        shown,
        distinctive_rows,
        "no term is distinctive to one article",
        "Other distinctive terms",
    )
    return out + [Text(tuple(_overlap(briefing, labels)))]


def _folded_table(heading: str, header: list[str], items: Sequence, shown: set[str], rows, empty: str, rest_title: str) -> list[Block]:
    """A table of the items whose term is shown elsewhere in the briefing, then a Fold of the others."""
    main = [x for x in items if x.zh in shown]
    rest = [x for x in items if x.zh not in shown]
    if not main:  # nothing shown uses them: the table is the items themselves
        main, rest = list(items), []
    out: list[Block] = [Text(((heading, "") if heading else ()) + (*_table(header, rows(main), empty), ""))]
    if rest:
        out.append(Fold(rest_title, len(rest), (Text((*_table(header, rows(rest)), "")),)))
    return out


# How many sentence groups the Themes section quotes: the best-ranked few say what the articles share;
# more would repeat the per-article summaries.
MAX_SHARED_POINTS = 5


def _overlap(briefing: Briefing, labels: dict[str, str]) -> list[str]:
    """What several articles report alike, and what only one reports, quoted side by side."""
    ov = briefing.comparison.overlap
    n = len(briefing.articles)
    if n < 2:
        return []

    def english(q) -> str:
        return english_cell(q) if q.en else "(not translated)"

    out = ["### Reported by several articles", ""]
    rows = []
    for point in ov.shared[:MAX_SHARED_POINTS]:
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
    return f"{DOUBT_MARK} {en} ({'; '.join(f.context_flags)})" if f.context_flags else en


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
    flags += [("title", d) for d in ab.title_doubts]
    altered = {s.id for s in a.sentences if s.altered}
    for t in ab.translations:
        if t.sentence_id in altered:
            flags.append((t.sentence_id, "sentence altered by spam removal"))
        flags += [(t.sentence_id, f) for f in t.flags + t.doubts]
    return list(dict.fromkeys(flags))  # a term that occurs twice in a sentence is one flag


def english_cell(t) -> str:
    """The English a reader sees for one translated row (a TranslatedSentence, or a quoted sentence with
    .en and .doubts): marked, with the reasons, when it is doubtful."""
    return f"{DOUBT_MARK} {t.en} ({'; '.join(t.doubts)})" if t.doubts else t.en


def clause_row(t: TranslatedSentence) -> tuple[str, str] | None:
    """(Chinese, English) of a doubtful sentence clause by clause, numbered; None when it has no such view."""
    if not t.doubtful or len(t.clauses) < 2:
        return None
    return (" ".join(f"({k}) {zh.strip()}" for k, (zh, _) in enumerate(t.clauses, 1)),
            " ".join(f"({k}) {en.strip()}" for k, (_, en) in enumerate(t.clauses, 1)))


def _doubtful_rows(ab: ArticleBriefing) -> int:
    return bool(ab.title_doubts) + sum(t.doubtful for t in ab.translations)


def _title_en(ab: ArticleBriefing) -> str:
    return (f"{DOUBT_MARK} " if ab.title_doubts else "") + (ab.title_en or NOT_STATED)


def _summary(translations: Sequence[TranslatedSentence], ab: ArticleBriefing, layout: str) -> list[str]:
    if layout == "en-only":
        rows = []
        for t in translations:
            rows.append([t.sentence_id, english_cell(t)])
            if (view := clause_row(t)) is not None:
                rows.append([f"{t.sentence_id} ↳", view[1]])
        return _table(["#", "English"], rows, "no sentences")
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
            out += [f"**¶ {ids}**", "", escape_block("".join(t.zh for t in g)), "", escape_block(" ".join(english_cell(t) for t in g)), ""]
            out += [line for t in g if (view := clause_row(t)) for line in (escape_block(f"↳ {t.sentence_id}: {view[1]}"), "")]
        return out[:-1] if out else ["*no sentences*"]
    rows = []
    for t in translations:
        rows.append([t.sentence_id, t.zh, english_cell(t)])
        if (view := clause_row(t)) is not None:
            rows.append([f"{t.sentence_id} ↳", *view])
    return _table(["#", "中文", "English"], rows, "no sentences")


def _article_section(ab: ArticleBriefing, briefing: Briefing, level: str, layout: str, number: str = "") -> list[str]:
    a = ab.article
    meta = a.metadata
    facts = _facts(briefing, a.doc_id)
    sub = level + "#"
    title_en = (f"{DOUBT_MARK} " if ab.title_doubts else "") + (ab.title_en or a.doc_id)
    out = [f"{level} {number}{escape_cell(_name_zh(ab))}", "", f"*{escape_cell(title_en)}*", ""]
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
    out += ["", f"{sub} Flags ({_doubtful_rows(ab)} of {1 + len(ab.translations)} rows {DOUBT_MARK})", ""]
    out += _table(["Sentence", "Flag"], _flags(ab), "no flags")
    return out + [""]


def _glossary_appendix(briefing: Briefing, shown: set[str] | None = None) -> list[Block]:
    """The glossary entries used; with `shown`, the ones the shown text uses, the rest folded."""
    out: list[Block] = [Text(("## Glossary appendix", ""))]
    out += _folded_table(
        "",
        ["中文", "English", "Kind", "Note"],
        briefing.glossary_entries,
        shown if shown is not None else {e.zh for e in briefing.glossary_entries},
        lambda entries: [[e.zh, e.en, e.category, e.note] for e in entries],
        "no glossary term used",
        "Other glossary entries used in the articles",
    )
    return out


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


def briefing_blocks(briefing: Briefing, layout: str = "side-by-side") -> list[Block]:
    """The comparative briefing: title, overview, who reports what (matrix, timeline), at a glance,
    themes, key figures, the articles, glossary appendix, provenance."""
    labels = _labels(briefing)
    first = overview.labelled(briefing.comparison.articles, labels, _labels(briefing, "zh"))
    matrix = overview.matrix(briefing.comparison, first)
    shown = _shown_terms(briefing) | {r.zh for r in matrix.rows}
    blocks: list[Block] = [Text(tuple(_header(briefing)))]
    if len(first) > 1:
        blocks += [
            Text(("## Overview", "")),
            overview.overview(briefing.comparison, first),
            Text(("## Who reports what", "", "### Mechanisms named, by article", "")),
            matrix,
        ]
        if any(a.facts.date for a in first):
            blocks += [Text(("### Timeline", "")), overview.timeline(first)]
    blocks.append(Text(tuple(_at_a_glance(briefing, labels))))
    blocks += _themes(briefing, labels, shown)
    lines = _key_figures(briefing, labels) + ["## Articles", ""]
    for ab in briefing.articles:
        lines += _article_section(ab, briefing, "###", layout, labels[ab.article.doc_id] + " ")
    blocks.append(Text(tuple(lines)))
    blocks += _glossary_appendix(briefing, shown)
    blocks.append(Text(tuple(_provenance(briefing, briefing.articles))))
    return blocks


def _shown_terms(briefing: Briefing) -> set[str]:
    """Glossary terms in the text the briefing shows: headlines, summary sentences, figure clauses, quotes."""
    texts = [ab.article.title for ab in briefing.articles]
    texts += [t.zh for ab in briefing.articles for t in ab.translations]
    texts += [f.context for facts in briefing.comparison.articles for f in facts.key_figures]
    ov = briefing.comparison.overlap
    texts += [q.sentence.text for p in ov.shared[:MAX_SHARED_POINTS] for q in p.sentences]
    texts += [d.sentence.sentence.text for d in ov.distinctive]
    return {e.zh for e in briefing.glossary_entries if any(e.zh in x for x in texts)}


def article_blocks(ab: ArticleBriefing, briefing: Briefing, layout: str = "side-by-side") -> list[Block]:
    """One article's briefing: its section, the glossary terms it uses, its provenance."""
    lines = [f"# {escape_cell(article_title(ab))}", "", f"Made with: `{briefing.signature.replace('`', '')}`", "",
             f"*{escape_cell(DOUBT_NOTE)}*", ""]
    lines += _article_section(ab, briefing, "##", layout)
    used = {h.zh for t in ab.translations for h in t.terms}
    own = replace(briefing, failures=(), glossary_entries=tuple(e for e in briefing.glossary_entries if e.zh in used))
    return [Text(tuple(lines)), *_glossary_appendix(own), Text(tuple(_provenance(own, [ab])))]


def render_briefing(briefing: Briefing, layout: str = "side-by-side") -> str:
    """The comparative briefing as Markdown."""
    return to_markdown(briefing_blocks(briefing, layout))


def render_article(ab: ArticleBriefing, briefing: Briefing, layout: str = "side-by-side") -> str:
    """One article's briefing as Markdown."""
    return to_markdown(article_blocks(ab, briefing, layout))
