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
    ZH[0]: "Tianjin rotated 4,587 teachers, 23.9% of those eligible.",
    ZH[1]: "Anyang has set up 35 compulsory-education school groups with 113 schools and more than 130,000 students.",
    ZH[2]: "Integrated management of compulsory-education schools in Hengshui covers 869 schools.",
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
def page(tmp_path_factory) -> Path:
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
