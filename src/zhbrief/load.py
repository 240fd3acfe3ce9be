"""bytes -> RawDocument: detect the encoding, verify it, record whether decoding was lossy."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from .errors import InputError
from .models import RawDocument

MAX_BYTES = 64 * 1024 * 1024  # a news page is < 1 MB; 64 MB leaves room for a concatenated dump
# Share of control characters (other than tab/newline/CR/FF) above which input is treated as binary.
MAX_CONTROL_RATIO = 0.01
# Binary data often decodes as UTF-16 by chance, into rare Han characters; real text scores near 1.
MIN_UTF16_PLAUSIBILITY = 0.5
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy Chinese encodings tried in order when the text is not UTF-8: gb18030 is a superset of GBK/GB2312.
_CHINESE_FALLBACKS = ("gb18030", "big5hkscs")
_HTML_RE = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|div|p)\b", re.I)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


def load(path: str | Path) -> RawDocument:
    """Read and decode one file; raise InputError with a one-line reason when it cannot be used."""
    return decode(read(path), str(Path(path)))


def read(path: str | Path) -> bytes:
    """The bytes of one file; InputError with a one-line reason when it cannot be read or is too large."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(str(p), f"file is {size / 1e6:.0f} MB, over the {MAX_BYTES // 2**20} MiB limit")
        return p.read_bytes()
    except OSError as e:
        raise InputError(str(p), f"cannot read: {e.strerror or e}") from None


def decode(data: bytes, path: str = "<bytes>") -> RawDocument:
    if not data.strip():
        raise InputError(path, "empty file")
    encoding, text, lossy = _decode(data, path)
    if len(_CONTROL_RE.findall(text)) > MAX_CONTROL_RATIO * len(text):
        raise InputError(path, "binary file (not text)")
    is_html = bool(_HTML_RE.search(data[:4096]))
    return RawDocument(
        path=path,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        encoding=encoding,
        lossy=lossy,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        is_html=is_html,
    )


def _decode(data: bytes, path: str) -> tuple[str, str, bool]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, data.decode(enc, errors="replace"), _lossy(data, enc)
    if b"\x00" in data and (utf16 := _utf16_without_bom(data)):
        return utf16[0], utf16[1], False
    try:
        return "utf-8", data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise InputError(path, "binary file (not text)")
    candidates = list(_CHINESE_FALLBACKS)
    guess = _detect(data)
    if guess and guess not in candidates:
        candidates.append(guess)
    best: tuple[float, str, str] | None = None
    for enc in candidates:
        try:
            text = data.decode(enc, errors="replace")
        except LookupError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, enc, text)
    assert best is not None
    _, enc, text = best
    return enc, text, "\ufffd" in text


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data[:200_000]).best()
    return match.encoding if match else None


def _plausibility(text: str, sample: int = 20_000) -> float:
    """Share of Han characters that are common ones, minus undecodable bytes.

    A wrong legacy decoding (Big5 read as GB18030, or the reverse) still yields Han characters,
    but about half of them are rare ones; a right one yields almost only common characters.
    Common = GB2312 level 1 (lead byte 0xB0-0xD7) or Big5 frequent (lead byte 0xA4-0xC6).
    """
    han = _CJK_RE.findall(text[: sample * 4])[:sample]
    if not han:
        return -text.count("\ufffd")
    common = sum(1 for ch in han if _is_common(ch))
    return common / len(han) - 5 * text.count("\ufffd") / len(han)


def _is_common(ch: str) -> bool:
    try:
        if 0xB0 <= ch.encode("gb2312")[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA4 <= ch.encode("big5")[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM: the byte order whose strict decoding reads as plausible text."""
    best = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL_RE.findall(text)) > MAX_CONTROL_RATIO * len(text):
            continue
        score = _plausibility(text)
        if score > MIN_UTF16_PLAUSIBILITY and (best is None or score > best[0]):
            best = (score, enc, text)
    return (best[1], best[2]) if best else None


def _lossy(data: bytes, enc: str) -> bool:
    try:
        data.decode(enc)
        return False
    except UnicodeDecodeError:
        return True
