"""Find a table flattened into one line of text by its row numbering (行次), and rebuild its rows.

Why: an aggregator's OCR of a filled-in form (海南 决算批复 attachments: 财决公开01表) prints the
whole table as one line of space-separated words: the title, ``部门: … 金额单位:万元``, the side
headers (``收入 收入 收入 支出 支出 支出``), the column header once per side (``项目 行次 金额 项目 行次
金额``), the column numbering (``栏次 1 栏次 2``), then the cells row by row, the sides side by side:
``一般公共预算财政拨款收入 1 4,627.57 一般公共服务支出 32 0.00 …``. No tab, pipe or column of spaces
marks a cell, so the other text readers leave it as running text, and none of its figures is read.

What marks the cells is the form's own row numbering: a column header repeated once per side
whose middle word names the row number (行次, 栏次, 序号: ``ignore_header`` of rules/tables.toml),
and under it items ``[label] row-number [amount]`` whose row numbers count up by one on each side
(1, 32, 2, 33, …: the items alternate between the sides). The body is read while that holds and
ends at the first item that breaks it; a line where it never holds for ``min_spaced_rows`` rows
stays running text. A row number with no label and no amount (the short side's empty rows: ``9``)
is an empty cell pair, as the grid prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Optional

from ..rules.numbers import is_numeric_cell
from ..rules.table_layouts import load_table_layouts
from ..rules.read_words import load_read_words
from .common import TextTable, clean_cell_text
from .settings import PlainTextSettings


class _Item(NamedTuple):
    """One side's cells of one row: label, row number, amount (texts as printed)."""

    label: str
    number: int
    amount: str


class _Header(NamedTuple):
    """Where a repeated column header was found: its first token, the sides and the group."""

    start: int
    sides: int
    group: tuple[str, ...]


def find_flat_tables(lines: Sequence[tuple[int, str]], ts: PlainTextSettings) -> list[TextTable]:
    """Tables flattened into single lines among the ``(number, text)`` lines of one page."""
    tables = []
    for number, text in lines:
        table = _flat_table(number, text.split(), ts)
        if table is not None:
            tables.append(table)
    return tables


def _flat_table(number: int, tokens: list[str], ts: PlainTextSettings) -> Optional[TextTable]:
    header = _find_header(tokens)
    if header is None:
        return None
    width = len(header.group)
    body_start = _skip_numbering(tokens, header.start + header.sides * width)
    items = _items(tokens, body_start)
    rows = _side_rows(items, header.sides)
    if len(rows) < ts.min_spaced_rows:
        return None
    sides = _side_header(tokens, header)
    named = header.sides * width if any(sides) else 0
    grid = [*_meta_rows(tokens[:header.start - named]), sides, list(header.group) * header.sides]
    grid += [[cell for item in row for cell in (item.label, str(item.number), item.amount)]
             + [""] * (header.sides - len(row)) * width for row in rows]
    cells = max(len(r) for r in grid)
    return TextTable(tuple(tuple(r + [""] * (cells - len(r))) for r in grid),
                     tuple(number for _ in grid), (number,), "flat-numbered")


def _find_header(tokens: Sequence[str]) -> Optional[_Header]:
    """The first ``label | row-number word | amount`` header printed twice or more in a row."""
    numbering = load_table_layouts().recognition.ignore_header
    for i in range(len(tokens) - 2):
        group = tuple(tokens[i:i + 3])
        if not numbering.match(group[1]) or numbering.match(group[0]) or numbering.match(group[2]):
            continue
        sides = 1
        while tuple(tokens[i + 3 * sides:i + 3 * sides + 3]) == group:
            sides += 1
        if sides >= 2:
            return _Header(i, sides, group)
    return None


def _skip_numbering(tokens: Sequence[str], i: int) -> int:
    """After the header, the column numbering row (栏次 1 栏次 2): row-number words and digits."""
    numbering = load_table_layouts().recognition.ignore_header
    while i < len(tokens) and (numbering.match(tokens[i]) or _row_number(tokens[i]) is not None):
        i += 1
    return i


def _row_number(token: str) -> Optional[int]:
    """A printed row number: decimal digits only (not ² or ①, which ``isdigit`` takes), and short
    (a form numbers its rows in the tens or hundreds; a long digit run is a code or a figure)."""
    return int(token) if token.isdecimal() and len(token) <= 4 else None


def _items(tokens: Sequence[str], i: int) -> list[_Item]:
    """``[label] row-number [amount]`` items from ``tokens[i:]`` until the shape breaks."""
    items: list[_Item] = []
    while i < len(tokens):
        j = i
        while j < len(tokens) and not is_numeric_cell(tokens[j]):
            j += 1
        number = _row_number(tokens[j]) if j < len(tokens) else None
        if number is None:
            break
        amount = ""
        k = j + 1
        if k < len(tokens) and is_numeric_cell(tokens[k]) and _row_number(tokens[k]) is None:
            amount, k = tokens[k], k + 1
        items.append(_Item(clean_cell_text(" ".join(tokens[i:j])), number, amount))
        i = k
    return items


def _side_rows(items: Sequence[_Item], sides: int) -> list[list[_Item]]:
    """Items dealt to the sides in turn while each side's row numbers count up by one."""
    rows: list[list[_Item]] = []
    last: list[Optional[int]] = [None] * sides
    for n, item in enumerate(items):
        side = n % sides
        previous = last[side]
        if previous is not None and item.number != previous + 1:
            break
        if side > 0 and last[side] is None and item.number <= (last[side - 1] or 0):
            break  # a later side numbers its rows after the earlier side's
        last[side] = item.number
        if side == 0:
            rows.append([])
        rows[-1].append(item)
    return rows


def _side_header(tokens: Sequence[str], header: _Header) -> list[str]:
    """The side names printed before the header (收入 收入 收入 支出 支出 支出), as a merged cell
    reads: the name over a side's first column; blanks when they are not printed so."""
    width, sides = len(header.group), header.sides
    before = list(tokens[max(0, header.start - width * sides):header.start])
    if len(before) == width * sides and all(len(set(before[s * width:(s + 1) * width])) == 1
                                            for s in range(sides)):
        return [before[s * width] if c == 0 else "" for s in range(sides) for c in range(width)]
    return [""] * (width * sides)


def _meta_rows(prefix: Sequence[str]) -> list[list[str]]:
    """The title and the 部门/金额单位 words before the side names: from the last word ending in 表
    (the form's code or title) on, as one-cell rows above the header."""
    ends = load_read_words()["titles"].words["table_word"]  # rules/read_words.toml
    title = max((k for k, t in enumerate(prefix) if t.endswith(ends)), default=None)
    if title is None:
        return []
    rest = prefix[title + 1:]
    return [[prefix[title]]] + ([[clean_cell_text(" ".join(rest))]] if rest else [])


__all__ = ["find_flat_tables"]
