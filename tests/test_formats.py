"""PDF and DOCX briefings read back as a reader gets them: the PDF's text (pypdf) holds both scripts in
reading order on the page each row is printed on, its fonts are embedded; the DOCX reopens in
python-docx with real tables whose cells hold the Chinese and the English. Both rebuild byte-identical.

The PDF is printed by real headless Chromium: skipped only where it is absent and CI is not set.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from zhbrief.cli import main
from zhbrief.pipeline import BuildOptions, build
from zhbrief.render import RenderOptions, render_briefing

from conftest import FakeEngine

ZH = [
    "天津市交流教师4587人，占符合交流条件教师比例为23.9%。",
    "安阳市目前已建立35个义务教育学校集团，参与学校113所，涉及学生13万余人。",
    "衡水市义务教育学校一体化管理共覆盖869所学校，城乡结对帮扶成效明显。",
]
EN = {
    ZH[0]: "Tianjin has 4,587 rotating teachers, 23.9% of those eligible.",
    ZH[1]: "Anyang has set up 35 compulsory education school groups with 113 schools and more than 130,000 students.",
    ZH[2]: "Integrated management of compulsory education schools in Hengshui covers 869 schools; urban-rural paired assistance shows clear results.",
}
# A long second article: its side-by-side table runs over several pages.
LONG = [f"第{i}批集团化办学成员校共有{i + 20}所学校参与城乡学校结对帮扶，覆盖学生{i}千余人，相关工作持续推进。" for i in range(1, 61)]
LONG_EN = {z: f"Batch {i}: {i + 20} member schools of school-group operation take part in paired assistance, covering more than {i},000 students."
           for i, z in enumerate(LONG, 1)}


def _corpus(base: Path) -> Path:
    src = base / "in"
    src.mkdir()
    (src / "a.txt").write_text("天津、安阳、衡水教育协作新进展\n" + "\n".join(ZH) + "\n", "utf-8")
    (src / "b.txt").write_text("衡水市集团化办学结对帮扶全覆盖\n" + "\n".join(LONG) + "\n", "utf-8")
    return src


def _build(base: Path, fmt: str):
    out = base / f"out_{fmt}"
    result = build([_corpus(base)], BuildOptions(out_dir=out, full=True, render=RenderOptions(format=fmt)),
                   engine=FakeEngine({**EN, **LONG_EN}))
    return result, out


def _chromium_or_skip() -> None:
    from zhbrief.errors import ZhbriefError
    from zhbrief.render.pdf import find_chromium

    try:
        find_chromium()
    except ZhbriefError:
        if os.environ.get("CI"):
            pytest.fail("Chromium missing in CI: scripts/setup.sh installs the Debian package chromium")
        pytest.skip("Chromium not installed (bash scripts/install_browser.sh)")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory, module_home):
    _chromium_or_skip()
    base = tmp_path_factory.mktemp("pdf")
    result, out = _build(base, "pdf")
    return result, out / "briefing.pdf"


def _pages(path: Path) -> list[str]:
    """Each page's text as pypdf extracts it, without whitespace (it puts spaces where the font changes)."""
    from pypdf import PdfReader

    return [_squash(p.extract_text()) for p in PdfReader(path).pages]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pdf_text_holds_both_scripts_in_reading_order(pdf):
    result, path = pdf
    assert path.read_bytes()[:5] == b"%PDF-"
    text = "".join(_pages(path))
    # Copied out of the PDF, the text is what was printed: no Kangxi radicals for 比 or 文, no "ﬁ" ligature.
    assert not re.search(r"[\u2e80-\u2fdf\ufb00-\ufb06]", text)
    # The overview's English, then its Chinese, then the tables.
    assert text.index(_squash("This briefing compares two articles")) < text.index("本简报比较2篇报道") < text.index("Ataglance")
    # Each summary row: its Chinese, then its English, then the next row.
    at = text.index("Articles")
    rows = result.briefing.articles[0].translations
    assert [t.zh for t in rows] == ZH
    for t in rows:
        i = text.index(_squash(t.zh), at)
        j = text.index(_squash(t.en), i)
        at = j


