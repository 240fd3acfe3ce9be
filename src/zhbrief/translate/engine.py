"""The one adapter that owns the model runtime: argos packages on CTranslate2 + SentencePiece."""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from .package import ArgosPackage

# Batches are built by tokens, not sentences: a batch of long sentences costs as much as many short ones.
MAX_BATCH_TOKENS = 1024
# "tokens": sentences sorted by length, packed up to MAX_BATCH_TOKENS (padding shifts int8 beam-4 output on
# some sentences: the attention reductions run over the padded width). "equal": only sentences of the same
# shape share a batch (source token length, and the length of a forced target prefix or scored target), so
# no padding: measured bit-identical scores whatever the neighbours' content, so output is the same as one
# sentence per call. Default "equal": a sentence's English must not depend on its batch neighbours (the
# cache stores it once, Memo answers a repeated request from memory, a cluster batches as it likes).
# Batches run on parallel workers of one thread each (inter_threads), not one batch on all cores
# (intra_threads): small decoder matrices do not split well across threads, and the thread count does not
# change the numbers (measured: same output with 1 and 2 intra threads). bench/translate_eval.py measures it.
BATCHINGS = ("tokens", "equal")
# The same English on every x86-64 machine: CTranslate2 picks its int8 kernels by CPU (Intel MKL on Intel,
# oneDNN elsewhere, each at the widest vector instructions the CPU has), and they round differently.
# Measured: the seeds' briefings built on an Intel Xeon (MKL, AVX-512) differed from those built on an AMD
# EPYC in most sentences; pinned to oneDNN at AVX2, the Xeon wrote the EPYC's briefings byte for byte.
# Set before ctranslate2 is loaded (it reads them once); a value already in the environment wins, and
# ZHBRIEF_NATIVE_KERNELS=1 leaves the choice to CTranslate2 (then the English may differ between machines).
PORTABLE_KERNELS = {"CT2_USE_MKL": "0", "CT2_FORCE_CPU_ISA": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2"}
MAX_WORKERS = 8  # beyond this, a worker gets several threads (each worker holds its own activations)
PIECE_SPACE = "\u2581"  # SentencePiece marks a word start with '▁'


class Engine(Protocol):
    """What the rest of zhbrief sees of a translation model: everything translate/ calls on it.

    `can_decode` is False for an engine that only turns sentences into text (a dictionary, a remote
    service; see TextEngine): then decode() returns pieces without attention, nbest() nothing and
    score() None, and translate/ verifies and selects on the text alone.
    """

    model_id: str
    calls: int  # sentences actually sent to the model (cache hits do not count)
    can_decode: bool

    @property
    def signature(self) -> str: ...

    def translate(self, sentences: Sequence[str]) -> list[str]: ...

    def decode(self, requests: Sequence["Request"], attention: bool = True, suppress: Sequence[Sequence[str]] = (),
               options: "DecodeOptions | None" = None) -> list["Decoded"]: ...

    def nbest(self, sources: Sequence[str], size: int) -> list[list[str]]:
        """Up to `size` other English renderings of each source (the pool that votes in select)."""
        ...

    def score(self, sources: Sequence[str], pieces: Sequence[Sequence[str]]) -> list[float | None]:
        """The model's mean log-probability per target piece of each (source, target pieces) pair."""
        ...

    def target_pieces(self, english: str) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    """Decoding settings; the defaults are argostranslate's (beam 4, length penalty 0.2, unknowns copied)."""

    beam_size: int = 4
    compute_type: str = "int8"
    device: str = "cpu"
    max_decoding_length: int = 256
    length_penalty: float = 0.2
    replace_unknowns: bool = True
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    batching: str = "equal"  # see BATCHINGS; not in key(): both give the same sentences the same model

    def key(self) -> str:
        """What changes the output (device and threads do not): part of the cache key."""
        return (f"beam{self.beam_size}-{self.compute_type}-len{self.max_decoding_length}-lp{self.length_penalty}"
                f"-unk{int(self.replace_unknowns)}-rp{self.repetition_penalty}-nr{self.no_repeat_ngram_size}")


@dataclass(frozen=True, slots=True)
class Request:
    """One sentence to decode, optionally forced to start with `prefix` (target pieces)."""

    source: str
    prefix: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded sentence with what term enforcement needs to locate words: pieces and attention."""

    source: str
    source_spans: tuple[tuple[int, int], ...]  # character span in `source` of each source piece
    pieces: tuple[str, ...]  # target pieces
    attention: tuple[tuple[float, ...], ...] = field(default=(), repr=False)  # per target piece, over source pieces

    @property
    def text(self) -> str:
        return detokenize(self.pieces)


class CTranslate2Engine:
    """Batched translation with an argos package; sentences are sorted by length and batched by tokens."""

    def __init__(self, package: ArgosPackage, options: DecodeOptions = DecodeOptions()) -> None:
        self.kernels = pin_kernels()
        import ctranslate2
        import sentencepiece

        device = options.device
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        self.package = package
        self.options = options
        self.model_id = package.model_id
        self.calls = 0
        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sp_model))
        self.workers, threads = _threads(device)
        self._translator = ctranslate2.Translator(
            str(package.model_dir),
            device=device,
            compute_type=options.compute_type if device == "cpu" else "int8_float16",
            inter_threads=self.workers,
            intra_threads=threads,
        )
        self._vocab: frozenset[str] | None = None

    @property
    def signature(self) -> str:
        return f"argos {self.package.from_code}_{self.package.to_code} {self.package.version} " \
               f"{self.options.compute_type} beam{self.options.beam_size} {self.kernels}"

    def tokenize(self, text: str) -> list[str]:
        return self._sp.encode(text, out_type=str)

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """English for each sentence, in order; one model call per token-bounded batch."""
        return [d.text for d in self.decode([Request(s) for s in sentences], attention=False)]

    def decode(
        self,
        requests: Sequence[Request],
        attention: bool = True,
        suppress: Sequence[Sequence[str]] = (),
        options: DecodeOptions | None = None,
    ) -> list[Decoded]:
        """Decoded sentences with pieces and (optionally) attention; `suppress` bans target piece sequences."""
        if not requests:
            return []
        opts = options or self.options
        tokens = [self.tokenize(r.source) for r in requests]
        shapes = [(len(t), len(r.prefix)) for t, r in zip(tokens, requests)]
        order = sorted(range(len(tokens)), key=lambda i: shapes[i] if opts.batching == "equal" else sum(shapes[i]))
        results: list[Decoded | None] = [None] * len(tokens)
        batches = _batches(order, [len(t) for t in tokens], shapes if opts.batching == "equal" else None)
        if attention:
            # The attention CTranslate2 returns is the sentence's own only in a batch's first row (measured,
            # beam 4: a second row's was up to 0.91 off its attention alone), and a coverage check reads it:
            # decodings that return attention go one sentence per call, so no neighbour changes the English.
            batches = [[j] for batch in batches for j in batch]
        # Longest batches first, all submitted at once: the workers take them as they free up.
        pending = []
        for batch in reversed(batches):
            kwargs = {}
            if any(requests[j].prefix for j in batch):
                kwargs["target_prefix"] = [list(requests[j].prefix) or None for j in batch]
            if suppress:
                kwargs["suppress_sequences"] = [list(s) for s in suppress]
            futures = self._translator.translate_batch(
                [tokens[j] for j in batch],
                beam_size=opts.beam_size,
                max_decoding_length=opts.max_decoding_length,
                length_penalty=opts.length_penalty,
                replace_unknowns=opts.replace_unknowns,
                repetition_penalty=opts.repetition_penalty,
                no_repeat_ngram_size=opts.no_repeat_ngram_size,
                return_attention=attention,
                asynchronous=True,
                **kwargs,
            )
            pending.append((batch, futures))
        for batch, futures in pending:
            for j, future in zip(batch, futures):
                r = future.result()
                spans = piece_spans(requests[j].source, tokens[j])
                att = tuple(tuple(row) for row in r.attention[0]) if attention else ()
                results[j] = Decoded(requests[j].source, spans, tuple(r.hypotheses[0]), att)
            self.calls += len(batch)
        return [r for r in results if r is not None]

    can_decode = True

    def nbest(self, sources: Sequence[str], size: int) -> list[list[str]]:
        """Up to `size` renderings of each source that start differently: the greedy completion of each
        of the model's likeliest first pieces (CTranslate2 return_alternatives). The beam's own n-best
        differ in a word or two and agree with each other whatever the quality; these disagree where the
        model is unsure. Deterministic: no sampling, batched only with sources of the same length."""
        if not sources or size < 1:
            return [[] for _ in sources]
        tokens = [self.tokenize(s) for s in sources]
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        out: list[list[str]] = [[] for _ in sources]
        pending = []
        for batch in reversed(_batches(order, [len(t) for t in tokens], [len(t) for t in tokens])):
            pending.append((batch, self._translator.translate_batch(
                [tokens[j] for j in batch], beam_size=1, num_hypotheses=size,  # each start finished greedily
                return_alternatives=True, max_decoding_length=self.options.max_decoding_length,
                length_penalty=self.options.length_penalty, replace_unknowns=self.options.replace_unknowns,
                asynchronous=True)))
        for batch, futures in pending:
            for j, future in zip(batch, futures):
                for h in future.result().hypotheses:
                    text = detokenize(h)
                    if text and text not in out[j]:
                        out[j].append(text)
        self.calls += len(sources)
        return out

    def score(self, sources: Sequence[str], pieces: Sequence[Sequence[str]]) -> list[float | None]:
        """Mean log-probability per target piece (CTranslate2 score_batch), end of sentence included."""
        if not sources:
            return []
        src = [self.tokenize(s) for s in sources]
        tgt = [list(p) or [PIECE_SPACE] for p in pieces]
        shapes = [(len(s), len(t)) for s, t in zip(src, tgt)]
        order = sorted(range(len(src)), key=lambda i: shapes[i])
        out: list[float | None] = [None] * len(src)
        pending = []
        for batch in reversed(_batches(order, [len(s) for s in src], shapes)):
            pending.append((batch, self._translator.score_batch([src[j] for j in batch], [tgt[j] for j in batch],
                                                                 asynchronous=True)))
        for batch, futures in pending:
            for j, future in zip(batch, futures):
                lp = future.result().log_probs
                out[j] = sum(lp) / len(lp) if lp else None
        return out

    def target_pieces(self, english: str) -> tuple[str, ...]:
        """English text -> target pieces by longest match over the model's vocabulary.

        The package's SentencePiece model is tuned to Chinese; the target vocabulary still holds whole
        English words ('▁teachers'), so greedy longest match gives the pieces the model itself would emit.
        """
        if self._vocab is None:
            vocab_file = self.package.model_dir / "shared_vocabulary.json"
            self._vocab = frozenset(json.loads(vocab_file.read_text("utf-8")))
        out: list[str] = []
        for word in english.split():
            rest, first = word, True
            while rest:
                for n in range(len(rest), 0, -1):
                    piece = (PIECE_SPACE if first else "") + rest[:n]
                    if piece in self._vocab:
                        break
                else:  # no piece: start the word with a bare '▁' and continue with the characters
                    piece, n = (PIECE_SPACE, 0) if first else (rest[0], 1)
                out.append(piece)
                rest, first = rest[n:], False
        return tuple(out)


def pin_kernels() -> str:
    """Pin CTranslate2's CPU kernels to PORTABLE_KERNELS where they can run (an x86-64 CPU with AVX2, and
    ctranslate2 not loaded yet); returns what the English was made with: "avx2" or "native"."""
    if os.environ.get("ZHBRIEF_NATIVE_KERNELS", "") not in ("", "0") or not _has_avx2():
        return "native"
    if any(os.environ.get(k, v) != v for k, v in PORTABLE_KERNELS.items()):
        return "native"  # the user's own setting
    if "ctranslate2" not in sys.modules:
        os.environ.update(PORTABLE_KERNELS)
    return "avx2" if all(os.environ.get(k) == v for k, v in PORTABLE_KERNELS.items()) else "native"


def _has_avx2() -> bool:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            return any(line.startswith("flags") and " avx2" in line for line in f)
    except OSError:
        return False  # not Linux: CTranslate2 chooses


def _threads(device: str) -> tuple[int, int]:
    """(workers, threads per worker): one single-threaded worker per core on CPU, one worker on a GPU."""
    if device != "cpu":
        return 1, 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = min(cores, MAX_WORKERS)
    return workers, max(1, cores // workers)


def _batches(order: list[int], lengths: list[int], shapes: Sequence | None = None) -> list[list[int]]:
    """Indices (already sorted by length, or by shape) grouped so that rows x widest row <= MAX_BATCH_TOKENS.

    `shapes`: a batch also holds only rows of one shape (source length, and the length of a target
    prefix or scored target), so nothing is padded and no row depends on its neighbours.
    """
    batches: list[list[int]] = []
    batch: list[int] = []
    width = 0
    for i in order:
        w = max(width, lengths[i])
        if batch and ((len(batch) + 1) * w > MAX_BATCH_TOKENS or (shapes is not None and shapes[i] != shapes[batch[0]])):
            batches.append(batch)
            batch, w = [], lengths[i]
        batch.append(i)
        width = w
    if batch:
        batches.append(batch)
    return batches


def piece_spans(text: str, pieces: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Character span in `text` of each source piece (SentencePiece NFKC-folds, e.g. '，' -> ',')."""
    folded, origin = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            folded.append(c)
            origin.append(i)
    flat = "".join(folded)
    spans, cursor = [], 0
    for piece in pieces:
        body = piece.replace(PIECE_SPACE, "")
        at = flat.find(body, cursor) if body else -1
        if at < 0:  # a bare '▁' or unknown piece belongs to the character that follows it
            pos = origin[cursor] if cursor < len(origin) else len(text)
            spans.append((pos, min(pos + 1, len(text))))
            continue
        end = at + len(body)
        spans.append((origin[at], origin[end - 1] + 1))
        cursor = end
    return tuple(spans)


