#!/usr/bin/env python3
"""What a cold build of the seeds costs, against one plain batched decode of its segments.

    .venv/bin/python bench/build_cost.py [--seeds DIR] [--articles N]

In one process, with one loaded engine and an empty translation cache (a temporary ZHBRIEF_HOME with
the installed model linked in):
1. `zhbrief build` of the seeds, timed in total and in its translate stage, counting what it sends to
   the model: sentences decoded (beam search, with the decode options of each call), sentences given
   alternatives (nbest: a greedy decode of each of the likeliest first words), pairs scored;
2. one plain batched decode (Engine.translate, beam 4, no attention) of the build's segments: every
   sentence of every translated item, each once.
Prints the figures, the ratios (translate / plain, build / plain), decodes per segment, the build's CPU
time (how many cores were busy) and the sentences sent by each translate/ stage. The issue's
targets: cold build <= 3x the plain decode, <= 3 model decodes per segment.

`--articles N` builds a corpus of N articles from ../shared/eval instead (bench/corpus.py) to see
whether the cost per article stays flat; it skips when the eval data is absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


class Counting:
    """The engine, with what each call sends to the model counted (the Engine protocol, forwarded)."""

    can_decode = True

    def __init__(self, inner) -> None:
        self.inner = inner
        self.counts: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self.stages: Counter[str] = Counter()  # sentences sent, by the translate/ function that asked

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def _timed(self, what: str, n: int, fn, *args, **kwargs):
        t0 = time.perf_counter()
        out = fn(*args, **kwargs)
        self.seconds[what] += time.perf_counter() - t0
        self.counts[what] += n
        if what != "score":
            self.stages[_caller()] += n
        return out

    def translate(self, sentences):
        return self._timed("decode", len(sentences), self.inner.translate, sentences)

    def decode(self, requests, attention=True, suppress=(), options=None):
        what = ("decode" if options is None else "decode (retry options)") + (" with attention" if attention else "")
        return self._timed(what, len(requests), self.inner.decode, requests, attention, suppress, options)

    def nbest(self, sources, size):
        return self._timed("nbest", len(sources) if size else 0, self.inner.nbest, sources, size)

    def score(self, sources, pieces):
        return self._timed("score", len(sources), self.inner.score, sources, pieces)


def _caller() -> str:
    """The innermost translate/ function (outside the engine) on the stack: the stage that sent a call."""
    for frame in traceback.extract_stack()[::-1]:
        path = Path(frame.filename)
        if path.parent.name == "translate" and path.name != "engine.py":
            return f"{path.stem}.{frame.name}"
    return "other"


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=REPO / "seeds")
    ap.add_argument("--articles", type=int, default=0, help="a corpus of N articles from ../shared/eval instead")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--out", type=Path, help="where the briefings go (default: a temporary folder)")
    args = ap.parse_args(argv)

    home = Path(tempfile.mkdtemp(prefix="zhbrief-cost-"))
    from zhbrief import paths

    installed = paths.home() / "packages"
    os.environ["ZHBRIEF_HOME"] = str(home)
    (home / "packages").symlink_to(installed)

    from zhbrief import pipeline
    from zhbrief.translate import DecodeOptions, TranslateOptions, load_engine, split_units

    inputs = [args.seeds]
    if args.articles:
        from corpus import EVAL_DIR, build_pool, write_corpus

        if not EVAL_DIR.is_dir():
            print(f"skipped: {EVAL_DIR} is absent")
            return 0
        inputs = [home / "corpus"]
        write_corpus(build_pool(args.seeds), args.articles, inputs[0])

    t0 = time.perf_counter()
    engine = Counting(load_engine(TranslateOptions(decode=DecodeOptions(device=args.device))))
    load_s = time.perf_counter() - t0

    seen: list[tuple[str, str]] = []
    translate_s = [0.0]
    real_translate = pipeline.translate_texts

    def timed_translate(items, *a, **kw):
        seen.extend(items)
        t = time.perf_counter()
        try:
            return real_translate(items, *a, **kw)
        finally:
            translate_s[0] += time.perf_counter() - t

    pipeline.translate_texts = timed_translate
    t0, cpu0 = time.perf_counter(), _cpu()
    result = pipeline.build(inputs, pipeline.BuildOptions(out_dir=args.out or home / "out"), engine=engine)
    build_s, build_cpu = time.perf_counter() - t0, _cpu() - cpu0
    counts, seconds, stages = dict(engine.counts), dict(engine.seconds), Counter(engine.stages)

    segments = sorted({u.strip() for _, zh in seen for u in split_units(zh.strip()) if u.strip()})
    engine.counts.clear()
    t0 = time.perf_counter()
    engine.translate(segments)
    plain_s = time.perf_counter() - t0

    decodes = sum(n for what, n in counts.items() if what != "score")
    articles = len(result.briefing.articles)
    print(f"articles {articles}, items {len(seen)}, segments (unique sentences) {len(segments)}, "
          f"device {args.device}, engine load {load_s:.1f} s")
    print(f"{'':34} {'sentences':>10} {'per segment':>12} {'seconds':>9}")
    for what in sorted(counts):
        print(f"{what:34} {counts[what]:>10} {counts[what] / len(segments):>12.2f} {seconds[what]:>9.1f}")
    print(f"{'model decodes (decode + nbest)':34} {decodes:>10} {decodes / len(segments):>12.2f}")
    print(f"plain batched decode of the segments {plain_s:8.1f} s")
    print(f"build translate stage                {translate_s[0]:8.1f} s   ratio {translate_s[0] / plain_s:5.2f}x")
    print(f"build total                          {build_s:8.1f} s   ratio {build_s / plain_s:5.2f}x"
          f"   per article {build_s / max(articles, 1):.2f} s")
    print(f"build CPU time                       {build_cpu:8.1f} s   {build_cpu / build_s:.2f} of "
          f"{len(os.sched_getaffinity(0))} cores busy on average")
    print("sentences sent to the model (decode + nbest), by the stage that sent them:")
    for stage, n in stages.most_common():
        print(f"  {stage:40} {n:>6} {n / len(segments):>8.2f} per segment")
    print("targets: build <= 3x plain, model decodes per segment <= 3")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
