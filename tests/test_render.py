"""Rendering: the sections, layouts, escaping of hostile article text, self-contained HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from zhbrief.cli import main
from zhbrief.pipeline import BuildOptions, build
from zhbrief.render import RenderOptions
from zhbrief.summarize import SummarizeOptions
from zhbrief.render.markdown import escape_block, escape_cell

from conftest import FakeEngine

GLOSSARY_TSV = (
    "zh\ten\tcategory\tnote\tsource\tstatus\n"
    "义务教育\tcompulsory education\tpolicy\t\t\t\n"
    "交流教师\trotating teachers\trole\t\t\t\n"
    "保定市\tBaoding\tplace\t\t\t\n"
    "安阳市\tAnyang\tplace\t\t\t\n"
    "集团化办学\tschool-group operation\tpolicy\tnot 'groupism'\t\t\n"
)
# One sentence carries every kind of markup a scraped page can smuggle into a table or a page.
HOSTILE = "保定市发布消息称，交流教师|共计<script>alert(1)</script>名，代号`rm -rf`，另见 # 标题 与 **粗体** [链接](http://x)。"
ARTICLE_A = "保定市推进义务教育均衡发展的新举措\n" + HOSTILE + "\n保定市交流教师4587人，占符合交流条件教师比例为23.9%。\n全市义务教育学校共869所。\n"
ARTICLE_B = "安阳市集团化办学政策助推义务教育均衡发展\n安阳市目前已建立35个义务教育学校集团，参与学校113所，涉及学生13万余人。\n集团化办学成效明显。\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[Path], Path, dict]:
    base = tmp_path_factory.mktemp("render")
    inputs = base / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(ARTICLE_A, "utf-8")
    (inputs / "b.txt").write_text(ARTICLE_B, "utf-8")
    glossary = base / "g.tsv"
    glossary.write_text(GLOSSARY_TSV, "utf-8")
    return [inputs], glossary, {}  # the dict caches builds by render options within this module


def run(corpus, tmp_path, fresh: bool = False, full: bool = False, **render) -> dict[str, str]:
    """The files a build writes with these render options (built once per module unless fresh).

    full=True renders every body sentence, so a test does not depend on what the summarizer picks."""
    inputs, glossary, cache = corpus
    key = tuple(sorted(render.items())) + (("full", full),)
    if fresh or key not in cache:
        out = tmp_path / ("out_" + "_".join(f"{k}{v}" for k, v in key))
        options = BuildOptions(out_dir=out, glossary=glossary, full=full, render=RenderOptions(**render))
        build(inputs, options, engine=FakeEngine({"保定市推进义务教育均衡发展的新举措": "Baoding advances balanced compulsory education"}))
        cache[key] = {p.name: p.read_text("utf-8") for p in sorted(out.iterdir())}
    return cache[key]


SECTIONS = ["# 对比简报", "## Overview", "## Who reports what", "## At a glance", "## Themes", "## Key figures", "## Articles", "## Glossary appendix", "## Provenance"]


def test_comparative_briefing_has_its_sections_in_order(corpus, tmp_path):
    md = run(corpus, tmp_path)["briefing.md"]
    positions = [md.find("\n" + s) if i else md.find(s) for i, s in enumerate(SECTIONS)]
    assert all(p >= 0 for p in positions), dict(zip(SECTIONS, positions))
    assert positions == sorted(positions)
    assert "**2 sources** · dates not stated" in md
    assert "fake engine" in md and "glossary " in md  # the signature
    assert "OPUS-MT" in md and "CC-BY 4.0" in md
    # The headline figures of each article, tied to their sentences.
    for figure in ("4,587 people", "23.9%", "869", "35", "113", "more than 130,000 people"):
        assert f"| {figure} |" in md, figure
    assert "Baoding" in md and "Anyang" in md  # regions
    assert "| not stated |" in md  # no date or outlet stated: said so, not left blank


def test_glossary_appendix_lists_every_term_used_with_its_note(corpus, tmp_path):
    md = run(corpus, tmp_path)["briefing.md"]
    appendix = md.split("## Glossary appendix")[1].split("## Provenance")[0]
    rows = [ln for ln in appendix.splitlines() if ln.startswith("| ") and not ln.startswith("| 中文")]
    assert [r.split(" | ")[0][2:] for r in rows] == sorted(["交流教师", "保定市", "安阳市", "义务教育", "集团化办学"])
    assert "not 'groupism'" in appendix


def _gfm_tables(md: str):
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(md)
    return tokens


def test_hostile_text_cannot_break_a_markdown_table_or_inject_markup(corpus, tmp_path):
    """Regression: a pipe split a cell, <script> became HTML, a backtick opened a code span."""
    files = run(corpus, tmp_path, full=True)
    for name in ("briefing.md", "a.md"):
        md = files[name]
        tokens = _gfm_tables(md)
        assert not {t.type for t in tokens} & {"html_block", "code_block", "fence"}, name
        hostile = [t for t in tokens if t.type == "inline" and "alert(1)" in t.content]
        assert hostile, name
        # The hostile text parses as plain text: no HTML, code span, link or emphasis inside it.
        assert {c.type for t in hostile for c in t.children} == {"text"}, name
        # Every row of the summary table has exactly three cells, and the hostile sentence is one of them.
        cells = [t.children[0].content for t in tokens if t.type == "inline" and t.children and "alert(1)" in t.content]
        assert any(c.startswith("保定市发布消息称，交流教师|共计<script>alert(1)</script>名") for c in cells), cells
        headings = [t for t in tokens if t.type == "heading_open"]
        heading_text = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert not any(h.strip() == "标题 与 **粗体**" for h in heading_text)
        assert len(headings) == md.count("\n#") + md.startswith("#")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [(k, v or "") for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_text_shows_as_text_in_html(corpus, tmp_path):
    files = run(corpus, tmp_path, full=True, format="html")
    assert sorted(files) == ["a.html", "b.html", "briefing.html"]
    for name, page in files.items():
        p = _Collect()
        p.feed(page)
        assert "script" not in p.tags and "a" not in p.tags and "strong" in p.tags  # our own bold labels only
        assert p.links == []  # self-contained: no external request
        text = "".join(p.text)
        if name != "b.html":
            assert "交流教师|共计<script>alert(1)</script>名，代号`rm -rf`，另见 # 标题 与 **粗体** [链接](http://x)。" in text
        assert "<style>" in page and "@media print" in page and "max-width: 640px" in page


def test_html_marks_the_two_columns_with_their_language(corpus, tmp_path):
    page = run(corpus, tmp_path, format="html")["briefing.html"]
    assert '<table class="bilingual aligned">' in page
    zh = re.findall(r'<td lang="zh-Hans">([^<]*)', page)
    en = re.findall(r'<td lang="en">([^<]*)', page)
    assert any("35个义务教育学校集团" in z for z in zh)
    assert "Baoding advances balanced compulsory education" in en
    # the fake engine's "EN[…]" (and its clause view) aside, no Chinese in the English column
    assert not any(re.search(r"[\u4e00-\u9fff]", e) for e in en if "EN[" not in e)


@pytest.mark.parametrize("layout", ["side-by-side", "interleaved", "en-only"])
def test_layouts(corpus, tmp_path, layout):
    md = run(corpus, tmp_path, layout=layout)["b.md"]
    summary = md.split("### Summary")[1].split("### Figures")[0]
    if layout == "side-by-side":
        assert "| # | 中文 | English |" in summary and "| s1 | 安阳市目前已建立" in summary
    elif layout == "interleaved":
        # Chinese paragraph, then its English, each a paragraph of its own, in document order.
        blocks = [b.strip() for b in summary.split("\n\n") if b.strip()]
        i = blocks.index("**¶ s1, s2**") if "**¶ s1, s2**" in blocks else blocks.index("**¶ s1**")
        # the fake engine leaves Chinese in its English: the sentence is marked doubtful
        assert blocks[i + 1].startswith("安阳市目前已建立") and blocks[i + 2].startswith("⚠ EN\\[安阳市目前已建立")
        assert "|" not in summary
    else:
        assert "| # | English |" in summary and "中文" not in summary and "安阳市目前" not in summary.replace("EN\\[安阳市目前", "")


def test_full_translates_every_body_sentence(corpus, tmp_path):
    inputs, glossary, _ = corpus
    fake = FakeEngine()
    out = tmp_path / "full"
    result = build(inputs, BuildOptions(out_dir=out, glossary=glossary, full=True), engine=fake)
    for ab in result.briefing.articles:
        assert [t.sentence_id for t in ab.translations] == [s.id for s in ab.article.body]
    assert "(3 of 3 sentences)" in (out / "a.md").read_text("utf-8")
    assert "full" in result.briefing.signature


def test_output_is_byte_identical_on_rerun(corpus, tmp_path):
    first = run(corpus, tmp_path / "1", fresh=True, format="html")
    second = run(corpus, tmp_path / "2", fresh=True, format="html")
    assert first == second


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a|b", "a\\|b"),
        ("<b>x</b>", "\\<b\\>x\\</b\\>"),
        ("`code`", "\\`code\\`"),
        ("# 标题", "\\# 标题"),
        ("back\\slash", "back\\\\slash"),
        ("行一\n行二\t行三", "行一 行二 行三"),
        ("&lt;", "&amp;lt;"),
        ("A & B", "A & B"),
        ("~~删除~~", "\\~\\~删除\\~\\~"),
    ],
)
def test_escape_cell(text, expected):
    assert escape_cell(text) == expected


@pytest.mark.parametrize("text", ["- 列表", "+ 列表", "1. 列表", "2) 列表", "=== 标题", "--- 分隔"])
def test_escape_block_keeps_a_paragraph_a_paragraph(text):
    tokens = MarkdownIt("commonmark").parse("前文\n\n" + escape_block(text))
    assert [t.type for t in tokens if t.nesting == 1] == ["paragraph_open", "paragraph_open"]


@pytest.mark.parametrize("args", [["--layout", "columns"], ["--format", "odt"]])
def test_cli_rejects_unknown_layout_or_format(tmp_path, capsys, args):
    assert main(["build", str(tmp_path), "-o", str(tmp_path / "o"), *args]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.model
def test_real_model_fills_both_columns_and_translates_what_figures_count(real_model, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE_B, "utf-8")
    result = build([src], BuildOptions(out_dir=tmp_path / "out", render=RenderOptions(format="html")))
    [ab] = result.briefing.articles
    assert ab.translations and all(t.en and not re.search(r"[\u4e00-\u9fff]", t.en) for t in ab.translations)
    figures = {f.text: f for f in result.briefing.comparison.articles[0].figures}
    assert "35" in figures["35个"].context_en and "113" in figures["113所"].context_en
    page = (tmp_path / "out" / "a.html").read_text("utf-8")
    assert '<td lang="en">' in page and '<td lang="zh-Hans">安阳市目前已建立35个义务教育学校集团' in page


def test_briefing_quotes_what_only_one_article_reports_with_its_english(corpus, tmp_path):
    """The Themes section quotes the cross-article overlap side by side, not just term lists."""
    md = run(corpus, tmp_path)["briefing.md"]
    section = md[md.index("### Reported by one article only") : md.index("## Key figures")]
    rows = [ln for ln in section.splitlines() if ln.startswith("| [") or ln.startswith("| \\[")]
    assert len(rows) == 2  # one distinctive point per article
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        # The fake engine's English of that very sentence (brackets escaped in the cell), marked: it is
        # left untranslated.
        assert cells[3].startswith("⚠ EN\\[" + cells[2] + "\\] (") and "Chinese left untranslated" in cells[3]


def test_a_key_figure_s_row_says_what_its_clause_s_translation_flagged(corpus, tmp_path):
    """The fake engine leaves each figure's clause untranslated: the row says so, in the English cell."""
    md = run(corpus, tmp_path)["briefing.md"]
    section = md[md.index("## Key figures") : md.index("## Articles")]
    row = next(ln for ln in section.splitlines() if ln.startswith("| more than 130,000 people |"))
    english = row.split(" | ")[3]
    assert english.startswith("⚠ EN\\[") and "(number mismatch: 13万余 → more than 130,000" in english
    assert "Chinese left untranslated" in english