def detokenize(pieces: Sequence[str]) -> str:
    """Target pieces -> text: '▁' starts a new word; joining naively leaves '▁' in the output."""
    return "".join(pieces).replace(PIECE_SPACE, " ").strip()


class _Wrapper:
    """An engine seen through another: who it is and what reached its model are the inner engine's."""

    def __init__(self, inner) -> None:
        self.inner = inner

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def calls(self) -> int:
        return self.inner.calls

    @property
    def signature(self) -> str:
        return self.inner.signature

    @property
    def kernels(self) -> str:
        return getattr(self.inner, "kernels", "")


class TextEngine(_Wrapper):
    """An engine that only has translate() (a dictionary, a test double) seen through the Engine protocol."""

    can_decode = False

    def translate(self, sentences: Sequence[str]) -> list[str]:
        return self.inner.translate(sentences)

    def decode(self, requests, attention=True, suppress=(), options=None) -> list[Decoded]:
        texts = self.inner.translate([r.source for r in requests])
        return [Decoded(r.source, (), tuple(PIECE_SPACE + w for w in en.split()), ()) for r, en in zip(requests, texts)]

    def nbest(self, sources: Sequence[str], size: int) -> list[list[str]]:
        return [[] for _ in sources]  # one translation is all such an engine has

    def score(self, sources: Sequence[str], pieces: Sequence[Sequence[str]]) -> list[float | None]:
        return [None] * len(sources)

    def target_pieces(self, english: str) -> tuple[str, ...]:
        return ()


