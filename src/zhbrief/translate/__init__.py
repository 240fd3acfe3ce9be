"""Sentences -> TranslatedSentence: cached, batched model translation, failures retried, terms enforced.

translate_texts() is one call for a whole batch of sentences (across articles) so the engine batches:
1. cache lookup (key: model, options, the glossary entries touching the sentence, the sentence);
2. one batched decode of the misses and of every 《title》 they contain;
3. failures (empty, loops, untranslated Chinese, bad length, lost numbers) retried: clauses split at
   commas, then other decoding settings; what remains is flagged;
4. every glossary term and transliterated name enforced (enforce.py), each recorded with its method;
5. sentences with a term still missing translated again in parts: segments (at ；), clauses (at commas),
   the items of an enumeration (lists.py); a part-wise translation is kept only when it is _better.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from ..glossary import Glossary
from ..glossary.names import NameFinder
from ..models import TITLE_CATEGORY, TermHit, TranslatedSentence
from .engine import PIECE_SPACE, CTranslate2Engine, Decoded, DecodeOptions, Engine, Request, detokenize
from .enforce import STEM, EnforceOptions, Work, check, count_term, enforce, rendering_patterns, text_decoded
from .lists import collapse, find_lists, shift, splice
from .numbers import missing_numbers, number_flags, qualify
from .package import find_zh_en
from .quality import SEGMENT_MARKS, problems, split_clauses

__all__ = ["TranslateOptions", "translate_texts", "load_engine", "Engine", "DecodeOptions", "EnforceOptions",
           "find_terms"]

ENFORCE_VERSION = 29  # bump when enforcement logic changes what comes out, so cached rows are not reused
TITLE = re.compile(r"《([^《》]{1,80})》")
# Second decoding tried on a failed sentence: wider beam, loops blocked.
RETRY_DECODE = DecodeOptions(beam_size=6, repetition_penalty=1.2, no_repeat_ngram_size=3)


@dataclass(frozen=True, slots=True)
class TranslateOptions:
    decode: DecodeOptions = DecodeOptions()
    enforce: EnforceOptions = EnforceOptions()
    use_cache: bool = True
    enforce_terms: bool = True  # False: the raw model, terms only checked (for measuring)

    def key(self) -> str:
        return f"{self.decode.key()}|{self.enforce.key() if self.enforce_terms else 'raw'}|v{ENFORCE_VERSION}"


def load_engine(options: TranslateOptions = TranslateOptions()) -> Engine:
    """The installed zh->en argos package on CTranslate2; ModelMissingError says how to install one."""
    return CTranslate2Engine(find_zh_en(), options.decode)


def find_terms(zh: str, glossary: Glossary, names: NameFinder | None = None) -> list[TermHit]:
    """Glossary terms, then names not overlapping them, in text order; a name that contains glossary
    terms replaces them (遵义 + 市教育局 -> 遵义市教育局 "Zunyi Municipal Education Bureau").

    `names`: a NameFinder to reuse (its jieba tagger costs ~1 s to build); None builds one.
    """
    hits = list(glossary.match(zh))
    for n in (names or NameFinder(glossary)).find(zh):
        inside = [h for h in hits if n.start <= h.start and h.end <= n.end and h.end - h.start < n.end - n.start]
        if all(n.end <= h.start or n.start >= h.end for h in hits if h not in inside):
            hits = [h for h in hits if h not in inside] + [n]
    return sorted(hits, key=lambda h: h.start)


def translate_texts(
    items: Sequence[tuple[str, str]],
    glossary: Glossary,
    engine: Engine,
    options: TranslateOptions = TranslateOptions(),
    cache=None,
    scopes: Mapping[str, Glossary] | None = None,
) -> list[TranslatedSentence]:
    """Translate (sentence_id, zh) pairs in one batch; each result carries its term report and flags.

    `cache`: a TranslationCache; None opens the default one when options.use_cache is set.
    `scopes`: sentence_id -> the glossary to enforce in that sentence (an article's own, with the
    short forms of its places: glossary/scope.py); other sentences use `glossary`.
    """
    from .cache import TranslationCache

    own_cache = cache is None and options.use_cache
    if own_cache:
        cache = TranslationCache.default()
    try:
        names = NameFinder(glossary)  # one tagger for the whole batch
        # Sentences whose scoped glossary finds the same terms as the shared one stay in the shared batch;
        # the few with an article-only term go in a batch of their article's glossary.
        groups: dict[int, tuple[Glossary, list[int]]] = {id(glossary): (glossary, [])}
        for n, (sid, zh) in enumerate(items):
            g = (scopes or {}).get(sid, glossary)
            if g is not glossary and g.match(zh) == glossary.match(zh):
                g = glossary
            groups.setdefault(id(g), (g, []))[1].append(n)
        out: list[TranslatedSentence | None] = [None] * len(items)
        for g, members in groups.values():
            for n, t in zip(members, _translate_group([items[n] for n in members], g, engine, options, cache, names)):
                out[n] = t
        return [t for t in out if t is not None]
    finally:
        if own_cache and cache is not None:
            cache.close()


def _translate_group(
    items: Sequence[tuple[str, str]], glossary: Glossary, engine: Engine, options: TranslateOptions, cache,
    names: NameFinder,
) -> list[TranslatedSentence]:
    from .cache import cache_key

    if not items:
        return []
    okey = options.key() + (f"|{engine.kernels}" if getattr(engine, "kernels", "") else "")  # see PORTABLE_KERNELS
    terms = {zh: find_terms(zh, glossary, names) for _, zh in items}
    keys = {zh: cache_key(engine.model_id, okey, terms[zh], zh) for zh in terms}
    found = cache.get_many(keys.values()) if cache is not None else {}
    todo = [zh for zh in terms if keys[zh] not in found]
    fresh = _translate_unique(todo, terms, glossary, engine, options, names)
    if cache is not None and fresh:
        cache.put_many(engine.model_id, [(keys[zh], t) for zh, t in fresh.items()])
    return [replace(fresh.get(zh) or found[keys[zh]], sentence_id=sid) for sid, zh in items]


def _translate_unique(
    sentences: list[str], terms: dict[str, list[TermHit]], glossary: Glossary, engine: Engine,
    options: TranslateOptions, names: NameFinder,
) -> dict[str, TranslatedSentence]:
    if not sentences:
        return {}
    # 《titles》 first: each is translated (with its own terms enforced) and then enforced in quotes.
    titles = sorted({m.group(1) for zh in sentences for m in TITLE.finditer(zh)})
    title_en: dict[str, TranslatedSentence] = {}
    if titles:
        tterms = {t: find_terms(t, glossary, names) for t in titles}
        title_en = _translate_batch(titles, tterms, engine, options)
    hits: dict[str, list[TermHit]] = {}
    for zh in sentences:
        hits[zh] = _with_titles(zh, terms[zh], title_en)
    return _translate_batch(sentences, hits, engine, options, title_en)


def _with_titles(zh: str, terms: list[TermHit], title_en: dict[str, TranslatedSentence]) -> list[TermHit]:
    """Terms inside a 《title》 are enforced in the title's own translation; the title is one quoted term."""
    spans = [(m.start(), m.end(), m.group(1)) for m in TITLE.finditer(zh)]
    out = [t for t in terms if all(t.end <= a or t.start >= b for a, b, _ in spans)]
    for a, b, inner in spans:
        en = title_case(title_en[inner].en.strip().rstrip(".。"))
        if en:
            out.append(TermHit(zh[a:b], f'"{en}"', a, b, TITLE_CATEGORY))
    return sorted(out, key=lambda h: h.start)


