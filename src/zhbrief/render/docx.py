"""Briefing blocks -> an editable Word document (python-docx): headings, paragraphs, real Word tables.

Markdown blocks are converted to HTML by the same converter as the HTML page and walked element by
element (h1-h4, p, ul, table), so the text and its escaping are the HTML page's; the matrix and the
timeline are Word tables. A table's header row repeats on every page. Chinese text takes the East Asian
font of the Normal style. Timestamps are fixed, so a rebuild is byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from .blocks import MARK, Block, Fold, Matrix, Overview, Text, Timeline

EAST_ASIAN_FONT = "SimSun"  # what Word has on any Chinese-capable system; LibreOffice maps it to a CJK font
LATIN_FONT = "Calibri"
MONO_FONT = "Consolas"
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MATRIX_FILL = ("FFFFFF", "DCE6F2", "A9C4E8", "6F9BD6")  # by level of mentions, as the HTML grid


def to_docx(blocks: list[Block], title: str) -> bytes:
    """The blocks as a .docx file's bytes."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    # Landscape A4: the side-by-side table and the at-a-glance table need the width.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.6))
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(10)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)

    from .html import markdown_converter

    convert = markdown_converter()
    writer = _Writer(doc)
    for block in blocks:
        writer.block(block, convert)

    props = doc.core_properties
    props.title = title
    props.author = "zhbrief"
    props.last_modified_by = "zhbrief"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue())


class _Writer:
    def __init__(self, doc) -> None:
        self.doc = doc

    def block(self, block: Block, convert) -> None:
        if isinstance(block, Text):
            self.html(convert("\n".join(block.lines)))
        elif isinstance(block, Overview):
            self.doc.add_paragraph(block.en)
            self.doc.add_paragraph(block.zh)
        elif isinstance(block, Matrix):
            self.matrix(block)
        elif isinstance(block, Timeline):
            rows = [[d, label] for label, d in block.entries] + [["not stated", label] for label in block.undated]
            self.table(["Date", "Article"], rows)
        elif isinstance(block, Fold):
            p = self.doc.add_paragraph()
            p.add_run(f"{block.title} ({block.count})").bold = True
            for b in block.blocks:
                self.block(b, convert)

    # -- HTML from the Markdown converter ------------------------------------------------------------
    def html(self, fragment: str) -> None:
        from lxml import html as lh

        for el in lh.fragments_fromstring(fragment):
            if isinstance(el, str):
                if el.strip():
                    self.doc.add_paragraph(el.strip())
                continue
            self.element(el)

    def element(self, el) -> None:
        tag = el.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.doc.add_heading(el.text_content().strip(), level=min(int(tag[1]) - 1, 3))  # h1: the Title style
        elif tag == "p":
            self.inline(self.doc.add_paragraph(), el)
        elif tag in ("ul", "ol"):
            style = "List Bullet" if tag == "ul" else "List Number"
            for li in el.iterchildren("li"):
                self.inline(self.doc.add_paragraph(style=style), li)
        elif tag == "table":
            head = [th for th in el.iter("th")]
            rows = [tr for tr in el.iter("tr") if tr.find("td") is not None]
            self.table([c for c in head], [list(tr.iterchildren("td")) for tr in rows], cells_are_html=True)
        elif tag == "div":
            for child in el:
                self.element(child)
        elif tag == "hr":
            self.doc.add_paragraph()
        else:
            text = el.text_content().strip()
            if text:
                self.doc.add_paragraph(text)

    def inline(self, paragraph, el) -> None:
        """The element's text into the paragraph: <strong> bold, <em> italic, <code> monospace."""

        def walk(node, bold=False, italic=False, mono=False):
            if node.text:
                self.run(paragraph, node.text, bold, italic, mono)
            for child in node:
                walk(child, bold or child.tag == "strong", italic or child.tag == "em", mono or child.tag == "code")
                if child.tail:
                    self.run(paragraph, child.tail, bold, italic, mono)

        walk(el)

    def run(self, paragraph, text: str, bold=False, italic=False, mono=False):
        text = " ".join(text.split()) if "\n" in text else text
        if not text:
            return None
        r = paragraph.add_run(text)
        r.bold, r.italic = bold or None, italic or None
        if mono:
            r.font.name = MONO_FONT
        return r

    # -- tables -------------------------------------------------------------------------------------
    def table(self, header, rows, cells_are_html: bool = False):
        """A Word table (style Table Grid) with a bold header row that repeats on every page; no row
        is split across pages (a Chinese sentence stays beside its English)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        head = table.rows[0]
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        head._tr.get_or_add_trPr().append(flag)
        for cell, h in zip(head.cells, header):
            self.cell(cell, h, cells_are_html, bold=True)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row):
                self.cell(cell, value, cells_are_html)
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        self.doc.add_paragraph()
        return table

    def cell(self, cell, value, is_html: bool, bold: bool = False) -> None:
        p = cell.paragraphs[0]
        if is_html:
            self.inline(p, value)
            if bold:
                for r in p.runs:
                    r.bold = True
        else:
            r = self.run(p, str(value))
            if r is not None and bold:
                r.bold = True

    def matrix(self, m: Matrix) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        rows = [[r.en, r.zh, *(f"{MARK} {n}" if n else "" for n in r.mentions)] for r in m.rows]
        table = self.table(["Mechanism", "中文", *m.columns], rows)
        for row, r in zip(table.rows[1:], m.rows):
            for cell, n in zip(row.cells[2:], r.mentions):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                level = sum(n >= t for t in (1, 2, 4))
                if level:
                    shade = OxmlElement("w:shd")
                    shade.set(qn("w:val"), "clear")
                    shade.set(qn("w:color"), "auto")
                    shade.set(qn("w:fill"), MATRIX_FILL[level])
                    cell._tc.get_or_add_tcPr().append(shade)


def _fixed_zip(data: bytes) -> bytes:
    """The same .docx with every member's timestamp fixed (python-docx stamps the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
