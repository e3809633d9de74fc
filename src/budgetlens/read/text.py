"""Plain-text reader: bytes → decoded lines → pages (split at form feeds) → tables found in them.

Text is the format disclosures take when copied out of a portal page or exported from Word: the
tables survive as tab-separated lines (see :mod:`.texttables`). Line numbers are line numbers in
the file, so a fact found here can be looked up with any editor; blank lines are dropped from the
Document but keep their numbers counted.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Optional

from ..model import Diagnostic, Document, Line, Page, Table
from .common import error, find_title_lines, grid_to_table, table_too_large, warning
from .encoding import decode_bytes
from .ruby import ruby_removed, strip_ruby
from .settings import DEFAULT_READ, BlockSettings, PlainTextSettings, ReadSettings, StitchSettings
from .textjoin import join_text_tables
from .texttables import find_text_tables

_NEWLINE = re.compile(r"\r\n|\r|\n")


def read_text(path: str, settings: ReadSettings = DEFAULT_READ
              ) -> tuple[Optional[Document], list[Diagnostic]]:
    """Read a plain-text disclosure (UTF-8, UTF-16 LE/BE, GB18030) into a Document; its tables
    found with ``settings.text`` (:class:`~.settings.PlainTextSettings`), their titles with
    ``settings.blocks``."""
    data = Path(path).read_bytes()
    decoded = decode_bytes(data, enc=settings.encoding)
    if decoded is None:
        return None, [error("binary-garbage", "文件内容不是可识别的文本（无法按 UTF-8、UTF-16 或 GB18030 解码）。",
                            "The content is not text (no UTF-8, UTF-16 or GB18030 decoding fits).",
                            path)]
    diagnostics: list[Diagnostic] = []
    if decoded.lossy:
        diagnostics.append(warning(
            "encoding-lossy", f"按 {decoded.encoding} 解码时有少量无效字节，已用替换字符代替。",
            f"A few bytes were invalid in {decoded.encoding} and were replaced.", path))
    if decoded.repaired:
        diagnostics.append(warning(
            "encoding-repaired",
            f"文本是乱码（{decoded.encoding} 字节曾被按 {decoded.repaired} 误读后保存），已还原。",
            f"The text was mojibake ({decoded.encoding} bytes once read as {decoded.repaired}); "
            "it was repaired.", path))
    if not decoded.text.strip():
        return None, diagnostics + [error("empty-file", "文件没有文字内容（只有空白）。",
                                          "The file holds no text (whitespace only).", path)]
    text, readings = strip_ruby(decoded.text, settings.blocks.min_ruby)
    if readings:
        diagnostics.append(ruby_removed(readings, path))
    pages, tables = text_to_pages(text, path, diagnostics, settings.text,
                                   settings.blocks, settings.stitch)
    doc = Document(path=str(path), format="text", pages=pages, tables=tables,
                   encoding=decoded.encoding)
    return doc, diagnostics


def split_pages(text: str) -> list[list[tuple[int, str]]]:
    """``(line number in file, text)`` for every line, grouped into form-feed separated pages."""
    pages: list[list[tuple[int, str]]] = [[]]
    for number, raw in enumerate(_NEWLINE.split(text), start=1):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k > 0:
                pages.append([])
            if part or k == len(parts) - 1:
                pages[-1].append((number, part))
    if len(pages) > 1 and not any(t.strip() for _, t in pages[-1]):
        pages.pop()  # a trailing form feed does not open a page
    return pages


def text_to_pages(text: str, path: str = "", diagnostics: Optional[list[Diagnostic]] = None,
                  ts: PlainTextSettings = DEFAULT_READ.text,
                  blocks: BlockSettings = DEFAULT_READ.blocks,
                  st: StitchSettings = DEFAULT_READ.stitch
                  ) -> tuple[tuple[Page, ...], tuple[Table, ...]]:
    """Pages of Lines and the Tables found in them (indexes numbered across pages). A table over
    ``blocks.max_table_slots`` stays running text, with a warning in ``diagnostics``. A table
    going on after a form feed is joined into one (:mod:`.textjoin`, decided with ``st``)."""
    pages: list[Page] = []
    tables: list[Table] = []
    for page_no, page_lines in enumerate(split_pages(text), start=1):
        found = []
        for tt in find_text_tables(page_lines, ts):
            width = max((len(r) for r in tt.rows), default=0)
            note = table_too_large(len(tt.rows), width, path, page_no, tt.lines[0],
                                   blocks.max_table_slots)
            if note is None:
                found.append(tt)
            elif diagnostics is not None:
                diagnostics.append(note)
        owner: dict[int, int] = {}
        for k, tt in enumerate(found):
            owner.update((n, len(tables) + k) for n in tt.lines)
        lines = tuple(Line(text=t, page=page_no, number=n, table=owner.get(n))
                      for n, t in page_lines if t.strip())
        numbers = [ln.number for ln in lines]
        for tt in found:
            title = find_title_lines(lines, bisect.bisect_left(numbers, tt.lines[0]), blocks)
            tables.append(grid_to_table(len(tables), page_no, tt.rows, row_lines=tt.row_lines,
                                        title_lines=title))
        pages.append(Page(number=page_no, lines=lines, chars=sum(len(ln.text) for ln in lines)))
    return join_text_tables(pages, tables, st)
