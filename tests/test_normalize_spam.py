import pytest

from zhbrief.normalize.patterns import load_patterns
from zhbrief.normalize.spam import SpamRules, is_promo, judge

RULES = SpamRules.from_patterns(load_patterns())


@pytest.mark.parametrize(
    "line",
    [
        "金宝搏188入口",
        "金宝搏188入口 2019-12-03 09:28",
        "亚洲免费av电影一区二区三区，日韩爱爱视频，中文字幕少妇AV，久久综合视频网站",
        "国产毛片黄片一区二区三区| 蜜臀av午夜一区二区三区| 日韩av无码成人无码免费",
        "时时彩 六合彩 幸运飞艇 官方网站",
    ],
)
def test_whole_spam_lines_are_dropped(line):
    assert judge(line, RULES).kind == "line"


@pytest.mark.parametrize(
    "line, kept, phrase",
    [
        (
            "北京、内蒙古金博宝最新官方网站查询网址 门签订协议：推动两地教育协作高质量发展",
            "北京、内蒙古门签订协议：推动两地教育协作高质量发展",
            "金博宝最新官方网站查询网址",
        ),
        ("教育部公布新学期安排 百家乐官网注册", "教育部公布新学期安排", "百家乐官网注册"),
        ("市教育局召开工作会议 亚洲av无码 中文字幕", "市教育局召开工作会议", "亚洲av无码"),
    ],
)
def test_injected_or_glued_spam_is_cut_and_the_real_part_kept(line, kept, phrase):
    v = judge(line, RULES)
    assert v.kind == "cut"
    assert v.text == kept
    assert phrase in v.removed


@pytest.mark.parametrize(
    "line",
    [
        "市公安局开展打击偷拍行为专项行动。",  # one adult word alone is news
        "学生使用Java和JavaScript开发教育平台。",  # "av" inside Latin words
        "快三年了，学校的变化很大。",
        "日韩两国教育部长举行会晤。",
    ],
)
def test_news_that_merely_resembles_spam_is_kept(line):
    assert judge(line, RULES).kind == ""


@pytest.mark.parametrize(
    "line, promo",
    [
        ("下面，津东方（微信公众号：津东方；网址：www.example.com）就给您带来详细的信息，有需要的朋友快来了解一下吧。", True),
        ("福利，扫码关注本站微信公众号，即可加入微信群，如有疑问可以添加客服。注：发广告者勿进。", True),
        ("市民可通过扫码关注“石家庄教育”公众号查询学位信息。", False),
    ],
)
def test_site_promos(line, promo):
    assert is_promo(line, RULES, 3) is promo
