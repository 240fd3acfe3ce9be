"""Article -> Summary: TextRank over body sentences with a position prior, in document order.

TextRank: Mihalcea & Tarau, "TextRank: Bringing Order into Texts", EMNLP 2004.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .models import Article, ScoredSentence, Summary

DAMPING = 0.85  # PageRank damping factor, as in the TextRank paper
ITERATIONS = 50
# Lead sentences of news carry the facts (Lead-k is a strong baseline on Chinese news); the prior
# decays with position so later sentences need stronger centrality to be chosen.
POSITION_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class SummarizeOptions:
    sentences: int = 5


def summarize(article: Article, options: SummarizeOptions = SummarizeOptions()) -> Summary:
    body = [s for s in article.body if len(s.text.strip()) > 1]
    if not body:
        return Summary(article.doc_id, (), "textrank")
    tok = _tokenizer()
    words = [set(w for w in tok.lcut(s.text) if len(w.strip()) > 1) for s in body]
    n = len(body)
    weights = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            shared = len(words[i] & words[j])
            if shared and len(words[i]) > 1 and len(words[j]) > 1:
                w = shared / (math.log(len(words[i])) + math.log(len(words[j])))
                weights[i][j] = weights[j][i] = w
    scores = [1.0] * n
    out_sum = [sum(row) or 1.0 for row in weights]
    for _ in range(ITERATIONS):
        scores = [
            (1 - DAMPING) + DAMPING * sum(weights[j][i] / out_sum[j] * scores[j] for j in range(n))
            for i in range(n)
        ]
    top = max(scores)
    final = [s / top + POSITION_WEIGHT / (1 + i) for i, s in enumerate(scores)]
    chosen = sorted(sorted(range(n), key=lambda i: (-final[i], i))[: options.sentences])
    return Summary(
        article.doc_id,
        tuple(ScoredSentence(body[i], round(final[i], 4)) for i in chosen),
        f"textrank(k={options.sentences})",
    )


def _tokenizer():
    """A private jieba Tokenizer (not jieba's global one), its dictionary cache in our cache dir."""
    import logging

    import jieba

    from . import paths

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    cache = paths.cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    tok.tmp_dir = str(cache)
    return tok
