"""build on a local Dask cluster of 2 workers vs --jobs 1 and --jobs 2, with the real model; and the
per-task overhead of Dask and of Ray (when installed) on this workload's per-article stage.

    .venv/bin/python bench/cluster_bench.py --articles 100 -n 1   # the issue's size: 65 min on a quiet 2-core machine
    .venv/bin/python bench/cluster_bench.py --articles 8 -n 2     # what fits in minutes
    .venv/bin/python bench/cluster_bench.py --overhead-only       # Dask vs Ray, no model

The corpus is bench/corpus.py's (real paragraphs from seeds/ and, when present, /work/shared/eval),
written to a temporary folder that is deleted after. Every build has a cold cache of its own. Prints
wall and CPU time, per-article cost, whether the three builds wrote the same bytes, and the engines'
overhead: round trips of an empty task, and prepare_data over the corpus on 2 workers against the same
work in one process.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_pool, write_corpus  # noqa: E402

WORKERS = 2
ROUND_TRIPS = 200  # empty tasks, one after the other: the latency a task pays


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def builds(files: list[Path], work: Path, sentences: int) -> dict[str, dict]:
    """--jobs 1, --jobs 2 and --cluster local (2 workers) on the same files, each with a cold cache."""
    from zhbrief.pipeline import BuildOptions, build
    from zhbrief.summarize import SummarizeOptions

    inputs = work / "in"
    inputs.mkdir()
    for f in files:
        shutil.copyfile(f, inputs / f.name)
    runs = {"jobs 1": BuildOptions(jobs=1), "jobs 2": BuildOptions(jobs=2),
            "cluster local, 2 workers": BuildOptions(jobs=WORKERS, cluster="local")}
    out: dict[str, dict] = {}
    for n, (name, options) in enumerate(runs.items()):
        os.environ["ZHBRIEF_CACHE"] = str(work / f"cache-{n}")
        out_dir = work / f"out-{n}"
        opts = BuildOptions(out_dir=out_dir, summarize=SummarizeOptions(sentences=sentences), jobs=options.jobs,
                            cluster=options.cluster)
        segments = {}
        t0, c0 = time.perf_counter(), _cpu()
        build([inputs], opts, progress=lambda stage, k: segments.__setitem__(stage, segments.get(stage, 0) + k))
        wall = time.perf_counter() - t0
        # A LocalCluster's workers are not this process's children once it has closed them: their CPU
        # time is not in os.times(), so the cluster's CPU is left out rather than understated.
        cpu = _cpu() - c0 if not options.cluster else float("nan")
        out[name] = {"wall_s": wall, "cpu_s": cpu, "segments": segments.get("translate", 0),
                     "files": {p.name: p.read_bytes() for p in sorted(out_dir.iterdir())}}
        print(f"  {name}: {wall:.1f} s", flush=True)
    return out


def _noop(x):
    return x


def dask_overhead(files: list[Path]) -> dict[str, float]:
    from distributed import Client, LocalCluster

    from zhbrief.parallel import PrepareOptions, prepare_data

    datas = [(str(f), f.read_bytes()) for f in files]
    with LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        t0 = time.perf_counter()
        client.gather(client.map(prepare_data, ["warm"] * WORKERS, [b"\xe6\x96\x87"] * WORKERS, pure=False))
        warm = time.perf_counter() - t0
        t0 = time.perf_counter()
        for i in range(ROUND_TRIPS):
            client.submit(_noop, i, pure=False).result()
        trip = (time.perf_counter() - t0) / ROUND_TRIPS
        t0 = time.perf_counter()
        client.gather([client.submit(prepare_data, p, d, PrepareOptions(), pure=False) for p, d in datas])
        prep = time.perf_counter() - t0
    return {"start_and_warm_s": warm, "round_trip_ms": trip * 1000, "prepare_s": prep}


def ray_overhead(files: list[Path]) -> dict[str, float] | None:
    try:
        import ray
    except ImportError:
        return None
    from zhbrief.parallel import PrepareOptions, prepare_data

    datas = [(str(f), f.read_bytes()) for f in files]
    ray.init(num_cpus=WORKERS, include_dashboard=False, log_to_driver=False)
    try:
        prep_remote = ray.remote(num_cpus=1)(prepare_data)
        noop = ray.remote(num_cpus=1)(_noop)
        t0 = time.perf_counter()
        ray.get([prep_remote.remote("warm", b"\xe6\x96\x87") for _ in range(WORKERS)])
        warm = time.perf_counter() - t0
        t0 = time.perf_counter()
        for i in range(ROUND_TRIPS):
            ray.get(noop.remote(i))
        trip = (time.perf_counter() - t0) / ROUND_TRIPS
        t0 = time.perf_counter()
        ray.get([prep_remote.remote(p, d, PrepareOptions()) for p, d in datas])
        prep = time.perf_counter() - t0
    finally:
        ray.shutdown()
    return {"start_and_warm_s": warm, "round_trip_ms": trip * 1000, "prepare_s": prep}


def prepare_here(files: list[Path]) -> float:
    from zhbrief.parallel import PrepareOptions, prepare_data

    prepare_data("warm", "文".encode())
    t0 = time.perf_counter()
    for f in files:
        prepare_data(str(f), f.read_bytes(), PrepareOptions())
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("-n", "--sentences", type=int, default=5, help="summary sentences per article")
    ap.add_argument("--overhead-only", action="store_true", help="only Dask vs Ray on the per-article stage")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="zhbrief-cluster-bench-"))
    try:
        if "ZHBRIEF_HOME" not in os.environ:
            # A home of our own keeps the user's cache out of it; the model is found where it is installed
            # (the workers inherit the variable), looked up before the home changes.
            from zhbrief.translate.package import find_zh_en

            os.environ.setdefault("ARGOS_PACKAGES_DIR", str(find_zh_en().path.parent))
            os.environ["ZHBRIEF_HOME"] = str(work / "home")
        files = write_corpus(build_pool(REPO / "seeds"), args.articles, work / "corpus")
        print(f"corpus: {len(files)} articles; 2 workers of 1 thread; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs", flush=True)
        here = prepare_here(files)
        print(f"\nper-article stage (load, normalize, summarize) of {len(files)} articles: {here:.1f} s in one process")
        for name, run in (("dask", dask_overhead), ("ray", ray_overhead)):
            r = run(files)
            if r is None:
                print(f"  {name}: not installed")
                continue
            print(f"  {name}: start + warm {r['start_and_warm_s']:.1f} s, empty task round trip "
                  f"{r['round_trip_ms']:.2f} ms, {len(files)} articles on 2 workers {r['prepare_s']:.1f} s "
                  f"({here / r['prepare_s']:.2f}x one process)", flush=True)
        if args.overhead_only:
            return 0
        print(f"\nbuilds, -n {args.sentences}, real model, cold cache each:", flush=True)
        res = builds(files, work, args.sentences)
        first = next(iter(res.values()))
        for name, r in res.items():
            cpu = "" if r["cpu_s"] != r["cpu_s"] else f", CPU {r['cpu_s']:.1f} s"
            print(f"  {name:26s} wall {r['wall_s']:7.1f} s{cpu}, {r['wall_s'] / len(files):.2f} s per article, "
                  f"{r['segments']} segments, {r['wall_s'] / max(r['segments'], 1):.2f} s per segment, "
                  f"same bytes as jobs 1: {r['files'] == first['files']}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the corpus holds eval text: never left behind


if __name__ == "__main__":
    sys.exit(main())
