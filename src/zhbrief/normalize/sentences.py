"""Lossless Chinese sentence splitting: "".join(split(t)) == t for every t."""

from __future__ import annotations

import re

_CLOSERS = "”’\"'」』）)\\]】》"
# A sentence ends at a run of 。！？ (full-width: always), at ASCII ! or ? when followed by a space,
# a closing mark or the end (so "Yahoo!新闻" or a stray "?" standing for an undecodable character
# does not cut a sentence), and at an ellipsis (…… or ...) only when it closes a quotation or the
# paragraph: "推进“组团式”教育帮扶……全面贯彻" is one sentence that lists, then goes on.
# Closing quotes and brackets after the terminator belong to the sentence, and so does the
# whitespace after it, so nothing is lost between sentences. A decimal point is never a terminator.
_END = re.compile(
    rf"""
    (?:
        [。！？][。！？!?]*
      | [!?]+(?=[{_CLOSERS}]|\s|$)
      | (?:…+|\.{{3,6}})(?=[{_CLOSERS}]|\s|$)
    )
    [{_CLOSERS}]*
    \s*
    """,
    re.X,
)


def split(text: str) -> list[str]:
    """Split a paragraph into sentences; the pieces join back to `text` exactly."""
    out: list[str] = []
    pos = 0
    for m in _END.finditer(text):
        if m.end() <= pos:
            continue
        out.append(text[pos : m.end()])
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    # Whitespace-only pieces are glued to the previous sentence so no sentence is blank.
    merged: list[str] = []
    for piece in out:
        if merged and not piece.strip():
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged
