"""The records a reader produces: a :class:`Document` of :class:`Page` s of :class:`Line` s (with
their :class:`Word` s) and its :class:`Table` s of :class:`Cell` s, each with its position.

Why a module of their own: nothing in them knows what a budget is (the read stage's output);
``budgetlens.model`` re-exports them, so callers import from the package as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, NamedTuple, Optional

from .base import BBox

# ---------------------------------------------------------------------------------------------
# Document: what a reader produces
# ---------------------------------------------------------------------------------------------


class Word(NamedTuple):
    """A run of characters without a gap, with its box (PDF only)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class Line(NamedTuple):
    """One line of text as printed, in reading order.

    ``number`` is 1-based within the page (PDF) or within the file (text-like formats, where the
    whole file is usually one page). ``table`` is the index of the table the line falls inside, or
    None for running text; narrative extraction reads only lines with ``table is None``.
    """

    text: str
    page: int
    number: int
    bbox: Optional[BBox] = None
    words: tuple[Word, ...] = ()
    table: Optional[int] = None


class Cell(NamedTuple):
    """One cell of a table grid. Merged cells appear once, at their top-left slot, with spans.

    A blank cell is kept as ``text == ""`` in its own slot: never shifted. ``page``/``line`` give
    the cell's own location (a table can continue over pages).
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    bbox: Optional[BBox] = None
    page: Optional[int] = None
    line: Optional[int] = None


@dataclass(frozen=True)
class Table:
    """A table as a grid of cells, possibly continued over several pages.

    ``index`` is the position in ``Document.tables``. ``page`` is the first page, ``pages`` all of
    them. ``title_lines`` are the lines printed just above the table (title, 单位：万元 ...), in
    order, as the reader found them; extraction decides what they mean. ``column_edges`` keeps the
    x positions used to rebuild the grid (PDF), so the rebuild can be inspected and drawn.
    """

    index: int
    page: int
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    pages: tuple[int, ...] = ()
    bbox: Optional[BBox] = None
    line: Optional[int] = None
    title_lines: tuple[Line, ...] = ()
    column_edges: tuple[float, ...] = ()
    #: the reader could not tell whether the table goes on: it ran to the foot of its last page
    #: and the next page opens like a continuation the reader could not join (``open_end``), or
    #: it opens its page like the continuation of such a table (``open_start``). Its rows may be
    #: a part of the table's: sums over them are not a complete reading.
    open_end: bool = False
    open_start: bool = False

    def grid(self, fill_spans: bool = False) -> list[list[str]]:
        """Rows of cell texts. With ``fill_spans`` a merged cell's text is repeated in every slot
        it covers (handy for reading multi-line headers); otherwise covered slots are ``""``."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            if not (0 <= c.row < self.n_rows and 0 <= c.col < self.n_cols):
                continue
            if fill_spans:
                for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                    for k in range(c.col, min(c.col + c.colspan, self.n_cols)):
                        out[r][k] = c.text
            else:
                out[c.row][c.col] = c.text
        return out

    def cell_at(self, row: int, col: int) -> Optional[Cell]:
        """The cell whose span covers ``(row, col)``."""
        for c in self.cells:
            if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
                return c
        return None


@dataclass(frozen=True)
class Page:
    number: int
    lines: tuple[Line, ...]
    width: Optional[float] = None
    height: Optional[float] = None
    chars: int = 0
    images: int = 0


@dataclass(frozen=True)
class Document:
    """What every reader returns: pages of lines, plus the tables found, with positions.

    ``format`` is the reader that produced it (``pdf``, ``text``, ``docx``, ``xlsx``, ``xls``,
    ``html``). ``scanned`` is True for a PDF without a usable text layer. ``ocr_pages`` lists
    the pages whose text was recognised by OCR rather than read from a text layer (their
    numbers may be misread: a diagnostic ``ocr-used`` says so). ``read_settings`` names the
    reader's tuning settings that differed from their defaults (``("grid.snap", "4.0")``, …;
    empty for a default reading), so a result says how it was read.
    """

    path: str
    format: str
    pages: tuple[Page, ...]
    tables: tuple[Table, ...] = ()
    encoding: Optional[str] = None
    scanned: bool = False
    info: tuple[tuple[str, str], ...] = ()
    ocr_pages: tuple[int, ...] = ()
    read_settings: tuple[tuple[str, str], ...] = ()

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    def lines(self) -> Iterator[Line]:
        """All lines in reading order, page by page."""
        for p in self.pages:
            yield from p.lines

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines())
