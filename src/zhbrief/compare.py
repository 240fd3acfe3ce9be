"""Cross-article comparison over an explicit Corpus: which glossary terms are shared, which distinctive."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .glossary import Glossary
from .models import Article, Comparison, Theme


@dataclass(frozen=True, slots=True)
class Corpus:
    articles: tuple[Article, ...]


def compare(corpus: Corpus, glossary: Glossary) -> Comparison:
    found: dict[str, set[str]] = defaultdict(set)
    for article in corpus.articles:
        for s in article.body:
            for hit in glossary.match(s.text):
                found[hit.zh].add(article.doc_id)
    themes = []
    for zh, docs in found.items():
        e = glossary.lookup(zh)
        assert e is not None
        themes.append(Theme(zh, e.en, e.category, tuple(sorted(docs))))
    themes.sort(key=lambda t: (-len(t.doc_ids), t.zh))
    shared = tuple(t for t in themes if len(t.doc_ids) > 1)
    distinctive = tuple(t for t in themes if len(t.doc_ids) == 1)
    return Comparison(shared, distinctive)
