"""Briefing -> text: Markdown (and HTML built from it)."""

from .markdown import render_article, render_briefing, escape_cell

__all__ = ["render_article", "render_briefing", "escape_cell"]