def test_pdf_keeps_each_row_and_the_table_header_on_every_page(pdf):
    """The long side-by-side table spans pages: no row is split from its English, and the header repeats."""
    _, path = pdf
    pages = _pages(path)
    text = "".join(pages)
    ends = [sum(len(p) for p in pages[: k + 1]) for k in range(len(pages))]

    def page_of(i: int) -> int:
        return next(k for k, e in enumerate(ends) if i < e)

    start = text.index(f"Summary({len(LONG)}of{len(LONG)}sentences)")  # article [2]'s table
    end = text.index("Figures", start)
    spanned = range(page_of(start), page_of(end) + 1)
    assert len(spanned) >= 2, "the long table should run over several pages"
    for zh in LONG:
        i = text.index(zh, start)
        assert i < end and _squash(LONG_EN[zh]) in pages[page_of(i)], zh  # the row, Chinese and English, on one page
    for k in spanned:
        assert "#中文English" in pages[k], k  # the header row, printed again on that page


def test_pdf_embeds_its_fonts_and_rebuilds_byte_identical(pdf):
    from pypdf import PdfReader

    result, path = pdf
    reader = PdfReader(path)
    fonts = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.append(font.get_object())
    assert fonts
    for font in fonts:
        if font["/Subtype"] == "/Type3":
            assert font["/CharProcs"]  # the glyphs are drawn inside the PDF
        else:
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
    again = render_briefing(result.briefing, RenderOptions(format="pdf"))
    assert again == path.read_bytes()


def test_pdf_without_chromium_says_how_to_get_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on it
    monkeypatch.delenv("ZHBRIEF_CHROMIUM", raising=False)
    src = _corpus(tmp_path)
    assert main(["build", str(src), "-o", str(tmp_path / "out"), "--format", "pdf"]) == 1
    err = capsys.readouterr().err
    assert "--format pdf needs headless Chromium" in err and "scripts/install_browser.sh" in err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


# -- DOCX -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_build(tmp_path_factory, module_home):
    base = tmp_path_factory.mktemp("docx")
    return _build(base, "docx")


def _text(cell) -> str:
    return " ".join(cell.text.split())


def test_docx_reopens_with_real_tables_and_both_scripts(docx_build):
    from docx import Document

    result, out = docx_build
    doc = Document(str(out / "briefing.docx"))
    paragraphs = [p.text for p in doc.paragraphs]
    assert any(p.startswith("This briefing compares two articles") for p in paragraphs)
    assert any(p.startswith("本简报比较2篇报道") for p in paragraphs)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert "Overview" in headings and "Key figures" in headings and "Glossary appendix" in headings
    tables = [(tuple(_text(c) for c in t.rows[0].cells), t) for t in doc.tables]
    side = [t for h, t in tables if h == ("#", "中文", "English")]
    assert len(side) == 2
    rows = [[_text(c) for c in r.cells] for r in side[0].rows[1:]]
    assert [r[1] for r in rows] == ZH
    assert [r[2] for r in rows] == [t.en for t in result.briefing.articles[0].translations]
    assert len(side[1].rows) == len(LONG) + 1
    # The header row repeats on every page of a long table.
    assert side[1].rows[0]._tr.trPr.xpath("./w:tblHeader")
    assert all(r._tr.trPr.xpath("./w:cantSplit") for r in side[1].rows)  # no row split across pages
    matrix = next(t for h, t in tables if h[:2] == ("Mechanism", "中文"))
    assert [_text(c) for c in matrix.rows[0].cells[2:]] == ["[1] Tianjin", "[2] Hengshui"]
    facts = result.briefing.comparison.articles
    for row in matrix.rows[1:]:
        zh = _text(row.cells[1])
        counts = [{m.zh: m.count for m in a.mechanisms}.get(zh, 0) for a in facts]
        assert [_text(c) for c in row.cells[2:]] == [f"● {n}" if n else "" for n in counts], zh


def test_docx_rebuilds_byte_identical(docx_build):
    result, out = docx_build
    assert render_briefing(result.briefing, RenderOptions(format="docx")) == (out / "briefing.docx").read_bytes()


def test_docx_converts_in_libreoffice(docx_build, tmp_path):
    """Optional: where LibreOffice is installed, it opens the file and converts it to PDF."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        pytest.skip("LibreOffice not installed (optional)")
    _, out = docx_build
    done = subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out / "briefing.docx")],
                          capture_output=True, text=True, timeout=180)
    converted = tmp_path / "briefing.pdf"
    assert converted.exists(), done.stderr[-2000:]
    assert "本简报比较2篇报道" in "".join(_pages(converted))
