import pytest

from zhbrief.models import Script
from zhbrief.normalize.patterns import load_patterns
from zhbrief.normalize.script import detect_region, detect_script, fix_punctuation, fold_width, opencc_config_for, to_simplified


@pytest.mark.parametrize(
    "text, script",
    [
        ("保定蓮池區成京保教育協同發展排頭兵", Script.TRADITIONAL),
        ("保定莲池区成京保教育协同发展排头兵", Script.SIMPLIFIED),
        ("Hello 2023", Script.UNKNOWN),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) is script


@pytest.mark.parametrize(
    "text, region, expected",
    [
        ("臺灣教育部推動國中小採購教學軟體，擴充網路頻寬。臺北市", "tw", "台湾教育部推动国中小采购教学软件，扩充网络带宽。台北市"),
        ("香港特區政府教育局加強衞生教育，學生在課室裏活動。香港", "hk", "香港特区政府教育局加强卫生教育，学生在课室里活动。香港"),
        # Mainland text in traditional script keeps mainland words: 資訊 is not turned into 信息.
        ("教育資訊發佈平臺上線", "", "教育资讯发布平台上线"),
    ],
)
def test_taiwan_and_hong_kong_phrasing_is_converted_for_its_region(text, region, expected):
    assert detect_region(text, load_patterns().regions) == region
    assert to_simplified(text, opencc_config_for(region)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("全角：，。保持", "全角：，。保持"),
        ("ideographic\u3000space", "ideographic space"),
    ],
)
def test_fold_width(text, expected):
    assert fold_width(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("当下,天津面临", "当下，天津面临"),
        ("来源:映象网", "来源：映象网"),
        ("具体措施有哪些?", "具体措施有哪些？"),
        ("天津市教委给出最新进展!", "天津市教委给出最新进展！"),
        ("主校;成员校", "主校；成员校"),
        ("教师4587人(占比例为23.9%)", "教师4587人（占比例为23.9%）"),
        # What keeps its ASCII form: times, numbers, phone numbers, URLs, Latin text, non-Chinese brackets.
        ("2022-04-13 17:35:10 来源：映象网", "2022-04-13 17:35:10 来源：映象网"),
        ("增长1,000人，达到3.5万", "增长1,000人，达到3.5万"),
        ("电话(0311)85290821，人工智能(AI)课程", "电话(0311)85290821，人工智能(AI)课程"),
        ("网址：https://www.example.cn/a?b=1,2", "网址：https://www.example.cn/a?b=1,2"),
        ("工作时间：8:00-18:00", "工作时间：8:00-18:00"),
        ("error: not found", "error: not found"),
        ("访问Yahoo!新闻", "访问Yahoo!新闻"),
        # A '?' standing for an undecodable character inside a word is not a question mark.
        ("今年启动的深?萍纸@区", "今年启动的深?萍纸@区"),
        # A space between a number and its unit is an extraction artifact; column gaps stay.
        ("共覆盖869 所学校，2022 年7 月8 日", "共覆盖869所学校，2022年7月8日"),
        ("热线：0311-85290821   来源：中新网", "热线：0311-85290821   来源：中新网"),
    ],
)
def test_fix_punctuation(text, expected):
    assert fix_punctuation(text) == expected
