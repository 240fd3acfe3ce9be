"""Enumerations: found on glossary terms, collapsed to their first item, translated item by item."""

from __future__ import annotations

import pytest

from zhbrief.translate import TranslateOptions, translate_texts
from zhbrief.translate.lists import collapse, find_lists, join_english, rendered, shift

from conftest import FakeEngine
from test_translate import glossary

SCHOOLS = glossary(
    ("南开中学", "Tianjin Nankai High School", "school"),
    ("天津一中", "Tianjin No. 1 High School", "school"),
    ("耀华中学", "Tianjin Yaohua High School", "school"),
    ("新华中学", "Tianjin Xinhua High School", "school"),
    ("崇化中学", "Chonghua Middle School", "school"),
    ("扶轮中学", "Fulun Middle School", "school"),
    ("五马路小学", "Wumalu Primary School", "school"),
    ("新开小学", "Xinkai Primary School", "school"),
    ("中营小学", "Zhongying Primary School", "school"),
    ("扶轮小学", "Fulun Primary School", "school"),
    ("南开区", "Nankai District", "place"),
    ("河北区", "Hebei District", "place"),
    ("和平区", "Heping District", "place"),
    ("河西区", "Hexi District", "place"),
    ("河东区", "Hedong District", "place"),
    ("红桥区", "Hongqiao District", "place"),
    ("清华附小", "Tsinghua University Primary School", "school"),
    ("星火小学", "Xinghuo Primary School", "school"),
    ("十一学校", "Beijing No. 11 School", "school"),
    ("党组书记", "secretary of the leading Party members' group", "role"),
    ("厅长", "director-general", "role"),
    ("黄雅丽", "Huang Yali", "person"),
    ("王定东", "Wang Dingdong", "person"),
    ("校长", "principal", "role"),
    ("园长", "kindergarten director", "role"),
    ("骨干教师", "backbone teachers", "role"),
)


def items(zh: str) -> list[list[str]]:
    return [[zh[a:b] for a, b in lst.items] for lst in find_lists(zh, SCHOOLS.match(zh))]


def test_a_list_of_schools_is_found_up_to_its_closing_etc():
    zh = "此外，市教委提出将组建南开中学、天津一中、耀华中学、新华中学等4个教育集团。"
    assert items(zh) == [["南开中学", "天津一中", "耀华中学", "新华中学"]]


def test_the_last_item_joined_by_he_is_its_own_item():
    zh = "组建南开中学、天津一中、耀华中学和新华中学4个教育集团。"
    assert items(zh) == [["南开中学", "天津一中", "耀华中学", "新华中学"]]


def test_pairs_stay_pairs():
    zh = "南开区组织崇化中学与扶轮中学、南开区五马路小学与河北区新开小学、南开区中营小学与河北区扶轮小学开展拉手共建。"
    [lst] = find_lists(zh, SCHOOLS.match(zh))
    assert lst.pairs
    assert [zh[a:b] for a, b in lst.items] == ["崇化中学与扶轮中学", "南开区五马路小学与河北区新开小学",
                                               "南开区中营小学与河北区扶轮小学"]


def test_two_lists_joined_by_yu_are_two_lists():
    zh = "目前，和平区、河西区、南开区已分别与河东区、红桥区、河北区签署教育全面合作协议。"
    assert items(zh) == [["和平区", "河西区", "南开区"], ["河东区", "红桥区", "河北区"]]


def test_an_item_may_end_in_a_few_plain_characters():
    zh = "选派校长到清华附小、星火小学、十一学校龙樾校区等名校跟岗实践。"
    assert items(zh) == [["清华附小", "星火小学", "十一学校龙樾校区"]]


@pytest.mark.parametrize("zh", [
    "内蒙古自治区教育厅党组书记、厅长黄雅丽和北京市教委一级巡视员王定东签订协议。",  # one person's titles
    "南开中学、天津一中签订协议。",  # two items: the model keeps them
    "从学校管理、教师管理、教学管理等方面开展交流。",  # no term in the items
    "《南开中学、天津一中、耀华中学联合章程》发布。",  # inside a title: the title is translated whole
])
def test_not_a_list_to_split(zh):
    assert items(zh) == []


