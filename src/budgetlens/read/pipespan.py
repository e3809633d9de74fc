"""Put back the slot a form's block label covers in the rows a pipe flattening wrote under it.

A self-evaluation form (部门预算项目支出绩效自评表) opens each block with a label that spans the
block's rows down the first column and names its score: "预算执行情况(10分) | 年度预算数(万元) | 年初预算
| 调整后预算数 | …", then "总额 | 0.00 | 3.36 | …". A web-page-to-text tool writes the merged cell once,
in the block's header row, so every row below it starts one column too far left: 总额 under the
block label, 0.00 under 年度预算数(万元), 3.36 under 年初预算 — and the figures are read under the
wrong headers. Why not by counting alone: a table whose last column is blank in every body row (an
empty 备注) has rows one cell shorter than its header too. The block label's own wording (its
score in brackets, rules/read_words.toml ``[forms] block_label``) is the evidence; without it
nothing moves.

A block is the header row and the rows after it that could sit beside the span: each holds at
least ``text.min_block_row_cells`` cells (a label and its value, "合计 | 100" or "评价结论 | …", is a row of the form, not
of the block) and is shorter than the header. The first row that is not ends the block.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..rules.read_words import load_read_words

#: a block label spanning its rows, with its score (rules/read_words.toml [forms] block_label)
_BLOCK_LABEL = load_read_words()["forms"].rx["block_label"]


def block_label(text: str) -> bool:
    """A form's block label spanning its rows, with its score (预算执行情况(10分))."""
    return _BLOCK_LABEL.match(text) is not None


def shift_spanned_blocks(rows: Sequence[list[str]], fewest: int) -> list[list[str]]:
    """Rows with each block's rows moved one column right, under the header they belong to.
    ``fewest``: the cells a row of a block holds at least (``text.min_block_row_cells``)."""
    out = [list(r) for r in rows]
    r = 0
    while r < len(out):
        head = _extent(out[r])
        if not (out[r] and _BLOCK_LABEL.match(out[r][0]) and head >= fewest
                and all(out[r][:head])):
            r += 1
            continue
        end = r + 1
        while end < len(out) and fewest <= _extent(out[end]) < head \
                and not _BLOCK_LABEL.match(out[end][0]):
            end += 1
        for k in range(r + 1, end):
            out[k] = [""] + out[k][:-1]
        r = max(end, r + 1)
    return out


def _extent(row: Sequence[str]) -> int:
    """The columns up to the last filled cell."""
    end = len(row)
    while end > 0 and not row[end - 1]:
        end -= 1
    return end
