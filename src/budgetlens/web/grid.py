"""A document's table as an HTML grid, rebuilt from the facts read from it.

Why from facts and not from the original table: the store keeps each figure with its row, column,
label ("row label / column heading") and quoted text; a grid of those is exactly what extraction
understood, so a reader sees each figure where it was printed and follows it to its page. Cells
extraction did not read as figures are left empty (they are not facts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEPARATOR = " / "


@dataclass
class Grid:
    columns: list[tuple[int, str]] = field(default_factory=list)   # (col index, heading)
    rows: list[tuple[int, str, dict[int, dict]]] = field(default_factory=list)  # (row, label, cells)

    def records(self) -> list[dict]:
        """Rows for a download: the row label then each column's printed text."""
        out = []
        for _row, label, cells in self.rows:
            rec = {"row": label}
            rec.update({head: cells[c]["text"] if c in cells else "" for c, head in self.columns})
            out.append(rec)
        return out

    def headings(self) -> tuple[str, ...]:
        return ("row", *(head for _c, head in self.columns))


def split_label(label: str) -> tuple[str, str]:
    row, sep, col = (label or "").partition(SEPARATOR)
    return (row.strip(), col.strip()) if sep else (row.strip(), "")


def build_grid(cells: list[dict]) -> Grid:
    """Cells (facts with ``row``, ``col``, ``label``) → a grid; the first fact of a cell wins (a
    cell read as two measures, e.g. a total that is also a 类, is one cell on the page)."""
    heads: dict[int, str] = {}
    rows: dict[int, tuple[str, dict[int, dict]]] = {}
    for c in cells:
        if c["row"] is None or c["col"] is None:
            continue
        row_label, col_head = split_label(c["label"])
        heads.setdefault(c["col"], col_head or f"#{c['col']}")
        label, by_col = rows.setdefault(c["row"], (row_label, {}))
        by_col.setdefault(c["col"], c)
    grid = Grid(columns=sorted(heads.items()))
    seen: dict[str, int] = {}
    for r in sorted(rows):
        label, by_col = rows[r]
        grid.rows.append((r, label, by_col))
    # two columns with the same heading stay two columns in a download
    for i, (c, head) in enumerate(grid.columns):
        n = seen.get(head, 0)
        seen[head] = n + 1
        if n:
            grid.columns[i] = (c, f"{head} ({n + 1})")
    return grid
