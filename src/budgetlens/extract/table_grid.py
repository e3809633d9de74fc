"""Read a table grid into parts: title/meta rows, header rows, data rows, column label paths.

Why its own step: every layout (classified, summary, horizontal …) needs the same split — where
the header ends, what each column is called when its header is stacked over two or three rows, and
which columns hold row keys (code, name, 类/款/项) rather than figures. Keeping the result as a
plain inspectable record (:class:`GridView`) lets a debug view print it and tests assert on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from ..model import Cell, Table
from ..rules.extract_words import load_extract_words
from ..rules.table_layouts import Recognition
from .numbers import is_blank, parse_number

# A classification code at the start of a key: 201, 20103, 2010301, "208 05 05".
CODE_RE = re.compile(r"^[\[【]?(\d{3})(?:\s*(\d{2}))?(?:\s*(\d{2}))?(?!\d)[\]】]?")
_WORDS = load_extract_words()["grid"]  # rules/extract_words.toml [grid], compiled once
TOTAL_RE = _TOTAL_RE = _WORDS.rx["total_row"]
_TITLE_CELL_RE = _WORDS.rx["title_cell"]
_META_CELL_RE = _WORDS.rx["meta_cell"]
_YEAR_IN_RE = _WORDS.rx["year"]
_YEAR_RE = re.compile(r"^(19|20)\d{2}$")
_SPACE_RE = re.compile(r"[\s\u3000]+")
_TWO_DIGITS = re.compile(r"\d{2}")  # a column of 01, 02 … (compiled once: every cell of a column)


def norm(text: str) -> str:
    """Cell text without whitespace (PDF text spaces out 项 目), for matching only. The same
    characters as ``_SPACE_RE`` (str.split's whitespace, \u3000 included), without a regex call:
    every cell is normalised several times (600k calls over the corpus)."""
    return "".join(text.split()) if text else ""


@dataclass(frozen=True)
class Column:
    """One grid column: its header label path and what it holds (key, value or ignore)."""

    index: int
    path: tuple[str, ...]
    kind: str  # "key" | "value" | "ignore"

    @property
    def label(self) -> str:
        return "/".join(self.path)

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True)
class GridView:
    """A table split into meta/header/data rows with typed columns and column groups.

    ``groups`` are runs of columns ``[key…, value…]``: a two-sided summary table (收入 | 支出) or a
    side-by-side economic table (F6) has two or more, an ordinary table one.
    """

    table: Table
    raw: tuple[tuple[str, ...], ...]
    filled: tuple[tuple[str, ...], ...]
    meta_rows: tuple[int, ...]
    header_rows: tuple[int, ...]
    data_rows: tuple[int, ...]
    note_rows: tuple[int, ...]
    columns: tuple[Column, ...]
    groups: tuple[tuple[int, ...], ...]

    #: (row, col, printed text) of figures read with their thousands separators regrouped
    regrouped: tuple[tuple[int, int, str], ...] = ()
    #: (row, col, printed text) of figures whose misplaced separators leave the value in doubt
    ambiguous: tuple[tuple[int, int, str], ...] = ()

    def cell(self, row: int, col: int) -> str:
        return self.raw[row][col]


def _number_cells(row: list[str]) -> list[tuple[Decimal, int, str]]:
    out = []
    for text in row:
        n = parse_number(text)
        if n is not None and not n.percent:
            out.append((n.value, n.decimals, norm(text)))
    return out


_NUMBERING_MARKS = frozenset(_WORDS.words["numbering_marks"])
_NUMBERING_WORDS = frozenset(_WORDS.words["numbering_words"])
_HEADER_WORDS = _WORDS.words["header_word"]


def is_numbering_row(row: list[str]) -> bool:
    """A row numbering the columns (栏次 | 1 | 2 | 3, or ** | ** | 1 | 2): header furniture."""
    texts = [n for t in row if (n := "".join(t.split()))]  # = norm(t), asked for every row
    ints = [t for t in texts if t.isdigit()]
    if not texts or len(ints) + sum(t in _NUMBERING_MARKS for t in texts) != len(texts):
        return False
    values = [int(t) for t in ints]
    marked = len(ints) < len(texts)
    return (bool(values) and values == list(range(values[0], values[0] + len(values)))
            and values[0] <= 1 and (len(values) > 1 or marked)) or (not values and marked)


def is_data_row(row: list[str]) -> bool:
    """A row that carries figures, a code or a 合计 label (rather than header words).

    A numbering row of columns (1 2 3 … / 栏次) and a lone year are header-like.
    """
    texts = [norm(t) for t in row if not is_blank(t)]
    if not texts or is_numbering_row(row):
        return False
    if any(t in _NUMBERING_WORDS for t in texts):
        return False
    first = texts[0]
    if _TOTAL_RE.match(first) and not any(w in first for w in _HEADER_WORDS):
        rest = texts[1:]
        return not rest or any(parse_number(t) is not None for t in rest)
    if CODE_RE.match(first) and len(texts) > 1 and parse_number(texts[1]) is None:
        return True
    nums = _number_cells(row)
    if not nums:
        return False
    if any(d > 0 for _, d, _ in nums):
        return True
    ints = [int(v) for v, _, _ in nums]
    if ints == list(range(ints[0], ints[0] + len(ints))) and ints[0] <= 1 and len(ints) > 1:
        return False  # column numbering row
    if all(_YEAR_RE.match(t) for _, _, t in nums):
        return False
    return True


def _is_meta_row(row: list[str], rec: Recognition) -> bool:
    """A title, unit or 编制单位 row printed inside the grid above the header."""
    texts = [norm(t) for t in row if not is_blank(t)]
    if not texts:
        return True
    if all(rec.unit_pattern.search(t) or _META_CELL_RE.search(t) for t in texts):
        return True
    if len(set(texts)) == 1 and (_TITLE_CELL_RE.search(texts[0]) or rec.unit_pattern.search(texts[0])):
        return True
    if _unit_line(texts, rec):
        return True
    return len(texts) <= 3 and any(_TITLE_CELL_RE.search(t) for t in texts) and \
        any(rec.unit_pattern.search(t) or _META_CELL_RE.search(t) for t in texts)


def _unit_line(texts: list[str], rec: Recognition) -> bool:
    """A few cells, one of them 单位：万元 and none a number: the line under a title (unit name,
    预算年度, money unit) printed as a grid row. It is meta even when the unit name starts with
    its code (920平山县…), which would otherwise look like a classified data row."""
    return len(texts) <= 3 and any(rec.unit_pattern.search(t) for t in texts) and \
        not any(parse_number(t) is not None for t in texts)


def _header_paths(filled: list[list[str]], header_rows: list[int], n_cols: int) -> list[tuple[str, ...]]:
    """Stack header rows into a label path per column.

    A blank cell in an upper header row is filled from its left neighbour when the row below has
    a label there: that is a merged group heading printed once (收入 | _ ; 公务用车购置及运行费 | _ | _).
    Repeated labels (a vertically merged cell) appear once in the path.
    """
    rows = [[norm(filled[r][c]) for c in range(n_cols)] for r in header_rows]
    for i in reversed(range(len(rows) - 1)):
        row, below = rows[i], rows[i + 1]
        for c in range(1, n_cols):
            if not row[c] and row[c - 1] and below[c] and any(below[k] for k in range(c)):
                row[c] = row[c - 1]
    paths = []
    for c in range(n_cols):
        path: list[str] = []
        for row in rows:
            if row[c] and (not path or path[-1] != row[c]):
                path.append(row[c])
        paths.append(tuple(path))
    return paths


def _column_kind(path: tuple[str, ...], values: list[str], rec: Recognition) -> str:
    leaf = path[-1] if path else ""
    if leaf and rec.ignore_header.search(leaf):
        return "ignore"
    if leaf and rec.key_header.search(leaf) and not _TOTAL_RE.match(leaf):
        return "key"
    present = [norm(v) for v in values if not is_blank(v)]
    if not present:
        return "value" if path else "key"
    # a column of codes (every cell one): asked cell by cell up to the first that is not (a
    # column of figures fails at its first cell), then the figures counted only when needed
    if all(CODE_RE.fullmatch(v) or _TWO_DIGITS.fullmatch(v) for v in present) and \
            any(len(v) in (3, 5, 7) for v in present) and not any("." in v for v in present):
        return "key"
    numeric = sum(1 for v in present if parse_number(v) is not None)
    return "value" if numeric * 2 >= len(present) else "key"


def _groups(columns: list[Column]) -> tuple[tuple[int, ...], ...]:
    groups: list[list[int]] = []
    seen_value = False
    for col in columns:
        if col.kind == "key" and (not groups or seen_value):
            groups.append([])
            seen_value = False
        if not groups:
            groups.append([])
        groups[-1].append(col.index)
        if col.kind == "value":
            seen_value = True
    return tuple(tuple(g) for g in groups)


#: digits grouped by commas in the wrong places ("19349,057", "2603,760", "1,2345.67")
_MISGROUPED = re.compile(r"^(?P<sign>-?)(?P<int>\d+(?:,\d+)+)(?:\.(?P<frac>\d+))?$")


def regroup(text: str) -> tuple[str, str]:
    """A figure printed with misplaced thousands separators, regrouped: (text, verdict).

    Why: a template's number format may drop or shift separators (上海 职业能力考试院 prints
    "19349,057" for 19,349,057 元): the digits are unambiguous when the commas can only be
    separators — a decimal point follows them, or the last group has three digits (a decimal
    comma would leave one or two, as amounts carry). Verdict "read" (regrouped), "ambiguous"
    (left unread) or "" (not such a figure)."""
    t = norm(text)
    m = _MISGROUPED.match(t) if t and "," in t else None
    if m is None or parse_number(t) is not None:
        return text, ""
    groups, frac = m.group("int").split(","), m.group("frac")
    if frac is None and len(groups[-1]) != 3:
        return text, "ambiguous"
    whole = f"{int(''.join(groups)):,}"
    return f"{m.group('sign')}{whole}{'.' + frac if frac else ''}", "read"


def _regrouped(grid: list[list[str]]) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """Regroup misplaced separators in place; the cells read and the cells left in doubt."""
    read, doubt = [], []
    for r, row in enumerate(grid):
        if "," not in "".join(row):  # most rows print no separator at all: one scan, not a loop
            continue
        for c, text in enumerate(row):
            new, verdict = regroup(text) if "," in text else (text, "")
            if verdict == "read":
                row[c] = new
                read.append((r, c, text))
            elif verdict == "ambiguous":
                doubt.append((r, c, text))
    return read, doubt


def _grids(table: Table) -> tuple[list[list[str]], list[list[str]]]:
    """``table.grid(fill_spans=False)`` and ``table.grid(fill_spans=True)`` in one pass over
    the cells (later cells overwrite earlier ones, as there): every table's view needs both."""
    n_rows, n_cols = table.n_rows, table.n_cols
    raw = [[""] * n_cols for _ in range(n_rows)]
    filled = [[""] * n_cols for _ in range(n_rows)]
    for c in table.cells:
        row, col = c.row, c.col
        if not (0 <= row < n_rows and 0 <= col < n_cols):
            continue
        raw[row][col] = c.text
        if c.rowspan == 1 and c.colspan == 1:
            filled[row][col] = c.text
            continue
        for r in range(row, min(row + c.rowspan, n_rows)):
            for k in range(col, min(col + c.colspan, n_cols)):
                filled[r][k] = c.text
    return raw, filled


