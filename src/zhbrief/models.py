"""Frozen dataclasses handed from stage to stage.

Data flows one way: RawDocument -> Article -> Summary -> TranslatedSentence -> Briefing.
Every type is immutable so a stage can never change what an earlier stage produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Script(str, Enum):
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    UNKNOWN = "unknown"


class SentenceKind(str, Enum):
    BODY = "body"
    HEADING = "heading"
    CAPTION = "caption"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Decoded input file: the text plus how it was decoded."""

    path: str
    text: str
    encoding: str
    lossy: bool  # True when some bytes could not be decoded and were replaced
    sha256: str
    size: int
    is_html: bool = False


@dataclass(frozen=True, slots=True)
class Removal:
    """A line or span that normalization removed or altered, with why."""

    text: str
    reason: str
    line: int | None = None  # 1-based line number in the decoded input, when known


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str  # "s1", "s2", ... in document order
    text: str
    paragraph: int  # 0-based paragraph index
    kind: SentenceKind = SentenceKind.BODY
    altered: bool = False  # injected spam was cut out of it


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    date: str | None = None  # ISO 8601
    source: str | None = None  # outlet
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    dateline: str | None = None
    keywords: tuple[str, ...] = ()
    url: str | None = None
    inferred: tuple[str, ...] = ()  # names of fields inferred from the body, not stated


@dataclass(frozen=True, slots=True)
class Article:
    doc_id: str
    path: str
    title: str
    metadata: Metadata
    paragraphs: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    removals: tuple[Removal, ...]
    original_script: Script
    encoding: str
    lossy: bool
    sha256: str
    title_altered: bool = False
    # What a per-article limit left out or cut, for the reader ("only the first 100,000 of 400,000
    # characters used ..."): shown in the briefing's flags and provenance.
    limits: tuple[str, ...] = ()

    @property
    def body(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.kind is SentenceKind.BODY)

    def sentence(self, sentence_id: str) -> Sentence:
        for s in self.sentences:
            if s.id == sentence_id:
                return s
        raise KeyError(sentence_id)


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    sentence: Sentence
    score: float


@dataclass(frozen=True, slots=True)
class Summary:
    """Selected sentences in document order, each with its ranking score."""

    doc_id: str
    sentences: tuple[ScoredSentence, ...]
    method: str


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    zh: str
    en: str
    category: str = ""
    note: str = ""
    source: str = ""
    status: str = ""  # "" for curated, "draft" for suggested, "transliterated" for generated names
    forms: str = ""  # other grammatical forms of `en` that also count, "|"-separated: "assist|assisted"

    def form_list(self) -> tuple[str, ...]:
        return split_forms(self.forms)


def split_forms(forms: str) -> tuple[str, ...]:
    """The forms column ("assist | assisted") as its forms."""
    return tuple(f.strip() for f in forms.split("|") if f.strip())


TITLE_CATEGORY = "title"  # the category of a 《title》 found in a sentence: one quoted term


@dataclass(frozen=True, slots=True)
class TermHit:
    """A glossary term found in a source sentence, and what became of it in the English."""

    zh: str
    en: str
    start: int
    end: int
    category: str = ""
    transliterated: bool = False
    enforced: bool | None = None  # None: not checked yet
    method: str = ""  # how it was enforced: "model", "placeholder", "post-edit", ...
    forms: tuple[str, ...] = ()  # the entry's other forms of `en` ("assisted" for "assistance")


@dataclass(frozen=True, slots=True)
class TranslatedSentence:
    sentence_id: str
    zh: str
    en: str
    terms: tuple[TermHit, ...] = ()
    flags: tuple[str, ...] = ()  # human-readable problems: "term not enforced: 骨干教师", ...
    cached: bool = False
    confidence: float = 1.0  # in [0, 1]: translate/confidence.py
    doubts: tuple[str, ...] = ()  # why the row is doubtful, in words a reader understands; () when it is not
    clauses: tuple[tuple[str, str], ...] = ()  # (clause, its own English) in source order, for cross-checking
    signals: tuple[tuple[str, float], ...] = ()  # what the confidence was computed from (confidence.FEATURES)

    @property
    def doubtful(self) -> bool:
        """The reader should not take this English on trust."""
        return bool(self.doubts)


@dataclass(frozen=True, slots=True)
class ArticleBriefing:
    article: Article
    summary: Summary
    title_en: str  # the headline's translation, or the translation of `name_zh` when there is no headline
    translations: tuple[TranslatedSentence, ...]
    title_doubts: tuple[str, ...] = ()  # why the headline's English is doubtful; () when it is not
    name_zh: str = ""  # an article without a headline: the key words of its first body sentence


