"""Pinyin readings that converting mirrors insert after characters: 區(qū) -> 區."""

from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PLAIN = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuüüüü")
# Candidate: one pinyin syllable (max 6 letters: zhuang, chuang) in ASCII or full-width parentheses,
# right after a Han character. Whether it really is that character's reading is checked below.
_CANDIDATE = re.compile(rf"([\u3400-\u9fff])[(（]([a-zü{_TONED}]{{1,6}})[)）]")


def strip_readings(text: str) -> tuple[str, list[str]]:
    """Remove every 字(pīnyīn) reading; return the text and the removed readings (with their character).

    A tone-marked syllable is always a reading. A toneless one, like 們(men), is removed only
    when it is one of that character's readings, so 電話(tel) or 指標(abc) stay.
    """
    removed: list[str] = []

    def repl(m: re.Match[str]) -> str:
        ch, syllable = m.group(1), m.group(2)
        if any(c in _TONED for c in syllable) or _is_reading_of(ch, syllable):
            removed.append(m.group(0))
            return ch
        return m.group(0)

    return _CANDIDATE.sub(repl, text), removed


def reading_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each "(pīnyīn)" that strip_readings would remove (the character excluded)."""
    return [
        (m.start(2) - 1, m.end())
        for m in _CANDIDATE.finditer(text)
        if any(c in _TONED for c in m.group(2)) or _is_reading_of(m.group(1), m.group(2))
    ]


def _is_reading_of(ch: str, syllable: str) -> bool:
    from pypinyin import Style, pinyin

    readings = pinyin(ch, style=Style.NORMAL, heteronym=True, v_to_u=True)[0]
    return syllable.translate(_PLAIN) in {r.translate(_PLAIN) for r in readings}
