"""Export and import: TSV, CSV and TBX-Basic round trips are lossless; imports report conflicts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from zhbrief.cli import main
from zhbrief.errors import EXIT_GLOSSARY
from zhbrief.glossary import load_glossary
from zhbrief.glossary.exchange import FORMATS, export_text, parse_import, plan_import
from zhbrief.glossary.io import add_entries
from zhbrief.models import GlossaryEntry
from zhbrief.paths import default_glossary

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Fields that break naive writers: commas, quotes, XML metacharacters, non-ASCII, every status.
TRICKY = (
    GlossaryEntry("双减", '"double reduction"', "policy", "eases homework, tutoring", "http://x.example/a?b=1&c=2", ""),
    GlossaryEntry("京津冀", "Beijing-Tianjin-Hebei", "place", "<region> & more", "", ""),
    GlossaryEntry("驼铃行动", "Camel Bell Action", "program", "", "", "draft"),
    GlossaryEntry("吕子豪", "Lü Zihao", "person", "", "", "transliterated"),
    GlossaryEntry("骨干教师", "backbone teachers", "role", "", "", ""),
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_is_lossless_for_tricky_fields(tmp_path, fmt):
    path = tmp_path / f"g.{fmt}"
    path.write_text(export_text(TRICKY, fmt), encoding="utf-8")
    assert tuple(parse_import(path)) == TRICKY


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_export_then_import_into_an_empty_glossary_reproduces_the_shipped_one(tmp_path, fmt, capsys):
    exported = tmp_path / f"education.{fmt}"
    assert main(["glossary", "export", "--format", fmt, "-o", str(exported)]) == 0
    target = tmp_path / "new.tsv"
    assert main(["glossary", "import", str(exported), "-g", str(target)]) == 0
    shipped = load_glossary(default_glossary()).entries
    assert load_glossary(target).entries == shipped
    assert f"added {len(shipped)}, unchanged 0, conflicts 0" in capsys.readouterr().out


def test_tbx_has_the_tbx_basic_structure():
    root = ET.fromstring(export_text(TRICKY, "tbx").encode("utf-8"))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    assert root.find("martifHeader/fileDesc/sourceDesc/p") is not None
    assert root.find("martifHeader/encodingDesc/p").get("type") == "XCSURI"
    entries = root.findall("text/body/termEntry")
    assert len(entries) == len(TRICKY)
    ids = [te.get("id") for te in entries]
    assert len(set(ids)) == len(ids) and all(ids)
    for te, e in zip(entries, TRICKY):
        langs = {ls.get(XML_LANG): ls for ls in te.findall("langSet")}
        assert set(langs) == {"zh-CN", "en"}
        assert langs["zh-CN"].findtext("tig/term") == e.zh
        assert langs["en"].findtext("tig/term") == e.en
        # TBX-Basic puts entry-level data categories before the langSets.
        children = [c.tag for c in te]
        assert children.index("langSet") == len(children) - 2
        assert te.find("descrip[@type='subjectField']").text == e.category
        statuses = [tn.text for tn in te.iter("termNote") if tn.get("type") == "administrativeStatus"]
        assert statuses and all(s.endswith("-admn-sts") for s in statuses)


def test_tbx_from_a_cat_tool_without_our_extras_imports(tmp_path):
    """A minimal TBX as memoQ or OmegaT writes it: no status, no subject field."""
    tbx = tmp_path / "cat.tbx"
    tbx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><martif type="TBX" xml:lang="en"><text><body>'
        '<termEntry><langSet xml:lang="zh-Hans"><tig><term>教育部</term></tig></langSet>'
        '<langSet xml:lang="en-US"><tig><term>Ministry of Education</term></tig></langSet></termEntry>'
        "</body></text></martif>",
        encoding="utf-8",
    )
    assert parse_import(tbx) == [GlossaryEntry("教育部", "Ministry of Education")]


def test_import_reports_conflicts_and_never_overwrites(tmp_path, capsys):
    target = tmp_path / "g.tsv"
    add_entries(target, [GlossaryEntry("保定", "Baoding", "place"), GlossaryEntry("双减", '"double reduction"', "policy")], create=True)
    before = target.read_bytes()
    incoming = tmp_path / "in.csv"
    incoming.write_text(
        'zh,en,category\n保定,City of Paul,place\n雙減,"""double reduction""",policy\n海淀区,Haidian District,place\n',
        encoding="utf-8",
    )
    assert main(["glossary", "import", str(incoming), "-g", str(target), "--dry-run"]) == EXIT_GLOSSARY
    assert target.read_bytes() == before
    assert main(["glossary", "import", str(incoming), "-g", str(target)]) == EXIT_GLOSSARY
    captured = capsys.readouterr()
    assert "conflict 保定: en: 'Baoding' -> 'City of Paul'" in captured.err
    assert "added 1, unchanged 1, conflicts 1" in captured.out  # 雙減 is 双减 after t2s
    g = load_glossary(target)
    assert g.lookup("保定").en == "Baoding" and g.lookup("海淀区").en == "Haidian District"


def test_plan_import_sorts_new_identical_and_conflicting():
    current = [GlossaryEntry("保定", "Baoding", "place")]
    report = plan_import(current, [GlossaryEntry("保定", "Baoding", "place"), GlossaryEntry("保定", "Paoting", "place"),
                                   GlossaryEntry("衡水", "Hengshui", "place")])
    assert [e.zh for e in report.added] == ["衡水"]
    assert len(report.unchanged) == 1 and report.conflicts[0][1].en == "Paoting"


def test_unknown_format_is_a_clear_error(tmp_path, capsys):
    assert main(["glossary", "export", "--format", "xlsx"]) == EXIT_GLOSSARY
    assert "unknown glossary format" in capsys.readouterr().err