@dataclass(frozen=True, slots=True)
class Theme:
    zh: str
    en: str
    category: str
    doc_ids: tuple[str, ...]
    count: int = 0  # mentions across the articles it appears in


@dataclass(frozen=True, slots=True)
class Place:
    """An administrative division: its name, English name and the zh name of its parent division."""

    zh: str
    en: str
    parent: str = ""


@dataclass(frozen=True, slots=True)
class Region:
    """Where an article is set: a chain of divisions from the top down, e.g. Hebei › Baoding › Lianchi District."""

    path: tuple[Place, ...]
    score: float = 0.0

    @property
    def zh(self) -> str:
        return "".join(p.zh for p in self.path)

    @property
    def en(self) -> str:
        return " › ".join(p.en for p in self.path)


@dataclass(frozen=True, slots=True)
class KeyFigure:
    """A number with its unit, as written, tied to the sentence and clause that say what it counts."""

    sentence_id: str
    text: str  # as written in the article: "13万余人", "23.9%"
    value: float  # normalized: 130000.0, 23.9
    unit: str  # the Chinese unit or measure word: "人", "%", "所"
    display: str  # for an English reader: "130,000+ people", "23.9%"
    context: str  # the clause that says what the number counts
    context_en: str = ""  # the clause's English, filled in after translation
    context_flags: tuple[str, ...] = ()  # what the clause's translation flagged ("term not enforced: …")
    breakdown: bool = False  # inside brackets: a part of the figure before it

    @property
    def verified(self) -> bool:
        """Its clause was translated and the translation passed every check (no flag)."""
        return bool(self.context_en) and not self.context_flags


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What the comparison found in one article."""

    doc_id: str
    regions: tuple[Region, ...] = ()
    date: str | None = None
    outlet: str | None = None
    mechanisms: tuple[Theme, ...] = ()  # glossary terms of mechanism categories, most mentioned first
    figures: tuple[KeyFigure, ...] = ()  # every figure, in document order
    key_figures: tuple[KeyFigure, ...] = ()  # the few that lead the comparative table


# -- what several articles say alike (overlap.find_overlap) ---------------------------------------


@dataclass(frozen=True, slots=True)
class SourcedSentence:
    """A sentence with the article it comes from and its rank score in that article (higher = more central).

    en and flags: its translation and what the translation's checks found, filled in after translation."""

    doc_id: str
    sentence: Sentence
    score: float
    en: str = ""
    flags: tuple[str, ...] = ()
    doubts: tuple[str, ...] = ()  # why its English is doubtful (TranslatedSentence.doubts)

    @property
    def doubtful(self) -> bool:
        return bool(self.doubts)


@dataclass(frozen=True, slots=True)
class SharedPoint:
    """One thing >= 2 articles say: one similar sentence from each article that says it.

    doc_ids and sentences are aligned (one sentence per article, corpus order); terms: up to five
    content words all those sentences use, glossary terms first, then longest first.
    """

    doc_ids: tuple[str, ...]
    sentences: tuple[SourcedSentence, ...]
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DistinctivePoint:
    """What only one article reports: its highest-ranked sentence that no other article covers.

    terms: up to five content words of that sentence that no other article uses (may be empty).
    """

    doc_id: str
    sentence: SourcedSentence
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Overlap:
    """Sentences several articles say alike (best-ranked first), and each article's own (corpus order)."""

    shared: tuple[SharedPoint, ...] = ()
    distinctive: tuple[DistinctivePoint, ...] = ()


@dataclass(frozen=True, slots=True)
class Comparison:
    """The one model of the corpus: every cross-article finding a briefing shows comes from here.

    shared / distinctive: glossary terms in several articles / in one (most widespread first);
    articles: each article's facts, in corpus order; overlap: what several articles say alike.
    """

    shared: tuple[Theme, ...]
    distinctive: tuple[Theme, ...]
    articles: tuple[ArticleFacts, ...] = ()
    overlap: Overlap = Overlap()


@dataclass(frozen=True, slots=True)
class Briefing:
    articles: tuple[ArticleBriefing, ...]
    comparison: Comparison
    signature: str
    glossary_path: str = ""
    glossary_sha256: str = ""
    failures: tuple[tuple[str, str], ...] = field(default=())  # (path, message) of inputs that failed
    glossary_entries: tuple[GlossaryEntry, ...] = ()  # every entry whose term occurs in the articles
