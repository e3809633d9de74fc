"""Ruling edges → table grids: column/row boundaries and merged-cell spans.

Why our own rebuild and not pdfplumber's ``intersections_to_cells``: that one is quadratic in the
number of intersections and runs at tens of pages per second on budget tables (20 rows × 10
columns a page). Budget tables are full grids, so a table is a connected group of rulings; its
column bounds are the distinct x of its vertical rulings and its row bounds the distinct y of its
horizontal ones; two neighbouring slots belong to one merged cell when no ruling separates them.
That is linear in the slots and keeps every intermediate (rulings, bounds, spans) inspectable.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple, Sequence

from budgetlens.read.settings import GridSettings

# How close rulings must be to be one, how long to count, how far one may stop short of another:
# :class:`~budgetlens.read.settings.GridSettings`, passed as ``grid``.
_GRID = GridSettings()


class Ruling(NamedTuple):
    """A merged horizontal (``pos`` = y, span = x0..x1) or vertical (``pos`` = x, span =
    top..bottom) ruling line."""

    orientation: str
    pos: float
    start: float
    end: float


class GridCell(NamedTuple):
    """A cell of a grid in slot units: top-left slot and spans."""

    row: int
    col: int
    rowspan: int
    colspan: int


class Grid(NamedTuple):
    """One ruled table on one page: bounds and cells (row-major by top-left slot)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[GridCell, ...]
    slot_cell: tuple[tuple[int, ...], ...]  # slot (r, c) → index into cells
    rulings: tuple[Ruling, ...]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def cell_bbox(self, cell: GridCell) -> tuple[float, float, float, float]:
        return (self.xs[cell.col], self.ys[cell.row], self.xs[cell.col + cell.colspan],
                self.ys[cell.row + cell.rowspan])

    def locate(self, x: float, y: float) -> int:
        """Index of the cell containing point (x, y), or -1."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return -1
        c = min(bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        r = min(bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        return self.slot_cell[r][c]


def merge_rulings(edges: Sequence[dict], orientation: str,
                  grid: GridSettings = _GRID) -> list[Ruling]:
    """Snap collinear edges to one position and join touching segments."""
    if orientation == "h":
        items = sorted((e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h")
    else:
        items = sorted((e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v")
    groups: list[list[tuple]] = []
    for it in items:
        if groups and it[0] - groups[-1][-1][0] <= grid.snap:
            groups[-1].append(it)
        else:
            groups.append([it])
    out = []
    for g in groups:
        pos = sum(i[0] for i in g) / len(g)
        segs = sorted((i[1], i[2]) for i in g)
        s0, s1 = segs[0]
        for a, b in segs[1:]:
            if a <= s1 + grid.join:
                s1 = max(s1, b)
            else:
                out.append(Ruling(orientation, pos, s0, s1))
                s0, s1 = a, b
        out.append(Ruling(orientation, pos, s0, s1))
    return [r for r in out if r.end - r.start >= grid.min_length]


def _components(hs: list[Ruling], vs: list[Ruling], touch: float
                ) -> list[tuple[list[Ruling], list[Ruling]]]:
    """Connected groups of rulings (a horizontal and a vertical ruling that meet are linked).
    Each horizontal ruling is tried only against the verticals whose position lies along its
    length (a bisection of the verticals by position), not against every vertical of the page:
    the groups are the same, whatever order the links are made in."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(range(len(vs)), key=lambda j: vs[j].pos)
    at = [vs[j].pos for j in order]
    for i, h in enumerate(hs):
        for j in order[bisect_left(at, h.start - touch):bisect_right(at, h.end + touch)]:
            v = vs[j]
            if v.start - touch <= h.pos <= v.end + touch:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _bounds(values: list[float], snap: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= snap:
            continue
        out.append(v)
    return out


def _trim(bounds: list[float], least: float) -> None:
    """Drop outer slivers: a double outer border (two frames a few points apart) is not a
    column or row of its own."""
    while len(bounds) > 2 and bounds[1] - bounds[0] < least:
        bounds.pop(0)
    while len(bounds) > 2 and bounds[-1] - bounds[-2] < least:
        bounds.pop()


def _at(rulings: list[Ruling], pos: float, snap: float) -> list[Ruling]:
    """The rulings lying at ``pos`` (within ``snap``), in their order."""
    return [r for r in rulings if abs(r.pos - pos) <= snap]


def _uncovered(rulings: list[Ruling], mids: list[float]) -> list[int]:
    """Which of the slots centred at ``mids`` (ascending) no ruling of ``rulings`` (those at
    one bound) passes through along its length: the slots merged across that bound. A
    bisection per ruling instead of a test per slot and ruling."""
    covered = bytearray(len(mids))
    for r in rulings:
        lo, hi = bisect_left(mids, r.start - 1.0), bisect_right(mids, r.end + 1.0)
        covered[lo:hi] = b"\1" * (hi - lo)
    return [k for k, c in enumerate(covered) if not c]


#: a grid's cells, and the slot → cell map (row by row, the index of the cell covering each slot)
CellMap = tuple[tuple[GridCell, ...], tuple[tuple[int, ...], ...]]


def _spans(xs: list[float], ys: list[float], hs: list[Ruling], vs: list[Ruling], snap: float
           ) -> CellMap:
    """Union slots not separated by a ruling into merged cells."""
    nr, nc = len(ys) - 1, len(xs) - 1
    ymids = [(ys[r] + ys[r + 1]) / 2 for r in range(nr)]
    xmids = [(xs[c] + xs[c + 1]) / 2 for c in range(nc)]
    # the slot pairs no ruling separates: across each inner column bound, then row bound
    links = [(r * nc + c, r * nc + c + 1) for c in range(nc - 1)
             for r in _uncovered(_at(vs, xs[c + 1], snap), ymids)]
    links += [(r * nc + c, (r + 1) * nc + c) for r in range(nr - 1)
              for c in _uncovered(_at(hs, ys[r + 1], snap), xmids)]
    if not links:  # every slot a cell of its own (most tables): row-major, as below
        cells = tuple(GridCell(r, c, 1, 1) for r in range(nr) for c in range(nc))
        return cells, tuple(tuple(range(r * nc, (r + 1) * nc)) for r in range(nr))
    return _merged(nr, nc, links)


def _merged(nr: int, nc: int, links: list[tuple[int, int]]) -> CellMap:
    """Cells of the slots joined by ``links`` (each cell the box of its slots), ordered by
    their top-left slot, and the slot → cell map (the first cell covering a slot)."""
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in links:
        parent[find(a)] = find(b)
    linked = {s for link in links for s in link}
    # each cell's box, in the row-major order of its first slot (sorted by top-left below,
    # stably); a slot in no link is a cell of its own and needs no find
    boxes: dict[int, list[int]] = {}
    order: list[list[int]] = []
    for s in range(nr * nc):
        r, c = divmod(s, nc)
        if s not in linked:
            order.append([r, c, r, c])
            continue
        root = find(s)
        box = boxes.get(root)
        if box is None:
            box = boxes[root] = [r, c, r, c]
            order.append(box)
            continue
        box[0], box[1] = min(box[0], r), min(box[1], c)
        box[2], box[3] = max(box[2], r), max(box[3], c)
    ordered = sorted(order, key=lambda b: (b[0], b[1]))
    cells, slot = [], [[-1] * nc for _ in range(nr)]
    for idx, (r0, c0, r1, c1) in enumerate(ordered):
        cells.append(GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if slot[r][c] == -1:
                    slot[r][c] = idx
    return tuple(cells), tuple(tuple(s) for s in slot)


def find_grids(edges: Sequence[dict], grid: GridSettings = _GRID) -> list[Grid]:
    """Ruled tables on a page, top to bottom: each a grid of at least one row and two columns."""
    hs, vs = merge_rulings(edges, "h", grid), merge_rulings(edges, "v", grid)
    grids = []
    for ghs, gvs in _components(hs, vs, grid.touch):
        # Rulings' ends count as outer bounds: open-sided tables draw no outer vertical line.
        xs = _bounds([v.pos for v in gvs] + [min(h.start for h in ghs), max(h.end for h in ghs)],
                     grid.snap)
        ys = _bounds([h.pos for h in ghs] + [min(v.start for v in gvs), max(v.end for v in gvs)],
                     grid.snap)
        _trim(xs, grid.min_column)
        _trim(ys, grid.min_row)
        if len(xs) < 3 or len(ys) < 2:
            continue
        cells, slots = _spans(xs, ys, ghs, gvs, grid.snap)
        grids.append(Grid(tuple(xs), tuple(ys), cells, slots, tuple(ghs + gvs)))
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids
