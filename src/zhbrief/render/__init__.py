"""Briefing -> a file: Markdown, a self-contained HTML page, a print-ready PDF or an editable DOCX.

Every format is written from the same blocks (render.blocks), built once from the Briefing by
render.markdown: Markdown and HTML are text, PDF (headless Chromium printing the HTML) and DOCX
(python-docx) are bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import ArticleBriefing, Briefing

__all__ = ["RenderOptions", "LAYOUTS", "FORMATS", "render_article", "render_briefing", "escape_cell"]

LAYOUTS = ("side-by-side", "interleaved", "en-only")
FORMATS = ("md", "html", "pdf", "docx")


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


def render_briefing(briefing: Briefing, options: RenderOptions = RenderOptions()) -> str | bytes:
    """The comparative briefing in options.format: str for md and html, bytes for pdf and docx."""
    from . import markdown as md

    return _write(md.briefing_blocks(briefing, options.layout), md.briefing_title(briefing), options.format)


def render_article(ab: ArticleBriefing, briefing: Briefing, options: RenderOptions = RenderOptions()) -> str | bytes:
    """One article's briefing in options.format: str for md and html, bytes for pdf and docx."""
    from . import markdown as md

    return _write(md.article_blocks(ab, briefing, options.layout), md.article_title(ab), options.format)


def _write(blocks, title: str, fmt: str) -> str | bytes:
    if fmt == "md":
        from .blocks import to_markdown

        return to_markdown(blocks)
    if fmt == "html":
        from .html import to_html

        return to_html(blocks, title)
    if fmt == "pdf":
        from .html import to_html
        from .pdf import html_to_pdf

        return html_to_pdf(to_html(blocks, title, for_print=True))
    from .docx import to_docx

    return to_docx(blocks, title)


def escape_cell(text: str) -> str:
    from .escape import escape_cell as _escape

    return _escape(text)
