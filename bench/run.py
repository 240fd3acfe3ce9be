#!/usr/bin/env python3
"""zhbrief benchmark: per-stage throughput and memory on 5, 100 and 1,000 articles, side-by-side
back-ends, and the speed-up of `build --jobs 2`. Prints a table and writes bench/out/bench-*.json.

    .venv/bin/python bench/run.py                 # the full run (< 10 minutes on 2 cores)
    .venv/bin/python bench/run.py --sizes 5,20    # a quick one while iterating

What is measured in full and what is sampled (and extrapolated) is printed with the figures:
translation costs ~0.1-0.5 s per sentence on 2 CPU cores, so each size translates a fixed sample of
its own sentences and reports the per-sentence cost; summarization is measured on as many articles
as fit in --summarize-budget seconds per size, in corpus order (the corpus order is random).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Sequence

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import EVAL_DIR, build_pool, converter, write_corpus  # noqa: E402

OUT = REPO / "bench" / "out"
DEFAULT_SIZES = (5, 100, 1000)
JOBS_SIZE = 100  # the --jobs comparison runs on this many articles
TRANSLATE_SAMPLE = 16  # sentences translated per size (cold, and warm when a cache exists)
SENTENCE_AT_A_TIME_SAMPLE = 12  # sentences translated both ways in the argos-style comparison
SUMMARIZE_BUDGET_S = 30.0  # per size; past it the per-article cost is extrapolated
OPENCC_MAX_CHARS = 400_000  # traditional text converted by both OpenCC implementations
JIEBA_MAX_CHARS = 400_000
OPENCC_CPP_REQUIREMENT = "opencc"  # the C++ binding on PyPI; same module name as the pure-Python one
MIB = 2**20


# --- measuring -----------------------------------------------------------------------------------


def _status_kib(field_name: str) -> int:
    m = re.search(rf"^{field_name}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    return int(m.group(1)) if m else 0


def reset_peak_rss() -> bool:
    """Reset the kernel's high-water mark of this process's RSS (Linux >= 4.0); False if unsupported."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


@dataclass
class Timed:
    seconds: float
    cpu_seconds: float  # CPU time of this process, all its threads: steadier than wall time on a busy machine
    peak_rss_mib: float  # highest resident memory of the process during the stage
    delta_rss_mib: float  # resident memory after the stage minus before (what the stage's output holds)


def timed(fn: Callable[[], object]) -> tuple[object, Timed]:
    gc.collect()
    reset_peak_rss()
    before = _status_kib("VmRSS")
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = _status_kib("VmHWM")
    after = _status_kib("VmRSS")
    return result, Timed(seconds, cpu, peak / 1024, (after - before) / 1024)


@dataclass
class StageRow:
    size: int
    stage: str
    unit: str  # "article" or "sentence"
    done: int  # units measured
    total: int  # units the stage has at this size
    seconds: float  # measured
    cpu_seconds: float
    peak_rss_mib: float
    delta_rss_mib: float
    note: str = ""
    warm_seconds: float | None = None  # translate only: the same sample again with the cache filled
    warm_note: str = ""

    @property
    def per_unit_ms(self) -> float:
        return 1000 * self.seconds / max(self.done, 1)

    @property
    def projected_s(self) -> float:
        """Seconds for every unit at this size (measured when done == total)."""
        return self.seconds / max(self.done, 1) * self.total


@dataclass
class Report:
    started: str
    machine: dict
    corpus: dict
    stages: list[StageRow] = field(default_factory=list)
    per_article: dict = field(default_factory=dict)
    setup: dict = field(default_factory=dict)
    comparisons: dict = field(default_factory=dict)
    jobs: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


# --- engines used only by the benchmark -------------------------------------------------------------


class EchoEngine:
    """Returns the Chinese unchanged at no cost: isolates what --jobs parallelizes from model time."""

    model_id = "echo"
    signature = "echo engine (benchmark)"

    def __init__(self) -> None:
        self.calls = 0

    def translate(self, sentences: Sequence[str]) -> list[str]:
        self.calls += len(sentences)
        return list(sentences)


