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
from . import boilerplate, headline as _headline, lines as _lines, metadata as _meta, sentences as _sentences, spam as _spam
from .annotations import strip_footnotes, strip_readings
from .patterns import load_patterns
from .script import AUTO, detect_region, detect_script, fix_punctuation, fold_width, opencc_config_for, to_simplified

__all__ = ["NormalizeOptions", "normalize", "split_sentences"]

split_sentences = _sentences.split

_HAN = re.compile(r"[\u3400-\u9fff]")
HEADER_MAX_LINES = 40  # the headline is looked for in at most this many lines above the body
MIN_LABEL_HAN = 4  # a header line with fewer Han characters and no punctuation is a section label ("港闻")
MIN_REPEAT_HAN = 6  # shorter repeated lines are kept: they can be real (list labels, poster fragments)
# Not a photo agency's credit ("（新华社发）") nor a note ("（待续）").
_CLOSING_CREDIT = re.compile(r"(?<=[。！？”])\s*[（(](?![^）)]*(?:社|发|摄|图|续|完))(?P<name>[\u3400-\u9fff]{2,4})[）)]\s*$")
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
    for it in items:
        it.text, marks = strip_footnotes(it.text)
        if marks:
            removals.append(Removal(" ".join(marks), "footnote mark", it.no))

    items = _drop_spam(items, spam_rules, removals)
    meta_nos: set[int] = set()
    items = _drop_boilerplate(items, patterns, label_rules, spam_rules, meta, removals, meta_nos)
    title, title_altered, items = _header(items, patterns, label_rules, meta, removals, meta_nos)
    items = _drop_repeats(items, title, meta.authors, removals)
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


def _header_end(items) -> int:
    return next((i for i, it in enumerate(items) if _body_like(it.text)), len(items))


def _body_like(text: str) -> bool:
    return boilerplate.is_body_like(text) and not boilerplate.is_headline_list(text)


@dataclass(frozen=True, slots=True)
class _Runs:
    """Navigation runs below the top of the page, computed once (linear in the page's lines).

    A run of links: metadata and furniture lines between them ("（责任编辑：王五）", "版权所有…") are
    removed for their own reason and neither start nor break a run; a line without Chinese text or
    the opener of a block of links is chrome and counts as a link. A run is navigation only when no
    fresh prose follows it (a body-like line met for the first time, not a bulleted teaser).
    """

    starts: tuple[bool, ...]  # items[k] is a plain link-like line opening a run of MIN_NAV_RUN links or more
    prose_after: tuple[bool, ...]  # fresh prose follows the run that starts at items[k]

    @classmethod
    def of(cls, items, start: int, patterns, label_rules) -> "_Runs":
        n = len(items)
        roles = ["skip"] * start + [_role(it.text, patterns, label_rules) for it in items[start:]]
        link = [roles[k] != "plain" or boilerplate.is_link_like(items[k].text) for k in range(n)]
        first = {}
        for k, it in enumerate(items):
            first.setdefault(it.text, k)
        fresh = [
            first[it.text] == k and _body_like(it.text) and not _headline.navigation_shaped(it.text)
            for k, it in enumerate(items)
        ]
        count, run_end, prose = [0] * (n + 1), list(range(n + 1)), [False] * (n + 1)
        for k in range(n - 1, -1, -1):
            prose[k] = prose[k + 1] or fresh[k]
            if link[k]:
                count[k] = (roles[k] != "skip") + count[k + 1]
                run_end[k] = run_end[k + 1]
        starts = tuple(roles[k] == "plain" and link[k] and count[k] >= boilerplate.MIN_NAV_RUN for k in range(n))
        return cls(starts, tuple(prose[run_end[k]] for k in range(n)))


def _trailing_reason(items, i, patterns, runs: _Runs) -> str | None:
    """Why items[i] opens a trailing block of links to other stories (once the article has begun)."""
    text = items[i].text
    if reason := boilerplate.block_reason(text, patterns):
        return reason
    if boilerplate.is_teaser(text):
        return "teasers of other stories"
    if runs.starts[i] and not runs.prose_after[i]:
        return "navigation list"
    return None