# -- the first page: overview, matrix, timeline, folded tables --------------------------------------


def _section(md: str, start: str, end: str) -> str:
    return md[md.index(start) : md.index(end)]


def _overview_paragraphs(md: str) -> tuple[str, str]:
    paras = [p for p in _section(md, "## Overview", "## Who reports what").split("\n\n")[1:] if p.strip()]
    assert len(paras) == 2, paras
    return paras[0], paras[1]


def test_overview_states_the_comparisons_facts_in_english_and_chinese(corpus, tmp_path):
    en, zh = _overview_paragraphs(run(corpus, tmp_path)["briefing.md"])
    assert en.startswith("This briefing compares two articles from Baoding and Anyang, none of them dated.")
    assert zh.startswith("本简报比较2篇报道，来自保定市、安阳市，均未注明日期。")
    # 义务教育 (policy) is in both bodies; 集团化办学 only in Anyang's; 交流教师 is a role, not a mechanism.
    assert "Both name “compulsory education”." in en and "2篇都提到义务教育" in zh
    assert "Named by one article only: “school-group operation” (\\[2\\] Anyang)." in en
    assert "仅一篇提到：集团化办学（\\[2\\] 安阳市）。" in zh
    assert "rotating teachers" not in en
    # The fake engine leaves every figure's clause untranslated: its checks fail, so no figure is named.
    assert "Figures" not in en and "数字" not in zh
    assert 3 <= en.count(". ") + 1 <= 6


