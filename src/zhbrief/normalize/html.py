"""HTML pages -> text: trafilatura's main-content extraction, with a plain-text fallback that keeps everything."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HAN = re.compile(r"[\u3400-\u9fff]")
# trafilatura may judge a short page to be all boilerplate; when it keeps less than this share of the
# page's Chinese characters (or nothing), the full-text fallback is used instead, so no text is lost.
MIN_EXTRACTED_SHARE = 0.2
_CANONICAL = re.compile(r"""<link[^>]+rel=["']canonical["'][^>]*>""", re.I)
_HREF = re.compile(r"""href=["']([^"']+)["']""", re.I)
_BLOCK_TAGS = ("p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "title", "section", "article", "header", "footer", "figcaption")


@dataclass(frozen=True, slots=True)
class Page:
    text: str  # title line, date line, then the body, one paragraph per line
    title: str | None
    date: str | None
    author: str | None
    source: str | None
    url: str | None
    extractor: str
    keywords: tuple[str, ...] = ()  # "trafilatura" or "fallback"


def html_to_text(html: str) -> Page:
    """The page's main text and the metadata it states (title, date, author, site, canonical URL)."""
    fallback = _all_text(html)
    url = _canonical(html)
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=True, with_metadata=True, favor_recall=True)
    except Exception:  # a page trafilatura cannot parse still has its text in the fallback
        doc = None
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict()
    body = (doc or {}).get("text") or ""
    if len(_HAN.findall(body)) < MIN_EXTRACTED_SHARE * len(_HAN.findall(fallback)) or not body.strip():
        return Page(fallback, None, None, None, None, url, "fallback")
    title = doc.get("title") or None
    date = doc.get("date") or None
    lines = [title or "", body]
    return Page(
        "\n".join(lines),
        title,
        date,
        doc.get("author") or None,
        doc.get("sitename") or None,
        url or doc.get("url") or None,
        "trafilatura",
        tuple(doc.get("tags") or ()),
    )


def _canonical(html: str) -> str | None:
    m = _CANONICAL.search(html)
    if m and (h := _HREF.search(m.group(0))):
        return h.group(1)
    return None


def _all_text(html: str) -> str:
    """Every text node outside script/style, one block element per line (never drops text)."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self._skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style", "noscript", "template"):
                self._skip += 1
            elif tag in _BLOCK_TAGS:
                self.parts.append("\n")

        def handle_endtag(self, tag):
            if tag in ("script", "style", "noscript", "template"):
                self._skip = max(0, self._skip - 1)
            elif tag in _BLOCK_TAGS:
                self.parts.append("\n")

        def handle_data(self, data):
            if not self._skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"\n\s*\n+", "\n", "".join(parser.parts)).strip()
