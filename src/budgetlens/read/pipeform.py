"""A form flattened into a cell stream (one cell a line, ``text |``), rebuilt block by block.

Why apart from :func:`~budgetlens.read.textpipes.best_width`: a self-evaluation form
(部门预算项目支出绩效自评表, 青神 发改局 2023) is no grid of one width. Its label/value lines (项目名称 |
value, 主管部门 | value) hold two cells, its funds block nine (预算执行情况(10分) | 年度预算数(万元) | 年初预算
| … | 原因), its indicator block eleven; so no single width fits the stream and it stayed text. What
does mark the structure is the form's own block labels, each naming its score and spanning its
block's rows down the first column (rules/read_words.toml ``[forms] block_label``). Each block is
read on its own:

- its header is the block label and the cells after it, ``W`` of them (every one text);
- its rows follow, ``W − 1`` cells each (the label's slot is the span), placed one column right;
  a row whose last cell is a long note (1.预算执行率=…需说明原因…) makes that note span the rows
  below, which are one cell shorter again;
- a row must open with a text label, hold a figure (or a ``/`` placeholder) and agree with the
  first row's kinds (figures under figures) in all but one column; the first that does not ends
  the block's rows.

``W`` is the width whose rows misfit least (per filled cell; the most rows on a tie); fewer than
``min_block_rows`` rows under every width leaves the stream text. Cells before the first block and
after a block's rows are the form's label/value lines: two cells a row. A stream without a block
label, or without a number, is not read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from .pipealign import cell_kind
from .pipespan import block_label
from .settings import PlainTextSettings


def form_stream_grid(cells: Sequence[str], ts: PlainTextSettings) -> Optional[list[tuple[int, list[str]]]]:
    """``(index of the row's first cell in the stream, row)`` for each row, or None."""
    starts = [i for i, c in enumerate(cells) if block_label(c)]
    if not starts or not any(cell_kind(c) == "N" for c in cells):
        return None
    out: list[tuple[int, list[str]]] = _pairs(cells, 0, starts[0])
    for k, b in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(cells)
        block = _best_block(cells, b, end, ts)
        if block is None:
            return None
        rows, pos = block
        out += rows + _pairs(cells, pos, end)
    return out


def _best_block(cells: Sequence[str], b: int, end: int, ts: PlainTextSettings
                ) -> Optional[tuple[list[tuple[int, list[str]]], int]]:
    """The block's rows under the width they misfit least, and where its rows end."""
    best: Optional[tuple[tuple[float, int], list[tuple[int, list[str]]], int]] = None
    for width in range(ts.min_block_row_cells, ts.max_stream_width + 1):
        read = _block(cells, b, end, width, ts)
        if read is None:
            continue
        rows, misfits, pos = read
        filled = sum(1 for _, row in rows[1:] for c in row if c)
        score = (-misfits / max(filled, 1), len(rows))
        if len(rows) - 1 >= ts.min_block_rows and (best is None or score > best[0]):
            best = (score, rows, pos)
    return (best[1], best[2]) if best is not None else None


def _block(cells: Sequence[str], b: int, end: int, width: int, ts: PlainTextSettings
           ) -> Optional[tuple[list[tuple[int, list[str]]], int, int]]:
    """The header and rows of one block under a header ``width`` wide, their misfits (cells
    whose kind differs from the first row's), and the stream index after the last row."""
    header = list(cells[b:b + width])
    if b + width > end or any(cell_kind(c) != "T" for c in header):
        return None
    rows: list[tuple[int, list[str]]] = [(b, header)]
    pos, short, misfits = b + width, 1, 0
    kinds: Optional[list[str]] = None
    while pos < end:
        row = list(cells[pos:min(pos + width - short, end)])
        if cell_kind(row[0]) != "T" or len(row[0]) > ts.max_cell_chars:
            break
        row_kinds = [cell_kind(c) for c in row]
        if "N" not in row_kinds:  # a row of words is another header or the form's text
            break
        clash = 0 if kinds is None else \
            sum(1 for a, c in zip(kinds, row_kinds) if "E" not in (a, c) and a != c)
        if clash > 1:
            break
        kinds, misfits = kinds or row_kinds, misfits + clash
        rows.append((pos, [""] + row + [""] * (short - 1)))
        if len(row) == width - short and len(row[-1]) > ts.max_cell_chars:
            short += 1  # the note spans the rows below: they lack its slot
        pos += len(row)
    return rows, misfits, pos


def _pairs(cells: Sequence[str], start: int, end: int) -> list[tuple[int, list[str]]]:
    """The form's label/value lines before and between blocks: two cells a row."""
    return [(i, list(cells[i:min(i + 2, end)])) for i in range(start, end, 2)]
