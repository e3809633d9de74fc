"""Page part → the table it may continue: column maps, repeated headers, copies (issue #8).

Why apart from :mod:`pdf_stitch`: deciding *whether* a part continues a table is a question about
two grids (do their columns correspond? does the part repeat the table's whole header, then go on
with rows of its own?), independent of where titles and page margins are. Maps are lists giving,
for each of the part's column edges, the index of the table's edge it lies on.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional, Protocol, Sequence

from budgetlens.read.continued import (body_goes_on, norm, repeated_rows, restarts,
                                       whole_header_rows)
from budgetlens.read.pdf_tables import PageTable
from budgetlens.read.settings import StitchSettings
from budgetlens.rules.numbers import AMOUNT_LIKE, DIGIT_RUN, PRINTED_AMOUNT

# How far column edges may move, how large a repeated header may be: :class:`StitchSettings`
# (``edge_tol``, ``max_shift``, ``loose_share``, ``max_header_rows``, ``max_header_offset``).
_ST = StitchSettings()


class Assembling(Protocol):
    """The table being assembled from page parts (:class:`pdf_stitch._Stitched`)."""

    first: PageTable
    edges: tuple[float, ...]

    def labels(self) -> set[str]: ...


def edge_map(prev: Sequence[float], nxt: Sequence[float], st: StitchSettings = _ST
             ) -> Optional[list[int]]:
    """Index of each of ``nxt``'s edges among ``prev``'s, or None when they do not match.

    The whole table may sit a few points off on the next page (another page margin), so the
    edges are compared after removing the shift of the left edges, if that shift is small.
    """
    shift = nxt[0] - prev[0]
    for offset in ((0.0, shift) if 0 < abs(shift) <= st.max_shift else (0.0,)):
        out = []
        for x in nxt:
            x -= offset
            best = min(range(len(prev)), key=lambda i: abs(prev[i] - x))
            if abs(prev[best] - x) > st.edge_tol:
                break
            out.append(best)
        else:
            if out[0] == 0 and out[-1] == len(prev) - 1 and out == sorted(set(out)):
                return out
    return None


def loose_edge_map(prev: Sequence[float], nxt: Sequence[float], st: StitchSettings = _ST
                   ) -> Optional[list[int]]:
    """Column mapping between two parts of a table printed without vertical rulings.

    Their edges are estimated from the gaps between each page's words, so a label column's
    edge moves with the longest label on the page: the parts match when they have as many
    columns and each edge moved less than ``st.loose_share`` of the narrower neighbouring
    column (after the same uniform shift as ruled parts may have)."""
    if len(prev) != len(nxt):
        return None
    shift = nxt[0] - prev[0] if abs(nxt[0] - prev[0]) <= st.max_shift else 0.0
    for i, (a, b) in enumerate(zip(prev, nxt)):
        widths = [w for j in (i - 1, i) if 0 <= j < len(prev) - 1
                  for w in (prev[j + 1] - prev[j], nxt[j + 1] - nxt[j])]
        if abs(b - shift - a) > max(st.edge_tol, st.loose_share * min(widths)):
            return None
    return list(range(len(prev)))


def one_edge_moved(prev: Sequence[float], nxt: Sequence[float], st: StitchSettings = _ST
                   ) -> Optional[list[int]]:
    """Column mapping by position between two ruled parts with as many columns whose edges all
    match but one inner edge (after the uniform shift): one column fitted to its page's text,
    its neighbour giving or taking the room (杭州 表5: the label column 4.6 points wider)."""
    if len(prev) != len(nxt) or len(prev) < 3:
        return None
    shift = nxt[0] - prev[0] if abs(nxt[0] - prev[0]) <= st.max_shift else 0.0
    moved = [i for i, (a, b) in enumerate(zip(prev, nxt)) if abs(b - shift - a) > st.edge_tol]
    if len(moved) > 1 or (moved and moved[0] in (0, len(prev) - 1)):
        return None
    return list(range(len(prev)))


def remap_unruled(prev: Sequence[float], part: PageTable) -> Optional[PageTable]:
    """An unruled part with fewer columns than the table it continues (a column blank on its
    page leaves no gap to find): its columns placed in the table's, each where it overlaps
    most, in order. Only body parts (no merged cells) are placed this way."""
    if any(c.colspan > 1 for c in part.cells) or len(part.column_edges) > len(prev):
        return None
    mine = part.column_edges  # no shift: an unruled part's outer edges are its text's
    cols: list[int] = []
    for a, b in zip(mine, mine[1:]):
        overlap = [min(b, prev[i + 1]) - max(a, prev[i]) for i in range(len(prev) - 1)]
        best = max(range(len(overlap)), key=overlap.__getitem__)
        if overlap[best] <= 0 or (cols and best <= cols[-1]):
            return None
        cols.append(best)
    cells = [c._replace(col=cols[c.col]) for c in part.cells]
    return part._replace(column_edges=tuple(prev), cells=tuple(cells), n_cols=len(prev) - 1)


# The rows asked for last, with what they were made from: deciding whether one page part
# continues a table asks for the table's first-part rows and the part's mapped rows up to three
# times each (:func:`whole_header`, :func:`header_rows`, the join itself), and the first part's
# rows again for every later part of a long table: they were rebuilt each time. One entry each,
# the objects held and compared by identity (a tuple swapped in whole, so a reader never sees a
# half-made entry); :func:`forget` drops them when a document's stitching is done.
_FIRST_ROWS: list = [None]
_MAPPED: list = [None]


def forget() -> None:
    """Drop the remembered rows (the tables they came from go with them)."""
    _FIRST_ROWS[0] = _MAPPED[0] = None


def first_rows(first: PageTable) -> list[list[str]]:
    """``first.rows()`` with the spaces taken out of every text. Shared: read, never change."""
    memo = _FIRST_ROWS[0]
    if memo is None or memo[0] is not first:
        memo = (first, [[norm(t) for t in row] for row in first.rows()])
        _FIRST_ROWS[0] = memo
    return memo[1]


def mapped_rows(part: PageTable, mapping: list[int], n_cols: int) -> list[list[str]]:
    """The part's rows in the column space of the table it continues (spans filled).
    Shared with the next ask for the same part and mapping: read, never change."""
    memo = _MAPPED[0]
    if memo is not None and memo[0] is part and memo[1] == mapping and memo[2] == n_cols:
        return memo[3]
    out = [["" for _ in range(n_cols)] for _ in range(part.n_rows)]
    for c in part.cells:
        for r in range(c.row, min(c.row + c.rowspan, part.n_rows)):
            for k in range(mapping[c.col], mapping[c.col + c.colspan]):
                out[r][k] = norm(c.text)
    _MAPPED[0] = (part, list(mapping), n_cols, out)
    return out


def header_rows(first: PageTable, part: PageTable, mapping: list[int],
                st: StitchSettings = _ST) -> int:
    """How many leading rows of ``part`` repeat header rows of the table it continues
    (:func:`continued.repeated_rows`)."""
    return repeated_rows(first_rows(first), mapped_rows(part, mapping, len(first.column_edges) - 1),
                         st)


def continues_body(part: PageTable, table: Assembling, mapping: list[int],
                   st: StitchSettings = _ST) -> bool:
    """Under a repeated title, a part continues the table when it starts with a row of amounts,
    when it repeats the table's column header and then goes on with rows of its own, or when it
    opens with rows of its own that are no opening of the table (:func:`continued.opens_a_copy`).

    Why the second test: many exporters print title and header on every page (烟台, 深圳, 西安),
    and a page that opens with 项 rows of the last 款 must join it or those rows lose their code.
    Forms that share a title (one 绩效目标表 per project, one 收支表 per unit) repeat title and
    header too, but then their rows repeat the labels already read (合计, 一般公共服务支出,
    项目名称, 年度目标): a part whose body rows mostly repeat the table's labels is a copy."""
    first = [c.text for c in part.cells if c.row == 0]
    if any(AMOUNT_LIKE.search(t) for t in first):
        return True
    rows = mapped_rows(part, mapping, len(table.edges) - 1)
    return body_goes_on(first_rows(table.first), rows, table.labels(), st)


