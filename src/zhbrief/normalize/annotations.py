"""Pinyin readings that converting mirrors insert after characters: 區(qū) -> 區."""

from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A reading is one pinyin syllable with at least one tone-marked vowel, in ASCII or full-width
# parentheses, right after a Han character. Anything else in parentheses is left alone.
PINYIN_READING = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]([a-zü{_TONED}]{{1,6}})[)）]"
)


def strip_readings(text: str) -> tuple[str, list[str]]:
    """Remove every 字(pīnyīn) reading; return the text and the readings removed."""
    removed: list[str] = []

    def repl(m: re.Match[str]) -> str:
        if not any(c in _TONED for c in m.group(1)):
            return m.group(0)
        removed.append(m.group(0))
        return ""

    return PINYIN_READING.sub(repl, text), removed
