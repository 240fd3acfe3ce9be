"""One table of named checks run on every English candidate of a sentence.

A check takes the candidate (its source, English, term states and, when the engine gives it, attention)
and returns what it found wrong as Findings: never a bare bool, so that what failed can be shown to the
reader and counted by name. `verify()` runs the whole table.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable, Sequence

from ..glossary.names import misspelled_names, unchecked_names
from ..models import TermHit
from .engine import Decoded
from .numbers import number_flags
from .quality import problems
from .relations import reversed_relations

# Severity: FACT when a fact of the source is wrong or missing in the English (a term, a number, a
# dropped part); FORM when the English is damaged but its facts may stand (a doubled phrase); NOTE when
# nothing could be checked and something may be wrong (a word no attention reaches, a foreign name in
# Chinese characters): the reader is told of it on a doubtful row, and it makes no row doubtful alone.
FACT, FORM, NOTE = 2, 1, 0


@dataclass(frozen=True, slots=True)
class Finding:
    check: str  # the name of the check in CHECKS
    text: str  # what the reader is told
    severity: int = FACT


@dataclass(frozen=True, slots=True)
class Candidate:
    """One English rendering of a source sentence and where it came from."""

    origin: str  # "beam", "alternative", "enforced", "clauses", ...
    zh: str
    en: str
    terms: tuple[TermHit, ...] = ()  # the sentence's terms with `enforced` set for this English
    decoded: Decoded | None = None  # pieces and attention where the engine gave them


def _terms(c: Candidate) -> list[Finding]:
    return [Finding("terms", f"term not enforced: {t.zh} → {t.en}") for t in c.terms if not t.enforced]


def _numbers(c: Candidate) -> list[Finding]:
    return [Finding("numbers", f) for f in number_flags(c.zh, c.en)]


_FORM_PROBLEMS = frozenset({"phrase said twice"})


# A word of at least this many letters said twice with at most one word between ("academic and academic
# fields", "100 Hundred Principals") is a seam an edit or the model left, unless both stand in terms'
# renderings ("Shangdu County, Zhuozi County": two names that share their generic part; "Yang Yang": one
# name's own words), or, with a word between, the source says it twice too (_said_twice: 高风险，高死亡率
# "high risks, high mortality"; a term's Chinese says only the word its rendering holds), or the source
# reads it twice in a row (杨洋). Numbers are the numbers check's.
SEAM_MIN_LETTERS = 4
SOURCE_WORD_MAX_CHARS = 4  # dictionary words this long or shorter are looked for in the source
_NUMBER_WORDS = {"hundred": "百", "thousand": "千", "ten": "十"}


def _repeats_ok() -> frozenset[str]:
    text = resources.files("zhbrief.data").joinpath("english_repeats_ok.txt").read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _owner(spans: Sequence[tuple[int, int]], word: re.Match[str]) -> tuple[int, int] | None:
    """The longest term rendering `word` stands in, when it is more than the word itself."""
    return next((s for s in spans if s[0] <= word.start() and word.end() <= s[1] and s[1] - s[0] > len(word.group())),
                None)


def _seams(c: Candidate) -> list[Finding]:
    from .enforce import term_spans

    found_at = list(re.finditer(r"[A-Za-z]+|\d+", c.en))
    words = [m.group() for m in found_at]
    low = [w.lower() for w in words]
    owned = term_spans(c.en, c.terms)
    ok = _repeats_ok()
    found = []
    outside = _without_terms(c.zh, c.terms)
    for i, w in enumerate(low):
        for j in (i + 1, i + 2):
            # numbers repeat as the source repeats them (8时至26日8时): the numbers check counts them
            if j < len(low) and low[j] == w and w.isalpha() and len(w) >= SEAM_MIN_LETTERS and w not in ok:
                a, b = _owner(owned, found_at[i]), _owner(owned, found_at[j])
                if a is not None and b is not None:
                    continue  # each in the rendering of a term of its own, or both a term's own words (Yang Yang)
                # A word a term's rendering holds is said by that term's Chinese: the other one must be
                # said outside the terms (南乐一高 twice is no "Senior High School High"). A word doubled
                # with nothing between is a seam whatever the source says ("Army army").
                said = c.zh if a is None and b is None else outside
                if not _sounded_twice(said, w) and (j == i + 1 or not _said_twice(said, w)):
                    found.append(f"{words[i]} … {words[j]}")
        if w.isdigit() and i + 1 < len(low) and low[i + 1] in _NUMBER_WORDS and words[i + 1][:1].isupper():
            found.append(f"{words[i]} {words[i + 1]}")  # "100 Hundred Principals": a number said twice
    return [Finding("seams", f"a word said twice: {f}", FORM) for f in dict.fromkeys(found)]


def _without_terms(zh: str, terms: Sequence[TermHit]) -> str:
    """`zh` with each term's characters blanked out (a comma each, so that no word spans a gap)."""
    chars = list(zh)
    for t in terms:
        chars[t.start:t.end] = "，" * (t.end - t.start)
    return "".join(chars)


