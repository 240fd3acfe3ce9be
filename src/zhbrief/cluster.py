"""A build's per-article stages and its translation on a Dask cluster (`zhbrief build --cluster ADDRESS`).

The driver (the process that runs build()) reads the input files and sends their bytes, so a worker
needs the model installed but no access to the files or the glossary. Workers run prepare_data for each
file, and translate the build's sentences that the cache does not hold, in chunks of sentences of
similar length, each worker loading the model and its tokenizers once. The driver looks the cache up
first and is its only writer: the rows a chunk made are stored when the chunk's result arrives.

The output is the local build's, byte for byte: translate_texts gives a sentence the same English
whatever its batch neighbours (the engine batches only sentences of one token length, unpadded), and
tests/test_cluster.py compares a cluster build with a local one. A worker that dies has its tasks run
again elsewhere by Dask; each task's result reaches the driver once, so each row is stored once.

`distributed` is imported here only, and this module only when a build is given a cluster.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Mapping, Sequence

from . import __version__
from .errors import InputError, ZhbriefError
from .glossary import Glossary
from .models import Overlap, TranslatedSentence
from .parallel import Prepared, PrepareOptions, Progress, _Deferred, corpus_overlap, prepare_data, read_input, resolve_jobs
from .translate import DecodeOptions, TranslateOptions, load_engine, translate_texts
from .translate import code_fingerprint

LOCAL = "local"  # --cluster local: a LocalCluster of --jobs worker processes, started and stopped by the build
CONNECT_TIMEOUT = "20s"
# A chunk costs its worker ~1 s on top of its sentences (translate_texts builds a name tagger per call),
# so chunks hold at least MIN_CHUNK sentences; a few per worker keep the workers busy to the end and
# make a dead worker's lost work small.
MIN_CHUNK = 16
CHUNKS_PER_WORKER = 3
_MISSING = "\0not cached"  # the flag of a cache probe's stand-in row (never stored, never shown)


@dataclass(frozen=True, slots=True)
class EngineFacts:
    """What the driver needs to know of the workers' engine: its cache identity and the briefing's signature."""

    model_id: str
    kernels: str
    signature: str
    device: str
    code: str  # translate/'s code fingerprint and zhbrief's version: the workers must run the driver's zhbrief
    can_decode: bool = True


class Cluster:
    """A connection to a Dask scheduler for one build (a context manager): `prepare` the articles,
    `engine` the workers' translation engine, `translate` the build's sentences."""

    def __init__(self, address: str, jobs: int = 1) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ZhbriefError("--cluster needs Dask distributed: pip install 'zhbrief[cluster]'") from None
        self._local = None
        try:
            if address == LOCAL:
                self._local = LocalCluster(n_workers=resolve_jobs(jobs), threads_per_worker=1, processes=True,
                                           dashboard_address=None)
                self.client = Client(self._local)
            else:
                self.client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as e:
            self.close()
            raise ZhbriefError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        self._engine = None

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if getattr(self, "client", None) is not None:
            self.client.close()
        if self._local is not None:
            self._local.close()

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info()["workers"]))

    def start_engine(self, options: TranslateOptions) -> None:
        """A worker loads the model now (while the articles are prepared); `engine` waits for its facts."""
        self._engine = self.client.submit(engine_facts, options.decode, pure=False)

    def engine(self) -> EngineFacts:
        facts = _result(self._engine)
        if facts.code != _code():
            raise ZhbriefError(f"the cluster's workers run another zhbrief ({facts.code}; here {_code()}): "
                               "install the same version on the workers")
        return facts

    def prepare(self, paths: Sequence, options: PrepareOptions, glossary: Glossary,
                progress: Progress | None = None) -> list[Prepared]:
        """prepare_one of every path on the workers, in the order of `paths`; a file that cannot be
        read is reported as locally, before anything is sent."""
        from distributed import as_completed

        out: list[Prepared | None] = [None] * len(paths)
        sent = {}
        shared = self.client.scatter(glossary, broadcast=True, hash=False)
        for i, path in enumerate(paths):
            try:
                data = read_input(path, options)
            except InputError as e:
                out[i] = Prepared(e.path, failure=e.reason)
                continue
            sent[self.client.submit(prepare_data, str(path), data, options, shared, pure=False)] = i
        if progress and len(sent) < len(paths):
            progress("normalize", len(paths) - len(sent))
        for future in as_completed(sent):
            out[sent.pop(future)] = _result(future)
            if progress:
                progress("normalize", 1)
        return out

    def overlap(self, prepared: Sequence[Prepared], options: PrepareOptions) -> _Deferred:
        """corpus_overlap here, where the comparison is made, when `.result()` is asked for."""
        done = [p for p in prepared if p.article is not None]
        ranked = {p.article.doc_id: p.ranked for p in done if p.ranked is not None}
        return _Deferred(corpus_overlap, ([p.article for p in done], ranked, options.glossary_path,
                                          options.glossary_sha256))

    def translate(self, items: Sequence[tuple[str, str]], glossary: Glossary, options: TranslateOptions,
                  scopes: Mapping[str, Glossary], progress: Progress | None = None) -> list[TranslatedSentence]:
        """translate_texts(items, glossary, …, scopes=scopes) with the work done on the workers: what a
        local build gives for the same cache."""
        from distributed import as_completed

        from .translate.cache import TranslationCache

        facts = self.engine()
        cache = TranslationCache.default() if options.use_cache else None
        try:
            # Every item through translate_texts with the cache alone: the cached rows as a local build
            # gets them, and a stand-in flagged _MISSING for each sentence the cache lacks.
            probed = translate_texts(items, glossary, _NoEngine(facts), options, cache=_Probe(cache), scopes=scopes)
            done: list[TranslatedSentence | None] = [None if _MISSING in t.flags else t for t in probed]
            if progress:
                progress("translate", sum(t is not None for t in done))
            # Each missing (text, scope) once, in chunks of similar length.
            todo: dict[tuple[str, int], list[int]] = {}
            for i, t in enumerate(done):
                if t is None:
                    todo.setdefault((items[i][1], id(scopes.get(items[i][0], glossary))), []).append(i)
            order = sorted(todo, key=lambda k: (len(k[0]), k[0], k[1]))
            if not order:
                return done
            size = max(MIN_CHUNK, math.ceil(len(order) / (self.workers() * CHUNKS_PER_WORKER)))
            shared = self.client.scatter(glossary, broadcast=True, hash=False)
            # Each article's own glossary is sent once, to every worker: data scattered to one worker only
            # dies with it, and Dask then cancels the tasks that need it instead of running them again.
            own = {k[1]: scopes.get(items[todo[k][0]][0], glossary) for k in order}
            own = {g_id: g for g_id, g in own.items() if g is not glossary}
            own_futures = dict(zip(own, self.client.scatter(list(own.values()), broadcast=True, hash=False)))
            decode = replace(options.decode, device=facts.device)
            sent = {}
            for start in range(0, len(order), size):
                keys = order[start : start + size]
                chunk = [(str(n), zh) for n, (zh, _) in enumerate(keys)]
                chunk_scopes = {str(n): own_futures[g] for n, (_, g) in enumerate(keys) if g in own_futures}
                future = self.client.submit(translate_chunk, chunk, shared, chunk_scopes, replace(options, decode=decode),
                                            pure=False)
                sent[future] = keys
            for future in as_completed(sent):
                keys = sent.pop(future)
                rows, fresh = _result(future)
                if cache is not None:
                    for model, part in fresh:
                        cache.put_many(model, part)
                for k, t in zip(keys, rows):
                    for i in todo[k]:
                        done[i] = replace(t, sentence_id=items[i][0])
                if progress:
                    progress("translate", sum(len(todo[k]) for k in keys))
            return done
        finally:
            if cache is not None:
                cache.close()


def engine_facts(decode: DecodeOptions) -> EngineFacts:
    """On a worker: its engine loaded (it stays for the translation chunks) and what the driver needs of it."""
    from .pipeline import resolve_device

    decode = replace(decode, device=resolve_device(decode.device))
    engine = _worker_engine(decode)
    return EngineFacts(engine.model_id, getattr(engine, "kernels", ""), engine.signature, decode.device, _code())


def translate_chunk(items: list[tuple[str, str]], glossary: Glossary, scopes: dict[str, Glossary],
                    options: TranslateOptions) -> tuple[list[TranslatedSentence], list]:
    """On a worker: translate_texts of one chunk, and the cache rows it made [(model, [(key, row)])],
    for the driver to store."""
    rows = _Rows()
    out = translate_texts(items, glossary, _worker_engine(options.decode), options, cache=rows, scopes=scopes)
    return out, rows.rows


@lru_cache(maxsize=1)
def _worker_engine(decode: DecodeOptions):
    """One engine per worker process, loaded on its first task and kept for the next."""
    return load_engine(TranslateOptions(decode=decode))


def _code() -> str:
    return f"zhbrief {__version__} translate {code_fingerprint()}"


def _result(future):
    """A task's result; a task that killed worker after worker (out of memory?) ends the build with a ZhbriefError."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker as e:
        raise ZhbriefError(f"a task killed the workers that ran it (out of memory?): {e}") from None


class _Probe:
    """A translate_texts cache that answers every key: the stored row, or a stand-in flagged _MISSING."""

    def __init__(self, cache) -> None:
        self.cache = cache

    def get_many(self, keys):
        keys = list(keys)
        found = self.cache.get_many(keys) if self.cache is not None else {}
        return {k: found.get(k) or TranslatedSentence("", "", "", flags=(_MISSING,)) for k in keys}

    def put_many(self, model, rows) -> None:
        raise AssertionError("a cache probe translates nothing")


class _Rows:
    """A translate_texts cache on a worker: holds nothing, keeps the rows put, for the driver to store."""

    def __init__(self) -> None:
        self.rows: list = []

    def get_many(self, keys):
        return {}

    def put_many(self, model, rows) -> None:
        self.rows.append((model, list(rows)))


class _NoEngine:
    """The workers' engine as the cache key and the probe see it; it never translates (every key is answered)."""

    def __init__(self, facts: EngineFacts) -> None:
        self.model_id, self.kernels, self.signature = facts.model_id, facts.kernels, facts.signature
        self.can_decode, self.calls = facts.can_decode, 0

    def __getattr__(self, name):
        raise AttributeError(f"a cache probe translates nothing (Engine.{name})")
