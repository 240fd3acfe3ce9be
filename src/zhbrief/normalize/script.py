"""Script detection and conversion (OpenCC), character-width folding and punctuation repair."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..models import Script

_HAN = re.compile(r"[\u3400-\u9fff]")
# Fraction of Han characters that must change under t2s before a text counts as traditional;
# simplified text still changes a little (e.g. 著/着 variants), so 0 would misfire.
TRADITIONAL_THRESHOLD = 0.05
DETECT_SAMPLE_CHARS = 20_000  # region markers are counted in this much text
# Script detection converts a sample of Han characters; 2,000 decide it as surely as 20,000
# (a 5% threshold) and keep detection a small share of the OpenCC time on simplified input.
DETECT_SAMPLE_HAN = 2_000
# A Taiwan or Hong Kong marker must occur this often before region-specific phrasing is applied:
# one stray mention of 臺灣 in a mainland text must not turn 资讯 into 信息.
MIN_REGION_HITS = 2
AUTO = "auto"


@lru_cache(maxsize=8)
def _converter(config: str):
    # One converter per config; it is never mutated after construction, so caching it is not
    # shared mutable state, and building one costs tens of milliseconds.
    import opencc

    try:
        return opencc.OpenCC(config)
    except Exception:  # the C++ binding wants "t2s.json", the pure-Python one "t2s"
        return opencc.OpenCC(config + ".json")


def opencc_backend() -> str:
    """Which OpenCC is importable: 'opencc (C++)' for the binding, 'opencc (pure Python)' otherwise.

    Both PyPI packages install a module named opencc; the C++ binding exposes its compiled
    library as `clib`, the reimplementation does not. Their output is the same.
    """
    import opencc

    return "opencc (C++)" if hasattr(opencc, "clib") else "opencc (pure Python)"


def detect_script(text: str) -> Script:
    """TRADITIONAL when enough Han characters change under t2s, SIMPLIFIED otherwise, UNKNOWN without Han."""
    han = _HAN.findall(text[:DETECT_SAMPLE_CHARS])[:DETECT_SAMPLE_HAN]
    if not han:
        return Script.UNKNOWN
    sample = "".join(han)
    converted = _converter("t2s").convert(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return Script.TRADITIONAL if changed / len(sample) > TRADITIONAL_THRESHOLD else Script.SIMPLIFIED


def detect_region(text: str, markers: tuple[tuple[str, str], ...]) -> str:
    """'tw', 'hk' or '' from marker words (region, word) counted in the text."""
    sample = text[:DETECT_SAMPLE_CHARS]
    hits: dict[str, int] = {}
    for region, word in markers:
        hits[region] = hits.get(region, 0) + sample.count(word)
    best = max(hits.items(), key=lambda kv: (kv[1], kv[0]), default=("", 0))
    return best[0] if best[1] >= MIN_REGION_HITS else ""


def opencc_config_for(region: str) -> str:
    """OpenCC config for traditional text of a region: Taiwan phrasing (軟體->软件) or HK variants (衞->卫).

    hk2s is the default: it is t2s plus Hong Kong variant characters, harmless for other text,
    while tw2sp rewrites Taiwan vocabulary and would change mainland words (资讯->信息).
    """
    return "tw2sp" if region == "tw" else "hk2s"


def to_simplified(text: str, config: str = "t2s") -> str:
    return _converter(config).convert(text)


def fold_width(text: str) -> str:
    """Full-width Latin letters and digits (and the ideographic space) become ASCII; Chinese punctuation is kept."""
    return text.translate(_WIDTH_TABLE)


_WIDTH_TABLE = {
    cp: unicodedata.normalize("NFKC", chr(cp))
    for cp in range(0xFF10, 0xFF5B)
    if chr(cp).isalnum()
}
_WIDTH_TABLE[0x3000] = " "

_HAN_CLASS = r"\u3400-\u9fff"
_CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—"
_CJK = rf"[{_HAN_CLASS}{_CJK_PUNCT}]"
# ASCII punctuation touching Chinese text becomes its Chinese form. A colon between digits (17:35),
# a comma between digits (1,000), and anything inside URLs or Latin text keep their ASCII form.
_PUNCT_RULES = (
    (re.compile(rf"(?<={_CJK}),(?!\d{{3}}\b)|,(?=\s*[{_HAN_CLASS}])(?<!\d,)"), "，"),
    (re.compile(rf"(?<={_CJK})\s*,"), "，"),
    (re.compile(rf"(?<={_CJK}):(?!//)"), "："),
    (re.compile(rf"(?<={_CJK});|(?<![A-Za-z&]);(?=[{_HAN_CLASS}])"), "；"),
    (re.compile(rf"(?<={_CJK})!|(?<![A-Za-z])!(?=[{_HAN_CLASS}“])"), "！"),
)
# Parentheses are converted as a pair, and only when they hold Chinese: (0311) and (AI) stay ASCII.
_PAREN = re.compile(rf"\(([^()\n]*[{_HAN_CLASS}][^()\n]*)\)")
# Text extracted from PDFs and some CMSs puts a space between a number and its Chinese unit
# ("869 所学校", "2022 年"); the space is an artifact, never meaningful in Chinese.
# Only one space after a plain number: wider gaps and times/dates/phone numbers are column layout.
_DIGIT_SPACE_HAN = re.compile(rf"(?<![\d:/\-.])(\d+) (?=[{_HAN_CLASS}])")


# An ASCII "?" glued between two Han characters is often an undecodable character a mirror turned
# into "?" (深?萍); it is a question mark only when its clause asks something.
_QUESTION_WORDS = re.compile(r"[吗呢么哪谁几啥]|什么|怎么|如何|为何|为什么|是否|多少|难道")
_ASCII_QUESTION = re.compile(rf"(?<={_CJK})\?|\?(?=[{_HAN_CLASS}])")
_CLAUSE_START = re.compile(r"[。！？!；;，,\n]")


def _question(m: re.Match[str]) -> str:
    line, i = m.string, m.start()
    nxt = line[i + 1 : i + 2]
    if not _HAN.match(nxt):
        return "？"
    clause = _CLAUSE_START.split(line[:i])[-1]
    return "？" if _QUESTION_WORDS.search(clause) else "?"


def fix_punctuation(line: str) -> str:
    """ASCII punctuation inside Chinese text becomes Chinese; times, numbers, URLs and Latin text keep theirs."""
    if not _HAN.search(line):
        return line
    line = _DIGIT_SPACE_HAN.sub(r"\1", line)
    line = _PAREN.sub(r"（\1）", line)
    for rx, repl in _PUNCT_RULES:
        line = rx.sub(repl, line)
    return _ASCII_QUESTION.sub(_question, line)
