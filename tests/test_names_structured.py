"""Names the glossary has never seen: schools, places and bodies by specific + generic part, people,
rendered by one rule; glossary matches that respect words; an article's region (names, currency)."""

from __future__ import annotations

from importlib import resources

import pytest

from zhbrief import paths
from zhbrief.cli import main
from zhbrief.glossary import load_glossary
from zhbrief.models import GlossaryEntry
from zhbrief.glossary.names import NameFinder, english_name, gazetteer, hk_romanisation, person_name
from zhbrief.glossary.scope import article_region, scoped
from zhbrief.normalize.script import to_simplified
from zhbrief.translate import find_terms


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(paths.default_glossary())


@pytest.fixture(scope="module")
def finder(glossary, tmp_path_factory) -> NameFinder:
    return NameFinder(glossary, cache_dir=str(tmp_path_factory.mktemp("jieba")))


def terms(text, glossary, finder):
    return [(h.zh, h.en) for h in find_terms(text, glossary, finder)]


@pytest.mark.parametrize("sentence, name, english", [
    ("汇川十小的老师带学生参加比赛。", "汇川十小", "Huichuan No. 10 Primary School"),  # ordinal abbreviation
    ("遵义十二中举行开学典礼。", "遵义十二中", "Zunyi No. 12 Middle School"),
    ("北京八中的学生获奖。", "北京八中", "Beijing No. 8 Middle School"),
    ("八一学校的学生获奖。", "八一学校", "Bayi School"),  # 八一 is a name, not a number
    ("钟楼第二实验小学进行现场考察。", "钟楼第二实验小学", "Zhonglou No. 2 Experimental Primary School"),
    ("深入晓天镇中心学校调研指导工作。", "晓天镇中心学校", "Xiaotian Town Central School"),
    ("惠水县教育局召开会议。", "惠水县教育局", "Huishui County Education Bureau"),
    ("广州市白云区教育局举行会议。", "广州市白云区教育局", "Guangzhou Baiyun District Education Bureau"),
    ("遵义市教育局下发通知。", "遵义市教育局", "Zunyi Municipal Education Bureau"),
    ("老师们来到六盘水市。", "六盘水市", "Liupanshui"),  # the gazetteer's reading (liu, not lu)
    ("长治市的学校开学了。", "长治市", "Changzhi"),  # chang, not zhang
    ("津冀两地签署协议。", "津冀", "Tianjin-Hebei"),
    ("副局长赵春平和市教育局领导参加。", "赵春平", "Zhao Chunping"),  # jieba cuts 赵春|平和
    ("局长汤志民说明政策。", "汤志民", "Tang Zhimin"),  # jieba cuts 汤|志民
])
def test_names_are_found_whole_and_rendered_by_one_rule(sentence, name, english, glossary, finder):
    assert (name, english) in terms(sentence, glossary, finder)


@pytest.mark.parametrize("region, sentence, name, english", [
    ("", "九三学社成员参加座谈。", "九三学社", "Jiusan Society"),  # an organisation jieba's dictionary lists (nt)
    ("", "他毕业于江汉师范大学。", "江汉师范大学", "Jianghan Normal University"),  # after a place word (江汉/ns)
    ("", "学校位于梅岭路东侧。", "梅岭路", "Meiling Road"),  # a street
    ("tw", "台中市政府教育局今日表示。", "台中市政府教育局", "Taichung City Government Education Bureau"),
    ("tw", "学生就读于建国中学。", "建国中学", "Jianguo High School"),  # 中学, not the 国中 inside it
    ("tw", "国民党主席表示。", "国民党", "Kuomintang"),  # the region's own name of a listed organisation
    ("", "（通讯员：王建华）", "王建华", "Wang Jianhua"),  # a credit: the name after the role and a colon
    ("", "局长还实地查看了滔溪镇中学食堂。", "滔溪镇", "Taoxi Town"),  # jieba: 了滔溪|镇; 了 is a particle
])
def test_organisations_streets_and_credits(region, sentence, name, english, finder):
    assert (name, english) in [(h.zh, h.en) for h in finder.find(sentence, region)]


@pytest.mark.parametrize("region, sentence, name, english", [
    # a name jieba never saw comes out one character at a time, each with a tag of its own (崇/nr 正/d)
    ("", "崇正中学举行开学典礼。", "崇正中学", "Chongzheng Middle School"),
    ("", "游客可到新蒲新区参观。", "新蒲新区", "Xinpu New Area"),  # 可到 (a verb) stays out
    # a place and a compound generic: the one school of its kind there
    ("", "九龙县高级中学举行开学典礼。", "九龙县高级中学", "Jiulong County Senior High School"),
    ("", "学生就读于河北科技师范学院。", "河北科技师范学院", "Hebei Normal University of Science and Technology"),
    ("", "岚县县委召开会议。", "岚县县委", "Lan County Party Committee"),  # the unit said once
    ("", "通城县委召开会议。", "通城县委", "Tongcheng County Party Committee"),
    ("", "华中教育集团与学校签约。", "华中教育集团", "Huazhong Education Group"),
    ("", "教体局李建波局长等陪同。", "李建波", "Li Jianbo"),  # a name jieba's dictionary lists (43), beside a title
    ("hk", "她的母校长洲官立中学举行典礼。", "长洲官立中学", "Cheung Chau Government Secondary School"),  # not 校长
    ("hk", "政府给予东区学校资助。", "东区", "Eastern District"),  # 予 glued to a known place
    ("", "镇中学和寨岗中学的老师参加培训。", "寨岗中学", "Zhaigang Middle School"),  # jieba: 和寨岗/nr
])
def test_names_jieba_reads_wrong_are_found_whole(region, sentence, name, english, glossary, finder):
    article = scoped(glossary, [sentence], region=region, finder=finder)
    assert (name, english) in terms(sentence, article, finder)


@pytest.mark.parametrize("sentence, word", [
    ("屯门区小学的学位充足。", "屯门区小学"),  # a plain generic after a place: the place's schools
    ("为纾解学区压力，政府兴建学校。", "纾解学区"),  # 区 ends the common word 学区
    ("工作站定期面向农村地区开展活动。", "面向农村"),  # 面向 is a common word
    ("一个人口仅800人的小渔村。", "小渔村"),  # 村 ends the common word 渔村
    ("吴局一行到校调研。", "吴局"),  # "Director Wu": a surname and the head of 局长
    ("该校为一所基督教津贴中学。", "基督教津贴中学"),  # a Christian aided secondary school: its kind
])
def test_common_words_with_a_generic_are_no_names(sentence, word, glossary, finder):
    assert word not in [zh for zh, _ in terms(sentence, glossary, finder)]


def test_a_longer_name_wins_over_a_term_it_overlaps_but_not_one_term_over_another(glossary):
    article = glossary.with_entries((GlossaryEntry("长洲官立中学", "Cheung Chau Government Secondary School", "school",
                                                   "", "", "article name"),))
    assert [h.zh for h in article.match("母校长洲官立中学")] == ["长洲官立中学"]
    assert [h.zh for h in glossary.match("学校间结成手拉手共建合作校")][:1] == ["手拉手"]  # leftmost of two terms


@pytest.mark.parametrize("zh, english", [("沙田", "Sha Tin"), ("大埔", "Tai Po"), ("柴湾", "Chai Wan"),
                                         ("屯门", "Tuen Mun"), ("尖沙咀", "Tsim Sha Tsui")])
def test_hong_kong_romanisation_spells_as_the_government_does(zh, english):
    assert hk_romanisation(zh) == english


def test_a_hong_kong_street_is_romanised_in_cantonese_and_a_mainland_place_keeps_pinyin(finder):
    found = {h.zh: h.en for h in finder.find("他从深圳来，住在荔景道的学校附近。", "hk")}
    assert found.get("荔景道", "").endswith(" Road") and found["荔景道"] != "Lijing Road"
    assert found.get("深圳") == "Shenzhen"


