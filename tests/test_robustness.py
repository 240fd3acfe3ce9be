"""Hostile input: whatever bytes or text come in, zhbrief answers with an article or an InputError.

Invariants checked on generated input (hypothesis): decode and normalize raise nothing but InputError,
everything they hand on is valid Unicode (encodable as UTF-8, so it can be written), and sentence
splitting keeps every character.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from zhbrief.errors import InputError
from zhbrief.load import decode
from zhbrief.models import Article, RawDocument
from zhbrief.normalize import NormalizeOptions, normalize, split_sentences

# CI runs the same examples every time (no flaky builds); a developer's run explores new ones, and
# ZHBRIEF_FUZZ_EXAMPLES=5000 makes a longer hunt.
EXAMPLES = int(os.environ.get("ZHBRIEF_FUZZ_EXAMPLES", "150"))
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the first call loads OpenCC's dictionaries
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FAST, max_examples=max(EXAMPLES // 4, 10))
HUGE = settings(FAST, max_examples=max(EXAMPLES // 25, 3))

# Characters news pages really mix: simplified and traditional Han, CJK and ASCII punctuation, full-width
# forms, pinyin with tone marks, emoji, combining marks, bidi and zero-width controls, C0/C1 controls.
_MIXED = (
    "教育部发布通知要求各地落实双减政策學校課後服務師資隊伍建設"
    "。，、；：！？…“”‘’「」『』（）《》【】——·"
    ".,;:!?\"'()[]<>&|*_#`\\/ \t\n\r"
    "ＡＢＣ１２３％＋ｑū́ǎàü"
    "😀👩‍🏫\u0301\u200b\u200d\u202e\ufeff\ufffd\x00\x07\x0b\x1b\x7f\x85\u2028\u2029"
)
mixed_text = st.text(alphabet=st.sampled_from(_MIXED), max_size=400)
any_text = st.text(max_size=400)  # every code point except lone surrogates
# Strings may hold lone surrogates (e.g. from os.fsdecode of a bad name); the splitter must not care.
surrogate_text = st.text(alphabet=st.characters(codec=None, categories=["Cs", "Lo", "Po"]), max_size=200)
huge_line = st.builds(lambda unit, n: unit * n, st.text(alphabet=st.sampled_from(_MIXED), min_size=1, max_size=12),
                      st.integers(min_value=5_000, max_value=40_000))
ENCODINGS = ["utf-8", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"]
LONE_SURROGATES = [b"\xed\xa0\x80", b"\xed\xbf\xbf", "\ud800".encode("utf-16-le", "surrogatepass"),
                   "\udfff".encode("utf-16-be", "surrogatepass")]


@st.composite
def hostile_bytes(draw) -> bytes:
    """Text in some encoding, then cut, spliced with lone surrogates, invalid UTF-8 or noise."""
    text = draw(st.one_of(mixed_text, any_text))
    enc = draw(st.sampled_from(ENCODINGS))
    data = text.encode(enc, errors="replace")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        junk = draw(st.one_of(st.sampled_from(LONE_SURROGATES), st.binary(max_size=8),
                              st.sampled_from([b"\xff\xfe", b"\x80", b"\xc3", b"\xe4\xb8", b"\x00\x00"])))
        data = data[:at] + junk + data[at:]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]  # truncated mid-character
    return data


def assert_valid_unicode(*texts: str) -> None:
    for t in texts:
        t.encode("utf-8")  # raises on a lone surrogate: such text could not be written out


def assert_article_is_writable(article: Article) -> None:
    m = article.metadata
    assert_valid_unicode(article.title, article.doc_id, article.path, *article.paragraphs,
                         *(s.text for s in article.sentences), *(r.text for r in article.removals),
                         *(x for x in (m.title, m.date, m.source, m.dateline, m.url) if x),
                         *m.authors, *m.editors, *m.keywords)
    ids = [s.id for s in article.sentences]
    assert len(ids) == len(set(ids)), "sentence ids must be unique"


def decode_or_input_error(data: bytes) -> RawDocument | None:
    try:
        raw = decode(data, "hostile.txt")
    except InputError as e:
        assert e.reason and "\n" not in e.reason  # a one-line reason a user can read
        return None
    assert_valid_unicode(raw.text)
    return raw


@FAST
@given(hostile_bytes())
@example(b"\xed\xa0\x80\xe6\x95\x99\xe8\x82\xb2")  # CESU-8 lone surrogate before 教育
@example("\ufeff教育\ud800".encode("utf-16-le", "surrogatepass"))
@example(b"\xff\xfe" + "教育".encode("utf-16-le") + b"\x00\xd8")  # BOM, then a lone high surrogate
@example(bytes(range(256)))
def test_decode_returns_valid_text_or_input_error(data):
    decode_or_input_error(data)


@SLOW
@given(hostile_bytes())
@example("标题在这里足够长的新闻\n\x00\x01\x02正文。".encode("gb18030"))
@example("<html><body><p>教育部發佈通知。</p><script>x</script></body></html>".encode("big5", "replace"))
def test_normalize_of_decoded_bytes_raises_nothing_and_stays_valid(data):
    raw = decode_or_input_error(data)
    if raw is not None:
        assert_article_is_writable(normalize(raw, NormalizeOptions()))


@SLOW
@given(st.one_of(mixed_text, any_text), st.booleans())
def test_normalize_of_any_text_raises_nothing(text, is_html):
    """Text straight into normalize (as a library user may pass it), HTML or not."""
    raw = RawDocument(path="any.txt", text=text, encoding="utf-8", lossy=False, sha256="0" * 64, size=len(text),
                      is_html=is_html)
    try:
        article = normalize(raw, NormalizeOptions())
    except InputError:
        return
    assert_article_is_writable(article)


@HUGE
@given(huge_line)
def test_a_huge_single_line_is_handled(line):
    """Regression guard: a scraped page can be one 100,000-character line without a line break."""
    raw = decode_or_input_error(line.encode("utf-8"))
    if raw is not None:
        article = normalize(raw, NormalizeOptions())
        assert_article_is_writable(article)


@FAST
@given(st.one_of(mixed_text, any_text, surrogate_text))
def test_split_is_lossless_on_any_string(text):
    pieces = split_sentences(text)
    assert "".join(pieces) == text
    assert all(piece for piece in pieces), "no empty sentence"


@HUGE
@given(huge_line)
def test_split_is_lossless_on_huge_lines(line):
    assert "".join(split_sentences(line)) == line


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"   \n\t ", id="whitespace only"),
        pytest.param(bytes(range(32)) * 50, id="control characters"),
        pytest.param(b"\x00" * 1000, id="NUL bytes"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, id="a PNG"),
    ],
)
def test_unusable_bytes_give_a_reason_not_a_traceback(data):
    with pytest.raises(InputError) as e:
        decode(data, "bad.bin")
    assert e.value.path == "bad.bin" and e.value.reason
