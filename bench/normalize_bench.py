"""Normalize throughput (chars/s) on >= 1 MB of scraped-page text, and the share of time spent in OpenCC.

Times are CPU time of this process (the machine is shared, so wall time says little).

The corpus is built from the seeds' own lines (seeds/ in the repository, or ../shared/seeds),
shuffled with a fixed seed into synthetic articles until it holds TARGET_CHARS characters; half of
the articles are traditional (the seeds' traditional lines), so OpenCC conversion is exercised
as on real mirrors. Prints figures; asserts nothing.

    python bench/normalize_bench.py [--chars N] [--repeat R]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED_DIRS = (REPO / "seeds", REPO.parent / "shared" / "seeds", Path("/work/shared/seeds"))
TARGET_CHARS = 1_000_000
LINES_PER_ARTICLE = 60  # about one scraped page
RANDOM_SEED = 20240601


def _corpus(target: int) -> list[str]:
    seed_dir = next((d for d in SEED_DIRS if d.is_dir() and any(d.glob("*.txt"))), None)
    if seed_dir is None:
        print("no seeds/ folder found: skipped")
        sys.exit(0)
    from zhbrief.load import load

    texts = [load(p).text for p in sorted(seed_dir.glob("*.txt"))]
    rng = random.Random(RANDOM_SEED)
    docs, total = [], 0
    while total < target:
        src = rng.choice(texts).split("\n")
        head, body = src[:6], src[6:]
        rng.shuffle(body)
        doc = "\n".join(head + body[:LINES_PER_ARTICLE])
        docs.append(doc)
        total += len(doc)
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=TARGET_CHARS)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import importlib

    # zhbrief/__init__ re-exports the function normalize, which shadows the package attribute.
    norm = importlib.import_module("zhbrief.normalize")
    from zhbrief.load import decode
    from zhbrief.normalize.script import opencc_backend

    docs = _corpus(args.chars)
    raws = [decode(d.encode("utf-8"), f"bench{i}.txt") for i, d in enumerate(docs)]
    chars = sum(len(d) for d in docs)
    traditional = sum(1 for r in raws if norm.detect_script(r.text).value == "traditional")

    # Time spent inside OpenCC: wrap the two calls normalize() makes into it.
    spent = {"opencc": 0.0}
    real_convert, real_detect = norm.to_simplified, norm.detect_script

    def timed(fn):
        def wrapper(*a, **k):
            t = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent["opencc"] += time.process_time() - t

        return wrapper

    norm.to_simplified, norm.detect_script = timed(real_convert), timed(real_detect)
    norm.normalize(raws[0])  # warm-up: pattern files, OpenCC dictionaries, pypinyin
    runs = []
    for _ in range(args.repeat):
        spent["opencc"] = 0.0
        t = time.process_time()
        for r in raws:
            norm.normalize(r)
        runs.append((time.process_time() - t, spent["opencc"]))
    norm.to_simplified, norm.detect_script = real_convert, real_detect

    total = statistics.median(r[0] for r in runs)
    cc = statistics.median(r[1] for r in runs)
    print(f"corpus: {len(docs)} articles, {chars:,} chars ({traditional} traditional), {args.repeat} runs, median shown")
    print(f"backend: {opencc_backend()}")
    print(f"normalize: {total:.2f} s  ->  {chars / total:,.0f} chars/s")
    print(f"opencc (detect + convert): {cc:.2f} s = {cc / total:.0%} of normalize time")
    print(f"without opencc: {chars / max(total - cc, 1e-9):,.0f} chars/s")


if __name__ == "__main__":
    main()
