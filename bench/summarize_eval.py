"""Character-level ROUGE-1/2/L F1 of extractive summarizers on LCSTS Part III (human label >= 3).

Rows, all on the same texts and scored by the same scorer (rouge-chinese on space-joined characters):
  Lead-1              the first sentence
  TextRank (sumy)     sumy's TextRankSummarizer, jieba words, one sentence
  zhbrief ...         zhbrief.summarize with the options named in the row
  Oracle              the single sentence with the best ROUGE-L F1 against the reference (upper bound)

Besides the whole set, R-1/R-2/R-L are reported on two fixed halves (A: even positions, B: odd
positions): settings are chosen by looking at half A only, and kept only if they also help half B.

Usage: python bench/summarize_eval.py [--data PATH] [--limit N] [--chars C ...]
Reads ../shared/eval (absolute: /work/shared/eval); exits 0 with a notice when the data is absent.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path("/work/shared/eval/lcsts/lcsts_part3_label_ge3.jsonl")
ALT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "lcsts" / "lcsts_part3_label_ge3.jsonl"
DEFAULT_CHARS = (30,)  # headline-length budgets for the clause mode (LCSTS references average ~18 chars)


def chars(text: str) -> str:
    """Characters joined by spaces, whitespace dropped: how rouge-chinese scores Chinese by character."""
    return " ".join(ch for ch in text if not ch.isspace())


def rouge_f(rouge, hyps: list[str], refs: list[str]) -> tuple[float, float, float]:
    scores = rouge.get_scores([chars(h) or "∅" for h in hyps], [chars(r) for r in refs], avg=True)
    return tuple(round(100 * scores[k]["f"], 1) for k in ("rouge-1", "rouge-2", "rouge-l"))


def make_article(doc_id: str, text: str):
    """An Article whose body is the text's sentences (LCSTS texts are single paragraphs, no title)."""
    from zhbrief.models import Article, Metadata, Script, Sentence
    from zhbrief.normalize import split_sentences

    pieces = [p for p in split_sentences(text) if p.strip()]
    sents = tuple(Sentence(f"s{i}", p, 0) for i, p in enumerate(pieces, 1))
    return Article(doc_id, doc_id, "", Metadata(), (text,), sents, (), Script.SIMPLIFIED, "utf-8", False, "")


class _SumyChinese:
    """sumy tokenizer: our lossless sentence splitter (sumy's drops unterminated tails), jieba words."""

    language = "chinese"

    def __init__(self) -> None:
        import jieba

        self._jieba = jieba.Tokenizer()

    def to_sentences(self, paragraph: str) -> list[str]:
        from zhbrief.normalize import split_sentences

        return [p.strip() for p in split_sentences(paragraph) if p.strip()]

    def to_words(self, sentence: str) -> list[str]:
        return [w for w in self._jieba.lcut(sentence) if w.strip() and any(ch.isalnum() for ch in w)]


def sumy_textrank(texts: list[str]) -> list[str]:
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.text_rank import TextRankSummarizer

    tok = _SumyChinese()
    summarizer = TextRankSummarizer()
    out = []
    for text in texts:
        doc = PlaintextParser.from_string(text, tok).document
        picked = summarizer(doc, 1)
        out.append(str(picked[0]) if picked else (tok.to_sentences(text) or [text])[0])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=0, help="first N texts only (0: all)")
    ap.add_argument("--chars", type=int, nargs="*", default=list(DEFAULT_CHARS), help="clause-mode budgets")
    args = ap.parse_args(argv)

    data = args.data or next((p for p in (DEFAULT_DATA, ALT_DATA) if p.exists()), None)
    if data is None or not data.exists():
        print(f"skip: LCSTS data not found ({DEFAULT_DATA})")
        return 0
    try:
        from rouge_chinese import Rouge
    except ImportError:
        print("skip: rouge-chinese not installed (pip install -e '.[bench]')")
        return 0

    rows = [json.loads(line) for line in data.read_text("utf-8").splitlines() if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    texts = [r["text"] for r in rows]
    refs = [r["summary"] for r in rows]
    rouge = Rouge()
    zs = importlib.import_module("zhbrief.summarize")  # the module (zhbrief.summarize is the function)
    articles = [make_article(f"lcsts-{r['id']}", r["text"]) for r in rows]

    Triple = tuple[float, float, float]
    results: list[tuple[str, Triple, Triple, Triple, float, float]] = []
    half_a, half_b = list(range(0, len(rows), 2)), list(range(1, len(rows), 2))

    def on(half: list[int], hyps: list[str]) -> Triple:
        return rouge_f(rouge, [hyps[i] for i in half], [refs[i] for i in half]) if half else (0.0, 0.0, 0.0)

    def add(name: str, hyps: list[str], seconds: float) -> None:
        mean_len = sum(len(h.strip()) for h in hyps) / max(1, len(hyps))
        results.append((name, rouge_f(rouge, hyps, refs), on(half_a, hyps), on(half_b, hyps), mean_len, seconds))

    t = time.perf_counter()
    add("Lead-1", [a.body[0].text if a.body else "" for a in articles], time.perf_counter() - t)

    try:
        t = time.perf_counter()
        add("TextRank (sumy 0.13, jieba, 1 sentence)", sumy_textrank(texts), time.perf_counter() - t)
    except ImportError:
        print("note: sumy not installed; TextRank row skipped")

    t = time.perf_counter()
    summarizer = zs.Summarizer()
    setup = time.perf_counter() - t
    configs = [
        ("zhbrief (sentence, -n 1)", zs.SummarizeOptions(sentences=1)),
        ("zhbrief (clause, -n 1, --no-compress)", zs.SummarizeOptions(sentences=1, unit="clause", compress=False)),
        ("zhbrief (clause, -n 1)", zs.SummarizeOptions(sentences=1, unit="clause")),
    ]
    configs += [(f"zhbrief (clause, --chars {c})", zs.SummarizeOptions(chars=c, unit="clause")) for c in args.chars]
    for name, options in configs:
        t = time.perf_counter()
        hyps = ["".join(x.sentence.text for x in summarizer.summarize(a, options).sentences) for a in articles]
        add(name, hyps, time.perf_counter() - t + setup)

    # Oracle: the best single sentence by ROUGE-L F1 (each text scored against its own reference).
    t = time.perf_counter()
    oracle = []
    for a, ref in zip(articles, refs):
        best = max(
            (s.text for s in a.body),
            key=lambda s: rouge.get_scores(chars(s) or "∅", chars(ref))[0]["rouge-l"]["f"],
            default="",
        )
        oracle.append(best)
    add("Oracle (best single sentence)", oracle, time.perf_counter() - t)

    print(f"LCSTS Part III, human label >= 3: {len(rows)} texts; reference mean {sum(map(len, refs)) / len(refs):.1f} chars")
    print("character-level ROUGE F1 (rouge-chinese), x100; A and B: R-1/R-2/R-L on each half\n")
    print(f"| {'system':44} | R-1  | R-2  | R-L  | A: R-1/R-2/R-L   | B: R-1/R-2/R-L   | mean chars | seconds |")
    print(f"|{'-' * 46}|------|------|------|------------------|------------------|------------|---------|")
    for name, (r1, r2, rl), on_a, on_b, mean_len, seconds in results:
        half = ["/".join(f"{x:4.1f}" for x in h) for h in (on_a, on_b)]
        print(
            f"| {name:44} | {r1:4.1f} | {r2:4.1f} | {rl:4.1f} | {half[0]:16} | {half[1]:16} | {mean_len:10.1f} | {seconds:7.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
