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


# A sentence longer than this is cut into pieces (see `cut`). The model reads a sentence whole and
# writes at most 256 pieces of English (DecodeOptions.max_decoding_length): ~300 Chinese characters
# is what it can translate in one go. News sentences are shorter (the seeds' longest has 228); a
# longer one is a list or text without punctuation, and cutting it bounds what one sentence costs
# every stage after (tokenizing, ranking, translation).
MAX_SENTENCE_CHARS = 300
# A piece of such a sentence with no clause mark in its second half is a stretch without punctuation,
# not a sentence: it is cut at this length. Real clauses are shorter (the seeds' longest stretch
# between marks has 93 characters), and the model's cost grows faster than a stretch's length: one
# of 300 characters took 73 model calls to translate (372 s on a busy machine), one of 100, 13 (16 s).
MAX_RUN_CHARS = 100
# Where a sentence longer than the limit is cut: after the last clause mark or space in its window.
_CLAUSE_MARK = re.compile(rf"[，,；;：:、\s][{_CLOSERS}]*")


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


def cut(sentence: str, max_chars: int, max_run: int = MAX_RUN_CHARS) -> list[str]:
    """`sentence` in pieces of at most `max_chars` characters that join back to it: each cut falls
    after the last clause mark (，；：、 or a space) in the second half of the piece, else at `max_run`
    characters (at most `max_chars`); a last piece without any mark is cut the same way. Each stretch
    is searched about once: the cost is linear in the sentence's length."""
    if len(sentence) <= max_chars:
        return [sentence]
    pieces, pos = [], 0
    run = min(max_run, max_chars)
    while len(sentence) - pos > run:
        if len(sentence) - pos <= max_chars and _CLAUSE_MARK.search(sentence, pos):
            break  # the rest fits and is punctuated
        marks = list(_CLAUSE_MARK.finditer(sentence, pos + max_chars // 2, pos + max_chars))
        end = marks[-1].end() - pos if marks else run
        pieces.append(sentence[pos : pos + end])
        pos += end
    return pieces + [sentence[pos:]]
