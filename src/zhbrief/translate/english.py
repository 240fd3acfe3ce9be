"""English surface fixes applied to every chosen rendering: title case, the glossary's capitals, the
source's closing mark, spacing around punctuation and quotes."""

from __future__ import annotations

import re
from typing import Sequence

from ..models import TITLE_CATEGORY, TermHit

_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with".split())


def title_case(en: str) -> str:
    """Document titles in title case ('Agreement on Deepening East-West Cooperation'); small words stay low."""
    words = en.split(" ")
    out = []
    for n, w in enumerate(words):
        if n and w.lower() in _SMALL_WORDS:
            out.append(w.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)


def cased(en: str, terms: Sequence[TermHit]) -> str:
    """A capitalised rendering the model wrote in other case ("Pinggu district", "haidian District") takes
    the glossary's case; the check is case-blind, the reader is not."""
    for t in terms:
        if t.en[:1].isupper() and t.category != TITLE_CATEGORY:
            en = re.sub(rf"(?<![A-Za-z]){re.escape(t.en)}(?![A-Za-z])", t.en, en, flags=re.I)
    return en


_END_MARKS = {"。": ".", "！": "!", "？": "?", ".": ".", "!": "!", "?": "?"}


def ended(zh: str, en: str) -> str:
    """en with the source's closing mark when it has none: a decoding forced up to a quoted title can
    stop right after it ('… signed the "Agreement on …"' for …协议》。); and with the closing quote of a
    quotation the source closes at its end, when the English opened it and a re-decoding lost the close."""
    mark = _END_MARKS.get(zh.rstrip().rstrip("”’」』）)\"'")[-1:])
    if mark and en.strip() and not re.search(r"[.!?…;:。！？][\s\"'”’)\]]*$", en):
        en = en.rstrip() + mark
    if zh.rstrip()[-1:] in "”」" and en.count("“") > en.count("”") and not en.rstrip().endswith("”"):
        en = en.rstrip() + "”"
    return en


def tidy(en: str) -> str:
    """An article said twice once ("the the whole city"); no space before closing punctuation (an edit or a forced prefix can leave 'cooperation" .') nor
    after an opening bracket or quote ("( Hui Middle School)", "“ Camel Bell Action”"); the model's
    spaced possessive joined ("the school ' s resources"), a plural's written "teachers'"; a clause's full stop before the comma that
    joined it to the next dropped ("paired assistance., is being pursued"; "etc.," stays); marks the
    English opens with that can only close or join ("::", ", and"), which a source sentence never
    opens with, dropped (an ellipsis stays)."""
    en = re.sub(r"^(?:\s*(?:[:;,!?)\]}]|\.(?!\.)))+\s*(?=\S)", "", en)
    en = re.sub(r"([(“‘])\s+(?=\S)", r"\1", en)
    en = re.sub(r"(?<=[A-Za-z]) ['’] s\b", "'s", en)
    en = re.sub(r"\b([a-z]{3,}[^sui\W]s)['’]s\b", r"\1'", en)  # a plural's possessive: "outstanding teachers'"
    en = re.sub(r"(?<=[a-z]{4})\.(?=\s*[,;:])", "", en)
    # a quoted rendering inside the model's own quotes: 'issued the " "Plan..."', '“"five sharings"”'
    en = re.sub(r'(?:(?<=\s)|^)["`]\s+(?=")', "", en)
    en = re.sub(r'“"([^"“”]+)"”', r"“\1”", en)
    parts = en.split('"')
    if len(parts) % 2:  # straight quotes paired: no space just inside them ('the " group-based" assistance')
        en = '"'.join(p.strip() if k % 2 else p for k, p in enumerate(parts))
    en = re.sub(r"\b([Tt]he|[Aa]n?) (?=(?i:\1) )(?:the|an?) ", r"\1 ", en)  # an enforced 'the whole city' after the model's 'the'
    return re.sub(r" {2,}", " ", re.sub(r'(?<=\S)\s+([.,;:!?)”’])', r"\1", en))
