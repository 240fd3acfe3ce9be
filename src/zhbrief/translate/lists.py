"""Enumerations ("A、B、C和D") found in a source sentence, so they can be translated item by item.

The model shortens long 、-lists: of ten schools it named one, and the terms it drops cannot be
enforced. collapse() cuts each list to its head; translate/__init__.py translates that shorter sentence
and each unit (an item, or a side of a pair) on its own; splice() puts the units' English, joined, where
the head's English landed.

An item is anchored on glossary terms and names (TermHit): the first item is the run of terms that
ends at the first 、, the last one the run that starts after the last 、 (up to a closing 等 when the
words before it are no term). Items joined by 与/和/同 inside the list are pairs ("A与B、C与D"); one
such item in a plain list splits it in two ("和平、河西、南开与河东、红桥、河北": two lists, 与 between).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..models import TermHit
from .enforce import Work, needed, term_regex
from .quality import CLOSE, OPEN

MIN_ITEMS = 3  # two items ("A、B") the model keeps
MAX_HEAD_GAP = 3  # words between the first and last term renderings of a list's head ("A and the B")
MAX_TAIL = 4  # plain characters an item may end with after its terms ("十一学校龙樾校区")
MAX_ITEM_CHARS = 24  # a longer stretch between two 、 is a clause, not an item
_SEP = "、"
_PAIR = ("与", "和", "同")  # joins the two sides of a pair item ("A与B")
_LAST = ("以及", "和", "及")  # joins the last item of a plain list ("A、B和C"; "A、B与C" is A and B with C)
_ETC = ("等等", "等")
_JOINERS = frozenset((_SEP,) + _PAIR + _LAST)
MAX_PAIR_CLAUSE = 40  # a clause naming a pair ("县学街小学、厚福盈小学与东城区回民实验小学") is short
MAX_PAIR_GAP = 3  # "与", "分别与"
_PAIR_STOP = re.compile(r"[。；;：:！？!?“”\"《》]")
MAX_ETC_GAP = 8  # plain characters between the last term and a closing 等 ("理工大学附中通州校区等")
_STOP = re.compile(r"[，。；：！？,.;:!?\s“”\"'‘’（）()《》]")


@dataclass(frozen=True, slots=True)
class Listing:
    """One enumeration: its items' source spans, in order; `pairs` when each item is "A与B"."""

    items: tuple[tuple[int, int], ...]
    pairs: bool = False
    joints: tuple[tuple[int, int] | None, ...] = ()  # in a list of pairs, each item's 与/和/同 span

    def parts(self, item: int) -> tuple[tuple[int, int], ...]:
        """The spans translated on their own for one item: both sides of a pair, else the item."""
        a, b = self.items[item]
        if not self.pairs or self.joints[item] is None:
            return ((a, b),)
        c, d = self.joints[item]
        return ((a, c), (d, b))

    def units(self) -> list[tuple[int, int, int]]:
        """(item, start, end) of every span translated on its own, in order."""
        return [(k, a, b) for k in range(len(self.items)) for a, b in self.parts(k)]

    @property
    def head(self) -> tuple[int, int]:
        """What the list is cut down to: its first item, or the first side of its first pair."""
        return self.parts(0)[0]

    @property
    def start(self) -> int:
        return self.items[0][0]

    @property
    def end(self) -> int:
        return self.items[-1][1]


def find_lists(zh: str, terms: Sequence[TermHit]) -> list[Listing]:
    """The enumerations of `zh` with at least MIN_ITEMS items, each item anchored on `terms`."""
    out: list[Listing] = []
    terms = sorted(terms, key=lambda t: t.start)
    for run in _separator_runs(zh):
        out += _listings(zh, run, terms)
    taken = [(x.start, x.end) for x in out]
    for lst in _pair_clauses(zh, terms):
        if all(lst.end <= a or lst.start >= b for a, b in taken):
            out.append(lst)
    return sorted(out, key=lambda x: x.start)


