"""build --cluster on a real Dask LocalCluster of two worker processes, with the real model: the same
briefings and cache rows as a local build, a worker killed mid-build, unusable files reported."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from conftest import DATA, MODEL_DIR, REPO

distributed = pytest.importorskip("distributed")

from zhbrief.cli import main  # noqa: E402
from zhbrief.errors import EXIT_PARTIAL  # noqa: E402
from zhbrief.pipeline import BuildOptions, build  # noqa: E402
from zhbrief.summarize import SummarizeOptions  # noqa: E402

pytestmark = pytest.mark.model
SENTENCES = 2  # per article: with the seed, enough sentences for two translation chunks
BAD = {"c_empty.txt": b"", "d_binary.bin": bytes(range(256)) * 40}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Three regions' articles (each translated with its own scoped glossary), one seed, two bad files."""
    folder = tmp_path_factory.mktemp("in")
    for name in ("simplified_utf8.txt", "tw_big5.txt", "hk_traditional.txt"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    seed = sorted((REPO / "seeds").iterdir())[0]
    (folder / seed.name).write_bytes(seed.read_bytes())
    for name, data in BAD.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def address(module_home):
    """A LocalCluster of 2 worker processes, one thread each; it sees the model the tests expose."""
    if MODEL_DIR is None:
        pytest.skip("translation model not installed (run scripts/setup.sh)")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARGOS_PACKAGES_DIR", str(MODEL_DIR))  # the workers inherit it when they start
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster:
            yield cluster.scheduler_address


def _build(inputs: Path, out: Path, cache: Path, monkeypatch, cluster: str = "", progress=None):
    monkeypatch.setenv("ZHBRIEF_CACHE", str(cache))
    options = BuildOptions(out_dir=out, summarize=SummarizeOptions(sentences=SENTENCES), cluster=cluster)
    return build([inputs], options, progress=progress)


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def _rows(cache: Path) -> list[tuple]:
    with sqlite3.connect(cache / "translations.sqlite3") as db:
        return db.execute("SELECT key, zh, en, terms, flags, extra FROM translations ORDER BY key").fetchall()


@pytest.fixture(scope="module")
def local(inputs, tmp_path_factory, module_home):
    """The same inputs built here, without a cluster: what every cluster build must write."""
    work = tmp_path_factory.mktemp("local")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARGOS_PACKAGES_DIR", str(MODEL_DIR))
        counts: dict[str, int] = {}
        result = _build(inputs, work / "out", work / "cache", mp,
                        progress=lambda stage, n: counts.__setitem__(stage, counts.get(stage, 0) + n))
    return result, _files(work / "out"), _rows(work / "cache"), counts, work / "cache"


def test_a_cluster_build_writes_the_local_build_byte_for_byte(address, inputs, local, tmp_path, real_model,
                                                              monkeypatch):
    result, files, rows, counts, _ = local
    seen: dict[str, int] = {}
    got = _build(inputs, tmp_path / "out", tmp_path / "cache", monkeypatch, cluster=address,
                 progress=lambda stage, n: seen.__setitem__(stage, seen.get(stage, 0) + n))
    assert len(files) == 5 and _files(tmp_path / "out") == files
    assert got.failures == result.failures and got.device == "cpu"
    # The workers' rows, stored by the driver: the local build's, each once.
    assert _rows(tmp_path / "cache") == rows
    assert seen == counts  # articles prepared (bad files included), segments translated


def test_a_worker_killed_mid_translation_loses_nothing(address, inputs, local, tmp_path, real_model, monkeypatch):
    """Regression guard for Dask's rescheduling: the build completes, output and cache as without the kill."""
    _, files, rows, _, _ = local
    killed: list[int] = []
    stop = threading.Event()

    def kill_a_translating_worker() -> None:
        with distributed.Client(address, timeout="20s") as client:
            pids = client.run(os.getpid)
            while not stop.is_set():
                busy = [w for w, keys in client.processing().items() if any("translate_chunk" in str(k) for k in keys)]
                if busy:
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    killed.append(pids[busy[0]])
                    return
                time.sleep(0.05)

    killer = threading.Thread(target=kill_a_translating_worker)
    killer.start()
    try:
        _build(inputs, tmp_path / "out", tmp_path / "cache", monkeypatch, cluster=address)
    finally:
        stop.set()
        killer.join()
    assert killed, "no worker was translating"
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)
    assert _files(tmp_path / "out") == files
    assert _rows(tmp_path / "cache") == rows


def test_unusable_files_are_reported_as_locally_and_the_rest_written(address, inputs, local, tmp_path, real_model,
                                                                    monkeypatch, capsys):
    """Through the CLI, on the local build's cache (so nothing is translated again): exit 3, each bad file
    named with the local build's reason."""
    result, files, _, _, cache = local
    monkeypatch.setenv("ZHBRIEF_CACHE", str(cache))
    code = main(["build", str(inputs), "-o", str(tmp_path / "out"), "-n", str(SENTENCES), "--cluster", address])
    err = capsys.readouterr().err
    assert code == EXIT_PARTIAL
    assert [ln for ln in err.splitlines() if ln.startswith("skipped")] == \
        [f"skipped {path}: {reason}" for path, reason in result.failures]
    assert sorted(Path(p).name for p, _ in result.failures) == sorted(BAD)
    assert _files(tmp_path / "out") == files
