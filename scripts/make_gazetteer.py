"""Write src/zhbrief/data/gazetteer_cn.tsv from cpca's administrative-division table.

    pip download --no-deps cpca==0.5.5 && unzip cpca-0.5.5-py3-none-any.whl 'cpca/resources/*'
    python scripts/make_gazetteer.py cpca/resources > src/zhbrief/data/gazetteer_cn.tsv

cpca (https://github.com/DQinYuan/chinese_province_city_area_mapper, MIT licence) ships the
National Bureau of Statistics / Ministry of Civil Affairs division codes (adcodes.csv: 34 provinces,
344 prefectures, 3133 counties) and the 56 nationalities (56_nations.csv). This script adds the English:
the bare name in Hanyu Pinyin as one word (pypinyin, place readings of data/glossary_place_readings.tsv,
then the readings fixed below) and the division's generic English. Run once; the TSV is the shipped data.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin

# Readings pypinyin gets wrong for these names (checked against the divisions' official romanizations).
READINGS = {"洪洞": "hongtong", "涡阳": "guoyang", "筠连": "junlian", "陕西": "shaanxi", "吐鲁番": "tulufan",
            "单县": "shanxian", "六合": "luhe", "大埔": "dabu", "番禺": "panyu", "蔚县": "yuxian", "乐亭": "laoting",
            "乐清": "yueqing", "铅山": "yanshan", "枞阳": "zongyang", "歙县": "shexian", "荥阳": "xingyang",
            "东阿": "dong'e", "莘县": "shenxian", "郫都": "pidu", "都匀": "duyun", "长治": "changzhi"}
# Conventional English names that are not the pinyin (as the Chinese government's English sites use them).
ENGLISH = {"内蒙古": "Inner Mongolia", "西藏": "Tibet", "香港": "Hong Kong", "澳门": "Macao",
           "乌兰察布": "Ulanqab", "呼和浩特": "Hohhot", "乌鲁木齐": "Urumqi", "拉萨": "Lhasa", "哈尔滨": "Harbin",
           "喀什": "Kashgar", "鄂尔多斯": "Ordos", "呼伦贝尔": "Hulunbuir", "日喀则": "Shigatse",
           "齐齐哈尔": "Qiqihar", "吐鲁番": "Turpan", "巴彦淖尔": "Bayannur", "锡林郭勒": "Xilingol", "阿拉善": "Alxa"}
REGIONS = {"内蒙古自治区": "Inner Mongolia Autonomous Region", "广西壮族自治区": "Guangxi Zhuang Autonomous Region",
           "西藏自治区": "Tibet Autonomous Region", "宁夏回族自治区": "Ningxia Hui Autonomous Region",
           "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region", "香港特别行政区": "Hong Kong Special Administrative Region",
           "澳门特别行政区": "Macao Special Administrative Region", "台湾省": "Taiwan",
           "北京市": "Beijing", "天津市": "Tianjin", "上海市": "Shanghai", "重庆市": "Chongqing"}
# generic suffix -> English; "" = the bare name (cities). Longest first.
SUFFIXES = [("特别行政区", "Special Administrative Region"), ("自治州", "Autonomous Prefecture"),
            ("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"), ("自治区", "Autonomous Region"),
            ("新区", "New Area"), ("林区", "Forestry District"), ("特区", "Special District"), ("地区", "Prefecture"), ("省", "Province"),
            ("市", ""), ("区", "District"), ("县", "County"), ("旗", "Banner"), ("盟", "League")]
AUTONOMOUS_SHORT = {"自治州": ("州", "Prefecture"), "自治县": ("县", "County"), "自治旗": ("旗", "Banner")}


def place_readings(repo: Path) -> dict[str, str]:
    text = (repo / "src" / "zhbrief" / "data" / "glossary_place_readings.tsv").read_text("utf-8")
    return dict(ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#"))


def pinyin(zh: str, chars: dict[str, str]) -> str:
    if zh in READINGS:
        word = READINGS[zh]
    else:
        syl = lazy_pinyin(zh, style=Style.NORMAL, v_to_u=True)
        if len(syl) == len(zh):
            syl = [chars.get(c, s) if i == 0 or c != "番" else s for i, (c, s) in enumerate(zip(zh, syl))]
            syl = ["chang" if c == "长" else s for c, s in zip(zh, syl)]
        word = ""
        for s in syl:
            word += ("'" if word and s[:1] in "aeo" else "") + s
    return word[:1].upper() + word[1:]


def main(resources: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    chars = place_readings(repo)
    lines = (resources / "56_nations.csv").read_text("utf-8").split()
    nations = sorted({ln.strip() for ln in lines if ln.strip()}, key=len, reverse=True)
    # 56_nations.csv names each nationality with 族; in division names the 族 may be dropped (壮族 -> 壮).
    ethnic = re.compile("(?:" + "|".join(re.escape(n[:-1]) + "族?" for n in nations) + ")+$")
    rows: dict[str, tuple[str, str, str]] = {}
    for r in csv.DictReader(open(resources / "adcodes.csv", encoding="utf-8")):
        zh = r["name"]
        for suffix, english in SUFFIXES:
            # 清新区 is Qingxin District, not Qing New Area: a unit leaves a name of two characters
            if zh.endswith(suffix) and len(zh) - len(suffix) >= (2 if suffix == "新区" else 1):
                break
        else:
            continue
        base = zh[: -len(suffix)]
        if suffix.startswith("自治") or suffix == "特别行政区":
            m = ethnic.search(base)
            if m and m.start() >= 2:
                base = base[: m.start()]
        short_en = ENGLISH.get(base) or pinyin(base, chars)
        en = REGIONS.get(zh) or (f"{short_en} {english}" if english else short_en)
        rows.setdefault(zh, (base, short_en, en))
        if suffix in AUTONOMOUS_SHORT and len(base) >= 2:  # 黔南州, 务川县: what the news writes
            s, e = AUTONOMOUS_SHORT[suffix]
            rows.setdefault(base + s, (base, short_en, f"{short_en} {e}"))
    print("# China's administrative divisions (provinces, prefectures, counties) and their English.")
    print("# Source: cpca 0.5.5 resources/adcodes.csv (MIT licence, github.com/DQinYuan/chinese_province_city_area_mapper),")
    print("# made by scripts/make_gazetteer.py (readings: pypinyin, checked; autonomous names also by their short form).")
    print("# zh\tshort zh\tshort en\ten")
    for zh in sorted(rows):
        base, short_en, en = rows[zh]
        print(f"{zh}\t{base}\t{short_en}\t{en}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
