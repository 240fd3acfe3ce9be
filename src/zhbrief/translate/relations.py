"""Who does what to whom: a directional relation of the source (A帮扶B, A带动B, A对口支援B) whose two
sides the English names the other way round, with nothing in between that turns it round (a passive
"by", "from", "receive").

A side is anchored by something the English can be searched for with certainty: a term or name of the
sentence whose rendering stands exactly once in the English, or a number the English writes exactly
once. The agent is the last anchor ending at most RELATION_REACH characters before the verb, the patient
the first starting at most RELATION_REACH characters after it, both in the verb's clause. A relation
with a side unanchored, a passive or prepositional frame in the source (B受A帮扶, A对B帮扶), or the verb
used as a noun (帮扶关系) is not checked. The verbs are data: data/relations.tsv.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Sequence

from ..models import TermHit
from .numbers import english_numbers, source_number_spans
from .quality import CLAUSE_MARKS

RELATION_REACH = 8
# Anchors at most this far apart in the source are one side (3所市直高中: the count and its noun).
SIDE_GAP = 2
# Between the agent and the verb, a character that makes the verb's object something else: 对/向/为 take
# the patient before the verb (A对B帮扶), 与/和 pair the two sides, 被/受/由…接受/得到 make it passive; a
# list mark makes the anchor one item of a list (东部对口中西部、发达地区帮扶…).
_FRAME_BEFORE = re.compile(r"[对向为给与和同被受让、]|接受|得到|获得")
# Before the agent side in its clause, a preposition that makes it no subject (向宁夏援助: Ningxia is
# helped; 面向中西部23个省份和兵团托管帮扶: they are where the help goes). 和/与 there join it to other
# agents (东部9个省和4个市帮扶…).
_PREPOSITION = re.compile(r"[对向为给被受让]|面向|针对")
# The verb as the head or modifier of a noun (帮扶关系, 帮扶工作, 帮扶的), not a verb with an object.
_NOMINAL_AFTER = re.compile(r"[的之]|关系|机制|工作|活动|模式|力度|体系|项目|资金|措施|政策|对象|任务|协议|成效|单位|学校")
# English that turns the order round: "four schools assisted by three", "… receive support from …".
_TURNED_EN = re.compile(r"\b(?:by|from|receiv\w*|benefit\w*|under|with the (?:help|support|assistance) of)\b", re.I)
_CLAUSE_END = re.compile(rf"[{re.escape(CLAUSE_MARKS)}。！？!?\n]")


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int  # in the source
    end: int
    en_start: int  # where the English says it
    en_end: int
    en: str


@functools.lru_cache(maxsize=1)
def _verbs() -> tuple[tuple[str, str], ...]:
    text = resources.files("zhbrief.data").joinpath("relations.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")][1:]
    return tuple(sorted(((r[0].strip(), r[1].strip()) for r in rows), key=lambda r: -len(r[0])))


def anchors(zh: str, en: str, terms: Sequence[TermHit]) -> list[Anchor]:
    """The sentence's terms, names and numbers that the English says exactly once, in source order."""
    from .enforce import term_regex

    out = []
    for t in terms:
        found = list(term_regex(t.en, t.forms).finditer(en))
        if len(found) == 1 and sum(o.en.lower() == t.en.lower() for o in terms) == 1:
            out.append(Anchor(t.start, t.end, *found[0].span(), found[0].group()))
    english = english_numbers(en)
    for start, end, n in source_number_spans(zh):
        said = {(e.start, e.end) for e in english if e.says(n)}
        if len(said) == 1 and not any(a.start <= start < a.end for a in out):
            (a, b), = said
            out.append(Anchor(start, end, a, b, en[a:b]))
    return sorted(out, key=lambda a: a.start)


def _is_verb(zh: str, a: Anchor) -> bool:
    """An anchor that is itself a relation verb (帮扶 is the term "assistance"): no side of a relation."""
    return any(zh.startswith(v, a.start) and len(v) >= a.end - a.start for v, _ in _verbs())


def _side(points: Sequence[Anchor], first: Anchor, step: int, begin: int, close: int) -> list[Anchor]:
    """`first` and the anchors chained to it away from the verb (step -1: before it; +1: after) inside
    the clause [begin, close), each at most SIDE_GAP characters from the next: 3所市直高中 is one side,
    "three municipal high schools"."""
    side, i = [first], points.index(first)
    while 0 <= i + step < len(points):
        nxt = points[i + step]
        gap = side[-1].start - nxt.end if step < 0 else nxt.start - side[-1].end
        if not 0 <= gap <= SIDE_GAP or nxt.start < begin or nxt.end > close:
            break
        side.append(nxt)
        i += step
    return sorted(side, key=lambda a: a.start)


def _said(side: Sequence[Anchor]) -> tuple[int, int]:
    return min(a.en_start for a in side), max(a.en_end for a in side)


def reversed_relations(zh: str, en: str, terms: Sequence[TermHit]) -> list[str]:
    """For each checked relation whose sides the English names the other way round, what the reader is
    told: 'who assists whom may be reversed: in the source, “three municipal high schools” assists
    “four county-run high schools”'."""
    found: list[str] = []
    marks = [m.start() for m in _CLAUSE_END.finditer(zh)]
    points = None
    at = 0
    while at < len(zh):
        verb = next(((v, e) for v, e in _verbs() if zh.startswith(v, at)), None)
        if verb is None:
            at += 1
            continue
        v_start, v_end = at, at + len(verb[0])
        while (more := next((v for v, _ in _verbs() if zh.startswith(v, v_end)), None)) is not None:
            v_end += len(more)  # 托管帮扶: one relation
        at = v_end
        if _NOMINAL_AFTER.match(zh, v_end):
            continue
        if points is None:
            points = [a for a in anchors(zh, en, terms) if not _is_verb(zh, a)]
        begin = max([m + 1 for m in marks if m < v_start], default=0)
        close = min([m for m in marks if m >= v_end], default=len(zh))
        agent = next((a for a in reversed(points) if begin <= a.start and a.end <= v_start
                      and v_start - a.end <= RELATION_REACH), None)
        patient = next((a for a in points if v_end <= a.start and a.end <= close
                        and a.start - v_end <= RELATION_REACH), None)
        if agent is None or patient is None or _FRAME_BEFORE.search(zh, agent.end, v_start) \
                or "、" in zh[v_end:patient.start]:
            continue
        agents = _side(points, agent, -1, begin, close)
        if _PREPOSITION.search(zh, begin, agents[0].start):
            continue
        (a0, a1), (p0, p1) = _said(agents), _said(_side(points, patient, 1, begin, close))
        if p1 <= a0 and not _TURNED_EN.search(en, p1, a0):
            found.append(f"who {verb[1]} whom may be reversed: in the source, “{en[a0:a1]}” {verb[1]} “{en[p0:p1]}”")
    return list(dict.fromkeys(found))
