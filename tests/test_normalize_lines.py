import pytest

from zhbrief.models import SentenceKind
from zhbrief.normalize.lines import caption, repair

BODY, HEADING, CAPTION = SentenceKind.BODY, SentenceKind.HEADING, SentenceKind.CAPTION


def _repair(text: str):
    return [(p.text, p.kind) for p in repair([(n, t, False) for n, t in enumerate(text.splitlines(), 1) if t.strip()])]


def test_poster_style_lines_are_rejoined_into_sentences():
    """Regression: lines broken in mid-sentence ("当下，/天津面临着比较严重的/…局面。") were separate sentences."""
    text = "当下，\n天津面临着比较严重的\n教育资源结构性紧张局面。\n今年8月，\n\n天津启动实施2.0工程，\n\n把优质教育资源\n\n向滨海新区、\n\n远郊五区辐射。"
    assert _repair(text) == [
        ("当下，天津面临着比较严重的教育资源结构性紧张局面。", BODY),
        ("今年8月，天津启动实施2.0工程，把优质教育资源向滨海新区、远郊五区辐射。", BODY),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Real paragraph breaks stay.
        ("第一段结束。\n第二段开始。", [("第一段结束。", BODY), ("第二段开始。", BODY)]),
        # A real list after a colon: each item its own line, even after a comma.
        (
            "主要措施有三项：\n1. 扩大优质学位供给，\n2. 推进教师交流轮岗；\n3. 完善评价。",
            [("主要措施有三项：", BODY), ("1. 扩大优质学位供给，", BODY), ("2. 推进教师交流轮岗；", BODY), ("3. 完善评价。", BODY)],
        ),
        # A real short line (a heading) does not swallow the paragraph after it.
        ("加强政策引导\n2021年，安阳市印发方案。", [("加强政策引导", HEADING), ("2021年，安阳市印发方案。", BODY)]),
        ("周密部署，确保工作推进力度\n一是科学制订实施方案。", [("周密部署，确保工作推进力度", HEADING), ("一是科学制订实施方案。", BODY)]),
        # A long line without final punctuation is an unterminated paragraph, not a heading.
        ("市教育局坚持充分整合市域内优质基础教育资源，打破行政区划限制，整体推进共享帮扶改革", [("市教育局坚持充分整合市域内优质基础教育资源，打破行政区划限制，整体推进共享帮扶改革", BODY)]),
        (
            "双方签署协议。\n2021年4月28日，保定市签署协议。图为活动现场。 徐巧明 摄\n正文继续。",
            [("双方签署协议。", BODY), ("2021年4月28日，保定市签署协议。图为活动现场。 徐巧明 摄", CAPTION), ("正文继续。", BODY)],
        ),
    ],
)
def test_breaks_headings_lists_and_captions_are_kept(text, expected):
    assert _repair(text) == expected


@pytest.mark.parametrize(
    "line, photographers",
    [
        ("2021年4月28日，保定市签署协议。图为活动现场。 徐巧明 摄", ("徐巧明",)),
        ("学生在课堂上讨论。（摄影：张三）", ("张三",)),
        ("图为学生在上课。", ()),
        ("学生在课堂上讨论。新华社记者 李四 摄", ("李四",)),
        ("加强政策引导", None),
        ("他在讲话中提到摄影社团的建设。", None),
    ],
)
def test_captions(line, photographers):
    assert caption(line) == photographers
