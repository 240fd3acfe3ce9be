"""zhbrief build: files and folders in, a comparative briefing and one briefing per article out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE


def build(
    paths: list[Path] = typer.Argument(None, help="Article files or folders (default: seeds/)."),
    out: Path = typer.Option(Path("briefings"), "-o", "--out", help="Folder to write briefings into."),
    glossary: Optional[Path] = typer.Option(None, "--glossary", "-g", help="Glossary TSV (default: the shipped one)."),
    sentences: int = typer.Option(5, "--sentences", "-n", min=1, help="Summary sentences per article."),
    layout: str = typer.Option(
        "side-by-side", "--layout", help="side-by-side (中文 | English table), interleaved (Chinese paragraph, then English) or en-only."
    ),
    full: bool = typer.Option(False, "--full", help="Translate whole articles instead of summaries."),
    fmt: str = typer.Option(
        "md", "--format", "-f", help="md (Markdown), html (self-contained page), pdf (print-ready, needs Chromium) or docx (Word)."
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0, help="Processes for normalize/summarize (0: one per CPU)."),
    device: str = typer.Option(
        "cpu", "--device", help="Where the model runs: cpu, cuda, or auto (cuda when CTranslate2 sees a GPU, else cpu)."
    ),
    cluster: str = typer.Option(
        "", "--cluster", metavar="ADDRESS",
        help="Run on a Dask cluster: its scheduler (tcp://host:8786), or local (a LocalCluster of --jobs workers). "
             "Needs zhbrief[cluster]; the same output as a local build.",
    ),
) -> None:
    """Build briefings: load, normalize, summarize, translate, compare, render."""
    from ..pipeline import DEVICES, BuildOptions, build as run_build
    from ..render import FORMATS, LAYOUTS, RenderOptions
    from ..summarize import SummarizeOptions
    from ..translate import DecodeOptions, TranslateOptions
    from .progress import progress_reporter

    inputs = paths or [Path("seeds")]
    for flag, value, allowed in (("--layout", layout, LAYOUTS), ("--format", fmt, FORMATS), ("--device", device, DEVICES)):
        if value not in allowed:
            print(f"error: {flag} must be one of {', '.join(allowed)}, not {value!r}", file=sys.stderr)
            raise typer.Exit(EXIT_USAGE)
    options = BuildOptions(
        out_dir=out,
        glossary=glossary,
        summarize=SummarizeOptions(sentences=sentences),
        translate=TranslateOptions(decode=DecodeOptions(device=device)),
        render=RenderOptions(layout=layout, format=fmt),
        full=full,
        jobs=jobs,
        cluster=cluster,
    )
    with progress_reporter() as progress:
        result = run_build(inputs, options, progress=progress)
    for path, reason in result.failures:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    for p in result.written:
        print(f"wrote {p}")
    if result.device:
        print(f"translation device: {result.device}", file=sys.stderr)
    if not result.written:
        print("no briefing written: no usable input", file=sys.stderr)
        raise typer.Exit(1)
    raise typer.Exit(EXIT_PARTIAL if result.failures else EXIT_OK)
