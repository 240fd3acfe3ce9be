"""Quality estimation and selection, measured against references (WMT21 zh->en, two references).

    python bench/qe_eval.py [--sets wmt21_zhen_edu,wmt21_zhen] [--limit N] [--sample N] [--fit]
                            [--compare LABEL=FILE ...]

For each set: translates with zhbrief's translate stage (generate -> verify -> select) and with the raw
model (beam 4, no glossary, no pool), then prints
1. corpus BLEU and chrF (sacrebleu, both references) of raw, of each --compare file (one English line per
   source line: e.g. the output of an earlier version) and of the new output;
2. the Spearman correlation with sentence chrF (both references) of each confidence signal alone and of
   the shipped confidence (src/zhbrief/data/confidence.json), and of the combined signal fitted on the
   other half (2-fold cross-fitting, halves by source-line hash);
3. at the briefing's threshold (a row is doubtful when a fact check failed or its confidence is below
   doubt_below) and at the lowest 30% / 40%: the share of the worst quarter flagged and of the best
   half flagged.
--fit refits the confidence on half A of the largest set and writes src/zhbrief/data/confidence.json.
Translations are kept in bench/out/qe_cache.sqlite3, so a rerun only re-translates what changed.
Reads /work/shared/eval (or $ZHBRIEF_EVAL) and skips a set that is absent; nothing is copied.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import numpy as np  # noqa: E402

from zhbrief.glossary import load_glossary  # noqa: E402
from zhbrief.translate import TranslateOptions, load_engine, translate_texts  # noqa: E402
from zhbrief.translate.cache import TranslationCache  # noqa: E402
from zhbrief.translate.confidence import FEATURES, Model, load_model  # noqa: E402

EVAL = Path(os.environ.get("ZHBRIEF_EVAL", "/work/shared/eval"))
OUT = REPO / "bench" / "out"
SIGNALS = FEATURES
# The briefing may flag at most this share of the best half (the bar): --fit picks the threshold
# that flags most of the worst quarter within it.
BEST_HALF_FLAGGED_MAX = 0.15
NEW = TranslateOptions(clause_view=False)
RAW = TranslateOptions(enforce_terms=False, nbest=0, clause_view=False)


def read_set(name: str, limit: int | None, sample: int | None):
    """(zh, refA, refB) lines; `sample`: that many segments chosen by the hash of their source line."""
    d = EVAL / name
    if not (d / "zh.txt").is_file():
        return None
    cols = [(d / f).read_text("utf-8").splitlines() for f in ("zh.txt", "en.txt", "en.refB.txt")]
    if sample and sample < len(cols[0]):
        keep = sorted(sorted(range(len(cols[0])), key=lambda i: hashlib.sha256(cols[0][i].encode()).digest())[:sample])
        cols = [[c[i] for i in keep] for c in cols]
    return [c[:limit] if limit else c for c in cols]


def half(zh: str) -> str:
    """"A" or "B", fixed by the source line's hash: the same split in every run."""
    return "A" if hashlib.sha256(zh.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def ranks(x) -> np.ndarray:
    x = np.asarray(x, float)
    order = x.argsort(kind="mergesort")
    r = np.empty(len(x))
    r[order] = np.arange(len(x))
    values, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    sums = np.zeros(len(values))
    np.add.at(sums, inverse, r)
    return (sums / counts)[inverse]  # ties share their mean rank


def spearman(x, y) -> float:
    return float(np.corrcoef(ranks(x), ranks(y))[0, 1])


def matrix(rows: list[dict[str, float]], fill: dict[str, float]) -> np.ndarray:
    return np.array([[r.get(s, fill.get(s, 0.0)) for s in SIGNALS] for r in rows], float)


def fit(rows: list[dict[str, float]], y: np.ndarray, source: str) -> Model:
    """Least squares of sentence chrF on the signals; the [0, 1] map from the 5th-95th percentile of the
    fitted predictions; the doubt threshold: the highest whose confidence rule alone flags at most
    BEST_HALF_FLAGGED_MAX of the best half (a failed check flags a row besides: reported separately)."""
    fill = {s: float(np.nanmean([r[s] for r in rows if s in r] or [0.0])) for s in SIGNALS}
    x = matrix(rows, fill)
    w, *_ = np.linalg.lstsq(np.column_stack([x, np.ones(len(y))]), y, rcond=None)
    pred = x @ w[:-1] + w[-1]
    low, high = (float(v) for v in np.percentile(pred, [5, 95]))
    conf = np.clip((pred - low) / (high - low), 0, 1)
    best = y >= np.percentile(y, 50)
    threshold = 0.0
    for t in np.linspace(0, 1, 201):
        if (conf < t)[best].mean() <= BEST_HALF_FLAGGED_MAX:
            threshold = float(t)
    quartiles = {s: tuple(float(v) for v in np.percentile([r[s] for r in rows if s in r], [25, 75]))
                 for s in ("logprob", "model_logprob", "consensus") if any(s in r for r in rows)}
    return Model({s: float(v) for s, v in zip(SIGNALS, w[:-1])}, float(w[-1]), fill, low, high,
                 round(threshold, 3), quartiles, source)


def flagged_shares(flagged: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    worst, best = y <= np.percentile(y, 25), y >= np.percentile(y, 50)
    return float(flagged[worst].mean()), float(flagged[best].mean())


def translate(zh: list[str], options: TranslateOptions, glossary, engine, cache):
    t0, c0 = time.perf_counter(), engine.calls
    out = translate_texts([(str(i), s) for i, s in enumerate(zh)], glossary, engine, options, cache=cache)
    print(f"  translated {len(zh)} segments: {time.perf_counter() - t0:.0f} s, {engine.calls - c0} model "
          f"sentences", file=sys.stderr, flush=True)
    return out


def signals_of(t) -> dict[str, float]:
    return dict(t.signals)


def report(name: str, data, glossary, engine, cache, compare: dict[str, Path], model: Model):
    import sacrebleu

    zh, ref_a, ref_b = data
    print(f"\n## {name} ({len(zh)} segments)\n")
    raw = [t.en for t in translate(zh, RAW, glossary, engine, cache)]
    new = translate(zh, NEW, glossary, engine, cache)
    outputs = {"raw model": raw}
    for label, path in compare.items():
        path = path.with_name(path.name.replace("{set}", name))
        lines = path.read_text("utf-8").splitlines() if path.is_file() else []
        if len(lines) >= len(zh):
            outputs[label] = lines[: len(zh)]
    outputs["new"] = [t.en for t in new]
    print("| output | BLEU | chrF |\n|---|---|---|")
    for label, hyp in outputs.items():
        bleu = sacrebleu.corpus_bleu(hyp, [ref_a, ref_b]).score
        chrf = sacrebleu.corpus_chrf(hyp, [ref_a, ref_b]).score
        print(f"| {label} | {bleu:.2f} | {chrf:.2f} |")

    metric = sacrebleu.metrics.CHRF()
    y = np.array([metric.sentence_score(t.en, [a, b]).score for t, a, b in zip(new, ref_a, ref_b)])
    rows = [signals_of(t) for t in new]
    halves = np.array([half(s) for s in zh])
    print("\n| signal | Spearman with sentence chrF |\n|---|---|")
    for s in SIGNALS:
        v = np.array([r.get(s, np.nan) for r in rows])
        ok = ~np.isnan(v)
        if ok.sum() > 2 and np.std(v[ok]) > 0:
            print(f"| {s} alone | {spearman(v[ok], y[ok]):+.3f} |")
    shipped = np.array([model.confidence(r) for r in rows])
    print(f"| shipped confidence ({model.source or 'data/confidence.json'}) | {spearman(shipped, y):+.3f} |")
    for h in "AB":
        m = halves == h
        print(f"| shipped confidence, half {h} | {spearman(shipped[m], y[m]):+.3f} |")
    cross = np.zeros(len(y))
    for h, other in (("A", "B"), ("B", "A")):
        train, test = halves == other, halves == h
        if train.sum() > len(SIGNALS) + 1 and test.any():
            m = fit([r for r, k in zip(rows, train) if k], y[train], f"half {other}")
            cross[test] = [m.confidence(r) for r, k in zip(rows, test) if k]
    print(f"| combined, 2-fold cross-fitted | {spearman(cross, y):+.3f} |")

    print("\n| flagging rule | rows flagged | worst quarter flagged | best half flagged |\n|---|---|---|---|")
    low_conf = shipped < model.doubt_below
    w, b = flagged_shares(low_conf, y)
    print(f"| confidence < {model.doubt_below} (the briefing's threshold) | {low_conf.mean():.0%} | {w:.0%} | {b:.0%} |")
    # what the briefing marks: a row with doubts (low confidence, a wrong fact or a damaged form)
    doubtful = np.array([bool(t.doubts) for t in new])
    w, b = flagged_shares(doubtful, y)
    print(f"| briefing's rule (that, or a fact or form check failed) | {doubtful.mean():.0%} | {w:.0%} | {b:.0%} |")
    for share in (0.3, 0.4):
        low = shipped <= np.percentile(shipped, share * 100)
        w, b = flagged_shares(low, y)
        print(f"| lowest {share:.0%} by confidence | {low.mean():.0%} | {w:.0%} | {b:.0%} |")
        lp = np.array([r.get("logprob", -9) for r in rows])
        w, b = flagged_shares(lp <= np.percentile(lp, share * 100), y)
        print(f"| lowest {share:.0%} by logprob alone | {share:.0%} | {w:.0%} | {b:.0%} |")
    return rows, y, halves, zh


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="wmt21_zhen_edu,wmt21_zhen")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--sample", type=int, help="that many segments of each set, chosen by source hash")
    ap.add_argument("--fit", action="store_true", help="refit data/confidence.json on half A of the last set")
    ap.add_argument("--compare", action="append", default=[], metavar="LABEL=FILE",
                    help="English outputs to score beside raw and new; {set} in FILE is the set's name")
    args = ap.parse_args()
    compare = {c.partition("=")[0]: Path(c.partition("=")[2]) for c in args.compare}
    glossary = load_glossary(REPO / "glossary" / "education.tsv")
    engine = load_engine()
    OUT.mkdir(parents=True, exist_ok=True)
    model = load_model()
    print(f"engine: {engine.signature}")
    last = None
    with TranslationCache(OUT / "qe_cache.sqlite3") as cache:
        for name in args.sets.split(","):
            data = read_set(name, args.limit, args.sample if name != "wmt21_zhen_edu" else None)
            if data is None:
                print(f"{name}: not found under {EVAL}, skipped")
                continue
            last = report(name, data, glossary, engine, cache, compare, model)
    if args.fit and last is not None:
        rows, y, halves, _ = last
        a = halves == "A"
        fitted = fit([r for r, k in zip(rows, a) if k], y[a], f"bench/qe_eval.py --fit: half A of {name}, "
                     f"{int(a.sum())} segments, sentence chrF vs 2 references")
        (REPO / "src" / "zhbrief" / "data" / "confidence.json").write_text(fitted.to_json(), "utf-8")
        b = ~a
        conf_b = np.array([fitted.confidence(r) for r, k in zip(rows, b) if k])
        print(f"\nfitted on half A; half B (not fitted on): Spearman {spearman(conf_b, y[b]):+.3f}; "
              f"doubt_below {fitted.doubt_below}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
