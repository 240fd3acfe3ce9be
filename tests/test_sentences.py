import pytest
from hypothesis import given, strategies as st

from zhbrief.normalize.sentences import split


@pytest.mark.parametrize(
    "text, expected",
    [
        ("第一句。第二句！第三句？", ["第一句。", "第二句！", "第三句？"]),
        ("他说：“我们来了。”然后走了。", ["他说：“我们来了。”", "然后走了。"]),
        ("增长了2.5个百分点。", ["增长了2.5个百分点。"]),
        ("正在推进……下一步。", ["正在推进……", "下一步。"]),
        ("没有句号的结尾", ["没有句号的结尾"]),
        ("一句。 没有结尾", ["一句。 ", "没有结尾"]),
    ],
)
def test_split_cases(text, expected):
    assert split(text) == expected


@given(st.text())
def test_split_is_lossless(text):
    assert "".join(split(text)) == text


@given(st.text(alphabet="。！？…”）.a中文 \n", max_size=60))
def test_split_is_lossless_on_punctuation_heavy_text(text):
    pieces = split(text)
    assert "".join(pieces) == text
    assert all(p.strip() for p in pieces[1:])