@pytest.mark.parametrize("sentence", ["走好人生路，各条道路都通。", "走出一条新路。", "我们走在大街上。", "一路走来，收获满满。"])
def test_common_words_before_a_street_generic_are_no_street(sentence, finder):
    assert [h.zh for h in finder.find(sentence) if h.category == "place"] == []


def test_towns_joined_by_a_conjunction_are_two_names(glossary, finder):
    assert terms("大湾镇和木果镇的教师参加培训。", glossary, finder) == [("大湾镇", "Dawan Town"), ("木果镇", "Muguo Town")]


def test_the_same_school_is_rendered_the_same_way_in_every_sentence(glossary, finder):
    sentences = ["龙井小学举行开学典礼。", "记者来到龙井小学。", "龙井小学的老师说。", "在龙井小学，学生们很开心。"]
    assert {dict(terms(s, glossary, finder)).get("龙井小学") for s in sentences} == {"Longjing Primary School"}


@pytest.mark.parametrize("sentence", [
    "各省市要加大投入，全市中小学都要落实，该区成效显著。",
    "全县有三所中学和十所小学。",  # counts of schools
    "农村小学和民办学校、寄宿制学校都要发展。",  # modifiers, not names
    "中学生每天学习十小时。",  # generics inside longer words
    "新建学校将在明年投入使用。",
])
def test_common_words_are_no_names(sentence, finder):
    assert finder.find(sentence) == []


def test_a_glossary_entry_does_not_match_inside_a_longer_word(glossary):
    assert [h.zh for h in glossary.match("教育部印发通知。")] == ["教育部"]
    assert "教育部" not in [h.zh for h in glossary.match("各地教育部门要落实。")]  # education authorities


def test_a_name_takes_the_glossary_term_inside_it_and_keeps_glossary_english(glossary, finder):
    # 市教育局 is a glossary term; the body name holds it
    assert terms("遵义市教育局下发通知。", glossary, finder)[0][0] == "遵义市教育局"


HK = to_simplified("教育局局長楊潤雄表示，天水圍的學校每間獲10萬元津貼，元朗區校長劉國勳歡迎。", "hk2s")


def test_a_hong_kong_article_uses_hong_kong_names_currency_and_marks_mandarin_readings(glossary, finder):
    article = scoped(glossary, [HK, "香港教育局表示，全港学校将获津贴。"], finder=finder)
    found = dict(terms(HK, article, finder))
    assert found["杨润雄"] == "Kevin Yeung"  # the glossary's official English, not Yang Runxiong
    assert found["天水围"] == "Tin Shui Wai"  # not the Mandarin Tianshuiwei
    assert found["元朗区"] == "Yuen Long District"
    assert found["元"] == "HK dollars"  # 10万元 in Hong Kong
    assert found["刘国勋"] == "Liu Guoxun (Mandarin reading)"  # not given as his name


def test_currency_follows_the_region_and_only_after_a_number(glossary, finder):
    mainland = scoped(glossary, ["每名学生获得补助500元。"], finder=finder)
    macau = scoped(glossary, ["每名學生獲澳門特區政府資助500元。"], region="mo", finder=finder)
    assert dict(terms("每名学生获得补助500元。", mainland, finder))["元"] == "yuan"
    assert dict(terms("每名学生获得补助500元。", macau, finder))["元"] == "patacas"
    assert "元" not in dict(terms("元旦假期学生返校。", mainland, finder))


