"""Who helps whom, on real sentences: the relations check (translate/relations.py) against a reader's grades.

    python bench/relations_eval.py [--grades docs/grades/relations_dev_stop41.tsv] [--out FILE]

tests/data/relations_dev.tsv holds 102 sentences from 60 sites (40 in traditional characters) with a
directional relation (帮扶, 支援, 带动, 托管…), collected from stored public pages, with their sources. Each
is translated by the translate stage (the education glossary, no cache). A grades file gives, for the
English of one run, a bilingual reader's label of who helps whom: R right, X reversed, G garbled or
lost. The bench prints, per half (by the sentence's hash, as bench/qe_eval.py splits), how many rows
carry a relations finding, and, for the rows whose English is the graded English, how many X rows the
check finds and how many of its findings are on X rows; plus how many rows of each label are marked ⚠.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from zhbrief.glossary import load_glossary  # noqa: E402
from zhbrief.normalize.script import to_simplified  # noqa: E402
from zhbrief.translate import TranslateOptions, load_engine, translate_texts  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grades", type=Path, default=REPO / "docs" / "grades" / "relations_dev_stop41.tsv")
    ap.add_argument("--out", type=Path, help="write id, half, English, findings and mark as JSON")
    args = ap.parse_args()
    rows = list(csv.DictReader((REPO / "tests" / "data" / "relations_dev.tsv").open(encoding="utf-8"), delimiter="\t"))
    grades = {}
    if args.grades.is_file():
        grades = {(g["id"], g["en"]): g["label"] for g in csv.DictReader(args.grades.open(encoding="utf-8"), delimiter="\t")}
    items = [(r["id"], to_simplified(r["sentence"])) for r in rows]
    out = translate_texts(items, load_glossary(REPO / "glossary" / "education.tsv"), load_engine(),
                          TranslateOptions(use_cache=False, clause_view=False))
    results = []
    for r, t in zip(rows, out):
        half = "A" if hashlib.sha256(r["sentence"].encode("utf-8")).digest()[0] % 2 == 0 else "B"
        found = [f for f in t.flags if f.startswith("who ")]
        results.append({"id": r["id"], "half": half, "en": t.en, "relations": found, "marked": bool(t.doubts),
                        "label": grades.get((r["id"], t.en), "")})
    print("| half | rows | with a relations finding | graded rows | X rows | X found | findings on X | "
          "R marked | X marked | G marked |\n|---|---|---|---|---|---|---|---|---|---|")
    for half in ("A", "B"):
        h = [x for x in results if x["half"] == half]
        g = [x for x in h if x["label"]]

        def n(label, key=None):
            return sum(1 for x in g if x["label"] == label and (key is None or x[key]))

        print(f"| {half} | {len(h)} | {sum(bool(x['relations']) for x in h)} | {len(g)} | {n('X')} | "
              f"{n('X', 'relations')} | {n('X', 'relations')} of {sum(bool(x['relations']) for x in g)} | "
              f"{n('R', 'marked')} of {n('R')} | {n('X', 'marked')} of {n('X')} | {n('G', 'marked')} of {n('G')} |")
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
