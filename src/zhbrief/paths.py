"""Where zhbrief keeps its data (models) and cache. Nothing is created at import time."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """ZHBRIEF_HOME if set, else $XDG_DATA_HOME/zhbrief (default ~/.local/share/zhbrief)."""
    env = os.environ.get("ZHBRIEF_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "zhbrief"


def packages_dir() -> Path:
    return home() / "packages"


def cache_dir() -> Path:
    env = os.environ.get("ZHBRIEF_CACHE")
    return Path(env) if env else home() / "cache"


def default_glossary() -> Path:
    """The shipped glossary: glossary/ at the repository root, next to src/."""
    env = os.environ.get("ZHBRIEF_GLOSSARY")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "glossary" / "education.tsv"