def test_overview_names_only_figures_whose_translation_passed_every_check(corpus, tmp_path):
    inputs, glossary, _ = corpus
    engine = FakeEngine({
        "涉及学生13万余人": "More than 130,000 students",  # passes: value and "more than" kept
        "目前已建立35个义务教育学校集团": "About 35 school groups",  # fails: 35个 is exact, not "about"
        "安阳市目前已建立35个义务教育学校集团": "About 35 school groups",
    })
    out = tmp_path / "out"
    result = build(inputs, BuildOptions(out_dir=out, glossary=glossary), engine=engine)
    en, zh = _overview_paragraphs((out / "briefing.md").read_text("utf-8"))
    verified = [f for a in result.briefing.comparison.articles for f in a.key_figures if f.verified]
    assert [f.text for f in verified] == ["13万余人"]
    assert "Figures whose translation passed every check: more than 130,000 people (“More than 130,000 students”, \\[2\\] Anyang)." in en
    assert "译文通过全部检查的数字：13万余人（“涉及学生13万余人”，\\[2\\] 安阳市）。" in zh
    assert "About 35" not in en and "35个" not in zh


def test_matrix_marks_each_mechanism_an_article_names_with_its_mentions(corpus, tmp_path):
    inputs, glossary, _ = corpus
    out = tmp_path / "out"
    result = build(inputs, BuildOptions(out_dir=out, glossary=glossary), engine=FakeEngine())
    md = (out / "briefing.md").read_text("utf-8")
    table = _section(md, "### Mechanisms named, by article", "## At a glance")
    assert "| Mechanism | 中文 | \\[1\\] Baoding | \\[2\\] Anyang |" in table
    counts = [{m.zh: m.count for m in a.mechanisms} for a in result.briefing.comparison.articles]
    for en, zh in (("compulsory education", "义务教育"), ("school-group operation", "集团化办学")):
        row = next(ln for ln in table.splitlines() if ln.startswith(f"| {en} | {zh} |"))
        marks = [c.strip() for c in row.strip("| ").split(" | ")[2:]]
        assert marks == [f"● {c[zh]}" if c.get(zh) else "" for c in counts], row
    assert "rotating teachers" not in table  # a role names who, not a mechanism
    page = (out / "briefing.html") if (out / "briefing.html").exists() else None
    assert page is None  # Markdown only: the HTML grid is tested in test_browser.py


