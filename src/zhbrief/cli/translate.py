"""zhbrief translate: a file or a text, each sentence with its English and its term report."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Optional

import typer


def translate(
    source: str = typer.Argument(..., help="A file to translate, or Chinese text."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per sentence."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help="Glossary TSV (default: the shipped one)."),
    raw: bool = typer.Option(False, "--raw", help="The model alone: terms checked, not enforced."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the translation cache."),
    device: str = typer.Option("cpu", "--device", help="cpu, cuda, or auto (cuda when CTranslate2 sees a GPU)."),
) -> None:
    """Translate each sentence and show which glossary terms were enforced, and how."""
    from ..glossary import load_glossary
    from ..load import load
    from ..normalize import normalize
    from ..normalize.sentences import split
    from ..paths import default_glossary
    from ..translate import DecodeOptions, TranslateOptions, load_engine, translate_texts

    path = Path(source)
    if _is_file(path):
        article = normalize(load(path))
        items = [(s.id, s.text.strip()) for s in article.sentences if s.text.strip()]
    else:
        items = [(f"s{n}", s.strip()) for n, s in enumerate(split(source), 1) if s.strip()]
    options = TranslateOptions(decode=DecodeOptions(device=device), use_cache=not no_cache, enforce_terms=not raw)
    gloss = load_glossary(glossary or default_glossary())
    results = translate_texts(items, gloss, load_engine(options), options)
    for t in results:
        if as_json:
            typer.echo(json.dumps(asdict(t), ensure_ascii=False))
            continue
        mark = "⚠ " if t.doubtful else ""
        typer.echo(f"[{t.sentence_id}] {t.zh}\n      {mark}{t.en}\n      confidence {t.confidence:.2f}")
        for h in t.terms:
            state = f"enforced ({h.method})" if h.enforced else "NOT enforced"
            typer.echo(f"      term {h.zh} → {h.en}: {state}")
        for d in dict.fromkeys(t.flags + t.doubts):
            typer.echo(f"      ! {d}")
        for zh, en in t.clauses:
            typer.echo(f"      ↳ {zh.strip()} → {en}")


def _is_file(path: Path) -> bool:
    """Whether SOURCE names a file; a long sentence is not a path even when the OS refuses to say so."""
    try:
        return path.is_file()
    except OSError:  # e.g. "File name too long" for a sentence of Chinese text
        return False
