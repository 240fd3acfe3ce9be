"""zhbrief summarize: one article file in, its extractive summary out (text or JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..errors import EXIT_USAGE


UNITS = ("sentence", "clause")  # zhbrief.summarize.UNITS, listed here so --help stays cheap


def summarize(
    path: Path = typer.Argument(..., help="Article file (text or HTML, any common Chinese encoding)."),
    sentences: int = typer.Option(5, "--sentences", "-n", min=1, help="How many sentences (or clauses)."),
    chars: Optional[int] = typer.Option(None, "--chars", "-c", min=1, help="Character budget instead of a count."),
    unit: str = typer.Option("sentence", "--unit", help="sentence, or clause for headline-length summaries."),
    compress: Optional[bool] = typer.Option(
        None,
        "--compress/--no-compress",
        help="Headline compression (drop attributions, datelines, asides): on by default for clauses.",
    ),
    compress_patterns: Optional[list[Path]] = typer.Option(
        None, "--compress-patterns", help="Extra headline compression file (kind<TAB>regex)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: doc_id, method, sentences with id, score."),
) -> None:
    """Summarize one article: the most informative body sentences, in document order."""
    from ..load import load
    from ..normalize import normalize
    from ..summarize import SummarizeOptions, Summarizer

    if unit not in UNITS:
        # Reported here rather than by typer: its usage errors currently escape main() as tracebacks.
        typer.echo(f"error: --unit must be one of {', '.join(UNITS)}, not {unit!r}", err=True)
        raise typer.Exit(EXIT_USAGE)

    article = normalize(load(path))
    options = SummarizeOptions(
        sentences=sentences, chars=chars, unit=unit, compress=compress, compress_files=tuple(compress_patterns or ())
    )
    summary = Summarizer().summarize(article, options)
    if as_json:
        payload = {
            "doc_id": summary.doc_id,
            "title": article.title,
            "method": summary.method,
            "sentences": [
                {"id": x.sentence.id, "paragraph": x.sentence.paragraph, "score": x.score, "text": x.sentence.text.strip()}
                for x in summary.sentences
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for x in summary.sentences:
        typer.echo(x.sentence.text.strip())
