"""Issue #8: a fund's income printed with its carry-over folded in (重庆 表一/表二 pattern).

Each test renders a small document (reportlab PDF): a 收支总表 and a 收入总表 printing each fund's
row as 本年 + 上年结转 with no carry-over row, and a 财政拨款收支总表 printing both apart. The
folded rows take the measure with carry-over, so the tables agree; near misses (a row of the year
alone, a row that equals neither, no table printing the carry-over) keep their measure.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract import extract
from budgetlens.read import read_document
from budgetlens.reconcile import reconcile

from ..conftest import SHARED
from ..read.variants import SourceTable
from ..read.variants_pdf import render

WIDE = SHARED / "corpus" / "wide"


def _summary(general: str, fund: str, title: str = "2026年部门收支总体情况表") -> SourceTable:
    """表一 of the folding template: one 合计, fund rows, no 上年结转 row."""
    total = Decimal(general.replace(",", "")) + Decimal(fund.replace(",", "") or 0) + Decimal("150.00")
    rows = (("收入", "", "支出", ""), ("项目", "预算数", "项目", "预算数"),
            ("合计", f"{total:,.2f}", "合计", f"{total:,.2f}"),
            ("一、一般公共预算资金", general, "一、一般公共服务支出", f"{total - 150:,.2f}"),
            ("二、政府性基金预算资金", fund, "二、教育支出", "150.00"),
            ("三、事业收入资金", "100.00", "", ""),
            ("四、其他收入资金", "50.00", "", ""))
    return SourceTable(("表一", title, "单位：万元"), rows)


def _fiscal(general: str, fund: str, carry_general: str, carry_fund: str) -> SourceTable:
    """表四: the funds of the year and their carry-over printed apart."""
    d = {k: Decimal(v.replace(",", "")) if v else Decimal(0)
         for k, v in (("g", general), ("f", fund), ("cg", carry_general), ("cf", carry_fund))}
    year, carry = d["g"] + d["f"], d["cg"] + d["cf"]
    spent_g, spent_f = d["g"] + d["cg"], d["f"] + d["cf"]
    rows = (("收入", "", "支出", "", "", ""),
            ("项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"),
            ("一、本年收入", f"{year:,.2f}", "一、本年支出", f"{year + carry:,.2f}", f"{spent_g:,.2f}",
             f"{spent_f:,.2f}"),
            ("（一）一般公共预算资金", general, "（一）一般公共服务支出", f"{year + carry:,.2f}",
             f"{spent_g:,.2f}", f"{spent_f:,.2f}"),
            ("（二）政府性基金预算资金", fund, "", "", "", ""),
            ("二、上年结转", f"{carry:,.2f}", "二、结转下年", "", "", ""),
            ("（一）一般公共预算拨款", carry_general, "", "", "", ""),
            ("（二）政府性基金预算拨款", carry_fund, "", "", "", ""),
            ("收入合计", f"{year + carry:,.2f}", "支出合计", f"{year + carry:,.2f}", f"{spent_g:,.2f}",
             f"{spent_f:,.2f}"))
    return SourceTable(("表四", "2026年财政拨款收支总体情况表", "单位：万元"), rows)


def _run(tables: list[SourceTable], path: Path):
    document, _ = read_document(str(render(tables, path)))
    disclosure, diagnostics = extract(document)
    audit, _ = reconcile(disclosure)
    return disclosure, diagnostics, audit


def _measures(disclosure, page: int) -> dict[str, Decimal]:
    return {f.measure: f.value for f in disclosure.facts
            if f.source.page == page and f.measure.startswith("income.fiscal")}


def _consistency(audit) -> list:
    return [f for f in audit.findings if f.rule == "measure-consistency"
            and f.measure.startswith("income.fiscal")]


@pytest.mark.parametrize("general, fund, carry_general, carry_fund", [
    ("36,208.43", "3,030.00", "1,683.15", "1,036.60"),  # both funds carry over
    ("17,552.65", "", "865.06", ""),  # one fund; 18,417.70 printed a cent off the sum (as 重庆 办公厅)
])
def test_folded_fund_rows_take_the_measure_with_carryover(tmp_path, general, fund, carry_general,
                                                          carry_fund):
    g = Decimal(general.replace(",", "")) + Decimal(carry_general.replace(",", ""))
    if not fund:
        g -= Decimal("0.01")
    f = Decimal(fund.replace(",", "") or 0) + Decimal(carry_fund.replace(",", "") or 0)
    disclosure, diagnostics, audit = _run(
        [_summary(f"{g:,.2f}", f"{f:,.2f}" if f else ""), _fiscal(general, fund, carry_general,
                                                                   carry_fund)],
        tmp_path / "fold.pdf")
    first = _measures(disclosure, 1)
    assert first["income.fiscal.general.with_carryover"] == g
    assert "income.fiscal.general" not in first
    if fund:
        assert first["income.fiscal.gov_fund.with_carryover"] == f
    assert not _consistency(audit)
    notes = [d for d in diagnostics if d.code == "table-carryover-folded"]
    assert notes and "上年结转" in notes[0].message
    sources = [x for x in audit.findings if x.rule == "income-total-sources-folded"]
    assert not [x for x in sources if x.severity != "info"]


@pytest.mark.parametrize("summary_general, why", [
    ("36,208.43", "the row is the fund's income of the year"),
    ("37,991.58", "the row equals neither: a discrepancy the audit must report"),
])
def test_rows_that_are_no_fold_keep_the_measure_of_the_year(tmp_path, summary_general, why):
    disclosure, _, audit = _run(
        [_summary(summary_general, "3,030.00"),
         _fiscal("36,208.43", "3,030.00", "1,683.15", "")], tmp_path / "plain.pdf")
    first = _measures(disclosure, 1)
    assert first["income.fiscal.general"] == Decimal(summary_general.replace(",", "")), why
    assert "income.fiscal.general.with_carryover" not in first
    gap = [f for f in _consistency(audit) if f.measure == "income.fiscal.general"]
    assert bool(gap) is (summary_general != "36,208.43")


def test_no_table_printing_the_carryover_apart_changes_nothing(tmp_path):
    """Without a table that prints a fund's carry-over, no row can be shown to fold it."""
    disclosure, diagnostics, _ = _run([_summary("37,891.58", "4,066.60")], tmp_path / "alone.pdf")
    assert _measures(disclosure, 1)["income.fiscal.general"] == Decimal("37891.58")
    assert not [d for d in diagnostics if d.code == "table-carryover-folded"]


