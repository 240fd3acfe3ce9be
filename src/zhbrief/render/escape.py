"""Escaping article text for Markdown: nothing in it can become a table pipe, markup, HTML or a line break."""

from __future__ import annotations

import re

# ASCII punctuation that CommonMark lets a backslash escape and that can start markup inside a line:
# code spans, emphasis, links, raw HTML, headings, table pipes, strikethrough (GFM), block quotes.
_ESCAPED = set("\\`*_[]<>#|~")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# At the start of a block these make a list, a thematic break or a setext underline.
_BLOCK_START = re.compile(r"^([-+=]|\d+[.)])")


def escape_cell(text: str) -> str:
    """Make text safe inside a table cell or a line: no pipe, markup, HTML or line break can escape it."""
    text = " ".join(str(text).split())
    text = _ENTITY.sub("&amp;", text)  # "&lt;" in an article stays the four characters it is
    return "".join("\\" + ch if ch in _ESCAPED else ch for ch in text)


def escape_block(text: str) -> str:
    """escape_cell, and also safe as a paragraph of its own (no list, rule or heading underline)."""
    text = escape_cell(text)
    m = _BLOCK_START.match(text)
    if m:
        mark = m.group(1)
        text = mark[:-1] + "\\" + mark[-1] + text[len(mark) :]
    return text
