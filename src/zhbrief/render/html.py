"""Markdown briefing -> one self-contained HTML page (inline CSS, no scripts, no external requests).

Raw HTML in the Markdown is switched off, so even text the Markdown escaping missed is shown as
text, never run. Bilingual tables get lang attributes on their cells and a class the CSS lays out as
two aligned columns (stacked on a phone).
"""

from __future__ import annotations

import html
import re
from importlib import resources

# Characters escaped by render.markdown.escape_cell that Python-Markdown does not unescape by default.
_EXTRA_ESCAPES = ("<", "~", "|")
_HAN = re.compile(r"[\u3400-\u9fff]")


def to_html(markdown_text: str, title: str) -> str:
    """A complete HTML document for the Markdown; the title is escaped into <title>."""
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

    body = markdown.Markdown(extensions=["tables", _SafeBilingual()], output_format="html").convert(markdown_text)
    body = body.replace("<table", '<div class="table-wrap"><table').replace("</table>", "</table></div>")
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
