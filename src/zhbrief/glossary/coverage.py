"""Which glossary entries a corpus uses, and which frequent candidate terms have no entry yet.

Candidates come from three places: quoted names (《》 documents, “” programme names), noun phrases
(runs of noun-like words from jieba's POS tagger, with the glossary's terms known to it) and
institution/school names (noun phrases ending in a suffix from data/glossary_candidate_suffixes.tsv).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

from ..models import GlossaryEntry
from . import Glossary
from .match import fold

__all__ = ["Document", "EntryUse", "Candidate", "CoverageReport", "read_corpus", "CandidateFinder", "coverage"]

NOUNISH = frozenset({"n", "nz", "nt", "ns", "nl", "ng", "vn", "j", "l"})
PHRASE_MIN_CHARS, PHRASE_MAX_CHARS = 4, 14  # shorter is a word, longer is a clause
QUOTED_MIN_CHARS, QUOTED_MAX_CHARS = 2, 40
MIN_UNCOVERED_CHARS = 2  # a candidate must add at least this much to what the glossary covers
MAX_NUMERAL_SHARE = 0.5  # 二区三区, 十四五: mostly numerals is a list or a count, not a term
_NUMERALS = frozenset("一二三四五六七八九十百千万零两")
MIN_PHRASE_COUNT = 2  # noun phrases must recur; quoted names and document titles may appear once
_QUOTED = re.compile(r"《([^《》\n]+)》|“([^“”\n]+)”|「([^「」\n]+)」")
_HAN = re.compile(r"[\u3400-\u9fff]")
_CLAUSE_PUNCT = re.compile(r"[，。！？；：,!?;:、]")
CORPUS_SUFFIXES = (".txt", ".html", ".htm", ".md")


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    text: str  # normalized (simplified, spam and boilerplate removed)


@dataclass(frozen=True, slots=True)
class EntryUse:
    entry: GlossaryEntry
    count: int
    documents: int


@dataclass(frozen=True, slots=True)
class Candidate:
    zh: str
    count: int
    documents: int
    kind: str  # "document" (《》 title), "quoted", "institution", "phrase", "name"
    category: str  # guessed from its suffix
    en: str = ""  # filled for transliterated names


@dataclass(frozen=True, slots=True)
class CoverageReport:
    used: tuple[EntryUse, ...]  # most used first
    unused: tuple[GlossaryEntry, ...]
    candidates: tuple[Candidate, ...]  # best first
    documents: int


def read_corpus(paths: Iterable[str | Path]) -> tuple[list[Document], list[tuple[str, str]]]:
    """Load and normalize every article under paths; returns the documents and (path, reason) failures."""
    from ..errors import ZhbriefError
    from ..load import load
    from ..normalize import normalize

    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in CORPUS_SUFFIXES))
        else:
            files.append(p)
    docs, failures = [], []
    for f in files:
        try:
            article = normalize(load(f))
        except ZhbriefError as e:
            failures.append((str(f), str(e)))
            continue
        docs.append(Document(str(f), "\n".join((article.title, *article.paragraphs))))
    return docs, failures


def _suffix_table() -> tuple[tuple[str, str], ...]:
    text = resources.files("zhbrief.data").joinpath("glossary_candidate_suffixes.tsv").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(sorted(((r[0].strip(), r[1].strip()) for r in rows), key=lambda t: -len(t[0])))


class CandidateFinder:
    """Candidate terms in text; owns a private jieba tokenizer that knows the glossary's terms."""

    def __init__(self, glossary: Glossary, cache_dir: str | None = None) -> None:
        self.glossary = glossary
        self._cache_dir = cache_dir
        self.suffixes = _suffix_table()

    @cached_property
    def tagger(self):
        from .names import glossary_tagger

        return glossary_tagger(self.glossary, self._cache_dir)

    def category(self, zh: str, kind: str = "") -> str:
        for suffix, category in self.suffixes:
            if zh.endswith(suffix):
                return category
        return "document" if kind == "document" else "policy"

    def _is_new(self, zh: str) -> bool:
        """True when zh adds enough that the glossary does not already cover."""
        if self.glossary.lookup(zh) is not None:
            return False
        if sum(ch in _NUMERALS for ch in zh) >= MAX_NUMERAL_SHARE * len(zh):
            return False
        covered = sum(h.end - h.start for h in self.glossary.match(zh))
        return len(_HAN.findall(zh)) - covered >= MIN_UNCOVERED_CHARS

    def quoted(self, text: str) -> list[tuple[str, str]]:
        """(name, kind) for every 《》 title and short “” / 「」 name in text."""
        out = []
        for m in _QUOTED.finditer(text):
            name = (m.group(1) or m.group(2) or m.group(3)).strip()
            kind = "document" if m.group(1) else "quoted"
            if not (QUOTED_MIN_CHARS <= len(name) <= QUOTED_MAX_CHARS) or not _HAN.search(name):
                continue
            if kind == "quoted" and (_CLAUSE_PUNCT.search(name) or len(name) > PHRASE_MAX_CHARS + 6):
                continue  # a quoted sentence, not a name
            out.append((name, kind))
        return out

    def phrases(self, text: str) -> list[str]:
        """Runs of two or more noun-like words (and single long nouns), 4-14 characters."""
        out: list[str] = []
        run: list[str] = []

        def flush() -> None:
            if run:
                phrase = "".join(run)
                if (len(run) >= 2 or len(phrase) >= PHRASE_MIN_CHARS + 1) and PHRASE_MIN_CHARS <= len(phrase) <= PHRASE_MAX_CHARS:
                    out.append(phrase)
            run.clear()

        for pair in self.tagger.cut(text):
            if pair.flag in NOUNISH and _HAN.fullmatch(pair.word[0]) and len(pair.word) >= 2:
                run.append(pair.word)
            else:
                flush()
        flush()
        return out

    def candidates(self, docs: Sequence[Document], names: bool = True) -> list[Candidate]:
        counts: Counter[str] = Counter()
        in_docs: dict[str, set[str]] = defaultdict(set)
        kinds: dict[str, str] = {}
        english: dict[str, str] = {}
        name_category: dict[str, str] = {}
        finder = None
        if names:
            from .names import NameFinder
            from .scope import article_region

            finder = NameFinder(self.glossary, self._cache_dir, tagger=self.tagger)
        for doc in docs:
            text = fold(doc.text)[0]
            found: list[tuple[str, str]] = list(self.quoted(text))
            for phrase in self.phrases(text):
                kind = "institution" if self.category(phrase) in ("institution", "school") else "phrase"
                found.append((phrase, kind))
            if finder is not None:
                for hit in finder.find(text, article_region([text])):
                    found.append((hit.zh, "name"))
                    english[hit.zh] = hit.en
                    name_category[hit.zh] = hit.category
            for zh, kind in found:
                counts[zh] += 1
                in_docs[zh].add(doc.path)
                # The most specific kind seen wins: a quoted programme that is also a phrase is "quoted".
                if kinds.get(zh) not in ("document", "quoted", "name"):
                    kinds[zh] = kind
        out = []
        for zh, n in counts.items():
            kind = kinds[zh]
            if kind in ("phrase", "institution") and n < MIN_PHRASE_COUNT:
                continue
            if not self._is_new(zh):
                continue
            category = name_category[zh] if kind == "name" else self.category(zh, kind)
            out.append(Candidate(zh, n, len(in_docs[zh]), kind, category, english.get(zh, "")))
        out.sort(key=lambda c: (-c.documents, -c.count, -len(c.zh), c.zh))
        return out

    def entry_uses(self, docs: Sequence[Document]) -> list[EntryUse]:
        counts: Counter[str] = Counter()
        in_docs: dict[str, set[str]] = defaultdict(set)
        for doc in docs:
            for hit in self.glossary.match(doc.text):
                counts[hit.zh] += 1
                in_docs[hit.zh].add(doc.path)
        uses = [EntryUse(self.glossary.lookup(zh), n, len(in_docs[zh])) for zh, n in counts.items()]
        uses.sort(key=lambda u: (-u.count, -u.documents, u.entry.zh))
        return uses


def coverage(glossary: Glossary, docs: Sequence[Document], finder: CandidateFinder | None = None) -> CoverageReport:
    """Entry use counts and ranked candidate terms with no entry, over the documents."""
    finder = finder or CandidateFinder(glossary)
    used = finder.entry_uses(docs)
    used_zh = {u.entry.zh for u in used}
    unused = tuple(e for e in glossary.entries if e.zh not in used_zh)
    return CoverageReport(tuple(used), unused, tuple(finder.candidates(docs)), len(docs))
