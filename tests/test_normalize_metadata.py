import pytest

from zhbrief.normalize.metadata import LabelRules, byline, credits, dateline, outlet_line, parse_date, parse_label_line
from zhbrief.normalize.patterns import load_patterns

P = load_patterns()
R = LabelRules.from_patterns(P)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2021年05月18日", "2021-05-18"),
        ("2021年5月8日 9:05", "2021-05-08T09:05"),
        ("2022-04-13 17:35:10", "2022-04-13T17:35:10"),
        ("2023/3/20 10:51", "2023-03-20T10:51"),
        ("2022.10.17", "2022-10-17"),
        ("2023-02-30", None),  # no such day
        ("12月5日", None),  # no year stated: never guessed
        ("第2038期", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "line, expected",
    [
        ("时间：2021年05月18日    热线：0311-85290821   来源：中新网河北", {"date": "2021-05-18", "source": "中新网河北"}),
        ("2022-04-13 17:35:10  来源：映象网", {"date": "2022-04-13T17:35:10", "source": "映象网"}),
        ("文章关键词：教育，集团化办学政策 责编：王为", {"keywords": ["教育", "集团化办学政策"], "editors": ["王为"]}),
        ("编辑：【郝烨】", {"editors": ["郝烨"]}),
        ("作者：本报记者 张三 李四", {"authors": ["张三", "李四"]}),
        ("摄影：王五", {"photographers": ["王五"]}),
        ("原文链接：https://news.example.cn/a/1.html", {"url": "https://news.example.cn/a/1.html"}),
        ("发布时间：2023-06-01 08:05:00  来源：石家庄日报", {"date": "2023-06-01T08:05:00", "source": "石家庄日报"}),
        ("（责任编辑：李四、王五）", {"editors": ["李四", "王五"]}),
        ("【责任编辑：张三】", {"editors": ["张三"]}),
    ],
)
def test_label_lines(line, expected):
    fields = parse_label_line(line, R, P)
    assert {k: v for k, v in fields.items() if not k.startswith("_")} == expected


@pytest.mark.parametrize(
    "line",
    [
        "记者：请问这次改革的重点是什么？",  # an interview question, not a byline
        "2021年4月28日，保定市与创新人才教育研究会签署战略合作协议。",  # a sentence opening with a date
        "他在会上表示，来源：各区上报数据显示增长明显。",  # a label word inside a sentence
        "工作时间：周一至周五",
        "来源：据介绍，全市新增学位4.5万个。",
    ],
)
def test_sentences_are_not_label_lines(line):
    fields = parse_label_line(line, R, P)
    assert fields is None or not {k for k in fields if not k.startswith("_")}


@pytest.mark.parametrize(
    "line, names",
    [
        ("■衡水市委教育工委书记、市教育局党组书记、局长 张 利", ["张利"]),
        ("■ 市教育局 王小明", ["王小明"]),
        ("文/张三", ["张三"]),
        ("■衡水市推进教育资源共享", None),
    ],
)
def test_byline(line, names):
    assert byline(line, P) == names


@pytest.mark.parametrize(
    "line, names",
    [
        ("映象网讯（大象新闻记者 贾利超 实习生 张凯奇）“2021年12月，在省教育厅公布的典型案例中", ["贾利超", "张凯奇"]),
        ("中新网河北新闻5月18日电 （记者 吕子豪）据保定市透露", ["吕子豪"]),
        ("本报讯（记者李明 通讯员王芳）近日，石家庄市教育局印发方案。", ["李明", "王芳"]),
        ("民族学校（回中）与北京市回民学校结对。", []),
    ],
)
def test_reporter_credits_in_the_lede(line, names):
    assert credits(line, P) == names


@pytest.mark.parametrize(
    "line, place, agency",
    [
        ("新华社北京5月18日电 记者从教育部获悉", "北京", "新华社"),
        ("中新网河北新闻5月18日电 （记者 吕子豪）据", "河北", "中新网"),
        ("映象网讯（大象新闻记者 贾利超）", None, None),
        ("5月18日，市教育局召开会议。", None, None),
    ],
)
def test_dateline(line, place, agency):
    assert dateline(line, R) == (place, agency)


@pytest.mark.parametrize(
    "line, outlet",
    [
        ("北京市政府门户网站", "北京市政府门户网站"),
        ("河北教育（综合版） 2022年12期", "河北教育（综合版） 2022年12期"),
        ("中国教育报", "中国教育报"),
        ("签约仪式", None),
        ("加强政策引导", None),
    ],
)
def test_outlet_lines(line, outlet):
    assert outlet_line(line, R) == outlet


def test_a_name_ending_in_a_role_character_is_kept_whole():
    """Regression: the author label 文 was stripped from 陈大文 as if it were a role word."""
    assert credits("（记者 陈大文）香港特区政府教育局今日宣布", P) == ["陈大文"]
