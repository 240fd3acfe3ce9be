"""Each way of producing an English candidate for a sentence, before verify (checks.py) and select.

- `enforced()`: the model's decoding with every glossary term enforced (enforce.py's strategies), and,
  where a term is still missing, the sentence again by ；-segments, by clauses, by enumeration items
  (lists.py), each kept only when it is _better;
- `clause_view()`: the sentence rendered clause by clause in source order, for the reader to cross-check;
- the beam's n-best and the alternatives at the first word come from the engine (Engine.nbest).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from ..models import TermHit
from .engine import PIECE_SPACE, Decoded, DecodeOptions, Engine, Request, detokenize
from .english import tidy
from .enforce import STEM, EnforceOptions, Work, check, enforce, rendering_patterns, text_decoded
from .lists import collapse, find_lists, shift, splice
from .numbers import missing_numbers
from .quality import SEGMENT_MARKS, problems, split_clauses

# Second decoding tried on a failed sentence: wider beam, loops blocked.
RETRY_DECODE = DecodeOptions(beam_size=6, repetition_penalty=1.2, no_repeat_ngram_size=3)
_CLAUSE_MARKS = {"；": ";", ";": ";", "：": ":", ":": ":"}
# A clause translated alone starts with a capital; mid-sentence these openers are lower-case.
_CLAUSE_OPENERS = frozenset("of among including which while but and or with in at this these it its there "
                            "the a an as for by from so yet on to after since during through under according "
                            "when where over within we they he she".split())



def enforced(sentences: list[str], terms: dict[str, list[TermHit]], engine: Engine, options: EnforceOptions | None,
           lists: bool = True, first: list[Decoded] | None = None) -> list[Work]:
    """The enforcement candidate of each sentence: decoded, failures retried, terms enforced; what is
    still missing tried segment by segment (at ；), then clause by clause (a short headline keeps its
    wording that way), then with its enumerations item by item. `options` None: decoded and checked only.
    `first`: a list that receives each sentence's decoding before enforcement."""
    decoded = _decode(engine, sentences)
    decoded = _retry_failures(engine, sentences, decoded)
    if first is not None:  # the caller keeps the model's own decoding, before any term was enforced
        first += decoded
    works = [Work(zh, d, tuple(terms[zh])) for zh, d in zip(sentences, decoded)]
    if options is None:
        return [check(w) for w in works]
    works = _by_clauses(_by_segments(enforce(works, engine, options), engine, options), engine, options)
    return _by_lists(works, engine, options) if lists else works


LIST_METHOD = "list+"  # prefix of a term's method when it was enforced in an enumeration item translated alone


def _by_lists(works: list[Work], engine: Engine, options: EnforceOptions | None) -> list[Work]:
    """Sentences with a term left unenforced inside an enumeration, translated with each list cut to
    its first item; the items are translated alone and spliced in, joined, where the first item's
    English landed (translate/lists.py). Kept only when more terms are enforced, no number is lost and
    no failure is added."""
    plans = {}
    for n, w in enumerate(works):
        missed = [t for t in w.terms if not t.enforced]
        found = [lst for lst in find_lists(w.zh, w.terms) if any(lst.start <= t.start < lst.end for t in missed)]
        if found:
            plans[n] = found
    if not plans:
        return works
    subs: dict[str, list[TermHit]] = {}  # what to translate: each collapsed sentence, each unit of a list
    prepared = {}
    for n, found in plans.items():
        w = works[n]
        short, cut = collapse(w.zh, found)
        kept = [t for t in w.terms if not any(a <= t.start < b for a, b in cut)]
        subs[short] = [replace(t, start=shift(cut, t.start), end=shift(cut, t.end), enforced=None, method="")
                       for t in kept]
        for lst in found:
            for _, a, b in lst.units():
                inside = [replace(t, start=t.start - a, end=t.end - a, enforced=None, method="")
                          for t in w.terms if a <= t.start and t.end <= b]
                if not (len(inside) == 1 and inside[0].end - inside[0].start == b - a):
                    subs[w.zh[a:b]] = inside  # a unit that is one whole term is its rendering
        prepared[n] = (found, short, cut, kept)
    order = list(subs)
    done = dict(zip(order, enforced(order, subs, engine, options, lists=False)))
    works = list(works)
    for n, (found, short, cut, kept) in prepared.items():
        old = works[n]
        text = splice(old.zh, found, done[short], cut, done, old.terms)
        if text is None:
            continue
        terms = [replace(t, enforced=x.enforced, method=x.method) for t, x in zip(kept, done[short].terms)
                 if not any(lst.start <= t.start < lst.end for lst in found)]
        for lst in found:
            for _, a, b in lst.units():
                unit = done.get(old.zh[a:b])
                if unit is not None and all(x.enforced for x in unit.terms):
                    terms += [replace(x, start=x.start + a, end=x.end + a, method=LIST_METHOD + x.method)
                              for x in unit.terms]
                else:
                    terms += [replace(t, enforced=True, method=LIST_METHOD + "glossary")
                              for t in old.terms if a <= t.start and t.end <= b]
        terms.sort(key=lambda t: t.start)
        if _better(old, text, terms):
            works[n] = Work(old.zh, text_decoded(old.zh, text), tuple(terms))
    return works