# the English mark a clause translated alone ends with, by the Chinese mark that ended it
_CLAUSE_MARKS = {"；": ";", ";": ";", "：": ":", ":": ":"}
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with".split())
# A clause translated alone starts with a capital; mid-sentence these openers are lower-case.
_CLAUSE_OPENERS = frozenset("of among including which while but and or with in at this these it its there "
                            "the a an as for by from so yet on to after since during through under according "
                            "when where over within we they he she".split())


def title_case(en: str) -> str:
    """Document titles in title case ('Agreement on Deepening East-West Cooperation'); small words stay low."""
    words = en.split(" ")
    out = []
    for n, w in enumerate(words):
        if n and w.lower() in _SMALL_WORDS:
            out.append(w.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:] for p in w.split("-")))
    return " ".join(out)


def _translate_batch(
    sentences: list[str], terms: dict[str, list[TermHit]], engine: Engine, options: TranslateOptions,
    title_en: dict[str, TranslatedSentence] | None = None,
) -> dict[str, TranslatedSentence]:
    works = _works(sentences, terms, engine, options)
    out = {}
    for w in works:
        en = cased(tidy(ended(w.zh, w.text)), w.terms)
        if options.enforce_terms:  # the raw model's English stays as it said it
            en = qualify(w.zh, en)
        report = list(w.terms)
        for t in w.terms:  # the terms inside a title, as the title's translation reported them ...
            if t.category == TITLE_CATEGORY and title_en:
                inner = title_en[t.zh[1:-1]]
                report += [replace(x, start=x.start + t.start + 1, end=x.end + t.start + 1,
                                   # ... where the title is in the sentence's English
                                   enforced=x.enforced if t.enforced else count_term(en, x.en, x.forms) > 0)
                           for x in inner.terms]
        report.sort(key=lambda h: h.start)
        flags = [f"term not enforced: {t.zh} → {t.en}" for t in report if not t.enforced]
        flags += number_flags(w.zh, en)
        bad = problems(w.zh, en, rendering_patterns(w.terms))
        if bad:
            flags.append("low-confidence translation: " + "; ".join(bad))
        out[w.zh] = TranslatedSentence("", w.zh, en, tuple(report), tuple(flags))
    return out


