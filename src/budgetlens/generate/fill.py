"""Fill a declared table (rules/generate/tables.toml) from the inputs.

WHY completion and column dropping: the audit reads a blank cell of a classified table as zero
(the published convention). A row that states its total and one of two parts is completed with
the other part (marked ``completed``, its provenance the row's own figures) rather than printed
blank and read as a false zero; a column with no figure in any row is not printed at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Optional

from ..model import Source
from ..rules.numbers import MODEL_UNIT
from .doc import GenCell, GenTable
from .inputs import Inputs
from .numbers import from_unit, show
from .spec import Column, Side, TableSpec


@dataclass
class _Slot:
    measure: str
    basis: str
    value: Optional[Decimal] = None
    kind: str = "money"
    source: Optional[Source] = None
    origin: str = ""
    #: the figure was read from a sentence (known to the 万元 cent only)
    sentence: bool = False


@dataclass
class _Row:
    key: tuple[str, ...]
    slots: list[_Slot]


def _code_rows(side: Side, codes_prefix: str, digits: tuple[int, ...], inputs: Inputs) -> list[str]:
    prefixes = {c.prefix or codes_prefix for c in side.columns}
    found = set()
    for (measure, _basis) in inputs.values:
        for p in prefixes:
            if measure.startswith(p + "."):
                code = measure[len(p) + 1:].split(".", 1)[0]
                if code.isdigit() and len(code) in digits:
                    found.add(code)
    return sorted(found)


def _slot(measure: str, basis: str, inputs: Inputs) -> _Slot:
    v = inputs.values.get((measure, basis)) if measure else None
    if v is None:
        return _Slot(measure, basis)
    return _Slot(measure, basis, v.value, v.kind, v.source, "input", v.origin == "text")


def _side_rows(side: Side, inputs: Inputs, names: dict[str, str]) -> list[_Row]:
    rows: list[_Row] = []
    for spec in side.rows:
        if spec.items:
            rows += _item_rows(side, inputs)
            continue
        if not spec.codes:
            slots = [_slot(m, c.basis, inputs) for m, c in zip(spec.cells, side.columns)]
            key = {0: (), 1: (spec.label,)}.get(len(side.keys), ("", spec.label))
            rows.append(_Row(key, slots))
            continue
        for code in _code_rows(side, spec.codes, spec.digits, inputs):
            slots = [_slot(f"{c.prefix or spec.codes}.{code}{c.suffix}", c.basis, inputs)
                     for c in side.columns]
            name = names.get(code, "")
            rows.append(_Row((code, name) if len(side.keys) == 2 else (name,)[:len(side.keys)], slots))
    if side.parts:
        for row in rows:
            _complete(row)
    return rows


def _item_rows(side: Side, inputs: Inputs) -> list[_Row]:
    """One row per 项目: its name and amount (first column); the other columns blank."""
    out = []
    for p in (p for p in inputs.projects if p.listed):
        slots = [_Slot("", c.basis) for c in side.columns]
        slots[0] = _Slot("", side.columns[0].basis, p.amount, "money", p.source, "input")
        out.append(_Row((p.name,)[:len(side.keys)], slots))
    return out


def _complete(row: _Row) -> None:
    """Total = Σ parts: fill the one unknown figure when all the others of the row are known.
    Only the columns of the total's basis are its parts (a 决算's 年初预算数 column is not)."""
    slots = [s for s in row.slots if s.basis == row.slots[0].basis]
    total, parts = slots[0], slots[1:]
    unknown = [s for s in slots if s.value is None and s.measure]
    if len(unknown) != 1 or not parts:
        return
    known = [s for s in slots if s.value is not None]
    gap = unknown[0]
    src = Source(known[0].source.file if known[0].source else "", text="<completed from its row>")
    figures = sum((s.value for s in parts if s.value is not None), Decimal(0))
    if gap is total:
        gap.value = figures
    elif total.value is not None:
        gap.value = total.value - figures
    else:  # a blank total without a measure: nothing to complete the part from
        return
    gap.source, gap.origin, gap.kind = src, "completed", total.kind


def _kept_columns(side: Side, rows: list[_Row]) -> list[int]:
    """Value columns complete in every row that prints figures (a blank would be read as a
    zero); the first column of a side is always kept. Not for a side whose blanks are blanks
    (a label side of a 收支总表: those rows are listed whether or not they have a figure)."""
    if not side.parts:
        return [i for i in range(len(side.columns))
                if i == 0 or any(r.slots[i].value is not None for r in rows)]
    printed = [r for r in rows if any(s.value is not None for s in r.slots)]
    return [i for i in range(len(side.columns))
            if i == 0 or (printed and all(r.slots[i].value is not None for r in printed))]


def _fmt(text: str, ctx: dict[str, str]) -> str:
    for k, v in ctx.items():
        text = text.replace("{" + k + "}", v)
    return text


def _header(paths: list[tuple[str, ...]], depth: int) -> list[GenCell]:
    """Merged header cells from the columns' header paths: equal neighbouring prefixes merge
    across; a path shorter than the header depth spans down."""
    cells: list[GenCell] = []
    for level in range(depth):
        col = 0
        while col < len(paths):
            path = paths[col]
            if len(path) <= level:
                col += 1
                continue
            span = 1
            while (col + span < len(paths) and len(paths[col + span]) > level
                   and paths[col + span][:level + 1] == path[:level + 1]):
                span += 1
            rowspan = depth - level if len(path) == level + 1 else 1
            cells.append(GenCell(path[level], level, col, rowspan, span, header=True))
            col += span
    return cells


def for_kind(side: Side, kind: str) -> Side:
    """The side as a document of ``kind`` prints it: columns declared for other kinds left out."""
    keep = [i for i, c in enumerate(side.columns) if not c.kinds or kind in c.kinds]
    if len(keep) == len(side.columns):
        return side
    rows = tuple(r if r.codes else replace(r, cells=tuple(r.cells[i] for i in keep)) for r in side.rows)
    return replace(side, columns=tuple(side.columns[i] for i in keep), rows=rows)


def fill_table(spec: TableSpec, inputs: Inputs, ctx: dict[str, str], role: str, number: int,
               names: dict[str, str], money_unit: str = MODEL_UNIT) -> GenTable:
    """The table of ``spec`` filled from ``inputs``; ``ctx`` fills {unit} {year} {level} {amount}.
    ``money_unit`` is the unit the table prints its money in (万元, or 元 for a Shanghai budget)."""
    kind = "final" if role.startswith("final_") else "budget"
    sides = []
    for side in (for_kind(s, kind) for s in spec.sides):
        rows = _side_rows(side, inputs, names)
        sides.append((side, rows, _kept_columns(side, rows)))
    if money_unit != MODEL_UNIT and _from_sentences(sides):
        # a figure the source states only in a sentence is known to the 万元 cent: printed in 元
        # (189767600) beside exact 元 figures it would break the table's own sums by its rounding
        money_unit = MODEL_UNIT
    if not _any_figure(sides):
        # nothing but zeros (本表无数据): printed as the empty table it is — its whole header, no
        # figure, the empty-table statement — as the published convention has it; the zeros
        # are the narrative's 无… statement
        for _side, rows, _kept in sides:
            for row in rows:
                for slot in row.slots:
                    slot.value = None
        sides = [(side, rows, list(range(len(side.columns)))) for side, rows, _kept in sides]
    paths: list[tuple[str, ...]] = []
    for side, _rows, kept in sides:
        paths += [tuple(_fmt(p, ctx) for p in k) for k in side.keys]
        paths += [tuple(_fmt(p, ctx) for p in side.columns[i].path) for i in kept]
    depth = max((len(p) for p in paths), default=1)
    cells = _header(paths, depth)
    n_body = max(len(rows) for _s, rows, _k in sides)
    col0 = 0
    for side, rows, kept in sides:
        for r, row in enumerate(rows):
            cells += _body_row(row, kept, depth + r, col0, money_unit)
        col0 += len(side.keys) + len(kept)
    # a table of listed items (项目) is the list: without items it has nothing to show
    listed = [r for side in spec.sides for r in side.rows if r.items]
    has_figures = any(c.value is not None for c in cells) and (not listed or any(p.listed for p in inputs.projects))
    return GenTable(spec.family, role, number, _fmt(spec.title[kind], ctx), depth + n_body, col0,
                    depth, tuple(cells), empty=not has_figures,
                    note="" if has_figures else _fmt(spec.empty_note[kind], ctx),
                    unit_line=spec.unit_line or f"单位：{money_unit}")


def _from_sentences(sides: list) -> bool:
    return any(s.sentence and s.kind == "money" for _side, rows, kept in sides for r in rows
               for i, s in enumerate(r.slots) if i in kept)


def _any_figure(sides: list) -> bool:
    return any(s.value for _side, rows, _kept in sides for r in rows for s in r.slots)


def _body_row(row: _Row, kept: list[int], r: int, col0: int, money_unit: str) -> list[GenCell]:
    out = [GenCell(text, r, col0 + k) for k, text in enumerate(row.key) if text]
    base = col0 + len(row.key)
    for j, i in enumerate(kept):
        s = row.slots[i]
        text = show(s.value, s.kind, money_unit) if s.value is not None else ""
        # the cell's value is the figure as printed, in 万元 as every fact is (a 万元 table's
        # figure rounded to 2 decimals; a 元 table's exact)
        value = from_unit(Decimal(text), s.kind, money_unit) if text else None
        out.append(GenCell(text, r, base + j, measure=s.measure, basis=s.basis, value=value,
                           kind=s.kind, source=s.source, origin=s.origin, numeric=True))
    return out


__all__ = ["fill_table", "Column"]
