"""RawDocument -> Article: script conversion, artifact and boilerplate removal, metadata, sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..models import Article, Metadata, RawDocument, Removal, Script, Sentence, SentenceKind
from . import sentences as _sentences
from .annotations import strip_readings
from .script import detect_script, fold_width, to_simplified

__all__ = ["NormalizeOptions", "normalize", "split_sentences"]

split_sentences = _sentences.split

_HAN = re.compile(r"[\u3400-\u9fff]")
_TERMINAL = "。！？!?…”」』"
MIN_TITLE_HAN = 6  # a headline has at least this many Han characters
HEADING_MAX_CHARS = 30  # a short line without a terminator is a heading, not a sentence


@dataclass(frozen=True, slots=True)
class NormalizeOptions:
    opencc_config: str = "t2s"
    pattern_files: tuple[Path, ...] = ()  # users' own boilerplate/spam patterns, added to the shipped ones


def normalize(raw: RawDocument, options: NormalizeOptions = NormalizeOptions()) -> Article:
    text = raw.text
    removals: list[Removal] = []
    if raw.is_html:
        text = _html_to_text(text)
    script = detect_script(text)
    text, readings = strip_readings(text)
    if readings:
        removals.append(Removal(" ".join(sorted(set(readings))), f"pinyin reading x{len(readings)}"))
    if script is Script.TRADITIONAL:
        text = to_simplified(text, options.opencc_config)
    text = fold_width(text)

    patterns = _load_patterns(options.pattern_files)
    kept: list[str] = []
    seen: set[str] = set()
    for lineno, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped:
            continue
        reason = _match(patterns, stripped)
        if reason is None and stripped in seen:
            reason = "repeated line"
        if reason:
            removals.append(Removal(stripped, reason, lineno))
            continue
        seen.add(stripped)
        kept.append(stripped)

    title = ""
    for i, line in enumerate(kept):
        if len(_HAN.findall(line)) >= MIN_TITLE_HAN and not line.endswith(tuple(_TERMINAL)):
            title = line
            del kept[i]
            break

    paragraphs = tuple(kept)
    sents: list[Sentence] = []
    for p_index, para in enumerate(paragraphs):
        kind = SentenceKind.BODY
        if len(para) <= HEADING_MAX_CHARS and not para.endswith(tuple(_TERMINAL)):
            kind = SentenceKind.HEADING
        for piece in _sentences.split(para):
            if piece.strip():
                sents.append(Sentence(f"s{len(sents) + 1}", piece, p_index, kind))

    doc_id = Path(raw.path).stem
    return Article(
        doc_id=doc_id,
        path=raw.path,
        title=title,
        metadata=Metadata(title=title or None),
        paragraphs=paragraphs,
        sentences=tuple(sents),
        removals=tuple(removals),
        original_script=script,
        encoding=raw.encoding,
        lossy=raw.lossy,
        sha256=raw.sha256,
    )


def _html_to_text(html: str) -> str:
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self._skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style", "noscript"):
                self._skip += 1
            elif tag in ("p", "br", "div", "h1", "h2", "h3", "li", "tr", "title"):
                self.parts.append("\n")

        def handle_endtag(self, tag):
            if tag in ("script", "style", "noscript"):
                self._skip = max(0, self._skip - 1)

        def handle_data(self, data):
            if not self._skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def _load_patterns(extra: tuple[Path, ...]) -> list[tuple[str, re.Pattern[str]]]:
    texts = [resources.files("zhbrief.data").joinpath("boilerplate.txt").read_text("utf-8")]
    texts += [Path(p).read_text("utf-8") for p in extra]
    out = []
    for text in texts:
        for line in text.splitlines():
            if line.strip() and not line.startswith("#"):
                reason, _, rx = line.partition("\t")
                out.append((reason, re.compile(rx)))
    return out


def _match(patterns: list[tuple[str, re.Pattern[str]]], line: str) -> str | None:
    for reason, rx in patterns:
        if rx.search(line):
            return reason
    return None
