"""Put the cells of a flattened pipe table back over their columns.

Web-page-to-text tools write a row's cells in order and pad the row with blanks at its end, but
they drop the slots that a merged cell covers (a header spanning two rows, a label merged down
over several rows). Such a row's cells then sit too far left. Whether a cell belongs further
right is judged from the table itself: the body's columns are either figure columns or label
columns, and header words say which kind of column they head. A row moves only on clear
evidence; a cell that cannot be placed for sure stays where it was written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from ..rules.table_layouts import load_table_layouts
from ..rules.numbers import is_numeric_cell
from .settings import DEFAULT_READ

#: Widest table whose packed data rows are re-placed by default (``text.max_realign_width``).
MAX_REALIGN_WIDTH = DEFAULT_READ.text.max_realign_width

_PLACEHOLDER = frozenset({"-", "--", "—", "——", "/", "－"})
_SPACES = re.compile(r"[\s\u3000]+")

def cell_kind(text: str) -> str:
    """``E`` (blank), ``N`` (a number or a dash placeholder) or ``T`` (text)."""
    if not text:
        return "E"
    if text in _PLACEHOLDER or is_numeric_cell(text):
        return "N"
    return "T"



def column_kinds(rows: Sequence[Sequence[str]], first: int) -> list[str]:
    """Per column, the kind most of its body cells have (``N``/``T``), ``E`` when all are blank."""
    width = max((len(r) for r in rows), default=0)
    out = []
    for col in range(width):
        kinds = [cell_kind(row[col]) for row in rows[first:] if col < len(row)]
        out.append("N" if kinds.count("N") > kinds.count("T") else "T" if "T" in kinds else "E")
    return out


def first_body_row(rows: Sequence[Sequence[str]]) -> int | None:
    """Index of the first row holding a number (the body starts there), None without numbers."""
    return next((r for r, row in enumerate(rows) if any(cell_kind(c) == "N" for c in row)), None)


def align_headers(rows: Sequence[list[str]]) -> list[list[str]]:
    """Rows with each padded header row moved over its columns.

    A lower header row (项目 | 预算数 under a 序号 that spans two rows) is shifted right when
    that puts label headers (项目, 名称) over text columns and figure headers (预算数, 合计, 序号)
    over number columns better than where it is; without such evidence it stays, since a colspan
    pads a row the same way. Among equally good shifts the rightmost wins: dropped slots are
    those of the merged headers on the left."""
    out = [list(r) for r in rows]
    first = first_body_row(out)
    if first is None:
        return out
    columns = column_kinds(out, first)
    for r in range(first):
        out[r] = _shifted(out[r], columns)
    return out


def _shifted(row: list[str], columns: Sequence[str]) -> list[str]:
    cells = _rstrip_blank(row)
    pad = len(row) - len(cells)
    if pad == 0 or not cells:
        return row
    scores = [(_header_fit(cells, columns, s), s) for s in range(pad + 1)]
    best = max(score for score, _ in scores)
    if best <= scores[0][0]:
        return row
    shift = max(s for score, s in scores if score == best)
    return [""] * shift + cells + [""] * (pad - shift)


def _rstrip_blank(row: Sequence[str]) -> list[str]:
    end = len(row)
    while end > 0 and not row[end - 1]:
        end -= 1
    return list(row[:end])


def _header_fit(cells: Sequence[str], columns: Sequence[str], shift: int) -> int:
    """+1 for each header over a column of its kind, −1 for each over the other kind."""
    score = 0
    for k, text in enumerate(cells):
        want = header_kind(text)
        have = columns[k + shift] if k + shift < len(columns) else "E"
        if want and have in ("N", "T"):
            score += 1 if want == have else -1
    return score


def header_kind(text: str) -> str:
    """``N`` for a header over figures (预算数, 合计, 序号, 增减率, 人数), ``T`` for one over labels
    (项目, 科目名称), ``""`` when the words do not say (收入, 一般公共预算拨款)."""
    s = _SPACES.sub("", text)
    if not s:
        return ""
    rec = load_table_layouts().recognition
    if (rec.ignore_header.search(s) or rec.basis_only.search(s) or rec.percent_header.search(s)
            or rec.count_header.search(s) or rec.total_header.search(s)):
        return "N"
    return "T" if rec.key_header.search(s) else ""


def realign_packed_rows(rows: Sequence[list[str]], widest: int = MAX_REALIGN_WIDTH
                        ) -> tuple[tuple[str, ...], ...]:
    """Body rows written packed (filled cells first, the blanks all at the end) whose cells
    clash with their columns (a label in a figure column) are re-placed, when exactly one
    placement in order puts every cell over a column of its kind. A row written with blanks in
    place, or one that fits already, is left alone; so is a table wider than ``widest``
    columns (``text.max_realign_width``: the placements tried grow with its binomial)."""
    out = [list(r) for r in rows]
    first = first_body_row(out)
    if first is None or max((len(r) for r in out), default=0) > widest:
        return tuple(tuple(r) for r in out)
    columns = column_kinds(out, first)
    for r in range(first, len(out)):
        out[r] = _replaced(out[r], columns)
    return tuple(tuple(r) for r in out)


def _replaced(row: list[str], columns: Sequence[str]) -> list[str]:
    cells = _rstrip_blank(row)
    if len(cells) == len(row) or "" in cells:
        return row
    kinds = [cell_kind(c) for c in cells]
    if _placement_fit(kinds, range(len(cells)), columns)[1] == 0:
        return row
    best: list[tuple[int, ...]] = []
    top = -1
    for slots in combinations(range(len(row)), len(cells)):
        score, clashes = _placement_fit(kinds, slots, columns)
        if clashes == 0 and score > top:
            best, top = [slots], score
        elif clashes == 0 and score == top:
            best.append(slots)
    if len(best) != 1:
        return row
    placed = [""] * len(row)
    for cell, slot in zip(cells, best[0]):
        placed[slot] = cell
    return placed


def _placement_fit(kinds: Sequence[str], slots: Sequence[int], columns: Sequence[str]) -> tuple[int, int]:
    """(cells over a column of their kind, cells over a column of the other kind)."""
    match = sum(1 for k, s in zip(kinds, slots) if columns[s] == k)
    clash = sum(1 for k, s in zip(kinds, slots) if columns[s] in ("N", "T") and columns[s] != k)
    return match, clash
