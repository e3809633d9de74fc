"""Displayed precision of XLSX number cells, read from the workbook's styles (calamine lacks it).

Why: workbooks store ``1.9`` and show ``1.90`` through a ``0.00`` number format, or store
``0.0523`` and show ``5.23%``. The audit's rounding tolerance is half a unit of the last digit
*as displayed*, so the reader must print what the sheet shows. Only what that needs is parsed:
the sheet parts of the workbook, ``styles.xml`` (``cellXfs`` → ``numFmtId`` → format code) and
each number cell's ``r``/``s`` attributes. Any problem gives an empty result: the reader then
falls back to the stored value's shortest text (found by scripts/fuzz.py: a sheet whose deflate
data is damaged raised zlib.error out of here).

The sheet parts are scanned as bytes with a regular expression, never built as a tree: lxml's
``iterparse`` keeps every element it is not asked for, and fuzz case xlsx-2026-012187 (a sheet
of 12 rows followed by 20 million empty ``<x/>`` elements, 84 MB inflated from 84 KB) grew it to
2.5 GB, after which the next stage failed for want of memory. Every part is read through
:func:`read_part`, which stops at ``limits.max_part_bytes``.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from typing import NamedTuple

from lxml import etree

#: What reading a damaged ZIP part can raise: a missing member (KeyError), a broken archive, a
#: deflate stream that does not inflate (zlib.error), an encrypted or unknown compression method,
#: a member shorter than declared (EOFError), a number that is not one (ValueError).
ZIP_PART_ERRORS = (KeyError, OSError, EOFError, RuntimeError, NotImplementedError, ValueError,
                   zipfile.BadZipFile, zlib.error)

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Built-in number formats (ECMA-376 §18.8.30) that show decimals or percent.
_BUILTIN = {2: "0.00", 4: "#,##0.00", 9: "0%", 10: "0.00%", 7: "#,##0.00", 8: "#,##0.00",
            39: "#,##0.00", 40: "#,##0.00", 43: "#,##0.00", 44: "#,##0.00"}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s([^>]*)>")
_CELL_ATTR = re.compile(rb"(?:^|\s)([rst])\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


class PartTooLarge(ValueError):
    """A ZIP part inflates to more than the reader will hold (``limits.max_part_bytes``)."""


def read_part(zf: zipfile.ZipFile, name: str | zipfile.ZipInfo, max_bytes: int) -> bytes:
    """The inflated bytes of one part, reading no more than ``max_bytes`` + 1 of them: the
    size a ZIP declares may lie, so the bound is on what is really read."""
    with zf.open(name) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        member = name.filename if isinstance(name, zipfile.ZipInfo) else name
        raise PartTooLarge(f"{member} inflates to more than {max_bytes} bytes")
    return data


class Display(NamedTuple):
    """How a number cell is shown: fixed ``decimals``, and ``percent`` (value × 100 and %)."""

    decimals: int
    percent: bool = False


def format_display(code: str) -> Display | None:
    """The display of a format code's positive section; None for General/text/date formats."""
    section = _QUOTED.sub("", code.split(";")[0])
    if not re.search(r"[0#]", section) or re.search(r"[yYmMdDhHsS]", section):
        return None
    match = re.search(r"\.([0#]+)", section)
    decimals = match.group(1).count("0") if match else 0
    return Display(decimals, "%" in section)


def sheet_displays(path: str, grids: dict[str, tuple[int, int]], max_part_bytes: int
                   ) -> dict[str, dict[tuple[int, int], Display]]:
    """For each sheet named in ``grids``, the ``(row, col)`` (0-based) of number cells with a
    fixed display inside its grid (rows, columns as read): a styled empty cell far outside
    adds nothing, so what is kept is bounded by the cells read."""
    try:
        with zipfile.ZipFile(path) as zf:
            styles = _style_displays(zf, max_part_bytes)
            if not styles:
                return {}
            return {name: _cells(read_part(zf, part, max_part_bytes), styles, grids[name])
                    for name, part in sheet_parts(zf, max_part_bytes) if name in grids}
    except ZIP_PART_ERRORS + (etree.XMLSyntaxError,):
        return {}


def _style_displays(zf: zipfile.ZipFile, max_bytes: int) -> dict[int, Display]:
    root = etree.fromstring(read_part(zf, "xl/styles.xml", max_bytes))
    codes = dict(_BUILTIN)
    for fmt in root.iterfind(f"{_NS}numFmts/{_NS}numFmt"):
        codes[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    out = {}
    for index, xf in enumerate(root.iterfind(f"{_NS}cellXfs/{_NS}xf")):
        code = codes.get(int(xf.get("numFmtId", "0")))
        display = format_display(code) if code else None
        if display is not None:
            out[index] = display
    return out


def sheet_parts(zf: zipfile.ZipFile, max_bytes: int) -> list[tuple[str, str]]:
    """``(sheet name, part path)`` in workbook order, from workbook.xml and its relationships."""
    rels = etree.fromstring(read_part(zf, "xl/_rels/workbook.xml.rels", max_bytes))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    book = etree.fromstring(read_part(zf, "xl/workbook.xml", max_bytes))
    parts = []
    for sheet in book.iterfind(f"{_NS}sheets/{_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        parts.append((sheet.get("name", ""), part))
    return parts


def _cells(xml: bytes, styles: dict[int, Display], grid: tuple[int, int]
           ) -> dict[tuple[int, int], Display]:
    """Number cells (``t`` absent or ``n``) whose style shows fixed decimals, from the cells'
    start tags; a style index that is no number fails the scan as a damaged part."""
    rows, cols = grid
    out = {}
    for tag in _CELL_TAG.finditer(xml):
        attrs = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
                 for m in _CELL_ATTR.finditer(tag.group(1))}
        style, ref = attrs.get(b"s"), attrs.get(b"r")
        if style is None or not ref or attrs.get(b"t", b"n") != b"n":
            continue
        display = styles.get(int(style))
        match = _CELL_REF.fullmatch(ref.decode("latin-1"))
        if display is not None and match:
            row, col = int(match.group(2)) - 1, column_index(match.group(1))
            if row < rows and col < cols:
                out[(row, col)] = display
    return out


def column_index(letters: str) -> int:
    """0-based index of a column's letters (``A`` → 0, ``XFD`` → 16383)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1
