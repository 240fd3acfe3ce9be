import pytest

from zhbrief.normalize.annotations import strip_readings


@pytest.mark.parametrize(
    "text, expected, removed",
    [
        ("保定蓮池區(qū)成京保教育協(xié)同發(fā)展", "保定蓮池區成京保教育協同發展", 3),
        ("局長(zhǎng)", "局長", 1),
        ("全角括號區（qū）", "全角括號區", 1),
        ("他們(men)說", "他們說", 1),  # toneless, but 們 is read "men"
    ],
)
def test_pinyin_readings_are_removed(text, expected, removed):
    out, readings = strip_readings(text)
    assert out == expected
    assert len(readings) == removed


@pytest.mark.parametrize(
    "text",
    [
        "（記者 呂子豪）據保定市透露",
        "電話(0311)85290821",
        "人工智能(AI)課程",
        "（完）",
        "（微信公众号：津东方）",
        "指標(abc)",  # lowercase Latin that is not a reading of 標
        "民族學校(回中)",
    ],
)
def test_other_parentheses_are_kept(text):
    assert strip_readings(text) == (text, [])
