"""jieba tokenizers of our own (never jieba's global one), with their dictionary cache in our cache dir.

jieba builds each Tokenizer's prefix dictionary from its 350,000-word file (or its marshal cache) and each
POS tagger's tag table from the same file: 1.5-2 s per tokenizer. Both are read once per process here and
every tokenizer gets its own copy (~20 ms), so words added to one never reach another."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Iterable

from . import paths

_BASE: dict[str, tuple[dict[str, int], int]] = {}  # dictionary path -> (FREQ, total) as jieba loaded them
_TAGS: dict[str, dict[str, str]] = {}  # dictionary path -> word -> POS tag
_LOCK = threading.Lock()


def tokenizer(words: Iterable[str] = (), freq: int = 0, tag: str = "nz", cache_dir: str | None = None):
    """A private jieba Tokenizer, initialised, with `words` (glossary terms) added at `freq`, high enough
    that jieba keeps each whole."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)  # "Building prefix dict..." is noise for our users
    tok = jieba.Tokenizer()
    with _LOCK:
        base = _BASE.get(tok.dictionary)
        if base is None:
            folder = Path(cache_dir) if cache_dir else paths.cache_dir() / "jieba"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                tok.tmp_dir = str(folder)
            except OSError:
                pass  # an unwritable cache only costs time: jieba then rebuilds the dictionary each run
            tok.initialize()
            base = _BASE[tok.dictionary] = (dict(tok.FREQ), tok.total)
        else:
            tok.FREQ, tok.total, tok.initialized = dict(base[0]), base[1], True
    for word in words:
        tok.add_word(word, freq, tag)
    return tok


def tagger(words: Iterable[str] = (), freq: int = 0, tag: str = "nz", cache_dir: str | None = None):
    """tokenizer() with jieba's part-of-speech tagger on top."""
    import jieba.posseg

    tok = tokenizer(words, freq, tag, cache_dir)
    with _LOCK:
        tags = _TAGS.get(tok.dictionary)
        if tags is None:
            tags = _TAGS[tok.dictionary] = jieba.posseg.POSTokenizer(jieba.Tokenizer(tok.dictionary)).word_tag_tab
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer, pos.word_tag_tab = tok, dict(tags)
    return pos