def whole_header(first: PageTable, part: PageTable, mapping: list[int],
                 st: StitchSettings = _ST) -> int:
    """Rows of ``part`` repeating the whole column header of ``first``, or 0
    (:func:`continued.whole_header_rows`)."""
    return whole_header_rows(first_rows(first),
                             mapped_rows(part, mapping, len(first.column_edges) - 1), st)


def count_map(table: Assembling, part: PageTable, st: StitchSettings = _ST
              ) -> Optional[list[int]]:
    """Column mapping by position for a ruled part whose edges moved (a wider label column on
    its page: 广州 收入总体情况表, five more hospitals on the next page): as many columns, and
    its leading rows repeat the table's header word for word, so column k is column k."""
    if len(part.column_edges) != len(table.edges):
        return None
    mapping = list(range(len(table.edges)))
    skip = whole_header(table.first, part, mapping, st)
    head = mapped_rows(part, mapping, len(table.edges) - 1)[:skip]
    texts = {t for row in head for t in row if t}
    if not skip or len(texts) < 2:
        return None
    return mapping


@lru_cache(maxsize=1 << 16)
def amount_places(text: str) -> Optional[int]:
    """The decimals of a cell that is one printed amount ("12,437.36" → 2), else None.
    Cached: stitching asks it of every cell read so far each time a page part is joined."""
    m = PRINTED_AMOUNT.fullmatch(norm(text))
    return len(m.group(1) or "") if m else None


def completes_amount(head: str, tail: str, places: Optional[int]) -> bool:
    """Is ``tail`` the rest of the amount ``head`` was cut from ("12,437.3" + "6")? Joined they
    are one amount printed the table's way (``places`` decimals), while ``head`` alone is not
    (too few decimals, or a broken digit group): a figure that reads whole on its own is never
    extended, so a row of its own that merely starts with a figure stays apart."""
    if places is None:
        return False
    head, tail = norm(head), norm(tail)
    if not DIGIT_RUN.fullmatch(tail) or amount_places(head + tail) != places:
        return False
    return amount_places(head) != places


def restarts_form(part: PageTable, first: PageTable, st: StitchSettings = _ST) -> bool:
    """Does ``part`` open with the head of the form ``first`` opens with, filled in anew
    (:func:`continued.restarts`: the next project's form, not a continuation)?"""
    return restarts(first.rows(), part.rows(), st)
