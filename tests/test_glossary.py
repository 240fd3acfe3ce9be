"""The glossary as a user meets it: the shipped file, matching, edits that keep the file intact, and the linter."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from zhbrief.cli import main
from zhbrief.errors import EXIT_GLOSSARY, GlossaryError
from zhbrief.glossary import load_glossary
from zhbrief.glossary.check import CATEGORIES, Level, check_file, check_text
from zhbrief.glossary.io import add_entries, read_file, remove_entry
from zhbrief.models import GlossaryEntry
from zhbrief.paths import default_glossary

from conftest import DATA

SHIPPED = default_glossary()
MIN_ENTRIES = 300

SMALL = """# A comment that edits must keep.
zh\ten\tcategory\tnote\tsource\tstatus
义务教育\tcompulsory education\tpolicy\t\t\t
保定\tBaoding\tplace\t\t\t
# a comment in the middle
集团\tgroup\tinstitution\t\t\t
集团化办学\tschool-group operation\tpolicy\t\t\t
骨干教师\tbackbone teachers\trole\t\t\t
"""


@pytest.fixture
def small(tmp_path) -> Path:
    p = tmp_path / "g.tsv"
    p.write_text(SMALL, encoding="utf-8")
    return p


# --- the shipped glossary -------------------------------------------------------------------


def test_shipped_glossary_is_large_sorted_unique_and_passes_check():
    g = load_glossary(SHIPPED)
    assert len(g.entries) >= MIN_ENTRIES
    zh = [e.zh for e in g.entries]
    assert zh == sorted(zh) and len(set(zh)) == len(zh)
    errors = [p for p in check_file(SHIPPED) if p.level is not Level.INFO]
    assert errors == [], "\n".join(p.format(str(SHIPPED)) for p in errors)


def test_shipped_glossary_uses_documented_categories_and_keeps_sources():
    g = load_glossary(SHIPPED)
    assert {e.category for e in g.entries} <= set(CATEGORIES)
    readme = (SHIPPED.parent / "README.md").read_text(encoding="utf-8")
    for category in {e.category for e in g.entries}:
        assert f"`{category}`" in readme, f"category {category} is not documented in glossary/README.md"
    with_url = [e for e in g.entries if e.source.startswith("http")]
    assert len(with_url) >= 50, "the sourced reference renderings must keep their URLs"


@pytest.mark.parametrize(
    "zh, en",
    [
        ("骨干教师", "backbone teachers"),
        ("集团化办学", "school-group operation"),
        ("京蒙", "Beijing-Inner Mongolia"),
        ("保定", "Baoding"),
        ("海淀区", "Haidian District"),
        ("莲池区", "Lianchi District"),
        ("北京二十二中", "Beijing No. 22 Middle School"),
        ("双减", '"double reduction"'),
    ],
)
def test_shipped_renderings_read_as_official_english(zh, en):
    """Regression: the model alone says "cadre teachers", "Groupism", "Kyoto", "City of Paul", "Haitian"."""
    assert load_glossary(SHIPPED).lookup(zh).en == en


def test_check_command_passes_on_the_shipped_glossary(capsys):
    assert main(["glossary", "check"]) == 0
    captured = capsys.readouterr()
    assert "0 errors" in captured.err + captured.out


# --- matching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("推进集团化办学改革", ["集团化办学"]),  # longest match wins over 集团
        ("教育集团与集团化办学", ["集团", "集团化办学"]),
        ("保定市莲池区骨干教师", ["保定", "骨干教师"]),  # 保定市 absent from this glossary
        ("", []),
        ("没有术语的句子。", []),
    ],
)
def test_match_is_longest_first_left_to_right_and_non_overlapping(small, text, expected):
    hits = load_glossary(small).match(text)
    assert [h.zh for h in hits] == expected
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:]))
    assert all(text[h.start : h.end].startswith(h.zh[:1]) for h in hits)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("选派100名校长到北京", ["校长"]),  # 100 principals, not 名校长 "master principals"
        ("已有40余名校长完成培训", ["校长"]),
        ("建立名校长工作室", ["名校长工作室"]),  # no figure before it: the term stands
        ("实施百名校长培育工程", ["百名校长培育工程"]),  # a programme name keeps its numeral
    ],
)
def test_a_measure_word_after_a_figure_never_starts_a_term(tmp_path, text, expected):
    """Regression: "选派100名校长" was rendered "100 master principals"."""
    p = tmp_path / "g.tsv"
    p.write_text(
        "zh\ten\tcategory\tnote\tsource\tstatus\n名校长\tmaster principals\trole\t\t\t\n"
        "名校长工作室\tmaster principal studio\tprogram\t\t\t\n校长\tprincipal\trole\t\t\t\n"
        "百名校长培育工程\tHundred Principals Training Project\tprogram\t\t\t\n", encoding="utf-8")
    assert [h.zh for h in load_glossary(p).match(text)] == expected


@pytest.mark.parametrize(
    "text, zh, original",
    [
        ("推進集團化辦學", "集团化办学", "集團化辦學"),
        ("保定蓮池區(qū)的骨幹教師", "骨干教师", "骨幹教師"),  # a pinyin reading before the term shifts nothing
        ("骨(gǔ)幹(gàn)教師", "骨干教师", "骨(gǔ)幹(gàn)教師"),  # readings inside the term are skipped
    ],
)
def test_traditional_text_matches_simplified_entries_with_spans_in_the_given_text(small, text, zh, original):
    hits = load_glossary(small).match(text)
    hit = next(h for h in hits if h.zh == zh)
    assert text[hit.start : hit.end] == original


def test_lookup_accepts_traditional_and_sha256_and_path_describe_the_file(small):
    import hashlib

    g = load_glossary(small)
    assert g.lookup("骨幹教師").en == "backbone teachers"
    assert g.lookup("不存在") is None
    assert g.sha256 == hashlib.sha256(small.read_bytes()).hexdigest()
    assert g.path == str(small)


def test_load_refuses_a_file_without_header(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("义务教育\tcompulsory education\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="header"):
        load_glossary(p)


# --- edits ----------------------------------------------------------------------------------


def test_add_inserts_at_the_sorted_place_keeping_comments_and_other_lines(small):
    before = small.read_text(encoding="utf-8").splitlines()
    add_entries(small, [GlossaryEntry("教育部", "Ministry of Education", "institution")])
    after = small.read_text(encoding="utf-8").splitlines()
    assert [ln for ln in after if not ln.startswith("教育部")] == before
    zh = [r.entry().zh for r in read_file(small).rows]
    assert zh == sorted(zh) and "教育部" in zh
    assert check_file(small) == [p for p in check_file(small) if p.level is Level.INFO]


def test_add_refuses_a_duplicate_and_leaves_the_file_untouched(small):
    data = small.read_bytes()
    with pytest.raises(GlossaryError, match="already in the glossary"):
        add_entries(small, [GlossaryEntry("保定", "Paoting", "place")])
    assert small.read_bytes() == data


def test_remove_deletes_only_that_line(small):
    removed = remove_entry(small, "集团")
    assert removed.en == "group"
    text = small.read_text(encoding="utf-8")
    assert "集团\tgroup" not in text and "# a comment in the middle" in text and "集团化办学" in text
    with pytest.raises(GlossaryError, match="not in the glossary"):
        remove_entry(small, "集团")


def test_an_edit_that_crashes_mid_write_leaves_the_old_file(small, monkeypatch):
    """Regression: a crash while writing must never leave a half-written glossary."""
    data = small.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        add_entries(small, [GlossaryEntry("教育部", "Ministry of Education", "institution")])
    assert small.read_bytes() == data
    assert [p.name for p in small.parent.iterdir()] == [small.name], "temporary file left behind"


def test_cli_add_and_remove_and_refusals(small, capsys):
    g = ["-g", str(small)]
    assert main(["glossary", "add", "教育部", "Ministry of Education", "-c", "institution", *g]) == 0
    assert main(["glossary", "add", "教育部", "Education Ministry", *g]) == EXIT_GLOSSARY
    assert "already in the glossary" in capsys.readouterr().err
    assert main(["glossary", "add", "學校", "school", *g]) == EXIT_GLOSSARY
    assert "not simplified" in capsys.readouterr().err
    assert main(["glossary", "remove", "教育部", *g]) == 0
    assert small.read_text(encoding="utf-8") == SMALL


def test_cli_list_and_show(small, capsys):
    assert main(["glossary", "list", "--category", "place", "-g", str(small)]) == 0
    assert capsys.readouterr().out.splitlines() == ["保定\tBaoding\tplace"]
    assert main(["glossary", "list", "--search", "group", "-g", str(small)]) == 0
    assert [ln.split("\t")[0] for ln in capsys.readouterr().out.splitlines()] == ["集团", "集团化办学"]
    assert main(["glossary", "show", "集團化辦學", "-g", str(small)]) == 0
    out = capsys.readouterr().out
    assert "school-group operation" in out and "contains: 集团" in out
    assert main(["glossary", "show", "不存在", "-g", str(small)]) != 0


# --- the linter -----------------------------------------------------------------------------

ERRORS_FILE = DATA / "glossary_errors.tsv"


@pytest.mark.parametrize(
    "line, code, words",
    [
        (4, "duplicate", ["义务教育", "line 3"]),
        (6, "conflict", ["Paoting", "Baoding", "line 5"]),
        (8, "not-simplified", ["學區", "学区"]),
        (9, "empty-field", ["en is empty"]),
        (10, "whitespace", ["en", "' education bureau'"]),
        (11, "columns", ["7 fields, expected 6"]),
        (12, "columns", ["4 fields, expected 6"]),
        (12, "empty-field", ["category is empty"]),
        (15, "unsorted", ["交流教师", "骨干教师", "line 14"]),
    ],
)
def test_check_reports_each_seeded_error_with_a_clear_message(line, code, words):
    problems = [p for p in check_file(ERRORS_FILE) if p.line == line and p.code == code]
    assert len(problems) == 1, check_file(ERRORS_FILE)
    assert problems[0].level is Level.ERROR
    for w in words:
        assert w in problems[0].message


def test_check_reports_overlaps_as_info_not_errors():
    overlaps = [p for p in check_file(ERRORS_FILE) if p.code == "overlap"]
    assert [(p.level, p.line) for p in overlaps] == [(Level.INFO, 13)]
    assert "longest match wins" in overlaps[0].message


def test_check_command_exits_non_zero_with_one_line_per_error(capsys):
    assert main(["glossary", "check", str(ERRORS_FILE)]) == EXIT_GLOSSARY
    err = capsys.readouterr().err
    assert len([ln for ln in err.splitlines() if ": error: " in ln]) == 9
    assert "9 errors" in err


def test_check_of_a_file_without_header():
    assert [p.code for p in check_text("# only a comment\n")] == ["no-header"]


def _reference() -> Path | None:
    """The 71 sourced reference pairs in shared/ (beside the repository in CI), when present."""
    from conftest import REPO

    for base in (REPO.parent / "shared", Path("/work/shared")):
        if (base / "glossary_reference.tsv").is_file():
            return base / "glossary_reference.tsv"
    return None


def test_every_sourced_reference_term_has_one_entry_with_a_source():
    ref = _reference()
    if ref is None:
        pytest.skip("shared/glossary_reference.tsv not found")
    import re

    g = load_glossary(SHIPPED)
    rows = ref.read_text(encoding="utf-8").splitlines()[1:]
    # The reference writes context after the term: 一专多能（教师）, 教育人才“组团式”帮扶（援藏）.
    def entry(zh: str):
        bare = re.sub(r"（[^）]*）$", "", zh).replace("“", "").replace("”", "")
        return g.lookup(zh) or g.lookup(bare)

    terms = {r.split("\t")[0] for r in rows if r}
    assert sorted(t for t in terms if entry(t) is None) == []
    assert sorted(t for t in terms if not entry(t).source) == []


FORMS = "zh\ten\tcategory\tnote\tsource\tstatus\tforms\n帮扶\tassistance\tpolicy\t\t\t\tassist|assisted| assisting\n"


def test_the_forms_column_reaches_the_term_hits(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text(FORMS, encoding="utf-8")
    [hit] = load_glossary(p).match("被帮扶的学校")
    assert (hit.en, hit.forms) == ("assistance", ("assist", "assisted", "assisting"))
    [plain] = load_glossary(SHIPPED).match("推进集团化办学")
    assert plain.forms == ()


def test_check_refuses_a_form_that_is_not_another_english_form():
    bad = "zh\ten\tcategory\tnote\tsource\tstatus\tforms\n帮扶\tassistance\tpolicy\t\t\t\tassist|帮助|Assistance\n"
    problems = [p for p in check_text(bad) if p.code == "forms"]
    assert [p.line for p in problems] == [2, 2]
    assert "'帮助'" in problems[0].message and "'Assistance'" in problems[1].message


def test_cli_add_writes_forms_and_refuses_them_without_a_forms_column(small, tmp_path, capsys):
    assert main(["glossary", "add", "帮扶", "assistance", "--forms", "assist | assisted", "-g", str(small)]) == EXIT_GLOSSARY
    assert "no forms column" in capsys.readouterr().err
    assert small.read_text(encoding="utf-8") == SMALL
    p = tmp_path / "f.tsv"
    p.write_text(FORMS, encoding="utf-8")
    assert main(["glossary", "add", "结对帮扶", "paired assistance", "--forms", "pair up|paired up", "-g", str(p)]) == 0
    assert "结对帮扶\tpaired assistance\tpolicy\t\t\t\tpair up|paired up" in p.read_text(encoding="utf-8").splitlines()
