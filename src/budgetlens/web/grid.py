"""A document's table as an HTML grid, rebuilt from the facts read from it.

Why from facts and not from the original table: the store keeps each figure with its row, column,
label ("row label / column heading") and quoted text; a grid of those is exactly what extraction
understood, so a reader sees each figure where it was printed and follows it to its page. Cells
extraction did not read as figures are left empty (they are not facts).

Two-sided tables (收入 on the left, 支出 on the right, as in 财务收支预算总表) print two row labels
per line; a column whose cells carry other row labels than the columns before it starts a new
*side*, shown with its own label column, so each figure sits beside the label it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEPARATOR = " / "


@dataclass
class Column:
    col: int
    heading: str
    side: int


@dataclass
class Row:
    row: int
    labels: dict[int, str]      # side → row label
    cells: dict[int, dict]      # col → fact


@dataclass
class Grid:
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def sides(self) -> list[list[Column]]:
        out: dict[int, list[Column]] = {}
        for c in self.columns:
            out.setdefault(c.side, []).append(c)
        return [out[s] for s in sorted(out)]

    def headings(self) -> tuple[str, ...]:
        """Download columns: each side's label column, then its columns' headings."""
        out: list[str] = []
        for i, side in enumerate(self.sides):
            out.append("row" if i == 0 else f"row ({i + 1})")
            out += [c.heading for c in side]
        return tuple(out)

    def records(self) -> list[dict]:
        keys = self.headings()
        out = []
        for r in self.rows:
            values: list[str] = []
            for i, side in enumerate(self.sides):
                values.append(r.labels.get(side[0].side, ""))
                values += [r.cells[c.col]["text"] if c.col in r.cells else "" for c in side]
            out.append(dict(zip(keys, values)))
        return out


def split_label(label: str) -> tuple[str, str]:
    row, sep, col = (label or "").partition(SEPARATOR)
    return (row.strip(), col.strip()) if sep else (row.strip(), "")


def _sides(cols: list[int], labels: dict[tuple[int, int], str]) -> dict[int, int]:
    """col → side: a column starts a new side when, on at least half the rows it shares with the
    current side's first column, its row labels differ (a 合计 row may agree; no shared row or no
    difference: same side)."""
    side_of: dict[int, int] = {}
    side, first = 0, None
    for c in cols:
        if first is None:
            first = c
        else:
            shared = [r for (r, cc) in labels if cc == c and (r, first) in labels]
            differ = sum(labels[(r, c)] != labels[(r, first)] for r in shared)
            if shared and differ * 2 >= len(shared) and differ:
                side, first = side + 1, c
        side_of[c] = side
    return side_of


def build_grid(cells: list[dict]) -> Grid:
    """Cells (facts with ``row``, ``col``, ``label``) → a grid; the first fact of a cell wins (a
    cell read as two measures, e.g. a total that is also a 类, is one cell on the page)."""
    heads: dict[int, str] = {}
    labels: dict[tuple[int, int], str] = {}
    by_row: dict[int, dict[int, dict]] = {}
    for c in cells:
        if c["row"] is None or c["col"] is None or c["col"] in by_row.get(c["row"], {}):
            continue
        row_label, col_head = split_label(c["label"])
        heads.setdefault(c["col"], col_head or f"#{c['col']}")
        labels[(c["row"], c["col"])] = row_label
        by_row.setdefault(c["row"], {})[c["col"]] = c
    side_of = _sides(sorted(heads), labels)
    grid = Grid(columns=[Column(c, heads[c], side_of[c]) for c in sorted(heads)])
    for r in sorted(by_row):
        row_labels: dict[int, str] = {}
        for col in sorted(by_row[r]):
            row_labels.setdefault(side_of[col], labels[(r, col)])
        grid.rows.append(Row(r, row_labels, by_row[r]))
    _unique_headings(grid.columns)
    return grid


def _unique_headings(columns: list[Column]) -> None:
    """Two columns with the same heading stay two columns in a download."""
    seen: dict[str, int] = {}
    for c in columns:
        n = seen.get(c.heading, 0)
        seen[c.heading] = n + 1
        if n:
            c.heading = f"{c.heading} ({n + 1})"