def to_grid_view(table: Table, rec: Recognition) -> GridView:
    """Split ``table`` into meta/header/data rows and typed columns (see :class:`GridView`)."""
    raw, filled = _grids(table)
    regrouped, ambiguous = _regrouped(raw)
    _regrouped(filled)
    n = table.n_rows
    meta, r = [], 0
    while r < n and _is_meta_row(raw[r], rec) and (
            not is_data_row(raw[r]) or _unit_line([norm(t) for t in raw[r] if not is_blank(t)], rec)):
        meta.append(r)
        r += 1
    first_data = next((k for k in range(r, n) if is_data_row(raw[k])), n)
    header = [k for k in range(r, first_data)
              if any(not is_blank(t) for t in raw[k]) and not is_numbering_row(raw[k])]
    note_rows, data = [], []
    for k in range(first_data, n):
        texts = [norm(t) for t in raw[k] if not is_blank(t)]
        if texts and rec.note_pattern.search(texts[0]) and len(set(texts)) == 1:
            note_rows.append(k)
        elif is_numbering_row(raw[k]):
            continue
        elif texts:
            data.append(k)
    paths = _header_paths(filled, header, table.n_cols)
    columns = [Column(c, paths[c], _column_kind(paths[c], [raw[k][c] for k in data], rec))
               for c in range(table.n_cols)]
    columns = _drop_empty_columns(columns, raw, header + data)
    return GridView(table, tuple(tuple(x) for x in raw), tuple(tuple(x) for x in filled),
                    tuple(meta), tuple(header), tuple(data), tuple(note_rows), tuple(columns),
                    _groups(columns), tuple(regrouped), tuple(ambiguous))


def _drop_empty_columns(columns: list[Column], raw: list[list[str]], rows: list[int]) -> list[Column]:
    """A column blank in header and data is a grid artefact: ignore it."""
    out = []
    for col in columns:
        if not col.path and all(is_blank(raw[r][col.index]) for r in rows):
            col = Column(col.index, col.path, "ignore")
        out.append(col)
    return out


def cell_lookup(table: Table) -> dict[tuple[int, int], Cell]:
    return {(c.row, c.col): c for c in table.cells}


def year_in(text: str) -> Optional[int]:
    m = _YEAR_IN_RE.search(text)
    return int(m.group(1)) if m else None