class Memo(_Wrapper):
    """An engine that sends each distinct request to the model once: the same source (with the same
    prefix, options and bans) asked again, by another article or another step of translate/, gets the
    first answer. Sound because a sentence's decoding does not depend on its batch neighbours (BATCHINGS).
    One Memo lives for one translate_texts call; `calls` counts what reached the model."""

    def __init__(self, inner: Engine) -> None:
        super().__init__(inner)
        self.can_decode = inner.can_decode
        self._seen: dict[tuple, object] = {}

    def _each(self, keys: Sequence[tuple], run) -> list:
        """The answer for every key, running `run` once on the positions whose key is new."""
        first: dict[tuple, int] = {}
        for n, k in enumerate(keys):
            if k not in self._seen:
                first.setdefault(k, n)
        new = list(first.values())
        if new:
            for n, answer in zip(new, run(new)):
                self._seen[keys[n]] = answer
        return [self._seen[k] for k in keys]

    def translate(self, sentences: Sequence[str]) -> list[str]:
        return self._each([("t", s) for s in sentences], lambda new: self.inner.translate([sentences[n] for n in new]))

    def decode(self, requests, attention=True, suppress=(), options=None) -> list[Decoded]:
        ban = tuple(tuple(s) for s in suppress)
        return self._each([("d", r, attention, ban, options) for r in requests],
                          lambda new: self.inner.decode([requests[n] for n in new], attention, suppress, options))

    def nbest(self, sources: Sequence[str], size: int) -> list[list[str]]:
        return self._each([("n", s, size) for s in sources], lambda new: self.inner.nbest([sources[n] for n in new], size))

    def score(self, sources: Sequence[str], pieces: Sequence[Sequence[str]]) -> list[float | None]:
        return self._each([("s", s, tuple(p)) for s, p in zip(sources, pieces)],
                          lambda new: self.inner.score([sources[n] for n in new], [pieces[n] for n in new]))

    def target_pieces(self, english: str) -> tuple[str, ...]:
        return self.inner.target_pieces(english)


def as_engine(engine) -> Engine:
    """`engine` itself when it has the whole protocol, else wrapped in a TextEngine."""
    return engine if getattr(engine, "can_decode", None) is not None else TextEngine(engine)