def _pair_clauses(zh: str, terms: list[TermHit]) -> list[Listing]:
    """Pairs listed clause after clause ("育德中学与北京二十二中，民族学校与北京市回民学校，..."): a run
    of comma-separated clauses that each join two terms with 与/和/同, the first and last included."""
    commas = [k for k, depth in _depths(zh) if zh[k] in "，," and depth == 0]
    out = []
    run: list[int] = []
    for k in commas + [len(zh)]:
        if run and k < len(zh) and _pair_clause(zh, run[-1] + 1, k, terms):
            run.append(k)
            continue
        if run:
            out += _pair_listing(zh, run, terms)
        run = [k] if k < len(zh) else []
    return out


def _pair_listing(zh: str, commas: list[int], terms: list[TermHit]) -> list[Listing]:
    first = _run_back(zh, commas[0], terms)
    last = _run_forward(zh, commas[-1] + 1, terms)
    spans = [(a + 1, b) for a, b in zip(commas, commas[1:])]
    if first is not None and isinstance(_shape(zh, first, commas[0], terms), tuple):
        spans.insert(0, (first, commas[0]))
    if last is not None and isinstance(_shape(zh, commas[-1] + 1, last, terms), tuple):
        spans.append((commas[-1] + 1, last))
    if len(spans) < MIN_ITEMS:
        return []
    return [Listing(tuple(spans), True, tuple(_joint(zh, a, b, terms) for a, b in spans))]


def _joint(zh: str, a: int, b: int, terms: list[TermHit]) -> tuple[int, int] | None:
    """The last 与/和/同 (with what leads up to it: "分别与") between two terms of [a, b), outside brackets."""
    depth = dict(_depths(zh))
    inside = [t for t in terms if a <= t.start and t.end <= b]
    for x, y in reversed(list(zip(inside, inside[1:]))):
        gap = zh[x.end : y.start]
        if gap[-1:] in _PAIR and len(gap) <= MAX_PAIR_GAP and depth[x.end] == 0:
            return x.end, y.start
    return None


def _pair_clause(zh: str, a: int, b: int, terms: list[TermHit]) -> bool:
    """Clause [a, b) starts with a term, names two or more and joins two of them with 与/和/同 ("三中分校与海淀区中关村一中",
    "前卫路小学分别与北京定慧里小学和天津南开大学附小")."""
    text = zh[a:b]
    if not 0 < len(text) <= MAX_PAIR_CLAUSE or _PAIR_STOP.search(text):
        return False
    inside = [t for t in terms if a <= t.start and t.end <= b]
    return len(inside) >= 2 and inside[0].start == a and any(
        zh[x.end : y.start][-1:] in _PAIR and len(zh[x.end : y.start]) <= MAX_PAIR_GAP for x, y in zip(inside, inside[1:]))


def _depths(zh: str):
    """(position, bracket depth) of each character: 《》, quotes and brackets nest."""
    depth = 0
    for k, c in enumerate(zh):
        if c in OPEN:
            depth += 1
        elif c in CLOSE:
            depth = max(0, depth - 1)
        yield k, depth


def _separator_runs(zh: str) -> list[list[int]]:
    """Positions of 、 outside titles, quotes and brackets, grouped: one group per enumeration."""
    runs: list[list[int]] = []
    for k, depth in _depths(zh):
        if zh[k] == _SEP and depth == 0:
            if runs and _is_item(zh[runs[-1][-1] + 1 : k]):
                runs[-1].append(k)
            else:
                runs.append([k])
    return runs


def _is_item(text: str) -> bool:
    return 0 < len(text) <= MAX_ITEM_CHARS and not _STOP.search(text)


