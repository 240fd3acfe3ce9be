"""The translation cache: warm rebuilds cost no model calls, glossary edits re-translate only what they touch."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from pathlib import Path

from zhbrief.cli import main
from zhbrief.glossary import Glossary
from zhbrief.models import GlossaryEntry
from zhbrief.translate import TranslateOptions, translate_texts
from zhbrief.translate.cache import TranslationCache

from conftest import FakeEngine

ITEMS = [
    ("a#s1", "天津市交流教师4587人。"),
    ("a#s2", "其中骨干教师2837人。"),
    ("b#s1", "保定市开展合作。"),
    ("b#s2", "学校共有学生13万余人。"),
]
TABLE = {
    "天津市交流教师4587人。": "Tianjin has 4587 rotating teachers.",
    "其中骨干教师2837人。": "Of these, 2837 are backbone teachers.",
    "保定市开展合作。": "Baoding carries out cooperation.",
    "学校共有学生13万余人。": "The school has more than 130,000 students.",
}


def glossary(**overrides: str) -> Glossary:
    rows = {"天津市": "Tianjin", "交流教师": "rotating teachers", "骨干教师": "backbone teachers", "保定市": "Baoding"}
    rows.update(overrides)
    return Glossary(tuple(GlossaryEntry(zh, en) for zh, en in sorted(rows.items())))


def test_warm_run_makes_zero_model_calls_and_gives_the_same_english():
    cold = FakeEngine(TABLE)
    first = translate_texts(ITEMS, glossary(), cold)
    assert cold.calls == len(ITEMS)
    warm = FakeEngine(TABLE)
    second = translate_texts(ITEMS, glossary(), warm)
    assert warm.calls == 0
    assert [t.en for t in second] == [t.en for t in first]
    assert [t.terms for t in second] == [t.terms for t in first]
    assert all(t.cached for t in second) and [t.sentence_id for t in second] == [s for s, _ in ITEMS]


def test_one_glossary_edit_retranslates_only_the_sentences_containing_it():
    translate_texts(ITEMS, glossary(), FakeEngine(TABLE))
    engine = FakeEngine(TABLE)
    # "backbone teachers" -> "key teachers": only a#s2 contains 骨干教师
    out = translate_texts(ITEMS, glossary(骨干教师="key teachers"), engine)
    assert [t.sentence_id for t in out if not t.cached] == ["a#s2"]
    assert "term not enforced: 骨干教师 → key teachers" in out[1].flags


def test_editing_an_entry_s_forms_retranslates_its_sentences_and_cached_hits_keep_them():
    translate_texts(ITEMS, glossary(), FakeEngine(TABLE))
    entries = tuple(GlossaryEntry(e.zh, e.en, forms="backbone teacher|key teachers" if e.zh == "骨干教师" else "")
                    for e in glossary().entries)
    engine = FakeEngine(TABLE)
    out = translate_texts(ITEMS, Glossary(entries), engine)
    assert [t.sentence_id for t in out if not t.cached] == ["a#s2"]
    again = translate_texts(ITEMS, Glossary(entries), FakeEngine(TABLE))
    assert all(t.cached for t in again)
    assert next(h for h in again[1].terms if h.zh == "骨干教师").forms == ("backbone teacher", "key teachers")


def test_different_decoding_options_do_not_share_entries():
    translate_texts(ITEMS, glossary(), FakeEngine(TABLE))
    engine = FakeEngine(TABLE)
    translate_texts(ITEMS, glossary(), engine, TranslateOptions(enforce_terms=False))
    assert engine.calls == len(ITEMS)


def test_english_made_with_other_cpu_kernels_is_not_reused():
    """The int8 kernels change the English (see PORTABLE_KERNELS): rows made pinned to AVX2 are not served
    to an engine running CTranslate2's own choice, and the reverse."""
    pinned = FakeEngine(TABLE)
    pinned.kernels = "avx2"
    translate_texts(ITEMS, glossary(), pinned)
    native = FakeEngine(TABLE)
    native.kernels = "native"
    translate_texts(ITEMS, glossary(), native)
    assert native.calls == len(ITEMS)
    again = FakeEngine(TABLE)
    again.kernels = "avx2"
    translate_texts(ITEMS, glossary(), again)
    assert again.calls == 0


def _writer(home: str, worker: int, n: int) -> None:
    os.environ["ZHBRIEF_HOME"] = home
    items = [(f"s{k}", f"第{worker}组第{k}句。") for k in range(n)]
    for start in range(0, n, 5):  # many small transactions interleave with the other process
        translate_texts(items[start : start + 5], glossary(), FakeEngine())


def test_two_builds_at_once_do_not_corrupt_it(zhbrief_home):
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(zhbrief_home), w, 60)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    with TranslationCache.default() as cache:
        assert cache.info()["entries"] == 120
    db = sqlite3.connect(str(zhbrief_home / "cache" / "translations.sqlite3"))
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _opener(folder: str, barrier, rounds: int) -> None:
    for k in range(rounds):
        barrier.wait(60)  # every process opens the same new file at the same moment
        TranslationCache(Path(folder) / f"{k}.sqlite3").close()


def test_builds_that_open_a_new_cache_at_once_all_open_it(tmp_path):
    """Two connections switching a new file to WAL at once: SQLite fails one with "database is locked"
    whatever its busy timeout (seen in CI, about one opening in twenty)."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(4)
    procs = [ctx.Process(target=_opener, args=(str(tmp_path), barrier, 25)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(180)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]


def _killed_midway(home: str) -> None:
    os.environ["ZHBRIEF_HOME"] = home
    cache = TranslationCache.default()
    cache._db.execute("BEGIN IMMEDIATE")
    cache._db.execute("INSERT INTO translations (key, model, zh, en, terms, flags) VALUES ('x','m','zh','half','[]','[]')")
    os._exit(9)  # like kill -9: no commit, no close


def test_a_killed_run_leaves_it_usable(zhbrief_home):
    translate_texts(ITEMS[:2], glossary(), FakeEngine(TABLE))
    p = multiprocessing.get_context("spawn").Process(target=_killed_midway, args=(str(zhbrief_home),))
    p.start()
    p.join(60)
    assert p.exitcode == 9
    engine = FakeEngine(TABLE)
    out = translate_texts(ITEMS, glossary(), engine)
    assert engine.calls == 2 and [t.cached for t in out] == [True, True, False, False]
    with TranslationCache.default() as cache:
        assert cache.info()["entries"] == 4


def test_cache_info_and_clear_commands(capsys):
    translate_texts(ITEMS, glossary(), FakeEngine(TABLE))
    assert main(["cache", "info"]) == 0
    assert "entries:  4 sentences" in capsys.readouterr().out
    assert main(["cache", "clear"]) == 0
    assert "cleared 4 cached sentences" in capsys.readouterr().out
    engine = FakeEngine(TABLE)
    translate_texts(ITEMS, glossary(), engine)
    assert engine.calls == len(ITEMS)
