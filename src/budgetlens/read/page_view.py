"""One PDF page as the reader saw it: chars, words, lines, rulings, grids and tables in one object.

Why: a misread figure is found fastest by looking at what the reader saw on its page, in the
manner of pdfplumber's ``Page`` (``.chars``, ``.words``, ``.lines``, ``.edges``, ``.find_tables``).
The reader itself streams pages and keeps only what extraction needs; :func:`open_page` reads one
page again with the same functions and keeps every intermediate, so what it shows is what the
reader used (no second implementation that could disagree). ``budgetlens debug`` draws it.

Coordinates are the reader's: points from the page's top-left corner as displayed (rotation and
crop box applied), ``(x0, top, x1, bottom)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pypdfium2 as pdfium

from ..model import BBox, Diagnostic, Line, Word
from .pdf import read_page, read_page_chars
from .pdf_grid import Grid, Ruling, find_grids, merge_rulings
from .settings import DEFAULT_READ, ReadSettings
from .pdf_objects import Char
from .pdf_tables import PageTable


@dataclass(frozen=True)
class PageView:
    """A page of ``path`` (``number`` is 1-based) and everything read from it."""

    path: str
    number: int
    width: float
    height: float
    chars: tuple[Char, ...]
    lines: tuple[Line, ...]
    edges: tuple[dict, ...]          # ruling candidates from the page's paths, before merging
    rulings: tuple[Ruling, ...]      # merged (orientation, pos, start, end), as the grid finder uses them
    grids: tuple[Grid, ...]          # ruled grids found from the rulings
    tables: tuple[PageTable, ...]    # tables on this page (ruled and from text alignment)
    images: int = 0
    notes: tuple[Diagnostic, ...] = ()  # what reading the page warned about (pdf.read_page)

    @property
    def words(self) -> tuple[Word, ...]:
        """The words of every line, in reading order."""
        return tuple(w for line in self.lines for w in line.words)

    def table_at(self, x: float, y: float) -> Optional[int]:
        """Index in :attr:`tables` of the table whose box holds the point, or None."""
        for i, t in enumerate(self.tables):
            if t.bbox[0] <= x <= t.bbox[2] and t.bbox[1] <= y <= t.bbox[3]:
                return i
        return None

    def line_table(self, line: Line) -> Optional[int]:
        """The table a line's centre falls in (None: running text)."""
        if line.bbox is None:
            return None
        x0, top, x1, bottom = line.bbox
        return self.table_at((x0 + x1) / 2, (top + bottom) / 2)


class PageOutOfRange(ValueError):
    """The page number is not a page of the file: ``count`` pages."""

    def __init__(self, page: int, count: int):
        super().__init__(f"page {page} of {count}")
        self.page, self.count = page, count


def open_page(path: str, page: int, settings: ReadSettings = DEFAULT_READ) -> PageView:
    """Read page ``page`` (1-based) of the PDF ``path`` with the reader's own functions.

    Raises :class:`PageOutOfRange` for a page the file does not have, and pypdfium2's error for a
    file PDFium cannot open (the caller, ``budgetlens debug``, turns both into messages). The page's
    chars are read twice (once here, once inside :func:`read_page`): a debug view of one page can
    afford it, and the reader's own path stays as it is."""
    pdf = pdfium.PdfDocument(path)
    try:
        count = len(pdf)
        if not 1 <= page <= count:
            raise PageOutOfRange(page, count)
        frame, chars, objects = read_page_chars(pdf, page - 1, path, settings.grid.thin,
                                                settings.limits)
        info, lines, tables, notes = read_page(pdf, page - 1, path, settings)
    finally:
        pdf.close()
    rulings = (merge_rulings(objects.edges, "h", settings.grid)
               + merge_rulings(objects.edges, "v", settings.grid))
    return PageView(path=path, number=page, width=frame.width, height=frame.height,
                    chars=tuple(chars), lines=tuple(lines), edges=tuple(objects.edges),
                    rulings=tuple(rulings),
                    grids=tuple(find_grids(objects.edges, settings.grid)), tables=tuple(tables),
                    images=info.images, notes=tuple(notes))
