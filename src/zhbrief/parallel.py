"""The per-article stages (load, normalize, summarize, ranking for the overlap) across processes, in
input order; then the overlap across articles (overlap.find_overlap) in one of the same processes while
the parent loads the engine.

Translation is not done here: one engine in the parent translates every article's sentences in one
batched call, so `--jobs N` changes how fast a build runs, never what it writes.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .errors import InputError, ZhbriefError
from .load import decode, read
from .models import Article, Overlap, RawDocument, ScoredSentence, Sentence, Summary
from .normalize import NormalizeOptions, normalize
from .summarize import SummarizeOptions

# A news article is well under 1 MB; a bigger file is a dump or a mistake, and reading it whole into
# memory would hold up the whole batch, so it is refused up front.
MAX_ARTICLE_BYTES = 8 * 2**20
# What one file may cost the batch. Tokenizing costs ~0.1 s per 1,000 characters on one busy core
# and ranking compares every pair of body sentences, so of a longer file only the first
# MAX_ARTICLE_CHARS characters and MAX_ARTICLE_SENTENCES body sentences are used: ten times a long
# news story (the seeds have 1,100-3,900 characters and 15-54 sentences). The briefing says when
# either limit was applied (bench/hostile_batch.py measures a batch with such a file).
MAX_ARTICLE_CHARS = 50_000
MAX_ARTICLE_SENTENCES = 1_000
# Several articles per task keep inter-process traffic small next to the work; few enough per task
# that both workers stay busy until the end of a small batch.
MAX_CHUNK = 8
TASKS_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class PrepareOptions:
    normalize: NormalizeOptions = NormalizeOptions()
    summarize: SummarizeOptions = SummarizeOptions()
    glossary_path: str = ""  # its terms seed the summarizer's tokenizer; "" = the shipped glossary
    glossary_sha256: str = ""  # part of the per-process summarizer's cache key
    full: bool = False  # every body sentence instead of a summary (build --full)
    rank: bool = False  # also rank every sentence for the overlap across articles (Prepared.ranked)
    max_bytes: int = MAX_ARTICLE_BYTES
    max_chars: int = MAX_ARTICLE_CHARS
    max_sentences: int = MAX_ARTICLE_SENTENCES


@dataclass(frozen=True, slots=True)
class Prepared:
    """One input after the per-article stages: an article and its summary, or why it was skipped."""

    path: str
    article: Article | None = None
    summary: Summary | None = None
    failure: str | None = None
    # Summarizer.ranked(article): the overlap's per-article step, done here so it runs in parallel.
    ranked: tuple[tuple[Sentence, float, tuple[str, ...]], ...] | None = None


Progress = Callable[[str, int], None]


def prepare_one(path: Path, options: PrepareOptions = PrepareOptions()) -> Prepared:
    """Load, normalize and summarize one file; an unusable file comes back with its reason.

    Of a file over the limits (max_chars, max_sentences) only the first part is used, and the
    article says so (Article.limits)."""
    try:
        data = read_input(path, options)
    except InputError as e:
        return Prepared(e.path, failure=e.reason)
    return prepare_data(str(path), data, options)


def read_input(path: Path, options: PrepareOptions = PrepareOptions()) -> bytes:
    """The bytes of one input file, within options.max_bytes; InputError says why not."""
    _check_size(path, options.max_bytes)
    return read(path)


def prepare_data(path: str, data: bytes, options: PrepareOptions = PrepareOptions(), glossary=None) -> Prepared:
    """prepare_one of a file's bytes read elsewhere: a cluster worker need not see the file, nor the
    glossary file when given the `glossary` itself."""
    try:
        raw, note = _first_chars(decode(data, path), options.max_chars)
        article = _first_sentences(normalize(raw, options.normalize), options.max_sentences)
        if note:
            article = replace(article, limits=(note, *article.limits))
        if options.full:
            summary = Summary(article.doc_id, tuple(ScoredSentence(s, 1.0) for s in article.body if s.text.strip()), "full")
        else:
            summary = summarizer_for(options.glossary_path, options.glossary_sha256, glossary).summarize(article, options.summarize)
        ranked = None
        if options.rank:
            ranked = tuple(summarizer_for(options.glossary_path, options.glossary_sha256, glossary).ranked(article))
        return Prepared(str(path), article, summary, ranked=ranked)
    except InputError as e:
        # Returned, not raised: InputError does not survive pickling between processes.
        return Prepared(e.path, failure=e.reason)


def prepare(
    paths: Sequence[Path],
    options: PrepareOptions = PrepareOptions(),
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[Prepared]:
    """prepare_one for every path, results in the order of `paths` whatever `jobs` is.

    jobs <= 0 means one worker per CPU. With one job (or one file) everything runs in this process.
    """
    with Workers(jobs) as workers:
        return workers.prepare(paths, options, progress)


def resolve_jobs(jobs: int) -> int:
    return jobs if jobs > 0 else (os.cpu_count() or 1)


class Workers:
    """The worker processes of one build, used as a context manager: `prepare` the articles, then
    find their `overlap` in a worker while this process does other work.

    With one job (or one file) there are no processes and everything runs here. Leaving the block
    on an error or Ctrl-C drops queued work and stops the workers at once (they write nothing, so
    nothing is lost); leaving it normally waits for them to exit.
    """

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = resolve_jobs(jobs)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if exc_type is None:
            pool.shutdown(wait=True)
        else:
            _abort(pool)

    def prepare(
        self, paths: Sequence[Path], options: PrepareOptions = PrepareOptions(), progress: Progress | None = None
    ) -> list[Prepared]:
        """See `prepare`."""
        out: list[Prepared] = []
        for p in self._run(paths, options, min(self.jobs, len(paths))):
            out.append(p)
            if progress:
                progress("normalize", 1)
        return out

    def overlap(self, prepared: Sequence[Prepared], options: PrepareOptions = PrepareOptions()) -> "Future[Overlap]":
        """corpus_overlap of the prepared articles, reusing their rankings (PrepareOptions.rank).

        Runs in a worker when there are any (the caller goes on with its own work until `.result()`),
        else here, when `.result()` is first asked for.
        """
        done = [p for p in prepared if p.article is not None]
        articles = [p.article for p in done]
        ranked = {p.article.doc_id: p.ranked for p in done if p.ranked is not None}
        args = (articles, ranked, options.glossary_path, options.glossary_sha256)
        if self._pool is None:
            return _Deferred(corpus_overlap, args)
        with _sigint_blocked():  # in case the pool starts a process for it
            return self._pool.submit(corpus_overlap, *args)

    def _run(self, paths: Sequence[Path], options: PrepareOptions, workers: int) -> Iterator[Prepared]:
        if workers <= 1:
            for p in paths:
                yield prepare_one(p, options)
            return
        chunk = max(1, min(MAX_CHUNK, len(paths) // (workers * TASKS_PER_WORKER)))
        if self._pool is None:
            context = _context()
            if context.get_start_method() == "fork" and (options.rank or not options.full):
                # Built once here and inherited: spawned workers would each import jieba and build
                # their own (~3 CPU-s apiece), which on a busy machine costs as much as they save.
                summarizer_for(options.glossary_path, options.glossary_sha256)
            self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init)
        pool = self._pool
        try:
            # Workers are started here; they inherit Ctrl-C blocked, so one that arrives while a worker is
            # still importing cannot kill it with a traceback before its initializer ignores Ctrl-C.
            with _sigint_blocked():
                results = pool.map(prepare_one, paths, [options] * len(paths), chunksize=chunk)
            yield from results
        except BrokenProcessPool:
            self._pool = None
            _abort(pool)
            raise ZhbriefError(
                "a worker process died while preparing articles (out of memory?); "
                "run again with --jobs 1 to see which file"
            ) from None
        except BaseException:
            # Ctrl-C or an error: drop queued work instead of finishing the whole batch first.
            self._pool = None
            _abort(pool)
            raise


def _context() -> multiprocessing.context.BaseContext:
    """fork where it is safe, else spawn.

    A forked worker starts at once with this process's imports and summarizer. It is safe only while
    this process runs no other thread (a progress bar's, the model runtime's): a forked child can
    inherit a lock that one of them held. Spawned workers start clean and see the current environment
    (ZHBRIEF_HOME, ZHBRIEF_CACHE); a forked one copies it at the fork, which is the same thing here.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def corpus_overlap(
    articles: Sequence[Article],
    ranked: dict[str, tuple[tuple[Sentence, float, tuple[str, ...]], ...]],
    glossary_path: str = "",
    glossary_sha256: str = "",
) -> Overlap:
    """overlap.find_overlap of `articles`, with the rankings already computed (by doc_id); an article
    missing from `ranked` is ranked here, by this process's summarizer."""
    from .overlap import find_overlap

    summarizer = summarizer_for(glossary_path, glossary_sha256)
    rankings = {a.doc_id: ranked[a.doc_id] if a.doc_id in ranked else summarizer.ranked(a) for a in articles}
    return find_overlap([a.doc_id for a in articles], rankings, summarizer.glossary_terms)


