"""Proper names in real pages: recall, rendering accuracy and false names, per half of the set.

    python bench/names_eval.py [--data tests/data/names_dev.tsv] [--show-failures [HALVES]]

Each context of tests/data/names_dev.tsv is normalized as a page would be (t2s for its region,
punctuation), its page's contexts give the article scope (glossary/scope.py), and the terms a
sentence would be translated with (translate.find_terms: glossary + NameFinder) are compared with
the annotated names:
- recall: annotated names that some term covers exactly (same span);
- rendering: of those, the ones whose English is one of the accepted renderings;
- read right: annotated names the reader gets right, counted as rendering counts them, or inside a
  longer recognised name that holds their English, or tiled by adjacent terms whose joined English is
  accepted (annotators differ on where a name ends: 广州市 + 白云区 inside 广州市白云区教育研究院);
- false names: names the code recognised itself (NameFinder hits and the article-scoped entries
  glossary/scope.py derives; curated glossary terms are not counted) that cover no annotated name,
  as a share of all such names found.
The halves are described at the top of the data file (A and C developed on, D and E held out).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from zhbrief import paths  # noqa: E402
from zhbrief.glossary import load_glossary  # noqa: E402
from zhbrief.glossary.names import NameFinder  # noqa: E402
from zhbrief.glossary.scope import scoped  # noqa: E402
from zhbrief.normalize.script import fix_punctuation, fold_width, opencc_config_for, to_simplified  # noqa: E402
from zhbrief.translate import find_terms  # noqa: E402

DATA = REPO / "tests" / "data" / "names_dev.tsv"
NAME_CATEGORIES = frozenset({"person", "place", "school", "institution", "body", "org"})


@dataclass(frozen=True)
class Gold:
    zh: str
    english: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Context:
    half: str
    region: str
    url: str
    text: str
    names: tuple[Gold, ...]


def simplified(text: str, region: str) -> str:
    return fix_punctuation(fold_width(to_simplified(text, opencc_config_for(region))))


def read(path: Path) -> list[Context]:
    lines = [ln for ln in path.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    out = []
    for line in lines[1:]:
        half, region, url, text, names = line.split("\t")
        golds = []
        for item in filter(None, (x.strip() for x in names.split(" ; "))):
            zh, en, kind = item.split("=")
            golds.append(Gold(simplified(zh, region), tuple(e.strip() for e in en.split("|")), kind))
        out.append(Context(half, region, url, simplified(text, region), tuple(golds)))
    return out


def spans(ctx: Context) -> list[tuple[int, int, Gold]]:
    """Each annotated name's span: its first occurrence that no name annotated before it covers."""
    out: list[tuple[int, int, Gold]] = []
    for g in ctx.names:
        start = ctx.text.find(g.zh)
        while start >= 0 and any(start < b and a < start + len(g.zh) for a, b, _ in out):
            start = ctx.text.find(g.zh, start + 1)
        if start < 0:
            raise SystemExit(f"{g.zh!r} not in {ctx.text!r}")
        out.append((start, start + len(g.zh), g))
    return out


def _scope(glossary, texts, region):
    try:
        return scoped(glossary, texts, region=region)
    except TypeError:  # the code before issue 28: no region argument
        return scoped(glossary, texts)


def is_name(hit, glossary) -> bool:
    """A name the code recognised: not a curated glossary term (status "") but found or derived by it."""
    if hit.transliterated:
        return True
    entry = glossary.lookup(hit.zh)
    return entry is not None and entry.status != "" and entry.category in NAME_CATEGORIES


