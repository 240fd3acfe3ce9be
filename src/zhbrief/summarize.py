"""Article -> Summary: extractive ranking of body sentences (or clauses), in document order.

Score of a unit (sentence or clause) = weighted sum of
  * centrality: continuous LexRank (Erkan & Radev, "LexRank: Graph-based Lexical Centrality as
    Salience in Text Summarization", JAIR 2004), i.e. PageRank over the tf-idf cosine graph, the
    TextRank family (Mihalcea & Tarau, EMNLP 2004);
  * a position prior (the lead of a news story carries its facts: Lead-k is a strong baseline);
  * overlap with the title;
  * a fact boost: numbers with units (totals and jurisdiction-wide figures count extra), named
    things (glossary places, institutions, schools, programmes, documents; jieba POS ns/nt/nz) and,
    weighing little, the glossary's policy notions (with 600+ terms nearly every sentence has some);
then multiplied by penalties for units that look like metadata, captions, promotion or questions.
Units are chosen by MMR (Carbonell & Goldstein, SIGIR 1998) with a hard near-duplicate cut, within a
budget of sentences or characters, and returned in document order.

unit="clause" is for headline-length summaries: candidates are runs of consecutive clauses of one
sentence, scored by how much of the rest of the article they restate (see `_clause_units`), and
compressed as a headline writer would (`headline.Compressor`: attributions, datelines, asides dropped; the
patterns are data, data/headline_compress.txt, which users extend).

Words come from a private jieba Tokenizer that knows every glossary term as one word; its dictionary
cache lives in zhbrief's cache dir. A `Summarizer` owns that tokenizer so one build pays for it once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from .errors import InputError
from .headline import Compressor, load_compressor, split_clauses
from .models import Article, GlossaryEntry, ScoredSentence, Sentence, Summary

__all__ = ["SummarizeOptions", "Summarizer", "summarize", "split_clauses"]

UNITS = ("sentence", "clause")

DAMPING = 0.85  # PageRank damping factor, as in TextRank/LexRank
ITERATIONS = 100
TOLERANCE = 1e-8

# Weights of the four signals (each scaled to [0, 1]); the same for every article.
# Centrality alone favours hub sentences that repeat the article's common words without adding a
# fact ("有关负责人表示，各地要加强统筹……"), so it weighs no more than the fact signals together.
CENTRALITY_WEIGHT = 0.6
POSITION_WEIGHT = 0.8
TITLE_WEIGHT = 0.5
NUMBER_WEIGHT = 0.8
GLOSSARY_WEIGHT = 0.4  # policy notions: with a 600+ term glossary nearly every sentence has one
ENTITY_WEIGHT = 0.2  # named places, institutions, schools, programmes, documents
# Position prior (1 + i) ** -POSITION_EXPONENT over the article's statements (i = 0 for the first
# sentence that is not metadata): the lede matters most, yet a fact-dense sentence deep in a long
# article can still win.
POSITION_EXPONENT = 0.5
STATEMENT_PENALTY = 0.5  # units penalized below this are not statements and do not count for position
# Fact boosts 1 - exp(-count / saturation): the first few facts count most. Numbers with units
# ("4587人", "23.9%") are the figures a reader looks for; named entities are common in any
# listing sentence, so they saturate more slowly and weigh less. Glossary terms are the domain's key
# notions (the briefing's reason to exist), so they count on their own.
NUMBER_SATURATION = 1.5
GLOSSARY_SATURATION = 2.0
ENTITY_SATURATION = 4.0
# Long sentences gather links and entities by sheer length (lists of schools); a summary sentence
# is a statement. Beyond LONG_CHARS the score is scaled by (LONG_CHARS / length) ** LENGTH_EXPONENT.
LONG_CHARS = 80
LENGTH_EXPONENT = 0.5

# Penalties (multipliers) for units that are not statements of the story.
DEPENDENT_PENALTY = 0.7  # opens with a connective ("其中", "例如"): needs the previous sentence
QUESTION_PENALTY = 0.3  # rhetorical questions and teaser headlines
UNPUNCTUATED_PENALTY = 0.05  # a line without any punctuation: heading, byline, dateline, link list
MIN_HAN = 8  # fewer Han characters than this: a fragment, caption credit or "(完)"
MIN_HAN_RATIO = 0.5  # mostly digits, Latin, phone numbers or URLs: metadata
SHORT_PENALTY = 0.05
CUE_PENALTY = 0.0  # copyright, promotion, contact, caption cue words: never chosen

# unit="clause": headline candidates. LCSTS reference summaries average ~18 characters; spans of
# clauses are allowed up to the character budget (HEADLINE_CHARS without one).
HEADLINE_CHARS = 30
HEADLINE_TARGET_CHARS = 18
HEADLINE_POSITION_WEIGHT = 0.2
HEADLINE_LENGTH_WEIGHT = 0.1

# Redundancy: MMR trade-off and a hard cut for near duplicates (character-bigram containment).
MMR_LAMBDA = 0.8
DUPLICATE_CONTAINMENT = 0.6
# With a character budget, units after the first must score at least this share of the best one.
FILL_RATIO = 0.6

_HAN = re.compile(r"[\u3400-\u9fff]")
_PUNCT = re.compile(r"[，,。.！!？?；;：:、…]")
_QUESTION = re.compile(r"[？?][”’\"'」』）)\s]*$")
_DATELINE = re.compile(r"^\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}")
# An e-mail address is looked for only from the start of a word: `\w+@` tried at every position of
# a long run of word characters (Han text without punctuation) costs time quadratic in its length.
_URL = re.compile(r"https?://|www\.|(?<!\w)\w+@\w+\.\w+")
# A number followed by a unit or measure word: counts and shares, not dates.
_NUMBER_FACT = re.compile(
    r"\d+(?:[.,]\d+)*\s*(?:[万亿千百]?\s*(?:余|多)?)\s*"
    r"(?:%|‰|个|所|名|人|次|位|家|项|元|户|座|间|批|条|组|类|门|台|套|篇|场|届|班|支|倍|亿|万|公里|平方米|亩|吨|岁|期|区|县|校|园)"
)
# Totals ("共覆盖869所学校", "累计培训12万人次") and jurisdiction-wide figures ("全市……869所"):
# the headline figures of a story; each cue adds one to the sentence's count of figures.
_TOTAL_FACTS = (
    re.compile(r"(?:共|累计|总计|合计|总数|总量)[^，,。；;：:\d]{0,8}\d"),
    re.compile(r"全(?:国|省|市|县|区|州|校)[^，,。；;：:\d]{0,16}\d"),
)
# Glossary categories that name a thing a reader can point at (see glossary/README.md); the others
# (policy, role) are notions any sentence of the domain may mention.
NAMED_CATEGORIES = frozenset({"place", "institution", "school", "program", "document"})
_ENTITY_FLAGS = frozenset({"ns", "nt", "nz"})  # jieba POS: place, institution, other proper noun
_GLOSSARY_FLAG = "nz"
_GLOSSARY_FREQ = 100_000  # high enough that jieba never splits a glossary term


@dataclass(frozen=True, slots=True)
class SummarizeOptions:
    """What to select: `sentences` units, or as many as fit in `chars` characters when set.

    unit="clause" ranks the comma-separated clauses of body sentences instead of whole sentences:
    for headline-length summaries (e.g. chars=30).
    """

    sentences: int = 5
    chars: int | None = None
    unit: str = "sentence"
    # Headline compression (data/headline_compress.txt plus `compress_files`): drop attribution,
    # dateline and connective clauses, openers, bracketed asides, closing attributions, as a
    # headline writer does. None: on for clauses (headlines), off for sentences (briefings quote
    # and translate whole sentences). With sentences it shortens the chosen ones, never the choice.
    compress: bool | None = None
    compress_files: tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, not {self.unit!r}")
        if self.sentences < 1:
            raise ValueError("sentences must be >= 1")
        if self.chars is not None and self.chars < 1:
            raise ValueError("chars must be >= 1")

    @property
    def method(self) -> str:
        budget = f"chars={self.chars}" if self.chars is not None else f"k={self.sentences}"
        unit = "" if self.unit == "sentence" else f",{self.unit}"
        compress = ",compress" if self.compresses else ""
        return f"lexrank+mmr({budget}{unit}{compress})"

    @property
    def compresses(self) -> bool:
        """Whether chosen units are compressed (see `compress`)."""
        return self.unit == "clause" if self.compress is None else self.compress


@dataclass(frozen=True, slots=True)
class _Unit:
    sentence: Sentence
    index: int  # position among the article's candidate units
    words: tuple[str, ...]  # content words (stopwords removed)
    numbers: int  # numbers with units
    glossary: int  # distinct glossary terms
    entities: int  # distinct places, institutions, other proper nouns (not in the glossary)
    penalty: float  # multiplier in [0, 1]
    span: tuple[str, int, int] | None = None  # clause spans: (sentence id, first, last clause index)


class Summarizer:
    """Owns a private jieba tokenizer seeded with glossary terms, and the stopword lists.

    Build once, call `summarize` for every article of a build (building the dictionary costs ~1 s).
    Results depend only on the inputs, never on call order.
    """

    def __init__(
        self, glossary_terms: Iterable[str | GlossaryEntry] | None = None, stopwords: Iterable[str] | None = None
    ) -> None:
        # Plain strings are accepted (terms without a category); GlossaryEntry objects bring their
        # category, which says whether a term names a thing (a fact) or a general notion.
        items = list(_default_glossary_entries() if glossary_terms is None else glossary_terms)
        categories = {}
        for item in items:
            zh, category = (item, "") if isinstance(item, str) else (item.zh, item.category)
            if zh:
                categories[zh] = category
        self.glossary_terms = frozenset(categories)
        self.categories = dict(sorted(categories.items()))
        self._subterms = _subterms(self.glossary_terms)
        self.stopwords = frozenset(stopwords) if stopwords is not None else _read_list("stopwords.txt")
        self.openers = tuple(sorted(_read_list("stopwords_openers.txt"), key=lambda w: (-len(w), w)))
        self.cues = tuple(unicodedata.normalize("NFKC", c) for c in sorted(_read_list("stopwords_sentence.txt")))
        self._pos = _pos_tokenizer(sorted(self.glossary_terms))
        self._idf: dict[str, float] | None = None  # background idf, read on first use (clause mode)
        # The last article's units: a build ranks each article twice (summarize, then ranked for the
        # overview), and tokenizing is most of the cost. A memo: results never depend on it.
        self._last_units: tuple[tuple, list[_Unit]] | None = None

    # -- one article -------------------------------------------------------------------------
    def summarize(self, article: Article, options: SummarizeOptions = SummarizeOptions()) -> Summary:
        """Selected units in document order with their scores; InputError when there is no body text."""
        compressor = load_compressor(options.compress_files) if options.compresses else None
        units, scores = self._ranked_units(
            article, options.unit, options.chars or HEADLINE_CHARS, compressor if options.unit == "clause" else None
        )
        if not units:
            raise InputError(article.path or article.doc_id, "no body sentences to summarize")
        chosen = _select(units, scores, options)
        shown = [units[i].sentence for i in sorted(chosen)]
        if compressor is not None and options.unit == "sentence":
            # Sentences are chosen as they stand; only the text shown is shortened.
            shown = [_replace_text(s, compressor.compress(s)) for s in shown]
        return Summary(
            article.doc_id,
            tuple(ScoredSentence(s, round(scores[i], 4)) for s, i in zip(shown, sorted(chosen))),
            options.method,
        )

    def ranked(self, article: Article, unit: str = "sentence") -> list[tuple[Sentence, float, tuple[str, ...]]]:
        """Every candidate unit with its score and content words, best first (ties: document order)."""
        units, scores = self._ranked_units(article, unit, HEADLINE_CHARS)
        order = sorted(range(len(units)), key=lambda i: (-scores[i], i))
        return [(units[i].sentence, scores[i], units[i].words) for i in order]

    # -- internals ---------------------------------------------------------------------------
    def _ranked_units(
        self, article: Article, unit: str, span_chars: int = 0, compressor: Compressor | None = None
    ) -> tuple[list[_Unit], list[float]]:
        """Candidate units and their scores (see the module docstring; clauses: `_clause_units`)."""
        if unit == "clause":
            return self._clause_units(article, span_chars or HEADLINE_CHARS, compressor)
        sentences = self._units(article, "sentence")
        if not sentences:
            return [], []
        return sentences, self._scores(sentences, article.title)

    def _clause_units(
        self, article: Article, span_chars: int, compressor: Compressor | None = None
    ) -> tuple[list[_Unit], list[float]]:
        """Spans of consecutive clauses of one sentence (up to `span_chars`, or a single clause), scored
        as headline candidates.

        A headline restates what the whole text is about, so a span scores by the cosine between its
        words and the words of the *rest* of the article (tf x background idf: jieba's general-corpus
        idf table, so a word the article repeats counts, and a word every text uses does not; leaving
        the span out stops a long span from matching itself), plus a small position prior and a
        penalty for spans far from headline length. Non-statements keep their penalty.

        With a `compressor`, each clause is compressed first (a clause that only attributes or dates
        is dropped, and no span starts or ends with a dropped clause); spans are scored and measured
        as compressed, against the words of the uncompressed article."""
        clauses = self._units(article, "clause")
        if not clauses:
            return [], []
        any_punctuated = any(_PUNCT.search(c.sentence.text) for c in clauses)
        kept: list[_Unit | None] = list(clauses)
        if compressor is not None:
            kept = [self._compressed(c, compressor, any_punctuated) for c in clauses]
            if all(c is None for c in kept):  # nothing but attributions: better them than nothing
                kept, compressor = list(clauses), None
        idf = self._background_idf()
        default_idf = idf.get("", 0.0)
        doc = Counter(w for c in clauses for w in c.words)
        # The rest of the article's vector is the article's less the span's: its norm is updated from
        # the span's words alone, so a span costs its own length, not the article's.
        doc_norm2 = sum((n * idf.get(w, default_idf)) ** 2 for w, n in doc.items())
        spans: list[_Unit] = []
        scores: list[float] = []
        position = -1  # among kept clauses: a dropped attribution or dateline does not push the lede back
        for i, first in enumerate(clauses):
            parent = _parent_id(first.sentence)
            if kept[i] is None:
                continue
            position += 1
            for j in range(i, len(clauses)):
                if _parent_id(clauses[j].sentence) != parent:
                    break
                if kept[j] is None:
                    continue  # the same text as the span before it
                members = [c for c in kept[i : j + 1] if c is not None]
                joined = "".join(c.sentence.text for c in members)
                text = joined if compressor is None else compressor.finish(joined)
                if j > i and len(text.strip()) > span_chars:
                    break
                words = tuple(w for c in members for w in c.words)
                counts = Counter(words)
                weight = {w: idf.get(w, default_idf) for w in counts}
                dot = sum(n * weight[w] * (doc[w] - n) * weight[w] for w, n in counts.items())
                rest_norm2 = doc_norm2 - sum(((doc[w] * weight[w]) ** 2 - ((doc[w] - n) * weight[w]) ** 2)
                                             for w, n in counts.items())
                norm2 = sum((n * weight[w]) ** 2 for w, n in counts.items())
                span_id = first.sentence.id if j == i else f"{first.sentence.id}-{j - i + 1}"
                sentence = Sentence(span_id, text, first.sentence.paragraph, first.sentence.kind, first.sentence.altered)
                unit = _Unit(
                    sentence,
                    len(spans),
                    words,
                    sum(c.numbers for c in members),
                    sum(c.glossary for c in members),
                    sum(c.entities for c in members),
                    # The span as a whole: a short opener ("自1月5日起，") does not make "自1月5日起，
                    # 自行车不能进站乘车" a fragment, and two short clauses ("欠债还钱，自古天理") can
                    # make a statement.
                    members[0].penalty if len(members) == 1 else self._penalty(joined, any_punctuated),
                    (parent, i, j),
                )
                length = max(1, len(text.strip()))
                value = (
                    (dot / math.sqrt(norm2 * rest_norm2) if dot > 0 and rest_norm2 > 0 else 0.0)
                    + HEADLINE_POSITION_WEIGHT * (1 + position) ** -POSITION_EXPONENT
                    - HEADLINE_LENGTH_WEIGHT * abs(math.log(length / HEADLINE_TARGET_CHARS))
                )
                spans.append(unit)
                scores.append(max(0.0, value) * unit.penalty if words else 0.0)
        return spans, scores

    def _background_idf(self) -> dict[str, float]:
        """jieba's shipped idf table (word -> idf over a general Chinese corpus); "" maps to its median,
        used for words the table lacks. Read on first use of the clause mode."""
        if self._idf is None:
            table: dict[str, float] = {}
            text = resources.files("jieba.analyse").joinpath("idf.txt").read_text("utf-8")
            for line in text.splitlines():
                parts = line.split()
                if len(parts) == 2:
                    table[parts[0]] = float(parts[1])
            values = sorted(table.values())
            table[""] = values[len(values) // 2] if values else 1.0
            self._idf = table
        return self._idf

    def _compressed(self, clause: _Unit, compressor: Compressor, any_punctuated: bool) -> _Unit | None:
        """The clause as a headline writer keeps it (analysed afresh when shortened); None when dropped."""
        text = compressor.compress_clause(clause.sentence.text)
        if text == clause.sentence.text:
            return clause
        if not text.strip():
            return None
        words, numbers, terms, entities = self._analyse(text)
        penalty = self._penalty(text, any_punctuated)
        return _Unit(_replace_text(clause.sentence, text), clause.index, words, numbers, terms, entities, penalty)

    def _units(self, article: Article, unit: str) -> list[_Unit]:
        key = (unit, article.body)
        if self._last_units is not None and self._last_units[0] == key:
            return self._last_units[1]
        sentences = [s for s in article.body if s.text.strip()]
        if unit == "clause":
            sentences = [c for s in sentences for c in split_clauses(s)]
        any_punctuated = any(_PUNCT.search(s.text) for s in sentences)
        out = []
        for s in sentences:
            words, numbers, terms, entities = self._analyse(s.text)
            out.append(_Unit(s, len(out), words, numbers, terms, entities, self._penalty(s.text, any_punctuated)))
        self._last_units = (key, out)
        return out

    def _analyse(self, text: str) -> tuple[tuple[str, ...], int, int, int]:
        """Content words, numbers with units, distinct glossary notions, distinct named things.

        Named things are places, institutions, schools, programmes and documents (glossary terms of
        those categories, or jieba's ns/nt/nz); notions are the glossary's policy and role terms.
        A glossary term also contributes the glossary terms inside it as words."""
        words: list[str] = []
        notions: set[str] = set()
        named: set[str] = set()
        for word, flag in self._pos.lcut(text):
            w = word.strip()
            if not w or w in self.stopwords or not any(ch.isalnum() for ch in w):
                continue
            if w in self.glossary_terms:
                (named if self.categories.get(w) in NAMED_CATEGORIES else notions).add(w)
                words.extend(u for u in self._subterms.get(w, ()) if u not in self.stopwords)
            elif flag in _ENTITY_FLAGS and len(w) > 1:
                named.add(w)
            # Single Han characters carry little topic; numbers are kept (they are what facts share).
            if len(w) > 1 or w.isdigit():
                words.append(w)
        numbers = len(_NUMBER_FACT.findall(text))
        numbers += sum(len(p.findall(text)) for p in _TOTAL_FACTS)
        return tuple(words), numbers, len(notions), len(named)

    def _penalty(self, text: str, any_punctuated: bool) -> float:
        t = unicodedata.normalize("NFKC", text).strip()
        han = len(_HAN.findall(t))
        penalty = 1.0
        if any(c in t for c in self.cues) or _URL.search(t):
            penalty *= CUE_PENALTY
        if han < MIN_HAN or han < MIN_HAN_RATIO * len(t.replace(" ", "")):
            penalty *= SHORT_PENALTY
        if _DATELINE.match(t) or (any_punctuated and not _PUNCT.search(t)):
            penalty *= UNPUNCTUATED_PENALTY
        if t.startswith(self.openers):
            penalty *= DEPENDENT_PENALTY
        if _QUESTION.search(t):
            penalty *= QUESTION_PENALTY
        return penalty

    def _scores(self, units: Sequence[_Unit], title: str) -> list[float]:
        vectors = _tfidf([u.words for u in units])
        centrality = _centrality(vectors)
        top = max(centrality) or 1.0
        title_words = Counter(self._analyse(title)[0]) if title else Counter()
        title_vec = {w: 1.0 for w in title_words}
        scores = []
        position = 0
        for u, vec, c in zip(units, vectors, centrality):
            signal = (
                CENTRALITY_WEIGHT * c / top
                + POSITION_WEIGHT * (1 + position) ** -POSITION_EXPONENT
                + TITLE_WEIGHT * _cosine({w: 1.0 for w in vec}, title_vec)
                + NUMBER_WEIGHT * (1 - math.exp(-u.numbers / NUMBER_SATURATION))
                + GLOSSARY_WEIGHT * (1 - math.exp(-u.glossary / GLOSSARY_SATURATION))
                + ENTITY_WEIGHT * (1 - math.exp(-u.entities / ENTITY_SATURATION))
            )
            length = len(u.sentence.text.strip())
            scale = min(1.0, LONG_CHARS / length) ** LENGTH_EXPONENT if length else 1.0
            scores.append(signal * scale * u.penalty)
            position += u.penalty >= STATEMENT_PENALTY
        return scores

def summarize(
    article: Article, options: SummarizeOptions = SummarizeOptions(), summarizer: Summarizer | None = None
) -> Summary:
    """Summary of one article; pass a `Summarizer` to reuse its tokenizer across articles."""
    return (summarizer or Summarizer()).summarize(article, options)


def _parent_id(sentence: Sentence) -> str:
    return sentence.id.split(".")[0]


def _replace_text(sentence: Sentence, text: str) -> Sentence:
    return Sentence(sentence.id, text, sentence.paragraph, sentence.kind, sentence.altered)


# -- selection ------------------------------------------------------------------------------------


def _select(units: Sequence[_Unit], scores: Sequence[float], options: SummarizeOptions) -> list[int]:
    """MMR over units: best score first, less what the chosen units already say; within budget."""
    grams = [_bigrams(u.sentence.text) for u in units]
    vectors = _tfidf([u.words for u in units])
    top = max(scores) or 1.0
    # Units that are not statements (metadata, fragments, questions, cue words) are used only when
    # the article has nothing else.
    everything = list(range(len(units)))
    candidates = (
        [i for i in everything if scores[i] > 0 and units[i].penalty >= STATEMENT_PENALTY]
        or [i for i in everything if scores[i] > 0]
        or everything
    )
    chosen: list[int] = []
    used_chars = 0
    limit = options.sentences if options.chars is None else len(units)
    while candidates and len(chosen) < limit:
        best, best_value = None, -math.inf
        for i in candidates:
            redundancy = max((_cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            value = MMR_LAMBDA * scores[i] / top - (1 - MMR_LAMBDA) * redundancy
            if value > best_value:
                best, best_value = i, value
        assert best is not None
        candidates.remove(best)
        if units[best].span and any(_overlap(units[best].span, units[j].span) for j in chosen):
            continue
        if any(_containment(grams[best], grams[j]) >= DUPLICATE_CONTAINMENT for j in chosen):
            continue
        length = len(units[best].sentence.text.strip())
        if options.chars is not None:
            if chosen and scores[best] < FILL_RATIO * top:
                continue  # budget left over is not a reason to add a weak unit
            if used_chars + length > options.chars and chosen:
                continue
            if used_chars + length > options.chars and any(
                len(units[i].sentence.text.strip()) <= options.chars for i in candidates
            ):
                continue  # something shorter fits: prefer it to overshooting the budget
        chosen.append(best)
        used_chars += length
    return chosen


def _overlap(a: tuple[str, int, int] | None, b: tuple[str, int, int] | None) -> bool:
    """Whether two clause spans share a clause."""
    return bool(a and b and a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2])


def _bigrams(text: str) -> set[str]:
    t = "".join(ch for ch in text if ch.isalnum())
    return {t[i : i + 2] for i in range(len(t) - 1)} or ({t} if t else set())


def _containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller unit's bigrams found in the other: 1.0 when one repeats the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# -- vectors and graph ----------------------------------------------------------------------------


def _tfidf(docs: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    n = len(docs)
    df = Counter(w for d in docs for w in set(d))
    out = []
    for d in docs:
        tf = Counter(d)
        out.append({w: c * (1.0 + math.log((1 + n) / (1 + df[w]))) for w, c in tf.items()})
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(w, 0.0) for w, v in a.items())
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def _centrality(vectors: Sequence[dict[str, float]]) -> list[float]:
    """Weighted PageRank over the cosine-similarity graph of `vectors` (LexRank); a unit linked to
    nothing keeps the teleport share only.

    The n x n graph is the cost (n = 2,000 sentences: 2 million pairs), so it is one matrix product
    and PageRank's iterations are matrix-vector products (numpy), not Python loops over pairs."""
    import numpy as np

    n = len(vectors)
    if n == 0:
        return []
    # A word of a single unit adds to that unit's norm and to no pair: only shared words get a column.
    df = Counter(w for v in vectors for w in v)
    columns = {w: k for k, w in enumerate(w for w, c in df.items() if c > 1)}
    x = np.zeros((n, len(columns)))
    norms = np.zeros(n)
    for i, v in enumerate(vectors):
        norms[i] = math.sqrt(sum(a * a for a in v.values()))
        for w, a in v.items():
            if w in columns:
                x[i, columns[w]] = a
    x /= np.where(norms > 0, norms, 1.0)[:, None]
    weights = x @ x.T
    np.fill_diagonal(weights, 0.0)
    out_sum = weights.sum(axis=1)
    linked = out_sum > 0
    transition = np.divide(weights, out_sum[:, None], out=np.zeros_like(weights), where=linked[:, None])
    scores = np.full(n, 1.0 / n)
    for _ in range(ITERATIONS):
        new = (1 - DAMPING) / n + DAMPING * (transition.T @ scores)
        done = np.abs(new - scores).max() < TOLERANCE
        scores = new
        if done:
            break
    return scores.tolist()


# -- resources ------------------------------------------------------------------------------------


def _read_list(name: str) -> frozenset[str]:
    text = resources.files("zhbrief.data").joinpath(name).read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _default_glossary_entries() -> list[GlossaryEntry]:
    from . import paths
    from .glossary import load_glossary

    return list(load_glossary(paths.default_glossary()).entries)


def _subterms(terms: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Glossary terms found inside longer glossary terms ("省教育厅" -> "教育厅"), longest first.

    jieba keeps a glossary term whole, so without these "县域义务教育优质均衡发展" and
    "义务教育" would share nothing; the sub-terms link the sentences that use either."""
    out = {}
    by_len = sorted(terms, key=lambda t: (len(t), t))
    for t in terms:
        inner = [u for u in by_len if len(u) < len(t) and len(u) > 1 and u in t]
        if inner:
            out[t] = tuple(sorted(inner, key=lambda u: (-len(u), u)))
    return out


def _pos_tokenizer(terms: Sequence[str]):
    """A private jieba Tokenizer + POS tagger (never jieba's global `dt`), glossary terms as words."""
    from .words import tagger

    return tagger(terms, _GLOSSARY_FREQ, _GLOSSARY_FLAG)
