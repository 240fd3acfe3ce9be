"""Headline compression (unit="clause"): what a headline writer drops, and what stays untouched."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from zhbrief.cli import main
from zhbrief.models import Article, Metadata, Script, Sentence
from zhbrief.normalize.patterns import PatternFileError

zs = importlib.import_module("zhbrief.summarize")  # the module; zhbrief.summarize is the stage function
import zhbrief.headline as zh  # noqa: E402
SummarizeOptions, Summarizer = zs.SummarizeOptions, zs.Summarizer

DATA = Path(zs.__file__).parent / "data" / "headline_compress.txt"


@pytest.fixture(scope="module")
def summarizer(tmp_path_factory) -> Summarizer:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ZHBRIEF_HOME", str(tmp_path_factory.mktemp("compress_home")))
        mp.delenv("ZHBRIEF_GLOSSARY", raising=False)
        return Summarizer()


@pytest.fixture(scope="module")
def compressor():
    return zh.load_compressor()


def body_article(sentences: list[str], doc_id: str = "doc") -> Article:
    sents = tuple(Sentence(f"s{i}", s, 0) for i, s in enumerate(sentences, 1))
    return Article(doc_id, f"{doc_id}.txt", "", Metadata(), ("".join(sentences),), sents, (),
                   Script.SIMPLIFIED, "utf-8", False, "0" * 64)


def texts(summary) -> list[str]:
    return [x.sentence.text for x in summary.sentences]


BIKES = [
    "中国铁路总公司消息，自2015年1月5日起，自行车不能进站乘车了。",
    "骑友大呼难以接受。",
    "这部分希望下车就能踏上骑游旅程的旅客，只能先办理托运业务，铁路部门表示。",
]


# -- one clause at a time --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clause, kept",
    [
        ("据悉，", ""),  # attribution only
        ("据新华社报道，", ""),
        ("记者3日从市教育局获悉，", ""),
        ("中国铁路总公司消息，", ""),
        ("3月5日，", ""),  # dateline
        ("2014年，", ""),
        ("自2015年1月5日起，", ""),
        ("截至目前，", ""),
        ("近日，", ""),
        ("此外，", ""),  # connective only
        ("目前全市已有86所学校参与，", "全市已有86所学校参与，"),  # opener
        ("近日教育部印发通知，", "教育部印发通知，"),
        ("美国银行（BofA）同意支付166.5亿美元。", "美国银行同意支付166.5亿美元。"),  # bracketed aside
        ("雅虎25日发布财报，", "雅虎发布财报，"),  # a date between subject and verb
        ("全省已组建了86个教育集团。", "全省已组建86个教育集团。"),  # aspect particle
        ("为了孩子们的未来，", "为了孩子们的未来，"),  # 为了 is a word, not an aspect particle
        ("记者了解情况后，", "记者了解情况后，"),
        ("全市共有1200所学校，", "全市共有1200所学校，"),  # a statement keeps its words
        ("“现在的语文课，", "“现在的语文课，"),
    ],
)
def test_compress_clause(compressor, clause, kept):
    assert compressor.compress_clause(clause) == kept


@pytest.mark.parametrize(
    "clause, kept",
    [
        ("他表示。", ""),  # an attribution closing its sentence
        ("教育厅有关负责人表示。", ""),
        ("他表示，", "他表示，"),  # a speaker introducing what follows stays
        ("经常要跑五六个部门。”李克强说。", "经常要跑五六个部门。”"),  # speaker tag after a quote
    ],
)
def test_closing_attributions_are_dropped(compressor, clause, kept):
    assert compressor.compress_clause(clause) == kept


@given(st.text(alphabet="据悉，。了为近日3月5（）“”他表示学校教育2014年起", max_size=30))
@settings(max_examples=200, deadline=None)
def test_compression_only_removes_characters(text):
    """Whatever the input, a compressed clause is the input with characters taken out, never rewritten."""
    out = zh.load_compressor().compress_clause(text)
    it = iter(text)
    assert all(ch in it for ch in out)


@pytest.mark.parametrize(
    "text, headline",
    [
        ("雅虎发布2014年第四季度财报，", "雅虎发布2014年第四季度财报"),
        ("欠债还钱，自古天理。", "欠债还钱 自古天理"),  # parts joined by a space, no full stop
        ("“定点指向”促进创业就业。", "“定点指向”促进创业就业"),
    ],
)
def test_headline_end_and_parts(compressor, text, headline):
    assert compressor.finish(text) == headline


@pytest.mark.parametrize(
    "sentence, shown",
    [
        (BIKES[0], "自行车不能进站乘车。"),
        ("据悉，雅虎发布了财报（未经审计），营收增长5%，公司首席执行官表示。", "雅虎发布财报，营收增长5%。"),
        ("“我们的企业过去办一件事，经常要跑五六个部门。”李克强说。", "“我们的企业过去办一件事，经常要跑五六个部门。”"),
        ("据悉，", "据悉，"),  # nothing would be left: the sentence is shown as it is
    ],
)
def test_compressed_sentence_is_still_a_sentence(compressor, sentence, shown):
    assert compressor.compress(Sentence("s1", sentence, 0)) == shown


# -- in summaries ----------------------------------------------------------------------------------


def test_clause_headline_is_compressed_by_default(summarizer):
    s = summarizer.summarize(body_article(BIKES), SummarizeOptions(sentences=1, unit="clause"))
    assert texts(s) == ["自行车不能进站乘车"]
    assert s.method == "lexrank+mmr(k=1,clause,compress)"


def test_uncompressed_clauses_are_verbatim_pieces_of_the_text(summarizer):
    s = summarizer.summarize(body_article(BIKES), SummarizeOptions(sentences=3, unit="clause", compress=False))
    assert all(t in "".join(BIKES) for t in texts(s)) and s.method == "lexrank+mmr(k=3,clause)"


NEWS = [
    "3月5日，某省教育厅宣布启动县域义务教育优质均衡发展行动，全省共有1200所学校参与。",
    "该行动计划用三年时间，推动城区优质学校与乡村学校结对帮扶。",
    "记者了解到，截至目前，全省已组建了86个教育集团，覆盖学生42万余人。",
    "专家认为，这一做法有助于缩小城乡教育差距。",
    "据悉，行动还将引入第三方评估机制，评估结果向社会公开，教育厅有关负责人表示。",
]


@pytest.mark.parametrize("sentences", [["据新华社报道，"], ["据悉，3月5日，"]])
def test_an_article_of_attributions_only_still_gets_a_headline(summarizer, sentences):
    """Compression never leaves an article without a summary: the clauses are then shown as they are."""
    s = summarizer.summarize(body_article(sentences), SummarizeOptions(sentences=1, unit="clause"))
    assert len(s.sentences) == 1 and texts(s)[0] in "".join(sentences)


def test_sentence_summaries_are_not_compressed_by_default(summarizer):
    """Briefings quote and translate whole sentences: the default summary shows them verbatim."""
    s = summarizer.summarize(body_article(NEWS), SummarizeOptions(sentences=3))
    assert not SummarizeOptions().compresses and all(t in NEWS for t in texts(s))


@pytest.mark.parametrize("k", [1, 3, 5])
def test_compressing_sentences_shortens_them_without_changing_the_choice(summarizer, k):
    plain = summarizer.summarize(body_article(NEWS), SummarizeOptions(sentences=k))
    short = summarizer.summarize(body_article(NEWS), SummarizeOptions(sentences=k, compress=True))
    assert [x.sentence.id for x in short.sentences] == [x.sentence.id for x in plain.sentences]
    assert [x.score for x in short.sentences] == [x.score for x in plain.sentences]
    for a, b in zip(texts(short), texts(plain)):
        assert len(a) <= len(b) and a[-1] in "。！？”"
    assert not any(re.match(r"据悉|3月5日|记者了解到", t) for t in texts(short))


@pytest.mark.parametrize("unit", ["sentence", "clause"])
def test_compressed_summaries_are_deterministic(summarizer, unit):
    options = SummarizeOptions(sentences=2, unit=unit, compress=True)
    assert summarizer.summarize(body_article(NEWS), options) == summarizer.summarize(body_article(NEWS), options)


def test_regression_a_statement_after_a_short_opener_is_not_a_fragment(summarizer):
    """Regression: a span took the fragment penalty of its weakest clause, so "自2015年1月5日起，
    自行车不能进站乘车了。" scored 0.05 of a statement because "自2015年1月5日起，" alone is short."""
    ranked = summarizer.ranked(body_article(BIKES), unit="clause")
    scores = {s.text: score for s, score, _ in ranked}
    span = "自2015年1月5日起，自行车不能进站乘车了。"
    assert scores[span] >= 0.5 * max(scores.values())


