"""Briefing blocks -> one self-contained HTML page (inline CSS and SVG, no scripts, no external requests).

Markdown blocks go through Python-Markdown with raw HTML switched off, so even text the Markdown
escaping missed is shown as text, never run. Bilingual tables get lang attributes on their cells and a
class the CSS lays out as two aligned columns (stacked on a phone). The matrix is a CSS grid, the
timeline an inline SVG, a Fold a <details> section (a note when the page is for print); their text
is escaped here.
"""

from __future__ import annotations

import html
import re
from importlib import resources

from .blocks import Block, Fold, Matrix, Overview, Text, Timeline, fold_note

# Characters escaped by render.markdown.escape_cell that Python-Markdown does not unescape by default.
_EXTRA_ESCAPES = ("<", "~", "|")
_HAN = re.compile(r"[\u3400-\u9fff]")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def to_html(blocks: list[Block], title: str, for_print: bool = False) -> str:
    """A complete HTML document for the blocks; the title is escaped into <title>. for_print: each Fold
    is a note (a printed page cannot be clicked open, and the rows would bury the first pages)."""
    convert = markdown_converter()
    body = "\n".join(_block_html(b, convert, for_print) for b in blocks)
    css = resources.files("zhbrief.render").joinpath("briefing.css").read_text("utf-8")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No scripts, no remote fetches: the page works offline and cannot run article text.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{css}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def markdown_converter():
    """Markdown text -> an HTML fragment: tables, raw HTML dropped, bilingual tables and paragraphs marked."""
    import markdown
    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class _Bilingual(Treeprocessor):
        """Mark each table: lang on cells by column header, class="bilingual" when it has 中文 and English."""

        def run(self, root):
            for table in root.iter("table"):
                heads = [("".join(th.itertext())).strip() for th in table.iter("th")]
                langs = [("zh-Hans" if "中文" in h else "en" if "English" in h else "") for h in heads]
                if "zh-Hans" in langs and "en" in langs:
                    # A sentence table (# | 中文 | English) gets fixed, equal columns; others size to content.
                    table.set("class", "bilingual aligned" if heads and heads[0] == "#" else "bilingual")
                for tr in table.iter("tr"):
                    for lang, cell in zip(langs, [c for c in tr if c.tag in ("td", "th")]):
                        if lang and cell.tag == "td":
                            cell.set("lang", lang)
            for p in root.iter("p"):
                text = "".join(p.itertext())
                if text and not _HAN.search(text):
                    p.set("lang", "en")
                elif text and len(_HAN.findall(text)) * 2 > len(text):
                    p.set("lang", "zh-Hans")

    class _SafeBilingual(Extension):
        def extendMarkdown(self, md):
            # Article text must never become markup: drop raw HTML blocks and inline HTML entirely.
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            for ch in _EXTRA_ESCAPES:
                if ch not in md.ESCAPED_CHARS:
                    md.ESCAPED_CHARS.append(ch)
            md.treeprocessors.register(_Bilingual(md), "zhbrief_bilingual", 0)

    md = markdown.Markdown(extensions=["tables", _SafeBilingual()], output_format="html")

    def convert(text: str) -> str:
        out = md.reset().convert(text)
        return out.replace("<table", '<div class="table-wrap"><table').replace("</table>", "</table></div>")

    return convert


def _block_html(block: Block, convert, for_print: bool) -> str:
    if isinstance(block, Text):
        return convert("\n".join(block.lines))
    if isinstance(block, Overview):
        return (
            '<div class="overview">\n'
            f'<p lang="en">{html.escape(block.en)}</p>\n<p lang="zh-Hans">{html.escape(block.zh)}</p>\n</div>'
        )
    if isinstance(block, Matrix):
        return matrix_html(block)
    if isinstance(block, Timeline):
        return timeline_svg(block)
    if isinstance(block, Fold):
        if for_print:
            return f'<p class="fold-note"><em>{html.escape(fold_note(block))}</em></p>'
        inner = "\n".join(_block_html(b, convert, for_print) for b in block.blocks)
        return f"<details>\n<summary>{html.escape(block.title)} ({block.count})</summary>\n{inner}\n</details>"
    raise TypeError(f"not a block: {block!r}")


