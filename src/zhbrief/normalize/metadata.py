"""Metadata stated by the page: labelled lines (来源：, 记者, 责编：), date lines, outlet lines, bylines,
reporter credits in the lede, datelines. Nothing is guessed: a field not stated stays None/empty."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date, time as _time

from .patterns import Patterns, word_regex

_HAN = re.compile(r"[\u3400-\u9fff]")
# 2021年05月18日 | 2022-04-13 | 2022/4/13 | 2022.04.13, optionally followed by 17:35[:10].
DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})[:：时](?P<M>\d{2})(?:[:：分](?P<S>\d{2}))?秒?)?"
)
# A periodical's issue: 河北教育(综合版) 2022年12期, 求是 2023年第5期.
PERIODICAL = re.compile(r"^(?P<name>\S.{0,30}?)\s*(?:19|20)\d{2}\s*年\s*第?\s*\d{1,2}\s*期$")
MAX_LABEL_LINE = 80  # a label line ("来源：映象网 编辑：王为") is short; longer lines are body text
MAX_FIELD_VALUE = 30
MAX_NAME_CHARS = 10  # a person's or an organisation's name in an author/editor field
MAX_OUTLET_LINE = 30
_NAME_SPLIT = re.compile(r"[\s、，,;；/|｜]+")
_BRACKETS = str.maketrans("", "", "【】[]（）()「」<>《》")
_TERMINAL = "。！？!?"
# Markers that open a byline line in magazines: ■ 张三, ● 文/张三.
_BYLINE = re.compile(r"^[■□●◆▲★▶]\s*(?P<body>.+)$")
_SLASH_BYLINE = re.compile(r"^文\s*[/｜|]\s*(?P<names>[\u3400-\u9fff ]{2,20})$")
# "(记者 张三 实习生 李四)" in the lede.
_CREDIT = re.compile(r"[（(](?P<inner>[^（）()]{2,60})[）)]")
LEDE_LINES = 3  # reporter credits and datelines are looked for in this many first body lines


@dataclass
class MetaBuilder:
    """Collects metadata while normalize() walks the lines; first stated value of a field wins."""

    title: str | None = None
    date: str | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    dateline: str | None = None
    keywords: list[str] = field(default_factory=list)
    url: str | None = None
    inferred: list[str] = field(default_factory=list)

    def set(self, name: str, value) -> None:
        if value in (None, "", ()):
            return
        current = getattr(self, name)
        if isinstance(current, list):
            current.extend(v for v in value if v not in current)
        elif current is None:
            setattr(self, name, value)


def parse_date(text: str) -> str | None:
    """ISO 8601 date (and time, to the precision stated) of the first valid date in text, or None."""
    for m in DATE.finditer(text):
        try:
            d = _date(int(m["y"]), int(m["m"]), int(m["d"]))
            if m["H"] is None:
                return d.isoformat()
            t = _time(int(m["H"]), int(m["M"]), int(m["S"] or 0))
        except ValueError:
            continue
        return f"{d.isoformat()}T{t.isoformat(timespec='seconds' if m['S'] else 'minutes')}"
    return None


def names(value: str, patterns: Patterns) -> list[str] | None:
    """Person names in a credit value ("大象新闻记者 贾利超 实习生 张凯奇" -> [贾利超, 张凯奇]); None if not names.

    Single characters separated by a space are one spaced-out name ("张 利" -> 张利).
    """
    roles = patterns.labels("role") + patterns.labels("photo-role") + patterns.labels("author")
    # Role words of two or more characters swallow what is glued before them ("大象新闻记者");
    # one-character ones (文, 摄) only count as tokens of their own, or 陈大文 would lose 文.
    long_roles = tuple(r for r in roles if len(r) >= 2)
    role_rx = re.compile(rf"\S*?(?:{word_regex(long_roles).pattern})")
    value = value.translate(_BRACKETS).strip()
    tokens = [t for t in _NAME_SPLIT.split(role_rx.sub(" ", value)) if t and t not in roles]
    merged: list[str] = []
    for t in tokens:
        if len(t) == 1 and merged and len(merged[-1]) < 3 and _HAN.match(t) and _HAN.match(merged[-1][-1]):
            merged[-1] += t  # 张 利 -> 张利
        else:
            merged.append(t)
    if not merged or any(len(t) > MAX_NAME_CHARS or any(c in t for c in _TERMINAL) for t in merged):
        return None
    return [t for t in merged if len(t) >= 2]


@dataclass(frozen=True, slots=True)
class LabelRules:
    label: re.Pattern[str]
    field_of: dict
    outlet: re.Pattern[str]
    agency: re.Pattern[str]
    photo_role: re.Pattern[str]

    @classmethod
    def from_patterns(cls, p: Patterns) -> "LabelRules":
        fields = ("date", "source", "author", "editor", "keywords", "url", "contact")
        field_of = {}
        for f in fields:
            for w in p.labels(f):
                field_of.setdefault(w, f)
        for w in p.labels("photo-role"):
            if len(w) >= 2:
                field_of.setdefault(w, "photographer")
        label = re.compile(
            rf"(?:^|(?<=[\s，,|｜】\]）)]))[【\[]?(?P<label>{word_regex(tuple(field_of)).pattern})[】\]]?\s*[：:]\s*"
        )
        suffix = word_regex(p.labels("outlet-suffix")).pattern
        return cls(
            label=label,
            field_of=field_of,
            outlet=re.compile(rf"^[\u3400-\u9fffA-Za-z0-9·（）()]{{2,{MAX_OUTLET_LINE}}}(?:{suffix})$"),
            agency=word_regex(p.labels("agency")),
            photo_role=re.compile(rf"(?:{word_regex(p.labels('photo-role')).pattern})$"),
        )


def parse_label_line(line: str, rules: LabelRules, patterns: Patterns) -> dict | None:
    """Fields of a line made of `label：value` pairs (None if it is not one, or a value is not plausible).

    A date may open the line without a label ("2022-04-13 17:35:10 来源：映象网").
    """
    if len(line) > MAX_LABEL_LINE:
        return None
    # A credit line wrapped in brackets: （责任编辑：李四、王五） or 【责任编辑：张三】.
    if m := re.fullmatch(r"\s*[（(【\[]\s*(.+?)\s*[）)】\]]\s*", line):
        line = m.group(1)
    out: dict = {}
    lead = DATE.match(line)
    start = 0
    if lead and parse_date(lead.group(0)):
        out["date"] = parse_date(lead.group(0))
        start = lead.end()
    matches = [m for m in rules.label.finditer(line) if m.start() >= start]
    if not matches:
        rest = line[start:]
        if not out or any(c in rest for c in "，。！？；,;"):
            return None  # "2021年4月28日，保定市与…" is a sentence that opens with a date
        out["_unlabelled"] = True
        return out
    if line[start : matches[0].start()].strip() and not out:
        return None  # text before the first label: a sentence that happens to contain a label word
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end() : end].strip().translate(_BRACKETS).strip()
        f = rules.field_of[m["label"]]
        if not value or f == "contact":
            out.setdefault("_empty", []).append(m["label"])
            continue
        if len(value) > MAX_FIELD_VALUE and f != "url":
            return None
        if f == "date":
            if not (d := parse_date(value)):
                return None
            out.setdefault("date", d)
        elif f == "source":
            if any(c in value for c in _TERMINAL):
                return None
            out.setdefault("source", value.split()[0] if len(value.split()) > 1 and PERIODICAL.match(value) is None else value)
        elif f in ("author", "editor", "photographer"):
            ns = names(value, patterns)
            if ns is None:
                return None
            out.setdefault(f + "s", []).extend(ns)
        elif f == "keywords":
            out.setdefault("keywords", []).extend(k for k in re.split(r"[,，;；、\s]+", value) if k)
        elif f == "url":
            url = re.search(r"(?:https?://|www\.)\S+", value)
            if not url:
                return None
            out.setdefault("url", url.group(0))
    return out


def byline(line: str, patterns: Patterns) -> list[str] | None:
    """Authors of a magazine byline: '■衡水市教育局局长 张 利' -> [张利], '文/张三' -> [张三]."""
    if m := _SLASH_BYLINE.match(line):
        return names(m["names"], patterns)
    m = _BYLINE.match(line)
    if not m:
        return None
    parts = m["body"].split()
    if len(parts) < 2:
        return None
    # The name is the last token, or the last run of single characters (a spaced-out name).
    tail: list[str] = []
    for t in reversed(parts):
        if len(t) == 1 or not tail:
            tail.insert(0, t)
            if len(t) > 1:
                break
        else:
            break
    name = "".join(tail)
    return [name] if 2 <= len(name) <= 4 and all(_HAN.match(c) for c in name) else None


def credits(line: str, patterns: Patterns) -> list[str]:
    """Reporters named in a lede credit: '映象网讯（大象新闻记者 贾利超 实习生 张凯奇）' -> [贾利超, 张凯奇]."""
    role = word_regex(patterns.labels("role"))
    for m in _CREDIT.finditer(line):
        inner = m["inner"]
        if role.search(inner) and (ns := names(inner, patterns)):
            return ns
    return []


def dateline(line: str, rules: LabelRules) -> tuple[str | None, str | None]:
    """(place, agency) of a dateline opening the lede: '新华社北京5月18日电' -> ('北京', '新华社')."""
    m = re.match(r"^(?P<lead>[\u3400-\u9fff]{2,16}?)(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:电|讯)", line)
    if not m:
        return None, None
    lead = m["lead"]
    a = rules.agency.match(lead)
    place = lead[a.end():] if a else lead
    place = re.sub(r"(新闻|讯|报道)$", "", place)
    return (place if 2 <= len(place) <= 6 else None), (a.group(0) if a else None)


def outlet_line(line: str, rules: LabelRules) -> str | None:
    """The outlet named on a line of its own ('北京市政府门户网站', '河北教育(综合版) 2022年12期')."""
    if PERIODICAL.match(line):
        return line
    if rules.outlet.match(line):
        return line
    return None
