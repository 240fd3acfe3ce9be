"""RawDocument -> Article: script conversion, artifact/spam/boilerplate removal, metadata, line repair,
sentences. Every removed or altered line or span is recorded as a Removal with its reason.

The stages live in one module per concern: html, annotations, script, spam, boilerplate, metadata,
lines, sentences; the data they match against is in src/zhbrief/data/*.txt (patterns.py reads it).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from ..models import Article, Metadata, RawDocument, Removal, Script, Sentence, SentenceKind
from . import boilerplate, lines as _lines, metadata as _meta, sentences as _sentences, spam as _spam
from .annotations import strip_readings
from .patterns import load_patterns
from .script import AUTO, detect_region, detect_script, fix_punctuation, fold_width, opencc_config_for, to_simplified

__all__ = ["NormalizeOptions", "normalize", "split_sentences"]

split_sentences = _sentences.split

_HAN = re.compile(r"[\u3400-\u9fff]")
MIN_TITLE_HAN = 6  # a headline has at least this many Han characters
TITLE_MAX_CHARS = 80
HEADER_MAX_LINES = 10
MIN_REPEAT_HAN = 6  # shorter repeated lines are kept: they can be real (list labels, poster fragments)  # title, date, source and byline lines sit within the first lines before the body
_TRAILING_EDITOR = re.compile(r"\s*[（(]\s*(?P<inner>(?:责任编辑|编辑|责编)\s*[：:][^（）()]{1,20})[）)]\s*$")


@dataclass(frozen=True, slots=True)
class NormalizeOptions:
    # "auto": hk2s for traditional text (Hong Kong variants too), tw2sp when Taiwan markers are found;
    # any OpenCC config name ("t2s", "tw2sp", ...) forces that one.
    opencc_config: str = AUTO
    pattern_files: tuple[Path, ...] = ()  # users' own boilerplate line patterns (reason<TAB>regex)
    block_files: tuple[Path, ...] = ()  # users' own trailing-block markers (reason<TAB>regex)
    spam_files: tuple[Path, ...] = ()  # users' own spam/promo words (kind<TAB>word)
    metadata_files: tuple[Path, ...] = ()  # users' own metadata labels (field<TAB>word)
    # Longer sentences are cut into pieces, and the article says so (Article.limits).
    max_sentence_chars: int = _sentences.MAX_SENTENCE_CHARS


@dataclass
class _Line:
    no: int  # 1-based line number in the decoded input
    text: str
    cuts: list[int] = field(default_factory=list)  # offsets where injected spam was cut out


def normalize(raw: RawDocument, options: NormalizeOptions = NormalizeOptions()) -> Article:
    """The clean Article: title, metadata, typed sentences, and every removal with its reason."""
    patterns = load_patterns(
        tuple(options.pattern_files), tuple(options.block_files), tuple(options.spam_files), tuple(options.metadata_files)
    )
    spam_rules = _spam.SpamRules.from_patterns(patterns)
    label_rules = _meta.LabelRules.from_patterns(patterns)
    meta = _meta.MetaBuilder()
    removals: list[Removal] = []

    text = raw.text
    page = None
    if raw.is_html:
        from .html import html_to_text

        page = html_to_text(text)
        text = page.text

    # Readings are stripped before conversion: they sit after the traditional characters.
    raw_lines = text.split("\n")
    for i, line in enumerate(raw_lines):
        if "(" in line or "（" in line:
            raw_lines[i], readings = strip_readings(line)
            if readings:
                removals.append(Removal(" ".join(readings), "pinyin reading", i + 1))
    text = "\n".join(raw_lines)
    script = detect_script(text)
    if script is Script.TRADITIONAL:
        config = options.opencc_config
        if config == AUTO:
            config = opencc_config_for(detect_region(text, patterns.regions))
        text = to_simplified(text, config)
    items = [_Line(n, fix_punctuation(fold_width(t)).strip()) for n, t in enumerate(text.split("\n"), 1)]
    items = [it for it in items if it.text]

    items = _drop_spam(items, spam_rules, removals)
    items = _drop_boilerplate(items, patterns, label_rules, spam_rules, meta, removals)
    title, title_altered, items = _header(items, patterns, label_rules, meta, removals)
    items = _drop_repeats(items, title, removals)
    _lede(items, patterns, label_rules, meta, removals)
    items = _strip_tails(items, patterns, label_rules, meta, removals)

    if page is not None:
        # What the page's own markup states; lines of the text (which may be more precise: a time
        # as well as a date) came first and win.
        meta.set("date", _meta.parse_date(page.date or ""))
        meta.set("source", page.source)
        meta.set("url", page.url)
        meta.set("keywords", list(page.keywords))
        if page.author and (ns := _meta.names(page.author, patterns)):
            meta.set("authors", ns)

    paragraphs = _lines.repair([(it.no, it.text, bool(it.cuts)) for it in items])
    by_no = {it.no: it for it in items}
    sents: list[Sentence] = []
    too_long = []  # lengths of the sentences cut at max_sentence_chars
    for p_index, para in enumerate(paragraphs):
        if para.kind is SentenceKind.CAPTION:
            meta.set("photographers", list(para.photographers))
        cut_at = _cut_offsets(para, by_no)
        pos = 0
        for sentence in _sentences.split(para.text):
            pieces = _sentences.cut(sentence, options.max_sentence_chars)
            if len(pieces) > 1:
                too_long.append(len(sentence.strip()))
            for piece in pieces:
                start, pos = pos, pos + len(piece)
                if piece.strip():
                    k = bisect_left(cut_at, start)  # cut_at is ascending
                    altered = k < len(cut_at) and cut_at[k] <= pos
                    sents.append(Sentence(f"s{len(sents) + 1}", piece.strip(), p_index, para.kind, altered))
    limits = ()
    if too_long:
        limits = (f"{len(too_long)} sentence{'s' * (len(too_long) > 1)} longer than {options.max_sentence_chars:,} "
                  f"characters (the longest: {max(too_long):,}) cut into pieces of at most "
                  f"{options.max_sentence_chars:,}",)

    meta.set("title", title or None)
    return Article(
        doc_id=Path(raw.path).stem,
        path=raw.path,
        title=title,
        metadata=Metadata(
            title=meta.title,
            date=meta.date,
            source=meta.source,
            authors=tuple(meta.authors),
            editors=tuple(meta.editors),
            photographers=tuple(meta.photographers),
            dateline=meta.dateline,
            keywords=tuple(meta.keywords),
            url=meta.url,
            inferred=tuple(meta.inferred),
        ),
        paragraphs=tuple(p.text for p in paragraphs),
        sentences=tuple(sents),
        removals=tuple(sorted(removals, key=lambda r: (r.line or 0))),
        original_script=script,
        encoding=raw.encoding,
        lossy=raw.lossy,
        sha256=raw.sha256,
        title_altered=title_altered,
        limits=limits,
    )


def _drop_spam(items: list[_Line], rules: _spam.SpamRules, removals: list[Removal]) -> list[_Line]:
    kept = []
    for it in items:
        v = _spam.judge(it.text, rules)
        if v.kind == "line":
            removals.append(Removal(it.text, v.reason, it.no))
            continue
        if v.kind == "cut":
            removals.append(Removal(" / ".join(v.removed), v.reason, it.no))
            it.text, it.cuts = v.text, list(v.cuts)
        kept.append(it)
    return kept


def _stated_url(line: str, patterns) -> str | None:
    labels = "|".join(re.escape(w) for w in patterns.labels("url") if len(w) >= 3)
    if not labels:
        return None
    m = re.search(rf"(?:{labels})[^：:\s]{{0,6}}[：:]\s*(https?://[^\s，。；）)\"”]+)", line)
    return m.group(1) if m else None


def _drop_boilerplate(items, patterns, label_rules, spam_rules, meta, removals) -> list[_Line]:
    """Trailing blocks, label lines (their values go to the metadata), pattern lines, promos."""
    kept: list[_Line] = []
    body_seen = 0
    header_end = next((i for i, it in enumerate(items) if boilerplate.is_body_like(it.text)), len(items))
    for i, it in enumerate(items):
        meta.set("url", _stated_url(it.text, patterns))
        if body_seen >= boilerplate.MIN_BODY_LINES_BEFORE_BLOCK and (reason := boilerplate.block_reason(it.text, patterns)):
            for rest in items[i:]:
                removals.append(Removal(rest.text, f"{reason} block" if rest is it else f"inside {reason} block", rest.no))
            break
        fields = _meta.parse_label_line(it.text, label_rules, patterns)
        if fields is not None and (not fields.get("_unlabelled") or i <= header_end):
            stated = [k for k in fields if not k.startswith("_")]
            for name in ("date", "source", "url"):
                meta.set(name, fields.get(name))
            for name in ("authors", "editors", "photographers", "keywords"):
                meta.set(name, fields.get(name, []))
            if stated:
                removals.append(Removal(it.text, f"metadata line ({', '.join(stated)})", it.no))
                continue
            if not any(label_rules.field_of[k] == "contact" for k in fields.get("_empty", [])):
                removals.append(Removal(it.text, "empty metadata label", it.no))
                continue
            # A contact label alone ("热线电话：…") is page furniture: the patterns below say which.
        if reason := boilerplate.line_reason(it.text, patterns):
            removals.append(Removal(it.text, reason, it.no))
            continue
        if _spam.is_promo(it.text, spam_rules, boilerplate.MIN_PROMO_WORDS):
            removals.append(Removal(it.text, "promo of the hosting site", it.no))
            continue
        if boilerplate.is_body_like(it.text):
            body_seen += 1
        kept.append(it)
    return kept


def _is_title(text: str) -> bool:
    return (
        len(_HAN.findall(text)) >= MIN_TITLE_HAN
        and len(text) <= TITLE_MAX_CHARS
        and not text.endswith(("。", "，", "、", "；", "："))
        and _lines.caption(text) is None
    )


def _header(items, patterns, label_rules, meta, removals) -> tuple[str, bool, list[_Line]]:
    """Title, outlet and byline lines in the header (before the first body-like line)."""
    header_end = next((i for i, it in enumerate(items) if boilerplate.is_body_like(it.text)), len(items))
    header_end = min(header_end, HEADER_MAX_LINES)
    title, altered, kept = "", False, []
    for i, it in enumerate(items):
        if i < header_end:
            if not title and _is_title(it.text):
                title, altered = it.text, bool(it.cuts)
                continue
            # An outlet line sits beside the date line; without a stated date, a short line
            # ending in 网/报 ("织密安全防护网") is more likely a subtitle.
            if title and meta.date and (source := _meta.outlet_line(it.text, label_rules)):
                meta.set("source", source)
                removals.append(Removal(it.text, "metadata line: outlet", it.no))
                continue
            if ns := _meta.byline(it.text, patterns):
                meta.set("authors", ns)
                removals.append(Removal(it.text, "metadata line: byline", it.no))
                continue
        kept.append(it)
    return title, altered, kept


def _drop_repeats(items, title, removals) -> list[_Line]:
    """Later copies of a line (a title repeated, a caption printed twice). Short fragments of
    poster-style text ("目前，") may recur legitimately and are never dropped."""
    seen = {title} if title else set()
    kept = []
    for it in items:
        fragment = len(_HAN.findall(it.text)) < MIN_REPEAT_HAN or it.text.endswith(("，", "、"))
        if it.text in seen and not fragment:
            removals.append(Removal(it.text, "repeated line", it.no))
            continue
        seen.add(it.text)
        kept.append(it)
    return kept


def _lede(items, patterns, label_rules, meta, removals) -> None:
    """Reporter credits and the dateline, stated at the start of the first body lines.

    A dateline/credit opening the lede ('新华社北京5月18日电（记者 张三）') goes to the metadata and
    is cut from the sentence, so the reader's first sentence starts with the news itself.
    """
    for i, it in enumerate([it for it in items if boilerplate.is_body_like(it.text)][: _meta.LEDE_LINES]):
        if not meta.authors and (ns := _meta.credits(it.text, patterns)):
            meta.set("authors", ns)
        place, agency = _meta.dateline(it.text, label_rules)
        if place and meta.dateline is None:
            meta.set("dateline", place)
            if meta.source is None and agency:
                meta.set("source", agency)
                meta.inferred.append("source")
        if i == 0 and (prefix := _meta.lede_prefix(it.text, patterns)):
            removals.append(Removal(prefix.strip(), "dateline and credit (kept in metadata)", it.no))
            it.text = it.text[len(prefix):]


def _strip_tails(items, patterns, label_rules, meta, removals) -> list[_Line]:
    """End markers '(完)' and editor credits '（责任编辑：张三）' glued to the end of a paragraph."""
    for it in items:
        if m := _TRAILING_EDITOR.search(it.text):
            fields = _meta.parse_label_line(m["inner"], label_rules, patterns)
            if fields and fields.get("editors"):
                meta.set("editors", fields["editors"])
                removals.append(Removal(m.group(0).strip(), "metadata: editor credit", it.no))
                it.text = it.text[: m.start()]
        it.text, marker = boilerplate.cut_end_marker(it.text)
        if marker:
            removals.append(Removal(marker, "end-marker", it.no))
    return [it for it in items if it.text.strip()]


def _cut_offsets(para, by_no: dict[int, _Line]) -> list[int]:
    """Ascending offsets in the paragraph's text where spam was cut out of one of its lines."""
    out, base = [], 0
    for no in para.lines:
        out += [base + c for c in by_no[no].cuts]
        base += len(by_no[no].text)
    return out