def _sounded_twice(zh: str, word: str) -> bool:
    """The source reads `word` twice in a row in Hanyu Pinyin: a name's two syllables (杨洋 "Yang Yang")."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(zh, errors="ignore")
    return any(a == b == word for a, b in zip(syllables, syllables[1:]))


def _said_twice(zh: str, word: str) -> bool:
    """The source says `word` twice: two words of it, apart, that say it. A jieba word says it when
    CC-CEDICT glosses it with `word` (its first STEM letters), or when it is no dictionary word and holds
    one that is (高难度 holds 高 "high"): 飓风 twice for "Hurricane … Hurricane", 高风险 and 高 for "high …
    high". Adjacent words do not count (考察调研 "study and study" doubles one phrase), nor does a word
    whose own gloss lacks it (考察团 "inspection team" is no "study")."""
    from .enforce import STEM

    heads = set(_glossed_by().get(word[:STEM], ()))
    if not heads:
        return False
    known = _dictionary_words()
    saying = [k for k, (w, _) in enumerate(_tagger().cut(zh))
              if w in heads or (w not in known and any(h in w for h in heads))]
    return bool(saying) and saying[-1] - saying[0] >= 2


@functools.lru_cache(maxsize=1)
def _dictionary_words() -> frozenset[str]:
    from ..glossary.names import cedict_entries

    return frozenset(e["simplified"] for e in cedict_entries())


@functools.lru_cache(maxsize=1)
def _glossed_by() -> dict[str, tuple[str, ...]]:
    """English word (its first STEM letters, lower case) -> the CC-CEDICT words with a sense of one or two
    words that holds it."""
    from ..glossary.names import cedict_entries
    from .enforce import STEM

    out: dict[str, set[str]] = {}
    for e in cedict_entries():
        zh = e["simplified"]
        if len(zh) > SOURCE_WORD_MAX_CHARS or not re.fullmatch(r"[\u3400-\u9fff]+", zh):
            continue
        for d in e["definitions"]:
            # a sense of one or two words names what the word says ("hurricane", "to study", "state-owned");
            # a longer one explains it ("study of medicine" is what 医学 is, not a "study")
            words = re.findall(r"[A-Za-z]+", re.sub(r"^\s*to\s+", "", d))
            for w in words if len(words) <= 2 else ():
                if len(w) >= SEAM_MIN_LETTERS:
                    out.setdefault(w.lower()[:STEM], set()).add(zh)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _quality(c: Candidate) -> list[Finding]:
    from .enforce import rendering_patterns

    return [Finding("quality", f"low-confidence translation: {p}", FORM if p in _FORM_PROBLEMS else FACT)
            for p in problems(c.zh, c.en, rendering_patterns(c.terms))]


# A source run of Han characters or digits this long that no target piece attends to is a likely omission.
UNCOVERED_MIN_CHARS = 3
# A source piece counts as attended when the attention it receives, summed over the target pieces,
# reaches this share of one piece's full attention.
ATTENDED_MASS = 0.25
_CONTENT_CHAR = re.compile(r"[\u3400-\u9fff0-9０-９]")
# The words of an uncovered run a reader is told of: jieba's nouns, verbs, adjectives, idioms and
# abbreviations of two characters or more. Particles, prepositions, conjunctions, adverbs, pronouns,
# localisers (上 of 从…上), measure and time words carry no fact of their own; numbers and terms have
# checks of their own that verify them in the English, not by attention.
_CONTENT_TAGS = ("n", "v", "a", "i", "l", "j")
_CONTENT_DIGIT = re.compile(r"[0-9０-９]")


def uncovered_spans(d: Decoded | None) -> list[tuple[int, int]]:
    """(start, end) in d.source of each run of at least UNCOVERED_MIN_CHARS Han characters or digits that
    no target piece attends to, in source order; [] without attention."""
    if d is None or not d.attention or not d.source_spans:
        return []
    n = len(d.source_spans)
    mass = [0.0] * n
    for row in d.attention:
        for k, v in enumerate(row[:n]):
            mass[k] += v
    out: list[tuple[int, int]] = []
    run: list[int] = []
    for k in range(n + 1):
        a, b = d.source_spans[k] if k < n else (0, 0)
        if k < n and mass[k] < ATTENDED_MASS and _CONTENT_CHAR.search(d.source[a:b]):
            run.append(k)
            continue
        if run:
            span = (d.source_spans[run[0]][0], d.source_spans[run[-1]][1])
            if len(_CONTENT_CHAR.findall(d.source[span[0] : span[1]])) >= UNCOVERED_MIN_CHARS:
                out.append(span)
            run = []
    return out


def uncovered(d: Decoded | None) -> list[str]:
    """The text of each uncovered_spans() run."""
    return [d.source[a:b] for a, b in uncovered_spans(d)] if d is not None else []


@functools.lru_cache(maxsize=1)
def _tagger():
    from ..words import tagger

    return tagger()


@functools.lru_cache(maxsize=1)
def _senses() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT's senses of each common (not proper) word, by simplified form; classifier notes left out."""
    from ..glossary.names import cedict_entries

    out: dict[str, tuple[str, ...]] = {}
    for e in cedict_entries():
        senses = tuple(d.strip() for d in e["definitions"] if d.strip() and not d.strip().startswith("CL:"))
        if senses and not e["pinyin"][:1].isupper():
            out.setdefault(e["simplified"], senses)
    return out


