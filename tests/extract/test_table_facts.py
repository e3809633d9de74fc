"""Cells → facts by layout (extract/table_facts.py), on tables the test writes (XLSX): a classified
table keys each row by its code (a 款 printed short included) and each figure column by its
header; a code printed twice with different figures is read for neither row (which is right
cannot be told); a two-sided summary table reads each side by its labels, a label no alias knows
is left unread (never guessed), and each fact cites its cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .xlsx_tables import GPB_ROWS, read_tables, write_rows

pytest.importorskip("openpyxl")

SUMMARY = [["2026年收支总表"], ["单位：万元"], ["收入", "", "支出", ""],
           ["项目", "预算数", "项目", "预算数"],
           ["一、一般公共预算拨款", "300.00", "一、一般公共服务支出", "300.00"],
           ["二、某某自定义收入", "5.00", "", ""],
           ["本年收入合计", "305.00", "本年支出合计", "300.00"]]


def _facts(tmp_path, rows, name="t.xlsx"):
    _, infos, facts = read_tables(write_rows(tmp_path / name, rows))
    return infos, {(f.measure, f.basis): f for f in facts}


def test_a_classified_table_keys_rows_by_code_and_columns_by_header(tmp_path):
    infos, facts = _facts(tmp_path, GPB_ROWS)
    assert infos[0].role == "budget_gpb_expense"
    item = facts[("expense.general.function.2080505", "current")]
    assert item.value == Decimal("300.00") and (item.source.row, item.source.column) == (4, 2)
    assert facts[("expense.general.function.2080505.basic.public", "current")].value == \
        Decimal("100.00")
    assert facts[("expense.general.total", "current")].source.row == 1  # the 合计 row


def test_a_code_printed_twice_with_other_figures_is_read_for_neither(tmp_path):
    twice = [list(r) for r in GPB_ROWS] + [["2080505", "机关事业单位基本养老保险缴费支出",
                                            "299.00", "199.00", "100.00", ""]]
    _, facts = _facts(tmp_path, twice)
    assert not [m for m, _ in facts if m.startswith("expense.general.function.2080505")]
    assert ("expense.general.function.20805", "current") in facts  # the rest still read


def test_a_summary_table_reads_each_side_by_its_labels_and_not_an_unknown_one(tmp_path):
    infos, facts = _facts(tmp_path, SUMMARY)
    assert infos[0].role == "budget_summary"
    values = {key: f.value for key, f in facts.items()}
    assert values == {("income.fiscal.general", "current"): Decimal("300.00"),
                      ("income.total", "current"): Decimal("305.00"),
                      ("expense.function.201", "current"): Decimal("300.00"),
                      ("expense.total", "current"): Decimal("300.00")}
    assert facts[("income.total", "current")].source.column == 1
    assert facts[("expense.total", "current")].source.column == 3


def test_a_long_summary_lists_its_labels_once_per_side_not_once_per_row(tmp_path, monkeypatch):
    """Fuzz case text-2026-017200 (a 收支总表 repeated into 40,000 lines) hung: each label row
    listed every label of the table again for the alias lookup, rows × rows. The list is the
    same for every row of a side, so it is made once per side; what each row reads is unchanged."""
    from budgetlens.extract import table_facts

    seen: list[list[str]] = []
    lookup = table_facts._label_alias

    def recording(ctx, label, side, section, same_side):
        seen.append(same_side)
        return lookup(ctx, label, side, section, same_side)

    monkeypatch.setattr(table_facts, "_label_alias", recording)
    filler = [[f"{n}、某某自定义收入{n}", "1.00", "", ""] for n in range(3, 203)]
    rows = SUMMARY[:5] + filler + SUMMARY[6:]
    _, facts = _facts(tmp_path, rows)
    values = {key: f.value for key, f in facts.items()}
    assert values[("income.fiscal.general", "current")] == Decimal("300.00")
    assert values[("income.total", "current")] == Decimal("305.00")
    assert len(seen) > 200  # every label row asked
    assert len({id(s) for s in seen if s}) <= 2  # one list per side (kept alive: ids distinct)
