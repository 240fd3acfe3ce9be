"""What several articles say alike, and what only one of them says: sentence overlap across a corpus.

find_overlap() compares the articles' ranked sentences (Summarizer.ranked: sentence, score, content
words) by tf-idf cosine over the whole corpus. It returns the groups of similar sentences across
articles, best-ranked first, and for each article its best-ranked sentence no other article echoes.
It needs no tokenizer of its own, so the workers' rankings are reused as they are (parallel.py).
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Sequence

from .models import DistinctivePoint, Overlap, Sentence, SharedPoint, SourcedSentence
from .summarize import _cosine, _tfidf  # the vectors the ranking uses, so similar means the same

__all__ = ["find_overlap", "Ranked"]

Ranked = Sequence[tuple[Sentence, float, tuple[str, ...]]]  # Summarizer.ranked(article): best first

# Sentences this similar (tf-idf cosine over the corpus) say the same thing.
CROSS_SIMILARITY = 0.25
SHARED_POINTS_MAX = 8
CANDIDATES_PER_ARTICLE = 12  # only an article's best-ranked sentences are compared across articles


def find_overlap(doc_ids: Sequence[str], ranked: Mapping[str, Ranked], glossary_terms: frozenset[str] = frozenset()) -> Overlap:
    """Shared points (one similar sentence from each article that says it) and distinctive points (at
    most one per article, in corpus order), from each article's ranking. Deterministic for the same
    rankings in the same order; sentences scored 0 (not statements) are left out."""
    doc_ids = list(doc_ids)
    ranked = {d: [r for r in ranked[d] if r[1] > 0] for d in doc_ids}
    # Corpus-wide idf over all candidate sentences, so "教育" weighs less than "一体化管理".
    pool = [(d, s, score, words) for d in doc_ids for (s, score, words) in ranked[d]]
    vectors = _tfidf([p[3] for p in pool])
    by_doc: dict[str, list[int]] = {d: [] for d in doc_ids}
    for i, p in enumerate(pool):
        by_doc[p[0]].append(i)

    # Best cross-article match of every candidate: (similarity, pool index) per other article.
    def best_in(i: int, doc: str) -> tuple[float, int]:
        return max(((_cosine(vectors[i], vectors[j]), -j) for j in by_doc[doc]), default=(0.0, 0))

    covered: dict[int, float] = {}
    points: list[SharedPoint] = []
    used: set[int] = set()
    anchors = [i for d in doc_ids for i in by_doc[d][:CANDIDATES_PER_ARTICLE]]
    anchors.sort(key=lambda i: (-pool[i][2], doc_ids.index(pool[i][0]), i))
    for i in anchors:
        matches = []
        for d in doc_ids:
            if d == pool[i][0]:
                continue
            sim, neg_j = best_in(i, d)
            covered[i] = max(covered.get(i, 0.0), sim)
            if sim >= CROSS_SIMILARITY and -neg_j not in used:
                matches.append(-neg_j)
        if i in used or not matches or len(points) >= SHARED_POINTS_MAX:
            continue
        members = sorted([i, *matches], key=lambda k: (doc_ids.index(pool[k][0]), k))
        used.update(members)
        common = set(pool[members[0]][3]).intersection(*(pool[k][3] for k in members[1:]))
        points.append(
            SharedPoint(
                doc_ids=tuple(pool[k][0] for k in members),
                sentences=tuple(SourcedSentence(pool[k][0], pool[k][1], round(pool[k][2], 4)) for k in members),
                terms=tuple(sorted(common, key=lambda w: (w not in glossary_terms, -len(w), w))[:5]),
            )
        )

    term_docs = Counter(w for d in doc_ids for w in {w for _, _, ws in ranked[d] for w in ws})
    distinctive = []
    for d in doc_ids:
        for i in by_doc[d]:
            # Anchors already compared across articles are not compared again (a dict.get default
            # would be computed eagerly: a third of the overlap's cost on 100 articles).
            similarity = covered[i] if i in covered else max((best_in(i, o)[0] for o in doc_ids if o != d), default=0.0)
            if similarity < CROSS_SIMILARITY:
                only = sorted({w for w in pool[i][3] if term_docs[w] == 1}, key=lambda w: (-len(w), w))
                distinctive.append(DistinctivePoint(d, SourcedSentence(d, pool[i][1], round(pool[i][2], 4)), tuple(only[:5])))
                break
    return Overlap(tuple(points), tuple(distinctive))
