import pytest

from zhbrief.normalize.boilerplate import block_reason, cut_end_marker, line_reason
from zhbrief.normalize.patterns import load_patterns

P = load_patterns()


@pytest.mark.parametrize(
    "line, reason",
    [
        ("精品原创 > 正文", "breadcrumb"),
        ("首页 资讯 和平、河西、南开，到底怎么才能帮上河东的教育？", "breadcrumb"),
        ("当前位置：首页 > 教育", "breadcrumb"),
        ("热线电话：0311-85290821", "hotline"),
        ("（映象网安阳新闻热线：186 2372 1000，传稿邮箱 920424745@qq.com）", "hotline"),
        ("中新社简介      |      关于我们      |      新闻热线      |      法律顾问", "footer"),
        ("网站简介 | 版权声明 | 广告服务 | 联系方式 | 网站地图", "footer"),
        ("法律顾问 | 隐私政策 | 广告服务 | 联系方式", "navigation"),
        ("本网站所刊载信息，不代表中新社和中新网观点。", "copyright"),
        ("未经授权禁止转载、摘编、复制及建立镜像，违者将依法追究法律责任。", "copyright"),
        ("Copyright © 2012 hnr.cn Corporation,All Rights Reserved", "copyright"),
        ("映象网络 版权所有", "copyright"),
        ("[京ICP证040655号] [京公网安备：110102003042]", "licence"),
        ("免责声明：文章内容来自网络，仅供学习交流。", "disclaimer"),
        ("② 本站注明稿件来源为其他媒体的文/图等稿件均为转载稿", "disclaimer"),
        ("上一篇", "navigation"),
        ("微信扫一扫关注我们", "navigation"),
        ("分享到：", "navigation"),
        ("（完）", "end-marker"),
        ("【纠错】", "navigation"),
        ("扫描二维码，关注更多精彩内容", "navigation"),
        ("打开人民日报客户端阅读全文", "navigation"),
        ("字号：大 中 小", "navigation"),
        # WeChat article chrome, e-paper controls, desk phones, an injected clinic ad (issue 25)
        ("预览时标签不可点", "wechat"),
        ("收录于合集 #教育 12个", "wechat"),
        ("继续滑动看下一个", "wechat"),
        ("数字版首页", "e-paper"),
        ("前一天 后一天", "e-paper"),
        ("第01版:封面 4下一版", "e-paper"),
        ("编辑部电话：0311-85290821", "phone"),
        ("0311-85290821、0311-85290822", "phone"),
        ("石家庄某某医院男科专家在线咨询", "ad"),
        ("跳至主要内容", "navigation"),
        ("0 意见：", "counter"),
        ("您即将进入之新闻内容 需满18岁 方可浏览。", "age-gate"),
        ("Baidu", "no Chinese text"),
        ("error:", "no Chinese text"),
        ("?", "no Chinese text"),
    ],
)
def test_boilerplate_lines(line, reason):
    assert line_reason(line, P) == reason


@pytest.mark.parametrize(
    "line",
    [
        "市教育局副局长在发布会上介绍，今年新增学位4.5万个。",
        "加强政策引导",
        "主要措施有三项：",
        "1. 扩大优质学位供给；",
        "他说：“版权保护是文化发展的基础。”",  # names copyright, is no copyright line
        "下一步，该区将推进集团化办学。",  # starts like a navigation link, is a sentence
        "原创文章指出，学校应当减负。",  # opens with a WeChat button's word, is a sentence
        "2023年共招生1234567人。",  # a number, no phone line
        "市第一医院开通预约挂号服务。",  # news about a hospital, no ad
        "一、主要做法和成效",
    ],
)
def test_article_lines_are_not_boilerplate(line):
    assert line_reason(line, P) is None


@pytest.mark.parametrize(
    "line, reason",
    [
        ("相关阅读 换一换", "related"),
        ("相关新闻", "related"),
        ("为您推荐", "recommended"),
        ("猜你喜欢", "recommended"),
        ("今日热点", "trending"),
        ("相关工作仍在推进", None),
        ("为您推荐的课程已经上线，欢迎选修。", None),  # a sentence, not a block heading
        ("您可能感兴趣的文章：", "recommended"),
    ],
)
def test_block_markers(line, reason):
    assert block_reason(line, P) == reason


@pytest.mark.parametrize(
    "line, kept, marker",
    [
        ("……把该区打造成孵化地。(完)", "……把该区打造成孵化地。", "(完)"),
        ("……高质量推进。（完）", "……高质量推进。", "（完）"),
        ("民族学校（回中）与北京市回民学校结对。", "民族学校（回中）与北京市回民学校结对。", None),
    ],
)
def test_end_marker_glued_to_the_last_paragraph(line, kept, marker):
    assert cut_end_marker(line) == (kept, marker)
