"""The generated document as data: parts, sections of paragraphs, and filled tables whose every
cell knows the measure it shows and the input it came from. Every writer (text, HTML, DOCX, XLSX,
PDF) renders this one model, so the formats cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from ..model import Source


@dataclass(frozen=True)
class GenCell:
    """One cell: header cells carry spans; value cells carry the measure, basis, value and the
    input source (``origin`` is ``input``, or ``completed`` for a part computed from its row)."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    measure: str = ""
    basis: str = ""
    value: Optional[Decimal] = None
    kind: str = "money"
    source: Optional[Source] = None
    origin: str = ""
    numeric: bool = False

    @property
    def figure(self) -> Decimal:
        """The value of a cell that holds one (those :meth:`GenTable.value_cells` and
        :meth:`GenTable.item_cells` return); asking a header or blank cell is a bug."""
        if self.value is None:
            raise ValueError(f"cell ({self.row}, {self.col}) {self.text!r} holds no figure")
        return self.value


@dataclass(frozen=True)
class GenTable:
    """A filled table: ``cells`` holds the header (rows ``0..n_header-1``) and the body."""

    family: str
    role: str
    number: int
    title: str
    n_rows: int
    n_cols: int
    n_header: int
    cells: tuple[GenCell, ...]
    empty: bool = False
    note: str = ""
    unit_line: str = "单位：万元"

    def rows(self) -> list[list[Optional[GenCell]]]:
        """The grid: each slot holds the cell anchored there, or None (covered or blank)."""
        grid: list[list[Optional[GenCell]]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            grid[c.row][c.col] = c
        return grid

    def covered(self) -> set[tuple[int, int]]:
        """Slots covered by a span (not the anchor)."""
        out = set()
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    if (r, k) != (c.row, c.col):
                        out.add((r, k))
        return out

    def value_cells(self) -> list[GenCell]:
        """Cells holding a fact (a measure our readers read back)."""
        return [c for c in self.cells if c.value is not None and c.measure]

    def item_cells(self) -> list[GenCell]:
        """Figures of listed items (项目): no measure; the gate checks they add up to the 合计."""
        return [c for c in self.cells if c.value is not None and not c.measure]


@dataclass(frozen=True)
class GenSection:
    key: str
    title: str
    paragraphs: tuple[str, ...]
    #: the rules/templates.toml section it satisfies ("" = none)
    satisfies: str = ""


@dataclass(frozen=True)
class GenPart:
    title: str
    sections: tuple[GenSection, ...] = ()
    tables: tuple[GenTable, ...] = ()


@dataclass(frozen=True)
class Material:
    """A change the narrative states: the gate requires a reason when it is material."""

    measure: str
    label: str
    change: str
    pct: Optional[str]
    from_zero: bool
    reason: str
    source: Optional[Source]
    #: where a missing reason is supplied (generate/supply.py): ``reasons`` for the year's
    #: change, ``variance_reasons`` for a 决算数 against its budget
    need: str = "reasons"


@dataclass
class DocModel:
    title: str
    unit: str
    year: int
    kind: str
    level: str
    template: str
    parts: list[GenPart] = field(default_factory=list)
    changes: list[Material] = field(default_factory=list)
    input_file: str = ""
    draft: bool = False

    def tables(self) -> list[GenTable]:
        return [t for p in self.parts for t in p.tables]

    def sections(self) -> list[GenSection]:
        return [s for p in self.parts for s in p.sections]
