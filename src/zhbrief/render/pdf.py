"""HTML page -> a print-ready PDF, printed by headless Chromium (docs/formats.md says why Chromium).

The page's print stylesheet (briefing.css, @media print) does the layout: A4, a table's header row
repeated on every page, no row split across pages, so the side-by-side table stays aligned. Chromium
embeds the fonts it used (the CJK font scripts/install_browser.sh installs). The two timestamps
Chromium writes are replaced by a fixed one, and the ids of its tagged-PDF structure elements
(numbered from the browser's DOM nodes, which vary by a few between runs) by their rank, so a rebuild
is byte-identical.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ZhbriefError

# As the machine notes say: no first-run, no background connections (refused here, and slow to time out).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)
# A cold start on a busy 2-core machine takes several seconds; a briefing prints in a few more.
TIMEOUT = 180
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Skia's PDF dates: (D:YYYYMMDDHHmmSS+HH'mm'); replaced in place (same length) so the xref stays valid.
_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[+\-Z][0-9']*\)")
FIXED_DATE = b"D:20000101000000+00'00'"
_NODE_ID = re.compile(rb"\(node(\d{8})\)")  # a structure element's /ID string


class RenderError(ZhbriefError):
    """A format's renderer is missing or failed."""


def find_chromium() -> str:
    """The Chromium to print with: $ZHBRIEF_CHROMIUM, else the first of CANDIDATES on PATH."""
    given = os.environ.get("ZHBRIEF_CHROMIUM")
    if given:
        if Path(given).is_file() and os.access(given, os.X_OK):
            return given
        raise RenderError(f"ZHBRIEF_CHROMIUM={given} is not an executable file")
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise RenderError(
        "--format pdf needs headless Chromium, and none was found (looked for "
        + ", ".join(CANDIDATES)
        + " on PATH). Install it with `bash scripts/install_browser.sh` (Debian package chromium, as root), "
        "or set ZHBRIEF_CHROMIUM to its path; --format html or docx need no browser."
    )


def html_to_pdf(page: str) -> bytes:
    """The page printed to PDF by headless Chromium, with fixed timestamps."""
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="zhbrief-pdf-") as tmp:
        src = Path(tmp) / "briefing.html"
        out = Path(tmp) / "briefing.pdf"
        src.write_text(page, "utf-8")
        try:
            done = subprocess.run(
                [chromium, *FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}", src.as_uri()],
                capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise RenderError(f"Chromium did not print the briefing within {TIMEOUT} s") from None
        except OSError as e:
            raise RenderError(f"cannot run {chromium}: {e.strerror or e}") from None
        if not out.is_file() or out.stat().st_size == 0:
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise RenderError(f"Chromium wrote no PDF (exit {done.returncode}): " + " / ".join(tail))
        data = out.read_bytes()
    return _stable_ids(_DATE.sub(_fixed_date, data))


def _stable_ids(data: bytes) -> bytes:
    """Structure element ids renumbered by rank: the same length, the same order (the IDTree stays
    sorted), the same numbers whatever the DOM's node numbering was."""
    rank = {n: b"%08d" % i for i, n in enumerate(sorted(set(_NODE_ID.findall(data))))}
    return _NODE_ID.sub(lambda m: b"(node" + rank[m.group(1)] + b")", data)


def _fixed_date(m: re.Match[bytes]) -> bytes:
    fixed = b"/" + m.group(1) + b" (" + FIXED_DATE + b")"
    return fixed if len(fixed) == len(m.group(0)) else m.group(0)  # another length would break the xref
