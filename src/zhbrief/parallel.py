"""The per-article stages (load, normalize, summarize) across processes, in input order.

Translation is not done here: one engine in the parent translates every article's sentences in one
batched call, so `--jobs N` changes how fast a build runs, never what it writes.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .errors import InputError, ZhbriefError
from .load import load
from .models import Article, ScoredSentence, Summary
from .normalize import NormalizeOptions, normalize
from .summarize import SummarizeOptions

# A news article is well under 1 MB; a bigger file is a dump or a mistake, and reading it whole into
# memory (and ranking its sentences) would hold up the whole batch, so it is refused up front.
MAX_ARTICLE_BYTES = 8 * 2**20
# Summarization ranks every pair of body sentences: ~2,000 sentences (about 100,000 characters, a
# long government report) still take seconds; a file with far more is not one article.
MAX_ARTICLE_SENTENCES = 2_000
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
    max_bytes: int = MAX_ARTICLE_BYTES
    max_sentences: int = MAX_ARTICLE_SENTENCES


@dataclass(frozen=True, slots=True)
class Prepared:
    """One input after the per-article stages: an article and its summary, or why it was skipped."""

    path: str
    article: Article | None = None
    summary: Summary | None = None
    failure: str | None = None


Progress = Callable[[str, int], None]


def prepare_one(path: Path, options: PrepareOptions = PrepareOptions()) -> Prepared:
    """Load, normalize and summarize one file; an unusable file comes back with its reason."""
    try:
        _check_size(path, options.max_bytes)
        article = normalize(load(path), options.normalize)
        if len(article.body) > options.max_sentences:
            raise InputError(
                str(path),
                f"{len(article.body)} sentences, over the {options.max_sentences}-sentence limit of one article "
                "(split the file into articles)",
            )
        if options.full:
            summary = Summary(article.doc_id, tuple(ScoredSentence(s, 1.0) for s in article.body if s.text.strip()), "full")
        else:
            summary = summarizer_for(options.glossary_path, options.glossary_sha256).summarize(article, options.summarize)
        return Prepared(str(path), article, summary)
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
    jobs = resolve_jobs(jobs)
    out: list[Prepared] = []
    for p in _run(paths, options, min(jobs, len(paths))):
        out.append(p)
        if progress:
            progress("normalize", 1)
    return out


def resolve_jobs(jobs: int) -> int:
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def _run(paths: Sequence[Path], options: PrepareOptions, workers: int) -> Iterator[Prepared]:
    if workers <= 1:
        for p in paths:
            yield prepare_one(p, options)
        return
    chunk = max(1, min(MAX_CHUNK, len(paths) // (workers * TASKS_PER_WORKER)))
    # spawn, not fork: the parent may already run threads (the model runtime, a progress bar), and a
    # forked child can inherit a lock held by one; spawned workers also see the current environment
    # (ZHBRIEF_HOME, ZHBRIEF_CACHE), which a long-lived fork server would not.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init)
    try:
        # Workers are started here; they inherit Ctrl-C blocked, so one that arrives while a worker is
        # still importing cannot kill it with a traceback before its initializer ignores Ctrl-C.
        with _sigint_blocked():
            results = pool.map(prepare_one, paths, [options] * len(paths), chunksize=chunk)
        yield from results
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        raise ZhbriefError(
            "a worker process died while preparing articles (out of memory?); "
            "run again with --jobs 1 to see which file"
        ) from None
    except BaseException:
        # Ctrl-C or an error: drop queued work instead of finishing the whole batch first.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


@lru_cache(maxsize=2)
def summarizer_for(glossary_path: str, glossary_sha256: str):
    """One Summarizer per process and glossary: building its tokenizer costs ~1 s, summarizing ~20 ms."""
    from .summarize import Summarizer

    if not glossary_path:
        return Summarizer()
    from .glossary import load_glossary

    return Summarizer(load_glossary(glossary_path).entries)  # entries bring their categories


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


def _check_size(path: Path, limit: int) -> None:
    try:
        size = Path(path).stat().st_size
    except OSError:
        return  # load() reports unreadable files with its own reason
    if size > limit:
        raise InputError(
            str(path), f"file is {size / 2**20:.1f} MiB, over the {limit / 2**20:g} MiB limit of one article"
        )
