"""Glossary term enforcement: verify the model's English, then fall back through strategies.

Strategies (tried in the order of EnforceOptions.strategies, each verified before it is accepted):
- "prefix":      locate the model's rendering of the term through attention, keep the English before
                 it, force the glossary rendering as a target prefix and let the model finish the sentence
                 (constrained re-decoding: the model fixes grammar after the term itself);
- "align-edit":  replace the attention-located words with the glossary rendering (no re-decoding);
- "alone-edit":  translate the term alone, find that rendering in the output and replace it;
- "suppress":    re-decode with the model's wrong rendering banned (CTranslate2 suppress_sequences);
- "placeholder": mask the term in the source with a Latin token the model copies, swap it back after;
- "insert":      a term the model dropped is forced in after the English of the preceding source;
- "name-edit":   a person's name the model spelled its own way ("Huang Yari") is replaced where it stands.
A candidate is accepted only if the term is now present and nothing else got worse: every term already
present stays, no source number is lost, no new failure (loop, untranslated Chinese...) appears.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from ..models import TITLE_CATEGORY, TermHit
from .engine import PIECE_SPACE, Decoded, Request, detokenize
from .numbers import count_at, english_spans, missing_numbers
from .quality import problems, run_on

STRATEGIES = ("prefix", "align-edit", "alone-edit", "suppress", "placeholder", "insert", "name-edit")
DEFAULT_STRATEGIES = ("prefix", "align-edit", "alone-edit", "insert", "name-edit")

# Words that attention often pins on a term but that belong to the sentence around it.
_EDGE_WORDS = frozenset("the a an as of in on at to for by from with about into over under and or is are was were be been has have had "
                        "whom which who that this these those its their his her there".split())
_ARTICLES = frozenset({"the", "a", "an"})
# after these a noun phrase can start (not "to": "efforts to assistance reform"; not verbs)
_PHRASE_OPENERS = frozenset("the a an of in on at for by from with and or its their his her this these those".split())
_NAME_CATEGORIES = frozenset({"place", "person", "name"})
_ACTIVITIES = frozenset({"policy", "program"})  # glossary categories naming what is done, not who or where
_OWNERS = frozenset({"institution", "school"})  # categories that own things as a name does: "X's"
_POSSESSIVES = frozenset({"its", "their"})
_PLACEHOLDER = "ZX"  # + a letter: Latin tokens the model copies through (measured: "XXA 4587 ..." kept)
# words either side of a rendering where a leftover of the model's own rendering shows as a seam:
# "Communication rotating teachers", "key teachers backbone teachers"
_STRAY_WINDOW = 2
_INNER = frozenset("'’-")  # pieces inside a word ("We" "'" "re")
_MAX_RUN_GAP = 1  # attention-aligned pieces this far apart still belong to one rendering


# What enforcing one sentence may cost: at most this many re-decodings of it (each about one decode of the
# whole sentence); its terms still missing after them get the edits only. Without a bound the cost grows
# with terms x length: a 300-character stretch of a pasted page, full of terms, took 73 decodes (issue 26).
REDECODES = 4


@dataclass(frozen=True, slots=True)
class EnforceOptions:
    strategies: tuple[str, ...] = DEFAULT_STRATEGIES
    redecodes: int = REDECODES  # re-decodings one sentence may take (prefix, insert, suppress, placeholder)

    def key(self) -> str:
        return "+".join(self.strategies) + f"|r{self.redecodes}"

    def edits_only(self) -> "EnforceOptions":
        """These strategies less those that decode again: the model's English edited in place only."""
        return EnforceOptions(tuple(s for s in self.strategies if s not in _REDECODINGS))


# ---------------------------------------------------------------- verification


def term_regex(en: str, forms: Sequence[str] = ()) -> re.Pattern[str]:
    """The rendering (or one of its listed forms) as a pattern: case-insensitive, hyphen/space tolerant,
    last word singular or plural."""
    return _term_regex(en, tuple(forms))


@functools.lru_cache(maxsize=8192)
def _term_regex(en: str, forms: tuple[str, ...]) -> re.Pattern[str]:
    bodies = [_body(r) for r in (en, *forms)]
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(bodies) + r")(?![A-Za-z0-9])", re.I)


def _body(en: str) -> str:
    # a slogan's quotes in any style: "five sharings" is there as “five sharings”
    words = [re.escape(w).replace('"', '["“”]') for w in re.findall(r"[^\s-]+", en)]
    if not words:
        return re.escape(en)
    last = words[-1]
    if re.fullmatch(r"[A-Za-z]*[^aeiouAEIOU\W][yY]", last):  # county, counties
        words[-1] = last[:-1] + "(?:y|ies)"
    elif re.fullmatch(r"[A-Za-z]+", last):
        words[-1] = (last[:-1] if last.lower().endswith("s") and len(last) > 3 else last) + "(?:s|es)?"
    return r"[\s-]+".join(words)


def has_term(text: str, en: str) -> bool:
    return term_regex(en).search(text) is not None


def count_term(text: str, en: str, forms: Sequence[str] = (), terms: Sequence[TermHit] = ()) -> int:
    """How many times the rendering, or a listed form of it, occurs in `text` (a term used twice in the
    source needs it twice). With the sentence's `terms`, an occurrence inside the longer rendering of
    another of them is that term's and does not count, unless that rendering is there more often than the
    source has its term: 京蒙两地教育协作 is "Beijing-Inner Mongolia education cooperation" too, and it
    is 京蒙's and 教育协作's where 京蒙教育协作 has its own occurrence."""
    taken = []
    for other in {(t.en, tuple(t.forms)) for t in terms if t.en.lower() != en.lower()}:
        found = _spans(text, *other)
        if len(found) <= sum(t.en == other[0] for t in terms):
            taken += found
    return sum(1 for s, e in _spans(text, en, tuple(forms))
               if not any(a <= s and e <= b and b - a > e - s for a, b in taken))


