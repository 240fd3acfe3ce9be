"""Page furniture around the article: line patterns from data files, trailing blocks of links to other
stories, promos of the hosting site, lines without Chinese text, repeated lines and end markers."""

from __future__ import annotations

import re

from .patterns import Patterns

_HAN = re.compile(r"[\u3400-\u9fff]")
# A promo line names the site's own channels several times ("扫码关注…公众号…加入微信群…客服").
MIN_PROMO_WORDS = 3
# A trailing block only starts once the article has begun: this many body-like lines before it.
MIN_BODY_LINES_BEFORE_BLOCK = 1
BODY_LINE_MIN_CHARS = 40
# An end marker or editor credit glued to the end of the last paragraph: "…孵化地。(完)", "（责任编辑：张三）".
END_MARKER_TAIL = re.compile(r"\s*[（(]\s*(?:完|全文完|终)\s*[）)]\s*$")


def line_reason(line: str, patterns: Patterns) -> str | None:
    """Why a whole line is boilerplate (the reason from the data file), or None."""
    for reason, rx in patterns.boilerplate:
        if rx.search(line):
            return reason
    if not _HAN.search(line):
        return "no Chinese text"
    return None


def is_body_like(line: str) -> bool:
    """A line that reads as article prose: long and with sentence punctuation."""
    return len(line) >= BODY_LINE_MIN_CHARS and any(c in line for c in "。！？；")


def block_reason(line: str, patterns: Patterns) -> str | None:
    """The reason when this line opens a trailing block of related/recommended/trending links."""
    for reason, rx in patterns.blocks:
        if rx.search(line):
            return reason
    return None


def cut_end_marker(line: str) -> tuple[str, str | None]:
    """The line without a glued end marker '(完)', and the marker removed (or None)."""
    m = END_MARKER_TAIL.search(line)
    if not m or m.start() == 0:
        return line, None
    return line[: m.start()], m.group(0).strip()