def _better(old: Work, text: str, terms: Sequence[TermHit]) -> bool:
    """A re-translation is kept when it enforces more terms, loses no number and adds no failure."""
    return (sum(bool(t.enforced) for t in terms) > sum(bool(t.enforced) for t in old.terms)
            and len(missing_numbers(old.zh, text)) <= len(missing_numbers(old.zh, old.text))
            and set(problems(old.zh, text, rendering_patterns(terms)))
            <= set(problems(old.zh, old.text, rendering_patterns(terms))))


CLAUSE_METHOD = "clauses+"  # prefix of a term's method when it was enforced in its clause translated alone
SEGMENT_METHOD = "segments+"  # ... in its ；-segment translated as a sentence of its own


def _by_segments(works: list[Work], engine: Engine, options: EnforceOptions | None) -> list[Work]:
    """Sentences with a term left unenforced, when the source chains segments with ；: each segment
    translated as a sentence of its own (enforced, with its own clause and list fallbacks) and the
    segments joined with ';'.

    A policy sentence of three or four such segments is where the model drops or garbles the terms of
    the later ones ("a famous teacher's studio"); each segment alone is an ordinary sentence, and the
    coarser cut keeps more of the model's wording than clause by clause. Kept only when _better.
    """
    todo = [n for n, w in enumerate(works)
            if any(t.enforced is False for t in w.terms) and len(split_clauses(w.zh, SEGMENT_MARKS)) > 1]
    if not todo:
        return works
    plans = {n: _plan(works[n], split_clauses(works[n].zh, SEGMENT_MARKS)) for n in todo}
    subs = {segment: list(inside) for plan in plans.values() for segment, _, inside in plan}
    order = list(subs)
    done = dict(zip(order, enforced(order, subs, engine, options)))
    return _joined(works, plans, {n: [done[segment] for segment, _, _ in plans[n]] for n in todo}, engine,
                   SEGMENT_METHOD)


def _by_clauses(works: list[Work], engine: Engine, options: EnforceOptions | None) -> list[Work]:
    """Sentences whose terms could not all be enforced, translated again clause by clause.

    Long sentences (enumerations of schools, districts...) are where the model shortens or drops items,
    and then attention has nothing to locate. Each clause is decoded and enforced on its own and the
    clauses joined; the joined English replaces the sentence's only when it has more terms enforced and
    loses no number and adds no failure.
    """
    todo = [n for n, w in enumerate(works)
            if any(t.enforced is False for t in w.terms) and len(split_clauses(w.zh)) > 1]
    if not todo:
        return works
    plans = {n: _plan(works[n], split_clauses(works[n].zh)) for n in todo}
    clauses = sorted({c for plan in plans.values() for c, _, _ in plan})
    decoded = dict(zip(clauses, _decode(engine, clauses)))
    jobs = [(n, k) for n in todo for k in range(len(plans[n]))]
    done = enforce([Work(plans[n][k][0], decoded[plans[n][k][0]], plans[n][k][2]) for n, k in jobs], engine,
                   options)
    parts: dict[int, list[Work]] = {n: [] for n in todo}
    for (n, _), w in zip(jobs, done):
        parts[n].append(w)
    return _joined(works, plans, parts, engine, CLAUSE_METHOD)


Plan = list[tuple[str, int, tuple[TermHit, ...]]]  # each piece of a sentence: its text, offset and terms


def _plan(work: Work, pieces: list[str]) -> Plan:
    """The sentence's pieces, each with its offset and its terms (shifted, not yet enforced)."""
    offset, plan = 0, []
    for piece in pieces:
        inside = tuple(replace(t, start=t.start - offset, end=t.end - offset, enforced=None, method="")
                       for t in work.terms if offset <= t.start and t.end <= offset + len(piece))
        plan.append((piece, offset, inside))
        offset += len(piece)
    return plan