@functools.lru_cache(maxsize=16384)
def _spans(text: str, en: str, forms: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Where the rendering (or a form of it) stands in `text`; verification asks this of the same
    candidate for every term of its sentence."""
    return tuple(m.span() for m in _term_regex(en, forms).finditer(text))


def term_spans(text: str, terms: Sequence[TermHit]) -> list[tuple[int, int]]:
    """Where the renderings of `terms` stand in `text`, each span once, longest first where they overlap."""
    found = {s for t in terms for s in _spans(text, t.en, tuple(t.forms))}
    return sorted(found, key=lambda s: (s[0] - s[1], s[0]))


def rendering_patterns(terms: Sequence[TermHit]) -> list[re.Pattern[str]]:
    """The terms' renderings as patterns, for quality.problems() to leave out of its loop count."""
    return [term_regex(t.en, t.forms) for t in terms]


def count_hit(text: str, hit: TermHit, terms: Sequence[TermHit] = ()) -> int:
    """How often hit's rendering stands in `text` on its own: an occurrence inside the longer rendering of
    another of the sentence's `terms` is that term's. 京蒙 in "京蒙教育协作 … 京蒙大地" is not in "… Beijing-Inner
    Mongolia education cooperation, which takes place every day in Kyoto": the one "Beijing-Inner
    Mongolia" there is 京蒙教育协作's."""
    return count_term(text, hit.en, hit.forms, terms)


def needed(terms: Sequence[TermHit], hit: TermHit) -> int:
    """Occurrences of hit's rendering the English must hold once `hit` is enforced: its rank among the
    sentence's hits with the same rendering (the 2nd 交流教师 needs "rotating teachers" twice)."""
    same = [t for t in terms if t.en.lower() == hit.en.lower()]
    return next((n + 1 for n, t in enumerate(same) if t is hit), len(same))


def _is_name(hit: TermHit) -> bool:
    return hit.transliterated or hit.category in _NAME_CATEGORIES


# ---------------------------------------------------------------- state


@dataclass(frozen=True, slots=True)
class Work:
    """One sentence being enforced: its current decoding and its terms."""

    zh: str
    decoded: Decoded
    terms: tuple[TermHit, ...]

    @property
    def text(self) -> str:
        return self.decoded.text


def text_decoded(zh: str, en: str) -> Decoded:
    """A Decoded for an engine that only returns text (no pieces, no attention)."""
    return Decoded(zh, (), tuple(PIECE_SPACE + w for w in en.split()), ())


def acceptable(work: Work, term: TermHit, candidate: Decoded, wrong: Sequence[str] = ()) -> bool:
    """The term is present (as often as the source has it so far), and no term, number or quality the
    current text had is lost, and the edit left no visible seam (see artefacts()).

    `wrong`: words of the model's own rendering of the term, which must not survive next to the new one.
    """
    new, old = candidate.text, work.text
    if count_hit(new, term, work.terms) < needed(work.terms, term):
        return False
    for en, forms in {(t.en, t.forms) for t in work.terms}:
        if count_term(new, en, forms, work.terms) < min(count_term(old, en, forms, work.terms),
                                                         sum(t.en == en for t in work.terms)):
            return False
    if len(missing_numbers(work.zh, new)) > len(missing_numbers(work.zh, old)):
        return False
    renderings = rendering_patterns(work.terms)
    if not set(problems(work.zh, new, renderings)) <= set(problems(work.zh, old, renderings)):
        return False
    if _jammed(new, term, work.terms) > _jammed(old, term, work.terms):
        return False
    if _names_owned(new, work.terms) > _names_owned(old, work.terms):
        return False
    expected = sum(1 for t in work.terms if term_regex(term.en).search(t.en))
    others = [t for t in work.terms if t is not term]
    return not (set(artefacts(new, term, wrong, expected, others)) - set(artefacts(old, term, wrong, expected, others)))


def _names_owned(text: str, terms: Sequence[TermHit]) -> int:
    """Persons' names after "of": a re-decoding that wrote "… and Director General of Huang Yali of the
    Education Department" for 厅长黄雅丽 made her the director's superior. A title comes before the name in
    Chinese (厅长黄雅丽), and the model's English keeps the name in apposition ("…, Huang Yali, …")."""
    names = {t.en for t in terms if t.category == "person"}
    return sum(len(re.findall(rf"\bof (?:the )?{re.escape(n)}\b", text)) for n in names)


def _jammed(text: str, hit: TermHit, terms: Sequence[TermHit]) -> int:
    """How often hit's rendering touches another term's with only a space between though the source has
    words between the two terms: names ("Zhuozi County Shangdu County" for 商都县、卓资县, the model's own
    rendering of 商都县 left elsewhere), or a rendering ending in a plural noun before another
    ("4587 rotating teachers backbone teachers"), or two renderings in the reverse of the source's order
    ("the shared-assistance reform general senior high schools" for 普通高中学校共享帮扶改革: "in" is missing;
    names and roles aside: 胡金城校长 is "Principal Hu Jincheng"). Common nouns otherwise run together in
    English compounds ("county-run high school counterpart assistance"), and terms next to each other in
    the source may touch ("Baoding Lianchi District")."""
    spans = [m.span() for m in term_regex(hit.en, hit.forms).finditer(text)]
    # by rendering: of two 市直高中, the one right before 对口帮扶 lets "municipal high schools counterpart
    # assistance" touch wherever it stands
    touching = {(a.en.lower(), b.en.lower()) for a in terms for b in terms if a.end == b.start}
    names = hit.en[:1].isupper()
    n = 0
    for t in terms:
        pair = (t.en.lower(), hit.en.lower())
        if t.en.lower() == hit.en.lower() or pair in touching or pair[::-1] in touching:
            continue
        for a, b in (m.span() for m in term_regex(t.en, t.forms).finditer(text)):
            for start, end in spans:
                if text[b:start] == " ":
                    first, second, second_en, t_first = text[a:b], text[start:end], hit.en, True
                elif text[end:a] == " ":
                    first, second, second_en, t_first = text[start:end], text[a:b], t.en, False
                else:
                    continue
                if _leads_with_verb(second, second_en):
                    continue  # a subject, then a verb form: "high schools provided counterpart assistance to"
                if (names and t.en[:1].isupper()) or _plural_noun(first.split()[-1]):
                    n += 1
                elif t_first != (t.start < hit.start) and not any(_is_name(x) or x.category == "role"
                                                                   for x in (t, hit)):
                    n += 1  # the source's order turned round with no word between: a preposition is missing
    return n


def _leads_with_verb(found: str, en: str) -> bool:
    """`found` is a listed form that puts a word before the rendering itself ("provided counterpart
    assistance to" for "counterpart assistance"): the glossary's verb forms."""
    lead = found.split()[0].lower() if found.split() else ""
    return bool(lead) and lead not in en.lower().split()


# a word ending in an apostrophe (not a plural possessive "teachers'") or a hyphen, then a space
_FRAGMENT = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]*[A-RT-Za-rt-z]['’]|[A-Za-z]+-)(?=\s|$)")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’]*")
# where a sentence ends inside the English ("No. 13" is no end)
_ENDED = re.compile(r"(?<!^No)(?<!^Mr)(?<!^Dr)(?<!^St)[.!?][\"”’']?$")  # a word that ends a sentence
_SENTENCE_END = re.compile(r"[!?;]|(?<!\bNo)(?<!\bMr)(?<!\bDr)(?<!\bSt)\.(?=\s+[A-Z“\"])")


def artefacts(text: str, term: TermHit, wrong: Sequence[str] = (), expected: int = 1,
              others: Sequence[TermHit] = ()) -> list[str]:
    """Seams an edit can leave around a rendering, as readers see them:
    - a word cut before a forced term ("We' Baoding" from "We're");
    - a word of the rendering repeated next to it ("Wang Wang Dingdong", "Baoding Baoding", "Department of
      Education Department");
    - the rendering more often than the source has the term (the model's name kept beside the new one);
    - a leftover of the model's own rendering next to the new one ("Communication rotating teachers");
    - a word glued to the rendering by a hyphen ("Beijing-Inner Mongolia-West");
    - a plural rendering after "1", "one", "a" ("1 municipal-level master teacher studios").
    A word inside another term's rendering (`others`) is that term's, not a leftover: "Bureau" of "…
    Education and Sports Bureau, Gao Jianfeng" where attention for 高剑峰 also covered "Bureau".
    """
    out = [f"cut word {m.group(0)!r}" for m in _FRAGMENT.finditer(text)]
    rendering = [w.lower() for w in _WORD_RE.findall(term.en)]
    if not rendering:
        return out
    # only for names: the model legitimately repeats common renderings ("Beijing", "Inner Mongolia")
    if _is_name(term) and term.category != "place" and count_hit(text, term, others) > expected:
        out.append(f"{term.en!r} more often than in the source")
    own = set(rendering)
    stray = {w.lower() for w in wrong} - own - _EDGE_WORDS
    # a name's leftover keeps its capital: "high" in "a high-quality public school" is no leftover of the
    # model's "Kimuzai High School" beside "Muzhai Middle School"
    named = _capitalised(term.en)
    common = {w.lower() for w in wrong if w[:1].isupper()} - {w for w in wrong if w[:1].islower()}
    # only while that term's rendering is not there more often than the source has it: the surplus
    # "principals" in "school principals and kindergarten director principals" is the model's leftover
    taken = [o.span() for t in others if count_hit(text, t, [term, *others]) <= sum(u.en == t.en for u in others)
             for o in term_regex(t.en, t.forms).finditer(text)]
    theirs = lambda w: any(a <= w.start() < b for a, b in taken)
    free = lambda words: [w.group(0) for w in words if not theirs(w)]
    ends = [e.end() for e in _SENTENCE_END.finditer(text)]
    for m in term_regex(term.en, term.forms).finditer(text):
        # the window stops at a sentence end: "… covering the whole region. Lianchi District has …"
        left = max((e for e in ends if e <= m.start()), default=0)
        right = min((e for e in ends if e > m.end()), default=len(text))
        near = list(_WORD_RE.finditer(text, m.end(), right))[: 2 * _STRAY_WINDOW]
        before = _content(free(list(_WORD_RE.finditer(text, left, m.start()))[-2 * _STRAY_WINDOW :])[::-1])[::-1]
        after = _content(free(near))
        if text[m.end() : m.end() + 1] == "-" or (m.start() and text[m.start() - 1] == "-"):
            out.append(f"word glued to {term.en!r}")  # "Beijing-Inner Mongolia-West": a prefix cut a compound
        if _echoed(text[: m.start()], rendering) or near and near[0].group(0).lower() == rendering[-1] \
                or _split_name(text[left : m.start()], term.en) or _owner_echo(text[left : m.start()], own):
            out.append(f"repeated word around {term.en!r}")
        # ... unless right beside it: "Heping peace in central urban districts" for 中心城区和平
        touching = {w.group(0) for w in near[:1] if not text[m.end() : w.start()].strip()}
        touching |= {w.group(0) for w in list(_WORD_RE.finditer(text, left, m.start()))[-1:]
                     if not text[w.end() : m.start()].strip()}
        if any(_strays(w.lower(), stray) and w.lower() not in own and not (named and w in common and w not in touching)
               for w in before + after):
            out.append(f"model's rendering left beside {term.en!r}")
        if _plural(m.group(0)) and not _plural(term.en) and re.search(r"(?i)(?<![\w.,])(?:1|one|a|an)\s+$", text[left : m.start()]):
            out.append(f"plural {term.en!r} after one")  # "1 municipal-level master teacher studios"
        if _plural(m.group(0)) and near and not theirs(near[0]) and _plural_noun(near[0].group(0)) \
                and text[m.end() : near[0].start()] == " ":
            # "central urban districts areas": the model's head noun left ("schools principals" is two terms)
            out.append(f"plural noun after {term.en!r}")
    return out


def _owner_echo(before: str, own: set[str]) -> bool:
    """A word of the rendering just before it, across "of": "the Department of Education Department of
    Inner Mongolia …", the model's "Department of Education" cut where the rendering was forced."""
    m = re.search(r"([A-Za-z]+)\s+of(?:\s+the)?\s*$", before)
    return bool(m) and m.group(1).lower() in own - _EDGE_WORDS


def _strays(word: str, stray: set[str]) -> bool:
    """`word` is one of the model's words for the term, or that word made longer: "eastern" in "the
    eastern region of Hedong District" when the model's 河东区 was "River East" (the caller skips the
    rendering's own words: "Nankai" is no leftover of the model's "Nanka")."""
    return word in stray or any(len(s) >= 4 and word.startswith(s) for s in stray)


def _split_name(before: str, en: str) -> bool:
    """A name's first word a few words before it, only names between: the model's rendering split
    around another name and its first part left behind ("[Beijing] Longyue Campus Beijing National Day
    School"; "Baoding and Baoding" is two mentions)."""
    head = en.split()[0]
    words = _WORD_RE.findall(before)[-3:]
    if len(head) < 4 or not head[:1].isupper() or head not in words:
        return False
    between = words[len(words) - words[::-1].index(head) :]
    return bool(between) and all(w[:1].isupper() for w in between) and not before.rstrip().endswith((",", ";"))


# words ending in -s that are not plural nouns, seen after a plural rendering
_NOT_PLURAL = frozenset("does this thus plus always perhaps whereas across unless towards besides its his "
                        "was has is as us".split())


def _plural_noun(word: str) -> bool:
    w = word.lower()
    return word.islower() and len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in _NOT_PLURAL


_LINKS = frozenset("the a an of".split())


def _content(words: list[str]) -> list[str]:
    """The first _STRAY_WINDOW words going away from a rendering, past "of"/"the" ("Hengshui No. 13 Middle
    School of the City of Accounting for Water"), up to any other function word ("… Bureau and the
    Education Department of the Peace Region": the next term's words)."""
    out = []
    for w in words:
        if w.lower() in _LINKS:
            continue
        if w.lower() in _EDGE_WORDS or len(out) == _STRAY_WINDOW:
            break
        out.append(w)
    return out


def _echoed(before: str, rendering: list[str]) -> bool:
    """The rendering's first words already stand right before it, articles aside: "Wang Wang Dingdong",
    'signed an Agreement on the "Agreement on Deepening …"'."""
    return _echo([w.lower() for w in _WORD_RE.findall(before)], rendering, edge_ok=True) is not None


def _echo(words: Sequence[str], rendering: Sequence[str], edge_ok: bool = False) -> int | None:
    """Index in `words` (lower case) where up to 3 of the rendering's first words stand at its end,
    articles after them aside; the longest such echo, or None. Unless edge_ok, an echo may not start with
    a function word."""
    end = len(words)
    while end > len(words) - 4 and end and words[end - 1] in _ARTICLES:
        end -= 1
    tail = list(words[max(len(words) - 4, 0) : end])
    for n in range(min(3, len(rendering), len(tail)), 0, -1):
        if tail[-n:] == list(rendering[:n]) and (edge_ok or tail[-n] not in _EDGE_WORDS):
            return end - n
    return None


# ---------------------------------------------------------------- locating the model's rendering


def _source_pieces(decoded: Decoded, start: int, end: int) -> set[int]:
    """The source pieces that spell characters [start, end)."""
    return {k for k, (a, b) in enumerate(decoded.source_spans) if a < end and b > start and b > a}


def _attended(row: Sequence[float]) -> int:
    """The source piece a target piece attends to most."""
    return max(range(len(row)), key=row.__getitem__)


def locate(decoded: Decoded, start: int, end: int, pooled: bool = False) -> tuple[int, int] | None:
    """Target piece range [i, j) the model produced for source characters [start, end), via attention.

    `pooled`: aligned word to word, not piece to piece: a target word is the term's when the source word
    it attends to most is in the term, a word's attention summed over its pieces on either side. For words
    the tokenizer cut in pieces: "support" in "45 junior high school music support schools" gave 音乐 0.25,
    帮 0.18, 扶 0.17 (帮扶: 0.35)."""
    run = _run(decoded, start, end, pooled)
    return None if run is None else _trim(decoded.pieces, *run)


def _pooled_best(decoded: Decoded, rows: Sequence[Sequence[float]]) -> set[int]:
    """The source pieces of the source word that a target word (its pieces' rows) attends to most, each
    word's attention the sum over its pieces."""
    units = _word_units(decoded.source, decoded.source_spans)
    mass: dict[int, float] = {}
    for row in rows:
        for k, v in enumerate(row[: len(units)]):
            mass[units[k]] = mass.get(units[k], 0.0) + v
    if not mass:
        return set()
    best = max(mass, key=mass.__getitem__)
    return {k for k, u in enumerate(units) if u == best}


@functools.lru_cache(maxsize=512)
def _word_units(source: str, spans: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    """For each source piece, the number of the source word (jieba) it starts in: the pieces of one word
    share that word's attention (帮扶 is spelled 帮 + 扶)."""
    bounds, at = [], 0
    for word in _segmenter().cut(source):
        at += len(word)
        bounds.append(at)
    return tuple(bisect.bisect_right(bounds, a) for a, _ in spans)


@functools.lru_cache(maxsize=1)
def _segmenter():
    from ..words import tokenizer

    return tokenizer()


def _run(decoded: Decoded, start: int, end: int, pooled: bool = False) -> tuple[int, int] | None:
    """locate() before its edge words are trimmed, whole words."""
    if not decoded.attention or not decoded.source_spans:
        return None
    src = _source_pieces(decoded, start, end)
    if not src:
        return None
    rows = decoded.attention[: len(decoded.pieces)]
    if pooled:
        aligned = [t for a, b in _words(decoded.pieces, 0, len(rows)) if _pooled_best(decoded, rows[a:b]) & src
                   for t in range(a, b)]
    else:
        aligned = [t for t, row in enumerate(rows) if row and _attended(row) in src]
    if not aligned:
        return None
    # contiguous runs; keep the one carrying most attention on the term
    runs: list[list[int]] = [[aligned[0]]]
    for t in aligned[1:]:
        if t - runs[-1][-1] <= _MAX_RUN_GAP + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    mass = lambda run: sum(sum(decoded.attention[t][k] for k in src if k < len(decoded.attention[t])) for t in run)
    run = max(runs, key=mass)
    i, j = run[0], run[-1] + 1
    pieces = decoded.pieces
    # whole words only: a span starting inside "We're" would keep "We'" before the forced term
    while i > 0 and not pieces[i].startswith(PIECE_SPACE) and (_wordish(pieces[i]) or pieces[i] in _INNER):
        i -= 1
    while j < len(pieces) and not pieces[j].startswith(PIECE_SPACE) and (_wordish(pieces[j]) or pieces[j] in _INNER):
        j += 1
    return i, j


def locate_own(work: Work, hit: TermHit, alone: str = "") -> tuple[int, int] | None:
    """locate(), without the words at either edge that spell the rendering of an enforced term next to
    it in the source: attention for 莲池区 in "保定莲池区" also covers "Baoding", which must stay; and
    without a leading phrase that is not the term's (_spill). `alone`: the term translated alone."""
    d = work.decoded
    span = locate(d, hit.start, hit.end) or _free(work, hit, locate(d, hit.start, hit.end, pooled=True)) \
        or _stem_locate(work, hit, alone)
    if span is None:
        return None
    pieces = work.decoded.pieces
    for t in work.terms:
        if t is hit or not t.enforced or not _touch(work.zh, t, hit):
            continue  # only a neighbour in the source ("保定" before "莲池区") shares attention this way
        span = _without(pieces, span, term_regex(t.en, t.forms)) or span
    span = _spill(pieces, span, " ".join((alone, hit.en, *hit.forms)))
    return _with_echo(pieces, span, hit) if span else None


def _taken(work: Work, hit: TermHit) -> list[tuple[int, int]]:
    """Character spans, in the joined pieces, of the other terms' renderings."""
    joined = _offsets(work.decoded.pieces, 0, len(work.decoded.pieces))[1]
    return [m.span() for t in work.terms if t is not hit for m in term_regex(t.en, t.forms).finditer(joined)]


def _free(work: Work, hit: TermHit, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """span, unless it overlaps another term's rendering: pooled attention for 一体化办学 in "… and
    small-scale schools" fell on "small-scale", which is 小规模学校's."""
    if span is None:
        return None
    pieces = work.decoded.pieces
    starts = _offsets(pieces, 0, len(pieces))[0]
    a, b = starts[span[0]], starts[span[1] - 1] + len(pieces[span[1] - 1])
    return None if any(x < b and a < y for x, y in _taken(work, hit)) else span


_COORDINATORS = frozenset({"and", "or"})
STEM = 5  # letters that make two English words the same word ("educational" ~ "education")
_TOP = 3  # a target piece "attends to" a source piece among its this many strongest


def _hyphenated(pieces: Sequence[str]) -> list[tuple[int, int]]:
    """_words() with hyphenated words kept whole ("Secretary-General")."""
    out: list[tuple[int, int]] = []
    for a, b in _words(pieces, 0, len(pieces)):
        if out and (pieces[a] == "-" or pieces[out[-1][1] - 1] == "-") and not pieces[a].startswith(PIECE_SPACE):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _stems(text: str) -> set[str]:
    return {w.lower()[:STEM] for w in _WORD_RE.findall(text) if len(w) >= STEM and w.lower() not in _EDGE_WORDS}


def _stem_locate(work: Work, hit: TermHit, alone: str = "") -> tuple[int, int] | None:
    """Where attention is too diffuse for locate(): the one word of the English that shares its first
    STEM letters with a word of the rendering or of the term translated alone ("complementarity" for
    优势互补 -> "complementary advantages") and attends to the term among its _TOP source pieces, with the
    words after it that attend there too ("the [complementarity of the strengths] of the two sides"); not
    a word inside another term's rendering, nor one that other terms' renderings have too ("municipal" is
    市委's and 市政府's). None unless exactly one word qualifies.

    Measured: without the attention condition (a stem word that stands once taken as it is) the count was
    the same, 920/944, but one sentence lost a term and read "… three municipal high school-to-prefecture
    provided counterpart assistance" after the re-decodings it started."""
    d = work.decoded
    src = _source_pieces(d, hit.start, hit.end)
    if not d.attention or not src or _is_name(hit):
        return None
    stems = _stems(" ".join((hit.en, alone, *hit.forms))) - _stems(" ".join(t.en for t in work.terms if t.en != hit.en))
    offsets = _offsets(d.pieces, 0, len(d.pieces))[0]
    taken = _taken(work, hit)

    def attends(k: int) -> bool:
        row = d.attention[k] if k < len(d.attention) else ()
        return bool(src & set(sorted(range(len(row)), key=row.__getitem__, reverse=True)[:_TOP]))

    words = [(a, b, detokenize(d.pieces[a:b]).lower()) for a, b in _hyphenated(d.pieces)]
    found = [n for n, (a, b, w) in enumerate(words)
             if len(w) >= STEM and w[:STEM] in stems and any(attends(k) for k in range(a, b))
             and not any(x <= offsets[a] < y for x, y in taken)]
    if len(found) != 1:
        return None
    n = end = found[0]
    while end + 1 < len(words) and _wordish(words[end + 1][2]) and (
            words[end + 1][2] in _LINKS or any(attends(k) for k in range(*words[end + 1][:2]))):
        end += 1
    return _trim(d.pieces, words[n][0], words[end][1])


def _spill(pieces: Sequence[str], span: tuple[int, int], own: str) -> tuple[int, int]:
    """span less a leading phrase that is not the term's: the words up to the last function word before
    the first word of the term's own English (`own`: the term translated alone, and its rendering).
    Attention for 教育行政部门 in 代表两地教育行政部门 covers "behalf of their respective educational
    administrations", and a rendering forced there dropped "on behalf of". The words after that function
    word stay in the span: they modify the term ("the [Ping Valley] Vocational School" for 平谷区职业学校), and
    the seam check must see them. In a span with none of the term's words, lower-case words before an
    article go: attention for 辐射作用 covered "plays a radiological role", and "spillover effect" forced there
    left "school-group operation spillover effect of …" with no verb. Kept whole: a span with none of the
    term's words and no article inside, a run with no function word ("cadre teachers", the model's own
    rendering of 骨干教师), and one joined by and/or only ("[small and] medium-sized primary, secondary …
    schools" for 中小幼职特学校: the model's rendering)."""
    stems = {w.lower()[:STEM] for w in _WORD_RE.findall(own)} - {w[:STEM] for w in _EDGE_WORDS}
    words = _lower_words(pieces, *span)
    first = next((k for k, (_, w) in enumerate(words) if w[:STEM] in stems), None)
    if first is None:  # lower-case words before an article are the sentence's: "[plays a] radiological role"
        cut = max((k for k, (_, w) in enumerate(words[1:-1], 1) if w in _ARTICLES
                   and not any(pieces[a].lstrip(PIECE_SPACE)[:1].isupper() for a, _ in words[:k])), default=None)
    else:
        cut = max((k for k, (_, w) in enumerate(words[:first]) if w in _EDGE_WORDS - _COORDINATORS), default=None)
    return span if cut is None else (words[cut + 1][0], span[1])


def _touch(zh: str, a: TermHit, b: TermHit) -> bool:
    """Nothing but punctuation (at most two marks) between the two terms in the source (保定莲池区,
    “组团式”帮扶)."""
    gap = zh[a.end : b.start] if a.end <= b.start else zh[b.end : a.start]
    return len(gap) <= 2 and all(unicodedata.category(c)[0] == "P" for c in gap)


def _without(pieces: Sequence[str], span: tuple[int, int], rendering: re.Pattern[str]) -> tuple[int, int] | None:
    """span less the rendering at either edge (quotes and hyphens around it aside: '" group-based" support'
    less "group-based" is "support"); None when nothing else is left or it is not at an edge."""
    i, j = span
    starts, raw = _offsets(pieces, i, j)
    for m in rendering.finditer(raw):
        if not re.search(r"[A-Za-z0-9]", raw[: m.start()]):
            k = next((k for k, s in enumerate(starts) if s >= m.end()), None)
            return _trim(pieces, i + k, j) if k is not None else None
        if not re.search(r"[A-Za-z0-9]", raw[m.end() :]):
            k = next((k for k in range(len(starts) - 1, -1, -1) if starts[k] + len(pieces[i + k]) <= m.start()), None)
            return _trim(pieces, i, i + k + 1) if k is not None else None
    return None


def _offsets(pieces: Sequence[str], i: int, j: int) -> tuple[list[int], str]:
    """Where each of pieces[i:j] starts in their joined text ('▁' as a space), and that text."""
    starts, at = [], 0
    for piece in pieces[i:j]:
        starts.append(at)
        at += len(piece)
    return starts, "".join(pieces[i:j]).replace(PIECE_SPACE, " ")


def _with_echo(pieces: Sequence[str], span: tuple[int, int], hit: TermHit) -> tuple[int, int]:
    """The span grown back over the rendering's first words when they stand right before it (articles
    aside): attention for a title often skips its head ('an Agreement on the [Further Collaboration …]'),
    and a rendering forced after them would echo it."""
    i, j = span
    words = _lower_words(pieces, 0, i)
    rendering = [w.lower() for w in _WORD_RE.findall(hit.en)]
    k = _echo([w for _, w in words], rendering)
    if k is not None:
        return words[k][0], j
    # or over "X of (the)" with X a word of the rendering: the model's "[Department of] Education of …"
    # for "Education Department of …"
    k = len(words) - (3 if words[-1:] and words[-1][1] in _ARTICLES else 2)
    if k >= 0 and words[k + 1][1] == "of" and _owner_echo(detokenize(pieces[words[k][0] : i]), set(rendering)):
        return words[k][0], j
    return span


def anchor(decoded: Decoded, start: int) -> int | None:
    """Where to insert a term the model dropped: after the English of the source just before it.

    Returns a target piece index at a word start, or None when attention gives no hint.
    """
    if not decoded.attention or not decoded.source_spans:
        return None
    before = {k for k, (a, b) in enumerate(decoded.source_spans) if b <= start and b > a}
    if not before:
        return 0
    nearest = max(before)
    aligned = [t for t, row in enumerate(decoded.attention[: len(decoded.pieces)])
               if row and _attended(row) in (nearest, nearest - 1)]
    if not aligned:
        return None
    i = max(aligned) + 1
    pieces = decoded.pieces
    while i < len(pieces) and not pieces[i].startswith(PIECE_SPACE) and _wordish(pieces[i]):
        i += 1
    return i


def _wordish(piece: str) -> bool:
    return any(c.isalnum() for c in piece)


def _words(pieces: Sequence[str], i: int, j: int) -> list[tuple[int, int]]:
    """Word boundaries (piece ranges) inside [i, j)."""
    out: list[tuple[int, int]] = []
    for k in range(i, j):
        if not out or pieces[k].startswith(PIECE_SPACE) or not _wordish(pieces[k]) or not _wordish(pieces[k - 1]):
            out.append((k, k + 1))
        else:
            out[-1] = (out[-1][0], k + 1)
    return out


def _lower_words(pieces: Sequence[str], i: int, j: int) -> list[tuple[int, str]]:
    """(first piece, lower-case text) of each word inside [i, j), punctuation left out."""
    return [(a, detokenize(pieces[a:b]).lower()) for a, b in _words(pieces, i, j) if _wordish(pieces[a])]


def _trim(pieces: Sequence[str], i: int, j: int) -> tuple[int, int] | None:
    """Drop function words, numbers and punctuation at the edges: they belong to the sentence."""
    words = _words(pieces, i, j)

    def edge(w: tuple[int, int]) -> bool:
        text = detokenize(pieces[w[0] : w[1]]).lower()
        return text in _EDGE_WORDS or not any(c.isalpha() for c in text)

    while words and edge(words[0]):
        words.pop(0)
    while words and edge(words[-1]):
        words.pop()
    return (words[0][0], words[-1][1]) if words else None


# ---------------------------------------------------------------- strategies


# (engine, [(work, term)], {term source: the model's stand-alone English}) -> a candidate or None per job
Strategy = Callable[["object", list[tuple[Work, TermHit]], dict[str, str]], list[Decoded | None]]


def _render(hit: TermHit, at_start: bool, before: str = "", own: str = "", after: str = "") -> str:
    """The rendering to write: the form the words around it ask for, capitalised at the start."""
    en = _form(hit, before, own, after)
    if at_start and en[:1].islower():
        en = en[0].upper() + en[1:]
    return en


# after these a verb is due: "to help the schools" takes "assist", not "assistance"
_VERB_CUES = frozenset("to will would can could must should may might shall cannot we they".split())
# a verb phrase with its object ("provided counterpart assistance to") is not written after these ...
_NO_VERB_AFTER = frozenset("a an the of for in on at by with from into and or is are was were be been being".split())
# ... nor where the model's words were followed by these: they were a noun ("establish twinning between")
_NO_OBJECT = frozenset("of for in on at by with from into between among to and or".split())


def _form(hit: TermHit, before: str, own: str, after: str = "") -> str:
    """hit.en, or the entry's listed form that fits: the model's own word ends in -ed or -ing
    ("supported" -> "assisted"), or a verb is due after `before` ("to help" -> "to assist").
    A form of several words is a verb phrase with its object ("provided counterpart assistance to"):
    chosen only where the model's words stood between a subject and an object (`after` starts a word
    that is not a preposition), not for a gerund used as a noun ("entrusted management and twinning")."""
    previous = [w.lower() for w in _WORD_RE.findall(before)[-1:]]
    following = after.split()[:1]
    takes_object = (bool(following) and following[0][:1].isalnum() and following[0].lower() not in _NO_OBJECT
                    and not (previous and previous[0] in _NO_VERB_AFTER - _VERB_CUES))
    forms = [f for f in hit.forms if " " not in f or takes_object]
    words = _WORD_RE.findall(own)
    if not forms:
        return _plural_of(hit.en) if words and _counted_noun(hit) and _plural_noun(words[-1]) \
            and _same_noun(words[-1], _WORD_RE.findall(hit.en)[-1]) else hit.en
    last = words[-1].lower() if words else ""
    verb = lambda form: form.split()[0].lower()  # "provided counterpart assistance to": the verb leads
    for suffix in ("ed", "ing"):
        if len(last) > len(suffix) + 2 and last.endswith(suffix):
            return next((f for f in forms if verb(f).endswith(suffix)), hit.en)
    if previous and previous[0] in _VERB_CUES:
        return next((f for f in forms if not verb(f).endswith(("ed", "ing", "s"))), hit.en)
    return hit.en


def _same_noun(a: str, b: str) -> bool:
    """The same noun, number and spelling aside ("centres" ~ "center", "communities" ~ "community"); not
    a noun after the term ("municipal government leaders" for 市政府 in 市政府领导)."""
    return a.lower()[:4] == b.lower()[:4]


_COUNT_NOUNS = frozenset({"institution", "school", "role", "program"})  # categories that take a plural


def _counted_noun(hit: TermHit) -> bool:
    return hit.category in _COUNT_NOUNS and not _is_name(hit) and hit.en[:1].islower() and not _plural(hit.en)


def _plural_of(en: str) -> str:
    """The rendering with its last word made plural, where the model's own words ended in that word's
    plural: "2 provincial-level master teacher studios" for its "2 provincial teacher studios"."""
    m = re.search(r"[A-Za-z]+$", en)
    if m is None:
        return en
    head, last = en[: m.start()], m.group(0)
    if re.search(r"[^aeiou]y$", last):
        return head + last[:-1] + "ies"
    return head + last + ("es" if re.search(r"(?:s|x|z|ch|sh)$", last) else "s")


def _at_start(pieces: Sequence[str], i: int) -> bool:
    return not any(_wordish(p) for p in pieces[:i])


def _fix_article(before: list[str], en: str, name: bool) -> list[str]:
    """'the' before a bare place name goes ('the Baoding'); 'a'/'an' follows the new first sound, or is
    'the' before a quoted title ('signed the "Agreement on …"': a named document is definite)."""
    if not before:
        return before
    last = before[-1].replace(PIECE_SPACE, "")
    if last.lower() in _ARTICLES and name and not en.lower().startswith("the "):
        return before[:-1]
    if last.lower() in ("a", "an") and _plural(en):  # "an outstanding teachers"
        return before[:-1]
    if last.lower() in ("a", "an"):
        article = "the" if en[:1] in '"“' else "an" if en[:1].lower() in "aeiou" else "a"
        if last[:1].isupper():
            article = article.capitalize()
        return before[:-1] + [PIECE_SPACE + article]
    return before


def _plural(en: str) -> bool:
    """A rendering whose last word is a plural ("outstanding teachers"), so 'a'/'an' cannot precede it."""
    words = re.findall(r"[A-Za-z]+", en)
    return bool(words) and en[:1].islower() and words[-1].endswith("s") and not words[-1].endswith(("ss", "us", "is"))


def strategy_prefix(engine, jobs, alone):
    requests, keep, said = [], [], []
    for work, hit in jobs:
        span = locate_own(work, hit, alone.get(_alone_source(hit)) or "")
        if span is None:
            keep.append(None)
            continue
        i = span[0]
        pieces = work.decoded.pieces
        cut = _title_cut(pieces, i, hit)
        if cut is None:
            en = _render(hit, _at_start(pieces, i), detokenize(pieces[:i]), detokenize(pieces[i : span[1]]),
                         detokenize(pieces[span[1] :]))
        else:  # a title forced where the model's paraphrase of it started: a named document is definite
            i = cut
            en = ("The " if _at_start(pieces, i) else "the ") + hit.en
        before = _fix_article(list(pieces[:i]), en, _is_name(hit))
        keep.append(len(requests))
        requests.append(Request(work.zh, tuple(before) + engine.target_pieces(en)))
        said.append(_WORD_RE.findall(detokenize(pieces[span[0] : span[1]])))
    decoded = engine.decode(requests) if requests else []
    for k, request in enumerate(requests):
        glue = _glued_hyphen(decoded[k], len(request.prefix))
        if glue:  # one call each: suppress_sequences applies to a whole batch
            decoded[k] = engine.decode([request], suppress=[glue])[0]
    return [None if k is None else _unglued(decoded[k], len(requests[k].prefix), said[k]) if _is_name(hit)
            else decoded[k] for (_, hit), k in zip(jobs, keep)]


def _glued_hyphen(d: Decoded, n: int) -> list[str] | None:
    """The forced rendering's last piece and a hyphen the model glued to it, as a sequence to ban: forced
    "… Beijing-Inner Mongolia", the model went on "-West Education Collaboration" (its own "East-West" cut
    in two); banned, it writes "… Beijing-Inner Mongolia Education East-West Collaboration"."""
    if 0 < n < len(d.pieces) and d.pieces[n] == "-" and _wordish(d.pieces[n - 1]):
        return [d.pieces[n - 1], "-"]
    return None


_CLAUSE_END = frozenset(",;:(“‘\"")


def _title_cut(pieces: Sequence[str], i: int, hit: TermHit) -> int | None:
    """For a 《title》: where the model's paraphrase of it starts, when its head word stands earlier in
    the same clause ("An agreement was signed to [deepen the collaboration …]" for 签订《…协议》), so the
    title is forced there as 'the "Agreement on …"' instead of after "signed to". The cut takes the
    article before the head word with it."""
    if hit.category != TITLE_CATEGORY:
        return None
    head = next(iter(_WORD_RE.findall(hit.en)), "").lower()
    start = next((k + 1 for k in range(i - 1, -1, -1) if any(c in _CLAUSE_END for c in pieces[k])), 0)
    words = _lower_words(pieces, start, i)
    k = next((k for k in range(len(words) - 1, -1, -1) if words[k][1] == head), None)
    if k is None:
        return None
    while k and words[k - 1][1] in _ARTICLES:
        k -= 1
    return words[k][0]


def _unglued(d: Decoded, n: int, said: Sequence[str] = ()) -> Decoded:
    """A forced name the model went on spelling ("Gao Jianfeng" + "ang"), or went on with a word of its own
    spelling of it (`said`: "Zhongyang Zheng" forced to "Jing Hongyang" + "Zheng"): those pieces dropped."""
    j = n
    while j < len(d.pieces) and not d.pieces[j].startswith(PIECE_SPACE) and d.pieces[j].isalpha():
        j += 1
    if j == n and n < len(d.pieces) and d.pieces[n].startswith(PIECE_SPACE):
        b = n + 1  # the next word, its space maybe a piece of its own ("▁" "Z" "heng")
        while b < len(d.pieces) and not d.pieces[b].startswith(PIECE_SPACE) and _wordish(d.pieces[b]):
            b += 1
        word = detokenize(d.pieces[n:b]).strip()
        if word in said and word[:1].isupper():
            j = b
    if j == n:
        return d
    return replace(d, pieces=d.pieces[:n] + d.pieces[j:], attention=d.attention[:n] + d.attention[j:])


def strategy_insert(engine, jobs, alone):
    """For a term the model dropped: force it right after the English of the source just before it,
    where a noun phrase can start, and let the model finish the sentence. Or written in without
    re-decoding (the model's words after it kept, for the terms still to come): joined with "and" to
    the rendering of a term right before it in the source (_coordinated), or after the number the source
    counts it with (_counted).

    Measured: it also fires when the model rendered the term in words attention does not pin down,
    and then duplicates it ("key teachers backbone teachers"); the seam checks refuse most of those.
    """
    requests, out = [], []
    for work, hit in jobs:
        d = work.decoded
        dropped = locate(d, hit.start, hit.end) is None
        i = anchor(d, hit.start) if dropped else None
        if i is not None and _opens_phrase(d.pieces[:i]):
            said = detokenize(d.pieces[:i])
            before = _fix_article(list(d.pieces[:i]), _form(hit, said, ""), _is_name(hit))
            out.append(len(requests))
            requests.append(Request(work.zh, tuple(before) + engine.target_pieces(_render(hit, _at_start(before, i), said))))
        elif dropped and (j := _coordinated(work, hit)) is not None:
            out.append(_spliced(engine, d, hit, j, j, "and " + hit.en))
        elif dropped and (j := _counted(work, hit)) is not None:
            out.append(_spliced(engine, d, hit, j, j, hit.en))
        elif dropped and (span := _elided(work, hit)) is not None:
            out.append(_spliced(engine, d, hit, *span, hit.en))
        elif dropped and (j := _owned(work, hit)) is not None:
            out.append(_spliced(engine, d, hit, j, j, hit.en + " for"))
        else:
            out.append(None)
    decoded = engine.decode(requests) if requests else []
    return [decoded[k] if isinstance(k, int) else k for k in out]


def _coordinated(work: Work, hit: TermHit) -> int | None:
    """Where to join a dropped term to the term right before it in the source (nothing between): the end
    of that term's rendering, when it stands once in the English. Two activity nouns side by side are a
    pair in Chinese (资源共享帮扶: "resource sharing and assistance"). Only policies and programmes: an
    institution or school before a role or a policy is its owner or object (中小学处处长, 义务教育学校帮扶)."""
    if hit.category not in _ACTIVITIES:
        return None
    for t in work.terms:
        if t.end != hit.start or t.category not in _ACTIVITIES:
            continue
        found = list(term_regex(t.en, t.forms).finditer(work.text))
        if len(found) == 1 and (span := _piece_range(work.decoded.pieces, *found[0].span())) is not None:
            return span[1]
    return None


def _counted(work: Work, hit: TermHit) -> int | None:
    """Where to put a dropped term the source counts right after it (骨干教师2837人): after that number
    in the English, when it stands there once with no word after it ("of whom 2837 (61.8 per cent …"):
    a Chinese count follows its noun, an English one goes before it."""
    count = count_at(work.zh, hit.end)
    if count is None:
        return None
    found = english_spans(work.text, count.value)
    if len(found) != 1 or re.match(r"\s*[A-Za-z]", work.text[found[0][1] :]):
        return None
    span = _piece_range(work.decoded.pieces, *found[0])
    return None if span is None else span[1]


def _owned(work: Work, hit: TermHit) -> int | None:
    """Where to write a dropped activity that the school or institution right before it in the source
    receives (义务教育学校帮扶全覆盖: "full coverage of compulsory education schools" -> "… of assistance for
    compulsory education schools"): before that term's rendering, the same occurrence of it in the English
    as in the source (after its article)."""
    if hit.category not in _ACTIVITIES:
        return None
    owner = next((t for t in work.terms if t.end == hit.start and t.category in _OWNERS), None)
    if owner is None or (owner.start and work.zh[owner.start - 1] in _JOINS):
        return None  # 乡镇中心学校与小规模学校一体化办学: the activity is between the two, not for the second
    same = [t for t in work.terms if t.en == owner.en]
    found = list(term_regex(owner.en, owner.forms).finditer(work.text))
    if len(found) != len(same):
        return None
    span = _piece_range(work.decoded.pieces, *found[same.index(owner)].span())
    return None if span is None else span[0]


_JOINS = ("、", "和", "与", "及")
_PAIRED = ("",) + _JOINS


def _elided(work: Work, hit: TermHit) -> tuple[int, int] | None:
    """A term cut down to its first words before the term it is paired with: 市委、市政府 came out "the
    municipal and municipal government" ("municipal" of "municipal Party committee"). The pieces of those
    first words, when the partner's rendering stands once in the English right after them and "and"."""
    partner = next((t for t in work.terms if t.start >= hit.end and work.zh[hit.end : t.start] in _PAIRED), None)
    if partner is None or partner.category == TITLE_CATEGORY:
        return None
    found = list(term_regex(partner.en, partner.forms).finditer(work.text))
    if len(found) != 1:
        return None
    head = hit.en.split()
    for n in range(len(head) - 1, 0, -1):
        words = r"\s+".join(map(re.escape, head[:n]))
        m = re.search(rf"(?<![A-Za-z-])({words})\s+and\s+$", work.text[: found[0].start()], re.I)
        if m:
            return _piece_range(work.decoded.pieces, *m.span(1))
    return None


def _opens_phrase(before: Sequence[str]) -> bool:
    """A noun phrase can start here: at the start, after punctuation or after a function word.

    Measured: inserted after a noun the term reads as noise ("resources assistance is advanced").
    """
    words = detokenize(before).split()
    if words and _ENDED.search(words[-1]):
        return False  # not after a sentence's end: "… in grade groups. teaching research group"
    return not words or not words[-1][-1:].isalnum() or words[-1].lower() in _PHRASE_OPENERS


def strategy_align_edit(engine, jobs, alone):
    out = []
    for work, hit in jobs:
        span = locate_own(work, hit, alone.get(_alone_source(hit)) or "")
        if span is not None:
            out.append(_align_edited(engine, work.decoded, hit, span))
        elif (found := _possessive(work, hit)) is not None:
            out.append(_spliced(engine, work.decoded, hit, *found))
        else:
            out.append(None)
    return out


def _possessive(work: Work, hit: TermHit) -> tuple[int, int, str] | None:
    """A term the model said as a possessive pronoun, the only word attention gives it, written out:
    建立莲池区自己的名师工作室 "to create its own master teacher studio" -> "to create Lianchi District's own
    …"; 提升帮扶成效 "enhancing its effectiveness" -> "enhancing the effectiveness of assistance" (an activity
    owns the one noun after the pronoun, at the end of a phrase). Pieces [i, j) and the English for them."""
    d = work.decoded
    run = _run(d, hit.start, hit.end) or _run(d, hit.start, hit.end, pooled=True)
    if run is None:
        return None
    words = _words(d.pieces, 0, len(d.pieces))
    k = next((k for k, (a, b) in enumerate(words) if (a, b) == run), None)
    if k is None or detokenize(d.pieces[slice(*run)]).lower() not in _POSSESSIVES:
        return None
    if _is_name(hit) or hit.category in _OWNERS:
        return run[0], run[1], hit.en + "'s"
    if hit.category not in _ACTIVITIES or k + 1 >= len(words):
        return None
    noun = words[k + 1]
    text = detokenize(d.pieces[slice(*noun)])
    after = detokenize(d.pieces[slice(*words[k + 2])]).lower() if k + 2 < len(words) else ""
    if not text.isalpha() or (_wordish(after) and after not in _EDGE_WORDS):
        return None
    return run[0], noun[1], f"the {text} of {hit.en}"


def _align_edited(engine, d: Decoded, hit: TermHit, span: tuple[int, int]) -> Decoded:
    """d with the located pieces span replaced by the term's rendering, in the form the words around ask for."""
    i, j = span
    en = _render(hit, _at_start(d.pieces, i), detokenize(d.pieces[:i]), detokenize(d.pieces[i:j]),
                 detokenize(d.pieces[j:]))
    return _spliced(engine, d, hit, i, j, en)


def _spliced(engine, d: Decoded, hit: TermHit, i: int, j: int, en: str) -> Decoded:
    """d with pieces [i, j) replaced by `en`, attention kept: the new words' rows point at the term, so
    later terms never pick them and can still be located."""
    before = _fix_article(list(d.pieces[:i]), en, _is_name(hit))
    new = _target_pieces(engine, en)
    keep = list(range(j, len(d.pieces)))
    echo = _echo_after(d.pieces, j, en)
    if echo is not None:
        keep = [k for k in keep if not echo[0] <= k < echo[1]]
    src = [k for k, (a, b) in enumerate(d.source_spans) if a < hit.end and b > hit.start]
    width = len(d.attention[0]) if d.attention else 0
    row = tuple(1.0 if k == (src[0] if src else -1) else 0.0 for k in range(width))
    att = d.attention[: len(before)] + (row,) * len(new) + tuple(d.attention[k] for k in keep) if d.attention else ()
    return replace(d, pieces=tuple(before) + new + tuple(d.pieces[k] for k in keep), attention=att)


def _echo_after(pieces: Sequence[str], j: int, en: str) -> tuple[int, int] | None:
    """The pieces of the word after j (a closing quote between allowed) when it is the rendering's head
    word again: 青蓝工程项目 was "the “Blue Project” project", and writing the rendering in makes it
    "the “Qinglan Project” project", the source's 项目 said twice."""
    head = _WORD_RE.findall(en)[-1:]
    k = j
    while k < len(pieces) and pieces[k].replace(PIECE_SPACE, "") in ("”", '"', "’"):
        k += 1
    words = _words(pieces, k, min(len(pieces), k + 4))
    if not head or not words or words[0][0] != k or words[0][1] < len(pieces) and pieces[words[0][1]] in _INNER:
        return None  # "school-enterprise" is another word than "school"
    word = detokenize(pieces[k : words[0][1]]).lower()
    return words[0] if word.rstrip("s") == head[0].lower().rstrip("s") else None


def _piece_range(pieces: Sequence[str], start: int, end: int) -> tuple[int, int] | None:
    """The pieces [i, j) that spell characters [start, end) of detokenize(pieces), when the span falls on
    piece boundaries."""
    raw = "".join(pieces).replace(PIECE_SPACE, " ")
    at = -(len(raw) - len(raw.lstrip()))  # detokenize() strips the leading space
    i = None
    for k, piece in enumerate(pieces):
        lead = 1 if piece.startswith(PIECE_SPACE) else 0
        if i is None and at + lead == start:
            i = k
        at += len(piece)
        if i is not None and at == end:
            return i, k + 1
    return None


def _edited(engine, work: Work, hit: TermHit, start: int, end: int, en: str) -> Decoded:
    """work with characters [start, end) of its English replaced by `en`: at piece level where the span
    falls on piece boundaries (attention kept for later terms), else as text."""
    d = work.decoded
    span = _piece_range(d.pieces, start, end) if d.attention else None
    if span is not None:
        return _spliced(engine, d, hit, *span, en)
    text = work.text
    prefix = text[:start]
    if _is_name(hit) and not en.lower().startswith("the "):
        prefix = re.sub(r"(?i)\bthe\s+$", "", prefix)
        if not prefix.strip():
            en = en[0].upper() + en[1:]
    return text_decoded(work.zh, prefix + en + text[end:])


def _target_pieces(engine, en: str) -> tuple[str, ...]:
    if hasattr(engine, "target_pieces"):
        return tuple(engine.target_pieces(en))
    return tuple(PIECE_SPACE + w for w in en.split())


def _alone_variants(rendering: str) -> list[str]:
    """The term's stand-alone translation, and shorter forms that may appear inside a sentence."""
    r = rendering.strip().rstrip(".!?。").strip()
    r = re.sub(r"^(?:the|a|an)\s+", "", r, flags=re.I)
    out = [r]
    words = r.split()
    if len(words) > 1:
        out.append(" ".join(words[-2:]) if len(words) > 2 else words[-1])
    return [v for v in out if v]


def _alone_source(hit: TermHit) -> str:
    """What to translate alone: a 《title》 without its marks (the model renders the bare title)."""
    return hit.zh[1:-1] if hit.zh.startswith("《") and hit.zh.endswith("》") else hit.zh


def strategy_alone_edit(engine, jobs, alone):
    out = []
    for work, hit in jobs:
        text = work.text
        result = None
        own = {w.lower() for w in _WORD_RE.findall(hit.en)}
        for variant in _alone_variants(alone.get(_alone_source(hit)) or ""):
            if len(variant.split()) == 1 and variant.lower() in own:
                continue  # "County" of "Zhuang County": the rendering's own head word, not the model's rendering
            m = term_regex(variant).search(text)
            if m:
                start, end = _compound(text, m.start(), m.end())
                en = _render(hit, not any(c.isalnum() for c in text[:start]), text[:start], text[start:end],
                             text[end:])
                result = _edited(engine, work, hit, start, end, en)
                break
        out.append(result)
    return out


def _compound(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) grown over the rest of a hyphenated word: the model's "Inspector-General" for 一级巡视员
    is one word, and replacing "Inspector" alone leaves "first-level inspector-General"."""
    m = re.match(r"(?:-[A-Za-z]+)+", text[end:])
    if m:
        end += m.end()
    m = re.search(r"(?:[A-Za-z]+-)+$", text[:start])
    if m:
        start = m.start()
    return start, end


def strategy_suppress(engine, jobs, alone):
    out = []
    for work, hit in jobs:  # suppress_sequences applies to a whole batch: one call per sentence
        span = locate(work.decoded, hit.start, hit.end)
        if span is None:
            out.append(None)
            continue
        wrong = work.decoded.pieces[span[0] : span[1]]
        out.append(engine.decode([Request(work.zh)], suppress=[wrong])[0])
    return out


def strategy_placeholder(engine, jobs, alone):
    requests, tokens = [], []
    for n, (work, hit) in enumerate(jobs):
        token = _PLACEHOLDER + chr(ord("A") + n % 26)
        tokens.append(token)
        requests.append(work.zh[: hit.start] + token + work.zh[hit.end :])
    english = engine.translate(requests)
    out = []
    for (work, hit), token, en in zip(jobs, tokens, english):
        if en.count(token) != 1:
            out.append(None)
            continue
        at = en.index(token)
        out.append(text_decoded(work.zh, en.replace(token, _render(hit, not en[:at].strip(), en[:at]))))
    return out


def strategy_name_edit(engine, jobs, alone):
    """A person's name the model spelled its own way ("Huang Yari", "Gao Sword Feng", "Hou Jia Heung"):
    the run of capitalised words that starts with the same surname, has no more words than the given
    name has syllables and reads like the name, is replaced by it. Runs that are another term's
    rendering (a second "Liu …" in the sentence) are left alone."""
    out = []
    for work, hit in jobs:
        out.append(_renamed(engine, work, hit) if hit.category == "person" else None)
    return out


_NAME_LIKENESS = 0.6  # difflib ratio of the letters: "gaoswordfeng"/"gaojianfeng" 0.7, "liuzhaoxin"/"liujunming" 0.5


def _renamed(engine, work: Work, hit: TermHit) -> Decoded | None:
    from difflib import SequenceMatcher

    words = hit.en.split()
    syllables = len(hit.zh) - 1
    if len(words) < 2 or syllables < 1:
        return None
    others = [term_regex(t.en) for t in work.terms if t is not hit]
    letters = lambda s: re.sub(r"[^a-z]", "", s.lower())
    run = re.compile(rf"(?<![A-Za-z]){re.escape(words[0])}(?:[ -][A-Z][a-z]*){{1,{syllables}}}(?![A-Za-z])")
    text = work.text
    for m in run.finditer(text):
        name = m.group(0)
        if term_regex(hit.en).fullmatch(name) or any(o.fullmatch(name) for o in others):
            continue
        if SequenceMatcher(None, letters(name), letters(hit.en)).ratio() >= _NAME_LIKENESS:
            return _edited(engine, work, hit, m.start(), m.end(), hit.en)
    return None


_STRATEGY_FUNCS: dict[str, Strategy] = {
    "prefix": strategy_prefix,
    "align-edit": strategy_align_edit,
    "alone-edit": strategy_alone_edit,
    "suppress": strategy_suppress,
    "placeholder": strategy_placeholder,
    "insert": strategy_insert,
    "name-edit": strategy_name_edit,
}
_NEEDS_DECODE = {"prefix", "align-edit", "suppress", "insert"}
_REDECODINGS = {"prefix", "insert", "suppress", "placeholder"}  # decode the sentence again: spend EnforceOptions.redecodes
_TEXT_EDITS = {"alone-edit", "name-edit"}  # replace words found in the text, not the attention-located ones


# ---------------------------------------------------------------- driver


def enforce(works: list[Work], engine, options: EnforceOptions = EnforceOptions()) -> list[Work]:
    """Each sentence with every term checked; terms missing from the English go through the strategies.

    Batched across sentences: each round takes the first unresolved term of every sentence and sends
    all of them through one strategy at a time (one engine call per strategy per round). A sentence
    takes at most options.redecodes re-decodings; its later terms get the strategies that edit only.
    A run-on (quality.run_on: text without punctuation) takes none: its terms are edited in or flagged.
    """
    can_decode = hasattr(engine, "decode") and hasattr(engine, "target_pieces")
    chain = [s for s in options.strategies if can_decode or s not in _NEEDS_DECODE]
    works = [_mark_all(w) for w in works]
    sources = sorted({_alone_source(t) for w in works for t in w.terms if t.enforced is None})
    alone = dict(zip(sources, engine.translate(sources))) if sources else {}
    given_up: dict[tuple[int, int], str] = {}  # (sentence, term index) -> the English it was given up on
    spent = [options.redecodes if run_on(w.zh) else 0 for w in works]  # re-decodings sent, against options.redecodes
    while True:
        jobs = []
        for n, w in enumerate(works):
            pending = [t for t in w.terms if t.enforced is None]
            if pending:
                jobs.append((n, pending[0]))
        if not jobs and not (jobs := _second_chance(works, given_up)):
            return works
        for name in chain:
            if not jobs:
                break
            left = []
            if name in _REDECODINGS:  # a sentence whose budget is spent skips the strategy
                left = [(n, hit) for n, hit in jobs if spent[n] >= options.redecodes]
                jobs = [(n, hit) for n, hit in jobs if spent[n] < options.redecodes]
                for n, _ in jobs:
                    spent[n] += 1
            results = _STRATEGY_FUNCS[name](engine, [(works[n], hit) for n, hit in jobs], alone)
            for (n, hit), cand in zip(jobs, results):
                wrong = _wrong_words(works[n], hit, alone, located=name not in _TEXT_EDITS)
                method, repaired = name, False
                if cand is not None and not acceptable(works[n], hit, cand, wrong):
                    cand, repaired = _repaired(engine, works[n], hit, cand, alone), True
                if cand is not None and repaired and name in _REDECODINGS and _shrunk(works[n].text, cand.text):
                    edit = strategy_align_edit(engine, [(works[n], hit)], alone)[0]
                    if edit is not None and acceptable(works[n], hit, edit, wrong):
                        cand, method = edit, "align-edit"
                if cand is not None and acceptable(works[n], hit, cand, wrong):
                    works[n] = _settle(works[n], hit, cand, method)
                else:
                    left.append((n, hit))
            jobs = left
        for n, hit in jobs:
            given_up.setdefault((n, _index(works[n], hit)), works[n].text)
            works[n] = _settle(works[n], hit, None, "")


def _index(work: Work, hit: TermHit) -> int:
    return next(k for k, t in enumerate(work.terms) if t is hit)


def _second_chance(works: list[Work], given_up: dict[tuple[int, int], str]) -> list[tuple[int, TermHit]]:
    """Terms given up on an English that later terms' enforcement has since changed, tried once more
    (each term once): 安阳市教育局 could not take "Anyang City Education Board" while that held the sentence's
    only "Anyang City" (安阳市 would be lost); enforcing 集团化办学 later brought "Anyang City" in its own place."""
    jobs = []
    for (n, k), text in given_up.items():
        hit = works[n].terms[k]
        if text and hit.enforced is False and works[n].text != text and not any(m == n for m, _ in jobs):
            terms = list(works[n].terms)
            terms[k] = hit = replace(hit, enforced=None)
            works[n] = replace(works[n], terms=tuple(terms))
            given_up[(n, k)] = ""  # once
            jobs.append((n, hit))
    return jobs


# a re-decoding this much shorter (in words) than the English it replaces lost some of it
SHRINK = 0.8


def _shrunk(old: str, new: str) -> bool:
    """The re-decoding dropped words the sentence had: "Lianchi District of Baoding and Haidian District of
    Beijing." for "The Liang Ji district of Baoding cooperates with the Haidian district of Beijing." (the
    verb went). The plain edit of the model's own words is taken instead when it passes."""
    return len(_WORD_RE.findall(new)) < SHRINK * len(_WORD_RE.findall(old))


def _repaired(engine, work: Work, hit: TermHit, cand: Decoded, alone: dict[str, str]) -> Decoded | None:
    """A re-decoding that rewrote a term enforced before it, with that term enforced again in place: the
    prefix forced for 商都县 made the model write "Autonomous Region of Inner Mongolia" for 内蒙古自治区,
    which align-edit puts back. Only where the located words are a rewording of the term (they share a
    word with its rendering or its translation alone), or a name for a name ("the School of Teacher
    Training for Pluming" for 集宁师范学院): attention for a term the model dropped can point at unrelated
    words ("support [each] other" for 结对帮扶, "[the first]" for 冀州区). None when nothing was lost or a
    lost term cannot be put back cleanly."""
    lost = [t for t in work.terms
            if t.enforced and t is not hit and count_hit(cand.text, t, work.terms) < needed(work.terms, t)]
    if not lost or not cand.attention:
        return None
    redo = [k for k, t in enumerate(work.terms) if any(t is x for x in lost)]
    terms = tuple(replace(t, enforced=None) if k in redo else replace(t, enforced=True) if t is hit else t
                  for k, t in enumerate(work.terms))
    fixed = Work(work.zh, cand, terms)
    for k in redo:
        t = fixed.terms[k]
        own = alone.get(_alone_source(t)) or ""
        span = locate_own(fixed, t, own)
        if span is None:
            return None
        words = detokenize(fixed.decoded.pieces[span[0] : span[1]])
        # a sentence's first word is capitalised whatever it is ("[Four] education groups were formed")
        named = " ".join(words.split(" ", 1)[1:]) if _at_start(fixed.decoded.pieces, span[0]) else words
        if not (_shares_word(words, f"{t.en} {own}") or _is_name(t) and _capitalised(named)):
            return None
        edit = _align_edited(engine, fixed.decoded, t, span)
        if not acceptable(fixed, t, edit, _wrong_words(fixed, t, alone)):
            return None
        fixed = _settle(fixed, t, edit, "align-edit")
    return fixed.decoded


def _shares_word(a: str, b: str) -> bool:
    """a and b have a content word in common, endings aside ("educational" ~ "education")."""
    stems = lambda text: {w.lower()[:STEM] for w in _WORD_RE.findall(text) if w.lower() not in _EDGE_WORDS}
    return bool(stems(a) & stems(b))


def _capitalised(text: str) -> bool:
    """Every content word of text starts upper-case, as a name's do ("the School of Teacher Training")."""
    words = [w for w in _WORD_RE.findall(text) if w.lower() not in _EDGE_WORDS]
    return bool(words) and all(w[:1].isupper() for w in words)


def _mark_all(work: Work) -> Work:
    """Terms the model already got right marked "model"; a term used n times needs its rendering n times."""
    text = work.text
    terms = tuple(replace(t, enforced=True, method="model") if count_hit(text, t, work.terms) >= needed(work.terms, t)
                  else replace(t, enforced=None, method="") for t in work.terms)
    return replace(work, terms=terms)


def check(work: Work) -> Work:
    """Terms only checked, not enforced: each True ("model") when the English has it, else False."""
    w = _mark_all(work)
    return replace(w, terms=tuple(t if t.enforced else replace(t, enforced=False) for t in w.terms))


def _wrong_words(work: Work, hit: TermHit, alone: dict[str, str], located: bool = True) -> list[str]:
    """Words the model used for the term: translated alone and, unless `located` is off, in the sentence
    via attention. Off for edits that replace words found in the text: attention for 帮扶 in
    "教学帮扶强质量" covers "help strengthen", but only "help" was the term's, and "strengthen" stays."""
    words = _WORD_RE.findall(alone.get(_alone_source(hit)) or "")
    span = locate_own(work, hit, alone.get(_alone_source(hit)) or "") if located else None
    if span and not _holds_other(work, hit, span):
        words += _WORD_RE.findall(detokenize(work.decoded.pieces[span[0] : span[1]]))
    return words


def _holds_other(work: Work, hit: TermHit, span: tuple[int, int]) -> bool:
    """A piece inside span attends most to the source of another term, one apart from hit: the span is
    not hit's rendering alone. Attention for 京蒙 in 关于深化京蒙教育东西部协作工作的协议 ran over "the Collaboration
    between the East and East Ministry of Education in Kyumong", "between" and "East" on 东西部协作; read as
    京蒙's own words, "Education" and "East" made every candidate a seam ("model's rendering left beside")."""
    d = work.decoded
    others = set().union(*(_source_pieces(d, t.start, t.end) for t in work.terms
                           if t.end <= hit.start or t.start >= hit.end)) - _source_pieces(d, hit.start, hit.end)
    return any(row and _attended(row) in others for row in d.attention[span[0] : span[1]])


def _settle(work: Work, hit: TermHit, cand: Decoded | None, method: str) -> Work:
    decoded = cand or work.decoded
    terms = []
    for t in work.terms:
        if t is hit:
            t = replace(t, enforced=cand is not None, method=method)
        elif not t.enforced and count_hit(decoded.text, t, work.terms) >= needed(work.terms, t):  # also one given up before
            t = replace(t, enforced=True, method=method or "model")
        terms.append(t)
    return Work(work.zh, decoded, tuple(terms))