def _read_right(hits, a: int, b: int, gold: Gold) -> bool:
    """True when the reader still gets the name right though no term has exactly its span: a longer
    recognised name holds its accepted English (广州市 inside "Guangzhou Baiyun District Education
    Research Institute"), or the terms that tile its span read, joined, as an accepted English (广州市 +
    培英中学: "Guangzhou Peiying Middle School")."""
    for h in hits:
        if h.start <= a and b <= h.end and any(re.search(rf"(?<![A-Za-z]){re.escape(e)}(?![A-Za-z])", h.en)
                                               for e in gold.english):
            return True
    tiles = sorted((h for h in hits if a <= h.start and h.end <= b), key=lambda h: h.start)
    pos = a
    for h in tiles:
        if h.start != pos:
            return False
        pos = h.end
    return len(tiles) > 1 and pos == b and " ".join(h.en.strip() for h in tiles) in gold.english


def evaluate(contexts: list[Context], show: str) -> None:
    """Print the figures; `show`: the halves whose failures are listed ("AC"; "" none)."""
    glossary = load_glossary(paths.default_glossary())
    finder = NameFinder(glossary)
    pages: dict[str, list[Context]] = defaultdict(list)
    for c in contexts:
        pages[c.url].append(c)
    scopes = {url: _scope(glossary, [c.text for c in cs], cs[0].region) for url, cs in pages.items()}
    halves = sorted({c.half for c in contexts})
    stats = {h: Counter() for h in halves}
    kinds = {h: defaultdict(Counter) for h in halves}
    failures: list[str] = []
    for c in contexts:
        hits = find_terms(c.text, scopes[c.url], finder)
        s = stats[c.half]
        gold = spans(c)
        for a, b, g in gold:
            s["names"] += 1
            kinds[c.half][g.kind]["names"] += 1
            hit = next((h for h in hits if h.start == a and h.end == b), None)
            if hit is not None and hit.en.strip() in g.english or hit is None and _read_right(hits, a, b, g):
                s["read"] += 1
            if hit is None:
                covering = [f"{h.zh}→{h.en}" for h in hits if h.start < b and a < h.end]
                failures.append(f"{c.half} MISS   {g.kind:<6} {g.zh} ({g.english[0]}) got {covering or 'nothing'}")
                continue
            s["found"] += 1
            kinds[c.half][g.kind]["found"] += 1
            if hit.en.strip() in g.english:
                s["right"] += 1
                kinds[c.half][g.kind]["right"] += 1
            else:
                failures.append(f"{c.half} RENDER {g.kind:<6} {g.zh}: {hit.en!r}, want {g.english[0]!r}")
        for h in hits:
            if not is_name(h, scopes[c.url]):
                continue
            s["name_hits"] += 1
            if all(h.end <= a or h.start >= b for a, b, _ in gold):
                s["false"] += 1
                failures.append(f"{c.half} FALSE  {h.zh} → {h.en!r} in {c.text[:40]}…")
    print(f"{'half':<6}{'names':>7}{'recall':>9}{'rendering':>11}{'false names':>13}{'read right':>12}")
    for half in halves:
        s = stats[half]
        recall = s["found"] / s["names"] if s["names"] else 0.0
        rendering = s["right"] / s["found"] if s["found"] else 0.0
        false = s["false"] / s["name_hits"] if s["name_hits"] else 0.0
        read = s["read"] / s["names"] if s["names"] else 0.0
        print(f"{half:<6}{s['names']:>7}{recall:>9.1%}{rendering:>11.1%}{false:>9.1%} ({s['false']}/{s['name_hits']})"
              f"{read:>8.1%}")
    print("\nby kind (found/names, right/found):")
    for half in halves:
        parts = [f"{k} {v['found']}/{v['names']}, {v['right']}/{v['found']}" for k, v in sorted(kinds[half].items())]
        print(f"  {half}: " + "; ".join(parts))
    if show:
        print()
        print("\n".join(sorted(f for f in failures if f[0] in show)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show-failures", nargs="?", const="A", default="", metavar="HALVES",
                        help="list the failures of these halves (default A; D and E are held out)")
    args = parser.parse_args()
    evaluate(read(args.data), args.show_failures)


if __name__ == "__main__":
    main()