def _listings(zh: str, seps: list[int], terms: list[TermHit]) -> list[Listing]:
    first = _run_back(zh, seps[0], terms)
    last = _run_forward(zh, seps[-1] + 1, terms)
    if first is None or last is None:
        return []
    spans = [(first, seps[0])] + [(a + 1, b) for a, b in zip(seps, seps[1:])] + [(seps[-1] + 1, last)]
    inside = [t for t in terms if first <= t.start and t.end <= last]
    if any(t.category == "role" for t in inside) and any(t.category == "person" for t in inside):
        return []  # "党组书记、厅长黄雅丽": one person's titles, not a list
    shapes = [_shape(zh, a, b, terms) for a, b in spans]
    if all(isinstance(s, tuple) for s in shapes):
        return [Listing(tuple(spans), True, tuple(shapes))] if len(spans) >= MIN_ITEMS else []
    # a plain list: "A与B" in it is where two lists meet; an item that is no term run breaks it
    out: list[list[tuple[int, int]]] = [[]]
    for n, ((a, b), shape) in enumerate(zip(spans, shapes)):
        if shape is None:  # "南开区已分别与河东区": its first terms end one list, its last start the next
            head = _run_forward(zh, a, terms, b, etc=False)
            if head is not None and 0 < n:
                out[-1].append((a, head))
            tail = _run_back(zh, b, terms)
            out.append([(tail, b)] if tail is not None and tail > a and n < len(spans) - 1 else [])
        elif isinstance(shape, tuple) and n == 0:
            out[-1].append((shape[1], b))
        elif isinstance(shape, tuple) and n == len(spans) - 1 and zh[shape[0] : shape[1]] in _LAST:
            out[-1] += [(a, shape[0]), (shape[1], b)]
        elif isinstance(shape, tuple):
            out[-1].append((a, shape[0]))
            out.append([(shape[1], b)])
        else:
            out[-1].append((a, b))
    return [Listing(tuple(x)) for x in out if len(x) >= MIN_ITEMS]


def _shape(zh: str, a: int, b: int, terms: list[TermHit]) -> tuple[int, int] | bool | None:
    """What item [a, b) is: True for a run of adjacent terms (a few plain characters may follow:
    "十一学校龙樾校区"), the connector's span for two such runs joined by 与/和/同/及 ("A与B"), None
    for anything else."""
    at, joint = a, None
    for t in terms:
        if t.start < at or t.end > b:
            continue
        gap = zh[at : t.start]
        if gap in _PAIR + _LAST and gap and at > a and joint is None:
            joint = (at, t.start)
        elif gap:
            break
        at = t.end
    if at == a or len(zh[at:b]) > MAX_TAIL or (joint and at < b):
        return None
    return joint or True


def _run_back(zh: str, end: int, terms: list[TermHit]) -> int | None:
    """Start of the first item: terms that end at `end`, followed back while adjacent or paired; a
    place before a school is where the whole list is ("北京海淀区农大附小、清华附小"), not part of the item."""
    start, named = None, False
    for t in reversed(terms):
        if t.end > end:
            continue
        gap = zh[t.end : end if start is None else start]
        if start is None and gap:
            return None
        if start is not None and (gap and gap not in _PAIR or not gap and named and t.category == "place"):
            break
        start, named = t.start, named or t.category != "place"
    return start


def _run_forward(zh: str, start: int, terms: list[TermHit], limit: int | None = None, etc: bool = True) -> int | None:
    """End of the last item: terms from `start` on (before `limit`), followed while adjacent or joined
    (与, 和, 及...), then on to a closing 等 when only a few plain characters stand between."""
    end = None
    for t in terms:
        if t.start < start or (limit is not None and t.end > limit):
            continue
        gap = zh[start if end is None else end : t.start]
        if end is None and gap:
            break
        if end is not None and gap and (gap not in _PAIR + _LAST or not etc):
            break
        end = t.end
    if end is None:
        end = start
    rest = _STOP.split(zh[end:], maxsplit=1)[0]
    for mark in _ETC if etc else ():
        k = rest.find(mark)
        if k == 0 or 0 < k <= MAX_ETC_GAP:
            end += k
            break
    return end if end > start else None


