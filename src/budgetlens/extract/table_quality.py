"""How well a table reads: the checks of its own reading, computed once per table (issue #8).

Why here and not in the audit: the extractor holds the grid, its header and its rows; the audit
sees facts. A finding that stands on a row shifted under the wrong header, or on a sum over rows
of which one was not read, is a doubt about the *reading*, not a defect of the document — and
only the side that read the table can tell. Each failing check becomes a
:class:`~budgetlens.model.ReadingDoubt` on the table's :class:`~budgetlens.model.TableInfo`,
naming a cause declared in ``rules/reading.toml``; reconcile/confidence.py decides which findings
stand on it.

The checks, each general (no layout or region named):

* ``columns-shifted`` — a row whose figures do not line up with the header: an amount (a figure
  with decimals or thousands separators) read in a column whose other cells are names, or a
  figure read under a column the header leaves without a label.
* ``rows-short-of-total`` — a total (合计 row, or a code row with children) that exceeds the sum
  of its rows *as read* in two or more columns at once, beyond the rounding of the figures
  added. One misprinted figure breaks one column; a row the reader lost breaks every column in
  which the row had a figure, each by that figure. So one column off is left to the audit (a
  printed inconsistency), several columns short at once is a reading in doubt.
* ``continued-not-joined`` — the reader marked the table ``open_end``/``open_start``.
* ``ocr-text`` — the table lies on a page read by OCR.
* ``merged-cell`` — a figure in a data row printed in a cell merged over several rows or value
  columns: which row or column it belongs to is the reader's guess (the others read blank).
* ``separators-misplaced`` / ``separators-ambiguous`` — figures printed with thousands separators
  in the wrong places ("19349,057"): read by their digits when the commas can only be
  separators (extract/table_grid.py ``regroup``), else left unread.
* ``cut-row`` — a table continued over pages whose last row on one page has a name and no
  figure while the first row on the next page has figures and no name: one printed row cut by
  the page break, read as two.
* ``row-unplaced`` — a row printing a class by a name no reading places (table_unplaced.py).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache
from decimal import Decimal
from typing import Collection, Iterable, Mapping, Optional, Sequence

from ..model import Document, Fact, ReadingDoubt, TableInfo
from .numbers import is_blank, parse_number
from .table_grid import CODE_RE, GridView, norm
from .table_unplaced import TOTAL_LABEL as _TOTAL, unplaced as _unplaced

# an amount as printed on a line: 1,234.56 or 12.50 (not a code, a year, a page number or a %)
# no capturing group: ``findall`` returns the whole amounts (counted by ``map``, no match objects)
_AMOUNT_TOKEN = re.compile(r"(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d%％])")
_SENTENCE = re.compile(r"[，。；！？]")
_AMOUNT = re.compile(r"[.,，]\d")  # a figure printed as an amount: 1,234 or 12.50
_ECONOMIC = ".economic."


#: layouts read as a grid of rows under a header (rules/tables.toml ``layout``): the ones whose
#: rows can be out of line with it. Key-value forms (performance targets) print words and
#: figures in the same columns by design.
GRID_LAYOUTS = frozenset({"classified", "summary", "label"})


def assess_reading(document: Document, infos: Sequence[TableInfo],
                   views: Mapping[int, GridView], chains: Mapping[int, Iterable[int]],
                   layouts: Mapping[int, str], facts: Iterable[Fact],
                   crosswalk: Collection[tuple[int, int]] = frozenset()) -> list[TableInfo]:
    """``infos`` with the doubts of each recognised table's reading filled in.

    ``views`` are the grid views extraction built (by table index), ``chains`` the tables
    extraction read as one (a table continued over pages), whose rows add up together, and
    ``layouts`` the layout each table with figures was read with. ``facts`` are the figures
    extraction read: a row it did not turn into facts was not read, whatever the grid shows —
    except the (table, row)s of ``crosswalk``: rows of a code printed on several rows, each
    with its own second code (部门经济科目 30101 × 政府经济科目 50101 / 50501), that extraction
    keeps out of the facts on purpose (no row is the code's figure). They are printed parts of
    the code's parent all the same: lost, they would make every such table look short."""
    readable = {i.index for i in infos if i.role and not i.empty and i.index in layouts}
    doubts: dict[int, list[ReadingDoubt]] = defaultdict(list)
    ocr = set(document.ocr_pages)
    for table in document.tables:
        if table.index not in readable:
            continue
        view = views.get(table.index)
        if view is not None and layouts[table.index] in GRID_LAYOUTS:
            doubts[table.index] += _shifted(view)
        if table.open_end or table.open_start:
            doubts[table.index].append(ReadingDoubt(
                "continued-not-joined", detail="表格在页末或页首可能续接，未能拼接",
                detail_en="the table may go on over the page and was not joined"))
        if ocr & set(table.pages or (table.page,)):
            doubts[table.index].append(ReadingDoubt(
                "ocr-text", detail="页面文字由 OCR 识别", detail_en="page text recognised by OCR"))
        if view is not None and layouts[table.index] in GRID_LAYOUTS:
            doubts[table.index] += _merged(view) + _separators(view)
    cells = {(f.source.table, f.source.row, f.source.column) for f in facts if f.origin == "table"}
    read = {(t, r) for t, r, _ in cells}
    named = {(f.source.table, f.source.row) for f in facts
             if f.origin == "table" and _ECONOMIC in f.measure}
    for index, view in views.items():
        if index in readable and layouts[index] in GRID_LAYOUTS:
            doubts[index] += _unplaced(view, read, named)
    lines = list(document.lines())
    where: dict[int, list[int]] = defaultdict(list)  # table → its lines' positions, in order
    for i, ln in enumerate(lines):
        if ln.table is not None:
            where[ln.table].append(i)
    parts = read | set(crosswalk)  # rows printed as parts of a total: read, or crosswalk cells
    cells |= {(t.index, c.row, c.col) for t in document.tables for c in t.cells
              if (t.index, c.row) in crosswalk}
    for members in chains.values():
        chain = [views[i] for i in sorted(members) if i in readable and i in views]
        for index, doubt in _cut_rows(chain):
            doubts[index].append(doubt)
        if not chain or not _unread(lines, [v.table for v in chain], cells, where):
            continue  # every figure printed with the table was read: a shortfall is printed
        for index, doubt in _short_totals(chain, parts):
            doubts[index].append(doubt)
    return [replace(info, reading=tuple(doubts[info.index])) if doubts.get(info.index) else info
            for info in infos]


# ---------------------------------------------------------------------------------------------
# columns that do not line up with the header


def _shifted(view: GridView) -> list[ReadingDoubt]:
    """Rows with an amount in a name column, or a figure under a column with no header label."""
    rows: dict[int, str] = {}
    for col in _name_columns(view):
        for r in view.data_rows:
            text = norm(view.raw[r][col])
            if _is_amount(text):
                rows.setdefault(r, f"第{col + 1}列（名称列）读到金额 {text}")
    if view.header_rows:
        for column in view.columns:
            if column.path or column.kind == "ignore":
                continue
            for r in view.data_rows:
                text = norm(view.raw[r][column.index])
                if parse_number(text) is not None and not CODE_RE.fullmatch(text):
                    rows.setdefault(r, f"第{column.index + 1}列无表头却读到数字 {text}")
    if not rows:
        return []
    order = sorted(rows)
    detail = "；".join(f"第{r + 1}行：{rows[r]}" for r in order[:3])
    return [ReadingDoubt("columns-shifted", rows=tuple(order), detail=detail,
                         detail_en=f"{len(order)} row(s) out of line with the header, "
                                   f"first at row {order[0] + 1}")]


def _separators(view: GridView) -> list[ReadingDoubt]:
    """Figures printed with misplaced thousands separators: read (regrouped) or left unread."""
    data = set(view.data_rows)
    out = []
    for cause, found, zh, en in (
            ("separators-misplaced", view.regrouped, "按数字读取", "read by their digits"),
            ("separators-ambiguous", view.ambiguous, "未读取", "not read")):
        cells = [(r, c, t) for r, c, t in found if r in data]
        if not cells:
            continue
        rows = tuple(sorted({r for r, _, _ in cells}))
        sample = "、".join(t for _, _, t in cells[:3])
        out.append(ReadingDoubt(cause, rows=rows, detail=f"千分位分隔符错位（{sample}），{zh}",
                                detail_en=f"{len(cells)} figure(s) with misplaced thousands "
                                          f"separators ({sample}), {en}"))
    return out


def _name_columns(view: GridView) -> list[int]:
    """Key columns that hold names: most of their filled data cells are words, not figures."""
    out = []
    for col in view.columns:
        if col.kind != "key":
            continue
        texts = [norm(view.raw[r][col.index]) for r in view.data_rows]
        texts = [t for t in texts if t and not is_blank(t)]
        words = [t for t in texts if parse_number(t) is None]
        if len(words) >= 2 and len(words) * 2 > len(texts):
            out.append(col.index)
    return out


def _is_amount(text: str) -> bool:
    n = parse_number(text) if text else None
    return n is not None and not n.percent and bool(_AMOUNT.search(text))


# ---------------------------------------------------------------------------------------------
# merged cells and rows cut by a page break


def _merged(view: GridView) -> list[ReadingDoubt]:
    """Data rows holding a figure printed in a cell merged over rows or over value columns."""
    data, values = set(view.data_rows), {c.index for c in view.columns if c.kind == "value"}
    rows: set[int] = set()
    for cell in view.table.cells:
        if cell.row not in data or (cell.rowspan <= 1 and cell.colspan <= 1):
            continue
        spanned = set(range(cell.col, cell.col + cell.colspan))
        if not spanned & values or parse_number(norm(cell.text)) is None:
            continue
        if cell.rowspan > 1 or len(spanned & values) > 1:
            rows.update(r for r in range(cell.row, cell.row + cell.rowspan) if r in data)
    if not rows:
        return []
    order = sorted(rows)
    return [ReadingDoubt("merged-cell", rows=tuple(order),
                         detail=f"第{order[0] + 1}行起有数字印在合并单元格中（共{len(order)}行）",
                         detail_en=f"a figure printed in a merged cell (rows from {order[0] + 1}, "
                                   f"{len(order)} in all)")]


def _figures(view: GridView, row: int) -> bool:
    return any(parse_number(norm(view.raw[row][c.index])) is not None
               for c in view.columns if c.kind == "value")


def _named(view: GridView, row: int) -> bool:
    return any(norm(view.raw[row][c.index]) for c in view.columns if c.kind == "key")


def _cut_rows(chain: Sequence[GridView]) -> list[tuple[int, ReadingDoubt]]:
    """Page breaks of a continued table that cut one printed row in two (see module doc)."""
    out: list[tuple[int, ReadingDoubt]] = []
    for before, after in zip(chain, chain[1:]):
        if not before.data_rows or not after.data_rows:
            continue
        last, first = before.data_rows[-1], after.data_rows[0]
        if _named(before, last) and not _figures(before, last) \
                and _figures(after, first) and not _named(after, first):
            detail = f"跨页处一行被截断：第{before.table.page}页末行有名称无数字，下页首行有数字无名称"
            detail_en = "a row cut by the page break: a name without figures, then figures without a name"
            out.append((before.table.index, ReadingDoubt("cut-row", rows=(last,), detail=detail,
                                                         detail_en=detail_en)))
            out.append((after.table.index, ReadingDoubt("cut-row", rows=(first,), detail=detail,
                                                        detail_en=detail_en)))
    return out


# ---------------------------------------------------------------------------------------------
# totals against their rows as read


class _Row:
    """One data row of a chain: where it is, its code (or total mark) and its figures by column."""

    __slots__ = ("table", "row", "code", "total", "values")

    def __init__(self, table: int, row: int, code: str, total: bool,
                 values: dict[int, tuple[Decimal, int]]):
        self.table, self.row, self.code, self.total, self.values = table, row, code, total, values


def _unread(lines: Sequence, tables: Sequence, cells: set,
            where: Mapping[int, Sequence[int]]) -> bool:
    """Whether a figure printed with the table was not read into a cell that gave a fact.

    "Printed with the table": its own lines, and the row-like lines (no sentence punctuation)
    that follow it on its last page before another table starts — where a row printed in a form
    the reader did not take into the grid ends up. Why this proves a reading complete: if every
    amount on those lines is a figure extraction read, the rows as read are the rows as printed,
    and a total they do not reach is the document's own inconsistency, not a lost row."""
    members = {t.index for t in tables}
    at = [where[m] for m in members if where.get(m)]  # ``where``: each table's line positions
    if not at:
        return False
    first, last = min(p[0] for p in at), max(p[-1] for p in at)
    end = next((i for i in range(last + 1, len(lines)) if lines[i].page != lines[last].page
                or (lines[i].table is not None and lines[i].table not in members)), len(lines))
    printed: Counter = Counter()
    for ln in lines[first:end]:
        if ln.table in members or (ln.table is None and not _SENTENCE.search(ln.text)):
            printed.update(map(_value, _AMOUNT_TOKEN.findall(ln.text)))
    read: Counter = Counter()
    for table in tables:
        for c in table.cells:
            if (table.index, c.row, c.col) in cells:
                read.update(map(_value, _AMOUNT_TOKEN.findall(c.text)))
    printed.pop(None, None)
    return bool(printed - read)


@lru_cache(maxsize=8192)
def _value(text: str) -> Optional[Decimal]:
    """A printed amount's value (cached: every chain counts the figures of its pages again)."""
    n = parse_number(text)
    return n.value.normalize() if n is not None else None


def _short_totals(chain: Sequence[GridView], read: set) -> list[tuple[int, ReadingDoubt]]:
    """Totals of a table (over the pages extraction joined) short of their rows in ≥ 2 columns."""
    rows = _coded_rows(chain, read)
    if rows is None:
        return []
    codes = {r.code for r in rows if r.code}
    totals = [r for r in rows if r.total]
    out: list[tuple[int, ReadingDoubt]] = []
    parents: list[tuple[_Row, list[_Row]]] = []
    if len(totals) == 1:
        parents.append((totals[0], [r for r in rows if r.code and not _has_parent(r.code, codes)]))
    for parent in (r for r in rows if r.code):
        parents.append((parent, _children(parent.code, rows)))
    for parent, children in parents:
        short = _shortfall(parent, children)
        if short:
            out += _doubts(parent, children, short)
    return out


def _coded_rows(chain: Sequence[GridView], read: set) -> Optional[list[_Row]]:
    """Every data row read (``read``: it gave facts) as (code or total, figures), or None when a
    row read has neither (a 其中 line, an uncoded name): the hierarchy cannot then be told."""
    if not chain or any(len(v.groups) != 1 for v in chain):
        return None
    out = []
    for view in chain:
        keys = [c.index for c in view.columns if c.kind == "key"]
        values = [c.index for c in view.columns if c.kind == "value"]
        for r in view.data_rows:
            if (view.table.index, r) not in read:
                continue
            figures = {}
            for c in values:
                n = parse_number(view.raw[r][c])
                if n is not None and not n.percent:
                    figures[c] = (n.value, n.decimals)
            key = "".join(norm(view.raw[r][c]) for c in keys)
            m = CODE_RE.match(key)
            code = "".join(g for g in m.groups() if g) if m else ""
            total = not code and bool(_TOTAL.match(key))
            if figures and not code and not total:
                return None
            out.append(_Row(view.table.index, r, code, total, figures))
    return out


def _has_parent(code: str, codes: set[str]) -> bool:
    return any(code.startswith(c) and len(c) < len(code) for c in codes)


def _children(code: str, rows: Sequence[_Row]) -> list[_Row]:
    """The rows of the next printed level under ``code`` (款 under 类, else 项 under 类)."""
    below = [r for r in rows if r.code.startswith(code) and len(r.code) > len(code)]
    if not below:
        return []
    level = min(len(r.code) for r in below)
    return [r for r in below if len(r.code) == level]


def _shortfall(parent: _Row, children: Sequence[_Row]) -> list[int]:
    """Columns where the parent exceeds its children beyond rounding, when there are two or more
    and none where it falls below them; else []."""
    if not children:
        return []
    failing, over = [], False
    for col, (value, decimals) in parent.values.items():
        parts = [r.values[col] for r in children if col in r.values]
        if not parts:
            continue
        tol = sum((Decimal(5).scaleb(-d - 1) for _, d in parts), Decimal(5).scaleb(-decimals - 1))
        diff = value - sum(v for v, _ in parts)
        if diff > tol:
            failing.append(col)
        elif diff < -tol:
            over = True
    return failing if len(failing) >= 2 and not over else []


def _doubts(parent: _Row, children: Sequence[_Row], cols: Sequence[int]
            ) -> list[tuple[int, ReadingDoubt]]:
    """One doubt per table of the chain that holds the parent or its children."""
    name = "合计" if parent.total else parent.code
    detail = (f"{name}（第{parent.row + 1}行）在{len(cols)}列大于按读取的下级行之和"
              f"（第{'、'.join(str(c + 1) for c in cols)}列）")
    detail_en = (f"{'the total' if parent.total else parent.code} (row {parent.row + 1}) exceeds "
                 f"its rows as read in {len(cols)} columns")
    tables = sorted({parent.table} | {r.table for r in children})
    return [(t, ReadingDoubt("rows-short-of-total",
                             rows=tuple(r.row for r in children if r.table == t),
                             totals=(parent.row,) if parent.table == t else (),
                             detail=detail, detail_en=detail_en)) for t in tables]


__all__ = ["assess_reading"]
