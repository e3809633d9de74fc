#!/usr/bin/env python3
"""Mine 支出功能分类 code/name pairs from real disclosures into an observed dictionary.

Why: no complete machine-readable function classification (类/款/项 with names) is available, but
every disclosure prints hundreds of real pairs in its tables ("2010301 行政运行", "201 03 01",
类/款/项 columns). Collected with provenance, they make an observed dictionary that grows with every
document read, and lets code_status() say "known" for codes seen in real documents.

Usage::

    python scripts/mine_codes.py ../shared/corpus ../shared/seeds            # writes the package CSV
    python scripts/mine_codes.py --out /tmp/x.csv some.pdf other_dir

Each argument is a file or a folder (searched recursively). Every file is read with
``budgetlens.read.read_document`` and its year taken from ``budgetlens.extract.classify``. The output
(code, level, name, observed_in, count, years) is merged with the shipped ``func_observed_*.csv``
rows, so those sources stay listed. ``observed_in`` holds up to three ``file:page:line`` places.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Iterator, NamedTuple, Optional

ROOT = Path(__file__).resolve().parents[1]

from budgetlens.extract.classify import classify  # noqa: E402
from budgetlens.model import Document, Table  # noqa: E402
from budgetlens.read import read_document  # noqa: E402
from budgetlens.rules import reference  # noqa: E402

OUT = ROOT / "src" / "budgetlens" / "rules" / "reference" / reference.OBSERVED_CORPUS
SUFFIXES = {".pdf", ".txt", ".html", ".htm", ".docx", ".doc", ".xlsx", ".xls"}
MAX_PLACES = 3
_JOINED = re.compile(r"^(2\d{2})\s*(\d{2})?\s*(\d{2})?$")
_NAME = re.compile(r"^[\u4e00-\u9fff（）()“”、·\"]{2,40}$")
_TEXT_ROW = re.compile(r"^\s*(2\d{2})\s?(\d{2})?\s?(\d{2})?(?!\d)\s*(?P<name>[\u4e00-\u9fff（）()“”、·]{2,40})"
                       r"(?=\s|\d|$)")
# a column headed like this holds project, unit or purchase names, not classification names
_NOT_NAME_HEADER = re.compile(r"项目名称|单位名称|单位编码|采购|经济|绩效|预算单位")
_NOT_NAMES = {"合计", "总计", "小计", "科目名称", "功能科目", "项目", "万元", "单位"}


class Pair(NamedTuple):
    code: str
    name: str
    place: str


def _header(spanned: list[list[str]], first_data: int, col: int) -> str:
    """The header text above a column (rows before the first code row)."""
    return "".join(row[col] for row in spanned[:first_data] if col < len(row))


def _lei_codes() -> set[str]:
    ref = reference.load_reference()
    return {c for by_year in ref.function["func_lei"].values() for c in by_year}


def _clean_name(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _valid(code: str, name: str, lei: set[str]) -> bool:
    return (reference.is_valid_function_code_structure(code) and code[:3] in lei
            and bool(_NAME.match(name)) and name not in _NOT_NAMES)


def _place(doc: Document, root: Path, page: Optional[int], line: Optional[int]) -> str:
    try:
        rel = Path(doc.path).resolve().relative_to(root)
    except ValueError:
        rel = Path(doc.path).name
    return f"{rel}:{page or ''}:{line or ''}"


def _split_code(cells: list[str], col: int, carry: list[str]) -> Optional[str]:
    """类/款/项 printed in three columns, 类 (and 款) left blank under their parent row."""
    parts = [c.strip() for c in cells[col:col + 3]]
    if len(parts) < 3 or not any(parts):
        return None
    lei, kuan, xiang = parts
    if not (re.fullmatch(r"(2\d{2})?", lei) and re.fullmatch(r"(\d{2})?", kuan)
            and re.fullmatch(r"(\d{2})?", xiang)):
        return None
    lei = lei or carry[0]
    if lei and not kuan and not xiang:
        carry[:] = [lei, ""]
        return lei
    kuan = kuan or (carry[1] if xiang else "")
    if not (lei and kuan):
        return None
    carry[:] = [lei, kuan]
    return lei + kuan + xiang


def table_pairs(doc: Document, table: Table, root: Path, lei: set[str]) -> Iterator[Pair]:
    """Code/name pairs from one table: joined codes ("2010301", "208 05 05") or split columns."""
    split_col, carry, first_data = None, ["", ""], None
    spanned = table.grid(fill_spans=True)
    for r, row in enumerate(table.grid()):
        found = None
        for c, text in enumerate(row[:5]):
            m = _JOINED.match(text.strip())
            if not m:
                continue
            nxt = [x.strip() for x in row[c + 1:c + 3]]
            if len(m[0]) == 3 and len(nxt) == 2 and all(re.fullmatch(r"(\d{2})?", x) for x in nxt):
                split_col = c  # the 类 column of a 类/款/项 layout
                break
            found = (c, "".join(g for g in m.groups() if g))
            break
        if found is None and split_col is not None:
            code = _split_code(row, split_col, carry)
            found = (split_col + 2, code) if code else None
        if found is None:
            continue
        col, code = found
        name = _clean_name(row[col + 1]) if col + 1 < len(row) else ""
        if first_data is None:
            first_data = r
        if _valid(code, name, lei) and not _NOT_NAME_HEADER.search(_header(spanned, first_data, col + 1)):
            cell = table.cell_at(r, col)
            page = (cell.page if cell and cell.page else table.page)
            yield Pair(code, name, _place(doc, root, page, cell.line if cell else table.line))


def text_pairs(doc: Document, root: Path, lei: set[str]) -> Iterator[Pair]:
    """Pairs printed at the start of running-text lines (tables the reader did not rebuild)."""
    for line in doc.lines():
        if line.table is not None:
            continue
        m = _TEXT_ROW.match(line.text)
        if m:
            code = "".join(g for g in m.groups()[:3] if g)
            name = _clean_name(m["name"])
            if _valid(code, name, lei):
                yield Pair(code, name, _place(doc, root, line.page, line.number))


def mine_file(path: Path, root: Path, lei: set[str]) -> tuple[list[Pair], Optional[int]]:
    doc, _ = read_document(str(path))
    if doc is None:
        return [], None
    year = classify(doc)[0].year
    pairs = [p for t in doc.tables for p in table_pairs(doc, t, root, lei)]
    return pairs + list(text_pairs(doc, root, lei)), year


def _inputs(args: list[str]) -> Iterator[tuple[Path, Path]]:
    for arg in args:
        p = Path(arg).resolve()
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUFFIXES:
                    yield f, p.parent
        elif p.is_file():
            yield p, p.parent


def _shipped_rows() -> list[dict]:
    """Rows of the shipped func_observed_<years>.csv files, kept in the merged output."""
    ref = reference.load_reference()
    rows = []
    for year, table in sorted(ref.function["func_observed"].items()):
        for e in table.values():
            rows.append({"code": e.code, "level": e.level, "name": e.name,
                         "observed_in": f"func_observed_{year}:{e.source}", "count": 0, "years": ""})
    return rows


def _merge_variants(found: dict) -> dict:
    """Pairs whose names differ only in brackets, spaces or 与/和 become one pair under the most
    often printed form."""
    groups: dict[tuple[str, str], list[tuple[str, list[str]]]] = defaultdict(list)
    for (code, name), places in found.items():
        groups[(code, reference.name_key(name))].append((name, places))
    out = {}
    for (code, _), variants in groups.items():
        variants.sort(key=lambda v: -len(v[1]))
        out[(code, variants[0][0])] = [p for _, places in variants for p in places]
    return out


def merge(found: dict, years: dict) -> list[dict]:
    """One row per (code, name): shipped rows first, then mined counts and places."""
    rows: dict[tuple[str, str], dict] = {}
    for row in _shipped_rows():
        rows[(row["code"], row["name"])] = row
    for (code, name), places in _merge_variants(found).items():
        row = rows.setdefault((code, name), {"code": code, "level": reference.LEVELS[len(code)],
                                             "name": name, "observed_in": "", "count": 0, "years": ""})
        shown = [x for x in row["observed_in"].split(";") if x] + places[:MAX_PLACES]
        row["observed_in"] = ";".join(shown)
        row["count"] = int(row["count"]) + len(places)
        row["years"] = ";".join(str(y) for y in sorted(years.get((code, reference.name_key(name)), ())))
    return sorted(rows.values(), key=lambda r: (r["code"], -int(r["count"]), r["name"]))


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="files or folders to mine")
    parser.add_argument("--out", default=str(OUT), help="CSV to write (default: the package data)")
    args = parser.parse_args(argv)
    lei = _lei_codes()
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    years: dict[tuple[str, str], set[int]] = defaultdict(set)
    n_files = 0
    for path, root in _inputs(args.paths):
        pairs, year = mine_file(path, root, lei)
        n_files += 1
        for p in pairs:
            found[(p.code, p.name)].append(p.place)
            if year:
                years[(p.code, reference.name_key(p.name))].add(year)
    rows = merge(found, years)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["code", "level", "name", "observed_in", "count", "years"])
        writer.writeheader()
        writer.writerows(rows)
    n_pairs = sum(len(v) for v in found.values())
    codes = {c for c, _ in found}
    print(f"{n_files} files, {n_pairs} code/name observations, {len(found)} distinct pairs, "
          f"{len(codes)} distinct codes; {len(rows)} rows written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
