"""Numbers in a Chinese sentence and whether the English keeps them (13万余 -> more than 130,000).

Values are compared, not strings: 2.5亿 must come out as 250 million (or 250,000,000), 23.9% as
23.9% or 23.9 per cent, 13万余 (or 9000多万: more than 90 million) as more than 130,000 (or over 130,000).
Dates and clock times (3月 March, 25日 the 25th, 12时20分) are not checked: English writes them in forms
of its own. Nor are 唯一一 ("the only one") and 数十 ("dozens").

missing_numbers() asks only whether each value is there (what retries and edits must not lose);
misread_numbers() also asks whether a percent stayed a percent and "more than" stayed "more than";
number_flags() (what a reader is told) checks counts written in Chinese numerals too (六百名, 逾千二人:
1,200); qualify() repairs the two misreadings it can write back with certainty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A digit run with an optional Chinese magnitude, "more than" marker (before or after the magnitude:
# 13万余, 9000多万) and percent sign; not one glued to Latin letters (a code: D771次动车), which the
# English side does not read as a number either.
_ZH_NUMBER = re.compile(r"(?<![A-Za-z\d])(\d+(?:[.,．]\d+)*)\s*((?:余|多)(?=万|亿|千|百))?(万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百)?"
                        r"(余|多)?\s*(%|％|个百分点)?")
# A month, a day of the month, an hour, or the minutes after an hour: 3月 is March, 25日 "the 25th",
# 12时20分 "12.20 p.m." or "1220 hours"; the English writes dates and times in forms the count check
# does not read, so they are not checked.
_DATE_AFTER = re.compile(r"\s*(?:月|日|号|时)")
_MINUTES = re.compile(r"(?<=[时点])\d+(?=分)")
_UNITS = {"百": 1e2, "千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "十亿": 1e9,
          "百亿": 1e10, "千亿": 1e11, "万亿": 1e12}
_EN_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(hundred|thousand|million|billion|trillion)\b)?",
    re.I,
)
_EN_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Small counts are often spelled out in English (3所学校 -> three schools).
_EN_WORDS = {w: float(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_EN_WORDS.update({"dozen": 12.0, "first": 1.0, "second": 2.0, "third": 3.0, "half": 0.5})
# ordinals spelled out (18世纪 "the eighteenth century", 第五 "fifth")
_EN_WORDS.update({w: float(i) for i, w in enumerate(
    "fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth "
    "sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=4)})
_EN_WORD_RE = re.compile(r"\b(" + "|".join(_EN_WORDS) + r")\b", re.I)
_EN_WORD_SCALE = re.compile(r"[\s-]+(hundred|thousand|million|billion)\b", re.I)
_REL_TOLERANCE = 1e-9
# How the English marks a percent after the number, and "more than" (余, 多) before or after it.
_PERCENT_AFTER = re.compile(r"\s*(?:%|％|per\s?cent\b|percent\b|percentage points?\b)", re.I)
_MORE_BEFORE = re.compile(r"\b(?:more than|over|above|upwards of|in excess of|exceeding|beyond)\s+$", re.I)
_MORE_AFTER = re.compile(r"(?:\+|-plus\b|-odd\b|\s+or more\b|\s+plus\b)", re.I)
# Words that say the opposite of 余 ("about 130,000" for 13万余): qualify() writes "more than" for them.
_APPROX_BEFORE = re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|some|close to)\s+$", re.I)


@dataclass(frozen=True, slots=True)
class SourceNumber:
    """A number of the source sentence, its value and how the English should say it."""

    text: str  # as written in the Chinese
    value: float
    more_than: bool = False
    percent: bool = False

    @property
    def english(self) -> str:
        """The expected English rendering: 13万余 -> 'more than 130,000', 2.5亿 -> '250 million'."""
        v = self.value
        if self.percent:
            body = f"{_plain(v)}%"
        elif v >= 1e9 and round(v / 1e9, 2) == v / 1e9:
            body = f"{_plain(v / 1e9)} billion"
        elif v >= 1e6 and round(v / 1e6, 2) == v / 1e6:
            body = f"{_plain(v / 1e6)} million"
        else:
            body = f"{v:,.0f}" if v == int(v) and v >= 10000 else _plain(v)
        return f"more than {body}" if self.more_than else body


def _plain(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def _value(digits: str, unit: str | None) -> float:
    """cn2an reads digit+unit forms ('13万', '2.5亿'); a plain table is the fallback for odd spellings."""
    base = digits.replace(",", "").replace("．", ".")
    if unit:
        try:
            import cn2an

            return float(cn2an.cn2an(base + unit, "smart"))
        except (ValueError, KeyError, IndexError):
            pass
    return float(base) * _UNITS.get(unit or "", 1.0)


def source_numbers(zh: str) -> list[SourceNumber]:
    """Every number written with digits in `zh`, with Chinese magnitudes applied."""
    return [n for _, _, n in source_number_spans(zh)]


def source_number_spans(zh: str) -> list[tuple[int, int, SourceNumber]]:
    """source_numbers() with where each stands in `zh` (start, end, number)."""
    out = []
    for m in _ZH_NUMBER.finditer(zh):
        digits, more_before, unit, more, pct = m.groups()
        more = more or more_before
        if not pct and not unit and (_DATE_AFTER.match(zh, m.end(1)) or _MINUTES.match(zh, m.start(1))):
            continue
        if "," in digits and not re.fullmatch(r"\d{1,3}(,\d{3})+", digits):
            # '1,2' is a list of two numbers, not one
            at = m.start(1)
            for part in digits.split(","):
                out.append((at, at + len(part), SourceNumber(part, float(part))))
                at += len(part) + 1
            continue
        number = SourceNumber(m.group(0).strip(), _value(digits, unit), bool(more), bool(pct))
        out.append((m.start(), m.start() + len(m.group(0).rstrip()), number))
    return out


# A count written in Chinese numerals (六百名, 逾千二人, 十余所, 一九九八年): the numeral run, "more
# than", and the measure word that makes it a count (年 only after a year's four digits). Not after 第
# (an ordinal), not 一 or 两 alone (a school, both schools), and not where the run continues a word.
_NUMERAL = re.compile(r"(?<![第零〇一二两三四五六七八九十百千万亿])([零〇一二两三四五六七八九十百千万亿]+)(余|多)?"
                      r"(?=[名人所个位项家间座台套本次场届万亿元支条种批份件辆篇期岁]|年)")
_DIGIT_CHARS = dict(zip("〇零一二三四五六七八九", "00123456789"))
_COLLOQUIAL = re.compile(r"一?([百千万])([一二三四五六七八九])")  # 千二 1,200, 万三 13,000, 百五 150


def numeral_numbers(zh: str) -> list[SourceNumber]:
    """Counts written in Chinese numerals, for the reader's check (retries and edits read only digits)."""
    out = []
    for m in _NUMERAL.finditer(zh):
        run, more = m.group(1), m.group(2)
        year = zh.startswith("年", m.end()) and not more
        if year:
            if len(run) != 4 or any(c not in _DIGIT_CHARS for c in run):
                continue
            value = float("".join(_DIGIT_CHARS[c] for c in run))
        else:
            value = _numeral_value(run)
        if value is None or value < 2 or run in ("两", "一一") or zh[max(0, m.start() - 1) : m.start()] == "数":
            continue  # 唯一一个 is "the only one", 数十所 "dozens of": no count to check
        out.append(SourceNumber(m.group(0), value, bool(more)))
    return out