# A word with more dictionary senses than this gets no gloss: out of context its first sense is as likely
# wrong as right (活动: "to exercise", "loose", … "activity").
GLOSS_MAX_SENSES = 3


def gloss(word: str, tag: str) -> str:
    """A dictionary sense of `word` fit for its part of speech (a verb's first "to …" sense, a noun's
    first other one); '' when CC-CEDICT lacks the word or gives it more than GLOSS_MAX_SENSES senses."""
    senses = _senses().get(word, ())
    if not senses or len(senses) > GLOSS_MAX_SENSES:
        return ""
    verbal = [s for s in senses if s.startswith("to ")]
    fit = verbal if tag.startswith("v") and tag != "vn" else [s for s in senses if s not in verbal]
    return (fit or list(senses))[0]


def omitted_words(c: Candidate) -> list[tuple[str, str]]:
    """(word, its jieba tag) of each content word of the source (_CONTENT_TAGS) that overlaps an uncovered
    run of c's attention and that no other check verifies: not inside a term the English renders, no
    number. Whole words, in source order, each once."""
    d = c.decoded
    spans = uncovered_spans(d) if d is not None and d.text == c.en else []
    if not spans:
        return []
    rendered = [(t.start, t.end) for t in c.terms if t.enforced] if d.source == c.zh else []
    out, at = [], 0
    for word, tag in _tagger().cut(d.source):
        a, b = at, at + len(word)
        at = b
        if (len(word) >= 2 and tag.startswith(_CONTENT_TAGS) and not _CONTENT_DIGIT.search(word)
                and any(s < b and a < e for s, e in spans) and not any(s < b and a < e for s, e in rendered)):
            out.append((word, tag))
    return list(dict.fromkeys(out))


def _coverage(c: Candidate) -> list[Finding]:
    said = [f"{w} “{g}”" if (g := gloss(w, tag)) else w for w, tag in omitted_words(c)]
    return [Finding("coverage", f"may leave out: {', '.join(dict.fromkeys(said))}", NOTE)] if said else []


def _relations(c: Candidate) -> list[Finding]:
    return [Finding("relations", r) for r in reversed_relations(c.zh, c.en, c.terms)]


def _names(c: Candidate) -> list[Finding]:
    """A Chinese person or place whose English should hold a known spelling and does not: FACT. Any
    other name no term covers and the English does not spell as a dictionary or pinyin does: NOTE."""
    spans = [(t.start, t.end) for t in c.terms]
    wrong = misspelled_names(c.zh, spans, c.en)
    found = [Finding("names", f"name not spelled as expected: {zh} is {en}") for zh, en in wrong]
    other = [zh for zh in unchecked_names(c.zh, spans, c.en) if zh not in {w for w, _ in wrong}]
    if other:
        found.append(Finding("names", f"name spelled by the model, not checked: {'、'.join(other)}", NOTE))
    return found


CHECKS: dict[str, Callable[[Candidate], list[Finding]]] = {
    "terms": _terms,
    "names": _names,
    "numbers": _numbers,
    "relations": _relations,
    "quality": _quality,
    "seams": _seams,
    "coverage": _coverage,
}


def verify(c: Candidate, names: Sequence[str] = tuple(CHECKS)) -> tuple[Finding, ...]:
    """Every finding of the named checks on `c`, in table order."""
    return tuple(f for name in names for f in CHECKS[name](c))


def badness(findings: Sequence[Finding]) -> tuple[int, int]:
    """What select() minimises first: (facts wrong or missing, damaged form). Notes do not count: what
    could not be checked is no evidence against a candidate."""
    return (sum(f.severity == FACT for f in findings), sum(f.severity == FORM for f in findings))


def doubtful(findings: Sequence[Finding]) -> bool:
    """True when a finding makes its row doubtful on its own: a fact or a damaged form, not a note."""
    return any(f.severity > NOTE for f in findings)