def _joined(works: list[Work], plans: dict[int, Plan], parts: dict[int, list[Work]], engine: Engine,
            method: str) -> list[Work]:
    """Each planned sentence with its pieces' translations joined in, where that is _better and every
    piece is on topic; a term across two pieces counts as not enforced."""
    works = list(works)
    common = _common_word(engine)
    for n, plan in plans.items():
        old = works[n]
        seen = {w.lower() for w in re.findall(r"[A-Za-z]+", old.text) if w.islower()}
        if not all(_on_topic(w.zh, w.text, old.text) for w in parts[n]):
            continue
        joined = _join(old.zh, [(w.zh, _drop_enumerator(w.zh, w.decoded)) for w in parts[n]],
                       lambda word: word in seen or common(word), [w.terms for w in parts[n]])
        terms = []
        for (_, offset, _), w in zip(plan, parts[n]):
            terms += [replace(t, start=t.start + offset, end=t.end + offset,
                              method=method + t.method if t.enforced else "") for t in w.terms]
        outside = [t for t in old.terms if all((t.start, t.end) != (x.start, x.end) for x in terms)]
        terms = sorted(terms + [replace(t, enforced=False, method="") for t in outside], key=lambda t: t.start)
        if _better(old, joined.text, terms):
            works[n] = Work(old.zh, joined, tuple(terms))
    return works


_CONTENT = re.compile(r"[A-Za-z]{4,}")
_ENUMERATOR = re.compile(r"^\s*(?:\(\w\)|[-–—•])\s*")  # "(c) To promote ...", "- Forming ..." from a clause alone


# What the model invents for a clause alone, with what in the source would justify it: chit-chat (news
# English has no "I'm", "we're"; plain "how can I help" is a fair rendering of an impersonal question, so
# plain pronouns are not counted), and "This is the first time that …" before a clause that starts with
# its verb (转化引进的…成果 -> "this is the first time that Beijing has managed to transform …").
_INVENTED = (
    (re.compile(r"\b(?:I'm|I've|I'd|I'll|we're|we've|we'll|you're|you've|you'll)\b|\bit's not like\b", re.I),
     re.compile(r"[我你您咱]")),
    (re.compile(r"\bthis is the first time\b", re.I), re.compile(r"首次|首个|首批|首家|第一次|初次|头一回")),
)


def _on_topic(clause_zh: str, clause_en: str, sentence_en: str) -> bool:
    """A clause's English shares a content word with the sentence's own translation, and says nothing
    the model invents for fragments (_INVENTED: "I'm", "this is the first time") that its Chinese lacks.

    Translated alone, odd clauses can come out as unrelated English ("I'm not sure", "it's not like
    we're going to be able to do this"); a clause that has nothing in common with the model's whole-
    sentence translation, or that has a speaker its source lacks, is one of those.
    """
    if any(en.search(clause_en) and not zh.search(clause_zh) for en, zh in _INVENTED):
        return False
    words = {w.lower()[:STEM] for w in _CONTENT.findall(clause_en)}
    return not words or bool(words & {w.lower()[:STEM] for w in _CONTENT.findall(sentence_en)})


def _drop_enumerator(zh: str, d: Decoded) -> Decoded:
    """'(a) ' or '- ' the model put before a clause whose source has no such marker."""
    m = _ENUMERATOR.match(d.text)
    if not d.pieces or zh.lstrip()[:1] in "(（-—–•" or not m:
        return d
    for k in range(1, min(len(d.pieces), len(m.group(0))) + 1):
        if detokenize(d.pieces[:k]) == m.group(0).strip():
            rest = list(d.pieces[k:])
            if rest and not rest[0].startswith(PIECE_SPACE):
                rest[0] = PIECE_SPACE + rest[0]
            return replace(d, pieces=tuple(rest), attention=d.attention[k:] if d.attention else ())
    return d


def _common_word(engine: Engine):
    """word -> True when its lower-case form is a whole word of the model's vocabulary (a common word,
    not a name: "Learning" is, "Beijing" is not); False for every word without a vocabulary."""
    if not engine.can_decode:
        return lambda word: False
    return lambda word: len(engine.target_pieces(word.lower())) == 1


def _decode(engine: Engine, sentences: list[str], options: DecodeOptions | None = None) -> list[Decoded]:
    return engine.decode([Request(s) for s in sentences], options=options)


def _needs_retry(zh: str, en: str) -> bool:
    return bool(problems(zh, en)) or bool(missing_numbers(zh, en))


def _badness(zh: str, en: str) -> int:
    return 2 * len(problems(zh, en)) + len(missing_numbers(zh, en))


def _retry_failures(engine: Engine, sentences: list[str], decoded: list[Decoded]) -> list[Decoded]:
    """Sentences with a failure: translated clause by clause, then with RETRY_DECODE; the least bad kept."""
    bad = [n for n, (zh, d) in enumerate(zip(sentences, decoded)) if _needs_retry(zh, d.text)]
    if not bad:
        return decoded
    decoded = list(decoded)
    clauses = {n: split_clauses(sentences[n]) for n in bad}
    flat = [c for n in bad for c in clauses[n] if len(clauses[n]) > 1]
    parts = dict(zip(flat, _decode(engine, flat))) if flat else {}
    retry_opts = RETRY_DECODE if engine.can_decode else None
    second = _decode(engine, [sentences[n] for n in bad], retry_opts) if retry_opts else []
    for k, n in enumerate(bad):
        zh = sentences[n]
        candidates = [decoded[n]]
        if len(clauses[n]) > 1:
            candidates.append(_join(zh, [(c, parts[c]) for c in clauses[n]]))
        if second:
            candidates.append(second[k])
        decoded[n] = min(candidates, key=lambda d: _badness(zh, d.text))  # first wins ties: the plain decode
    return decoded


