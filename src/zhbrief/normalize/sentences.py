"""Lossless Chinese sentence splitting: "".join(split(t)) == t for every t."""

from __future__ import annotations

import re

# A sentence ends at 。！？ (or ASCII !? and a run of them), at an ellipsis …… or at ；/; when the
# clause is long; closing quotes and brackets that follow the terminator belong to the sentence,
# and so does the whitespace after it (so nothing is lost between sentences).
_END = re.compile(
    r"""
    (?:[。！？!?]+|…{1,2}|\.{3,6})      # terminator, or an ellipsis
    [”’"'」』）)\]】》]*                 # closing quotes / brackets stay with the sentence
    \s*                                  # trailing whitespace too
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
        # An ellipsis followed by a closing quote and more text in the same clause still ends a
        # sentence; a decimal point never matches because '.' alone is not a terminator.
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