@pytest.mark.parametrize("texts, region", [
    ([HK, "香港教育局表示，全港学校将获津贴。"], "hk"),
    (["澳门教青局表示，本澳学校开学。", "氹仔的学校"], "mo"),
    (["台北市教育局表示，国小开学。", "台湾各县市"], "tw"),
    (["广东省教育厅表示，粤港澳大湾区学校与香港学校合作。", "省委、市委领导出席。"], ""),
    # no marker word, but places only Hong Kong / Taiwan has
    (["元朗區學校今日在天水圍舉行聯校活動", "將軍澳的中學亦有派員參加。"], "hk"),
    (["新北市四位校長獲教育部校長領導卓越獎", "新北市教育局表示"], "tw"),
    (["区教育局表示，东区和南区学校开学。", "教育局领导出席。"], ""),  # words the mainland has too
])
def test_the_article_region_comes_from_its_marker_words(texts, region):
    assert article_region(texts) == region


def test_the_gazetteer_knows_every_county_with_its_reading():
    g = gazetteer()
    assert len(g.full) > 3300
    assert g.full["汇川区"].en == "Huichuan District" and g.short["长沙"] == "Changsha"
    assert g.full["黔南州"].en == "Qiannan Prefecture"  # the autonomous prefecture by its short form
    assert g.regional["mo"]["氹仔"] == "Taipa"


@pytest.mark.parametrize("name", ["gazetteer_cn.tsv", "gazetteer_hk_mo_tw.tsv", "names_generics.tsv",
                                  "names_titles.txt", "names_province_abbreviations.tsv", "glossary_not_names.txt",
                                  "scope_regions.tsv", "region_currency.tsv", "names_given_readings.tsv"])
