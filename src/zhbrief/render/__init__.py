"""Briefing -> text: Markdown, and HTML built from that Markdown."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import ArticleBriefing, Briefing

__all__ = ["RenderOptions", "LAYOUTS", "FORMATS", "render_article", "render_briefing", "escape_cell"]

LAYOUTS = ("side-by-side", "interleaved", "en-only")
FORMATS = ("md", "html")


@dataclass(frozen=True, slots=True)
class RenderOptions:
    layout: str = "side-by-side"  # one of LAYOUTS
    format: str = "md"  # one of FORMATS

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {self.layout!r}")
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")

    @property
    def extension(self) -> str:
        return "." + self.format


def render_briefing(briefing: Briefing, options: RenderOptions = RenderOptions()) -> str:
    """The comparative briefing as Markdown, or as a self-contained HTML page."""
    from . import markdown as md

    text = md.render_briefing(briefing, options.layout)
    if options.format == "html":
        from .html import to_html

        return to_html(text, md.briefing_title(briefing))
    return text


def render_article(ab: ArticleBriefing, briefing: Briefing, options: RenderOptions = RenderOptions()) -> str:
    """One article's briefing as Markdown, or as a self-contained HTML page."""
    from . import markdown as md

    text = md.render_article(ab, briefing, options.layout)
    if options.format == "html":
        from .html import to_html

        return to_html(text, md.article_title(ab))
    return text


def escape_cell(text: str) -> str:
    from .markdown import escape_cell as _escape

    return _escape(text)