def _role(text, patterns, label_rules) -> str:
    """'chrome' (no Chinese text, a block opener), 'skip' (a metadata or furniture line) or 'plain'."""
    if boilerplate.block_reason(text, patterns) or not _HAN.search(text):
        return "chrome"
    if boilerplate.line_reason(text, patterns) or _meta.date_line(text) or _meta.parse_label_line(text, label_rules, patterns) is not None:
        return "skip"
    return "plain"


def _drop_boilerplate(items, patterns, label_rules, spam_rules, meta, removals, meta_nos) -> list[_Line]:
    """Trailing blocks, date/credit/label lines (their values go to the metadata), pattern lines, promos."""
    kept: list[_Line] = []
    body_seen = 0
    header_end = _header_end(items)
    runs = _Runs.of(items, header_end, patterns, label_rules)
    for i, it in enumerate(items):
        meta.set("url", _stated_url(it.text, patterns))
        if body_seen >= boilerplate.MIN_BODY_LINES_BEFORE_BLOCK and (reason := _trailing_reason(items, i, patterns, runs)):
            for rest in items[i:]:
                removals.append(Removal(rest.text, f"{reason} block" if rest is it else f"inside {reason} block", rest.no))
            break
        if d := _meta.date_line(it.text):
            meta.set("date", d)
            meta_nos.add(it.no)
            removals.append(Removal(it.text, "metadata line (date)", it.no))
            continue
        if credited := _meta.credit_line(it.text, patterns):
            authors, photographers, outlet = credited
            meta.set("authors", authors)
            meta.set("photographers", photographers)
            meta.set("source", outlet)
            removals.append(Removal(it.text, "metadata line: credit", it.no))
            continue
        if outlet := _meta.repost_source(it.text, patterns):
            meta.set("source", outlet)
            removals.append(Removal(it.text, "metadata line: repost credit", it.no))
            if body_seen:
                for rest in items[i + 1 :]:
                    removals.append(Removal(rest.text, "after the repost credit", rest.no))
                break
            continue
        fields = _meta.parse_label_line(it.text, label_rules, patterns)
        if fields is not None and (not fields.get("_unlabelled") or i <= header_end):
            stated = [k for k in fields if not k.startswith("_")]
            for name in ("date", "source", "url"):
                meta.set(name, fields.get(name))
            for name in ("authors", "editors", "photographers", "keywords"):
                meta.set(name, fields.get(name, []))
            if stated:
                meta_nos.add(it.no)
                removals.append(Removal(it.text, f"metadata line ({', '.join(stated)})", it.no))
                continue
            if not any(label_rules.field_of[k] == "contact" for k in fields.get("_empty", [])):
                removals.append(Removal(it.text, "empty metadata label", it.no))
                continue
            # A contact label alone ("热线电话：…") is page furniture: the patterns below say which.
        if reason := boilerplate.line_reason(it.text, patterns):
            removals.append(Removal(it.text, reason, it.no))
            continue
        if boilerplate.is_headline_list(it.text):
            removals.append(Removal(it.text, "navigation: headlines on one line", it.no))
            continue
        if _spam.is_promo(it.text, spam_rules, boilerplate.MIN_PROMO_WORDS):
            removals.append(Removal(it.text, "promo of the hosting site", it.no))
            continue
        if _body_like(it.text):
            body_seen += 1
        kept.append(it)
    return kept