def splice(zh: str, found: Sequence[Listing], short: Work, cut: Sequence[tuple[int, int]],
           units: dict[str, Work], terms: Sequence[TermHit]) -> str | None:
    """The English of the collapsed sentence `short` with each list's head replaced by the English of all
    its units (`units`: each unit's text -> its enforced translation; a unit made only of terms may be
    missing: its renderings are used); None when a unit or a head cannot be put into English."""
    text = short.text
    edits = []
    for lst in found:
        english: list[list[str]] = [[] for _ in lst.items]
        for k, a, b in lst.units():
            w = units.get(zh[a:b])
            en = _unit_english(w) if w is not None and all(t.enforced for t in w.terms) else rendered(zh, a, b, terms)
            if en is None:
                return None
            english[k].append(en)
        a, b = lst.head
        head = [t for t in short.terms if shift(cut, a) <= t.start and t.end <= shift(cut, b)]
        if not head or not all(t.enforced for t in head):
            return None
        hits = list(term_regex(head[0].en).finditer(text))
        k = needed(short.terms, head[0]) - 1
        if k >= len(hits):
            return None
        last = next(term_regex(head[-1].en).finditer(text, hits[k].start()), None)
        if last is None or len(text[hits[k].end() : last.start()].split()) > MAX_HEAD_GAP:
            return None  # "A was set up in partnership with B": the words between are the sentence's
        edits.append((hits[k].start(), last.end(), join_english([" with ".join(e) for e in english], lst.pairs)))
    edits.sort()
    if any(x[1] > y[0] for x, y in zip(edits, edits[1:])):
        return None
    for start, end, en in reversed(edits):
        if not text[:start].strip():
            en = en[:1].upper() + en[1:]
        text = text[:start] + en + _agree(text[:start], text[end:])
    return text


# A list put where the model wrote one name is plural: "A, B and C has signed" -> "A, B and C have signed";
# not where it hangs off a preposition ("an alliance of A, B and C was formed").
_PLURAL_OF = {"has": "have", "is": "are", "was": "were", "does": "do"}
_PREPOSITIONS = frozenset("of with between among including to for from by like as such than".split())


def _agree(before: str, after: str) -> str:
    """`after` (the English following a spliced list) with a singular verb right after it made plural."""
    m = re.match(r"\s+(has|is|was|does)\b", after)
    previous = re.findall(r"[A-Za-z]+", before)[-1:]
    if not m or (previous and previous[0].lower() in _PREPOSITIONS):
        return after
    return after[: m.start(1)] + _PLURAL_OF[m.group(1)] + after[m.end(1) :]


def _unit_english(w: Work) -> str:
    """A unit translated alone, as it reads inside a list: no final stop, no leading article (the
    sentence has its own), a lower-case term's first word in lower case."""
    en = re.sub(r"^(?:the|a|an)\s+", "", w.text.strip().rstrip(".。").strip(), flags=re.I)
    if any(t.start == 0 and t.en[:1].islower() for t in w.terms):
        en = en[:1].lower() + en[1:]
    return en


def rendered(zh: str, a: int, b: int, terms: Sequence[TermHit]) -> str | None:
    """[a, b) put into English from its terms alone, when it is nothing but terms and 、/和/与/及
    between them ("北京定慧里小学和天津南开大学附小"); None when other words are in it."""
    inside = sorted((t for t in terms if a <= t.start and t.end <= b), key=lambda t: t.start)
    groups: list[list[str]] = [[]]
    at = a
    for t in inside:
        gap = zh[at : t.start]
        if gap and gap not in _JOINERS:
            return None
        if gap:
            groups.append([])
        groups[-1].append(t.en)
        at = t.end
    if at != b or not inside:
        return None
    return join_english([" ".join(g) for g in groups])


def collapse(zh: str, lists: Sequence[Listing]) -> tuple[str, list[tuple[int, int]]]:
    """`zh` with each list cut down to its head, and the spans of `zh` cut out."""
    cut = sorted((lst.head[1], lst.end) for lst in lists)
    out, at = [], 0
    for a, b in cut:
        out.append(zh[at:a])
        at = b
    out.append(zh[at:])
    return "".join(out), cut


def shift(cut: Sequence[tuple[int, int]], pos: int) -> int:
    """Position `pos` of the original sentence in the collapsed one (the spans `cut` removed)."""
    return pos - sum(min(b, pos) - a for a, b in cut if a < pos)


def join_english(items: Sequence[str], pairs: bool = False) -> str:
    """'A, B and C'; pair items 'A and B; C and D; and E and F' so the pairs stay readable."""
    items = [i.strip() for i in items if i.strip()]
    if len(items) < 2:
        return "".join(items)
    sep = "; " if pairs else ", "
    last = "; and " if pairs else " and "
    return sep.join(items[:-1]) + last + items[-1]
