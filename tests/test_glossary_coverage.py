"""coverage and suggest: ranked entry use, candidate terms with no entry, drafts a human can accept."""

from __future__ import annotations

import re

import pytest

from zhbrief.cli import main
from zhbrief.glossary import load_glossary
from zhbrief.glossary.check import Level, check_file
from zhbrief.glossary.coverage import CandidateFinder, coverage, read_corpus
from zhbrief.glossary.io import add_entries
from zhbrief.glossary.suggest import Cedict, draft_entry, suggest
from zhbrief.models import GlossaryEntry

from conftest import DATA, FakeEngine

CORPUS = DATA / "glossary_corpus"  # one simplified and one traditional article of our own
ENTRIES = [
    GlossaryEntry("乡村学校", "rural schools", "school"),
    GlossaryEntry("教育集团", "education group", "institution"),
    GlossaryEntry("商都县", "Shangdu County", "place"),
    GlossaryEntry("结对帮扶", "paired assistance", "policy"),
    GlossaryEntry("集团化办学", "school-group operation", "policy"),
    GlossaryEntry("骨干教师", "backbone teachers", "role"),
]


@pytest.fixture(scope="module")
def _jieba_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def shared_cache(_jieba_cache, monkeypatch):
    """One jieba dictionary cache for the module, so each test does not rebuild it."""
    monkeypatch.setenv("ZHBRIEF_CACHE", str(_jieba_cache))


@pytest.fixture
def glossary_file(tmp_path):
    path = tmp_path / "g.tsv"
    add_entries(path, ENTRIES, create=True)
    return path


@pytest.fixture(scope="module")
def cedict() -> Cedict:
    return Cedict()


def test_read_corpus_normalizes_traditional_articles():
    docs, failures = read_corpus([CORPUS])
    assert failures == [] and len(docs) == 2
    assert all("集团化办学" in d.text for d in docs)  # 集團化辦學 was converted


def test_coverage_counts_entries_and_ranks_candidates_seen_in_both_articles_first(glossary_file, tmp_path):
    g = load_glossary(glossary_file)
    docs, _ = read_corpus([CORPUS])
    report = coverage(g, docs, CandidateFinder(g))
    used = {u.entry.zh: (u.count, u.documents) for u in report.used}
    assert used["乡村学校"] == (6, 2) and used["集团化办学"] == (2, 2) and used["教育集团"][1] == 1
    assert [e.zh for e in report.unused] == []
    by_zh = {c.zh: c for c in report.candidates}
    assert "青苗成长计划" in [c.zh for c in report.candidates[:3]]
    c = by_zh["青苗成长计划"]
    assert (c.kind, c.category, c.count, c.documents) == ("quoted", "program", 4, 2)
    assert by_zh["关于推进县域教育集团建设的实施意见"].kind == "document"
    assert by_zh["胡金城"].en == "Hu Jincheng" and by_zh["胡金城"].category == "person"
    assert "城区优质学校" in by_zh
    # Nothing already in the glossary is proposed again.
    assert not {e.zh for e in ENTRIES} & set(by_zh)
    ranks = [(-c.documents, -c.count) for c in report.candidates]
    assert ranks == sorted(ranks)


def test_coverage_command_prints_ranked_sections(glossary_file, capsys):
    assert main(["glossary", "coverage", str(CORPUS), "-g", str(glossary_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 6 of 6 entries occur in 2 documents")
    assert re.search(r"^\s+6\s+2\s+乡村学校\trural schools$", out, re.M)
    assert re.search(r"^\s+4\s+2\s+quoted\s+program\s+青苗成长计划$", out, re.M)


def test_suggest_drafts_from_the_model_and_cedict(glossary_file, cedict, tmp_path):
    g = load_glossary(glossary_file)
    finder = CandidateFinder(g)
    docs, _ = read_corpus([CORPUS])
    candidates = finder.candidates(docs)[:4]
    engine = FakeEngine({"青苗成长计划": "Green Seedling Growth Plan"})
    out = suggest(candidates, engine, cedict, segment=lambda zh: finder.tagger.tokenizer.lcut(zh, HMM=False))
    s = {x.candidate.zh: x for x in out}
    assert s["青苗成长计划"].draft_en == "Green Seedling Growth Plan"
    assert "to mature" in s["青苗成长计划"].gloss and " + " in s["青苗成长计划"].gloss  # word by word
    assert s["胡金城"].draft_en == "Hu Jincheng" and s["胡金城"].model_en == ""  # names are not sent to the model
    assert engine.calls == len([c for c in candidates if not c.en])
    entry = draft_entry(s["青苗成长计划"])
    assert entry.status == "draft" and "CC-CEDICT:" in entry.note


def test_cedict_gloss_of_a_dictionary_word_drops_classifier_noise(cedict):
    assert cedict.gloss("教师") == "teacher"
    assert cedict.gloss("城区") == "city district; urban area"
    assert cedict.gloss("不是词语的字符串", ["不是词语的字符串"]) == ""


def test_suggest_write_appends_only_accepted_drafts_and_the_file_still_passes_check(glossary_file, capsys):
    args = ["glossary", "suggest", str(CORPUS), "--no-model", "-g", str(glossary_file)]
    assert main([*args, "--write", "-a", "青苗成长计划", "-a", "胡金城"]) == 0
    assert "appended 2 draft entries" in capsys.readouterr().out
    g = load_glossary(glossary_file)
    assert g.lookup("青苗成长计划").status == "draft" and g.lookup("青苗成长计划").category == "program"
    assert g.lookup("胡金城").en == "Hu Jincheng"
    assert len(g.entries) == len(ENTRIES) + 2
    assert [p for p in check_file(glossary_file) if p.level is Level.ERROR] == []
    assert main([*args, "--write", "-a", "不存在"]) != 0  # not among the suggestions: nothing written
    assert len(load_glossary(glossary_file).entries) == len(ENTRIES) + 2


@pytest.mark.model
def test_suggest_with_the_real_model_gives_english_drafts(real_model, glossary_file, capsys):
    assert main(["glossary", "suggest", str(CORPUS), "-n", "3", "-g", str(glossary_file)]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if not ln.startswith("#")]
    assert len(lines) == 3
    row = next(ln.split("\t") for ln in lines if ln.split("\t")[0].endswith("青苗成长计划"))
    model_en = row[3].split("|")[1].strip()
    assert re.search(r"[A-Za-z]{3}", model_en) and not re.search(r"[\u4e00-\u9fff]", model_en)
