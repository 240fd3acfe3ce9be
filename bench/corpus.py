"""A synthetic but real-text corpus for benchmarks: shuffled paragraphs of real Chinese news.

Paragraphs come from the repository's seeds/ and, when present, from /work/shared/eval (WMT21 zh news
sentences, LCSTS Weibo news posts, whose human-written short summaries serve as headlines). Eval data
is only read: the corpus is written to a temporary folder that the benchmark deletes.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

EVAL_DIR = Path("/work/shared/eval")
WMT_ZH = "wmt21_zhen/zh.txt"
LCSTS = "lcsts/lcsts_part3.jsonl"
# Seeds' articles have 15-40 paragraphs of which some are boilerplate; stay in that range.
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 8, 24
WMT_SENTENCES_PER_PARAGRAPH = (2, 4)
# Shares of the corpus that exercise the other input paths: traditional script (t2s conversion)
# and a legacy encoding (encoding detection); the rest is simplified UTF-8, the common case.
TRADITIONAL_SHARE = 0.2
GB18030_SHARE = 0.1
MIN_HAN_PER_LINE = 10
MIN_TITLE_HAN, MAX_TITLE_CHARS = 6, 30
_HAN = re.compile(r"[\u3400-\u9fff]")
_TERMINAL = "。！？!?…”」』"


@dataclass
class Pool:
    titles: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # from seeds
    eval_paragraphs: list[str] = field(default_factory=list)  # from /work/shared/eval
    sources: list[str] = field(default_factory=list)


def build_pool(seeds_dir: Path, eval_dir: Path = EVAL_DIR) -> Pool:
    """Titles and paragraphs, all in simplified script, from seeds and (when present) eval data."""
    from zhbrief.load import load

    to_simplified = converter("t2s")
    pool = Pool()
    for path in sorted(p for p in seeds_dir.iterdir() if p.is_file()):
        text = to_simplified.convert(load(path).text)
        lines = [ln.strip() for ln in text.split("\n") if len(_HAN.findall(ln)) >= MIN_HAN_PER_LINE]
        title = next((ln for ln in lines if _is_title(ln)), None)
        if title:
            pool.titles.append(title)
        pool.paragraphs += [ln for ln in lines if ln != title]
    pool.sources.append(f"{seeds_dir.name}/ ({len(pool.paragraphs)} paragraphs)")

    wmt = eval_dir / WMT_ZH
    if wmt.is_file():
        sentences = [s.strip() for s in wmt.read_text("utf-8").splitlines() if s.strip()]
        rng = random.Random(0)
        i = 0
        while i < len(sentences):
            n = rng.randint(*WMT_SENTENCES_PER_PARAGRAPH)
            pool.eval_paragraphs.append("".join(sentences[i : i + n]))
            i += n
        pool.sources.append(f"eval/{WMT_ZH} ({len(sentences)} sentences)")
    lcsts = eval_dir / LCSTS
    if lcsts.is_file():
        rows = [json.loads(ln) for ln in lcsts.read_text("utf-8").splitlines() if ln.strip()]
        pool.eval_paragraphs += [r["text"] for r in rows if r.get("text")]
        pool.titles += [r["summary"] for r in rows if _is_title(r.get("summary", ""))]
        pool.sources.append(f"eval/{LCSTS} ({len(rows)} posts)")
    if not pool.paragraphs:
        raise SystemExit(f"no paragraphs found in {seeds_dir}")
    return pool


def write_corpus(pool: Pool, n: int, out_dir: Path, seed: int = 7) -> list[Path]:
    """n article files in out_dir, deterministic for a given pool and seed; file i is the same for any n > i."""
    to_traditional = converter("s2t")
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        k = rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS)
        if pool.eval_paragraphs:
            k_seed = k // 2
            paras = rng.sample(pool.paragraphs, min(k_seed, len(pool.paragraphs)))
            paras += rng.sample(pool.eval_paragraphs, min(k - k_seed, len(pool.eval_paragraphs)))
        else:
            paras = rng.sample(pool.paragraphs, min(k, len(pool.paragraphs)))
        rng.shuffle(paras)
        title = rng.choice(pool.titles) if pool.titles else paras[0][:MAX_TITLE_CHARS]
        text = title + "\n\n" + "\n\n".join(paras) + "\n"
        roll = rng.random()
        path = out_dir / f"article_{i:05d}.txt"
        if roll < TRADITIONAL_SHARE:
            path.write_bytes(to_traditional.convert(text).encode("utf-8"))
        elif roll < TRADITIONAL_SHARE + GB18030_SHARE:
            path.write_bytes(text.encode("gb18030"))
        else:
            path.write_bytes(text.encode("utf-8"))
        files.append(path)
    return files


def converter(config: str):
    """An OpenCC converter from whichever `opencc` module is installed (both spell configs differently)."""
    import opencc

    try:
        return opencc.OpenCC(config)
    except Exception:  # the C++ binding wants the file name of the config
        return opencc.OpenCC(f"{config}.json")


def _is_title(line: str) -> bool:
    return len(_HAN.findall(line)) >= MIN_TITLE_HAN and len(line) <= MAX_TITLE_CHARS * 2 and not line.endswith(tuple(_TERMINAL))