def test_regression_dropped_attributions_do_not_push_the_lede_back(summarizer):
    """Regression: the position prior counted clauses dropped by compression ("据悉，", "3月5日，"),
    so a lede behind two of them ranked like the article's third clause."""
    later = ["该行动计划用三年时间推动城乡学校结对帮扶。", "专家认为这一做法有助于缩小城乡教育差距。"]
    headline = "某省教育厅启动县域义务教育优质均衡发展行动"
    score = {}
    for opener in ("", "据悉，3月5日，"):
        s = summarizer.summarize(body_article([opener + headline + "。"] + later), SummarizeOptions(sentences=3, unit="clause"))
        score[opener] = {x.sentence.text: x.score for x in s.sentences}[headline]
    assert score["据悉，3月5日，"] == pytest.approx(score[""], rel=0.02)


# -- data files and user patterns ------------------------------------------------------------------


def test_shipped_patterns_are_sorted_unique_and_of_known_kinds():
    lines = [ln for ln in DATA.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    assert lines == sorted(set(lines)) and lines
    assert {ln.split("\t", 1)[0] for ln in lines} <= set(zh.COMPRESS_KINDS)


def test_user_patterns_extend_the_shipped_ones(summarizer, tmp_path):
    extra = tmp_path / "mine.txt"
    extra.write_text("# our outlet's sign-off\nclause\t骑友大呼难以接受\n", encoding="utf-8")
    assert zh.load_compressor([extra]).compress_clause("骑友大呼难以接受。") == ""
    assert zh.load_compressor().compress_clause("骑友大呼难以接受。") == "骑友大呼难以接受。"
    options = SummarizeOptions(sentences=3, unit="clause", compress_files=(extra,))
    assert "骑友大呼难以接受" not in texts(summarizer.summarize(body_article(BIKES), options))


@pytest.mark.parametrize(
    "content, message",
    [
        ("bogus\t据悉\n", "unknown kind 'bogus'"),
        ("clause\t(据悉\n", "bad regular expression"),
        ("clause 据悉\n", "expected 'key<TAB>value'"),
    ],
)
def test_bad_user_pattern_files_are_reported_with_their_name(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(PatternFileError, match=re.escape(message)) as e:
        zh.load_compressor([bad])
    assert "bad.txt" in str(e.value)


# -- CLI -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "flags, expected, method",
    [
        ([], "自行车不能进站乘车", "lexrank+mmr(k=1,clause,compress)"),
        (["--no-compress"], None, "lexrank+mmr(k=1,clause)"),
    ],
)
def test_cli_clause_headline(tmp_path, capsys, flags, expected, method):
    f = tmp_path / "bikes.txt"
    f.write_text("".join(BIKES) + "\n", encoding="utf-8")
    assert main(["summarize", str(f), "--unit", "clause", "-n", "1", "--json", *flags]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["method"] == method
    (headline,) = [s["text"] for s in out["sentences"]]
    assert headline == expected if expected else headline in "".join(BIKES)


def test_cli_reports_a_bad_compression_file(tmp_path, capsys):
    f = tmp_path / "bikes.txt"
    f.write_text("".join(BIKES) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("bogus\tx\n", encoding="utf-8")
    assert main(["summarize", str(f), "--unit", "clause", "--compress-patterns", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.txt" in err and "unknown kind" in err and "Traceback" not in err