def _numeral_value(run: str) -> float | None:
    colloquial = _COLLOQUIAL.fullmatch(run)
    if colloquial:
        unit = _UNITS[colloquial.group(1)]
        return unit + unit / 10 * int(_DIGIT_CHARS[colloquial.group(2)])
    try:
        import cn2an

        return float(cn2an.cn2an(run, "normal"))
    except (ValueError, KeyError, IndexError):
        return None


def count_at(zh: str, start: int) -> SourceNumber | None:
    """The count written right at `start` with its measure word (骨干教师2837人: "2837"), else None."""
    m = _ZH_NUMBER.match(zh, start)
    if not m or not m.group(1) or m.group(5) or not re.match(r"[\u4e00-\u9fff]", zh[m.end() : m.end() + 1]):
        return None
    digits, more_before, unit, more, _ = m.groups()
    return SourceNumber(m.group(0).strip(), _value(digits, unit), bool(more or more_before))


def english_spans(en: str, value: float) -> list[tuple[int, int]]:
    """Where the English writes `value` in digits ("2837", "2,837", "130,000", "250 million")."""
    return [m.span() for m in _EN_NUMBER.finditer(en) if _close(_en_value(m), value)]


def _en_value(m: re.Match[str]) -> float:
    """The value an _EN_NUMBER match writes: "2,837" 2837, "250 million" 2.5e8."""
    return float(m.group(1).replace(",", "")) * (_EN_SCALE[m.group(2).lower()] if m.group(2) else 1.0)