FOLD_GLOSSARY = GLOSSARY_TSV + "教育局\tEducation Bureau\tinstitution\t\t\t\n"
FOLD_A = "保定市交流教师新举措\n保定市交流教师4587人，占符合交流条件教师比例为23.9%。\n会后，教育局相关负责人回答了记者提问。\n"


def test_long_tables_show_the_rows_the_briefing_uses_and_fold_the_rest(tmp_path):
    """A term only in a sentence the summary left out goes to a folded section: named in Markdown and
    in the PDF's page, a closed <details> in HTML."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(FOLD_A, "utf-8")
    (inputs / "b.txt").write_text(ARTICLE_B, "utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text(FOLD_GLOSSARY, "utf-8")
    pages = {}
    for fmt in ("md", "html"):
        options = BuildOptions(out_dir=tmp_path / fmt, glossary=glossary, render=RenderOptions(format=fmt),
                               summarize=SummarizeOptions(sentences=1))
        result = build([inputs], options, engine=FakeEngine())
        pages[fmt] = (tmp_path / fmt / f"briefing.{fmt}").read_text("utf-8")
    shown = [t.zh for ab in result.briefing.articles for t in ab.translations]
    assert not any("教育局" in s for s in shown)  # the summary left that sentence out
    md = pages["md"]
    appendix = _section(md, "## Glossary appendix", "## Provenance")
    assert "| 教育局 |" not in appendix and "| 交流教师 |" in appendix
    assert "*Other glossary entries used in the articles: 1 more, in the HTML and DOCX briefings" in appendix
    assert "| 教育局 |" not in _section(md, "## Themes", "## Key figures")
    html = pages["html"]
    folded = re.findall(r"<details>\n<summary>([^<]*)</summary>(.*?)</details>", html, re.S)
    assert ("Other glossary entries used in the articles (1)" in [t for t, _ in folded])
    assert any("教育局" in body and "Education Bureau" in body for _, body in folded)
    from zhbrief.render.html import to_html
    from zhbrief.render.markdown import briefing_blocks

    printed = to_html(briefing_blocks(result.briefing), "t", for_print=True)
    assert "<details" not in printed and "Other glossary entries used in the articles: 1 more" in printed


# -- the doubt mark ---------------------------------------------------------------------------------


def test_a_doubtful_row_is_marked_with_its_reason_and_a_sound_row_stays_clean(tmp_path):
    """Every English cell a check failed on carries the one mark and the reason in words, the Flags table
    and the at-a-glance table count it; a sound row reads as before."""
    src = tmp_path / "in"
    src.mkdir()
    title = "保定市推进义务教育均衡发展"
    sound, wrong = "保定市交流教师4587人。", "保定市义务教育学校共869所。"
    (src / "a.txt").write_text(f"{title}\n{sound}\n{wrong}\n", "utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text(GLOSSARY_TSV, "utf-8")
    engine = FakeEngine({title: "Baoding advances balanced compulsory education",
                         sound: "Baoding has 4587 rotating teachers.",
                         wrong: "Baoding has 869 schools."})  # 义务教育 (compulsory education) dropped
    out = tmp_path / "out"
    build([src], BuildOptions(out_dir=out, glossary=glossary, full=True), engine=engine)
    md = next(p for p in out.iterdir() if p.name != "briefing.md").read_text("utf-8")
    row = {zh: next(ln for ln in md.splitlines() if ln.startswith("| s") and zh in ln) for zh in (sound, wrong)}
    assert row[sound].endswith("| Baoding has 4587 rotating teachers. |")
    assert "⚠ Baoding has 869 schools. (term not enforced: 义务教育 → compulsory education)" in row[wrong]
    assert "⚠ marks English not to take on trust" in md  # explained once, at the top
    flags = md[md.index("Flags (1 of 3 rows ⚠)"):]
    assert "| s2 | term not enforced: 义务教育 → compulsory education |" in flags
