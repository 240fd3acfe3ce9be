"""jieba tokenizers of our own (never jieba's global one), with their dictionary cache in our cache dir."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

from . import paths


def tokenizer(words: Iterable[str] = (), freq: int = 0, tag: str = "nz", cache_dir: str | None = None):
    """A private jieba Tokenizer, initialised, with `words` (glossary terms) added at `freq`, high enough
    that jieba keeps each whole."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)  # "Building prefix dict..." is noise for our users
    tok = jieba.Tokenizer()
    folder = Path(cache_dir) if cache_dir else paths.cache_dir() / "jieba"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tok.tmp_dir = str(folder)
    except OSError:
        pass  # an unwritable cache only costs time: jieba then rebuilds the dictionary each run
    tok.initialize()
    for word in words:
        tok.add_word(word, freq, tag)
    return tok


def tagger(words: Iterable[str] = (), freq: int = 0, tag: str = "nz", cache_dir: str | None = None):
    """tokenizer() with jieba's part-of-speech tagger on top."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer(words, freq, tag, cache_dir))
