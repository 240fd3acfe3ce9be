"""The one adapter that owns the model runtime: argos packages on CTranslate2 + SentencePiece."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol, Sequence

from .package import ArgosPackage

# Batches are built by tokens, not sentences: a batch of long sentences costs as much as many short ones.
MAX_BATCH_TOKENS = 1024
PIECE_SPACE = "\u2581"  # SentencePiece marks a word start with '▁'


class Engine(Protocol):
    """What the rest of zhbrief sees of a translation model."""

    model_id: str
    calls: int  # sentences actually sent to the model (cache hits do not count)

    def translate(self, sentences: Sequence[str]) -> list[str]: ...

    @property
    def signature(self) -> str: ...


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    beam_size: int = 4
    compute_type: str = "int8"
    device: str = "cpu"
    max_decoding_length: int = 256

    def key(self) -> str:
        return f"beam{self.beam_size}-{self.compute_type}-len{self.max_decoding_length}"


class CTranslate2Engine:
    """Batched translation with an argos package; sentences are sorted by length and batched by tokens."""

    def __init__(self, package: ArgosPackage, options: DecodeOptions = DecodeOptions()) -> None:
        import ctranslate2
        import sentencepiece

        self.package = package
        self.options = options
        self.model_id = package.model_id
        self.calls = 0
        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(package.sp_model))
        self._translator = ctranslate2.Translator(
            str(package.model_dir),
            device=options.device,
            compute_type=options.compute_type,
            inter_threads=1,
            intra_threads=os.cpu_count() or 1,
        )

    @property
    def signature(self) -> str:
        return f"argos {self.package.from_code}_{self.package.to_code} {self.package.version} " \
               f"{self.options.compute_type} beam{self.options.beam_size}"

    def tokenize(self, text: str) -> list[str]:
        return self._sp.encode(text, out_type=str)

    def translate(self, sentences: Sequence[str]) -> list[str]:
        if not sentences:
            return []
        tokens = [self.tokenize(s) for s in sentences]
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        results: list[str] = [""] * len(tokens)
        batch: list[int] = []
        width = 0
        for i in order + [None]:  # type: ignore[list-item]
            if i is not None and (not batch or (len(batch) + 1) * max(width, len(tokens[i])) <= MAX_BATCH_TOKENS):
                batch.append(i)
                width = max(width, len(tokens[i]))
                continue
            if batch:
                out = self._translator.translate_batch(
                    [tokens[j] for j in batch],
                    beam_size=self.options.beam_size,
                    max_decoding_length=self.options.max_decoding_length,
                )
                for j, r in zip(batch, out):
                    results[j] = detokenize(r.hypotheses[0])
                self.calls += len(batch)
            if i is not None:
                batch, width = [i], len(tokens[i])
        return results


def detokenize(pieces: Sequence[str]) -> str:
    """Target pieces -> text: '▁' starts a new word; joining naively leaves '▁' in the output."""
    return "".join(pieces).replace(PIECE_SPACE, " ").strip()
