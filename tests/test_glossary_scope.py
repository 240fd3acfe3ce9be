"""Short forms of place names inside one article (和平区 ... 和平), and their use in translation."""

from __future__ import annotations

import pytest

from zhbrief.glossary import Glossary
from zhbrief.glossary.scope import scoped, short_forms
from zhbrief.models import GlossaryEntry
from zhbrief.translate import TranslateOptions, translate_texts

from conftest import FakeEngine

GLOSSARY = Glossary(tuple(GlossaryEntry(zh, en, cat) for zh, en, cat in [
    ("和平区", "Heping District", "place"),
    ("河西区", "Hexi District", "place"),
    ("河西", "Hexi", "place"),
    ("商都县", "Shangdu County", "place"),
    ("林州市", "Linzhou", "place"),
    ("远城区", "outer districts", "place"),
    ("学区", "school district", "place"),
    ("骨干教师", "backbone teachers", "role"),
    ("示范区", "demonstration zone", "policy"),
]))


@pytest.mark.parametrize("text, expected", [
    ("和平区教育局发布通知。", [("和平", "Heping")]),
    ("商都县、林州市两地签约。", [("商都", "Shangdu"), ("林州", "Linzhou")]),
    ("和平區教師交流。", [("和平", "Heping")]),  # traditional script names the district too
])
def test_a_place_named_in_full_gives_its_bare_name(text, expected):
    assert [(e.zh, e.en) for e in short_forms(GLOSSARY, [text])] == expected


@pytest.mark.parametrize("text, why", [
    ("世界和平需要教育。", "the full form never occurs: 和平 stays the word 'peace'"),
    ("河西区学校。", "the glossary already has 河西"),
    ("远城区学校。", "the English is no name plus suffix"),
    ("学区内的学校。", "a one-character rest is no name"),
    ("示范区建设。", "not a place entry"),
    ("骨干教师交流。", "no place at all"),
])
def test_no_short_form(text, why):
    assert short_forms(GLOSSARY, [text]) == (), why


def test_scoped_glossary_is_the_same_object_when_nothing_is_added():
    assert scoped(GLOSSARY, ["骨干教师交流。"]) is GLOSSARY
    g = scoped(GLOSSARY, ["和平区学校。"])
    assert [h.en for h in g.match("和平、河西两区")] == ["Heping", "Hexi"]
    assert [h.en for h in GLOSSARY.match("和平、河西两区")] == ["Hexi"]


def test_only_the_scoped_sentences_get_the_short_form():
    """Regression: headline '和平、河西、南开…' came out 'Peace, Hexi, Nankai'."""
    zh = "和平、河西两区签约。"
    engine = FakeEngine({zh: "Heping and Hexi districts sign an agreement."})
    article = scoped(GLOSSARY, ["和平区、河西区签署协议。"])
    out = translate_texts([("a#1", zh), ("b#1", zh)], GLOSSARY, engine, TranslateOptions(use_cache=False),
                          scopes={"a#1": article})
    assert [(h.zh, h.en) for h in out[0].terms] == [("和平", "Heping"), ("河西", "Hexi")]
    assert [(h.zh, h.en) for h in out[1].terms] == [("河西", "Hexi")]
    assert all(h.enforced for h in out[0].terms) and [t.sentence_id for t in out] == ["a#1", "b#1"]


def test_a_key_figure_s_clause_is_translated_with_its_article_s_scope(tmp_path, monkeypatch):
    """Regression: the clause of a key figure was translated without its article's short forms, so the
    Key figures table read '14 … communities for peace, Hexi …' where the summary said 'Heping'."""
    from zhbrief import pipeline

    seen = {}
    real = pipeline.translate_texts

    def spy(items, glossary, engine, options, cache=None, scopes=None):
        seen.update({zh: (scopes or {}).get(sid, glossary) for sid, zh in items})
        return real(items, glossary, engine, options, cache, scopes)

    monkeypatch.setattr(pipeline, "translate_texts", spy)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "和平区推进教师交流轮岗工作\n和平区与河西区开展结对帮扶。和平、河西两区共建成14个教育发展共同体。\n", "utf-8")
    result = pipeline.build([tmp_path / "in"], pipeline.BuildOptions(out_dir=tmp_path / "out"), engine=FakeEngine())
    clauses = [f.context for a in result.briefing.comparison.articles for f in a.figures]
    assert clauses and all("和平" in c for c in clauses)
    for clause in clauses:
        assert "Heping" in [h.en for h in seen[clause].match(clause)]


def test_a_mainland_article_is_known_by_its_own_divisions_too():
    from zhbrief.glossary.scope import article_region

    text = ("温州市文成县教育局局长到奉化区交流。\n"
            "文成县教育局局长介绍了两地教育现状，奉化区教育局局长表示欢迎。")
    assert article_region([text]) == ""  # 教育局局长 twice, as Hong Kong's Secretary is called


def test_a_title_in_two_scopes_is_translated_with_each_scope_s_terms():
    """A 《title》 is translated on its own first; two articles quoting it in different sentences, whose
    glossaries find different terms in it, each get the title with their own terms, in one call."""
    title = "和平、河西两区教育规划"
    engine = FakeEngine({title: "Education plan of Heping and Hexi districts"})
    article = scoped(GLOSSARY, ["和平区、河西区签署协议。"])
    items = [("a#1", f"《{title}》发布。"), ("b#1", f"各校学习《{title}》。"), ("c#1", "骨干教师交流。")]
    out = translate_texts(items, GLOSSARY, engine, TranslateOptions(use_cache=False), scopes={"a#1": article})
    # the terms inside the title, as each title's own translation reported them
    inner = [[(h.zh, h.en) for h in t.terms if h.category != "title"] for t in out[:2]]
    assert inner == [[("和平", "Heping"), ("河西", "Hexi")], [("河西", "Hexi")]]
    assert [t.sentence_id for t in out] == ["a#1", "b#1", "c#1"]