@dataclass(frozen=True, slots=True)
class EnglishNumber:
    """A number written in the English, where, and how it is qualified."""

    value: float
    start: int
    end: int
    percent: bool = False
    more_than: bool = False

    def says(self, n: SourceNumber) -> bool:
        """The same value, a percent where the source has one, "more than" where the source has 余/多."""
        return _close(self.value, n.value) and (self.percent or not n.percent) and (self.more_than or not n.more_than)


def english_numbers(en: str) -> list[EnglishNumber]:
    """Numbers in the English: '130,000', '250 million' (also as a bare 250), '23.9 per cent', 'three'."""
    out = []

    def add(value: float, start: int, end: int) -> None:
        more = bool(_MORE_BEFORE.search(en, max(0, start - 20), start) or _MORE_AFTER.match(en, end))
        out.append(EnglishNumber(value, start, end, bool(_PERCENT_AFTER.match(en, end)), more))

    for m in _EN_NUMBER.finditer(en):
        add(_en_value(m), m.start(), m.end())
        if m.group(2):  # "2.5 million" also satisfies a bare 2.5 in the source
            add(float(m.group(1).replace(",", "")), m.start(), m.end())
    for m in _EN_WORD_RE.finditer(en):
        scale = _EN_WORD_SCALE.match(en, m.end())  # "six hundred", "two thousand"
        value = _EN_WORDS[m.group(1).lower()]
        add(value * _EN_SCALE[scale.group(1).lower()] if scale else value, m.start(), scale.end() if scale else m.end())
    return out


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= _REL_TOLERANCE * max(1.0, abs(a), abs(b))


def _unmatched(zh: str, en: str, strict: bool, numerals: bool = False) -> list[SourceNumber]:
    """Source numbers no English number stands for, each English number used once; with `strict`, a
    percent or "more than" must be said too (those are matched first, so a bare number takes what is left).
    `numerals`: counts written in Chinese numerals are checked too."""
    pool = english_numbers(en)
    numbers = source_numbers(zh) + (numeral_numbers(zh) if numerals else [])
    order = sorted(range(len(numbers)), key=lambda i: not (strict and (numbers[i].percent or numbers[i].more_than)))
    lost = set()
    for i in order:
        n = numbers[i]
        k = next((k for k, e in enumerate(pool) if (e.says(n) if strict else _close(e.value, n.value))), None)
        if k is None:
            lost.add(i)
        else:
            del pool[k]
    return [numbers[i] for i in sorted(lost)]


def missing_numbers(zh: str, en: str) -> list[SourceNumber]:
    """Source numbers whose value is nowhere in the English (each English value used once)."""
    return _unmatched(zh, en, strict=False)


def misread_numbers(zh: str, en: str) -> list[SourceNumber]:
    """Source numbers the English loses, or keeps without their percent or "more than"."""
    return _unmatched(zh, en, strict=True)


def qualify(zh: str, en: str) -> str:
    """A misread number written as the source says it, where that can be done with certainty: the value
    is once in the source and once in the English. 13万余 said 'About 130,000' -> 'More than 130,000'
    (an approximating word replaced; otherwise 'more than' put before the number); 61.8% said
    '61.8 rotating teachers' -> '61.8% rotating teachers'."""
    values = [m.value for m in source_numbers(zh)]
    for n in misread_numbers(zh, en):
        if sum(_close(v, n.value) for v in values) != 1:
            continue
        found = [e for e in english_numbers(en) if _close(e.value, n.value)]
        if len(found) != 1:
            continue
        e = found[0]
        if n.percent and not e.percent:
            en = en[: e.end] + "%" + en[e.end :]
        if n.more_than and not e.more_than:
            approx = _APPROX_BEFORE.search(en, max(0, e.start - 20), e.start)
            start = approx.start() if approx else e.start
            more = "More than" if en[start : start + 1].isupper() else "more than"
            en = en[:start] + more + " " + en[e.start :]
    return en


def number_flags(zh: str, en: str) -> tuple[str, ...]:
    """Reader-facing flags, one per missing or misread number: 'number mismatch: 13万余 → more than 130,000'."""
    return tuple(f"number mismatch: {n.text} → {n.english}" for n in _unmatched(zh, en, strict=True, numerals=True))
