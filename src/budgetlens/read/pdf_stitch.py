"""Page tables → document tables: stitch tables continued over pages, attach titles, mark lines.

Why: no PDF library joins a table that runs over several pages (libraries.md §3), yet a 类/款/项
table of 200 rows printed over 5 pages is one table whose 合计 row sums all of them. A table on
the next page continues the previous page's last table when that table ran to the foot of its
page (nothing but a footer below it), the new one opens its page (nothing but a running header
above it), and its column x-edges are a subset of the previous one's with the same outer edges
(a page-closing 合计 row merged over the code columns prints fewer edges), allowing for the whole
table sitting a few points off on the next page. Ruled parts whose edges moved (columns fitted
to each page's rows) still match when they have as many columns and repeat the header word for
word. Under a title repeated on every page, a part continues the table when it opens with amounts,
or repeats the whole header and then goes on with rows not read before (a per-unit or per-project
copy under one title repeats its labels). The repeated header is dropped and a number-free
fragment row (a label broken by the page break) is merged into the row above. A title printed at
the foot of a page whose table starts on the next page becomes that table's title; a header band
printed alone there becomes its top rows (:mod:`pdf_headfoot`). A part placed
like a continuation that no column map joins is kept apart, and both tables say the reading is in
doubt (``Table.open_end`` / ``open_start``). The column maps and continuation tests live in
:mod:`pdf_continue`.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from budgetlens.model import Cell, Line, Table
from budgetlens.read.pdf_continue import (amount_places, completes_amount, continues_body,
                                          count_map, edge_map, forget, header_rows,
                                          loose_edge_map, one_edge_moved, remap_unruled,
                                          restarts_form)
from budgetlens.read.continued import row_label
from budgetlens.read.pdf_headfoot import head_onto
from budgetlens.read.pdf_layout import join_stacked, line_box
from budgetlens.read.pdf_refit import indicator_part, refit_cells, refit_map
from budgetlens.read.pdf_titles import grid_title_lines, prose, title_lines
from budgetlens.read.pdf_tables import PageTable, inside
from budgetlens.read.settings import StitchSettings
from budgetlens.rules.read_words import load_read_words

# How many title lines and grid title rows, how large a gap and margin: :class:`StitchSettings`.
_ST = StitchSettings()
# The wording of titles, unit cells, continuation marks and page numbers (rules/read_words.toml
# [titles]): a title names a table by a word before 表 (not 附表 or a bare number 表一).
_TITLES = load_read_words()["titles"]
_UNIT_RE = _TITLES.rx["unit_mark"]
_PAGE_NUMBER_RE = _TITLES.rx["page_number"]
_DIGIT_RE = re.compile(r"\d")
_CONTINUED_RE = _TITLES.rx["continued"]
_TITLE_WORD_RE = _TITLES.rx["title_word"]
_TABLE_WORDS = _TITLES.words["table_word"]


def _norm(text: str) -> str:
    return "".join(text.split())  # as re.sub(r"\s+", "", text): the same whitespace, faster


class _Stitched:
    """A document table being assembled from page parts."""

    def __init__(self, part: PageTable, title: tuple[Line, ...], st: StitchSettings = _ST) -> None:
        self.st = st
        self.parts = [part]
        self.edges = part.column_edges
        self.first = part
        self.cells: list[Cell] = list(part.cells)
        self.n_rows = part.n_rows
        self.title = title
        self.open_end = False  # see Table.open_end
        self.open_start = False
        # labels() and _decimal_places() read every cell so far; asked once per page part, they
        # made stitching quadratic in a table's length. The places are counted over the cells
        # appended since the last ask (counted afresh when a cell's text changes); the rows are
        # kept up to date cell by cell (:meth:`_put`), and each row's label until that row
        # changes.
        self._counts: dict[int, int] = {}
        self._counted = 0  # cells counted in _counts
        self._rows: dict[int, dict[int, str]] = {}  # row → col → text without spaces
        self._writer: dict[tuple[int, int], int] = {}  # slot → index of the cell written there
        self._row_labels: dict[int, str] = {}
        # Index of the first cell of the last part that added rows, and the furthest row end of
        # the cells before it: when that end lies above the table's last row, only the tail's
        # cells can reach that row, and the cut-row merge looks at them alone instead of at
        # every cell so far (which made stitching quadratic in a table's length).
        self._tail = 0
        self._reach = 0
        for i, c in enumerate(self.cells):
            self._put(i, c)

    def _put(self, i: int, cell: Cell) -> None:
        """Record ``self.cells[i]`` in the rows, as a scan of every cell in order would: a
        later cell in the same slot wins."""
        slot = (cell.row, cell.col)
        if self._writer.get(slot, -1) > i:
            return
        self._writer[slot] = i
        self._rows.setdefault(cell.row, {})[cell.col] = _norm(cell.text)
        self._row_labels.pop(cell.row, None)

    def append(self, part: PageTable, mapping: list[int]) -> None:
        skip = header_rows(self.first, part, mapping, self.st)
        cells = []
        new = tuple.__new__  # Cell fields text, row, col, rowspan, colspan, ...: no _replace call
        for c in part.cells:
            if c.row + c.rowspan <= skip:
                continue
            start, end = mapping[c.col], mapping[c.col + c.colspan]
            row = max(c.row - skip, 0)
            cells.append(new(Cell, (c.text, row, start, c.row + c.rowspan - skip - row,
                                    end - start) + c[5:]))
        cells = self._merge_fragment(cells)
        n = self.n_rows
        if cells:
            self._reach = max([self._reach] + [c.row + c.rowspan for c in self.cells[self._tail:]])
            self._tail = len(self.cells)
        for c in cells:
            self.cells.append(new(Cell, (c.text, c.row + n) + c[2:]))
            self._put(len(self.cells) - 1, self.cells[-1])
        self.n_rows += max((c.row + c.rowspan for c in cells), default=0)
        self.parts.append(part)

    def refit(self, edges: tuple[float, ...]) -> None:
        """The cells read so far moved onto refitted edges (a form going on: :mod:`pdf_refit`)."""
        if edges != tuple(self.edges):
            self.cells = refit_cells(self.cells, self.edges, edges)
            self.first = self.first._replace(column_edges=edges, n_cols=len(edges) - 1, cells=tuple(
                refit_cells(self.first.cells, self.edges, edges)))
            self.edges, self._rows, self._writer, self._row_labels = edges, {}, {}, {}
            for i, c in enumerate(self.cells):
                self._put(i, c)

    def labels(self) -> set[str]:
        """Labels of the rows read so far (for telling a copy from a continuation)."""
        width = len(self.edges) - 1
        known = self._row_labels
        for row, r in self._rows.items():
            if row not in known:
                known[row] = row_label([r.get(k, "") for k in range(width)])
        return set(known.values()) - {""}

    def _merge_fragment(self, cells: list[Cell]) -> list[Cell]:
        """Merge a leading row that is the tail of the last row cut by the page break: a
        text-only row (a label cut), or a row whose every figure completes the last row's figure
        in its column ("12,437.3" | "6": a wrapped cell whose second line went to the next page,
        with the label's tail beside it). Read apart, the tail is a row of its own with an
        amount but no total, and the cut figure is short by the digits it lost."""
        lead = [c for c in cells if c.row == 0]
        filled = [c for c in lead if c.text]
        if not filled:
            return cells
        tail = self._tail if self._reach <= self.n_rows - 1 else 0
        last = {c.col: i for i, c in enumerate(self.cells[tail:], tail)
                if c.row <= self.n_rows - 1 < c.row + c.rowspan}
        if any(c.col not in last or not self.cells[last[c.col]].text for c in filled):
            return cells
        figures = [c for c in filled if _DIGIT_RE.search(c.text)]
        if figures:
            places = self._decimal_places()
            if not all(completes_amount(self.cells[last[c.col]].text, c.text, places)
                       for c in figures):
                return cells
        elif len(filled) > 1 and any(c.col == 0 for c in filled):
            return cells  # a row of its own (label and text), not the tail of a cut label
        for c in filled:
            i = last[c.col]
            self.cells[i] = self.cells[i]._replace(text=join_stacked([self.cells[i].text, c.text]))
            self._put(i, self.cells[i])
            self._counts, self._counted = {}, 0
        rest = [c for c in cells if c.row > 0]
        return [c._replace(row=c.row - 1) for c in rest]

    def _decimal_places(self) -> Optional[int]:
        """The decimals the table prints its amounts with (the most common count), if any."""
        counts = self._counts
        for c in self.cells[self._counted:]:  # cells are only appended: counts grow in order
            places = amount_places(c.text)
            if places:
                counts[places] = counts.get(places, 0) + 1
        self._counted = len(self.cells)
        return max(counts, key=lambda k: counts[k]) if counts else None

    def to_table(self, index: int, line: Optional[int], final: dict) -> Table:
        """The document table; ``final`` maps (page, line number) to the marked Line."""
        pages = tuple(dict.fromkeys(p.page for p in self.parts))
        title = tuple(final.get((ln.page, ln.number), ln) for ln in self.title)
        bbox = self.first.bbox
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.col)))
        return Table(index, self.first.page, self.n_rows, len(self.edges) - 1, cells, pages,
                     bbox, line, title, tuple(round(x, 2) for x in self.edges),
                     open_end=self.open_end, open_start=self.open_start)


def _substantial(line: Line, height: Optional[float], st: StitchSettings) -> bool:
    """A line that says something: not a page number, not in the header/footer margin."""
    if _PAGE_NUMBER_RE.fullmatch(line.text):
        return False
    if height and line.bbox and (line.bbox[3] < st.margin * height
                                 or line.bbox[1] > (1 - st.margin) * height):
        return False
    return True


def _free_lines(tables: Sequence[PageTable], lines: Sequence[Line]) -> list[Line]:
    return [ln for ln in lines if not any(inside(ln.bbox, o.bbox) for o in tables)]


def _ends_page(tables: Sequence[PageTable], free: Sequence[Line], height: Optional[float],
               st: StitchSettings) -> bool:
    """Does the page's last table end it (nothing but margins below), so it may continue?"""
    if not tables:
        return False
    bottom = tables[-1].bbox[3]
    return not any(line_box(ln)[1] >= bottom - 1.0 and _substantial(ln, height, st)
                   for ln in free)


def _opens_page(table: PageTable, free: Sequence[Line], height: Optional[float],
                st: StitchSettings) -> bool:
    """Is the table the first thing on its page (nothing but margins above)?"""
    top = table.bbox[1]
    return not any(line_box(ln)[3] <= top + 1.0 and _substantial(ln, height, st) for ln in free)


def _unjoined(table: PageTable, free: Sequence[Line], height: Optional[float],
              title: Sequence[Line],
              prev: "_Stitched") -> bool:
    """A part no column map joins is a continuation in doubt when it opens its page without a
    table title of its own, and without the head of the form the open table starts with filled
    in anew (the next project's form: :func:`pdf_continue.restarts_form`)."""
    return _opens_page(table, free, height, prev.st) and not _titled_anew(title, prev) \
        and not restarts_form(table, prev.first, prev.st)


def _titled_anew(title: Sequence[Line], prev: "_Stitched") -> bool:
    """Does the part print a table title of its own (above it, or as its first grid row) that
    is not the open table's? Then it is the next table, not a continuation the reader failed to
    join: 福州 prints one 项目绩效目标表 per project, each to the foot of its page, the title in
    the grid's first row (wrapped over lines at times), the columns fitted to each project's
    words. A title repeated, with 续 or not, is no title of its own."""
    said = _norm("".join(ln.text for ln in prev.title))
    own = _CONTINUED_RE.sub("", _norm("".join(ln.text for ln in title)))
    return bool(_TITLE_WORD_RE.search(own)) and own not in said


def _under_repeated_title(table: PageTable, free: Sequence[Line], height: Optional[float],
                          prev: "_Stitched") -> bool:
    """Is everything printed above the table a repeat of the previous table's title (some
    engines print the title on every page, marked 续表 or not)?"""
    said = {_norm(ln.text) for ln in prev.title}
    lines = [ln for ln in free if line_box(ln)[3] <= table.bbox[1] + 1.0
             and not _PAGE_NUMBER_RE.fullmatch(ln.text)]
    named = [ln for ln in lines if _norm(ln.text) in said and not _UNIT_RE.search(ln.text)
             and _substantial(ln, height, prev.st)]  # a running header repeats on every page
    return bool(named) and all(_norm(ln.text) in said or not _CONTINUED_RE.sub("", _norm(ln.text))
                               for ln in lines)


def stitch(pages: Sequence[tuple[list[PageTable], list[Line], Optional[float]]],
           st: StitchSettings = _ST) -> tuple[list[Table], list[list[Line]]]:
    """Join page tables into document tables; return them and the pages' lines with
    ``Line.table`` set to the index of the table each line lies in. ``pages`` holds each page's
    tables, lines and height (for telling running headers and footers from titles); ``st`` how
    far edges may move and how large titles and repeated headers are."""
    built: list[_Stitched] = []
    owner: list[list[int]] = []  # per page, per page-table: index into built
    open_end = False  # the previous page's last table ran to the page's end
    tail: tuple[Line, ...] = ()  # lines closing the previous page, below its last table
    for number, (tables, lines, height) in enumerate(pages, 1):
        free = _free_lines(tables, lines)
        ids = []
        for k, t in enumerate(tables):
            title = title_lines(t, free, tables[k - 1] if k else None, st)
            title += tuple(ln for ln in grid_title_lines(t, lines, st) if ln not in title)
            if k == 0 and tail and not any(w in ln.text for ln in title for w in _TABLE_WORDS) \
                    and not any(line_box(ln)[3] <= t.bbox[1] + 1.0
                                and _substantial(ln, height, st) and ln not in title
                                for ln in free):
                # the title was printed at the foot of the previous page
                title = (tail + title)[-st.max_title_lines:]
            mapping = None
            doubt = False  # placed like a continuation, but its columns match none
            if (k == 0 and open_end and owner[-1][-1] == len(built) - 1
                    and built[-1].parts[-1].page == number - 1
                    and (_opens_page(t, free, height, st)
                         or _under_repeated_title(t, free, height, built[-1]))):
                whole = _under_head(built[-1], t, st)
                if whole is not None:  # a header band alone at the page's foot, its body here
                    built[-1] = whole
                    ids.append(len(built) - 1)
                    continue
                t, mapping, doubt = _continuation(t, built[-1], free, height, title)
            if mapping is not None:
                built[-1].append(t, mapping)
                ids.append(len(built) - 1)
                continue
            if t.n_cols < 2 or (t.n_rows < 2 and not any(c.text for c in t.cells)):
                ids.append(-1)
                continue
            if doubt:
                built[-1].open_end = True
            built.append(_Stitched(t, title, st))
            built[-1].open_start = doubt
            ids.append(len(built) - 1)
        owner.append(ids)
        open_end = bool(ids) and ids[-1] >= 0 and _ends_page(tables, free, height, st)
        floor = tables[-1].bbox[3] if tables else -1.0
        tail = tuple(ln for ln in free if line_box(ln)[1] >= floor
                     and _substantial(ln, height, st))[-st.max_title_lines:]
        ends = [i for i, ln in enumerate(tail) if prose(ln.text, st)]
        tail = tail[ends[-1] + 1:] if ends else tail  # the heading below a paragraph only
    return _finish(built, owner, [(t, ln) for t, ln, _ in pages])


def _under_head(prev: _Stitched, t: PageTable, st: StitchSettings) -> Optional[_Stitched]:
    """``prev`` made of one part of header rows alone and ``t`` as one table (:mod:`pdf_headfoot`):
    its title, its pages, the band's cells spanning ``t``'s columns above ``t``'s rows."""
    if len(prev.parts) != 1:
        return None
    joined = head_onto(prev.first, t, st)
    if joined is None:
        return None
    whole = _Stitched(joined, prev.title, st)
    whole.parts.append(t)  # the pages it is printed on; its cells are in ``joined``
    return whole


def _continuation(t: PageTable, prev: _Stitched, free: Sequence[Line], height: Optional[float],
                  title: Sequence[Line]) -> tuple[PageTable, Optional[list[int]], bool]:
    """A part placed like a continuation of ``prev``: the part (an unruled one placed in the
    table's columns), its column mapping (None: it does not continue ``prev``) and whether it
    is a continuation in doubt (placed so, but no mapping fits; a form's indicator rows going on
    are joined by their rows, ``prev``'s columns refitted)."""
    st = prev.st
    mapping = edge_map(prev.edges, t.column_edges, st)
    if mapping is None and t.grid is None and prev.first.grid is None:
        mapping = loose_edge_map(prev.edges, t.column_edges, st)
        placed = None if mapping else remap_unruled(prev.edges, t)
        if placed is not None:
            t, mapping = placed, list(range(len(prev.edges)))
    if mapping is None:
        mapping = one_edge_moved(prev.edges, t.column_edges, st)
    if mapping is None:
        mapping = count_map(prev, t, st)
    doubt = mapping is None and _unjoined(t, free, height, title, prev)
    if doubt and indicator_part(t, prev.first, st) and (fit := refit_map(prev.edges, t.column_edges, st)):
        prev.refit(fit[0])  # a form's indicator rows going on, its columns refitted
        mapping, doubt = fit[1], False
    if mapping is not None and not _opens_page(t, free, height, st) \
            and not continues_body(t, prev, mapping, st):
        mapping = None
    return t, mapping, doubt


def _finish(built: list[_Stitched], owner: list[list[int]],
            pages: list[tuple[list[PageTable], list[Line]]]
            ) -> tuple[list[Table], list[list[Line]]]:
    """Number the kept tables, mark each line with the table it lies in, build the Tables."""
    forget()  # the joins are decided: the rows pdf_continue remembered for them can go
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
    final = {(ln.page, ln.number): ln for page_lines in out_lines for ln in page_lines}
    joined = [built[old].to_table(new, first_line.get(new), final)
              for new, old in enumerate(keep)]
    return joined, out_lines
