"""Issue #8: rows of a 收支总表 that an identity must see, declared as data (tables.toml labels,
identities.toml parts), not special cases.

陕西 (西安 2022) prints 上年实户资金余额 on the income side and 未安排支出的实户资金 on the expense side:
支出总计 = 本年支出合计 + 结转下年 + 未安排支出的实户资金. Each test renders the layout (reportlab
PDF); the near misses keep the identity's findings where the rows really do not add up.
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


def _summary(cash: str, grand: str, label: str = "未安排支出的实户资金") -> SourceTable:
    rows = (("收入", "", "支出", ""), ("项目", "预算数", "项目", "预算数"),
            ("一、财政拨款", "900.00", "一、一般公共服务支出", "880.00"),
            ("二、事业收入", "100.00", "二、教育支出", "100.00"),
            ("本年收入合计", "1,000.00", "本年支出合计", "980.00"),
            ("上年实户资金余额", cash, "结转下年", "20.00"),
            ("上年结转", "0.00", label, cash),
            ("收入总计", grand, "支出总计", grand))
    return SourceTable(("表1", "2022年部门收支总表", "单位：万元"), rows)


def _findings(tmp_path, table: SourceTable, rule: str):
    document, _ = read_document(str(render([table], tmp_path / "summary.pdf")))
    disclosure, _ = extract(document)
    audit, _ = reconcile(disclosure)
    return disclosure, [f for f in audit.findings if f.rule == rule and f.severity != "info"]


@pytest.mark.parametrize("label", ["未安排支出的实户资金", "未安排支出实户资金余额"])
def test_unspent_cash_balance_is_a_part_of_the_grand_total(tmp_path, label):
    disclosure, found = _findings(tmp_path, _summary("339.20", "1,339.20", label),
                                  "expense-grand-total")
    cash = [f for f in disclosure.facts if f.measure == "carryforward.cash_balance"]
    assert [f.value for f in cash] == [Decimal("339.20")]
    assert not found


def test_grand_total_that_does_not_add_up_is_still_reported(tmp_path):
    """Near miss: 支出总计 printed above its parts (980 + 20 + 339.20 ≠ 1,400.00)."""
    _, found = _findings(tmp_path, _summary("339.20", "1,400.00"), "expense-grand-total")
    assert found


def test_wide_xian_unspent_cash_balance_row_is_seen():
    from budgetlens.pipeline import process

    path = WIDE / "shaanxi_xian_gxj_2022_yusuan.pdf"
    if not path.exists():
        pytest.skip("wide corpus not available")
    result = process(str(path))
    assert not [f for f in result.audit.findings if f.rule == "expense-grand-total"
                and f.severity != "info"]
