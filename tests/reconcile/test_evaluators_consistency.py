"""Two tables of one document printing a measure in two 口径, the gap exactly an amount one of
them prints (identities.toml ``explained_by``): 烟台's 收支总表 lists 上级补助收入 below 本年收入合计
(outside it) while its 收入总表's 合计 includes that column. Each table adds up; the document
contradicts nothing, so the difference is a note (``explained_tables_severity``), not a warning
a reviewer must clear (issue #8, wide warnings judged on the page: 烟台 人社局 p8/9, 住建局 p9/10).
Near miss: a gap that is not the printed amount stays a finding (a sentence folding the amount
into the narrower words stays a warning: the rule's ``text_only``/``other_scope`` path, unchanged).
Each test renders a real PDF (reportlab)."""

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


def _summary(subsidy: str = "30.00") -> SourceTable:
    """收支总体情况表, 烟台 order: 上级补助收入 after 本年收入合计."""
    head = (("收入", "", "支出", ""), ("项目", "预算数", "项目", "预算数"))
    year, extra = Decimal("1050.00"), Decimal(subsidy)
    left = [("一、一般公共预算拨款收入", "1,000.00"), ("二、事业收入", "50.00"),
            ("本年收入合计", f"{year:,.2f}"), ("上级补助收入", subsidy), ("上年结转", ""),
            ("收入总计", f"{year + extra:,.2f}")]
    right = [("一、一般公共服务支出", f"{year + extra:,.2f}"), ("", ""),
             ("本年支出合计", f"{year + extra:,.2f}"), ("", ""), ("结转下年", ""),
             ("支出总计", f"{year + extra:,.2f}")]
    return SourceTable(("公开表1", "收支总体情况表", "部门（单位）：某某局 单位：万元"),
                       head + tuple(a + b for a, b in zip(left, right)))


def _income(total: str, subsidy: str = "30.00") -> SourceTable:
    """收入总体情况表 whose 合计 spans every source column, 上级补助收入 included."""
    head = ("科目编码", "科目名称", "合计", "一般公共预算收入", "事业收入", "上级补助收入")
    rows = (head,
            ("", "合计", total, "1,000.00", "50.00", subsidy),
            ("201", "一般公共服务支出", total, "1,000.00", "50.00", subsidy))
    return SourceTable(("公开表2", "收入总体情况表", "部门（单位）：某某局 单位：万元"), rows)


def _consistency(path: Path, tables: list[SourceTable]) -> list:
    document, _ = read_document(str(render(tables, path)))
    disclosure, _ = extract(document)
    audit, _ = reconcile(disclosure)
    return [f for f in audit.findings
            if f.rule == "measure-consistency" and f.measure == "income.total"]


@pytest.mark.parametrize("subsidy", ["30.00", "173.00"])
def test_two_tables_in_two_printed_scopes_give_a_note(tmp_path, subsidy):
    total = f"{Decimal('1050.00') + Decimal(subsidy):,.2f}"
    found = _consistency(tmp_path / "a.pdf", [_summary(subsidy), _income(total, subsidy)])
    assert found and all(f.severity == "info" for f in found)


def test_a_gap_that_is_not_the_printed_amount_stays_a_finding(tmp_path):
    found = _consistency(tmp_path / "b.pdf", [_summary(), _income("1,090.00")])
    assert found and all(f.severity in ("warning", "error") for f in found)
