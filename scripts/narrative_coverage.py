#!/usr/bin/env python3
"""Narrative coverage: how many numbers of the running text become facts, per source group.

Why: the narrative extractor leaves a number unattached rather than guess (precision first); this
measures what is left, split as the ``unattached-numbers`` diagnostic is: measure-like numbers
(money, %, vehicle/people counts) vs other counts (内设8个科室). Metadata (kind, year) comes from
the real pipeline's classification, tables from the real table extractor (they decide which lines
are prose).

Usage: python scripts/narrative_coverage.py [--shared ../shared] [--examples N] [--group pdf]
       [--dir FOLDER] [--shapes N]
(the 156-PDF corpus/wide is measured only when asked: --group wide; ``--dir`` measures a folder
outside the project, such as the unseen-template set of docs/accuracy.md.) ``--shapes N`` prints
the N most frequent shapes of the unattached measure-like numbers' sentences (digits as #, the
first 60 characters each file keeps for its first 12 examples): what to read next.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path
from typing import Sequence

from budgetlens.extract.claims import Stats
from budgetlens.extract.narrative import read_narrative
from budgetlens.model import Document, Fact, Metadata, TableInfo
from budgetlens.pipeline import process

ROOT = Path(__file__).resolve().parents[1]

GROUPS = {"seeds": "seeds/*.txt", "pdf": "corpus/pdf/*.pdf", "excerpts": "corpus/excerpts/*.txt",
          "html": "corpus/html/*.html", "wide": "corpus/wide/*.pdf"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT / ".." / "shared"))
    ap.add_argument("--examples", type=int, default=0, help="unattached examples per file")
    ap.add_argument("--group", action="append", choices=sorted(GROUPS))
    ap.add_argument("--dir", help="measure the documents of this folder instead")
    ap.add_argument("--shapes", type=int, default=0, help="most frequent unattached shapes")
    args = ap.parse_args()
    shapes: Counter = Counter()
    groups = {"dir": [p for p in sorted(Path(args.dir).iterdir()) if p.suffix.lower() in DOC_SUFFIXES]} \
        if args.dir else {g: sorted(Path(args.shared).glob(GROUPS[g]))
                          for g in args.group or [g for g in GROUPS if g != "wide"]}
    for group, paths in groups.items():
        totals = [0, 0, 0, 0, 0, 0]  # numbers, attached, measure-like (both), money + % (both)
        for path in paths:
            result = process(str(path), audit=False)
            if result.document is None or result.disclosure is None:
                continue
            disclosure = result.disclosure
            stats = narrative_stats(result.document, disclosure.metadata, disclosure.tables,
                                    [f for f in disclosure.facts if f.origin == "table"])
            like, like_att = stats.measure_like
            money = [sum(stats.by_kind.get(k, [0, 0])[i] for k in ("money", "percent")) for i in (0, 1)]
            for i, v in enumerate((stats.numbers, stats.attached, like, like_att, *money)):
                totals[i] += v
            if args.examples:
                print(f"{path.name}: {like_att}/{like}")
                for example in stats.examples[:args.examples]:
                    print(f"    {example}")
            shapes.update(_shape(e) for e in stats.examples)
        n, a, like, like_att, money, money_att = totals
        print(f"{group:9s} all numbers {a}/{n} = {a / max(n, 1):.1%}; "
              f"measure-like {like_att}/{like} = {like_att / max(like, 1):.1%}; "
              f"money and % {money_att}/{money} = {money_att / max(money, 1):.1%}")
    for shape, n in shapes.most_common(args.shapes):
        print(f"{n:5d}  {shape}")


def narrative_stats(document: Document, metadata: Metadata, tables: Sequence[TableInfo] = (),
                    table_facts: Sequence[Fact] = ()) -> Stats:
    """Numbers seen and attached in the running text: the counters the narrative engine keeps
    while it reads (measurement, so here and not in the installed package)."""
    return read_narrative(document, metadata, tables, table_facts)[1].stats


#: document files a --dir folder may hold
DOC_SUFFIXES = (".pdf", ".txt", ".html", ".htm", ".docx", ".xlsx", ".xls")
_DIGITS = re.compile(r"\d[\d,.]*")


def _shape(example: str) -> str:
    """An unattached example ("number | sentence") as a shape: the sentence, digits as #."""
    return _DIGITS.sub("#", example.split(" | ", 1)[-1])


if __name__ == "__main__":
    main()
