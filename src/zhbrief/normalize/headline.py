"""The headline among the lines above the article body: candidate lines are scored on their shape, on
how much of their wording the body repeats, on repetition in the page and on position; site chrome
(breadcrumbs, menus, bullet lists of other stories) is never a candidate. No candidate -> no headline.
"""

from __future__ import annotations

import re
import statistics

from .lines import caption

_HAN = re.compile(r"[\u3400-\u9fff]")
MIN_HAN = 5  # "教育局局长访问北京" has 9; shorter lines are section labels ("港闻", "商业")
MAX_CHARS = 80
_NOT_LAST = tuple("，、；：,;:。")
_BULLET = re.compile(r"^\s*[•·▪●○◆■\-–*]\s*")
# Breadcrumbs and menus: "荆楚网 > 鄂东新闻", "首页 -> 政府发布", "修水网 • 首页动态 • 正文", "有线图文新闻 / 本地资讯".
_CRUMB = re.compile(r"(?:->|>|»|›|\s[•·|｜/]\s)")
_SITE_START = re.compile(r"^(?:首页|主页|网站首页|当前位置)")
MENU_TOKENS = 3  # a line of this many space-separated words, most of them short, is a menu
MENU_WORD_CHARS = 4
# A two-line official title: the issuer on one line, "关于…的通知" on the next.
_TITLE_SECOND_LINE = re.compile(r"^关于")
_PAIRS = (("《", "》"), ("“", "”"), ("（", "）"), ("「", "」"), ("(", ")"))
# Weights of the score; overlap (0..1) is the share of the line's Han bigrams the body repeats.
W_OVERLAP = 2.0
W_REPEATED = 0.5
W_POSITION = 0.6  # the first candidate gets all of it, the last almost none
W_BEFORE_META = 0.5  # the date/source line stands right under the headline
W_AFTER_PROSE = -1.0  # a line below the first line of prose is a subheading, not the headline
BODY_SAMPLE_CHARS = 3000
_PROSE_END = tuple("。，；！？：")
# A numbered item ("3. 教育局学位分配组", "一、主要做法") is a list entry or a section heading, never the headline.
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.、．)）]|[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)])")


# A headline with its author glued after a bar: "高考改革新方案出台 | 张三", "…｜文/李四".
_GLUED_AUTHOR = re.compile(r"^(?P<title>.+?)\s*[|｜]\s*(?:(?:文|作者|记者)\s*[/／:：]?\s*)?(?P<name>[\u3400-\u9fff]{2,4})$")


def split_author(text: str) -> tuple[str, str | None]:
    """(headline, author) of a headline with an author glued after '|'; (text, None) otherwise."""
    m = _GLUED_AUTHOR.match(text)
    if m and len(_HAN.findall(m["title"])) >= MIN_HAN and "|" not in m["title"] and "｜" not in m["title"]:
        return m["title"], m["name"]
    return text, None


def navigation_shaped(text: str) -> bool:
    """A breadcrumb, a menu of short words, or a bullet item."""
    if _BULLET.match(text) or _CRUMB.search(text) or _SITE_START.match(text):
        return True
    tokens = text.split()
    if len(tokens) >= MENU_TOKENS:
        return statistics.median(len(t) for t in tokens) <= MENU_WORD_CHARS
    return False


def is_candidate(text: str) -> bool:
    return (
        len(_HAN.findall(text)) >= MIN_HAN
        and len(text) <= MAX_CHARS
        and not text.endswith(_NOT_LAST)
        and caption(text) is None
        and not navigation_shaped(text)
        and not _NUMBERED.match(text)
    )


def _unbalanced(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in _PAIRS)


def joined_lines(texts: list[str]) -> list[tuple[int, int]]:
    """(first, last) index spans of header lines that make one headline: an open 《 or “ closed on the
    next line, or an issuer line followed by a line opening with 关于."""
    spans, i = [], 0
    while i < len(texts):
        j = i
        while j + 1 < len(texts) and (
            _unbalanced("".join(texts[i : j + 1]))
            or (j == i and _TITLE_SECOND_LINE.match(texts[j + 1]) and not texts[j].endswith(_NOT_LAST))
        ):
            j += 1
        if _unbalanced("".join(texts[i : j + 1])):
            j = i  # never closed: the lines stay apart
        spans.append((i, j))
        i = j + 1
    return spans


def _bigrams(text: str) -> set[str]:
    han = "".join(_HAN.findall(text))
    return {han[k : k + 2] for k in range(len(han) - 1)}


def choose(header: list[str], body: list[str], page: list[str], before_meta: list[bool]) -> int | None:
    """Index in `header` of the headline, or None. `body` is the text after the header, `page` every line,
    `before_meta[i]` whether a metadata line (date, source) follows header[i]."""
    cands = [i for i, t in enumerate(header) if is_candidate(t)]
    if not cands:
        return None
    prose = next((i for i, t in enumerate(header) if t.endswith(_PROSE_END) and not is_candidate(t)), len(header))
    body_grams = _bigrams("".join(body)[:BODY_SAMPLE_CHARS])
    page_text = "\n".join(page)
    best, best_score = None, float("-inf")
    for rank, i in enumerate(cands):
        grams = _bigrams(header[i])
        overlap = len(grams & body_grams) / len(grams) if grams else 0.0
        repeated = page.count(header[i]) > 1 or page_text.count(header[i]) > 1
        score = (
            W_OVERLAP * overlap
            + W_REPEATED * repeated
            + W_POSITION * (1 - rank / len(cands))
            + W_BEFORE_META * before_meta[i]
            + W_AFTER_PROSE * (i > prose)
        )
        if score > best_score:
            best, best_score = i, score
    return best
