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


# Navigation: lists of other stories' headlines. A run of this many short headline-like lines once the
# article has begun starts a trailing block (a numbered list is content and never counts).
MIN_NAV_RUN = 3
LINK_MAX_CHARS = 40
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.、．)）]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)])")
_ENDS_CLAUSE = tuple("。！？；：，、,;:!?")
# A teaser of another story: cut short with an ellipsis, or closed by a "read more" link.
_TEASER_END = re.compile(r"(?:(?<=[\u3400-\u9fff，。、”」）)])(?:\.{3,}|⋯+|(?<!…)…)|read more|阅读全文\s*>*|>>)\s*$", re.I)
# One line holding several headlines separated by wide gaps ("…公开!   三月精选大优惠…   全新…").
_WIDE_GAP = re.compile(r"\s{2,}|\u3000+")
MIN_LIST_SEGMENTS = 3


def is_link_like(line: str) -> bool:
    """A line that reads as a link to something else: short, no sentence punctuation, not a numbered item."""
    text = line.strip()
    return (
        len(text) <= LINK_MAX_CHARS
        and "。" not in text
        and not text.endswith(_ENDS_CLAUSE)
        and not _NUMBERED.match(text)
    )


def is_teaser(line: str) -> bool:
    """Another story's teaser: text cut short with '...' / '⋯', or ending in a 'read more' link."""
    return bool(_TEASER_END.search(line.strip()))


def nav_run_length(texts: list[str], start: int) -> int:
    """How many link-like lines follow one another from texts[start]."""
    n = 0
    while start + n < len(texts) and is_link_like(texts[start + n]):
        n += 1
    return n


def is_headline_list(line: str) -> bool:
    """Several headlines on one line, separated by wide gaps, most of them not ending in a full stop."""
    segments = [s for s in _WIDE_GAP.split(line.strip()) if s]
    if len(segments) < MIN_LIST_SEGMENTS:
        return False
    return sum(s.endswith("。") for s in segments) * 2 < len(segments)