def test_name_data_files_are_sorted_and_unique(name):
    text = resources.files("zhbrief.data").joinpath(name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert lines == sorted(set(lines))


def test_glossary_suggest_proposes_the_recognised_names_with_their_rendering(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("汇川十小举行开学典礼\n遵义市汇川区汇川十小的师生参加活动，汇川十小校长介绍。\n"
                                    "惠水县教育局副局长王振华到龙井小学调研。\n", "utf-8")
    assert main(["glossary", "suggest", str(tmp_path), "--no-model", "-n", "30"]) == 0
    out = capsys.readouterr().out
    for zh, en in [("汇川十小", "Huichuan No. 10 Primary School"), ("惠水县教育局", "Huishui County Education Bureau"),
                   ("龙井小学", "Longjing Primary School"), ("王振华", "Wang Zhenhua")]:
        assert any(line.split("\t")[0].endswith(zh) and en in line for line in out.splitlines()), (zh, out)


@pytest.mark.parametrize("sentence, name, english", [
    ("副校长张建做了题为教学改革的报告。", "张建", "Zhang Jian"),  # jieba's reading: 张建做
    ("主任王斌谈了三点体会。", "王斌", "Wang Bin"),  # 王斌谈
    ("县委书记刘强以身作则。", "刘强", "Liu Qiang"),  # 刘强以
])
def test_the_tagger_ends_a_mainland_name_where_the_verb_after_it_starts(sentence, name, english, glossary, finder):
    people = [(h.zh, h.en) for h in find_terms(sentence, glossary, finder) if h.category == "person"]
    assert people == [(name, english)]


@pytest.mark.parametrize("sentence", ["王局长带队检查了校园安全。", "赵书记一行看望了一线教师。"])
def test_a_surname_with_a_title_is_no_name(sentence, glossary, finder):
    assert not [h for h in find_terms(sentence, glossary, finder) if h.transliterated]


def test_a_chain_of_places_the_tagger_reads_as_one_is_each_place_on_its_own(glossary, finder):
    hits = [(h.zh, h.en) for h in find_terms("教师们从湖南省长沙市岳麓区出发。", glossary, finder) if h.transliterated]
    assert hits == [("湖南省", "Hunan Province"), ("长沙市", "Changsha"), ("岳麓区", "Yuelu District")]


@pytest.mark.parametrize("sentence, region, name, english", [
    ("她后来考入剑桥大学攻读硕士学位。", "", "剑桥大学", "University of Cambridge"),  # no structure renders it
    ("联合国儿童基金会向当地学校捐赠了图书。", "", "联合国儿童基金会", "United Nations Children's Fund"),
    ("蔡英文出席了毕业典礼。", "tw", "蔡英文", "Tsai Ing-wen"),  # a public figure's own romanisation
    ("王小明出席了毕业典礼。", "tw", "王小明", "Wang Xiaoming (Mandarin reading)"),  # nobody CC-CEDICT knows
])
def test_names_the_rules_cannot_render_take_the_dictionary_s_english(sentence, region, name, english, finder):
    assert [(h.zh, h.en) for h in finder.find(sentence, region)] == [(name, english)]


@pytest.mark.parametrize("sentence, expected", [
    ("南乐一高举行了开学典礼。", [("南乐一高", "Nanle No. 1 Senior High School")]),  # 一高: a senior high school
    ("教学质量一高再高。", []),  # with no name before it, 一高 is no school
])
def test_an_ordinal_senior_high_school(sentence, expected, glossary, finder):
    assert [(h.zh, h.en) for h in find_terms(sentence, glossary, finder) if h.transliterated] == expected


@pytest.mark.parametrize("sentence, expected", [
    # a foreign place CC-CEDICT names: its English, not Hanyu Pinyin read syllable by syllable
    ("休斯敦大学的研究人员表示，该市学校将推迟开学。", [("休斯敦大学", "Houston University")]),
    ("他曾在热那亚和米兰的中学任教。", [("热那亚", "Genoa")]),
    ("纽约州的学校将于九月开学。", [("纽约州", "New York")]),
    # a Chinese place whose dictionary English spells its syllables keeps the gazetteer's or pinyin
    ("代表团考察了太湖县的学校。", [("太湖县", "Taihu County")]),
    # no given name made of a place (和|苏联), no place inside a foreign person's name (埃马|纽埃|尔)
    ("会议由市长和苏联教育代表团团长共同主持。", []),
    ("法国总统埃马纽埃尔·马克龙访问了一所中学。", []),
])
def test_a_foreign_name_is_no_pinyin(sentence, expected, glossary, finder):
    assert [(h.zh, h.en) for h in find_terms(sentence, glossary, finder) if h.transliterated] == expected


def test_a_place_s_people_say_the_place(finder):
    from zhbrief.translate.enforce import count_term

    hit = next(h for h in finder.find("俄罗斯教育部长表示，俄罗斯学校将延长假期。") if h.zh == "俄罗斯")
    assert hit.forms == ("Russian",)
    assert count_term("The Russian education minister said schools in Russia would close.", hit.en, hit.forms) == 2


@pytest.mark.parametrize("definition, name", [
    ("Harbin, subprovincial city and capital of Heilongjiang province", "Harbin"),
    ("Ming Pao newspaper (Hong Kong)", "Ming Pao"),
    ("Weixin or WeChat (mobile text and voice messaging service)", "WeChat"),
    ("University of Cambridge", "University of Cambridge"),
    ("abbr. for 香港島|香港岛[Xiang1 gang3 dao3]", ""),
    ("hilltop", ""),
])
def test_the_english_name_a_dictionary_definition_opens_with(definition, name):
    assert english_name(definition) == name


@pytest.mark.parametrize("zh, english", [("张长明", "Zhang Changming"), ("刘长春", "Liu Changchun")])
def test_a_given_name_is_read_as_names_are_read(zh, english):
    assert person_name(zh) == english  # 长 is chang in a name, not the zhang of 校长


@pytest.mark.parametrize("sentence, name, english", [
    ("市教育局局长李杰才介绍，去年全市新建学校十所。", "李杰才", "Li Jiecai"),  # the tagger alone: 李杰|才
    ("市教育局局长刘杰才介绍，今年将开工建设三所学校。", "刘杰才", "Liu Jiecai"),
])
def test_where_jieba_and_the_title_agree_on_a_name_the_tagger_does_not_cut_it(sentence, name, english, glossary,
                                                                            finder):
    people = [(h.zh, h.en) for h in find_terms(sentence, glossary, finder) if h.category == "person"]
    assert people == [(name, english)]


@pytest.mark.parametrize("sentence, name, english", [
    ("检查组先后来到县一中、县实验小学。", "县一中", "County No. 1 Middle School"),
    ("她在市二中任教多年。", "市二中", "City No. 2 Middle School"),
    ("镇中心小学的老师们参加了培训。", "镇中心小学", "Town Central Primary School"),
])
def test_a_unit_standing_alone_before_a_school_names_the_unit_s_school(sentence, name, english, glossary, finder):
    assert (name, english) in terms(sentence, glossary, finder)


def test_a_unit_ending_a_word_is_no_part_of_the_school(glossary, finder):
    assert ("一中", "No. 1 Middle School") in terms("全县一中的学生都参加了。", glossary, finder)


def test_a_place_name_between_two_people_of_a_list_is_a_person(glossary, finder):
    people = [(h.zh, h.en) for h in find_terms("参加活动的有张国华、黄梅、刘志强等老师。", glossary, finder)]
    assert ("黄梅", "Huang Mei") in people  # 黄梅 is also a county (Huangmei)


@pytest.mark.parametrize("sentence, name, english", [
    ("昨天，成都市第七中学举行了开学典礼。", "成都市第七中学", "Chengdu No. 7 Middle School"),
    ("她在郑州市第四十七中学任教。", "郑州市第四十七中学", "Zhengzhou No. 47 Middle School"),
    ("杭州市学军中学的学生获奖。", "杭州市学军中学", "Hangzhou Xuejun Middle School"),  # a city's named school
])
def test_a_city_s_school_is_named_with_the_city(sentence, name, english, glossary, finder):
    assert (name, english) in terms(sentence, glossary, finder)


def test_a_school_named_by_a_place_stands_apart_from_the_city_before_it(glossary, finder):
    found = terms("学校位于遵义市赤水一小附近。", glossary, finder)
    assert ("赤水一小", "Chishui No. 1 Primary School") in found and ("遵义市", "Zunyi") in found


@pytest.mark.parametrize("sentence, province, name, english", [
    ("江苏省南京市教育局发布通知。", "江苏省", "南京市教育局", "Nanjing Municipal Education Bureau"),
    ("河南省郑州市第四十七中学", "河南省", "郑州市第四十七中学", "Zhengzhou No. 47 Middle School"),
    ("甘肃省兰州市城关区教育局局长讲话。", "甘肃省", "兰州市城关区教育局", "Lanzhou Chengguan District Education Bureau"),
])
def test_a_province_before_a_lower_place_is_a_name_of_its_own(sentence, province, name, english, glossary, finder):
    found = terms(sentence, glossary, finder)
    assert (name, english) in found and province in [zh for zh, _ in found]


def test_an_unknown_place_before_a_school_starts_where_a_word_starts(glossary, finder):
    # jieba cuts 学校|青山镇: the town is not 校青山镇
    found = terms("一行来到帮扶学校青山镇第二小学调研。", glossary, finder)
    assert ("青山镇第二小学", "Qingshan Town No. 2 Primary School") in found


@pytest.mark.parametrize("sentence", ["上海来的老师给孩子们上了一堂课。", "城里的老师来了之后，课堂变得生动了。"])
def test_a_particle_beside_a_title_is_no_person(sentence, glossary, finder):
    assert not [zh for zh, _ in terms(sentence, glossary, finder) if zh.startswith("来")]


def test_a_school_before_a_school_is_a_name_of_its_own(glossary, finder):
    found = terms("局长走进沁源中心校东关小学。", glossary, finder)
    assert ("沁源中心校", "Qinyuan Central School") in found and ("东关小学", "Dongguan Primary School") in found


def test_a_unit_after_a_pronoun_is_the_article_s_own_place_not_a_name(glossary, finder):
    assert not [zh for zh, _ in terms("书记一行下到我镇调研。", glossary, finder) if zh.endswith("我镇")]