def _header(items, patterns, label_rules, meta, removals, meta_nos) -> tuple[str, bool, list[_Line]]:
    """The headline among the lines above the body, and what else stands there: chrome above the headline,
    menus and section labels, the outlet line beside the date line, bylines."""
    end = min(_header_end(items), HEADER_MAX_LINES)
    # A self-media page's headline is its first sentence, printed again as the start of the body.
    if end == 0 and len(items) > 1 and len(items[0].text) <= _headline.MAX_CHARS:
        if any(it.text.startswith(items[0].text.rstrip("！!？?")) for it in items[1:]):
            end = 1
    spans = _headline.joined_lines([it.text for it in items[:end]])
    texts, glued = [], []
    for a, b in spans:
        text, author = _headline.split_author("".join(items[k].text for k in range(a, b + 1)))
        texts.append(text)
        glued.append(author)
    before_meta = [_beside_meta(items, b, meta_nos, after_only=True) for _, b in spans]
    chosen = _headline.choose(texts, [it.text for it in items[end:]], [it.text for it in items], before_meta)
    title, altered, kept = "", False, []
    for n, (a, b) in enumerate(spans):
        group = items[a : b + 1]
        text = texts[n]
        if chosen is not None and n < chosen:
            for it in group:
                removals.append(Removal(it.text, "page chrome above the headline", it.no))
            continue
        if n == chosen:
            title, altered = text, any(it.cuts for it in group)
            if glued[n]:
                meta.set("authors", [glued[n]])
                removals.append(Removal(glued[n], "author glued to the headline (kept in metadata)", group[0].no))
            continue
        it = group[0]
        if len(group) > 1:
            kept.extend(group)
            continue
        if ns := _meta.byline(text, patterns):
            meta.set("authors", ns)
            removals.append(Removal(text, "metadata line: byline", it.no))
            continue
        if _headline.navigation_shaped(text):
            removals.append(Removal(text, "navigation", it.no))
            continue
        if len(_HAN.findall(text)) < MIN_LABEL_HAN and not text.endswith(("。", "，", "、", "；", "：", "！", "？")):
            removals.append(Removal(text, "section label", it.no))
            continue
        if title and _beside_meta(items, a, meta_nos) and (source := _meta.outlet_line(text, label_rules)):
            meta.set("source", source)
            removals.append(Removal(text, "metadata line: outlet", it.no))
            continue
        kept.append(it)
    kept.extend(items[end:])
    return title, altered, kept


def _beside_meta(items, i, meta_nos, after_only: bool = False) -> bool:
    """Whether a metadata line (date, source) stood right before (unless after_only) or after items[i]."""
    lo = items[i].no if after_only else (items[i - 1].no if i > 0 else 0)
    hi = items[i + 1].no if i + 1 < len(items) else float("inf")
    return any(lo < no < hi for no in meta_nos)


def _drop_repeats(items, title, authors, removals) -> list[_Line]:
    """Later copies of a line (a title repeated, a caption printed twice, an author's name printed again).
    Short fragments of poster-style text ("目前，") may recur legitimately and are never dropped."""
    seen = {title} if title else set()
    kept = []
    for it in items:
        if it.text in authors:
            removals.append(Removal(it.text, "author's name repeated", it.no))
            continue
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
    cut = False
    for it in items[: _meta.LEDE_LINES]:
        tw_names, tw_prefix = _meta.tw_credit(it.text)
        if not meta.authors and (ns := _meta.credits(it.text, patterns) or tw_names):
            meta.set("authors", ns)
        meta.set("source", _meta.lede_outlet(it.text, patterns, label_rules))
        place, agency = _meta.dateline(it.text, label_rules)
        if place and meta.dateline is None:
            meta.set("dateline", place)
            if meta.source is None and agency:
                meta.set("source", agency)
                meta.inferred.append("source")
        if not cut and (prefix := _meta.lede_prefix(it.text, patterns)):
            removals.append(Removal(prefix.strip(), "dateline and credit (kept in metadata)", it.no))
            it.text = it.text[len(prefix):]
            cut = True
        elif not cut and tw_prefix:
            removals.append(Removal(tw_prefix, "dateline and credit (kept in metadata)", it.no))
            it.text = it.text[len(tw_prefix):].lstrip()
            cut = True


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
    # The reporter named in brackets after the article's last sentence: "…九万余元。(简光舜)".
    last = next((it for it in reversed(items) if _HAN.search(it.text) and _lines.caption(it.text) is None), None)
    if last is not None and (m := _CLOSING_CREDIT.search(last.text)):
        meta.set("authors", [m["name"]])
        removals.append(Removal(m.group(0).strip(), "metadata: closing credit", last.no))
        last.text = last.text[: m.start()]
    return [it for it in items if it.text.strip()]


def _cut_offsets(para, by_no: dict[int, _Line]) -> list[int]:
    """Ascending offsets in the paragraph's text where spam was cut out of one of its lines."""
    out, base = [], 0
    for no in para.lines:
        out += [base + c for c in by_no[no].cuts]
        base += len(by_no[no].text)
    return out