class _Deferred:
    """A Future-like call run in this process on the first `.result()`."""

    def __init__(self, fn, args) -> None:
        self._fn, self._args, self._done, self._value = fn, args, False, None

    def result(self):
        if not self._done:
            self._value, self._done = self._fn(*self._args), True
        return self._value


def _abort(pool: ProcessPoolExecutor) -> None:
    """Drop queued work and stop the workers now: a long task (the overlap) would otherwise keep a
    worker, and this process's exit, waiting for it."""
    # No public way to stop running tasks before Python 3.14 (terminate_workers); shutdown() forgets
    # the processes, so they are listed first.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        try:
            proc.terminate()
        except (OSError, ValueError):
            pass


def summarizer_for(glossary_path: str, glossary_sha256: str, glossary=None):
    """One Summarizer per process and glossary: building its tokenizer costs ~1 s, summarizing ~20 ms.

    `glossary`: the Glossary itself, for a process that cannot read glossary_path (a cluster worker)."""
    return _summarizer(glossary_path, glossary_sha256, glossary)


@lru_cache(maxsize=2)
def _summarizer(glossary_path: str, glossary_sha256: str, glossary):
    from .summarize import Summarizer

    if glossary is None and not glossary_path:
        return Summarizer()
    if glossary is None:
        from .glossary import load_glossary

        glossary = load_glossary(glossary_path)
    return Summarizer(glossary.entries)  # entries bring their categories


