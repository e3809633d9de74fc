"""DOCX reader (python-docx): paragraphs and tables in body order, merged cells as spans.

Why walk ``document.element.body`` ourselves: ``Document.paragraphs`` and ``Document.tables`` are
two separate lists, and the order between them (which title sits above which table) is exactly
what extraction needs. Content controls (``w:sdt``) are opened, since templates wrap whole
sections in them.

Layout tables (a table of tables, a one-column text box) are opened: their cells are read as
body blocks. Merged cells: the grid is expanded from the XML as python-docx's ``Table._cells`` does (gridSpan
horizontally, vMerge vertically), plus ``gridBefore`` (rows starting right of the first column,
which ``row.cells`` ignores). Grouping slots by owning cell gives each merged cell once with its
exact rowspan/colspan.

Hidden runs (``w:vanish``) are left out of paragraph and cell texts: Word neither shows nor
prints them, so a number hidden that way is not part of the disclosure.

DOCX has no pages until a word processor lays it out, so the Document has one page; line numbers
count body paragraphs and table rows in order (empty paragraphs are counted, not kept).
"""

from __future__ import annotations

import copy
from typing import Any, Iterator, Optional, TypeVar

import docx
from docx.document import Document as DocxDocument
from docx.exceptions import InvalidXmlError
from docx.opc.coreprops import CoreProperties
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from ..model import Diagnostic, Document, Line, Page, Table
from .common import (MAX_TABLE_SLOTS, Spans, TooLarge, clean_cell_text, corrupt, find_title_lines,
                     grid_to_table, is_layout_grid, is_library_error, one_line, too_large)
from .docx_package import measure
from .docx_package import too_large as too_large_package
from .settings import DEFAULT_READ, BlockSettings, ReadSettings

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_R, _VANISH, _VAL = qn("w:r"), qn("w:vanish"), qn("w:val")
_OFF = frozenset({"0", "false", "off"})
#: Most grid columns a cell may span or a row may leave empty before its first cell (Word tables
#: have at most 63 columns; see :func:`grid_count`).
MAX_GRID_SPAN = 1000


def _main_body(document: DocxDocument) -> Any:
    """The main part's w:body, or None. Why: python-docx opens any package whose main part is
    XML, whatever its root (fuzz case docx-2026-046126: a duplicated ZIP member put the styles
    part's root where w:document belongs), and a w:document may lack its body; either is a
    damaged package, not a document with no text."""
    element = document.element
    return element.find(qn("w:body")) if element.tag == qn("w:document") else None


def read_docx(path: str, settings: ReadSettings = DEFAULT_READ
              ) -> tuple[Optional[Document], list[Diagnostic]]:
    """Read a .docx file into a one-page Document with its tables; a package python-docx cannot
    open (broken ZIP, missing or malformed parts) is ``docx-corrupt``, one that would make it
    build more than ``settings.limits`` allow is ``too-large`` (:mod:`.docx_package`). Of the
    other settings the ``blocks`` group applies (titles above tables, layout grids): a Word file
    has no page geometry for the PDF groups to act on, and its tables are marked up, not found."""
    oversized = measure(path, settings.limits)
    if oversized is not None:
        return None, [too_large_package(oversized, path, settings.limits)]
    try:
        document = docx.Document(path)
    except BaseException as exc:  # noqa: BLE001 - the library's errors on a damaged package
        if not is_library_error(exc):
            raise
        return None, [corrupt("docx-corrupt", "Word ", "Word", path, one_line(exc))]
    body = _main_body(document)
    if body is None:
        return None, [corrupt("docx-corrupt", "Word ", "Word", path,
                              f"main part is <{document.element.tag}> with no w:body")]
    lines: list[Line] = []
    tables: list[Table] = []
    notes: list[Diagnostic] = []
    number = 0
    for element, grid, spans in _body_blocks(body, document, notes, path,
                                               settings.blocks):
        if element.tag == _P:
            number += 1
            text = Paragraph(visible(element), document).text
            if text.strip():
                lines.append(Line(text=text, page=1, number=number))
            continue
        if not grid:
            continue
        index = len(tables)
        row_lines = list(range(number + 1, number + 1 + len(grid)))
        number += len(grid)
        title = find_title_lines(lines, blocks=settings.blocks)
        tables.append(grid_to_table(index, 1, grid, spans, row_lines, title))
        lines.extend(Line(text="\t".join(row), page=1, number=n, table=index)
                     for row, n in zip(grid, row_lines) if any(row))
    page = Page(number=1, lines=tuple(lines), chars=sum(len(ln.text) for ln in lines))
    doc = Document(path=str(path), format="docx", pages=(page,), tables=tuple(tables),
                   info=_core_info(document))
    return doc, notes


#: A block of the body: the element, and for a table its grid and spans (None for a paragraph)
Block = tuple[BaseOxmlElement, Optional[list[list[str]]], Optional[Spans]]
#: an XML element of the package (python-docx's element classes are lxml elements)
_E = TypeVar("_E", bound=BaseOxmlElement)


