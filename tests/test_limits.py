"""What one file may cost a build: per-article limits (characters, sentences, sentence length), applied
and said, never silent; the cost of each stage linear in a file's size; files written readable by
others (the umask's mode); where the model runs (--device)."""

from __future__ import annotations

import os
import random
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from zhbrief.cli import main
from zhbrief.errors import ZhbriefError
from zhbrief.normalize import NormalizeOptions, normalize
from zhbrief.normalize.sentences import MAX_RUN_CHARS, MAX_SENTENCE_CHARS, cut
from zhbrief.parallel import PrepareOptions, prepare
from zhbrief.pipeline import COMPARATIVE_NAME, BuildOptions, build, resolve_device

from conftest import FakeEngine

ARTICLE = (
    "县教育局启动暑期教师培训计划\n\n本月起，县教育局组织全县三百多名中小学教师参加暑期培训。"
    "培训内容包括课堂教学、心理健康教育和信息技术应用。\n\n教育局负责人表示，培训将持续四周。"
    "参加培训的教师普遍认为收获很大。\n"
)


def unpunctuated(chars: int) -> str:
    """`chars` characters of the article's words repeated, without punctuation or line breaks."""
    unit = "".join(re.findall(r"[\u3400-\u9fff]+", ARTICLE))
    return (unit * (chars // len(unit) + 1))[:chars]


def hostile_batch(folder: Path, giant_chars: int) -> Path:
    """The shape of bench/hostile_batch.py: a giant unpunctuated file, three of random bytes, one article."""
    folder.mkdir(parents=True)
    (folder / "giant.txt").write_text(unpunctuated(giant_chars), "utf-8")
    rng = random.Random(26)
    for n in (1, 2, 3):
        (folder / f"binary_{n}.bin").write_bytes(rng.randbytes(2048))
    (folder / "training.txt").write_text(ARTICLE, "utf-8")
    return folder


def test_a_giant_file_is_capped_and_said_while_bad_files_are_reported(tmp_path):
    """Regression: a 400,000-character file without punctuation took minutes to summarize and then
    sent its whole text to the model; three binary files beside it must not stop the batch either."""
    inputs = hostile_batch(tmp_path / "in", giant_chars=20_000)
    options = BuildOptions(out_dir=tmp_path / "out", max_chars=6_000, max_sentences=12)
    result = build([inputs], options, engine=FakeEngine())

    assert sorted(Path(p).name for p, _ in result.failures) == ["binary_1.bin", "binary_2.bin", "binary_3.bin"]
    assert all("binary" in reason for _, reason in result.failures)
    assert {p.name for p in result.written} == {COMPARATIVE_NAME, "giant.md", "training.md"}
    comparative = (tmp_path / "out" / COMPARATIVE_NAME).read_text("utf-8")
    provenance = comparative[comparative.index("## Provenance"):]
    assert "only the first 6,000 of 20,000 characters used" in provenance
    assert f"only the first 12 of {6_000 // MAX_RUN_CHARS} body sentences used" in provenance
    assert f"cut into pieces of at most {MAX_SENTENCE_CHARS}" in provenance
    assert "binary\\_1.bin: binary file (not text)" in provenance  # listed as not used (Markdown-escaped)
    giant = (tmp_path / "out" / "giant.md").read_text("utf-8")
    flags = giant[giant.index("## Flags"):giant.index("## Glossary appendix")]
    assert "| article | only the first 6,000 of 20,000 characters used" in flags
    # The good article is briefed as if alone: no limit applied to it.
    training = (tmp_path / "out" / "training.md").read_text("utf-8")
    assert "only the first" not in training and "Limits applied" not in training
    # What reaches the model is a summary of short pieces, not the file.
    sent = [t for ab in result.briefing.articles if ab.article.doc_id == "giant" for t in ab.translations]
    assert 1 <= len(sent) <= options.summarize.sentences
    assert all(len(t.zh) <= MAX_RUN_CHARS for t in sent)  # pieces of a text without punctuation


def test_a_file_within_the_limits_is_used_whole_and_says_nothing(tmp_path):
    path = tmp_path / "training.txt"
    path.write_text(ARTICLE, "utf-8")
    [prepared] = prepare([path], PrepareOptions(max_chars=len(ARTICLE), max_sentences=4))
    assert prepared.article is not None and prepared.article.limits == ()
    assert len(prepared.article.body) == 4


def test_the_character_limit_cuts_at_a_line_break(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("很长的一篇报告标题\n\n" + "".join(f"第{i}项工作已经完成。\n" for i in range(400)), "utf-8")
    [prepared] = prepare([path], PrepareOptions(max_chars=1_000))
    article = prepared.article
    assert article is not None
    assert all(re.fullmatch(r"第\d+项工作已经完成。", s.text) for s in article.body)  # no sentence cut in two
    assert re.fullmatch(r"only the first \d{3,4} of [\d,]+ characters used \(the limit of one article: 1,000\)",
                        article.limits[0])


def test_the_sentence_limit_keeps_the_first_sentences(tmp_path):
    """Regression: over 2,000 sentences the file used to be refused whole."""
    path = tmp_path / "long.txt"
    path.write_text("很长的一篇报告标题\n\n" + "".join(f"第{i}项工作已经完成。" for i in range(40)), "utf-8")
    [prepared] = prepare([path], PrepareOptions(max_sentences=30))
    assert prepared.summary is not None
    assert [s.text for s in prepared.article.body] == [f"第{i}项工作已经完成。" for i in range(30)]
    assert prepared.article.limits == ("only the first 30 of 40 body sentences used (the limit of one article)",)


@pytest.mark.parametrize(
    "text, limit, run, pieces",
    [
        ("甲乙丙丁戊己庚辛", 3, 100, ["甲乙丙", "丁戊己", "庚辛"]),  # no clause mark: cut at the limit
        ("甲乙丙丁戊己庚辛", 6, 2, ["甲乙", "丙丁", "戊己", "庚辛"]),  # ... or at the shorter run length
        ("你好，世界，今天天气很好。", 5, 100, ["你好，", "世界，", "今天天气很", "好。"]),  # after the last mark
        ("一二三四五，六七八九十", 8, 2, ["一二三四五，", "六七", "八九", "十"]),  # a tail without marks too
        ("一二三四五，六七八九十", 8, 5, ["一二三四五，", "六七八九十"]),
        ("短句。", 10, 2, ["短句。"]),
    ],
)
def test_a_long_sentence_is_cut_after_a_clause_mark_when_there_is_one(text, limit, run, pieces):
    assert cut(text, limit, run) == pieces


@settings(max_examples=200, deadline=None, derandomize=bool(os.environ.get("CI")))
@given(st.text(alphabet=st.sampled_from("教育部发布通知，、；： 。x"), max_size=400), st.integers(1, 60), st.integers(1, 60))
def test_cut_pieces_join_back_and_none_is_longer_than_the_limit(text, limit, run):
    pieces = cut(text, limit, run)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)


def test_normalize_cuts_a_long_sentence_losslessly_and_says_so():
    text = unpunctuated(1_000) + "。后面还有一句完整的话。"
    article = normalize(load_text(text), NormalizeOptions(max_sentence_chars=300))
    assert "".join(s.text for s in article.sentences) == text
    assert {len(s.text) for s in article.sentences[:-2]} == {MAX_RUN_CHARS}  # a stretch without marks
    assert [s.text for s in article.sentences[-2:]] == [text[1000 - 1000 % MAX_RUN_CHARS:1001], "后面还有一句完整的话。"]
    assert article.limits == ("1 sentence longer than 300 characters (the longest: 1,001) cut into pieces of at most 300",)


def load_text(text: str):
    from zhbrief.load import decode

    return decode(text.encode("utf-8"), "long.txt")


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_every_file_build_writes_has_the_mode_the_umask_gives(tmp_path, mask, mode):
    """Regression: every briefing was 0600 (the temporary file's mode survived the rename), unreadable
    by anyone else in a shared folder or a web server."""
    inputs = hostile_batch(tmp_path / "in", giant_chars=2_000)
    out = tmp_path / "out"
    old = os.umask(mask)
    try:
        result = build([inputs], BuildOptions(out_dir=out), engine=FakeEngine())
        html = build([inputs], BuildOptions(out_dir=tmp_path / "html", render=_html()), engine=FakeEngine())
    finally:
        os.umask(old)
    written = result.written + html.written
    assert len(written) == 6
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in written} == {oct(mode)}
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in result.written)  # no temporary file left