def _join(zh: str, parts: list[tuple[str, Decoded]], common=None,
          terms: Sequence[Sequence[TermHit]] = ()) -> Decoded:
    """Clause translations as one Decoded: pieces joined, source spans and attention shifted into place.

    A clause translated alone starts with a capital; mid-sentence its first word goes lower-case when it
    is a clause opener ('Of these' -> 'of these'), or `common(word)` says it is a common word and the
    next word is not capitalised too ('Inner Mongolia'), or it starts one of the clause's `terms` whose
    rendering is lower-case; never when it starts a capitalised term ('Beijing Municipal ...').
    """
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    rows: list[tuple[float, ...]] = []
    offset, total = 0, sum(len(d.source_spans) for _, d in parts)
    have_att = all(d.attention for _, d in parts)
    before = 0
    mark = ","
    for n, (clause, d) in enumerate(parts):
        text_pieces = [p for p in d.pieces]
        if pieces and text_pieces and not text_pieces[0].startswith(PIECE_SPACE):
            text_pieces[0] = PIECE_SPACE + text_pieces[0]
        # a clause translated alone ends with '.': mid-sentence it becomes the mark it came from
        if pieces and pieces[-1] in (".", "。"):
            pieces[-1] = mark
        elif pieces and pieces[-1].endswith((".", "。")) and len(pieces[-1]) > 1:
            pieces[-1] = pieces[-1][:-1] + mark
        while pieces and len(text_pieces) > 1 and text_pieces[0] == PIECE_SPACE:  # a bare '▁' before a word
            text_pieces = [PIECE_SPACE + text_pieces[1]] + text_pieces[2:]
        if pieces and text_pieces:
            head = text_pieces[0].replace(PIECE_SPACE, "")
            words = re.findall(r"[A-Za-z]+", detokenize(text_pieces))[:2]
            first = words[0] if words else ""
            clause_terms = terms[n] if n < len(terms) else ()
            lower_terms = {t.en.split()[0].lower() for t in clause_terms if t.en[:1].islower()}
            upper_terms = {t.en.split()[0].lower() for t in clause_terms if t.en[:1].isupper()}
            next_upper = len(words) > 1 and words[1][:1].isupper()
            if first and head[:1] == first[:1] and first.lower() not in upper_terms and (
                    first.lower() in _CLAUSE_OPENERS or (first[:1].isupper() and first[1:].islower() and (
                        first.lower() in lower_terms or (common and common(first) and not next_upper)))):
                text_pieces[0] = PIECE_SPACE + head[:1].lower() + head[1:]
        mark = _CLAUSE_MARKS.get(clause.rstrip()[-1:], ",")
        pieces += text_pieces
        spans += [(a + offset, b + offset) for a, b in d.source_spans]
        if have_att:
            n = len(d.source_spans)
            for row in d.attention[len(d.pieces) - len(text_pieces) : len(d.pieces)]:  # one row per piece kept
                rows.append((0.0,) * before + tuple(row[:n]) + (0.0,) * (total - before - n))
        before += len(d.source_spans)
        offset += len(clause)
    if pieces and pieces[0].startswith(PIECE_SPACE) and len(pieces[0]) > 1:
        pieces[0] = PIECE_SPACE + pieces[0][1].upper() + pieces[0][2:]
    return Decoded(zh, tuple(spans), tuple(pieces), tuple(rows) if have_att else ())


def clause_view(works: Sequence[Work], engine: Engine, options: EnforceOptions | None) -> dict[str, tuple[tuple[str, str], ...]]:
    """sentence -> its (clause, English) pairs, each clause translated alone with its own terms put in by
    editing the model's English (no re-decoding: the view is a cross-check of the row, decoded once);
    only sentences of two or more clauses (split_clauses) are in it."""
    plans = {w.zh: _plan(w, split_clauses(w.zh)) for w in works}
    plans = {zh: plan for zh, plan in plans.items() if len(plan) > 1}
    subs = {clause: list(inside) for plan in plans.values() for clause, _, inside in plan}
    order = sorted(subs)
    edits = options.edits_only() if options is not None else None
    english = {w.zh: tidy(w.text) for w in enforced(order, subs, engine, edits, lists=False)} if order else {}
    return {zh: tuple((clause, english[clause]) for clause, _, _ in plan) for zh, plan in plans.items()}
