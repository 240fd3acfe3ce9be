"""Pattern data files (src/zhbrief/data/*.txt plus the user's own files) read into one frozen object."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ZhbriefError


class PatternFileError(ZhbriefError):
    """A user's pattern file is unreadable or has a malformed line."""


@dataclass(frozen=True, slots=True)
class Patterns:
    boilerplate: tuple[tuple[str, re.Pattern[str]], ...]  # (reason, line regex)
    blocks: tuple[tuple[str, re.Pattern[str]], ...]  # (reason, regex of a line that opens a trailing block)
    spam: tuple[tuple[str, str], ...]  # (kind, word)
    metadata: tuple[tuple[str, str], ...]  # (field, word)
    regions: tuple[tuple[str, str], ...]  # (region, marker word)

    def words(self, kind: str) -> tuple[str, ...]:
        return tuple(w for k, w in self.spam if k == kind)

    def labels(self, field: str) -> tuple[str, ...]:
        return _labels(self.metadata, field)


@lru_cache(maxsize=64)
def _labels(metadata: tuple[tuple[str, str], ...], field: str) -> tuple[str, ...]:
    return tuple(w for k, w in metadata if k == field)


def read_pairs(text: str, origin: str) -> list[tuple[str, str]]:
    """Lines `key<TAB>value` of a data file; '#' comments and blank lines skipped."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, sep, value = line.partition("\t")
        if not sep or not key or not value:
            raise PatternFileError(f"{origin}:{n}: expected 'key<TAB>value', got {line!r}")
        out.append((key, value))
    return out


def _shipped(name: str) -> str:
    return resources.files("zhbrief.data").joinpath(name).read_text("utf-8")


def _user(paths: tuple[Path, ...]) -> list[tuple[str, str]]:
    out = []
    for p in paths:
        try:
            out += read_pairs(Path(p).read_text("utf-8"), str(p))
        except OSError as e:
            raise PatternFileError(f"{p}: cannot read pattern file: {e.strerror or e}") from None
    return out


def _compile(pairs: list[tuple[str, str]], origin: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for reason, rx in pairs:
        try:
            out.append((reason, re.compile(rx)))
        except re.error as e:
            raise PatternFileError(f"{origin}: bad regular expression {rx!r}: {e}") from None
    return tuple(out)


@lru_cache(maxsize=16)
def load_patterns(
    boilerplate_files: tuple[Path, ...] = (),
    block_files: tuple[Path, ...] = (),
    spam_files: tuple[Path, ...] = (),
    metadata_files: tuple[Path, ...] = (),
) -> Patterns:
    """Shipped patterns plus the user's files. Cached: the result is immutable and keyed by its inputs."""
    return Patterns(
        boilerplate=_compile(read_pairs(_shipped("boilerplate.txt"), "boilerplate.txt") + _user(boilerplate_files), "boilerplate"),
        blocks=_compile(read_pairs(_shipped("blocks.txt"), "blocks.txt") + _user(block_files), "blocks"),
        spam=tuple(read_pairs(_shipped("spam.txt"), "spam.txt") + _user(spam_files)),
        metadata=tuple(read_pairs(_shipped("metadata.txt"), "metadata.txt") + _user(metadata_files)),
        regions=tuple(read_pairs(_shipped("regions.txt"), "regions.txt")),
    )


@lru_cache(maxsize=256)
def word_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of the words, longest first; pure-ASCII words only outside Latin words."""
    parts = []
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        e = re.escape(w)
        parts.append(rf"(?<![A-Za-z]){e}(?![A-Za-z])" if w.isascii() else e)
    return re.compile("|".join(parts) or r"(?!x)x")
