"""Annotation artifacts in the text: pinyin readings that converting mirrors insert after characters
(區(qū) -> 區) and footnote marks ("…创立[20]。", "…就读1。")."""

from __future__ import annotations

import re
from functools import lru_cache

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


# Footnote marks: "[20]" after a word, or a digit glued between a word and the sentence's full stop
# ("…就读1。"). A digit after a counting word ("人数为5。") is a number, not a mark.
_BRACKET_NOTE = re.compile(r"(?<=[\u3400-\u9fff”」》）])\[(\d{1,3})\](?=[。，；、！？\s]|$)")


@lru_cache(maxsize=1)
def _glued_note() -> re.Pattern[str]:
    from importlib import resources

    words = resources.files("zhbrief.data").joinpath("footnote_not_after.txt").read_text("utf-8")
    chars = "".join(sorted({w for w in words.split() if not w.startswith("#")}))
    return re.compile(rf"(?<=[\u3400-\u9fff])(?<![{re.escape(chars)}])(\d{{1,2}})(?=[。；])")


def strip_footnotes(line: str) -> tuple[str, list[str]]:
    """The line without footnote marks, and the marks removed."""
    marks = [m.group(0) for m in _BRACKET_NOTE.finditer(line)]
    line = _BRACKET_NOTE.sub("", line)
    rx = _glued_note()
    marks += [m.group(0) for m in rx.finditer(line)]
    return rx.sub("", line), marks