# Mentions at or above these fill a matrix cell darker.
_LEVELS = (1, 2, 4)


def matrix_html(m: Matrix) -> str:
    """A CSS grid: a header row of articles, then per mechanism its English (and Chinese) and one cell per
    article, filled where the article names it, darker with more mentions."""
    e = html.escape
    cols = len(m.columns)
    cells = ['<div class="mx-corner" role="columnheader">Mechanism</div>']
    cells += [f'<div class="mx-col" role="columnheader">{e(c)}</div>' for c in m.columns]
    for r in m.rows:
        cells.append(f'<div class="mx-row" role="rowheader"><span lang="en">{e(r.en)}</span> <span lang="zh-Hans">{e(r.zh)}</span></div>')
        for col, n in zip(m.columns, r.mentions):
            level = sum(n >= t for t in _LEVELS)
            what = f"{e(col)}: {n} mention{'s' if n != 1 else ''}" if n else f"{e(col)}: not named"
            cells.append(f'<div class="mx-cell mx-{level}" role="cell" title="{what}">{n or ""}</div>')
    return (
        f'<div class="matrix" role="table" aria-label="Mechanisms by article" style="grid-template-columns: '
        f'minmax(12rem, 2fr) repeat({cols}, minmax(3.2rem, 1fr))">\n' + "\n".join(cells) + "\n</div>\n"
        '<p class="mx-legend">A filled cell: the article names the mechanism; the number is how often.</p>'
    )


# The timeline's drawing, in viewBox units: the axis near the top, labels hanging below it on three
# levels in turn (close dates do not collide), anchored inwards near the ends (none is cut off).
_TL_WIDTH, _TL_MARGIN, _TL_AXIS, _TL_LEVEL, _TL_LEVELS, _TL_EDGE = 960, 40, 24, 38, 3, 160


def timeline_svg(t: Timeline) -> str:
    """The dated articles as dots on a line, spaced by date, each with its label and date below."""
    import datetime as dt

    e = html.escape
    undated = f'<p class="tl-undated">Undated: {e(", ".join(t.undated))}</p>' if t.undated else ""
    if not t.entries:
        return undated
    days = [dt.date.fromisoformat(d).toordinal() if _ISO.match(d) else None for _, d in t.entries]
    known = [x for x in days if x is not None] or [0]
    lo, span = min(known), max(max(known) - min(known), 1)
    levels = min(_TL_LEVELS, len(t.entries))
    height = _TL_AXIS + levels * _TL_LEVEL + 24
    parts = [
        f'<svg class="timeline" role="img" aria-label="The articles by date" viewBox="0 0 {_TL_WIDTH} {height}" '
        'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{_TL_MARGIN // 2}" y1="{_TL_AXIS}" x2="{_TL_WIDTH - _TL_MARGIN // 2}" y2="{_TL_AXIS}" class="tl-axis"/>',
    ]
    for k, ((label, date), day) in enumerate(zip(t.entries, days)):
        if len(t.entries) == 1 or day is None:
            x = _TL_WIDTH / 2
        else:
            x = _TL_MARGIN + (day - lo) * (_TL_WIDTH - 2 * _TL_MARGIN) / span
        x = round(x, 1)
        y = _TL_AXIS + (k % levels + 1) * _TL_LEVEL
        anchor = "start" if x < _TL_EDGE else "end" if x > _TL_WIDTH - _TL_EDGE else "middle"
        tx = x - 6 if anchor == "start" else x + 6 if anchor == "end" else x
        parts += [
            f'<line x1="{x}" y1="{_TL_AXIS}" x2="{x}" y2="{y - 14}" class="tl-tick"/>',
            f'<circle cx="{x}" cy="{_TL_AXIS}" r="6" class="tl-dot"/>',
            f'<text x="{tx}" y="{y}" text-anchor="{anchor}" class="tl-label">{e(label)}</text>',
            f'<text x="{tx}" y="{y + 16}" text-anchor="{anchor}" class="tl-date">{e(date)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + undated
