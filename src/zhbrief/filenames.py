"""Safe, unique output file names from titles or input names.

A name comes from text a user did not write (a headline, a scraped file name), so it must not climb
out of the output folder, hit a name Windows reserves, carry control characters, or exceed what a
file system takes, and two articles must never get the same file.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

# ext4/APFS/NTFS take 255 bytes (or UTF-16 units) per name; atomic_write adds a dot prefix and a
# random ".XXXXXXXX.tmp" suffix, and a "-NNN" de-duplication suffix may follow, so stems stay well under.
MAX_STEM_BYTES = 160
FALLBACK_STEM = "article"
# Device names that Windows reserves whatever the extension (CON.md is still the console).
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{d}{i}" for d in ("COM", "LPT") for i in (*"123456789", "¹", "²", "³")
}
# Path separators, characters Windows forbids, and anything that is not a visible character or a space.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"[\s_]+")


def safe_stem(text: str, max_bytes: int = MAX_STEM_BYTES) -> str:
    """A file-name stem (no extension) that is safe on Linux, macOS and Windows; never empty."""
    text = unicodedata.normalize("NFC", text)
    # Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned code points.
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in _UNSAFE.sub(" ", text))
    text = _SPACES.sub("_", text).strip("._- ")
    text = _truncate(text, max_bytes).rstrip("._- ")
    if not text:
        return FALLBACK_STEM
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text


def unique_names(stems: Iterable[str], suffix: str = ".md", reserved: Iterable[str] = ()) -> list[str]:
    """safe_stem(stem) + suffix for each stem, made unique in order: the second "x" becomes "x-2".

    Names are compared case-insensitively (macOS and Windows folders are), and never equal a reserved
    name such as the comparative briefing's. The same stems in the same order give the same names.
    """
    taken = {r.casefold() for r in reserved}
    out = []
    for stem in stems:
        base = safe_stem(stem)
        name, n = f"{base}{suffix}", 1
        while name.casefold() in taken:
            n += 1
            name = f"{base}-{n}{suffix}"
        taken.add(name.casefold())
        out.append(name)
    return out


def _truncate(text: str, max_bytes: int) -> str:
    """At most max_bytes of UTF-8, cut on a character boundary."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")
