"""Real seed tables re-published in the layouts other exporters use, for the variant tests.

The content is seed 004's real tables (read with the text reader). A :class:`Style` says how a
publisher prints them: page orientation and /Rotate, ruling style, number formats, header
wrapping, code columns, page breaks, hidden or doubled text. The expected facts are always
computed by reading the same (possibly reformatted) grid back as tab-separated text, so a test
compares two independent readers on one content, never a copied result.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Optional, Sequence

from budgetlens.extract import extract
from budgetlens.extract.numbers import parse_number
from budgetlens.read import read_document

from ..conftest import seed_path

FONT = "STSong-Light"


@dataclass(frozen=True)
class SourceTable:
    """One seed table: its title lines and its grid (merged cells' slots are '')."""

    titles: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def n_header(self) -> int:
        """Rows above the first row holding a number: the header."""
        for i, row in enumerate(self.rows):
            if any(parse_number(t) is not None for t in row):
                return i
        return len(self.rows)


def seed_tables() -> list[SourceTable]:
    document, _ = read_document(str(seed_path("004")))
    return [SourceTable(tuple(ln.text.strip() for ln in t.title_lines),
                        tuple(tuple(r) for r in t.grid())) for t in document.tables]


def header_spans(table: SourceTable) -> list[tuple[int, int, int, int]]:
    """Merged header cells ``(row, col, rowspan, colspan)``, rebuilt from the blank slots the
    text form leaves: a blank extends the single-column cell above it downwards, otherwise
    the one-row cell left of it rightwards (how 2- and 3-level budget headers are merged)."""
    n, width = table.n_header, len(table.rows[0])
    owner: dict[tuple[int, int], list[int]] = {}
    spans: list[list[int]] = []
    for r in range(n):
        for c in range(width):
            if table.rows[r][c]:
                spans.append([r, c, 1, 1])
                owner[(r, c)] = spans[-1]
                continue
            up, left = owner.get((r - 1, c)), owner.get((r, c - 1))
            if up is not None and up[3] == 1:
                up[2] += 1
                owner[(r, c)] = up
            elif left is not None and left[2] == 1 and left[0] == r:
                left[3] += 1
                owner[(r, c)] = left
    return [tuple(s) for s in spans if s[2] > 1 or s[3] > 1]


def facts(path: Path, origin: Optional[str] = "table") -> Counter:
    document, diagnostics = read_document(str(path))
    assert document is not None, diagnostics
    disclosure, _ = extract(document)
    return Counter((f.measure, f.basis, f.value.normalize()) for f in disclosure.facts
                   if origin is None or f.origin == origin)


def to_text(tables: Sequence[SourceTable], path: Path) -> Path:
    """The tables as the text reader's input: title lines, then tab-separated rows."""
    out = []
    for t in tables:
        out += list(t.titles) + ["\t".join(r) for r in t.rows] + [""]
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def expected_facts(tables: Sequence[SourceTable], tmp: Path) -> Counter:
    got = facts(to_text(tables, tmp / "source.txt"))
    assert got, "the source tables yield facts"
    return got


def compare(expected: Counter, got: Counter) -> str:
    missing, extra = expected - got, got - expected
    if not missing and not extra:
        return ""
    return f"missing {len(missing)} {list(missing)[:6]} extra {len(extra)} {list(extra)[:6]}"


# --- content transforms: a publisher's number format applied to body cells ----------------

def map_body(table: SourceTable, fn: Callable[[str, int, int], str]) -> SourceTable:
    """Apply ``fn(text, row, col)`` to every body cell (rows below the header)."""
    n = table.n_header
    rows = tuple(r if i < n else tuple(fn(t, i, c) for c, t in enumerate(r))
                 for i, r in enumerate(table.rows))
    return replace(table, rows=rows)


def amount_columns(table: SourceTable) -> set[int]:
    n = table.n_header
    return {c for r in table.rows[n:] for c, t in enumerate(r) if parse_number(t) is not None
            and "." in t}


def blanks_as(table: SourceTable, mark: str) -> SourceTable:
    """Print ``mark`` ("-", "—", "0.00") in the empty amount cells of labelled rows."""
    cols = amount_columns(table)
    return map_body(table, lambda t, r, c: mark if not t and c in cols
                    and any(table.rows[r][:min(cols)]) else t)


def in_yuan(table: SourceTable, thousands: bool = True) -> SourceTable:
    """The same amounts in 元 (×10000, 2 decimals), as most 决算 templates print them."""
    def fn(t: str, r: int, c: int) -> str:
        n = parse_number(t)
        if n is None or c not in cols:
            return t
        v = n.value * 10000
        return f"{v:,.2f}" if thousands else f"{v:.2f}"
    cols = amount_columns(table)
    titles = tuple(s.replace("单位：万元", "单位：元") for s in table.titles)
    return map_body(replace(table, titles=titles), fn)


def negated(table: SourceTable, style: str) -> SourceTable:
    """Every other amount printed negative, as "-12.30" or in accounting "(12.30)"."""
    cols = amount_columns(table)

    def fn(t: str, r: int, c: int) -> str:
        n = parse_number(t)
        if n is None or c not in cols or (r + c) % 2 or n.value == 0:
            return t
        return f"-{t}" if style == "minus" else f"({t})"
    return map_body(table, fn)


def with_total_label(table: SourceTable) -> SourceTable:
    """A table of figures only (the “三公” table's one row) given a label column as most
    publishers print it: 项目 over its header rows, 合计 on the first body row."""
    n = table.n_header
    if n >= len(table.rows) or parse_number(table.rows[n][0]) is None:
        return table
    label = ["项目"] + [""] * (n - 1) + ["合计"] + [""] * (len(table.rows) - n - 1)
    return replace(table, rows=tuple((t,) + r for t, r in zip(label, table.rows)))


def split_codes(table: SourceTable, how: str) -> SourceTable:
    """The 科目编码 column printed as "208 05 05", or as three columns 类 | 款 | 项 (``columns``:
    every part on every row; ``columns-leaf``: each row prints its own level only, 烟台 style,
    so a 项 row reads "| | 01" and takes 类 and 款 from the rows above)."""
    head = table.rows[table.n_header - 1] if table.n_header else ()
    if "科目编码" not in head:
        return table
    k = head.index("科目编码")

    def parts(code: str) -> list[str]:
        if not code.isdigit() or len(code) not in (3, 5, 7):
            return [code, "", ""]
        out = [code[:3], code[3:5], code[5:7]]
        if how == "columns-leaf":
            level = (3, 5, 7).index(len(code))
            out = [p if i == level else "" for i, p in enumerate(out)]
        return out
    rows = []
    for i, r in enumerate(table.rows):
        if how == "spaced":
            rows.append(tuple(" ".join(p for p in parts(t) if p) if c == k and i >= table.n_header
                              else t for c, t in enumerate(r)))
            continue
        if i < table.n_header - 1:
            mid = [r[k], "", ""]
        elif i == table.n_header - 1:
            mid = ["类", "款", "项"]
        else:
            mid = parts(r[k])
        rows.append(tuple(r[:k]) + tuple(mid) + tuple(r[k + 1:]))
    if how in ("columns", "columns-leaf"):  # the row above 类/款/项 names the three together
        n = table.n_header
        if n >= 2:
            top = list(rows[n - 2])
            if not top[k]:
                top[k] = "科目编码"
            rows[n - 2] = tuple(top)
        else:
            rows.insert(0, tuple("科目编码" if c == k else "" for c in range(len(rows[0]))))
    return replace(table, rows=tuple(rows))


def assert_same_facts(tables, write, tmp_path) -> None:
    """The facts read from the file ``write(tables)`` makes equal those of the same tables read as
    tab-separated text (the DOCX and XLSX variant tests share this check)."""
    problem = compare(expected_facts(tables, tmp_path), facts(write(tables)))
    assert not problem, problem
