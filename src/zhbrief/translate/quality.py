"""Failures a reader would notice: empty output, repetition loops, a phrase said twice, Chinese left
untranslated, bad length."""

from __future__ import annotations

import re
from typing import Sequence

from ..normalize.sentences import MAX_RUN_CHARS

# English characters per Chinese character: news runs about 2-4; far outside means text was lost or looped.
MIN_LENGTH_RATIO = 0.6
MAX_LENGTH_RATIO = 9.0
MIN_SOURCE_CHARS = 6  # short headings ("海淀区") legitimately translate to one short word
REPEAT_NGRAM = 3  # a 3-word sequence...
REPEAT_TIMES = 3  # ...seen this many times is a decoding loop
DOUBLED_PHRASE = range(2, 5)  # a phrase of 2-4 words said twice in a row
UNTRANSLATED_CJK = 2  # this many Han characters left in the English

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9']+")


def problems(zh: str, en: str, renderings: Sequence[re.Pattern[str]] = ()) -> tuple[str, ...]:
    """What is wrong with `en` as a translation of `zh`: () when nothing is.

    `renderings`: the glossary renderings of the sentence's terms, as patterns (enforce.term_regex). Words
    inside them are not counted for a loop: "13 district-level master teacher studios" after a provincial-
    and a municipal-level one repeats "level master teacher" because the source repeats the term."""
    out = []
    if not en.strip():
        return ("empty output",)
    found = list(_WORD.finditer(en))
    cased = [m.group(0) for m in found]
    words = [w.lower() for w in cased]
    fixed = _inside(found, [m.span() for r in renderings for m in r.finditer(en)])
    # names repeat legitimately in a list ("Tianjin Nankai High School, High School Affiliated to ...")
    grams = [tuple(words[i : i + REPEAT_NGRAM]) for i in range(len(words) - REPEAT_NGRAM + 1)
             if 2 * sum(w[:1].isupper() or w.isdigit() for w in cased[i : i + REPEAT_NGRAM]) < REPEAT_NGRAM
             and not all(fixed[i : i + REPEAT_NGRAM])]
    if grams and max(grams.count(g) for g in set(grams)) >= REPEAT_TIMES or _tandem(words):
        out.append("repetition loop")
    elif _doubled(re.findall(r"[A-Za-z0-9']+|,", en)):
        out.append("phrase said twice")
    if len(_HAN.findall(en)) >= UNTRANSLATED_CJK:
        out.append("Chinese left untranslated")
    n = len(re.sub(r"\s", "", zh))
    if n >= MIN_SOURCE_CHARS:
        ratio = len(en) / n
        if ratio < MIN_LENGTH_RATIO:
            out.append("output far shorter than the source")
        elif ratio > MAX_LENGTH_RATIO:
            out.append("output far longer than the source")
    return tuple(out)


def _inside(words: Sequence[re.Match[str]], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each word match, whether it lies inside one of the spans."""
    return [any(a <= w.start() and w.end() <= b for a, b in spans) for w in words]


def _tandem(words: list[str], longest: int = 4) -> bool:
    """A word, or a group of up to `longest` words, said REPEAT_TIMES times in a row (names included:
    "Beijing Beijing Beijing", "Inner Mongolia, Inner Mongolia, Inner Mongolia")."""
    for size in range(1, longest + 1):
        times = REPEAT_TIMES + (size == 1)  # "that that" and "very very very" occur in real text
        for i in range(len(words) - size * times + 1):
            unit = words[i : i + size]
            if all(words[i + k * size : i + (k + 1) * size] == unit for k in range(1, times)):
                return True
    return False


def _doubled(tokens: list[str]) -> bool:
    """A phrase of 2-4 words said again right after itself (a comma between allowed), the second time
    starting lower-case: "in Inner Mongolia, in Inner Mongolia", "Qiyi Primary School primary school",
    "educational and educational". A name said again at the head of the next list item is no repeat:
    "No. 4 Middle School, No. 4 Middle School West Campus"."""
    low = [t.lower() for t in tokens]
    for size in DOUBLED_PHRASE:
        for i in range(len(low) - 2 * size + 1):
            unit = low[i : i + size]
            j = i + size + (low[i + size] == ",")
            if ("," not in unit and low[j : j + size] == unit and tokens[j][:1].islower()
                    and any(len(w) > 2 for w in unit)):
                return True
    return False


CLAUSE_MARKS = "，；,;：:"
SEGMENT_MARKS = "；;"  # what cuts a long policy sentence into segments that each read as a sentence

# A stretch of MAX_RUN_CHARS characters without a mark is text without punctuation, not a sentence:
# normalize cuts such text into pieces of that length (normalize/sentences.py).
_RUN_ON = re.compile(rf"[^{re.escape(CLAUSE_MARKS)}、。！？!?\s]{{{MAX_RUN_CHARS},}}")


def run_on(zh: str) -> bool:
    """`zh` holds a stretch of at least MAX_RUN_CHARS characters without a clause or end mark: the model
    cannot read it as a sentence, and re-decoding it costs the most for the least (enforce.py)."""
    return _RUN_ON.search(zh) is not None


OPEN, CLOSE = "《“‘（(「『", "》”’）)」』"  # titles, quotes and brackets nest


# A clause shorter than this (Han characters) joins the next one: translated alone, "目前，" ("at
# present,") came out as an unrelated English sentence.
MIN_CLAUSE_HAN = 6


def split_clauses(zh: str, marks: str = CLAUSE_MARKS) -> list[str]:
    """The sentence cut after each comma, semicolon or colon (`marks`) outside 《》, quotes and brackets
    (a title is one unit), short clauses joined to the next; the pieces join back to `zh`."""
    out: list[str] = []
    depth, short = 0, False
    for part in (p for p in re.split(f"(?<=[{re.escape(marks)}])", zh) if p):
        if out and (depth > 0 or short):
            out[-1] += part
        else:
            out.append(part)
        depth = max(0, depth + sum(part.count(c) for c in OPEN) - sum(part.count(c) for c in CLOSE))
        short = len(_HAN.findall(out[-1])) < MIN_CLAUSE_HAN
    if len(out) > 1 and len(_HAN.findall(out[-1])) < MIN_CLAUSE_HAN:
        out[-2:] = [out[-2] + out[-1]]
    return out
