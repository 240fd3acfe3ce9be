"""Normalize on the development set of real pages (tests/data/pages/): how often the headline, date and
outlet are right, how much of the junk goes and how much of the body stays.

Each page NAME.txt has an expectation NAME.json written by reading the page: title, date, outlet,
authors (null / [] when the page states none), lines that must stay in the body ("keep") and lines
that must go ("drop"). index.tsv holds each page's source address.

The set is split in two fixed halves by the sorted SHA-1 of the address (A = first half): rules are
developed on A, and B says how well they carry to pages not looked at while writing them.

Figures, per half and for all pages:
  title      exact match of Article.title (None when the page has no headline line)
  date       Metadata.date's day equals the stated date (or both none)
  outlet     Metadata.source equals the stated outlet (or both none)
  authors    Metadata.authors equals the stated authors (shown, no target)
  junk       junk-line recall: share of "drop" lines absent from the body
  body       body-line precision: share of "keep" lines present in the body
The body is the text of the article's body and heading sentences (captions are not body).
Expected strings are compared after the conversion normalize itself applies (readings stripped,
traditional -> simplified with the configuration normalize chose, width folding, punctuation).

    python bench/normalize_eval.py [--failures] [--half A|B]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO / "tests" / "data" / "pages"
FIELDS = ("title", "date", "outlet", "authors", "junk", "body")
_KEY = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
SHORT_KEY = 8  # a junk line this short counts as left only when a body sentence is it or opens with it
PREFIX_SHARE = 3  # a kept line may lose its opening third (a dateline, a credit) and still count as kept


@dataclass
class PageResult:
    name: str
    half: str
    ok: dict = field(default_factory=dict)  # field -> bool, for title/date/outlet/authors
    junk: tuple[int, int] = (0, 0)  # (gone, total)
    body: tuple[int, int] = (0, 0)  # (kept, total)
    notes: list[str] = field(default_factory=list)


def _halves(names_urls: list[tuple[str, str]]) -> dict[str, str]:
    ordered = sorted(names_urls, key=lambda nu: hashlib.sha1(nu[1].encode("utf-8")).hexdigest())
    cut = (len(ordered) + 1) // 2
    return {name: ("A" if i < cut else "B") for i, (name, _) in enumerate(ordered)}


def _preparer(text: str):
    """The function turning an expected string into what normalize would make of it on this page."""
    from zhbrief.models import Script
    from zhbrief.normalize.annotations import strip_readings
    from zhbrief.normalize.patterns import load_patterns
    from zhbrief.normalize.script import detect_region, detect_script, fix_punctuation, fold_width, opencc_config_for, to_simplified

    config = None
    if detect_script(text) is Script.TRADITIONAL:
        config = opencc_config_for(detect_region(text, load_patterns().regions))

    def prep(s: str) -> str:
        s, _ = strip_readings(s)
        if config:
            s = to_simplified(s, config)
        return fix_punctuation(fold_width(s)).strip()

    return prep


def _key(s: str) -> str:
    return "".join(_KEY.findall(unicodedata.normalize("NFKC", s)))


def evaluate_page(path: Path, half: str) -> PageResult:
    from zhbrief.load import load
    from zhbrief.models import SentenceKind
    from zhbrief.normalize import normalize

    exp = json.loads(path.with_suffix(".json").read_text("utf-8"))
    raw = load(path)
    art = normalize(raw)
    prep = _preparer(raw.text)
    res = PageResult(path.stem, half)

    want_title = prep(exp["title"]) if exp["title"] else None
    got_title = art.title or None
    res.ok["title"] = got_title == want_title
    if not res.ok["title"]:
        res.notes.append(f"title: got {got_title!r}, want {want_title!r}")

    got_date = (art.metadata.date or "")[:10] or None
    res.ok["date"] = got_date == exp["date"]
    if not res.ok["date"]:
        res.notes.append(f"date: got {got_date!r}, want {exp['date']!r}")

    want_outlet = prep(exp["outlet"]) if exp["outlet"] else None
    got_outlet = unicodedata.normalize("NFKC", art.metadata.source) if art.metadata.source else None
    want_outlet = unicodedata.normalize("NFKC", want_outlet) if want_outlet else None
    res.ok["outlet"] = got_outlet == want_outlet
    if not res.ok["outlet"]:
        res.notes.append(f"outlet: got {got_outlet!r}, want {want_outlet!r}")

    want_authors = [prep(a) for a in exp["authors"]]
    res.ok["authors"] = list(art.metadata.authors) == want_authors
    if not res.ok["authors"]:
        res.notes.append(f"authors: got {list(art.metadata.authors)!r}, want {want_authors!r}")

    body = [s for s in art.sentences if s.kind in (SentenceKind.BODY, SentenceKind.HEADING)]
    sent_keys = [_key(s.text) for s in body]
    para_keys = [_key("".join(s.text for s in body if s.paragraph == p)) for p in sorted({s.paragraph for s in body})]
    joined = "\n".join(para_keys)

    gone = 0
    for line in exp["drop"]:
        k = _key(prep(line))
        if not k:
            k = prep(line)
        left = (k in joined) if len(k) >= SHORT_KEY else any(x.startswith(k) for x in sent_keys + para_keys)
        if left:
            res.notes.append(f"junk left: {line.strip()[:60]!r}")
        else:
            gone += 1
    res.junk = (gone, len(exp["drop"]))

    kept = 0
    for line in exp["keep"]:
        k = _key(prep(line))
        if k in joined or (len(k) >= 3 * PREFIX_SHARE and k[len(k) // PREFIX_SHARE :] in joined):
            kept += 1
        else:
            res.notes.append(f"body lost: {line.strip()[:60]!r}")
    res.body = (kept, len(exp["keep"]))
    return res


def _figures(results: list[PageResult]) -> dict[str, tuple[int, int]]:
    out = {}
    for f in ("title", "date", "outlet", "authors"):
        out[f] = (sum(r.ok[f] for r in results), len(results))
    out["junk"] = (sum(r.junk[0] for r in results), sum(r.junk[1] for r in results))
    out["body"] = (sum(r.body[0] for r in results), sum(r.body[1] for r in results))
    return out


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}% ({n}/{d})" if d else "    -"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--failures", action="store_true", help="list what each page got wrong")
    ap.add_argument("--half", choices=("A", "B"), help="list failures of this half only")
    args = ap.parse_args()

    index = [line.split("\t") for line in (PAGES / "index.tsv").read_text("utf-8").splitlines()[1:] if line.strip()]
    halves = _halves([(n, u) for n, u, _ in index])
    results = [evaluate_page(PAGES / f"{n}.txt", halves[n]) for n, _, _ in sorted(index)]

    sites = {re.sub(r"^https?://(www\d?\.|m\.)?", "", u).split("/")[0] for _, u, _ in index}
    print(f"{len(results)} pages from {len(sites)} sites; half A {sum(r.half == 'A' for r in results)}, half B {sum(r.half == 'B' for r in results)}")
    groups = {"A": [r for r in results if r.half == "A"], "B": [r for r in results if r.half == "B"], "all": results}
    figs = {g: _figures(rs) for g, rs in groups.items()}
    print(f"{'':8}" + "".join(f"{g:>20}" for g in groups))
    for f in FIELDS:
        print(f"{f:8}" + "".join(f"{_pct(*figs[g][f]):>20}" for g in groups))
    if args.failures:
        for r in results:
            if r.notes and (args.half is None or r.half == args.half):
                print(f"\n[{r.half}] {r.name}")
                for n in r.notes:
                    print(f"    {n}")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    main()
