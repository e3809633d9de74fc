"""Table coverage: which numbers printed in a document's tables became facts, and which did not.

Why: acceptance says every number of a recognised table is a fact. The table extractor drops a
cell rather than guess (an unknown column header, a row with neither code nor known label), and
nothing else measures what is dropped. This counts, per table, the numeric cells of the data rows
in figure columns — not header rows, not key columns (codes, names), not 栏次/行次/序号 columns —
against the cells that are the source (``Source.table/row/column``) of a table fact, and says
for each uncovered cell whether its row or its column was read elsewhere (the cause to fix).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..model import Document, Fact, Table, TableInfo
from ..rules.table_layouts import TableLayouts, load_table_layouts
from .numbers import parse_number
from .table_grid import GridView, norm, to_grid_view

#: Why an uncovered cell was not read, judged from the facts of its table.
CAUSES = {
    "column": "column not read (its header is not mapped)",
    "row": "row not read (no code or known label)",
    "both": "neither its row nor its column is read",
    "cell": "row and column read, this cell not (duplicate code, other basis …)",
}


@dataclass(frozen=True)
class UncoveredCell:
    """A numeric cell of a table that is the source of no fact."""

    table: int
    title: str
    role: str
    row: int
    column: int
    row_label: str
    column_label: str
    text: str
    cause: str

    def __str__(self) -> str:
        return (f"[{self.cause}] {self.title[:30]} | {self.row_label[:24]} | "
                f"{self.column_label[:30]} | {self.text}")


@dataclass
class TableCoverage:
    """Per-table counts: ``numeric`` cells, ``covered`` by a fact; role None = unrecognised."""

    index: int
    title: str
    role: Optional[str]
    numeric: int = 0
    covered: int = 0
    uncovered: list[UncoveredCell] = field(default_factory=list)


@dataclass
class CoverageStats:
    """Coverage of one document's tables (see :func:`table_coverage`)."""

    tables: list[TableCoverage] = field(default_factory=list)

    @property
    def recognised(self) -> tuple[int, int]:
        """(covered, numeric) over the recognised tables."""
        rec = [t for t in self.tables if t.role]
        return sum(t.covered for t in rec), sum(t.numeric for t in rec)

    @property
    def unrecognised(self) -> tuple[int, int]:
        """(tables, numeric cells) of tables with no role that print figures."""
        unrec = [t for t in self.tables if not t.role and t.numeric]
        return len(unrec), sum(t.numeric for t in unrec)

    def causes(self) -> Counter:
        return Counter(c.cause for t in self.tables if t.role for c in t.uncovered)

    def uncovered(self) -> list[UncoveredCell]:
        return [c for t in self.tables if t.role for c in t.uncovered]


def numeric_cells(table: Table, layouts: TableLayouts) -> tuple[list[tuple[int, int]], GridView]:
    """The (row, column) of every number a reader would call a figure of the table.

    Header, meta, note and numbering rows are left out by :func:`to_grid_view`; key columns
    (codes, names, 类/款/项) and ignored columns (栏次/行次/序号) are left out here. A percent is a
    figure; a lone year in a data cell is not (a 年度 column)."""
    view = to_grid_view(table, layouts.recognition)
    cols = [c.index for c in view.columns if c.kind == "value"]
    out: list[tuple[int, int]] = []
    for r in view.data_rows:
        for c in cols:
            text = view.cell(r, c)
            if parse_number(text) is None:
                continue
            out.append((r, c))
    return out, view


def _row_label(view: GridView, row: int) -> str:
    keys = [c.index for c in view.columns if c.kind == "key"]
    return " ".join(norm(view.cell(row, c)) for c in keys if norm(view.cell(row, c)))


def table_coverage(document: Document, infos: Iterable[TableInfo], facts: Iterable[Fact],
                   layouts: Optional[TableLayouts] = None) -> CoverageStats:
    """Numeric cells vs fact sources, per table of ``document`` (``infos`` by table index)."""
    layouts = layouts or load_table_layouts()
    by_index = {i.index: i for i in infos}
    sources: dict[int, set[tuple[int, int]]] = {}
    for f in facts:
        s = f.source
        if f.origin == "table" and s.table is not None and s.row is not None and s.column is not None:
            sources.setdefault(s.table, set()).add((s.row, s.column))
    stats = CoverageStats()
    for table in document.tables:
        info = by_index.get(table.index)
        role = info.role if info is not None else None
        title = info.title if info is not None else ""
        cells, view = numeric_cells(table, layouts)
        read = sources.get(table.index, set())
        tc = TableCoverage(table.index, title, role, numeric=len(cells))
        rows_read = {r for r, _ in read}
        cols_read = {c for _, c in read}
        for r, c in cells:
            if (r, c) in read:
                tc.covered += 1
                continue
            cause = ("cell" if r in rows_read and c in cols_read else
                     "column" if r in rows_read else "row" if c in cols_read else "both")
            tc.uncovered.append(UncoveredCell(table.index, title, role or "", r, c,
                                              _row_label(view, r), view.columns[c].label,
                                              view.cell(r, c), cause))
        stats.tables.append(tc)
    return stats


__all__ = ["CAUSES", "CoverageStats", "TableCoverage", "UncoveredCell", "numeric_cells",
           "table_coverage"]
