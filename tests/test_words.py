"""Our jieba tokenizers: each one's added words stay its own, though the dictionary is read once per process."""

from zhbrief.words import tagger, tokenizer

TERM = "集团化办学"
TEXT = "推进集团化办学和教师交流"


def test_words_added_to_one_tokenizer_never_reach_another(tmp_path):
    before = tokenizer(cache_dir=str(tmp_path))
    seeded = tokenizer([TERM], 10**6, cache_dir=str(tmp_path))
    after = tokenizer(cache_dir=str(tmp_path))
    assert TERM in seeded.lcut(TEXT)
    assert all(TERM not in t.lcut(TEXT) and "集团化" in t.lcut(TEXT) for t in (before, after))


def test_a_tagger_tags_its_own_words_and_jiebas():
    seeded, plain = tagger([TERM], 10**6, "nz"), tagger()
    assert ("集团化办学", "nz") in [tuple(p) for p in seeded.lcut(TEXT)]
    tags = dict(tuple(p) for p in plain.lcut(TEXT))
    assert TERM not in tags and tags["推进"] == "v" and tags["教师"] == "n"