def test_collapse_keeps_the_first_item_and_maps_positions():
    zh = "组建南开中学、天津一中、耀华中学等教育集团，骨干教师参与。"
    lists = find_lists(zh, SCHOOLS.match(zh))
    short, cut = collapse(zh, lists)
    assert short == "组建南开中学等教育集团，骨干教师参与。"
    k = zh.index("骨干教师")
    assert short[shift(cut, k) : shift(cut, k) + 4] == "骨干教师"


def test_join_english():
    assert join_english(["A", "B", "C"]) == "A, B and C"
    assert join_english(["A and B", "C and D", "E and F"], pairs=True) == "A and B; C and D; and E and F"


def test_a_list_the_model_shortens_comes_out_whole():
    """Regression: of six schools the model named two; each item is now translated and spliced in."""
    zh = "此外，市教委提出将组建南开中学、天津一中、耀华中学、新华中学等教育集团。"
    engine = FakeEngine({
        zh: "In addition, the Commission proposed education groups at Nankai and other schools.",
        "此外，市教委提出将组建南开中学等教育集团。":
            "In addition, the Commission proposed education groups at Tianjin Nankai High School and others.",
        "南开中学": "Tianjin Nankai High School", "天津一中": "Tianjin No. 1 High School",
        "耀华中学": "Yaohua Middle School", "新华中学": "Tianjin Xinhua High School",
    })
    [t] = translate_texts([("s1", zh)], SCHOOLS, engine, TranslateOptions(use_cache=False))
    assert t.en == ("In addition, the Commission proposed education groups at Tianjin Nankai High School, "
                    "Tianjin No. 1 High School, Tianjin Yaohua High School and Tianjin Xinhua High School and others.")
    assert all(x.enforced for x in t.terms)
    assert {x.method.split("+")[0] for x in t.terms} == {"list"}


@pytest.mark.parametrize("before, after, expected", [
    ("", " has signed agreements.", " have signed agreements."),
    ("At", " is a pilot.", " are a pilot."),
    ("An alliance of", " was formed.", " was formed."),  # the alliance was formed
    ("", " have signed.", " have signed."),
    ("", ", which has", ", which has"),
])
def test_a_spliced_list_takes_a_plural_verb(before, after, expected):
    """Regression: "Heping District, Hexi District and Nankai District has signed …"."""
    from zhbrief.translate.lists import _agree

    assert _agree(before, after) == expected


def test_pairs_listed_clause_after_clause():
    pairs = glossary(
        ("育德中学", "Yude Middle School", "school"), ("北京二十二中", "Beijing No. 22 Middle School", "school"),
        ("三中分校", "No. 3 Middle School Branch", "school"), ("中关村一中", "Zhongguancun No. 1 Middle School", "school"),
        ("海淀区", "Haidian District", "place"), ("青年路小学", "Qingnianlu Primary School", "school"),
        ("七一小学", "Qiyi Primary School", "school"), ("榜样堂学校", "Bangyangtang School", "school"),
        ("中关村三小", "Zhongguancun No. 3 Primary School", "school"),
    )
    zh = ("明确合作目标，相继完成了育德中学与北京二十二中，三中分校与海淀区中关村一中，"
          "青年路小学与海淀区七一小学，榜样堂学校与中关村三小共4个教育联盟的对接。")
    [lst] = find_lists(zh, pairs.match(zh))
    assert lst.pairs
    assert [zh[a:b] for a, b in lst.items] == ["育德中学与北京二十二中", "三中分校与海淀区中关村一中",
                                               "青年路小学与海淀区七一小学", "榜样堂学校与中关村三小"]
    assert zh[slice(*lst.head)] == "育德中学"
    assert collapse(zh, [lst])[0] == "明确合作目标，相继完成了育德中学共4个教育联盟的对接。"


def test_ordinary_clauses_with_yu_are_no_pair_list():
    zh = "南开中学与天津一中结对，耀华中学与新华中学合作开展教研活动并共享课程资源以及教师培训基地，南开区与河北区签约。"
    assert find_lists(zh, SCHOOLS.match(zh)) == []


def test_a_part_made_of_terms_alone_is_put_into_english_from_them():
    zh = "前卫路小学分别与南开中学和天津一中结对。"
    terms = SCHOOLS.match(zh)
    a = zh.index("南开中学")
    assert rendered(zh, a, zh.index("结对"), terms) == "Tianjin Nankai High School and Tianjin No. 1 High School"
    assert rendered(zh, 0, zh.index("结对"), terms) is None  # 前卫路小学 is no term here
