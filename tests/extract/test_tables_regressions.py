"""Regressions of the summary-table extractor on real and generated tables.

江苏 收支预算总表 (公开表一) is three-sided: 收入 | 支出 by 功能分类 | 支出 by 支出用途, each a
key/value pair of columns under a group heading, and its 当年支出小计 / 支出合计 amounts are
printed in the last (支出用途) column, not under the 功能分类 label that names them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract.classify import classify
from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document

from ..conftest import CORPUS, SAMPLES


def _summary_facts(path: Path, metadata=None):
    if not path.exists():
        pytest.skip(f"{path.name} not available")
    document, _ = read_document(path)
    if metadata is None:
        metadata, _ = classify(document)
    infos, facts, _ = extract_tables(document, metadata)
    summary = [i.index for i in infos if i.role == "budget_summary"]
    assert summary, "no 收支总表 recognised"
    return {(f.measure, f.basis, f.value) for f in facts if f.source.table == summary[0]}


@pytest.mark.parametrize("path", [SAMPLES / "jiangsu_rdcwh_bgt_2019_yusuan_tables.pdf",
                                  CORPUS / "pdf" / "jiangsu_rdcwh_bgt_2019_yusuan_tables.pdf"])
def test_jiangsu_three_sided_summary_reads_every_side(path):
    got = _summary_facts(path)
    d = Decimal
    assert got >= {
        ("income.fiscal", "current", d("18330.37")),
        ("income.fiscal.general", "current", d("18330.37")),
        ("income.total", "current", d("18330.37")),           # 当年收入小计
        ("income.grand_total", "current", d("18330.37")),     # 收入合计 (with 上年结转资金)
        ("expense.function.201", "current", d("13907.78")),   # 功能分类 side: 类 names
        ("expense.function.208", "current", d("1121.39")),
        ("expense.function.221", "current", d("3301.20")),
        ("expense.basic", "current", d("9312.90")),           # 支出用途 side
        ("expense.project", "current", d("6459.58")),
        ("expense.reserve", "current", d("2557.89")),
        ("expense.total", "current", d("18330.37")),          # 当年支出小计, amount in last column
        ("expense.grand_total", "current", d("18330.37")),    # 支出合计
    }
    measures = [m for m, _, _ in got]
    assert len(measures) == len(set(measures)), "one fact per measure and basis"


def test_jiangsu_2018_summary_function_and_use_sides_agree():
    """The 2018 公开表一 of another unit: the sides read add up to the printed subtotal."""
    got = {m: v for m, b, v in _summary_facts(CORPUS / "pdf" / "jiangsu_jcy_2018_yusuan.pdf")}
    total = got["expense.total"]
    assert sum(v for m, v in got.items() if m.startswith("expense.function.")) == total
    assert got["expense.basic"] + got["expense.project"] + got["expense.reserve"] == total
    assert got["income.total"] == total


openpyxl = pytest.importorskip("openpyxl")

_HEADER = [
    ["2025年部门收支预算总表"],
    ["收入", None, "支出", None, None, None, None, None],
    ["项目名称", "金额", "功能分类", None, "支出用途", None, "经济分类", None],
    [None, None, "功能科目名称", "金额", "项目名称", "金额", "项目名称", "金额"],
    ["一、财政拨款", "100.00", "一、一般公共服务支出", "100.00", "一、基本支出", "60.00",
     "一、工资福利支出", "60.00"],
    [None, None, None, None, "二、项目支出", "40.00", "二、商品和服务支出", "40.00"],
]


def _write(path: Path, rows) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_generated_three_sided_summary_reads_each_key_value_pair(tmp_path):
    rows = _HEADER[:1] + [r[:6] for r in _HEADER[1:]] + [
        ["当年收入小计", "100.00", "当年支出小计", None, None, "100.00"],
        ["收入合计", "100.00", "支出合计", None, None, "100.00"]]
    got = _summary_facts(_write(tmp_path / "three.xlsx", rows), Metadata(kind="budget", year=2025))
    assert {("expense.function.201", "current", Decimal("100.00")),
            ("expense.basic", "current", Decimal("60.00")),
            ("expense.project", "current", Decimal("40.00")),
            ("expense.total", "current", Decimal("100.00")),
            ("expense.grand_total", "current", Decimal("100.00")),
            ("income.total", "current", Decimal("100.00")),
            ("income.grand_total", "current", Decimal("100.00"))} <= got


def test_total_amount_in_two_other_groups_is_ambiguous_and_not_read(tmp_path):
    """当年支出小计 under 功能分类 with amounts under both 支出用途 and 经济分类: which column is its
    own is not known, so no expense.total is taken from either."""
    rows = _HEADER + [["当年收入小计", "100.00", "当年支出小计", None, None, "100.00", None, "100.00"]]
    got = _summary_facts(_write(tmp_path / "four.xlsx", rows), Metadata(kind="budget", year=2025))
    assert ("expense.basic", "current", Decimal("60.00")) in got
    assert ("income.total", "current", Decimal("100.00")) in got
    assert not any(m == "expense.total" for m, _, _ in got)
