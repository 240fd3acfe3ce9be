"""build --jobs N, batches with bad and oversized files, Ctrl-C mid-build, and safe output names."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from zhbrief.cli import main
from zhbrief.filenames import MAX_STEM_BYTES, safe_stem, unique_names
from zhbrief.parallel import PrepareOptions, Workers, _context, corpus_overlap, prepare
from zhbrief.pipeline import COMPARATIVE_NAME, BuildOptions, build

from conftest import REPO, FakeEngine

ARTICLES = {
    "county_training.txt": "县教育局启动暑期教师培训计划\n\n本月起，县教育局组织全县三百多名中小学教师参加暑期培训。"
    "培训内容包括课堂教学、心理健康教育和信息技术应用。\n\n教育局负责人表示，培训将持续四周。参加培训的教师普遍认为收获很大。",
    "kindergartens_trad.txt": "城市新建三所公立幼兒園\n\n市政府宣布今年將新建三所公立幼兒園，新增學位九百個。"
    "新園預計明年秋季開學。\n\n家長對此表示歡迎，認為入園難問題將得到緩解。",
    "rural_libraries.txt": "乡村学校用上了新的图书室\n\n在基金会的支持下，十二所乡村小学建成了标准化图书室。"
    "每所学校获得两千册图书。\n\n校长们说，学生课后阅读的时间明显增加。下一步还将培训图书管理员。",
    "graduate_jobs.txt": "高校毕业生就业服务周在省城举行\n\n本周，省人社厅联合多所高校举办毕业生就业服务周。"
    "两百余家用人单位提供岗位五千多个。\n\n现场还开设了简历指导和职业规划咨询。主办方称，活动将在线上延续一个月。",
    "labour_education.txt": "中学开展劳动教育实践活动\n\n某中学组织学生走进农场，参加播种和收割等劳动。"
    "学校把劳动教育纳入课程，每周安排一课时。\n\n老师说，学生在劳动中学会了合作。家长也积极参与了活动。",
}
VOCATIONAL_GB18030 = "职业教育改革试点扩大到十个市\n\n省教育厅宣布，职业教育产教融合试点扩大到十个地级市。" \
                     "试点学校将与企业共建实训基地。预计三年内培养技能人才两万名。"


FEW = {"county_training.txt", "kindergartens_trad.txt", "rural_libraries.txt"}  # enough where the count is moot


def write_articles(folder: Path, names=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        if names is None or name in names:
            (folder / name).write_text(text, "utf-8")
    if names is None:
        (folder / "vocational_gb18030.txt").write_bytes(VOCATIONAL_GB18030.encode("gb18030"))
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_jobs_2_writes_the_same_bytes_as_jobs_1(tmp_path):
    inputs = write_articles(tmp_path / "in")
    (inputs / "zz_binary.bin").write_bytes(bytes(range(256)) * 20)
    (inputs / "zz_empty.txt").write_bytes(b"")
    results = {}
    for jobs in (1, 2):
        results[jobs] = build([inputs], BuildOptions(out_dir=tmp_path / f"out{jobs}", jobs=jobs), engine=FakeEngine())
    one, two = snapshot(tmp_path / "out1"), snapshot(tmp_path / "out2")
    assert len(one) == 1 + len(ARTICLES) + 1  # comparative + one per article
    assert one == two
    assert results[1].failures == results[2].failures
    assert [Path(p).name for p, _ in results[2].failures] == ["zz_binary.bin", "zz_empty.txt"]


@pytest.fixture
def other_thread():
    """A second thread in this process, as a progress bar or the model runtime would run."""
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    yield t
    stop.set()
    t.join()


def test_jobs_2_writes_the_same_bytes_while_another_thread_runs(tmp_path, other_thread):
    """Regression: with a thread running, workers are spawned (a fork could inherit a held lock)."""
    if "fork" in multiprocessing.get_all_start_methods():
        assert _context().get_start_method() == "spawn"
    inputs = write_articles(tmp_path / "in", FEW)
    for jobs in (1, 2):
        build([inputs], BuildOptions(out_dir=tmp_path / f"out{jobs}", jobs=jobs), engine=FakeEngine())
    assert snapshot(tmp_path / "out1") == snapshot(tmp_path / "out2")


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_overlap_from_the_workers_rankings_equals_the_summarizers_own(tmp_path, jobs):
    """Regression: the overlap reuses the rankings computed in the workers, and must not change."""
    inputs = write_articles(tmp_path / "in")
    options = PrepareOptions(rank=True)
    with Workers(jobs) as workers:
        prepared = workers.prepare(sorted(inputs.iterdir()), options)
        from_workers = workers.overlap(prepared, options).result()
    articles = [p.article for p in prepared if p.article is not None]
    assert all(p.ranked for p in prepared if p.article is not None)
    assert from_workers == corpus_overlap(articles, {})  # {}: ranked afresh here
    assert from_workers.shared or from_workers.distinctive


def test_an_error_while_the_overlap_runs_in_a_worker_stops_the_workers_at_once(tmp_path):
    """Regression: leaving the build on an error (or Ctrl-C) must not wait for a long overlap task."""
    inputs = write_articles(tmp_path / "in")
    options = PrepareOptions(rank=True)
    with pytest.raises(RuntimeError):
        with Workers(2) as workers:
            prepared = workers.prepare(sorted(inputs.iterdir()), options)
            workers.overlap(list(prepared) * 40, options)  # seconds of work in a worker
            assert multiprocessing.active_children()
            raise RuntimeError("the engine failed to load")
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not multiprocessing.active_children()


def test_prepare_keeps_the_input_order_whatever_finishes_first(tmp_path):
    inputs = write_articles(tmp_path / "in", FEW)
    paths = sorted(inputs.iterdir(), reverse=True)
    seen = []
    prepared = prepare(paths, PrepareOptions(), jobs=2, progress=lambda stage, n: seen.append((stage, n)))
    assert [p.path for p in prepared] == [str(p) for p in paths]
    assert all(p.article is not None and p.summary is not None for p in prepared)
    assert sum(n for _, n in seen) == len(paths)


def test_a_batch_with_a_bad_file_and_a_50_mb_file_still_briefs_every_good_article(tmp_path):
    inputs = write_articles(tmp_path / "in", FEW)
    (inputs / "bad.txt").write_bytes(b"\x00\x01\x02\x03" * 2000)
    big = inputs / "dump.txt"
    with open(big, "wb") as f:  # 50 MB of real text: a concatenated dump, not an article
        block = ("教育部发布通知，要求各地做好学校安全工作。" * 1000 + "\n").encode("utf-8")
        for _ in range(50 * 2**20 // len(block) + 1):
            f.write(block)
    assert big.stat().st_size >= 50 * 2**20
    started = time.perf_counter()
    result = build([inputs], BuildOptions(out_dir=tmp_path / "out", jobs=2), engine=FakeEngine())
    reasons = {Path(p).name: r for p, r in result.failures}
    assert set(reasons) == {"bad.txt", "dump.txt"}
    assert "MiB limit of one article" in reasons["dump.txt"]
    assert {p.name for p in result.written} == {COMPARATIVE_NAME} | {
        Path(n).stem + ".md" for n in FEW
    }
    assert "dump.txt" in (tmp_path / "out" / COMPARATIVE_NAME).read_text("utf-8")  # listed as not used
    assert time.perf_counter() - started < 120  # refused by its size, never read whole


def test_cli_jobs_option_reaches_the_build(tmp_path, capsys):
    """--jobs is accepted; without a model the build still stops with the model message, writing nothing."""
    inputs = write_articles(tmp_path / "in", names={"county_training.txt"})
    assert main(["build", str(inputs), "-o", str(tmp_path / "out"), "--jobs", "2"]) == 4  # EXIT_MODEL
    assert "zhbrief model fetch" in capsys.readouterr().err
    assert not (tmp_path / "out" / COMPARATIVE_NAME).exists()


@pytest.mark.parametrize(
    "title, expected",
    [
        ("教育部发布新规", "教育部发布新规"),
        ("../../etc/passwd", "etc_passwd"),
        ("..", "article"),
        ("", "article"),
        ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("Com1", "_Com1"),
        ("lpt9.tar.gz", "_lpt9.tar.gz"),
        ("console", "console"),
        ("标题\x00带\x1b控制\x7f字符", "标题_带_控制_字符"),
        ("bidi\u202eevil\u200bname", "bidi_evil_name"),
        (" .hidden. ", "hidden"),
        ("两会 · 教育\t热点\n", "两会_·_教育_热点"),
        ("lone\ud800surrogate", "lone_surrogate"),
    ],
)
def test_safe_stem(title, expected):
    assert safe_stem(title) == expected


def test_safe_stem_is_length_limited_on_a_character_boundary():
    stem = safe_stem("教" * 500)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert stem == "教" * (MAX_STEM_BYTES // 3)


@pytest.mark.parametrize(
    "stems, expected",
    [
        (["a", "b"], ["a.md", "b.md"]),
        (["a", "a", "a"], ["a.md", "a-2.md", "a-3.md"]),
        (["Report", "report"], ["Report.md", "report-2.md"]),  # same file on macOS and Windows
        (["briefing", "x"], ["briefing-2.md", "x.md"]),  # never overwrites the comparative briefing
        (["../a", "a"], ["a.md", "a-2.md"]),
    ],
)
def test_unique_names(stems, expected):
    assert unique_names(stems, ".md", reserved=[COMPARATIVE_NAME]) == expected


def test_articles_with_the_same_file_name_in_two_folders_both_get_a_briefing(tmp_path):
    """Regression: the second article's briefing used to overwrite the first's (both were report.md)."""
    for sub, name in (("a", "county_training.txt"), ("b", "rural_libraries.txt")):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "report.txt").write_text(ARTICLES[name], "utf-8")
    result = build([tmp_path / "in"], BuildOptions(out_dir=tmp_path / "out"), engine=FakeEngine())
    assert sorted(p.name for p in result.written) == [COMPARATIVE_NAME, "report-2.md", "report.md"]
    assert "教师培训" in (tmp_path / "out" / "report.md").read_text("utf-8")
    assert "图书室" in (tmp_path / "out" / "report-2.md").read_text("utf-8")


# --- Ctrl-C ------------------------------------------------------------------------------------------

DRIVER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from zhbrief.pipeline import BuildOptions, build

    class TaggedEngine:
        model_id = "tagged"

        def __init__(self, tag, delay):
            self.tag, self.calls, self.delay = tag, 0, delay

        @property
        def signature(self):
            return "tagged " + self.tag

        def translate(self, sentences):
            time.sleep(self.delay)  # a model at work
            self.calls += len(sentences)
            return [self.tag + " " + s for s in sentences]

    def main():
        inputs, out, tag, jobs, slow_write, slow_translate = sys.argv[1:7]
        if float(slow_write):
            real_replace = os.replace

            def slow_replace(src, dst):  # the temp file is whole; the rename has not happened yet
                print("writing", flush=True)
                time.sleep(float(slow_write))
                real_replace(src, dst)

            os.replace = slow_replace
        try:
            build([Path(inputs)], BuildOptions(out_dir=Path(out), jobs=int(jobs)), engine=TaggedEngine(tag, float(slow_translate)),
                  progress=lambda stage, n: print(stage, flush=True))
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(130)
        print("done", flush=True)

    if __name__ == "__main__":
        main()
    """
)


