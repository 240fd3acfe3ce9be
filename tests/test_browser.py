"""The HTML briefing in a real browser: headless Chromium lays it out, and we measure what a reader sees.

A copy of the page gets a small measuring script (the shipped page allows no script at all); the script
writes the bounding boxes of the summary table's cells into the DOM, which --dump-dom returns.
Skipped only where Chromium is absent and CI is not set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from zhbrief.pipeline import BuildOptions, build
from zhbrief.render import RenderOptions

from conftest import FakeEngine

CHROMIUM = os.environ.get("ZHBRIEF_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
BROWSER_TIMEOUT = 90  # seconds; a cold Chromium start on a busy 2-core machine takes several
DESKTOP = (1280, 1600)
PHONE = (390, 844)

ZH = [
    "天津市交流教师4587人，占符合交流条件教师比例为23.9%。",
    "安阳市目前已建立35个义务教育学校集团，参与学校113所，涉及学生13万余人。",
    "衡水市义务教育学校一体化管理共覆盖869所学校，城乡结对帮扶成效明显。",
]
EN = {
    ZH[0]: "Tianjin has 4,587 rotating teachers, 23.9% of those eligible.",
    ZH[1]: "Anyang has set up 35 compulsory education school groups with 113 schools and more than 130,000 students.",
    ZH[2]: "Integrated management of compulsory education schools in Hengshui covers 869 schools; urban-rural paired assistance shows clear results.",
    "教育协作新进展报道汇编": "New progress in education cooperation",
}

MEASURE = """
<script>
(function () {
  const table = document.querySelector("table.aligned");
  const box = (el) => { const r = el.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height, text: el.innerText}; };
  const rows = Array.from(table.querySelectorAll("tbody tr")).map((tr) => ({
    zh: box(tr.querySelector('td[lang="zh-Hans"]')),
    en: box(tr.querySelector('td[lang="en"]')),
  }));
  const out = document.createElement("pre");
  out.id = "zhbrief-layout";
  out.textContent = JSON.stringify({
    rows: rows, table: box(table), viewport: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
  });
  document.body.appendChild(out);
})();
</script>
"""


def _chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} missing in CI: .ci/run installs the Debian package chromium")
    pytest.skip("Chromium not installed (apt-get install chromium)")


def _browser(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=BROWSER_TIMEOUT, stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory, module_home) -> Path:
    src = tmp_path_factory.mktemp("browser_in")
    (src / "a.txt").write_text("教育协作新进展报道汇编\n" + "\n".join(ZH) + "\n", "utf-8")
    out = tmp_path_factory.mktemp("browser_out")
    build([src], BuildOptions(out_dir=out, render=RenderOptions(format="html")), engine=FakeEngine(EN))
    return out / "a.html"


def _layout(page: Path, size: tuple[int, int], tmp_path: Path) -> dict:
    html = page.read_text("utf-8")
    # Only the measuring copy drops the page's no-script policy; the shipped page keeps it.
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace("</body>", MEASURE + "</body>")
    probe = tmp_path / f"probe_{size[0]}.html"
    probe.write_text(html, "utf-8")
    done = _browser([f"--window-size={size[0]},{size[1]}", "--dump-dom", probe.as_uri()], tmp_path / f"profile_{size[0]}")
    m = re.search(r'<pre id="zhbrief-layout">(.*?)</pre>', done.stdout, re.S)
    assert m, done.stderr[-2000:]
    import html as _html

    return json.loads(_html.unescape(m.group(1)))


def _han(text: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", text))


def test_desktop_shows_two_aligned_columns_of_chinese_and_english(page, tmp_path):
    layout = _layout(page, DESKTOP, tmp_path)
    rows = layout["rows"]
    assert len(rows) == len(ZH)
    table_w = layout["table"]["w"]
    for row in rows:
        zh, en = row["zh"], row["en"]
        assert _han(zh["text"]) >= 10 and _han(en["text"]) == 0 and re.search(r"[A-Za-z]{4}", en["text"])
        assert abs(zh["y"] - en["y"]) < 1 and abs(zh["h"] - en["h"]) < 1  # same row, same height: aligned
        assert zh["x"] + zh["w"] <= en["x"] + 1  # Chinese column left of the English one
        assert zh["w"] > 0.3 * table_w and en["w"] > 0.3 * table_w  # two real columns, not a squeezed one
    assert len({round(r["zh"]["x"]) for r in rows}) == 1 and len({round(r["en"]["x"]) for r in rows}) == 1
    assert [r["zh"]["text"].strip() for r in rows] == ZH
    assert [r["en"]["text"].strip() for r in rows] == [EN[z] for z in ZH]


def test_phone_stacks_english_under_its_chinese_without_sideways_scrolling(page, tmp_path):
    layout = _layout(page, PHONE, tmp_path)
    assert layout["scrollWidth"] <= layout["viewport"] + 1
    for row in layout["rows"]:
        zh, en = row["zh"], row["en"]
        assert en["y"] >= zh["y"] + zh["h"] - 1  # English directly under its Chinese
        assert zh["w"] > 0.8 * layout["viewport"] and en["w"] > 0.8 * layout["viewport"]


def test_screenshot_of_the_page(page, tmp_path):
    for name, (w, h) in (("desktop", DESKTOP), ("phone", PHONE)):
        shot = tmp_path / f"{name}.png"
        done = _browser([f"--window-size={w},{h}", f"--screenshot={shot}", page.as_uri()], tmp_path / f"profile_{name}")
        assert shot.exists() and shot.stat().st_size > 10_000, done.stderr[-2000:]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        keep = os.environ.get("ZHBRIEF_SCREENSHOT_DIR")  # to look at it: set this and rerun
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, Path(keep) / shot.name)


# -- the comparative briefing's first page: overview, mechanism matrix, timeline -------------------

ARTICLES = {
    "a.txt": "天津市推进义务教育集团化办学\n发布时间：2022-04-13\n" + ZH[0] + "\n天津市推进集团化办学，城乡结对帮扶成效明显。\n",
    "b.txt": "衡水市义务教育学校一体化管理全覆盖\n发布时间：2023-03-20\n" + ZH[2] + "\n衡水市推进集团化办学，优质教育资源共享。\n",
}

FIRST_PAGE = """
<script>
(function () {
  const box = (el) => { const r = el.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height, text: el.innerText}; };
  const grid = document.querySelector(".matrix");
  const cols = getComputedStyle(grid).gridTemplateColumns.split(" ").length;
  const cells = Array.from(grid.children).map(box);
  const folded = Array.from(document.querySelectorAll("details")).map((d) => ({
    summary: box(d.querySelector("summary")), table: d.querySelector("table") ? box(d.querySelector("table")) : null,
  }));
  const out = document.createElement("pre");
  out.id = "zhbrief-layout";
  out.textContent = JSON.stringify({
    overview: box(document.querySelector(".overview")), glance: box(Array.from(document.querySelectorAll("h2")).find((h) => h.innerText === "At a glance")),
    matrix: box(grid), cols: cols, cells: cells, timeline: box(document.querySelector("svg.timeline")),
    dots: Array.from(document.querySelectorAll("svg.timeline circle")).map(box), folded: folded,
    viewport: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
  });
  document.body.appendChild(out);
})();
</script>
"""


@pytest.fixture(scope="module")
def comparative(tmp_path_factory, module_home) -> tuple[Path, object]:
    src = tmp_path_factory.mktemp("first_in")
    for name, text in ARTICLES.items():
        (src / name).write_text(text, "utf-8")
    out = tmp_path_factory.mktemp("first_out")
    result = build([src], BuildOptions(out_dir=out, render=RenderOptions(format="html")), engine=FakeEngine(EN))
    return out / "briefing.html", result.briefing


def _first_page(page: Path, size: tuple[int, int], tmp_path: Path) -> dict:
    html = page.read_text("utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace("</body>", FIRST_PAGE + "</body>")
    probe = tmp_path / f"first_{size[0]}.html"
    probe.write_text(html, "utf-8")
    done = _browser([f"--window-size={size[0]},{size[1]}", "--dump-dom", probe.as_uri()], tmp_path / f"profile_first_{size[0]}")
    m = re.search(r'<pre id="zhbrief-layout">(.*?)</pre>', done.stdout, re.S)
    assert m, done.stderr[-2000:]
    import html as _html

    return json.loads(_html.unescape(m.group(1)))


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_first_page_shows_the_overview_then_a_matrix_laid_out_as_a_grid(comparative, tmp_path, size):
    page, briefing = comparative
    layout = _first_page(page, size, tmp_path)
    assert layout["scrollWidth"] <= layout["viewport"] + 1  # no sideways scrolling, even on a phone
    ov = layout["overview"]
    assert ov["y"] < layout["matrix"]["y"] < layout["timeline"]["y"] < layout["glance"]["y"]
    assert ov["text"].startswith("This briefing compares two articles") and "本简报比较2篇报道" in ov["text"]
    # The grid: a header row (corner + one column per article), then one row per mechanism.
    facts = briefing.comparison.articles
    cols, cells = layout["cols"], layout["cells"]
    assert cols == 1 + len(facts) and len(cells) % cols == 0
    rows = [cells[i : i + cols] for i in range(0, len(cells), cols)]
    assert [c["text"].strip() for c in rows[0][1:]] == ["[1] Tianjin", "[2] Hengshui"]
    for row in rows:
        assert len({round(c["y"]) for c in row}) == 1  # one line across
        assert [c["x"] for c in row] == sorted(c["x"] for c in row)
    for k in range(cols):
        assert len({round(r[k]["x"]) for r in rows}) == 1  # columns line up down the grid
    counts = [{m.zh: m.count for m in a.mechanisms} for a in facts]
    for row in rows[1:]:
        zh = row[0]["text"].split()[-1]
        assert [c["text"].strip() for c in row[1:]] == [str(c[zh]) if c.get(zh) else "" for c in counts], zh
    # Both articles are dated: two dots, the older to the left.
    assert len(layout["dots"]) == 2 and layout["dots"][0]["x"] < layout["dots"][1]["x"]


def test_folded_rows_stay_closed_until_opened(comparative, tmp_path):
    page, _ = comparative
    layout = _first_page(page, DESKTOP, tmp_path)
    assert layout["folded"] or "<details>" not in page.read_text("utf-8")
    for fold in layout["folded"]:
        assert fold["summary"]["h"] > 0 and (fold["table"] is None or fold["table"]["h"] == 0)


def test_screenshot_of_the_first_page(comparative, tmp_path):
    page, _ = comparative
    for name, (w, h) in (("first_desktop", DESKTOP), ("first_phone", PHONE)):
        shot = tmp_path / f"{name}.png"
        done = _browser([f"--window-size={w},{h}", f"--screenshot={shot}", page.as_uri()], tmp_path / f"profile_{name}")
        assert shot.exists() and shot.stat().st_size > 10_000, done.stderr[-2000:]
        keep = os.environ.get("ZHBRIEF_SCREENSHOT_DIR")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, Path(keep) / shot.name)
