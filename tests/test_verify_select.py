"""generate -> verify -> select: the table of checks, the selection rule, the confidence and its reasons,
and what a reader of `translate_texts` output can rely on (one sentence never merged into another)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, strategies as st

from zhbrief.glossary import Glossary
from zhbrief.models import GlossaryEntry, TermHit
from zhbrief.translate import TranslateOptions, split_units, translate_texts
from zhbrief.translate.checks import FACT, FORM, NOTE, Candidate, Finding, badness, doubtful, uncovered, verify
from zhbrief.translate.confidence import Model, features, load_model, reasons
from zhbrief.translate.engine import Decoded
from zhbrief.translate.select import consensus, select

from conftest import FakeEngine

NO_CACHE = TranslateOptions(use_cache=False)
GLOSSARY = Glossary((GlossaryEntry("骨干教师", "backbone teachers", "role"), GlossaryEntry("保定市", "Baoding", "place")))


def cand(en: str, zh: str = "保定市骨干教师120人。", terms=()) -> Candidate:
    return Candidate("test", zh, en, tuple(terms))


def test_checks_name_what_is_wrong():
    hit = TermHit("骨干教师", "backbone teachers", 3, 7, "role", enforced=False)
    found = verify(cand("Baoding has 12 key teachers.", terms=[hit]))
    checks = {f.check for f in found}
    assert {"terms", "numbers"} <= checks
    assert any("骨干教师" in f.text for f in found) and any("120" in f.text for f in found)
    place = TermHit("保定市", "Baoding", 0, 3, "place", enforced=True)
    assert verify(cand("Baoding has 120 backbone teachers.", terms=[place, replace(hit, enforced=True)])) == ()


def test_untranslated_chinese_is_a_fact_finding():
    found = verify(cand("Baoding 骨干教师 120."))
    assert any(f.check == "quality" and "untranslated" in f.text and f.severity == FACT for f in found)


def test_uncovered_source_words_from_attention():
    src = "保定市教师一百二十人"
    spans = ((0, 3), (3, 5), (5, 10))
    # the target attends to the place and the teachers, never to the count
    d = Decoded(src, spans, ("▁Baoding", "▁teachers"), ((0.9, 0.1, 0.0), (0.1, 0.8, 0.1)))
    assert uncovered(d) == ["一百二十人"]
    assert uncovered(Decoded(src, spans, ("▁x",), ())) == []


def _attending(src: str, spans, attended: set[int], en: str) -> Decoded:
    """A decoding of `en` whose every target piece attends only to the source pieces `attended`."""
    row = tuple(1.0 / len(attended) if k in attended else 0.0 for k in range(len(spans)))
    pieces = tuple("▁" + w for w in en.split())
    return Decoded(src, tuple(spans), pieces, (row,) * len(pieces))


def _pieces(src: str, size: int = 1):
    return [(k, min(k + size, len(src))) for k in range(0, len(src), size)]


def test_coverage_names_whole_content_words_in_words_a_reader_understands():
    src = "这些学校从管理上得到了加强，薄弱学校也得到支持。"
    # nothing attended from 从 to 支持: particles, localisers and punctuation are no fact of their own
    spans = _pieces(src)
    d = _attending(src, spans, {0, 1, 2, 3}, "These schools.")
    found = verify(Candidate("t", src, d.text, (), d), ["coverage"])
    assert len(found) == 1 and found[0].severity == NOTE  # told of, never doubtful on its own
    said = found[0].text
    assert said.startswith("may leave out: ")
    for word in ("管理", "加强", "薄弱", "支持"):
        assert word in said
    assert "薄弱 “weak”" in said and "得到 “to get”" in said  # a CC-CEDICT sense beside the word
    assert "管理," in said  # six senses in the dictionary: none given out of context
    for fragment in ("从", "上得", "了加", "也"):
        assert fragment not in said


def test_coverage_leaves_to_their_own_checks_numbers_and_terms_the_english_renders():
    src = "共有283名骨干教师参加培训活动"
    spans = _pieces(src)
    d = _attending(src, spans, {0, 1}, "A total of 283 backbone teachers.")
    hit = TermHit("骨干教师", "backbone teachers", 6, 10, "role", enforced=True)
    found = verify(Candidate("t", src, d.text, (hit,), d), ["coverage"])
    assert [f.text for f in found] == ["may leave out: 参加 “to participate”, 培训, 活动"]
    unrendered = replace(hit, enforced=False)  # the terms check names it; coverage may too
    assert "骨干教师" in verify(Candidate("t", src, d.text, (unrendered,), d), ["coverage"])[0].text


@pytest.mark.parametrize("zh, en, renderings, seam", [
    # each County is the generic part of its own name: a list of names, not a seam
    ("商都县卓资县", "Schools in Shangdu County, Zhuozi County and Wuchuan County.", ("Shangdu County", "Zhuozi County"),
     None),
    # a word of one term said twice, or a repeat no term owns, is still a seam
    ("商都县卓资县", "Schools in Shangdu County County.", ("Shangdu County",), "County … County"),
    ("商都县卓资县", "It covers academic and academic fields.", (), "academic … academic"),
    ("全县学校", "The county and county schools.", ("county",), "county … county"),
])
def test_a_word_repeated_by_two_names_that_share_it_is_no_seam(zh, en, renderings, seam):
    terms = tuple(TermHit(f"名{k}", r, k, k + 1, "place", enforced=True) for k, r in enumerate(renderings))
    found = [f.text for f in verify(Candidate("t", zh, en, terms), ["seams"])]
    assert found == ([f"a word said twice: {seam}"] if seam else [])


@pytest.mark.parametrize("zh, en, seam", [
    # the source says it twice: 高 in 高风险、高死亡率, 飓风 in 飓风中心 and 飓风“汉娜”
    ("这种疾病常伴随着高风险、高死亡率。", "The disease often comes with high risks, high mortality.", None),
    ("国家飓风中心说，飓风“汉娜”将带来暴雨。", "The National Hurricane Center said Hurricane Hanna will bring rain.", None),
    # the source says it once: the repeat is the English's own
    ("学校加强学术领域的交流。", "The school strengthens exchanges in academic and academic fields.", "academic … academic"),
    # two different words that share a gloss are not the same word said twice (考察 and 调研)
    ("代表团赴高校考察调研。", "The delegation went to universities for study and study.", "study … study"),
    # doubled with nothing between: a seam, though the source has 军 twice
    ("解放军第71集团军官兵", "Soldiers of the PLA's 71st Army army", "Army … army"),
    # a name whose two syllables sound alike (杨洋 Yang Yang); a number the source repeats
    ("杨洋指挥乐团演奏了这部作品。", "Yang Yang conducted the orchestra in the work.", None),
    ("两所学校分别招生1200人和1200人。", "The two schools enrolled 1200 and 1200 students respectively.", None),
])
def test_a_repeat_the_source_makes_too_is_no_seam(zh, en, seam):
    found = [f.text for f in verify(Candidate("t", zh, en, ()), ["seams"])]
    assert found == ([f"a word said twice: {seam}"] if seam else [])


def test_a_word_a_term_says_is_said_again_only_outside_the_terms():
    """Both 高 of the source are inside the two 衡水二高: a third "High" after a rendering is a leftover."""
    zh = "衡水二高今年扩建，衡水二高学生增加。"
    school = "Hengshui No. 2 Senior High School"
    terms = tuple(TermHit("衡水二高", school, k, k + 4, "school", enforced=True) for k in (0, 9))
    seam = f"{school} High has expanded this year, and {school} has more students."
    clean = f"{school} has expanded this year, and {school} has more students."
    assert [f.text for f in verify(Candidate("t", zh, seam, terms), ["seams"])] == ["a word said twice: High … High"]
    assert not verify(Candidate("t", zh, clean, terms), ["seams"])
    # a term's own rendering may say a word twice (杨洋 Yang Yang)
    person = (TermHit("杨洋", "Yang Yang", 0, 2, "person", enforced=True),)
    assert not verify(Candidate("t", "杨洋指挥乐团演奏。", "Yang Yang conducted the orchestra.", person), ["seams"])


def test_select_prefers_fewer_wrong_facts_over_agreement():
    a, b = cand("Baoding 12 teachers."), cand("Baoding has 120 teachers.")
    fa = (Finding("numbers", "number lost: 120"),)
    i, _ = select([a, b], [fa, ()], pool=["Baoding 12 teachers", "Baoding 12 teachers!"])
    assert i == 1


def test_select_takes_the_consensus_among_equally_sound_candidates():
    pool = ["The city has 120 backbone teachers.", "The city has 120 backbone teachers now.",
            "There are 120 backbone teachers in the city."]
    odd = cand("Backbone teachers, 120 of them, the city does have.")
    i, agree = select([odd, cand(pool[0])], [(), ()], pool)
    assert i == 1 and 0 < agree <= 100


def test_consensus_of_a_pool_of_one_is_full():
    assert consensus(["x"]) == [100.0]


def test_badness_orders_facts_before_form():
    assert badness([Finding("a", "x", FORM)] * 3) < badness([Finding("b", "y", FACT)])


def test_shipped_confidence_model_rates_a_sure_agreed_rendering_above_an_unsure_one():
    model = load_model()
    sure = features("保定市骨干教师120人。", "Baoding has 120 backbone teachers.", -0.2, 90.0, ())
    unsure = features("保定市骨干教师120人。", "Baoding has 120 backbone teachers.", -2.5, 20.0, ())
    assert 0.0 <= model.confidence(unsure) < model.confidence(sure) <= 1.0
    assert 0.0 < model.doubt_below < 1.0 and model.source


def test_reasons_speak_to_the_reader():
    model = Model({"logprob": 10.0}, 50.0, {}, 0.0, 100.0, 0.5, {"logprob": (-1.0, -0.3), "consensus": (40.0, 80.0)})
    signals = features("保定市。", "Baoding.", -3.0, 10.0, ())
    said = reasons(model, signals, (Finding("terms", "term not enforced: 保定市 → Baoding"),))
    assert said[0] == "term not enforced: 保定市 → Baoding"
    assert any("unsure" in r for r in said) and any("disagree" in r for r in said)
    assert math.isnan(features("x", "y", None, 0.0, ())["logprob"])


@given(st.text(alphabet="保定市。！？!?.\n 教师“”a1", max_size=40))
def test_split_units_keeps_every_character(text):
    assert "".join(split_units(text)) == text


@pytest.mark.parametrize("zh, n", [
    ("保定市开展合作。两地签订协议。", 2),
    ("保定市开展合作\n两地签订协议", 2),
    ("他说：“保定市开展合作。”随后签订协议。", 2),
    ("保定市开展合作.两地签订协议.", 2),  # ASCII full stops between Chinese
    ("共计3.5万人。", 1),  # a decimal point is no sentence end
])
def test_split_units_cuts_at_sentence_ends(zh, n):
    assert len(split_units(zh)) == n


def test_two_sentences_are_never_translated_as_one():
    """Regression: given several lines, translate joined them and the model dropped one whole."""
    engine = FakeEngine({"保定市开展合作。": "Baoding cooperates.", "两地签订协议。": "The two sign an agreement."})
    [t] = translate_texts([("s1", "保定市开展合作。两地签订协议。")], GLOSSARY, engine, NO_CACHE)
    assert t.en == "Baoding cooperates. The two sign an agreement."
    assert [h.start for h in t.terms] == [0]


def test_a_row_with_a_failed_fact_check_is_doubtful_with_the_reason():
    engine = FakeEngine({"保定市骨干教师120人。": "Baoding has 120 key teachers."})
    [t] = translate_texts([("s1", "保定市骨干教师120人。")], GLOSSARY, engine, NO_CACHE)
    assert t.doubtful and any("骨干教师" in d for d in t.doubts)
    assert 0.0 <= t.confidence <= 1.0


def test_a_sound_row_is_not_doubtful():
    engine = FakeEngine({"保定市骨干教师120人。": "Baoding has 120 backbone teachers."})
    [t] = translate_texts([("s1", "保定市骨干教师120人。")], GLOSSARY, engine, NO_CACHE)
    assert not t.doubtful and t.doubts == () and t.clauses == ()


def test_a_name_no_term_covers_and_no_rule_can_spell_is_a_note_that_names_it():
    zh = "中国航天科技集团第四研究院派专家到校讲座。"  # an organisation no rule renders
    [f] = [f for f in verify(cand("Experts from the Fourth Academy came to give a lecture.", zh)) if f.check == "names"]
    assert "中国航天科技集团第四研究院" in f.text and f.severity == NOTE
    covered = TermHit("中国航天科技集团第四研究院", "Fourth Academy of CASC", 0, 13, "institution", enforced=True)
    assert not [f for f in verify(cand("Experts of the Fourth Academy of CASC came.", zh, [covered]))
                if f.check == "names"]


@pytest.mark.parametrize("zh, en, wrong, unchecked", [
    # the dictionary's English name, a demonym of it, the pinyin written together or apart: checked
    ("以色列政府已多次采取紧急措施。", "The Israeli government has taken emergency measures.", [], []),
    ("石城子村今年建成两所学校。", "Shichengzi Village has built two schools this year.", [], []),
    # a Chinese place or person whose English lacks the spelling it must have: a wrong fact
    ("石城子村今年建成两所学校。", "Stone City Village has built two schools this year.", ["石城子村 is Shichengzi Village"], []),
    ("哈密市新建了学校。", "Hamish City has built new schools.", ["哈密市 is Hami"], []),
    ("王丽丽当选为校长。", "Wang Lily was elected principal.", ["王丽丽 is Wang Lili"], []),
    # a foreign name in Chinese characters has no spelling a rule predicts: a note, not a wrong fact
    ("博索纳罗宣布检测结果为阳性。", "Bosonaro announced that he had tested positive.", [], ["博索纳罗"]),
    # ... also one that opens with a Chinese surname (刘|易斯 Lewis); a Chinese given name stays checked
    ("刘易斯在大学演讲时谈到了教育公平。", "Lewis spoke of fairness in education at the university.", [], ["刘易斯"]),
    ("刘燕君在大学演讲时谈到了教育公平。", "Liu Yanjin spoke of fairness in education at the university.",
     ["刘燕君 is Liu Yanjun"], []),
    # a common word the tagger may take for a name (沙皇 "tsar") is no person
    ("沙皇彼得大帝组建了海军。", "Tsar Peter the Great built a navy.", [], None),
    # ... unless it stands right after a title (副局长杨柳: the deputy director Yang Liu, no willow)
    ("副局长杨柳出席了会议。", "Deputy Director Yang Yan attended the meeting.", ["杨柳 is Yang Liu"], None),
])
def test_a_name_the_english_spells_as_the_dictionary_or_pinyin_does_is_checked(zh, en, wrong, unchecked):
    found = [f for f in verify(cand(en, zh)) if f.check == "names"]
    assert [f.text for f in found if f.severity == FACT] == [f"name not spelled as expected: {w}" for w in wrong]
    notes = [f.text for f in found if f.severity == NOTE]
    if unchecked is not None:  # None: the notes are not this case's concern
        assert notes == ([f"name spelled by the model, not checked: {'、'.join(unchecked)}"] if unchecked else [])
    assert doubtful(found) == bool(wrong)


@pytest.mark.parametrize("zh, en, reversed_", [
    ("3所市直高中对口帮扶4所县办高中。", "In all, four county-run high schools in three municipal high schools get counterpart assistance.",
     "“three municipal high schools” assists “four county-run high schools”"),
    ("3所市直高中对口帮扶4所县办高中。", "Three municipal high schools provide counterpart assistance to four county-run high schools.",
     None),
    # the English turns the order round with a passive or "from": still right
    ("3所市直高中对口帮扶4所县办高中。", "Four county-run high schools are assisted by three municipal high schools.", None),
    ("3所市直高中对口帮扶4所县办高中。", "Four county-run high schools receive assistance from three municipal high schools.",
     None),
    # the source's own frame puts the helped side first (受…帮扶) or makes the verb a noun (帮扶关系): not checked
    ("4所县办高中受3所市直高中帮扶。", "Four county-run high schools are assisted by three municipal high schools.", None),
    ("3所市直高中与4所县办高中建立帮扶关系。", "Four county-run high schools and three municipal high schools pair up.", None),
    # a side after a preposition (对/向) is where the help goes; one item of a list is no side of its own
    ("我市向4所县办高中援助3所市直高中的教师。", "Teachers of three municipal high schools went to four county-run high schools.",
     None),
    ("3所市直高中、4所县办高中帮扶乡村学校。", "Four county-run high schools and three municipal high schools help villages.",
     None),
])
def test_a_relation_whose_sides_the_english_names_the_other_way_round_is_a_fact_finding(zh, en, reversed_):
    terms = [TermHit("市直高中", "municipal high schools", zh.index("市直高中"), zh.index("市直高中") + 4, "school"),
             TermHit("县办高中", "county-run high schools", zh.index("县办高中"), zh.index("县办高中") + 4, "school")]
    found = [f for f in verify(cand(en, zh, terms)) if f.check == "relations"]
    if reversed_ is None:
        assert found == []
    else:
        assert [f.text for f in found] == [f"who assists whom may be reversed: in the source, {reversed_}"]
        assert found[0].severity == FACT


def test_a_surname_with_a_title_is_no_name_to_check():
    found = verify(cand("County Magistrate Wang said the school has 62 classes.", "王县长表示，学校已有62班。"))
    assert not [f for f in found if f.check == "names"]
