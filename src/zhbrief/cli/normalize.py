"""zhbrief normalize: print the clean article; --explain adds what was removed and why; --json the Article."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Optional

import typer


def normalize(
    file: Path = typer.Argument(..., help="Article file (text in any Chinese encoding, or an HTML page)."),
    explain: bool = typer.Option(False, "--explain", help="Also show every removed or altered line and why."),
    as_json: bool = typer.Option(False, "--json", help="Print the Article (metadata, sentences, removals) as JSON."),
    patterns: Optional[list[Path]] = typer.Option(None, "--patterns", help="Extra boilerplate pattern file (reason<TAB>regex)."),
    spam: Optional[list[Path]] = typer.Option(None, "--spam", help="Extra spam word file (kind<TAB>word)."),
) -> None:
    """Normalize one article: script, artifacts, boilerplate, spam, metadata, sentences."""
    from ..load import load
    from ..normalize import NormalizeOptions, normalize as run

    options = NormalizeOptions(pattern_files=tuple(patterns or ()), spam_files=tuple(spam or ()))
    article = run(load(file), options)
    if as_json:
        print(json.dumps(asdict(article), ensure_ascii=False, indent=2, default=_plain))
        return
    print(render_text(article, explain))


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    raise TypeError(type(value).__name__)


def render_text(article, explain: bool = False) -> str:
    """The article as a reader sees it: title, metadata, paragraphs with headings and captions marked."""
    from ..models import SentenceKind

    m = article.metadata
    out = [f"# {article.title}" + ("  [title altered: spam removed]" if article.title_altered else "")]
    facts = [
        ("date", m.date), ("source", m.source), ("authors", "、".join(m.authors)), ("editors", "、".join(m.editors)),
        ("photographers", "、".join(m.photographers)), ("dateline", m.dateline), ("keywords", "、".join(m.keywords)),
        ("url", m.url), ("inferred", ", ".join(m.inferred)), ("script", article.original_script.value),
        ("encoding", article.encoding + (" (lossy)" if article.lossy else "")),
    ]
    out += [f"{k}: {v}" for k, v in facts if v]
    out.append("")
    by_para: dict[int, list] = {}
    for s in article.sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    for _, sents in sorted(by_para.items()):  # paragraphs keep their own spacing
        kind = sents[0].kind
        text = article.paragraphs[sents[0].paragraph]
        if kind is SentenceKind.HEADING:
            out.append(f"## {text}")
        elif kind is SentenceKind.CAPTION:
            out.append(f"[caption] {text}")
        else:
            out.append(text)
        if explain:
            for s in sents:
                if s.altered:
                    out.append(f"    ^ {s.id} altered: spam cut out")
        out.append("")
    if explain:
        out.append(f"--- removed ({len(article.removals)}) ---")
        for r in article.removals:
            where = f"line {r.line}" if r.line else "-"
            out.append(f"{where:>9}  {r.reason}: {r.text}")
    return "\n".join(out).rstrip() + "\n"