def _body_blocks(body: BaseOxmlElement, document: DocxDocument, notes: list[Diagnostic],
                 path: str = "", blocks: BlockSettings = DEFAULT_READ.blocks) -> Iterator[Block]:
    """``(element, grid, spans)`` for the paragraphs and tables of the body, in order (grid and
    spans only for tables), looking inside content controls.

    A table holding other tables, or a one-column box, is page layout (python-docx's cell text
    would leave nested tables out): its cells' blocks are yielded instead, so inner data tables
    stay tables and boxed text stays running text. So is a table too large to hold as a grid
    (``blocks.max_table_slots``), with a warning in ``notes``.
    """
    for child in body.iterchildren():
        if child.tag == _TBL:
            found = table_grid(DocxTable(child, document), blocks.max_table_slots)
            if isinstance(found, TooLarge):
                notes.append(too_large(found, path))
            if isinstance(found, TooLarge) or child.xpath(".//w:tc//w:tbl") \
                    or is_layout_grid(found[0], blocks):
                for tc in child.xpath("./w:tr/w:tc"):
                    yield from _body_blocks(tc, document, notes, path, blocks)
            else:
                yield child, found[0], found[1]
        elif child.tag == _P:
            yield child, None, None
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _body_blocks(content, document, notes, path, blocks)


def table_grid(table: DocxTable, limit: int = MAX_TABLE_SLOTS
               ) -> tuple[list[list[str]], Spans] | TooLarge:
    """Cell texts by grid slot (covered slots blank) and the spans of merged cells.

    Built from the XML: ``gridBefore`` shifts a row right, ``gridSpan`` widens a cell, and a
    ``vMerge="continue"`` cell belongs to the cell above it. Each slot gets the key of the cell
    that owns it; a key's first and last slots give the span. A grid that would pass
    ``limit`` slots (``blocks.max_table_slots``) gives its :class:`~.common.TooLarge` size as
    soon as it does.
    """
    owners: list[list[Optional[int]]] = []
    texts: dict[int, str] = {}
    rows = table._tbl.tr_lst
    widest = 0
    for r, tr in enumerate(rows):
        slots: list[Optional[int]] = [None] * grid_count(tr, "grid_before", 0)
        for tc in tr.tc_lst:
            widest = max(widest, len(slots))
            if len(rows) * widest > limit:
                return TooLarge(len(rows), widest, limit)
            col = len(slots)
            above = owners[r - 1][col] if r and col < len(owners[r - 1]) else None
            if tc.vMerge == "continue" and above is not None:
                key = above
            else:
                key = len(texts)  # not id(tc): lxml proxies are recycled, ids get reused
                texts[key] = clean_cell_text(_Cell(visible(tc), table).text)
            slots.extend([key] * max(1, grid_count(tc, "grid_span", 1)))
        widest = max(widest, len(slots))
        if len(rows) * widest > limit:
            return TooLarge(len(rows), widest, limit)
        owners.append(slots)
    n_cols = max((len(r) for r in owners), default=0)
    first: dict[int, tuple[int, int]] = {}
    last: dict[int, tuple[int, int]] = {}
    for r, slots in enumerate(owners):
        for c, owner in enumerate(slots):
            if owner is not None:
                first.setdefault(owner, (r, c))
                last[owner] = (max(last.get(owner, (r, c))[0], r),
                               max(last.get(owner, (r, c))[1], c))
    grid = [["" for _ in range(n_cols)] for _ in owners]
    spans: Spans = {}
    for key, (r, c) in first.items():
        grid[r][c] = texts[key]
        lr, lc = last[key]
        if (lr, lc) != (r, c):
            spans[(r, c)] = (lr - r + 1, lc - c + 1)
    return grid, spans


def grid_count(element: BaseOxmlElement, name: str, default: int) -> int:
    """A row's ``gridBefore`` or a cell's ``gridSpan`` as a usable count: the default when the
    value is not a number (``"abc"``, ``"1.5"``), at most :data:`MAX_GRID_SPAN` — a damaged or
    hostile file may say 2**31, which must not become a row of two billion slots."""
    try:
        value = getattr(element, name)
    except (ValueError, TypeError, InvalidXmlError):
        return default
    return default if value is None else max(0, min(int(value), MAX_GRID_SPAN))


def visible(element: _E) -> _E:
    """The element without its hidden runs (``w:vanish``: Word neither shows nor prints them;
    templates hide notes and old figures that way). The element itself when nothing is hidden,
    a pruned copy otherwise, so the document is never changed."""
    hidden = [v for v in element.iter(_VANISH) if v.get(_VAL, "true") not in _OFF]
    if not hidden:
        return element
    pruned = copy.deepcopy(element)
    for v in list(pruned.iter(_VANISH)):
        if v.get(_VAL, "true") in _OFF:
            continue
        run = v.getparent().getparent() if v.getparent() is not None else None
        if run is not None and run.tag == _R and run.getparent() is not None:
            run.getparent().remove(run)
    return pruned


def _core_info(document: DocxDocument) -> tuple[tuple[str, str], ...]:
    """Title/author/dates from the core properties, where set (they name the producing tool).
    The properties are optional: a damaged ``docProps/core.xml`` gives none, not a failure."""
    try:
        return _core_values(document.core_properties)
    except Exception:  # noqa: BLE001 - metadata only
        return ()


def _core_values(props: CoreProperties) -> tuple[tuple[str, str], ...]:
    info: list[tuple[str, str]] = []
    for key in ("title", "author", "last_modified_by"):
        value = getattr(props, key, None)
        if value:
            info.append((key, str(value)))
    for key in ("created", "modified"):
        value = getattr(props, key, None)
        if value:
            info.append((key, value.isoformat()))
    return tuple(info)
