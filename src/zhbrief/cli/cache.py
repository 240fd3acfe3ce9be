"""zhbrief cache: where the translation cache is, how big, and clearing it."""

from __future__ import annotations

import typer

app = typer.Typer(help="The persistent translation cache.", no_args_is_help=True)


@app.command("info")
def info() -> None:
    """Path, number of cached sentences and size on disk."""
    from ..translate.cache import TranslationCache

    with TranslationCache.default() as cache:
        i = cache.info()
    typer.echo(f"path:     {i['path']}")
    typer.echo(f"entries:  {i['entries']} sentences ({i['models']} model(s))")
    typer.echo(f"size:     {int(i['bytes']) / 2**10:.1f} KiB")


@app.command("clear")
def clear() -> None:
    """Delete every cached translation (the next build re-translates everything)."""
    from ..translate.cache import TranslationCache

    with TranslationCache.default() as cache:
        n = cache.clear()
    typer.echo(f"cleared {n} cached sentences")