@pytest.mark.parametrize("name", ["chongqing_xcb_2026_yusuan.pdf", "chongqing_ghzrzyj_2026_yusuan.pdf",
                                  "chongqing_qxj_2026_yusuan.pdf", "chongqing_zfbgt_2026_yusuan.pdf",
                                  "chongqing_kjj_2026_yusuan.pdf"])
def test_wide_chongqing_folded_rows_agree_with_the_fiscal_summary(name):
    from budgetlens.pipeline import process

    path = WIDE / name
    if not path.exists():
        pytest.skip(f"wide/{name} not available")
    result = process(str(path))
    assert not _consistency(result.audit)
    assert any(f.measure == "income.fiscal.general.with_carryover" for f in result.disclosure.facts)


# ---------------------------------------------------------------------------------------------
# A sentence's 收入 that is the 收入总计 with carry-over (深圳 交管局 p.5)
# ---------------------------------------------------------------------------------------------

docx = pytest.importorskip("docx")

_SUMMARY = [["收入", "", "支出", ""],
            ["项目", "预算数", "项目", "预算数"],
            ["一、财政拨款收入", "1,000.00", "一、一般公共服务支出", "1,080.00"],
            ["二、事业收入", "50.00", "", ""],
            ["本年收入合计", "1,050.00", "本年支出合计", "1,080.00"],
            ["上年结转", "30.00", "结转下年", ""],
            ["收入总计", "1,080.00", "支出总计", "1,080.00"]]


def _with_sentence(path: Path, sentence: str):
    doc = docx.Document()
    doc.add_paragraph("某某局2026年部门预算")
    doc.add_paragraph("第二部分 部门预算收支总体情况")
    doc.add_paragraph(sentence)
    doc.add_paragraph("2026年部门收支总体情况表")
    doc.add_paragraph("单位：万元")
    table = doc.add_table(rows=len(_SUMMARY), cols=4)
    for i, row in enumerate(_SUMMARY):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    doc.save(path)
    document, _ = read_document(str(path))
    disclosure, _ = extract(document)
    return disclosure, reconcile(disclosure)[0]


@pytest.mark.parametrize("stated, measure", [
    ("1,080.00", "income.grand_total"),  # the 收入总计 with 上年结转, stated as 部门预算收入
    ("1,050.00", "income.total"),  # near miss: the income of the year, as the table prints it
    ("1,065.00", "income.total"),  # near miss: neither figure, a disagreement to report
])
def test_sentence_total_in_the_wider_scope_takes_its_measure(tmp_path, stated, measure):
    sentence = f"2026年某某局部门预算收入{stated}万元，较2025年年初预算增加80.00万元，增长8.0%。"
    disclosure, audit = _with_sentence(tmp_path / "text.docx", sentence)
    text = [f for f in disclosure.facts if f.origin == "text" and f.measure.startswith("income.")]
    assert {f.measure for f in text} == {measure}
    assert {f.basis for f in text} >= {"current", "change_prior"}
    gaps = [f for f in audit.findings if f.rule == "measure-consistency" and f.severity != "info"]
    assert bool(gaps) is (stated == "1,065.00")