def run_driver(tmp_path, inputs, out, tag, jobs=1, slow_write=0.0, slow_translate=0.0):
    script = tmp_path / "driver.py"
    script.write_text(DRIVER, "utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), str(inputs), str(out), tag, str(jobs), str(slow_write), str(slow_translate)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")}, start_new_session=True,
        # as from a terminal: a suite started in the background (`cmd &`) ignores SIGINT, and its children
        # would inherit that and never see the Ctrl-C these tests send
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def wait_for_line(proc, wanted: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.strip() == wanted:
            return
    proc.kill()
    pytest.fail(f"driver never printed {wanted!r}: {proc.stderr.read()[-2000:]}")


def finish(proc, timeout: float = 120) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the build did not stop after Ctrl-C")
    return proc.returncode, err


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]


def test_ctrl_c_while_articles_are_prepared_stops_cleanly_and_keeps_earlier_briefings(tmp_path):
    inputs = write_articles(tmp_path / "in", FEW)
    out = tmp_path / "out"
    earlier = run_driver(tmp_path, inputs, out, "v1")
    assert finish(earlier)[0] == 0
    before = snapshot(out)

    # The slow model makes sure the build is still running when Ctrl-C comes, even on a loaded machine.
    proc = run_driver(tmp_path, inputs, out, "v2", jobs=2, slow_translate=60)
    wait_for_line(proc, "normalize")
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the parent and its workers get it
    code, err = finish(proc)
    assert code == 130
    assert "Traceback" not in err  # workers ignore Ctrl-C; the parent stops them
    assert snapshot(out) == before  # nothing half-written, nothing lost
    assert leftovers(out) == []


def test_ctrl_c_while_briefings_are_written_leaves_every_file_whole(tmp_path):
    inputs = write_articles(tmp_path / "in", FEW)
    out, reference = tmp_path / "out", tmp_path / "reference"
    for tag, folder in (("v1", out), ("v2", reference)):
        assert finish(run_driver(tmp_path, inputs, folder, tag))[0] == 0
    old, new = snapshot(out), snapshot(reference)
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old)

    proc = run_driver(tmp_path, inputs, out, "v2", slow_write=0.3)
    wait_for_line(proc, "writing")  # the first temp file is written, not yet renamed
    os.kill(proc.pid, signal.SIGINT)
    code, _ = finish(proc)
    assert code == 130
    after = snapshot(out)
    assert after.keys() == old.keys() and leftovers(out) == []
    for name, data in after.items():
        assert data in (old[name], new[name]), f"{name} is neither the old nor the new briefing"
    replaced = [name for name in after if after[name] == new[name]]
    assert 1 <= len(replaced) < len(after)  # stopped mid-way, and the file in flight was finished