def _works(sentences: list[str], terms: dict[str, list[TermHit]], engine: Engine, options: TranslateOptions,
           lists: bool = True) -> list[Work]:
    """Decoded, failures retried, terms enforced; what is still missing tried segment by segment (at ；),
    then clause by clause (a short headline keeps its wording that way), then with its enumerations
    item by item."""
    decoded = _decode(engine, sentences)
    decoded = _retry_failures(engine, sentences, decoded)
    works = [Work(zh, d, tuple(terms[zh])) for zh, d in zip(sentences, decoded)]
    if not options.enforce_terms:
        return [check(w) for w in works]
    works = _by_clauses(_by_segments(enforce(works, engine, options.enforce), engine, options), engine, options)
    return _by_lists(works, engine, options) if lists else works


LIST_METHOD = "list+"  # prefix of a term's method when it was enforced in an enumeration item translated alone


def _by_lists(works: list[Work], engine: Engine, options: TranslateOptions) -> list[Work]:
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
    done = dict(zip(order, _works(order, subs, engine, options, lists=False)))
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


def _by_segments(works: list[Work], engine: Engine, options: TranslateOptions) -> list[Work]:
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
    done = dict(zip(order, _works(order, subs, engine, options)))
    return _joined(works, plans, {n: [done[segment] for segment, _, _ in plans[n]] for n in todo}, engine,
                   SEGMENT_METHOD)


def _by_clauses(works: list[Work], engine: Engine, options: TranslateOptions) -> list[Work]:
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
                   options.enforce)
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
    if not hasattr(engine, "target_pieces"):
        return lambda word: False
    return lambda word: len(engine.target_pieces(word.lower())) == 1


def cased(en: str, terms: Sequence[TermHit]) -> str:
    """A capitalised rendering the model wrote in other case ("Pinggu district", "haidian District") takes
    the glossary's case; the check is case-blind, the reader is not."""
    for t in terms:
        if t.en[:1].isupper() and t.category != TITLE_CATEGORY:
            en = re.sub(rf"(?<![A-Za-z]){re.escape(t.en)}(?![A-Za-z])", t.en, en, flags=re.I)
    return en


_END_MARKS = {"。": ".", "！": "!", "？": "?", ".": ".", "!": "!", "?": "?"}


def ended(zh: str, en: str) -> str:
    """en with the source's closing mark when it has none: a decoding forced up to a quoted title can
    stop right after it ('… signed the "Agreement on …"' for …协议》。); and with the closing quote of a
    quotation the source closes at its end, when the English opened it and a re-decoding lost the close."""
    mark = _END_MARKS.get(zh.rstrip().rstrip("”’」』）)\"'")[-1:])
    if mark and en.strip() and not re.search(r"[.!?…;:。！？][\s\"'”’)\]]*$", en):
        en = en.rstrip() + mark
    if zh.rstrip()[-1:] in "”」" and en.count("“") > en.count("”") and not en.rstrip().endswith("”"):
        en = en.rstrip() + "”"
    return en


def tidy(en: str) -> str:
    """No space before closing punctuation (an edit or a forced prefix can leave 'cooperation" .') nor
    after an opening bracket or quote ("( Hui Middle School)", "“ Camel Bell Action”"); the model's
    spaced possessive joined ("the school ' s resources"), a plural's written "teachers'"; a clause's full stop before the comma that
    joined it to the next dropped ("paired assistance., is being pursued"; "etc.," stays)."""
    en = re.sub(r"([(“‘])\s+(?=\S)", r"\1", en)
    en = re.sub(r"(?<=[A-Za-z]) ['’] s\b", "'s", en)
    en = re.sub(r"\b([a-z]{3,}[^sui\W]s)['’]s\b", r"\1'", en)  # a plural's possessive: "outstanding teachers'"
    en = re.sub(r"(?<=[a-z]{4})\.(?=\s*[,;:])", "", en)
    # a quoted rendering inside the model's own quotes: 'issued the " "Plan..."', '“"five sharings"”'
    en = re.sub(r'(?:(?<=\s)|^)["`]\s+(?=")', "", en)
    en = re.sub(r'“"([^"“”]+)"”', r"“\1”", en)
    parts = en.split('"')
    if len(parts) % 2:  # straight quotes paired: no space just inside them ('the " group-based" assistance')
        en = '"'.join(p.strip() if k % 2 else p for k, p in enumerate(parts))
    return re.sub(r" {2,}", " ", re.sub(r'(?<=\S)\s+([.,;:!?)”’])', r"\1", en))


def _decode(engine: Engine, sentences: list[str], options: DecodeOptions | None = None) -> list[Decoded]:
    if hasattr(engine, "decode"):
        return engine.decode([Request(s) for s in sentences], options=options)
    return [text_decoded(s, en) for s, en in zip(sentences, engine.translate(sentences))]


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
    retry_opts = RETRY_DECODE if hasattr(engine, "decode") else None
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