# --- the run -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="corpus sizes, comma-separated")
    ap.add_argument("--translate-sample", type=int, default=TRANSLATE_SAMPLE)
    ap.add_argument("--summarize-budget", type=float, default=SUMMARIZE_BUDGET_S)
    ap.add_argument("--jobs-size", type=int, default=JOBS_SIZE, help="articles for the --jobs 1 vs 2 run (0: skip)")
    ap.add_argument("--skip-compare", action="store_true", help="skip the side-by-side back-end comparisons")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})

    t_start = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=args.out, prefix="work-"))
    try:
        report = _run(args, sizes, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the corpus holds eval text: never left behind
    report.seconds = round(time.perf_counter() - t_start, 1)
    print_report(report)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = args.out / f"bench-{stamp}.json"
    path.write_text(json.dumps(_jsonable(report), ensure_ascii=False, indent=2) + "\n", "utf-8")
    shutil.copyfile(path, args.out / "latest.json")
    print(f"\nwrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}  ({report.seconds:.0f} s in all)")
    return 0


def _run(args, sizes: list[int], work: Path) -> Report:
    model_dir = _model_dir()
    # Our own home and cache, so a cold cache is really cold and the user's is never touched.
    os.environ["ZHBRIEF_HOME"] = str(work / "home")
    os.environ["ZHBRIEF_CACHE"] = str(work / "cache")
    (work / "home").mkdir()
    if model_dir:
        os.environ["ARGOS_PACKAGES_DIR"] = str(model_dir)

    import zhbrief

    report = Report(
        started=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        machine={
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "zhbrief": zhbrief.__version__,
            "loadavg_start": os.getloadavg(),
            "peak_rss_reset": reset_peak_rss(),
        },
        corpus={},
    )
    pool = build_pool(REPO / "seeds")
    if not pool.eval_paragraphs:
        report.notes.append(f"{EVAL_DIR} absent: corpus built from seeds/ paragraphs only")
    n_max = max(sizes + [args.jobs_size])
    files, t = timed(lambda: write_corpus(pool, n_max, work / "corpus"))
    report.corpus = {
        "articles": n_max,
        "sources": pool.sources,
        "titles": len(pool.titles),
        "paragraphs": len(pool.paragraphs) + len(pool.eval_paragraphs),
        "bytes": sum(f.stat().st_size for f in files),
        "seconds_to_write": round(t.seconds, 2),
    }
    print(f"corpus: {n_max} articles, {report.corpus['bytes'] / MIB:.1f} MiB, from {', '.join(pool.sources)}", flush=True)

    glossary = _glossary()
    engine_ok = model_dir is not None
    if not engine_ok:
        report.notes.append("no translation model installed: translate figures skipped (run scripts/setup.sh)")
    english_pool: list[str] = []
    for n in sizes:
        print(f"size {n}: ", end="", flush=True)
        report.stages += _size(n, files[:n], glossary, engine_ok, english_pool, args, report)
        print(flush=True)
    report.per_article = _growth(report.stages)
    if not args.skip_compare:
        report.comparisons = _comparisons(files, engine_ok, work, args)
    if args.jobs_size:
        report.jobs = _jobs(files[: args.jobs_size], work, report)
    report.machine["loadavg_end"] = os.getloadavg()
    return report


def _size(n, files, glossary, engine_ok, english_pool, args, report) -> list[StageRow]:
    from zhbrief.compare import Corpus
    from zhbrief.compare import compare as compare_stage
    from zhbrief.errors import InputError
    from zhbrief.load import load
    from zhbrief.normalize import NormalizeOptions, normalize
    from zhbrief.summarize import SummarizeOptions, summarize

    rows: list[StageRow] = []

    def load_all():
        out = []
        for f in files:
            try:
                out.append(load(f))
            except InputError:
                pass
        return out

    raws, t = timed(load_all)
    rows.append(StageRow(n, "load", "article", len(files), len(files), t.seconds, t.cpu_seconds, t.peak_rss_mib, t.delta_rss_mib))
    print("load ", end="", flush=True)

    opts = NormalizeOptions()
    articles, t = timed(lambda: [normalize(r, opts) for r in raws])
    rows.append(StageRow(n, "normalize", "article", len(raws), len(raws), t.seconds, t.cpu_seconds, t.peak_rss_mib, t.delta_rss_mib))
    print("normalize ", end="", flush=True)

    sopts = SummarizeOptions()
    t0 = time.perf_counter()
    try:  # as build does: one summarizer (tokenizer) per process, seeded with the glossary
        from zhbrief.parallel import summarizer_for

        summarizer = summarizer_for(glossary.path, glossary.sha256)
        summarize = summarizer.summarize  # noqa: F811
    except ImportError:
        pass
    # The first call builds the tokenizer (and jieba's dictionary cache when cold): a one-off, reported apart.
    summarize(articles[0], sopts)
    report.setup.setdefault("summarize_first_call_s", round(time.perf_counter() - t0, 2))

    # In a random order of this size's own, so a sample is spread over the corpus (and differs by size).
    order = list(range(len(articles)))
    random.Random(n).shuffle(order)

    def summarize_within_budget():
        out, t0 = {}, time.perf_counter()
        for i in order:
            out[i] = summarize(articles[i], sopts)
            if time.perf_counter() - t0 > args.summarize_budget:
                break
        return out

    summaries, t = timed(summarize_within_budget)
    note = "" if len(summaries) == len(articles) else f"budget {args.summarize_budget:.0f}s: {len(summaries)} random articles"
    rows.append(StageRow(n, "summarize", "article", len(summaries), len(articles), t.seconds, t.cpu_seconds, t.peak_rss_mib, t.delta_rss_mib, note))
    print("summarize ", end="", flush=True)

    # Every sentence a build would translate: titles and summary sentences (of the summarized articles).
    items = []
    for i, s in sorted(summaries.items()):
        a = articles[i]
        items.append((f"{a.doc_id}#title", a.title))
        items += [(f"{a.doc_id}#{x.sentence.id}", x.sentence.text.strip()) for x in s.sentences]
    per_article_items = len(items) / max(len(summaries), 1)
    total_items = round(per_article_items * len(articles))
    translated: dict[str, str] = {}
    if engine_ok and items:
        sample = random.Random(n).sample(items, min(args.translate_sample, len(items)))
        row, translated = _translate_row(n, sample, total_items, glossary, report)
        rows.append(row)
        english_pool += [en for en in translated.values() if en]
        print("translate ", end="", flush=True)

    comparison, t = timed(lambda: compare_stage(Corpus(tuple(articles)), glossary))
    rows.append(StageRow(n, "compare", "article", len(articles), len(articles), t.seconds, t.cpu_seconds, t.peak_rss_mib, t.delta_rss_mib))
    briefing = _briefing(articles, summaries, translated, english_pool, glossary, comparison)
    out_dir = Path(tempfile.mkdtemp(dir=os.environ["ZHBRIEF_HOME"], prefix=f"render-{n}-"))
    written, t = timed(lambda: _render(briefing, out_dir))
    note = "" if len(summaries) == len(articles) else "unmeasured articles: lead sentences stand in for the summary"
    if len(translated) < total_items:
        note += ("; " if note else "") + "untranslated sentences carry recycled real model English"
    rows.append(StageRow(n, "render", "article", len(articles), len(articles), t.seconds, t.cpu_seconds, t.peak_rss_mib, t.delta_rss_mib,
                         note + f"; {written} files written atomically"))
    shutil.rmtree(out_dir, ignore_errors=True)
    print("render", end="", flush=True)
    return rows


def _translate_row(n, sample, total_items, glossary, report) -> tuple[StageRow, dict[str, str]]:
    from zhbrief.translate import load_engine, translate_texts

    saved = os.environ["ZHBRIEF_CACHE"]
    fresh = Path(tempfile.mkdtemp(dir=os.environ["ZHBRIEF_HOME"], prefix=f"tcache-{n}-"))
    os.environ["ZHBRIEF_CACHE"] = str(fresh)  # a cold cache of its own: sizes share sentences
    try:
        engine, t_load = timed(load_engine)
        report.setup.setdefault("engine_load_s", round(t_load.seconds, 2))
        report.setup.setdefault("engine_load_rss_mib", round(t_load.delta_rss_mib, 1))
        out, t = timed(lambda: translate_texts(sample, glossary, engine))
        cold_calls = engine.calls
        cache_files = [p for p in fresh.rglob("*") if p.is_file()]
        row = StageRow(n, "translate", "sentence", len(sample), total_items, t.seconds, t.cpu_seconds, t.peak_rss_mib, t.delta_rss_mib,
                       f"sample of {len(sample)}/{total_items} sentences, {cold_calls} sent to the model")
        if cache_files:
            warm_engine = load_engine()  # a new run: only the on-disk cache carries over
            _, tw = timed(lambda: translate_texts(sample, glossary, warm_engine))
            row.warm_seconds = tw.seconds
            row.warm_note = f"{len(sample) - warm_engine.calls}/{len(sample)} from the cache"
        else:
            row.warm_seconds = t.seconds
            row.warm_note = "no translation cache in this build: warm = cold"
        return row, {sid: ts.en for (sid, _), ts in zip(sample, out)}
    finally:
        os.environ["ZHBRIEF_CACHE"] = saved


def _briefing(articles, summaries, translated, english_pool, glossary, comparison):
    """The Briefing a build would render, from real stage outputs; see the render row's note for stand-ins."""
    from zhbrief.models import ArticleBriefing, Briefing, ScoredSentence, Summary, TranslatedSentence
    from zhbrief.summarize import SummarizeOptions

    k = SummarizeOptions().sentences
    english = english_pool or ["(no model)"]
    counter = iter(range(10**9))

    def en(key: str) -> str:
        return translated.get(key) or english[next(counter) % len(english)]

    briefs = []
    for i, a in enumerate(articles):
        if i in summaries:
            s = summaries[i]
        else:
            s = Summary(a.doc_id, tuple(ScoredSentence(x, 0.0) for x in a.body[:k]), "lead (benchmark stand-in)")
        rows = tuple(
            TranslatedSentence(x.sentence.id, x.sentence.text.strip(), en(f"{a.doc_id}#{x.sentence.id}"))
            for x in s.sentences
        )
        briefs.append(ArticleBriefing(a, s, en(f"{a.doc_id}#title"), rows))
    return Briefing(tuple(briefs), comparison, "zhbrief benchmark", glossary_path=str(glossary.path),
                    glossary_sha256=glossary.sha256)


def _render(briefing, out_dir: Path) -> int:
    """What build does after compare: render the comparative and per-article briefings and write them."""
    from zhbrief import pipeline

    write = getattr(pipeline, "write_briefings", None)
    if write is not None:
        return len(write(briefing, out_dir))
    from zhbrief.render import render_briefing

    pipeline.atomic_write(out_dir / "briefing.md", render_briefing(briefing))
    return 1


def _growth(stages: list[StageRow]) -> dict:
    """Per-article cost of each stage at each size (wall and CPU ms), and the ratio largest/smallest size."""
    out: dict[str, dict] = {}
    for r in stages:
        cpu_total = r.cpu_seconds / max(r.done, 1) * r.total
        entry = out.setdefault(r.stage, {"wall_ms": {}, "cpu_ms": {}})
        entry["wall_ms"][str(r.size)] = round(r.projected_s / r.size * 1000, 2)
        entry["cpu_ms"][str(r.size)] = round(cpu_total / r.size * 1000, 2)
    for entry in out.values():
        for key in ("wall_ms", "cpu_ms"):
            vals = list(entry[key].values())
            if len(vals) > 1 and vals[0] > 0:
                entry[f"{key}_ratio"] = round(vals[-1] / vals[0], 2)
    return out


# --- side by side --------------------------------------------------------------------------------


def _comparisons(files, engine_ok, work: Path, args) -> dict:
    from zhbrief.load import load

    texts = [load(f).text for f in files]
    out = {}
    print("compare: opencc ", end="", flush=True)
    out["opencc"] = _compare_opencc(texts, work)
    print("jieba ", end="", flush=True)
    out["segmentation"] = _compare_jieba(texts)
    if engine_ok:
        print("translation", end="", flush=True)
        out["translation"] = _compare_batching(texts, work)
    print(flush=True)
    return out


def _compare_opencc(texts: list[str], work: Path) -> dict:
    """t2s on the same traditional text: opencc-python-reimplemented here, the C++ binding in its own venv."""
    to_trad = converter("s2t")
    text = ""
    for t in texts:  # the corpus's traditional articles, else simplified text made traditional
        if len(text) >= OPENCC_MAX_CHARS:
            break
        text += t
    text = to_trad.convert(text[:OPENCC_MAX_CHARS])
    src = work / "opencc-in.txt"
    src.write_text(text, "utf-8")
    import opencc

    res: dict = {"chars": len(text), "python_module": getattr(opencc, "__file__", "?")}
    t0 = time.perf_counter()
    py = converter("t2s")
    py.convert("測試")
    res["python_init_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    py_out = py.convert(text)
    res["python_s"] = round(time.perf_counter() - t0, 3)
    res["python_chars_per_s"] = round(len(text) / res["python_s"])

    python = _opencc_cpp_python(work)
    if python is None:
        res["cpp"] = f"skipped: could not install {OPENCC_CPP_REQUIREMENT!r} into a venv (offline?)"
        return res
    dst = work / "opencc-out.txt"
    script = (
        "import json, sys, time, opencc\n"
        "t0 = time.perf_counter()\n"
        "try:\n    c = opencc.OpenCC('t2s.json')\nexcept Exception:\n    c = opencc.OpenCC('t2s')\n"
        "c.convert('測試'); init = time.perf_counter() - t0\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "t0 = time.perf_counter(); out = c.convert(text); dt = time.perf_counter() - t0\n"
        "open(sys.argv[2], 'w', encoding='utf-8').write(out)\n"
        "print(json.dumps({'init_s': init, 's': dt, 'version': getattr(opencc, '__version__', '?')}))\n"
    )
    proc = subprocess.run([str(python), "-c", script, str(src), str(dst)], capture_output=True, text=True)
    if proc.returncode != 0:
        res["cpp"] = "failed: " + proc.stderr.strip()[-300:]
        return res
    cpp = json.loads(proc.stdout)
    cpp_out = dst.read_text("utf-8")
    res.update(
        cpp_version=cpp["version"],
        cpp_init_s=round(cpp["init_s"], 3),
        cpp_s=round(cpp["s"], 4),
        cpp_chars_per_s=round(len(text) / max(cpp["s"], 1e-9)),
        speedup_cpp_over_python=round(res["python_s"] / max(cpp["s"], 1e-9), 1),
        identical_output=py_out == cpp_out,
        differing_chars=_char_diff(py_out, cpp_out),
    )
    return res


def _opencc_cpp_python(work: Path) -> Path | None:
    """A venv under bench/out with the C++ `opencc` (it shadows the pure-Python module, so not in ours)."""
    venv = OUT / "venv-opencc"
    python = venv / "bin" / "python"
    if python.exists() and subprocess.run([str(python), "-c", "import opencc"], capture_output=True).returncode == 0:
        return python
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        OPENCC_CPP_REQUIREMENT], check=True, capture_output=True, timeout=300)
    except (subprocess.SubprocessError, OSError):
        return None
    return python


