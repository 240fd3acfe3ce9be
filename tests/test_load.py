from pathlib import Path

import pytest

from zhbrief.errors import InputError
from zhbrief.load import decode, load

from conftest import DATA

SIMPLIFIED = (DATA / "simplified_utf8.txt").read_text("utf-8")


@pytest.mark.parametrize(
    "name, encoding",
    [
        ("simplified_utf8.txt", "utf-8"),
        ("simplified_gb18030.txt", "gb18030"),
    ],
)
def test_chinese_encodings_decode_to_the_same_text(name, encoding):
    doc = load(DATA / name)
    assert doc.encoding == encoding
    assert doc.text == SIMPLIFIED
    assert not doc.lossy


def test_big5_traditional_text_is_decoded_not_read_as_gb18030():
    doc = load(DATA / "traditional_big5.txt")
    assert doc.encoding.startswith("big5")
    assert "骨幹教師" in doc.text


@pytest.mark.parametrize("bom_encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_with_and_without_bom(bom_encoding):
    doc = decode(SIMPLIFIED.encode(bom_encoding))
    assert doc.text == SIMPLIFIED


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (bytes(range(256)) * 20, "binary file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 300, "binary file"),
    ],
)
def test_unusable_input_gets_a_one_line_reason(data, reason):
    with pytest.raises(InputError) as e:
        decode(data, "x.txt")
    assert reason in str(e.value)
    assert "\n" not in str(e.value)


def test_half_garbage_is_decoded_and_marked_lossy():
    data = SIMPLIFIED.encode("gb18030") + b"\xff\xfe\xff" + "结束。".encode("gb18030")
    doc = decode(data)
    assert doc.lossy
    assert "义务教育学校集团" in doc.text and "结束" in doc.text


def test_missing_file_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="cannot read"):
        load(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    "encoding, declared",
    [("gbk", "gbk"), ("gb18030", "gb2312"), ("big5", "big5"), ("utf-8", "utf-8")],
)
def test_html_pages_in_legacy_encodings_are_decoded_and_marked_html(encoding, declared):
    html = (
        f'<html><head><meta charset="{declared}"><title>教育</title></head>'
        f"<body><p>{SIMPLIFIED if encoding != 'big5' else '骨幹教師交流輪崗。'}</p></body></html>"
    )
    doc = decode(html.encode(encoding), "page.html")
    assert doc.is_html
    assert not doc.lossy
    assert ("骨幹教師" if encoding == "big5" else "义务教育学校集团") in doc.text


def test_big5_hkscs_characters_are_decoded():
    """Hong Kong text uses HKSCS characters that plain Big5 lacks (e.g. 㗎)."""
    text = "香港學校㗎，教育局宣佈新措施。"
    doc = decode(text.encode("big5hkscs"), "hk.txt")
    assert doc.text == text and not doc.lossy
