"""A fund's income printed with its carry-over folded in: filed under the measure that holds both.

Why: some templates (重庆 表一 收支总表 and 表二 收入总表) print no 上年结转 row and fold each fund's
carry-over into the fund's income row: 一般公共预算资金 37,891.58 = 本年 36,208.43 + 上年结转
1,683.15, the two figures the same document's 财政拨款收支总表 prints apart. Read under the fund's
measure of the year, the row contradicts that table (a false measure-consistency finding); read
under the measure with carry-over, it agrees with it and with the other folding tables.

The rule is data (``[[carryover_fold]]`` of rules/tables.toml): a ``part`` fact in a table that
prints no ``apart`` (carry-over) row is refiled under ``total`` when its figure is, within the
rounding of the three printed figures, the part plus the non-zero carry-over that one other table
prints both of, and not the part alone. A row that equals neither stays as read (a discrepancy for
the audit to find); a document with no table printing the carry-over apart changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from ..model import UNIT_SCOPE, Diagnostic, Fact, Severity, Source
from ..rules.numbers import half_unit
from ..rules.table_layouts import TableLayouts

CODE = "table-carryover-folded"


def _apart_tables(facts: Iterable[Fact], apart: str) -> set:
    """Tables that print a carry-over row of their own: their fund rows are of the year."""
    return {f.source.table for f in facts
            if f.measure == apart or f.measure.startswith(apart + ".")}


def _pairs(facts: list[Fact], part: str, carryover: str) -> list[tuple[Fact, Fact]]:
    """(part, carry-over) printed by one table, on one basis, the carry-over not zero."""
    carried = {(f.source.table, f.basis, f.scope): f for f in facts
               if f.measure == carryover and f.value and UNIT_SCOPE not in f.scope}
    return [(f, carried[key]) for f in facts if f.measure == part and UNIT_SCOPE not in f.scope
            for key in [(f.source.table, f.basis, f.scope)] if key in carried]


def _close(a: Fact, b: Decimal, width: Decimal) -> bool:
    return abs(a.value - b) <= width


def _folded(fact: Fact, pairs: list[tuple[Fact, Fact]]) -> tuple[Fact, Fact] | None:
    """The (part, carry-over) pair of another table whose sum the fact prints, if any."""
    for part, carry in pairs:
        if part.source.table == fact.source.table or part.basis != fact.basis:
            continue
        width = half_unit(fact.decimals) + half_unit(part.decimals) + half_unit(carry.decimals)
        if _close(fact, part.value + carry.value, width) and \
                not _close(fact, part.value, half_unit(fact.decimals) + half_unit(part.decimals)):
            return part, carry
    return None


def _note(path: str, fact: Fact, part: Fact, carry: Fact, total: str) -> Diagnostic:
    src = fact.source._replace(file=fact.source.file or path)
    label = (fact.label.split(" / ")[0] or fact.measure)[:30]
    return Diagnostic(
        CODE, Severity.INFO,
        f"“{label}”{fact.value}含上年结转：本年{part.value}＋上年结转{carry.value}"
        f"（第{part.source.page}页），按含结转口径（{total}）读取",
        f"“{label}” {fact.value} includes the carry-over: {part.value} of the year + "
        f"{carry.value} carried over (p. {part.source.page}); read as {total}", src)


def refile_folded_carryover(facts: list[Fact], layouts: TableLayouts, path: str = ""
                            ) -> tuple[list[Fact], list[Diagnostic]]:
    """Facts with every folded fund row under its with-carry-over measure, and an info for each."""
    out, notes = list(facts), []
    for part, carryover, total, apart in layouts.carryover_folds:
        pairs = _pairs(out, part, carryover)
        if not pairs:
            continue
        skip = _apart_tables(out, apart)
        for i, fact in enumerate(out):
            if fact.measure != part or fact.source.table in skip or UNIT_SCOPE in fact.scope:
                continue
            found = _folded(fact, pairs)
            if found:
                out[i] = fact._replace(measure=total)
                notes.append(_note(path, fact, *found, total))
    return out, notes


def _wider(fact: Fact, wide: list[Fact], plain: list[Fact]) -> bool:
    """Whether a text figure is a table's wider figure, and no table's figure of its own measure.

    Within rounding and one unit of the text's last digit: this decides which figure the
    sentence states, not whether it is right (西安 工信局 2022 states 收入总计 1,059,464,715.06元 as
    105,946.48万元, a cent off; filed as the 收入总计, the audit reports that cent, not a 339.21 gap
    against 本年收入合计)."""
    def same(other: Fact) -> bool:
        slack = half_unit(fact.decimals) * 2 + half_unit(other.decimals)
        return other.basis == fact.basis and _close(fact, other.value, slack)
    return any(same(f) for f in wide) and not any(same(f) for f in plain)


def refile_text_like_tables(text_facts: list[Fact], table_facts: list[Fact],
                            layouts: TableLayouts) -> list[Fact]:
    """Text facts stating a wider figure under narrower words, filed as the tables file it.

    Why: the running text of a folding template repeats its summary (重庆: "2026年年初预算数
    45,369.18万元，其中：一般公共预算拨款37,891.58万元…") in the same 口径; a sentence's 部门预算收入
    may be the 收入总计 with 上年结转 (深圳 交管局). A text figure of a narrower measure equal to a
    table figure of the wider one (a folded row, ``text_wider``) and to no table figure of its
    own measure is the wider figure: every fact of that measure in its sentence (the change and
    the rate stated with it) takes the wider measure."""
    pairs = [(part, total) for part, _, total, _ in layouts.carryover_folds] + list(layouts.text_wider)
    out = list(text_facts)
    for narrow, wide in pairs:
        wider = [f for f in table_facts if f.measure == wide]
        plain = [f for f in table_facts if f.measure == narrow]
        if not wider:
            continue
        scopes = {f.scope for f in out if f.measure == narrow and f.basis == "current"
                  and _wider(f, wider, plain)}
        out = [f._replace(measure=wide) if f.measure == narrow and f.scope in scopes else f
               for f in out]
    return out


__all__ = ["CODE", "refile_folded_carryover", "refile_text_like_tables"]
