"""Line repair (poster-style lines broken mid-sentence are rejoined) and typing of the repaired
paragraphs as body text, section headings or photo captions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..models import SentenceKind

_HAN = re.compile(r"[\u3400-\u9fff]")
_TERMINAL = tuple("。！？!?…")
_CLOSERS = "”’\"'」』）)】》"
# A line ending in one of these is a clause that goes on in the next line.
_CONTINUES = tuple("，,、")
# A line opening with a list marker starts a new item even after a comma: 1. / 一、 / （一） / • / -.
_LIST_ITEM = re.compile(r"^\s*(?:[•·▪●○◆■\-–*]|\d{1,2}[.、．)）]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)])")
HEADING_MAX_CHARS = 40  # longer lines without a terminator are unterminated body paragraphs
MIN_HEADING_HAN = 2
# Photo captions: "… 徐巧明 摄", "…（张三 摄）", "（摄影：张三）", "图为…", "图：…", "资料图".
_CAPTION_END = re.compile(r"(?:^|[\s。，/（(])(?:摄影记者|记者|通讯员)?\s*(?P<name>[\u3400-\u9fff]{2,4}(?:\s+[\u3400-\u9fff]{2,4})*)\s*[/／]?\s*(?:摄|摄影|供图)[）)]?$")
_CAPTION_LABEL = re.compile(r"[（(]?(?:摄影|图片来源|图片|供图)\s*[：:／/]\s*(?P<name>[\u3400-\u9fff]{2,4})[）)]?$")
_CAPTION_START = re.compile(r"^(?:图为|图：|图:|上图|下图|左图|右图|资料图|图片来源)")
CAPTION_MAX_CHARS = 150
SHORT_CAPTION_CHARS = 30  # a line ending in a photo word (合影) is a caption only when this short


@lru_cache(maxsize=1)
def _caption_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(bracketed credit at the end of a caption, photo word ending a short caption) from data/captions.txt."""
    from .patterns import read_pairs, word_regex

    pairs = read_pairs(resources.files("zhbrief.data").joinpath("captions.txt").read_text("utf-8"), "captions.txt")
    credit = word_regex(tuple(w for k, w in pairs if k == "credit")).pattern
    end = word_regex(tuple(w for k, w in pairs if k == "end")).pattern
    return re.compile(rf"[（(][^（）()]{{0,12}}(?:{credit})[）)]$"), re.compile(rf"(?:{end})$")


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    kind: SentenceKind
    lines: tuple[int, ...]  # input line numbers joined into it
    altered: bool = False
    photographers: tuple[str, ...] = ()


def caption(text: str) -> tuple[str, ...] | None:
    """Photographers of a photo caption (possibly none named), or None when the line is no caption."""
    if len(text) > CAPTION_MAX_CHARS:
        return None
    for rx in (_CAPTION_END, _CAPTION_LABEL):
        if m := rx.search(text):
            return tuple(m["name"].split())
    if _CAPTION_START.match(text):
        return ()
    credit, end = _caption_words()
    if credit.search(text) or (len(text) <= SHORT_CAPTION_CHARS and end.search(text)):
        return ()
    return None


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS + " ").endswith(_TERMINAL) or text.rstrip().endswith(tuple("；;：:"))


def repair(lines: list[tuple[int, str, bool]]) -> list[Paragraph]:
    """Join lines broken in mid-sentence; every other line stays its own paragraph.

    A line ending in a comma (，、) always continues into the next. A line without final punctuation
    continues only when it is itself a continuation (we are inside an open sentence): so a
    standalone heading or caption never swallows the paragraph after it, while a poster-style
    "当下，/天津面临着比较严重的/教育资源结构性紧张局面。" becomes one sentence. A list item, a caption
    or a sentence terminator stops the joining.
    """
    out: list[Paragraph] = []
    buf: list[tuple[int, str, bool]] = []

    def flush() -> None:
        if buf:
            text = "".join(t for _, t, _ in buf)
            out.append(_typed(text, tuple(n for n, _, _ in buf), any(a for _, _, a in buf), joined=len(buf) > 1))
            buf.clear()

    for n, text, altered in lines:
        if buf:
            prev = buf[-1][1]
            open_clause = prev.rstrip().endswith(_CONTINUES) or (len(buf) > 1 and not _ends_sentence(prev))
            if not open_clause or _LIST_ITEM.match(text) or caption(text) is not None or not _HAN.search(text):
                flush()
        buf.append((n, text, altered))
        if _ends_sentence(text) or caption(text) is not None:
            flush()
    flush()
    return out


def _typed(text: str, nos: tuple[int, ...], altered: bool, joined: bool) -> Paragraph:
    photographers = caption(text)
    if photographers is not None and not joined:
        return Paragraph(text, SentenceKind.CAPTION, nos, altered, photographers)
    if (
        not joined
        and len(text) <= HEADING_MAX_CHARS
        and not _ends_sentence(text)
        and not text.rstrip().endswith(_CONTINUES)
        and len(_HAN.findall(text)) >= MIN_HEADING_HAN
    ):
        return Paragraph(text, SentenceKind.HEADING, nos, altered)
    return Paragraph(text, SentenceKind.BODY, nos, altered)
