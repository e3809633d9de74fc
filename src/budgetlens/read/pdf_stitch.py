"""Page tables → document tables: stitch tables continued over pages, attach titles, mark lines.

Why: no PDF library joins a table that runs over several pages (libraries.md §3), yet a 类/款/项
table of 200 rows printed over 5 pages is one table whose 合计 row sums all of them. A table on the
next page continues the previous page's last table when it opens the page (no title above it) and
its column x-edges are a subset of the previous one's with the same outer edges (a page-closing
合计 row merged over the code columns prints fewer edges). The repeated header is dropped and a
number-free fragment row (a label broken by the page break) is merged into the row above.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from budgetlens.model import Cell, Line, Table
from budgetlens.read.pdf_layout import join_stacked
from budgetlens.read.pdf_tables import PageTable, inside

# Column edges of a continuation match within this many points.
EDGE_TOL = 2.0
# ... after removing a uniform shift of the whole table of at most this many points.
MAX_SHIFT = 20.0
# At most this many lines above a table are kept as its title lines.
MAX_TITLE_LINES = 4
# A vertical gap larger than this (points) ends the title block above a table.
TITLE_GAP = 60.0
# Lines printed above a continued table that say "a new table starts here".
_TITLE_RE = re.compile(r"表|单位[:：]|单位 *[（(]|[（(]单位|万元|元）")
_DIGIT_RE = re.compile(r"\d")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _edge_map(prev: Sequence[float], nxt: Sequence[float]) -> Optional[list[int]]:
    """Index of each of ``nxt``'s edges among ``prev``'s, or None when they do not match.

    The whole table may sit a few points off on the next page (another page margin), so the
    edges are compared after removing the shift of the left edges, if that shift is small.
    """
    shift = nxt[0] - prev[0]
    for offset in ((0.0, shift) if 0 < abs(shift) <= MAX_SHIFT else (0.0,)):
        out = []
        for x in nxt:
            x -= offset
            best = min(range(len(prev)), key=lambda i: abs(prev[i] - x))
            if abs(prev[best] - x) > EDGE_TOL:
                break
            out.append(best)
        else:
            if out[0] == 0 and out[-1] == len(prev) - 1 and out == sorted(set(out)):
                return out
    return None


def _header_rows(first: PageTable, nxt: PageTable) -> int:
    """How many leading rows of ``nxt`` repeat the first rows of the table it continues."""
    a, b = first.rows(), nxt.rows()
    k = 0
    while k < min(len(a), len(b), 6) and [_norm(t) for t in a[k]] == [_norm(t) for t in b[k]]:
        if not any(b[k]):
            break
        k += 1
    return k


class _Stitched:
    """A document table being assembled from page parts."""

    def __init__(self, part: PageTable, title: tuple[Line, ...]) -> None:
        self.parts = [part]
        self.edges = part.column_edges
        self.first = part
        self.cells: list[Cell] = list(part.cells)
        self.n_rows = part.n_rows
        self.title = title

    def append(self, part: PageTable, mapping: list[int]) -> None:
        skip = _header_rows(self.first, part)
        cells = []
        for c in part.cells:
            if c.row + c.rowspan <= skip:
                continue
            start, end = mapping[c.col], mapping[c.col + c.colspan]
            row = max(c.row - skip, 0)
            cells.append(c._replace(row=row, col=start, colspan=end - start,
                                    rowspan=c.row + c.rowspan - skip - row))
        cells = self._merge_fragment(cells)
        for c in cells:
            self.cells.append(c._replace(row=c.row + self.n_rows))
        self.n_rows += max((c.row + c.rowspan for c in cells), default=0)
        self.parts.append(part)

    def _merge_fragment(self, cells: list[Cell]) -> list[Cell]:
        """Merge a leading text-only row (a label cut by the page break) into the last row."""
        lead = [c for c in cells if c.row == 0]
        filled = [c for c in lead if c.text]
        if not filled or any(_DIGIT_RE.search(c.text) for c in filled):
            return cells
        last = {c.col: i for i, c in enumerate(self.cells)
                if c.row <= self.n_rows - 1 < c.row + c.rowspan}
        if any(c.col not in last or not self.cells[last[c.col]].text for c in filled):
            return cells
        for c in filled:
            i = last[c.col]
            self.cells[i] = self.cells[i]._replace(text=join_stacked([self.cells[i].text, c.text]))
        rest = [c for c in cells if c.row > 0]
        return [c._replace(row=c.row - 1) for c in rest]

    def to_table(self, index: int, line: Optional[int]) -> Table:
        pages = tuple(dict.fromkeys(p.page for p in self.parts))
        bbox = self.first.bbox
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.col)))
        return Table(index, self.first.page, self.n_rows, len(self.edges) - 1, cells, pages,
                     bbox, line, self.title, tuple(round(x, 2) for x in self.edges))


def title_lines(table: PageTable, lines: Sequence[Line],
                above: Optional[PageTable]) -> tuple[Line, ...]:
    """Non-table lines just above a table: the closest few, stopping at the previous table."""
    floor = above.bbox[3] if above is not None else -1.0
    top = table.bbox[1]
    picked: list[Line] = []
    edge = top
    for line in sorted(lines, key=lambda ln: -ln.bbox[3]):
        b = line.bbox
        if b[3] > top + 1.0 or b[1] < floor or line.table is not None:
            continue
        if b[2] < table.bbox[0] or b[0] > table.bbox[2]:
            continue
        if edge - b[3] > TITLE_GAP or len(picked) >= MAX_TITLE_LINES:
            break
        picked.append(line)
        edge = b[1]
    return tuple(reversed(picked))


def _continues(prev: _Stitched, part: PageTable, title: tuple[Line, ...],
               prev_page_last: bool) -> Optional[list[int]]:
    if not prev_page_last or part.page != prev.parts[-1].page + 1:
        return None
    if any(_TITLE_RE.search(ln.text) for ln in title):
        return None
    return _edge_map(prev.edges, part.column_edges)


def stitch(pages: Sequence[tuple[list[PageTable], list[Line]]]) -> tuple[list[Table], list[list[Line]]]:
    """Join page tables into document tables; return them and the pages' lines with
    ``Line.table`` set to the index of the table each line lies in."""
    built: list[_Stitched] = []
    owner: list[list[int]] = []  # per page, per page-table: index into built
    for tables, lines in pages:
        ids = []
        for k, t in enumerate(tables):
            title = title_lines(t, [ln for ln in lines if not any(
                inside(ln.bbox, o.bbox) for o in tables)], tables[k - 1] if k else None)
            mapping = None
            if k == 0 and built:
                prev_last = bool(owner) and bool(owner[-1]) and owner[-1][-1] == len(built) - 1
                mapping = _continues(built[-1], t, title, prev_last)
            if mapping is not None:
                built[-1].append(t, mapping)
                ids.append(len(built) - 1)
                continue
            if t.n_cols < 2 or (t.n_rows < 2 and not any(c.text for c in t.cells)):
                ids.append(-1)
                continue
            built.append(_Stitched(t, title))
            ids.append(len(built) - 1)
        owner.append(ids)
    return _finish(built, owner, pages)


def _finish(built, owner, pages):
    keep = [i for i, b in enumerate(built) if b.n_rows >= 2 or len(b.parts) > 1]
    new_index = {old: new for new, old in enumerate(keep)}
    out_lines: list[list[Line]] = []
    first_line: dict[int, int] = {}
    for (tables, lines), ids in zip(pages, owner):
        page_lines = []
        for ln in lines:
            idx = None
            for t, i in zip(tables, ids):
                if i in new_index and inside(ln.bbox, t.bbox):
                    idx = new_index[i]
                    break
            if idx is not None:
                first_line.setdefault(idx, ln.number)
            page_lines.append(ln._replace(table=idx) if idx is not None else ln)
        out_lines.append(page_lines)
    tables = [built[old].to_table(new, first_line.get(new)) for new, old in enumerate(keep)]
    return tables, out_lines
