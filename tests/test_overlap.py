"""What several articles say alike and what only one says (overlap.find_overlap over the rankings)."""

from __future__ import annotations

import pytest

from zhbrief.models import Article, Metadata, Script, Sentence
from zhbrief.overlap import find_overlap
from zhbrief.summarize import Summarizer


@pytest.fixture(scope="module")
def summarizer(tmp_path_factory) -> Summarizer:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ZHBRIEF_HOME", str(tmp_path_factory.mktemp("overlap_home")))
        mp.delenv("ZHBRIEF_GLOSSARY", raising=False)
        return Summarizer()


def body_article(sentences: list[str], doc_id: str) -> Article:
    sents = tuple(Sentence(f"s{i}", s, i - 1) for i, s in enumerate(sentences, 1))
    return Article(doc_id, f"{doc_id}.txt", "", Metadata(), tuple(sentences), sents, (), Script.SIMPLIFIED, "utf-8", False, "0" * 64)


def overlap_of(articles: list[Article], summarizer: Summarizer):
    return find_overlap([a.doc_id for a in articles], {a.doc_id: summarizer.ranked(a) for a in articles}, summarizer.glossary_terms)


def test_overlap_finds_shared_and_distinctive_content(summarizer):
    a = body_article(["甲市推进义务教育集团化办学,已组建30个教育集团。", "甲市还新建了5所寄宿制学校,解决山区学生上学难。"], "a")
    b = body_article(["乙县推进义务教育集团化办学,已组建12个教育集团。", "乙县为乡村教师发放生活补助,每人每月500元。"], "b")
    c = body_article(["丙区举办校园足球联赛,共有40支球队参赛。"], "c")
    ov = overlap_of([a, b, c], summarizer)
    point = ov.shared[0]
    assert point.doc_ids == ("a", "b") and "集团化办学" in point.terms
    assert [q.doc_id for q in point.sentences] == ["a", "b"]
    only = {d.doc_id: d.sentence.sentence.text for d in ov.distinctive}
    assert "寄宿制学校" in only["a"] and "生活补助" in only["b"] and "足球" in only["c"]
    assert overlap_of([a, b, c], summarizer) == ov  # deterministic


def test_articles_that_share_nothing_have_no_shared_point(summarizer):
    a = body_article(["甲市新建了5所寄宿制学校,解决山区学生上学难。"], "a")
    b = body_article(["丙区举办校园足球联赛,共有40支球队参赛。"], "b")
    ov = overlap_of([a, b], summarizer)
    assert ov.shared == () and [d.doc_id for d in ov.distinctive] == ["a", "b"]