def _html():
    from zhbrief.render import RenderOptions

    return RenderOptions(format="html")


def test_device_auto_falls_back_to_the_cpu_and_cuda_without_a_gpu_is_a_clear_error(tmp_path, capsys):
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("this machine has a CUDA GPU")
    assert resolve_device("auto") == "cpu"
    assert resolve_device("cpu") == "cpu"
    with pytest.raises(ZhbriefError, match="no CUDA GPU"):
        resolve_device("cuda")
    inputs = hostile_batch(tmp_path / "in", giant_chars=2_000)
    assert main(["build", str(inputs), "-o", str(tmp_path / "out"), "--device", "cuda"]) == 1
    err = capsys.readouterr().err
    assert "error: --device cuda: CTranslate2 finds no CUDA GPU" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # said before any work
    assert main(["build", str(inputs), "-o", str(tmp_path / "out"), "--device", "tpu"]) == 2
    assert "--device must be one of auto, cpu, cuda" in capsys.readouterr().err


@pytest.mark.model
def test_build_translates_on_the_device_auto_finds(real_model, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "training.txt").write_text(ARTICLE, "utf-8")
    (folder / "binary.bin").write_bytes(random.Random(1).randbytes(1024))
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--device", "auto"]) == 3  # partial
    err = capsys.readouterr().err
    import ctranslate2

    assert f"translation device: {'cuda' if ctranslate2.get_cuda_device_count() else 'cpu'}" in err
    assert "skipped" in err and "binary.bin" in err
    assert (tmp_path / "out" / "training.md").is_file()