def _worker_init() -> None:
    # A terminal's Ctrl-C reaches the whole process group; only the parent decides what stops, so
    # workers ignore it and are wound down by the parent's shutdown.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _sigint_blocked():
    """SIGINT blocked in this thread (and in processes it starts); a pending one arrives on leaving."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _first_chars(raw: RawDocument, limit: int) -> tuple[RawDocument, str]:
    """The document cut to its first `limit` characters (at a line break in the last half of them,
    if there is one), and the note saying so; unchanged with "" when it is shorter."""
    if len(raw.text) <= limit:
        return raw, ""
    end = raw.text.rfind("\n", limit // 2, limit)
    end = end + 1 if end >= 0 else limit
    note = f"only the first {end:,} of {len(raw.text):,} characters used (the limit of one article: {limit:,})"
    return replace(raw, text=raw.text[:end]), note


def _first_sentences(article: Article, limit: int) -> Article:
    """The article up to its `limit`-th body sentence, noted in its limits; unchanged when shorter."""
    body = article.body
    if len(body) <= limit:
        return article
    last = article.sentences.index(body[limit - 1])
    kept = article.sentences[: last + 1]
    note = f"only the first {limit:,} of {len(body):,} body sentences used (the limit of one article)"
    return replace(article, sentences=kept, paragraphs=article.paragraphs[: kept[-1].paragraph + 1],
                   limits=(*article.limits, note))


def _check_size(path: Path, limit: int) -> None:
    try:
        size = Path(path).stat().st_size
    except OSError:
        return  # load() reports unreadable files with its own reason
    if size > limit:
        raise InputError(
            str(path), f"file is {size / 2**20:.1f} MiB, over the {limit / 2**20:g} MiB limit of one article"
        )
