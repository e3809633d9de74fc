#!/usr/bin/env python3
"""Independent standard-table total labels for the accuracy benchmark (docs/accuracy.md).

Why: labels proposed by budgetlens make recall an upper bound. This script reads the 合计/总计
rows of every standard table with scripts/independent_read.py (pdftotext -layout or the text
file, its own vocabulary, nothing from budgetlens) and keeps a review file,
``benchmark/independent/review.tsv``: one row per candidate figure with the line it stands on and
a verdict a person writes after reading that line (``ok`` or ``drop: reason``). Only ``ok`` rows
become labels, ``checked = "page text (independent: …)"``; a tool-proposed label of the same key,
page and value is marked independent instead of being repeated (one printed figure, one label).

Usage:
  python scripts/independent_totals.py scan [DOC_ID ...]   # (re)write candidates; verdicts kept
  python scripts/independent_totals.py apply                # ok rows → benchmark/labels/*.toml
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import independent_read as reader
from bench_labels import LABELS_DIR, load_all, toml_str

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "benchmark" / "independent" / "review.tsv"
FIELDS = ("doc", "page", "table", "row", "column", "printed", "unit", "measure", "basis",
          "verdict", "line")
CHECKED = ("page text (independent: pdftotext -layout / text file, read by "
           "scripts/independent_read.py, confirmed by eye on the line; standard-table total row)")


def _key(row: dict) -> tuple:
    return (row["doc"], str(row["page"]), row["measure"], row["basis"], row["printed"],
            row["column"])


def read_review() -> list[dict]:
    if not REVIEW.exists():
        return []
    with REVIEW.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def scan(ids: list[str]) -> None:
    """Candidates of the chosen documents (all labelled ones by default); earlier verdicts are
    kept for the same document, page, measure, basis, figure and column."""
    old = {_key(r): r["verdict"] for r in read_review()}
    docs = [d for d in load_all() if not ids or d.doc_id in ids]
    kept = [r for r in read_review() if ids and r["doc"] not in ids]
    rows = list(kept)
    for d in docs:
        for c in reader.read_document(d.source_path, d.kind, d.year):
            row = {"doc": d.doc_id, "page": c.page, "table": c.title, "row": c.row,
                   "column": c.column, "printed": c.printed, "unit": c.unit,
                   "measure": c.measure, "basis": c.basis, "verdict": "", "line": c.line[:200]}
            row["verdict"] = old.get(_key(row), "?")
            rows.append(row)
    REVIEW.parent.mkdir(parents=True, exist_ok=True)
    with REVIEW.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, FIELDS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{REVIEW}: {len(rows)} candidates, {sum(r['verdict'] == '?' for r in rows)} unreviewed")


def _value(row: dict) -> Decimal:
    number = Decimal(row["printed"].replace(",", ""))
    return number / 10000 if row["unit"] == "元" else number


def _family(measure: str) -> str:
    return "three_public" if measure.startswith("three_public.") else "table_totals"


def _fact_block(row: dict) -> str:
    value = _value(row)
    lines = ["[[fact]]", f"measure = {toml_str(row['measure'])}",
             f"basis = {toml_str(row['basis'])}", f"family = {toml_str(_family(row['measure']))}",
             f"page = {int(row['page'])}", 'origin = "table"',
             f"where = {toml_str(row['table'] + ' / ' + row['row'] + ' / ' + row['column'])}",
             f"printed = {toml_str(row['printed'])}",
             f"value = {toml_str(format(value.normalize(), 'f'))}"]
    if row["unit"]:
        lines.append(f"unit = {toml_str(row['unit'])}")
    lines += [f"checked = {toml_str(CHECKED)}", f"quote = {toml_str(row['line'])}"]
    return "\n".join(lines) + "\n"


def _same(fact: dict, row: dict) -> bool:
    return (fact.get("measure") == row["measure"] and fact.get("basis") == row["basis"]
            and not fact.get("scope") and fact.get("page") == int(row["page"])
            and Decimal(str(fact.get("value"))) == _value(row))


def apply_to(path: Path, rows: list[dict]) -> tuple[int, int]:
    """Mark matching labels independent, append the others; returns (marked, added)."""
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^(?=\[\[(?:fact|defect|false_finding)\]\]\n)", text)
    marked = added = 0
    pending = list(rows)
    for i, part in enumerate(parts):
        if not part.startswith("[[fact]]"):
            continue
        fact = tomllib.loads(part)["fact"][0]
        hit = next((r for r in pending if _same(fact, r)), None)
        if hit is None:
            continue
        pending.remove(hit)
        if "(independent" not in fact.get("checked", ""):
            parts[i] = re.sub(r"(?m)^checked = .*$", f"checked = {toml_str(CHECKED)}", part, 1)
            marked += 1
    out = "".join(parts).rstrip("\n") + "\n"
    for row in pending:
        out += "\n" + _fact_block(row)
        added += 1
    path.write_text(out, encoding="utf-8")
    return marked, added


def accepted(row: dict) -> dict | None:
    """The row as the reviewer confirmed it: ``ok``, or ``ok key=value …`` when reading the line
    by eye corrected the reader (measure, basis, or a figure whose decimals wrapped to the next
    line); None for ``drop: reason``."""
    verdict = row["verdict"].strip()
    if not verdict.startswith("ok"):
        return None
    fixed = dict(row)
    for item in verdict[2:].split():
        key, _, value = item.partition("=")
        if key not in ("measure", "basis", "printed"):
            raise SystemExit(f"{row['doc']} p{row['page']}: bad correction {item!r}")
        fixed[key] = value
    return fixed


def apply() -> None:
    rows = read_review()
    unreviewed = [r for r in rows if r["verdict"] == "?"]
    if unreviewed:
        sys.exit(f"{len(unreviewed)} candidates have no verdict yet ({REVIEW})")
    by_doc: dict[str, list[dict]] = {}
    seen: set[tuple] = set()
    for r in rows:
        ok = accepted(r)
        key = ok and (ok["doc"], ok["page"], ok["measure"], ok["basis"], ok["printed"])
        if ok and key not in seen:  # one figure printed in three column groups is one label
            seen.add(key)
            by_doc.setdefault(r["doc"], []).append(ok)
    for doc, doc_rows in sorted(by_doc.items()):
        marked, added = apply_to(LABELS_DIR / f"{doc}.toml", doc_rows)
        print(f"{doc}: {len(doc_rows)} ok — {marked} existing labels marked, {added} added")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("scan")
    s.add_argument("ids", nargs="*")
    sub.add_parser("apply")
    args = ap.parse_args(argv)
    if args.cmd == "scan":
        scan(args.ids)
    else:
        apply()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