def _char_diff(a: str, b: str) -> int:
    if len(a) != len(b):
        return abs(len(a) - len(b)) + sum(x != y for x, y in zip(a, b))
    return sum(x != y for x, y in zip(a, b))


def _compare_jieba(texts: list[str]) -> dict:
    """Segment the same lines with jieba (a private Tokenizer, as zhbrief uses it) and rjieba."""
    import logging

    lines, size = [], 0
    for t in texts:
        for ln in t.split("\n"):
            if ln.strip() and size < JIEBA_MAX_CHARS:
                lines.append(ln.strip())
                size += len(ln)
    res: dict = {"lines": len(lines), "chars": size}
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    t0 = time.perf_counter()
    tok = jieba.Tokenizer()
    tok.tmp_dir = os.environ["ZHBRIEF_CACHE"]
    tok.initialize()
    res["jieba_init_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    j = [tok.lcut(ln) for ln in lines]
    res["jieba_s"] = round(time.perf_counter() - t0, 3)
    try:
        t0 = time.perf_counter()
        import rjieba

        rjieba.cut("测试")
        res["rjieba_init_s"] = round(time.perf_counter() - t0, 3)
    except ImportError:
        res["rjieba"] = "skipped: rjieba not installed (pip install -e '.[bench]')"
        return res
    t0 = time.perf_counter()
    r = [rjieba.cut(ln) for ln in lines]
    res["rjieba_s"] = round(time.perf_counter() - t0, 3)
    res["speedup_rjieba_over_jieba"] = round(res["jieba_s"] / max(res["rjieba_s"], 1e-9), 1)
    res["identical_lines_share"] = round(sum(a == list(b) for a, b in zip(j, r)) / max(len(lines), 1), 3)
    return res


def _compare_batching(texts: list[str], work: Path) -> dict:
    """argostranslate-style (one sentence per model call) vs zhbrief's engine (one batched call)."""
    from zhbrief.normalize import split_sentences
    from zhbrief.translate import load_engine

    sentences = []
    for t in texts:
        sentences += [s.strip() for s in split_sentences(t.replace("\n", "")) if 10 <= len(s.strip()) <= 120]
    sample = random.Random(0).sample(sentences, min(SENTENCE_AT_A_TIME_SAMPLE, len(sentences)))
    saved = os.environ["ZHBRIEF_CACHE"]
    res: dict = {"sentences": len(sample)}
    try:
        for how in ("one_at_a_time", "batched"):
            os.environ["ZHBRIEF_CACHE"] = tempfile.mkdtemp(dir=work, prefix=f"cache-{how}-")  # no cache hits
            engine = load_engine()
            t0 = time.perf_counter()
            out = [engine.translate([s])[0] for s in sample] if how == "one_at_a_time" else engine.translate(sample)
            res[f"{how}_s"] = round(time.perf_counter() - t0, 2)
            res[f"{how}_model_calls"] = engine.calls
            res[f"_{how}_out"] = out
    finally:
        os.environ["ZHBRIEF_CACHE"] = saved
    res["speedup_batched"] = round(res["one_at_a_time_s"] / max(res["batched_s"], 1e-9), 2)
    res["identical_outputs"] = sum(a == b for a, b in zip(res.pop("_one_at_a_time_out"), res.pop("_batched_out")))
    return res


# --- build --jobs --------------------------------------------------------------------------------


def _jobs(files: list[Path], work: Path, report: Report) -> dict:
    """pipeline.build with --jobs 1 and 2 on the same inputs; outputs compared byte for byte."""
    from zhbrief.pipeline import BuildOptions, build

    inputs = work / f"jobs-in-{len(files)}"
    inputs.mkdir()
    for f in files:
        os.link(f, inputs / f.name)
    res: dict = {"articles": len(files), "engine": EchoEngine.signature}
    outs = {}
    print(f"jobs: ", end="", flush=True)
    for jobs in (1, 2):
        out_dir = work / f"jobs-out-{jobs}"
        engine = EchoEngine()
        # A cache of its own per run: the second run would otherwise find every translation (and its
        # term checks) already done by the first, and look faster for it.
        os.environ["ZHBRIEF_CACHE"] = str(work / f"jobs-cache-{jobs}")
        t0, c0 = time.perf_counter(), os.times()
        build([inputs], BuildOptions(out_dir=out_dir, jobs=jobs), engine=engine)
        res[f"jobs{jobs}_s"] = round(time.perf_counter() - t0, 2)
        c1 = os.times()
        cpu = (c1.user + c1.system + c1.children_user + c1.children_system) - (c0.user + c0.system + c0.children_user + c0.children_system)
        res[f"jobs{jobs}_cpu_s"] = round(cpu, 2)
        res[f"jobs{jobs}_cores_used"] = round(cpu / max(res[f"jobs{jobs}_s"], 1e-9), 2)
        res["sentences_translated"] = engine.calls
        outs[jobs] = {p.name: p.read_bytes() for p in sorted(out_dir.iterdir())}
        print(f"{jobs} ", end="", flush=True)
    print(flush=True)
    res["speedup"] = round(res["jobs1_s"] / max(res["jobs2_s"], 1e-9), 2)
    res["files"] = len(outs[1])
    res["identical_files"] = sum(outs[2].get(name) == data for name, data in outs[1].items())
    res["identical"] = outs[1] == outs[2]
    # With the real model the same translation runs once in the parent either way: add its cost to both.
    per_sentence = [r.per_unit_ms / 1000 for r in report.stages if r.stage == "translate"]
    if per_sentence:
        t_tr = sum(per_sentence) / len(per_sentence) * res["sentences_translated"]
        res["real_model_translate_s_estimate"] = round(t_tr, 1)
        res["speedup_with_real_model_estimate"] = round((res["jobs1_s"] + t_tr) / (res["jobs2_s"] + t_tr), 2)
    return res


# --- helpers -------------------------------------------------------------------------------------


def _model_dir() -> Path | None:
    """The folder holding the installed zh->en package, looked up before our own ZHBRIEF_HOME is set."""
    from zhbrief.errors import ModelMissingError
    from zhbrief.translate.package import find_zh_en

    try:
        return find_zh_en().path.parent
    except ModelMissingError:
        return None


def _glossary():
    from zhbrief import paths
    from zhbrief.glossary import load_glossary

    return load_glossary(paths.default_glossary())


def _jsonable(report: Report) -> dict:
    d = asdict(report)
    for row, r in zip(d["stages"], report.stages):
        row["per_unit_ms"] = round(r.per_unit_ms, 3)
        row["projected_s"] = round(r.projected_s, 3)
    return d


def print_report(r: Report) -> None:
    w = print
    w("")
    w(f"zhbrief {r.machine['zhbrief']} benchmark, {r.started}, Python {r.machine['python']}, "
      f"{r.machine['cpus']} CPUs, load average {r.machine['loadavg_start'][0]:.2f} at start, "
      f"{r.machine.get('loadavg_end', (0,))[0]:.2f} at end")
    w(f"corpus: {r.corpus['articles']} articles ({r.corpus['bytes'] / MIB:.1f} MiB) of shuffled real paragraphs "
      f"from {'; '.join(r.corpus['sources'])}")
    w("")
    hdr = f"{'size':>5} {'stage':<10} {'measured':>12} {'time s':>8} {'ms/unit':>9} {'cpu ms':>8} {'units/s':>8} " \
          f"{'total s':>8} {'share':>6} {'peak MiB':>9} {'+MiB':>6}  note"
    w(hdr)
    w("-" * len(hdr))
    for size in sorted({s.size for s in r.stages}):
        rows = [s for s in r.stages if s.size == size]
        total = sum(s.projected_s for s in rows) or 1
        for s in rows:
            measured = f"{s.done}/{s.total} {'art' if s.unit == 'article' else 'sent'}"
            rate = 1000 / s.per_unit_ms if s.per_unit_ms else float("inf")
            cpu_ms = 1000 * s.cpu_seconds / max(s.done, 1)
            w(f"{size:>5} {s.stage:<10} {measured:>12} {s.seconds:>8.2f} {s.per_unit_ms:>9.2f} {cpu_ms:>8.2f} {rate:>8.1f} "
              f"{s.projected_s:>8.1f} {100 * s.projected_s / total:>5.1f}% {s.peak_rss_mib:>9.0f} {s.delta_rss_mib:>6.0f}  {s.note}")
            if s.stage == "translate":
                w(f"{'':>5} {'  warm':<10} {'':>12} {s.warm_seconds:>8.2f} "
                  f"{1000 * s.warm_seconds / max(s.done, 1):>9.2f} {'':>8} {'':>8} {'':>8} {'':>6} {'':>9} {'':>6}  {s.warm_note}")
        w(f"{'':>5} {'= build':<10} {'':>12} {'':>8} {1000 * total / size:>9.1f} {'':>8} {'':>8} {total:>8.1f}  "
          f"(ms per article, projected seconds for all {size})")
        w("")
    w("per-article cost by corpus size, ms per article (translate: its sentences), CPU time | wall time:")
    sizes = sorted({s.size for s in r.stages})
    w(f"  {'stage':<10} " + " ".join(f"{n:>9}" for n in sizes) + f" {'cpu ratio':>9} |"
      + " ".join(f"{n:>9}" for n in sizes) + f" {'wall ratio':>10}")
    for stage, e in r.per_article.items():
        w(f"  {stage:<10} " + " ".join(f"{e['cpu_ms'].get(str(n), float('nan')):>9.2f}" for n in sizes)
          + f" {e.get('cpu_ms_ratio', float('nan')):>9.2f} |"
          + " ".join(f"{e['wall_ms'].get(str(n), float('nan')):>9.2f}" for n in sizes)
          + f" {e.get('wall_ms_ratio', float('nan')):>10.2f}")
    if r.setup:
        w("one-off setup: " + ", ".join(f"{k} {v}" for k, v in r.setup.items()))
    c = r.comparisons
    if c:
        w("")
        w("side by side, same input:")
        o = c.get("opencc", {})
        if "cpp_s" in o:
            w(f"  OpenCC t2s on {o['chars']:,} chars: opencc-python-reimplemented {o['python_s']:.3f} s "
              f"({o['python_chars_per_s']:,} chars/s) vs C++ opencc {o['cpp_version']} {o['cpp_s']:.4f} s "
              f"({o['cpp_chars_per_s']:,} chars/s): C++ {o['speedup_cpp_over_python']}x faster; "
              f"outputs {'identical' if o['identical_output'] else 'differ in %d chars' % o['differing_chars']}; "
              f"init {o['python_init_s']} s vs {o['cpp_init_s']} s")
        elif o:
            w(f"  OpenCC: python {o.get('python_s')} s; C++ {o.get('cpp')}")
        j = c.get("segmentation", {})
        if "rjieba_s" in j:
            w(f"  segmentation of {j['chars']:,} chars ({j['lines']} lines): jieba {j['jieba_s']:.2f} s vs rjieba "
              f"{j['rjieba_s']:.2f} s: rjieba {j['speedup_rjieba_over_jieba']}x faster; identical tokens on "
              f"{100 * j['identical_lines_share']:.1f}% of lines; init {j['jieba_init_s']} s vs {j['rjieba_init_s']} s")
        elif j:
            w(f"  segmentation: jieba {j.get('jieba_s')} s; {j.get('rjieba')}")
        t = c.get("translation")
        if t:
            w(f"  translation of {t['sentences']} sentences: one per model call (argostranslate-style) "
              f"{t['one_at_a_time_s']:.2f} s vs zhbrief batched {t['batched_s']:.2f} s: batched "
              f"{t['speedup_batched']}x faster; {t['identical_outputs']}/{t['sentences']} outputs identical")
    j = r.jobs
    if j:
        w("")
        w(f"build --jobs on {j['articles']} articles ({j['engine']}; {j['sentences_translated']} sentences to translate): "
          f"--jobs 1 {j['jobs1_s']:.1f} s, --jobs 2 {j['jobs2_s']:.1f} s: speed-up {j['speedup']}x; "
          f"outputs {'identical' if j['identical'] else 'DIFFER'} ({j['identical_files']}/{j['files']} files byte-identical)")
        w(f"  CPU seconds (parent + workers): {j['jobs1_cpu_s']:.1f} vs {j['jobs2_cpu_s']:.1f}; cores kept busy on average: "
          f"{j['jobs1_cores_used']} vs {j['jobs2_cores_used']} (of {os.cpu_count()}; other users' load takes the rest)")
        if "speedup_with_real_model_estimate" in j:
            w(f"  with the real model (+{j['real_model_translate_s_estimate']:.0f} s of translation in the parent, "
              f"same for both): speed-up ~{j['speedup_with_real_model_estimate']}x (estimate)")
    for note in r.notes:
        w(f"note: {note}")


if __name__ == "__main__":
    sys.exit(main())
