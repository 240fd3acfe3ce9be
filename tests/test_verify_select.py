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
from zhbrief.translate.checks import FACT, FORM, Candidate, Finding, badness, uncovered, verify
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


def test_a_name_no_term_covers_is_a_fact_finding_that_names_it():
    zh = "中国航天科技集团第四研究院派专家到校讲座。"  # an organisation no rule renders
    [f] = [f for f in verify(cand("Experts from the Fourth Academy came to give a lecture.", zh)) if f.check == "names"]
    assert "中国航天科技集团第四研究院" in f.text and f.severity == FACT
    covered = TermHit("中国航天科技集团第四研究院", "Fourth Academy of CASC", 0, 13, "institution", enforced=True)
    assert not [f for f in verify(cand("Experts of the Fourth Academy of CASC came.", zh, [covered]))
                if f.check == "names"]


def test_a_surname_with_a_title_is_no_name_to_check():
    found = verify(cand("County Magistrate Wang said the school has 62 classes.", "王县长表示，学校已有62班。"))
    assert not [f for f in found if f.check == "names"]
