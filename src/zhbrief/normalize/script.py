"""Traditional/simplified detection and conversion (OpenCC), and character-width folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..models import Script

_HAN = re.compile(r"[\u3400-\u9fff]")
# Fraction of Han characters that must change under t2s before a text counts as traditional;
# simplified text still changes a little (e.g. 著/着 variants), so 0 would misfire.
TRADITIONAL_THRESHOLD = 0.05


@lru_cache(maxsize=4)
def _converter(config: str):
    # One converter per config; it is immutable, so caching it is not shared mutable state.
    import opencc

    return opencc.OpenCC(config)


def detect_script(text: str) -> Script:
    han = _HAN.findall(text[:20_000])
    if not han:
        return Script.UNKNOWN
    sample = "".join(han)
    converted = _converter("t2s").convert(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return Script.TRADITIONAL if changed / len(sample) > TRADITIONAL_THRESHOLD else Script.SIMPLIFIED


def to_simplified(text: str, config: str = "t2s") -> str:
    return _converter(config).convert(text)


def fold_width(text: str) -> str:
    """Full-width Latin letters and digits become ASCII; Chinese punctuation is kept."""
    return "".join(
        unicodedata.normalize("NFKC", ch) if "\uff10" <= ch <= "\uff5a" and ch.isalnum() else ch
        for ch in text
    )
