"""Issue #8: multi-level headers where a column is an 其中 of its neighbours, or a group of parts
prints one part only.

深圳 支出总表 prints 事业单位经营支出 beside 基本支出 | 项目支出 while every row's 支出总计 is 基本 +
项目 alone: the table's own rows show the column to be an 其中, read apart from the in-table sums.
上海 财务收支预算总表 prints 基本支出 over 人员经费 | 公用经费 and fills 人员经费 only: the blank
公用经费 is a zero of the group. Each test renders the layout (reportlab PDF) with near misses.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract import extract
from budgetlens.read import read_document
from budgetlens.reconcile import reconcile

from ..conftest import SHARED
from ..read.variants import SourceTable
from ..read.variants_pdf import render

WIDE = SHARED / "corpus" / "wide"
_SUMS = ("expense-basic-project", "row-function-basic-project")


def _expense(column: str, rows: tuple) -> SourceTable:
    head = (("科目编码", "科目名称", "合计", "基本支出", "项目支出", column),)
    return SourceTable(("表3", "2026年部门支出总表", "单位：万元"), head + rows)


_INNER = (("", "合计", "1,300.00", "500.00", "800.00", "300.00"),
          ("201", "一般公共服务支出", "1,000.00", "400.00", "600.00", "200.00"),
          ("2010101", "行政运行", "1,000.00", "400.00", "600.00", "200.00"),
          ("208", "社会保障和就业支出", "300.00", "100.00", "200.00", "100.00"),
          ("2080505", "机关事业单位基本养老保险缴费支出", "300.00", "100.00", "200.00", "100.00"))
_PART = (("", "合计", "1,600.00", "500.00", "800.00", "300.00"),
         ("201", "一般公共服务支出", "1,200.00", "400.00", "600.00", "200.00"),
         ("2010101", "行政运行", "1,200.00", "400.00", "600.00", "200.00"),
         ("208", "社会保障和就业支出", "400.00", "100.00", "200.00", "100.00"),
         ("2080505", "机关事业单位基本养老保险缴费支出", "400.00", "100.00", "200.00", "100.00"))
# one row adds up neither without the column nor with it: a real error, no 其中 to infer
_BROKEN = _INNER[:3] + (("208", "社会保障和就业支出", "350.00", "100.00", "200.00", "100.00"),
                        ("2080505", "机关事业单位基本养老保险缴费支出", "350.00", "100.00", "200.00",
                         "100.00"))


def _run(tmp_path, table: SourceTable):
    document, _ = read_document(str(render([table], tmp_path / "expense.pdf")))
    disclosure, diagnostics = extract(document)
    audit, _ = reconcile(disclosure)
    sums = [f for f in audit.findings if f.rule in _SUMS and f.severity != "info"]
    operating = [f for f in disclosure.facts if f.measure.endswith(".operating")]
    return disclosure, diagnostics, sums, operating


@pytest.mark.parametrize("column", ["事业单位经营支出", "经营支出"])
def test_a_column_every_row_adds_up_without_is_an_of_which(tmp_path, column):
    _, diagnostics, sums, operating = _run(tmp_path, _expense(column, _INNER))
    assert not sums
    assert operating and all(":row:of-operating" in f.scope for f in operating)
    assert [d for d in diagnostics if d.code == "table-column-of-which"]


def test_a_column_that_is_a_part_stays_a_part(tmp_path):
    _, diagnostics, sums, operating = _run(tmp_path, _expense("事业单位经营支出", _PART))
    assert not sums
    assert operating and not any(":row:" in f.scope for f in operating)
    assert not [d for d in diagnostics if d.code == "table-column-of-which"]


def test_a_row_that_adds_up_neither_way_keeps_the_column_a_part(tmp_path):
    _, _, sums, operating = _run(tmp_path, _expense("事业单位经营支出", _BROKEN))
    assert not any(":row:" in f.scope for f in operating)
    assert any(f.measure == "expense.function.208" for f in sums)


# ---------------------------------------------------------------------------------------------
# 上海: 基本支出 over 人员经费 | 公用经费, only 人员经费 filled
# ---------------------------------------------------------------------------------------------


def _summary(project_blank: bool = False) -> SourceTable:
    head = (("本年收入", "", "本年支出", "", "", "", ""),
            ("项目", "预算数", "项目", "合计", "基本支出", "", "项目支出"),
            ("", "", "", "", "人员经费", "公用经费", ""))
    project = "" if project_blank else "3,909,902"
    rows = (("一、财政拨款收入", "8,332,285", "一、社会保障和就业支出", "1,316,754", "1,316,754", "", ""),
            ("1、一般公共预算", "8,332,285", "二、农林水支出", "6,568,112", "2,658,210", "", project),
            ("二、事业收入", "", "三、住房保障支出", "447,419", "447,419", "", ""),
            ("收入总计", "8,332,285", "支出总计", "8,332,285", "4,422,383", "", project))
    return SourceTable(("2026年预算单位财务收支预算总表", "编制单位：某某场 单位：元"), head + rows)


def test_blank_part_beside_its_printed_sibling_is_a_zero_of_the_group(tmp_path):
    document, _ = read_document(str(render([_summary()], tmp_path / "summary.pdf")))
    disclosure, _ = extract(document)
    audit, _ = reconcile(disclosure)
    public = {f.measure: f for f in disclosure.facts if f.measure.endswith(".basic.public")}
    assert public["expense.function.213.basic.public"].value == 0
    assert public["expense.function.213.basic.public"].blank
    assert not [f for f in audit.findings if f.rule == "row-function-basic-project"
                and f.severity != "info"]


def test_blank_beside_a_total_column_stays_unread(tmp_path):
    """Near miss: a blank 项目支出 beside 合计 (no group of parts) is not made a zero."""
    document, _ = read_document(str(render([_summary(project_blank=True)], tmp_path / "s.pdf")))
    disclosure, _ = extract(document)
    assert not [f for f in disclosure.facts if f.measure.endswith(".project")]


@pytest.mark.parametrize("name, rules", [
    ("guangdong_shenzhen_sthjj_2026_yusuan.pdf", _SUMS),
    ("shanghai_hhlzsyc_2026_yusuan_danwei.pdf", ("row-function-basic-project",)),
])
def test_wide_of_which_and_group_blanks(name, rules):
    from budgetlens.pipeline import process

    path = WIDE / name
    if not path.exists():
        pytest.skip(f"wide/{name} not available")
    result = process(str(path))
    assert not [f for f in result.audit.findings if f.rule in rules and f.severity != "info"]
