"""Spam: whole spam lines, spam glued to a real line, and spam phrases injected inside a title or sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .patterns import Patterns, word_regex

_HAN = re.compile(r"[\u3400-\u9fff]")
# A line with this many distinct adult words is a keyword-stuffed list unless the segments without
# them make up at least LIST_KEPT_SHARE of it (a real line with a spam list glued on).
MIN_ADULT_WORDS_FOR_LIST = 3
LIST_KEPT_SHARE = 0.5
# Adult words act only when at least two different ones occur: one alone ("偷拍") can be news.
MIN_ADULT_WORDS = 2
# What is left after cutting spam must keep this many Han characters, and this share of the
# line's Han characters, to be kept as a real line; otherwise the whole line is spam.
MIN_KEPT_HAN = 4
MIN_KEPT_SHARE = 0.4
# Separators between the items of a keyword-stuffed list or between spam and a glued real line.
_SEGMENT = re.compile(r"[\s|｜,，、;；]+")


@dataclass(frozen=True, slots=True)
class SpamVerdict:
    kind: str  # "" (clean), "line" (drop the whole line) or "cut" (spam phrases removed, rest kept)
    text: str  # the line after cutting (for "cut")
    removed: tuple[str, ...]  # spam phrases or segments removed
    reason: str
    cuts: tuple[int, ...] = ()  # offsets in `text` where something was cut out


@dataclass(frozen=True, slots=True)
class SpamRules:
    adult: re.Pattern[str]
    brand: re.Pattern[str]  # gambling and lottery words
    phrase: re.Pattern[str]  # a brand word with the tail words, digits and Latin glued to it
    promo: re.Pattern[str]

    @classmethod
    def from_patterns(cls, p: Patterns) -> "SpamRules":
        brands = p.words("gambling") + p.words("lottery")
        brand = word_regex(brands)
        tail = word_regex(p.words("tail") + brands)
        # The tails may repeat in any order, separated by nothing or a space, and digits/Latin
        # letters glued to the brand ("金宝搏188入口") belong to it.
        phrase = re.compile(rf"(?:{brand.pattern})(?:[0-9A-Za-z]+|\s*(?:{tail.pattern}))*\s*")
        return cls(word_regex(p.words("adult")), brand, phrase, word_regex(p.words("promo")))


def judge(line: str, rules: SpamRules) -> SpamVerdict:
    """What to do with one line: keep it, drop it as spam, or cut spam out of it."""
    adult = {m.group(0).lower() for m in rules.adult.finditer(line)}
    has_brand = rules.brand.search(line) is not None
    if not has_brand and len(adult) < MIN_ADULT_WORDS:
        return SpamVerdict("", line, (), "")
    removed: list[str] = []
    cuts: list[int] = []
    text = line
    if has_brand:
        pieces, pos, kept = [], 0, 0
        for m in rules.phrase.finditer(text):
            pieces.append(text[pos : m.start()])
            kept += m.start() - pos
            cuts.append(kept)
            removed.append(m.group(0).strip())
            pos = m.end()
        text = "".join(pieces) + text[pos:]
    if len(adult) >= MIN_ADULT_WORDS:
        kept = []
        for seg in _SEGMENT.split(text):
            (removed if rules.adult.search(seg) else kept).append(seg)
        text = " ".join(s for s in kept if s)
        cuts = [0]  # segments were dropped: where exactly no longer maps onto the kept text
    stripped = text.lstrip()
    cuts = [max(0, c - (len(text) - len(stripped))) for c in cuts]
    text = stripped.rstrip()
    is_list = len(adult) >= MIN_ADULT_WORDS_FOR_LIST
    reason = "spam: gambling/lottery" if has_brand else ("spam: adult keyword list" if is_list else "spam: adult")
    han_before = len(_HAN.findall(line))
    han_after = len(_HAN.findall(text))
    if han_after < MIN_KEPT_HAN or han_after < (LIST_KEPT_SHARE if is_list else MIN_KEPT_SHARE) * han_before:
        return SpamVerdict("line", "", (line,), reason)
    return SpamVerdict("cut", text, tuple(r for r in removed if r), reason + " (cut out of a real line)", tuple(min(c, len(text)) for c in cuts))


def is_promo(line: str, rules: SpamRules, min_words: int) -> bool:
    """A site promoting itself: several distinct promo words in one line."""
    return len({m.group(0) for m in rules.promo.finditer(line)}) >= min_words
