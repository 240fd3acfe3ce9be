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
    not_names: frozenset[str]  # words beside a date that name nobody: 原创, 转载, 网络整理

    @classmethod
    def from_patterns(cls, p: Patterns) -> "LabelRules":
        fields = ("date", "source", "author", "editor", "keywords", "url", "contact", "counter")
        field_of = {}
        for f in fields:
            for w in p.labels(f):
                field_of.setdefault(w, f)
        for w in p.labels("photo-role"):
            if len(w) >= 2:
                field_of.setdefault(w, "photographer")
        label = re.compile(
            rf"(?:^|(?<=[\s，,|｜】\]）)：:]))[【\[]?(?P<label>{word_regex(tuple(field_of)).pattern})[】\]]?\s*[：:]\s*"
        )
        suffix = word_regex(p.labels("outlet-suffix")).pattern
        return cls(
            label=label,
            field_of=field_of,
            outlet=re.compile(rf"^[\u3400-\u9fffA-Za-z0-9·（）()]{{2,{MAX_OUTLET_LINE}}}(?:{suffix})$"),
            agency=word_regex(p.labels("agency")),
            photo_role=re.compile(rf"(?:{word_regex(p.labels('photo-role')).pattern})$"),
            not_names=frozenset(p.labels("not-outlet")),
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
    line = _MARKER.sub("", line)
    if (named := _named_date_line(line, rules)) is not None:
        return named
    out: dict = {}
    lead = DATE.match(line)
    start = 0
    if lead and parse_date(lead.group(0)):
        out["date"] = parse_date(lead.group(0))
        start = lead.end()
    matches = [m for m in rules.label.finditer(line) if m.start() >= start]
    if not matches:
        rest = line[start:]
        if out and (m := _TW_CREDIT.match(rest.strip())):
            out["authors"] = [m["name"]]
            return out
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
        if not value or f in ("contact", "counter"):
            out.setdefault("_empty", []).append(m["label"])
            continue
        if len(value) > MAX_FIELD_VALUE and f not in ("url", "source"):
            return None
        if f == "date":
            if not (d := parse_date(value)):
                return None
            out.setdefault("date", d)
        elif f == "source":
            source, credited = _source_value(line[m.end() : end].strip(), patterns)
            if source is None:
                return None
            if source:
                out.setdefault("source", source)
            if credited:
                out.setdefault("authors", []).extend(credited)
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


# Markers that open a metadata line on some sites: "* 来源：…", "- 2023年9月3日", "• 分享至".
_MARKER = re.compile(r"^\s*[*•·\-–]\s*")
# A WeChat account id after the account's name: 中国新闻周刊(ID:chinanewsweekly).
_WECHAT_ID = re.compile(r"\s*[（(]\s*(?:ID|id|微信号)\s*[：:][^（）()]*[）)]")
# Taiwan papers credit "記者王峻祺／宜蘭報導" (reporter / place + 报导).
_TW_CREDIT = re.compile(r"^[〔\[（(【]?(?:记者|文)\s*(?P<name>[\u3400-\u9fff]{2,4})\s*[/／]\s*(?P<place>[\u3400-\u9fff]{2,8}?)(?:报导|报道)[〕\]）)]?")
_DMY = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_WEEKDAY = r"(?:\s*[（(]?\s*(?:星期|周|礼拜)[一二三四五六日天]?\s*[）)]?)?"
_CLOCK = r"(?:\s*(?:上午|下午|晚上|早上|中午|凌晨)?\s*\d{1,2}\s*[:：时]\s*\d{2}(?:\s*[:：分]\s*\d{2})?秒?)?"


def _source_value(value: str, patterns: Patterns) -> tuple[str | None, list[str]]:
    """(outlet, credited authors) of a 来源 value: '中国新闻周刊(ID:x)，作者徐天' -> ('中国新闻周刊', ['徐天']).

    The outlet is "" when the value names no outlet ('网络整理'); None when the value is no source at all.
    """
    value = _WECHAT_ID.sub("", value)
    if any(c in value for c in "。！!"):
        return None, []  # "来源：据介绍，全市新增学位4.5万个。" is a sentence
    # A lone "?" is a character a mirror could not decode ("荆楚网 ?(湖北日报网)"), not a question.
    value = re.sub(r"(?<![\u3400-\u9fff])[?？]|[?？](?![\u3400-\u9fff])", "", value)
    parts = re.split(r"[，,；;]", value, maxsplit=1)
    head, rest = parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
    if PERIODICAL.match(head) is None and len(head.split()) > 1:
        head = head.split()[0]
    head = head.strip("【】[]「」<>《》").strip()
    if head.endswith(("）", ")")) and not re.search(r"[（(]", head):
        head = head.rstrip("）)")
    if not head or any(c in head for c in _TERMINAL) or len(head) > MAX_FIELD_VALUE:
        return None, []
    authors: list[str] = []
    roles = word_regex(patterns.labels("author"))
    if rest and (m := roles.match(rest)) and (ns := names(rest[m.end():].lstrip("：: "), patterns)):
        authors = ns
    if head in patterns.labels("not-outlet"):
        head = ""
    return head, authors


def _named_date_line(line: str, rules: "LabelRules") -> dict | None:
    """Fields of an unlabelled line of names and a date: '李锦旭 中国时报 2007.11.13', '南风北吹 2025-11-15 06:32'."""
    m = re.match(rf"^(?P<pre>(?:[^\s\d：:，。,]{{2,12}}\s+){{1,3}})(?P<date>{DATE.pattern})\s*$", line)
    if not m or not (d := parse_date(m["date"])):
        return None
    out: dict = {"date": d}
    for token in m["pre"].split():
        if token in rules.field_of or token in rules.not_names:
            continue  # "发布 2023-05-06", "原创 …": a label or a button, not a name
        if rules.outlet.match(token) or rules.agency.fullmatch(token):
            out.setdefault("source", token)
        elif 2 <= len(token) <= 4 and all(_HAN.match(c) for c in token):
            out.setdefault("authors", []).append(token)
        else:
            return None
    return out


def date_line(line: str) -> str | None:
    """The date of a line that states only a date: '2020年1月28日(星期二)', '- 2023年9月3日', '12.10.2015 10:19',
    '发布于 2024年8月28日 下午 6:28', or a scraper's ' date 2025-08-23 …' header (whose rest is a ticker)."""
    line = _MARKER.sub("", line).strip()
    if m := re.match(rf"^date\s+(?P<date>{DATE.pattern})", line):
        return parse_date(m["date"])
    if m := _DMY.match(line):
        try:
            return _date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:
            return None
    m = re.match(rf"^(?:(?:发布|发表|更新|刊发)于\s*)?(?P<date>(?:19|20)\d{{2}}\s*[-/.年]\s*\d{{1,2}}\s*[-/.月]\s*\d{{1,2}}\s*日?){_WEEKDAY}{_CLOCK}{_WEEKDAY}$", line)
    return parse_date(line) if m else None


def tw_credit(line: str) -> tuple[list[str], str]:
    """The reporter and the credit of a Taiwan-style credit opening a line:
    '〔記者劉濱銓/南投報導〕南投縣…' -> (['刘滨铨'], '〔记者刘滨铨/南投报导〕') after conversion; ([], '') otherwise."""
    m = _TW_CREDIT.match(line)
    return ([m["name"]], m.group(0)) if m and m.end() < len(line) else ([], "")


def credit_line(line: str, patterns: Patterns) -> tuple[list[str], list[str], str | None] | None:
    """(authors, photographers, outlet) of a line that only credits people: '通讯员 王同同',
    '■ 本版摄影 记者 万善朝 梅月', '中新网记者 陈林' (outlet 中新网); None for any other line."""
    text = re.sub(r"^[■□●◆▲★▶]\s*", "", line).strip()
    roles = patterns.labels("role") + patterns.labels("photo-role")
    long_roles = tuple(r for r in roles if len(r) >= 2)
    m = re.match(rf"^(?P<pre>[^\s]{{0,12}}?)(?P<role>{word_regex(long_roles).pattern})\s+", text)
    if not m or any(c in text for c in "，。！？；：,;:"):
        return None
    ns = names(text, patterns)
    if not ns or any(len(n) > 4 for n in ns):
        return None
    photo = any(r in text for r in patterns.labels("photo-role") if len(r) >= 2)
    outlet = m["pre"] if m["pre"] and (m["pre"] in patterns.labels("agency") or m["pre"].endswith(patterns.labels("outlet-suffix"))) else None
    ns = [n for n in ns if n != m["pre"]]
    return ([], ns, outlet) if photo else (ns, [], outlet)


def repost_source(line: str, patterns: Patterns) -> str | None:
    """The outlet of a repost credit line: '头条日报授权转载' -> '头条日报'."""
    words = word_regex(patterns.labels("repost")).pattern
    m = re.match(rf"^(?:本文)?(?:由)?(?P<o>[^\s，。]{{2,16}}?)(?:{words})$", line.strip())
    return m["o"] if m else None


def lede_outlet(line: str, patterns: Patterns, rules: "LabelRules") -> str | None:
    """The outlet named where a lede opens: '【明报专讯】', '（澳门电台消息）', '宜宾新闻网9月1日讯', '本报讯',
    '荆楚网(湖北日报网)讯'. A bare '…讯' counts only when the name is an outlet's (agency list or outlet ending)."""
    words = word_regex(patterns.labels("lede-word")).pattern
    m = re.match(
        rf"^(?P<open>[【\[（(〔])?(?P<o>[^\s【】\[\]（）()〔〕，。：:/／]{{2,16}}?)(?:[（(][^（）()]{{2,12}}[）)])?"
        rf"(?:(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日)?(?:{words})(?P<close>[】\]）)〕])?",
        line.strip(),
    )
    if not m:
        return None
    o = m["o"]
    if word_regex(patterns.labels("role")).match(o):
        return None  # "（记者 张三报道）" credits a reporter, names no outlet
    bracketed = bool(m["open"]) and bool(m["close"])
    if bracketed or o in patterns.labels("agency") or rules.outlet.match(o):
        return o
    return None


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


# A lede opening: a dateline ending in 电 ('中新网河北新闻5月18日电') or an outlet's 讯 ('映象网讯'),
# then a credit in brackets. The 讯 form counts only with a credit after it, so text is never cut on a guess.
_LEDE_OPENING = re.compile(
    r"^(?P<dateline>[\u3400-\u9fff]{2,16}?(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日电|讯))?\s*"
    r"(?P<credit>[（(][^（）()]{2,60}[）)])?\s*"
)


def lede_prefix(line: str, patterns: Patterns) -> str:
    """The dateline/credit that opens a lede line, or "" when it does not open with one."""
    m = _LEDE_OPENING.match(line)
    if not m or m.end() >= len(line):
        return ""
    has_credit = bool(m["credit"]) and bool(credits(m["credit"], patterns))
    if has_credit and (m["dateline"] or m.start("credit") == 0):
        return m.group(0)
    if m["dateline"] and m["dateline"].endswith("电"):
        rest = line[m.end("dateline") :]
        return line[: len(line) - len(rest.lstrip())]
    return ""


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
