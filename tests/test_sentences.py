import pytest
from hypothesis import given, strategies as st

from zhbrief.normalize.sentences import split


@pytest.mark.parametrize(
    "text, expected",
    [
        ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
        ("他说：“我们来了。”然后走了。", ["他说：“我们来了。”", "然后走了。"]),
        ("“好！”“走吧。”", ["“好！”", "“走吧。”"]),
        ("（据新华社报道。）下一句。", ["（据新华社报道。）", "下一句。"]),
        ("增长了2.5个百分点。", ["增长了2.5个百分点。"]),
        ("真的吗？！当然。", ["真的吗？！", "当然。"]),
        ("他说：“还有……”然后走了。", ["他说：“还有……”", "然后走了。"]),
        ("正在推进……", ["正在推进……"]),
        ("没有句号的结尾", ["没有句号的结尾"]),
        ("一句。 没有结尾", ["一句。 ", "没有结尾"]),
        ("访问Yahoo!新闻。", ["访问Yahoo!新闻。"]),
        ("What? 不知道。", ["What? ", "不知道。"]),
    ],
)
def test_split_cases(text, expected):
    assert split(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "实施“提升”计划、深入推进“组团式”教育帮扶……全面贯彻落实党的二十大精神，协作再深化。",
        "“付老师，因为你，我喜欢上了学”“您辛苦了，我们爱您”……支教教师付金蕊几度红了眼眶。",
    ],
)
def test_an_ellipsis_that_ends_a_list_does_not_cut_the_sentence(text):
    """Regression: "……" followed by more of the same clause was cut into two fragments."""
    assert split(text) == [text]


def test_a_stray_question_mark_inside_a_word_is_not_a_sentence_end():
    """Regression: an undecodable character shown as '?' (深?萍) cut a sentence in two."""
    assert split("今年启动的深?萍纸@区等新建学校，将全面借鉴北京经验。") == ["今年启动的深?萍纸@区等新建学校，将全面借鉴北京经验。"]


@given(st.text())
def test_split_is_lossless(text):
    assert "".join(split(text)) == text


@given(st.text(alphabet="。！？!?…”）.a中文 \n\"'", max_size=60))
def test_split_is_lossless_on_punctuation_heavy_text(text):
    pieces = split(text)
    assert "".join(pieces) == text
    assert all(p.strip() for p in pieces[1:])
