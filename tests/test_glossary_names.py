"""Names the glossary lacks: found by jieba's tagger, transliterated with pypinyin, few false positives."""

from __future__ import annotations

import pytest

from zhbrief.glossary import Glossary
from zhbrief.glossary.names import NameFinder, find_names, person_name, place_name
from zhbrief.models import GlossaryEntry

GLOSSARY = Glossary((
    GlossaryEntry("海淀区", "Haidian District", "place"),
    GlossaryEntry("骨干教师", "backbone teachers", "role"),
    GlossaryEntry("保定市", "Baoding", "place"),
))


@pytest.fixture(scope="module")
def finder(tmp_path_factory) -> NameFinder:
    return NameFinder(GLOSSARY, cache_dir=str(tmp_path_factory.mktemp("jieba")))


@pytest.mark.parametrize(
    "zh, en",
    [
        ("吕子豪", "Lü Zihao"),
        ("王定东", "Wang Dingdong"),
        ("欧阳修", "Ouyang Xiu"),  # compound surname stays together
        ("司马相如", "Sima Xiangru"),
        ("单雄信", "Shan Xiongxin"),  # surname reading, not the word's (dan)
        ("曾国藩", "Zeng Guofan"),
        ("张一安", "Zhang Yi'an"),  # apostrophe before a vowel-initial syllable
    ],
)
def test_person_names_are_surname_first_with_the_given_name_joined(zh, en):
    assert person_name(zh) == en


@pytest.mark.parametrize(
    "zh, en",
    [
        ("商都县", "Shangdu County"),  # 都 reads du in place names
        ("莲池区", "Lianchi District"),
        ("林州市", "Linzhou"),  # cities are named bare
        ("河南省", "Henan Province"),
        ("冀州镇", "Jizhou Town"),
        ("七里坪乡", "Qiliping Township"),
        ("朝阳区", "Chaoyang District"),
        ("西安村", "Xi'an Village"),
        ("滨海新区", "Binhai New Area"),
        ("锡林郭勒盟", "Xilingol League"),  # the gazetteer's conventional English
    ],
)
def test_place_names_take_the_english_administrative_unit(zh, en):
    assert place_name(zh) == en


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("记者吕子豪报道，商都县教育局召开会议。",
         [("吕子豪", "Lü Zihao", "person"), ("商都县教育局", "Shangdu County Education Bureau", "institution")]),
        ("校长胡金城表示，要发挥骨干教师作用。", [("胡金城", "Hu Jincheng", "person")]),  # jieba cuts 胡/金城
        ("据局长高剑峰介绍，该区成效显著。", [("高剑峰", "Gao Jianfeng", "person")]),  # jieba cuts 高/剑峰
        ("武川县支教教师付金蕊在分享寄语。", [("武川县", "Wuchuan County", "place"), ("付金蕊", "Fu Jinrui", "person")]),
        ("张家口市和承德市签约。", [("张家口市", "Zhangjiakou", "place"), ("承德市", "Chengde", "place")]),
        # 海淀区 is in the glossary: the body keeps its English
        ("海淀区教委主任王定东讲话。", [("海淀区教委", "Haidian District Education Commission", "institution"),
                                         ("王定东", "Wang Dingdong", "person")]),
        ("目前已有吉春亚、田莉莉两个名师工作室。", [("吉春亚", "Ji Chunya", "person"), ("田莉莉", "Tian Lili", "person")]),
        ("职业学校崔东光、周宇组成团队。", [("崔东光", "Cui Dongguang", "person"), ("周宇", "Zhou Yu", "person")]),
    ],
)
def test_names_in_real_sentences_are_found_and_transliterated(finder, sentence, expected):
    hits = finder.find(sentence)
    assert [(h.zh, h.en, h.category) for h in hits] == expected
    assert all(h.transliterated and sentence[h.start : h.end] == h.zh for h in hits)


@pytest.mark.parametrize(
    "sentence",
    [
        "学校要用智慧教育提升课堂深度，师生共同进步。",  # 智慧 nr, 深度 ns, 师生 nr in jieba's dictionary
        "请师傅从入口进来，顾问周密安排城镇福利。",
        "我们要杜绝形式主义，建设高素质教师队伍和教育强国。",
        "各区县要加大力度，推进三区建设。",
        "新建学校将在明年投入使用，服务大国工匠培养。",
        "丁香花开了，高二学生在上课。",
        "全市共有普通高中二十所，小学一百所。",
        "平安校园建设要常抓不懈，黄河流域生态保护很重要。",
        "我和莉莉一起去学校，与丽丽同桌。",  # a conjunction before a given name is not a surname
    ],
)
def test_common_words_tagged_as_names_are_not_transliterated(finder, sentence):
    """Regression: jieba's dictionary tags 智慧, 师傅, 周密 as person names and 深度, 入口, 城镇 as places."""
    assert finder.find(sentence) == []


def test_names_jieba_tags_as_places_take_the_dictionary_s_english_not_pinyin(finder):
    hits = finder.find("他在华东师范大学读书，长江经济带发展很快。")
    assert [(h.zh, h.en) for h in hits] == [("华东师范大学", "East China Normal University"),
                                            ("长江经济带", "Yangtze River Economic Belt")]


def test_spans_covered_by_glossary_terms_are_skipped(finder):
    text = "保定市骨干教师吕子豪"
    assert [h.zh for h in finder.find(text)] == ["吕子豪"]


def test_traditional_text_and_pinyin_readings_keep_spans_in_the_given_text(finder):
    text = "記者呂子豪報道，商都縣(xiàn)教育局召開會議。"
    hits = find_names(text, GLOSSARY, finder)
    assert [(text[h.start : h.end], h.en) for h in hits] == [
        ("呂子豪", "Lü Zihao"), ("商都縣(xiàn)教育局", "Shangdu County Education Bureau")]
