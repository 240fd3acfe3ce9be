"""The one rule that picks a sentence's English among its verified candidates.

Rule: fewest facts wrong or missing (checks.badness), then fewest damaged forms (notes, what could not
be checked, do not count), then the highest consensus: a candidate's mean chrF against every other candidate of the pool (minimum Bayes risk
decoding with chrF as the utility and a uniform pool: Kumar & Byrne 2004; Freitag et al. 2022,
"High Quality Rather than High Model Probability"). Ties keep candidate order, so the enforced candidate
(listed first) wins them.
"""

from __future__ import annotations

from typing import Sequence

from .checks import Candidate, Finding, badness


def consensus(pool: Sequence[str]) -> list[float]:
    """Each text's mean sentence chrF (sacrebleu's defaults: character 6-grams, beta 2; 0-100) against
    the other texts of the pool; 100 for a pool of one."""
    if len(pool) < 2:
        return [100.0] * len(pool)
    from sacrebleu.metrics import CHRF

    metric = CHRF()
    return [sum(metric.sentence_score(hyp, [ref]).score for j, ref in enumerate(pool) if j != i) / (len(pool) - 1)
            for i, hyp in enumerate(pool)]


def select(candidates: Sequence[Candidate], findings: Sequence[Sequence[Finding]],
           pool: Sequence[str] = ()) -> tuple[int, float]:
    """(index of the chosen candidate, its consensus). `pool`: further English renderings that vote
    (the model's alternatives, Engine.nbest) without being chosen themselves."""
    texts = [c.en for c in candidates]
    voters = texts + [p for p in pool if p not in texts]
    agree = consensus(voters)[: len(texts)]
    best = min(range(len(candidates)), key=lambda i: (badness(findings[i]), -round(agree[i], 6), i))
    return best, agree[best]
