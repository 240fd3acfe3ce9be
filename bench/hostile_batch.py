#!/usr/bin/env python3
"""Wall time of `zhbrief build` on a batch that must not stall: one file of 400,000 characters of
repeated Chinese text without punctuation or line breaks, three small files of random bytes and one
real article (a seed). Target (issue 26): under 60 s, translation included, on 2 cores.

The build runs as a user runs it (`python -m zhbrief build`), with an empty translation cache, and
prints what it printed (skipped files, files written), its exit code (3: partial), the device it
translated on and its wall time. Asserts nothing.

    .venv/bin/python bench/hostile_batch.py [--chars 400000] [--device auto]
    .venv/bin/python bench/hostile_batch.py --make-batch DIR   # only write the batch
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
SEED = REPO / "seeds" / "000_3e7b280622248c0c.txt"
RANDOM_SEED = 26
BINARY_FILES = 3
BINARY_BYTES = 4096


def make_batch(folder: Path, chars: int) -> list[Path]:
    """The batch's five files in `folder`: giant.txt, binary_1..3.bin, the seed article."""
    folder.mkdir(parents=True, exist_ok=True)
    # The giant file repeats the seed's body (as normalize reads it: simplified, without page furniture)
    # with every punctuation mark and line break removed.
    from zhbrief.load import load
    from zhbrief.normalize import normalize

    body = "".join(s.text for s in normalize(load(SEED)).body)
    unit = "".join(re.findall(r"[\u3400-\u9fff]+", body))
    giant = folder / "giant.txt"
    giant.write_text((unit * (chars // len(unit) + 1))[:chars], "utf-8")
    rng = random.Random(RANDOM_SEED)
    out = [giant]
    for n in range(1, BINARY_FILES + 1):
        path = folder / f"binary_{n}.bin"
        path.write_bytes(rng.randbytes(BINARY_BYTES))
        out.append(path)
    article = folder / SEED.name
    article.write_bytes(SEED.read_bytes())
    return out + [article]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chars", type=int, default=400_000, help="characters of the giant file")
    ap.add_argument("--device", default="auto", help="passed to build --device (auto, cpu, cuda)")
    ap.add_argument("--make-batch", type=Path, metavar="DIR", help="write the batch into DIR and stop")
    args = ap.parse_args()
    if args.make_batch:
        for p in make_batch(args.make_batch, args.chars):
            print(p)
        return
    with tempfile.TemporaryDirectory(prefix="zhbrief-hostile-") as tmp:
        batch = Path(tmp) / "in"
        make_batch(batch, args.chars)
        env = dict(os.environ, ZHBRIEF_CACHE=str(Path(tmp) / "cache"))  # cold: nothing translated before
        command = [sys.executable, "-m", "zhbrief", "build", str(batch), "-o", str(Path(tmp) / "out"),
                   "--device", args.device]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
        wall = time.perf_counter() - started
        print(done.stdout.rstrip().replace(tmp, "$TMP"))
        print(done.stderr.rstrip().replace(tmp, "$TMP"))
        device = next((ln.split(":", 1)[1].strip() for ln in done.stderr.splitlines()
                       if ln.startswith("translation device:")), "unknown")
        print(f"batch: {args.chars:,}-character file without punctuation, {BINARY_FILES} files of "
              f"{BINARY_BYTES} random bytes, {SEED.name}")
        print(f"exit code {done.returncode} | device {device} | wall time {wall:.1f} s")


if __name__ == "__main__":
    main()
