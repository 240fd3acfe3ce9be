"""One table of named checks run on every English candidate of a sentence.

A check takes the candidate (its source, English, term states and, when the engine gives it, attention)
and returns what it found wrong as Findings: never a bare bool, so that what failed can be shown to the
reader and counted by name. `verify()` runs the whole table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable, Sequence

from ..glossary.names import unchecked_names
from ..models import TermHit
from .engine import Decoded
from .numbers import number_flags
from .quality import problems

# Severity: FACT when a fact of the source is wrong or missing in the English (a term, a number, a
# dropped part); FORM when the English is damaged but its facts may stand (a doubled phrase).
FACT, FORM = 2, 1


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
# fields", "100 Hundred Principals") is a seam an edit or the model left, unless the source says it twice.
SEAM_MIN_LETTERS = 4
_NUMBER_WORDS = {"hundred": "百", "thousand": "千", "ten": "十"}


def _repeats_ok() -> frozenset[str]:
    text = resources.files("zhbrief.data").joinpath("english_repeats_ok.txt").read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


def _seams(c: Candidate) -> list[Finding]:
    words = re.findall(r"[A-Za-z]+|\d+", c.en)
    low = [w.lower() for w in words]
    ok = _repeats_ok()
    found = []
    for i, w in enumerate(low):
        for j in (i + 1, i + 2):
            if j < len(low) and low[j] == w and len(w) >= SEAM_MIN_LETTERS and w not in ok:
                found.append(f"{words[i]} … {words[j]}")
        if w.isdigit() and i + 1 < len(low) and low[i + 1] in _NUMBER_WORDS and words[i + 1][:1].isupper():
            found.append(f"{words[i]} {words[i + 1]}")  # "100 Hundred Principals": a number said twice
    return [Finding("seams", f"a word said twice: {f}", FORM) for f in dict.fromkeys(found)]


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


def uncovered(d: Decoded | None) -> list[str]:
    """Source words no target piece attends to (runs of at least UNCOVERED_MIN_CHARS Han characters or
    digits), in source order; [] without attention."""
    if d is None or not d.attention or not d.source_spans:
        return []
    n = len(d.source_spans)
    mass = [0.0] * n
    for row in d.attention:
        for k, v in enumerate(row[:n]):
            mass[k] += v
    out: list[str] = []
    run: list[int] = []
    for k in range(n + 1):
        a, b = d.source_spans[k] if k < n else (0, 0)
        piece = d.source[a:b]
        if k < n and mass[k] < ATTENDED_MASS and _CONTENT_CHAR.search(piece):
            run.append(k)
            continue
        if run:
            text = d.source[d.source_spans[run[0]][0] : d.source_spans[run[-1]][1]]
            if len(_CONTENT_CHAR.findall(text)) >= UNCOVERED_MIN_CHARS:
                out.append(text)
            run = []
    return out


def _coverage(c: Candidate) -> list[Finding]:
    missing = uncovered(c.decoded) if c.decoded is not None and c.decoded.text == c.en else []
    return [Finding("coverage", f"may leave out: {'、'.join(missing)}", FORM)] if missing else []


def _names(c: Candidate) -> list[Finding]:
    missing = unchecked_names(c.zh, [(t.start, t.end) for t in c.terms])
    return [Finding("names", f"name spelled by the model, not checked: {'、'.join(missing)}")] if missing else []


CHECKS: dict[str, Callable[[Candidate], list[Finding]]] = {
    "terms": _terms,
    "names": _names,
    "numbers": _numbers,
    "quality": _quality,
    "seams": _seams,
    "coverage": _coverage,
}


def verify(c: Candidate, names: Sequence[str] = tuple(CHECKS)) -> tuple[Finding, ...]:
    """Every finding of the named checks on `c`, in table order."""
    return tuple(f for name in names for f in CHECKS[name](c))


def badness(findings: Sequence[Finding]) -> tuple[int, int]:
    """What select() minimises first: (facts wrong or missing, damaged form)."""
    return (sum(f.severity == FACT for f in findings), sum(f.severity == FORM for f in findings))
