"""A part column that the table's own rows show to be an 其中 of the total, not one more part.

Why: 深圳 支出总表 prints 支出总计 | 基本支出 | 项目支出 | 事业单位经营支出 | … and in every row the
total is 基本 + 项目 alone (10,446.03 = 1,043.32 + 9,402.71, 经营支出 9,118.50; the department's
190,281.97 = 51,374.73 + 138,907.24, 经营支出 11,575.59): the column is an 其中 of the others (the
text budgets 经营支出 as a project). Read as one more part, every row with a figure in it fails
合计 = Σ parts. The printed rows decide it, not the header: a column is an 其中 when at least two
rows print it non-zero, each of them adds up without it and not with it, it never exceeds the
total, and no row with a figure in it fails without it. Its facts then keep their measure but
are read in a scope of their own (no part of the table's in-table sums, still compared with the
other tables), with an info naming the column. Which components are parts is data
(``of_which_parts`` in rules/tables.toml).

The converse, a heading of parts that prints one part only, is :func:`parts_group_blanks`.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from ..model import Diagnostic, Fact, Severity, Source
from ..rules.numbers import half_unit, is_blank, parse_number

if TYPE_CHECKING:
    from ..rules.table_records import ColumnAlias
    from .table_cells import TableContext

CODE = "table-column-of-which"
#: The scope suffix of an 其中 column's facts (":row:" keeps scope_unit reading the unit).
SUFFIX = ":row:of-"


def _rows(facts: list[Fact]) -> dict[tuple, dict[str, Fact]]:
    rows: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for f in facts:
        if f.kind == "money":
            rows[(f.scope, f.source.row, f.basis)][f.measure] = f
    return rows


def _parts_of_row(row: dict[str, Fact], parts: tuple[str, ...], total: str, prefix: str
                  ) -> list[tuple[Fact, dict[str, Fact]]]:
    """(total fact, component → part fact) of each total printed in the row."""
    out = []
    for measure, fact in row.items():
        base = prefix if measure == total else measure
        found = {c: row[f"{base}.{c}"] for c in parts if f"{base}.{c}" in row}
        if len(found) >= 2:
            out.append((fact, found))
    return out


def _width(facts: list[Fact]) -> Decimal:
    return sum((half_unit(f.decimals) for f in facts), Decimal(0))


def _verdicts(facts: list[Fact], parts: tuple[str, ...], total: str, prefix: str
              ) -> dict[str, list[int]]:
    """component → [rows showing it an 其中, rows contradicting it]."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in _rows(facts).values():
        for tot, found in _parts_of_row(row, parts, total, prefix):
            for comp, part in found.items():
                if not part.value:
                    continue
                rest = [f for c, f in found.items() if c != comp]
                without = sum(f.value for f in rest)
                width = _width([tot, *rest])
                adds_without = abs(tot.value - without) <= width
                adds_with = abs(tot.value - without - part.value) <= width + half_unit(part.decimals)
                if adds_without and not adds_with and part.value <= tot.value:
                    tally[comp][0] += 1
                elif not adds_without:
                    tally[comp][1] += 1
    return tally


def of_which_columns(facts: list[Fact], parts: tuple[str, ...], total: str, prefix: str,
                     path: str = "", *, min_rows: int) -> tuple[list[Fact], list[Diagnostic]]:
    """One table's facts with each 其中 column's facts in a scope of their own, and an info.
    A column is an 其中 when ``min_rows`` rows (tables.toml ``of_which_min_rows``) show it and
    none contradicts it."""
    if not parts or not facts:
        return facts, []
    tally = _verdicts(facts, parts, total, prefix)
    inner = {c for c, (yes, no) in tally.items() if yes >= min_rows and not no}
    if not inner:
        return facts, []
    out, notes = [], []
    first: dict[str, Fact] = {}  # component → its first fact
    for f in facts:
        comp = _component(f, inner, total, prefix)
        if comp is not None:
            first.setdefault(comp, f)
            f = f._replace(scope=f"{f.scope}{SUFFIX}{comp}")
        out.append(f)
    for comp, f in sorted(first.items()):
        column = f.label.split(" / ", 1)[-1]
        src = Source(file=f.source.file or path, page=f.source.page, table=f.source.table,
                     column=f.source.column, text=column)
        notes.append(Diagnostic(
            CODE, Severity.INFO,
            f"“{column}”列为合计的其中数（{tally[comp][0]}行合计不含该列即相符），不作为合计的组成部分",
            f"column “{column}” is an of-which of the total ({tally[comp][0]} rows add up "
            "without it): not read as a part of the total", src))
    return out, notes


def _component(fact: Fact, inner: set[str], total: str, prefix: str) -> Optional[str]:
    head, _, comp = fact.measure.rpartition(".")
    if comp in inner and head and (head != prefix or f"{prefix}.{comp}" != total):
        return comp
    return None


def parts_group_blanks(ctx: "TableContext", row: int, cols: list[tuple[int, "ColumnAlias"]]) -> set[int]:
    """Blank cells of a header group of parts whose sibling prints a figure in the row: zeros.

    Why: 上海 财务收支预算总表 prints 基本支出 over 人员经费 | 公用经费 and fills only 人员经费;
    the blank 公用经费 beside it is a zero of the group (基本支出 = 人员经费 + 0), not a figure left
    out, so 合计 = 基本支出 + 项目支出 can be checked. Only a group of parts (no total column
    under the same heading) of two or more columns: a blank beside a 合计 stays unread."""
    groups: dict[tuple[str, ...], list[tuple[int, ColumnAlias]]] = {}
    for c, alias in cols:
        path = ctx.view.columns[c].path
        if len(path) > 1 and not alias.measure:
            groups.setdefault(path[:-1], []).append((c, alias))
    out: set[int] = set()
    for members in groups.values():
        if len(members) < 2 or any(a.component == "" for _, a in members):
            continue
        texts = {c: ctx.view.cell(row, c) for c, _ in members}
        if any(parse_number(t) is not None for t in texts.values()):
            out.update(c for c, t in texts.items() if is_blank(t))
    return out


__all__ = ["CODE", "SUFFIX", "of_which_columns", "parts_group_blanks"]
