"""Sentences -> TranslatedSentence: model translation, then a check of every glossary term."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from ..glossary import Glossary
from ..models import TermHit, TranslatedSentence
from .engine import CTranslate2Engine, DecodeOptions, Engine
from .package import find_zh_en

__all__ = ["TranslateOptions", "translate_texts", "load_engine", "Engine", "DecodeOptions"]


@dataclass(frozen=True, slots=True)
class TranslateOptions:
    decode: DecodeOptions = DecodeOptions()


def load_engine(options: TranslateOptions = TranslateOptions()) -> Engine:
    """The installed zh->en argos package on CTranslate2; ModelMissingError says how to install one."""
    return CTranslate2Engine(find_zh_en(), options.decode)


def translate_texts(
    items: Sequence[tuple[str, str]], glossary: Glossary, engine: Engine
) -> list[TranslatedSentence]:
    """Translate (sentence_id, zh) pairs in one batch; report each glossary term found in the source."""
    english = engine.translate([zh for _, zh in items])
    out = []
    for (sid, zh), en in zip(items, english):
        terms = tuple(_check(hit, en) for hit in glossary.match(zh))
        flags = tuple(f"term not enforced: {t.zh} → {t.en}" for t in terms if not t.enforced)
        out.append(TranslatedSentence(sid, zh, en, terms, flags))
    return out


def _check(hit: TermHit, en: str) -> TermHit:
    ok = hit.en.lower() in en.lower()
    return replace(hit, enforced=ok, method="model" if ok else "")
