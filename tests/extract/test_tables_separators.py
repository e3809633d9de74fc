"""Issue #8: figures printed with misplaced thousands separators (上海 职业能力考试院 p.17 prints
"19349,057" for 19,349,057 元).

Read by their digits when the commas can only be separators, with the reading doubt
`separators-misplaced`; left unread, with `separators-ambiguous`, when a comma may be a decimal
mark. The table variant is rendered (reportlab PDF) and read back.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract import extract
from budgetlens.extract.table_grid import regroup
from budgetlens.read import read_document

from ..conftest import SHARED
from ..read.variants import SourceTable
from ..read.variants_pdf import render

WIDE = SHARED / "corpus" / "wide"


@pytest.mark.parametrize("printed, read, verdict", [
    ("19349,057", "19,349,057", "read"),
    ("2603,760", "2,603,760", "read"),
    ("1,2345.67", "12,345.67", "read"),  # a decimal point follows: the comma is a separator
    ("-10360,707", "-10,360,707", "read"),
    ("1234,56", "1234,56", "ambiguous"),  # a decimal comma would print so
    ("19,349,057", "19,349,057", ""),  # well grouped: not touched
    ("278,220", "278,220", ""),
    ("301,302", "301,302", ""),
    ("合计", "合计", ""),
])
def test_regroup(printed, read, verdict):
    assert regroup(printed) == (read, verdict)


def _table(cells: dict[str, str]) -> SourceTable:
    head = (("经济分类科目编码", "部门经济分类科目名称", "合计", "人员经费", "公用经费"),)
    rows = (("301", "工资福利支出", cells["301"], cells["301"], ""),
            ("30101", "基本工资", cells["30101"], cells["30101"], ""),
            ("30102", "津贴补贴", "278,220", "278,220", ""),
            ("30107", "绩效工资", cells["30107"], cells["30107"], ""))
    return SourceTable(("2026年预算单位一般公共预算基本支出部门预算经济分类预算表", "单位：元"),
                       head + rows)


def _read(tmp_path, cells):
    document, _ = read_document(str(render([_table(cells)], tmp_path / "sep.pdf")))
    disclosure, _ = extract(document)
    facts = {f.measure: f for f in disclosure.facts if f.measure.startswith("expense.general.basic.economic.")
             and f.measure.count(".") == 4}
    causes = {d.cause for t in disclosure.tables for d in t.reading}
    return facts, causes


def test_misplaced_separators_are_read_with_a_doubt(tmp_path):
    facts, causes = _read(tmp_path, {"301": "2882,687", "30101": "2603,760", "30107": "707"})
    assert facts["expense.general.basic.economic.301"].value == Decimal("288.2687")
    assert facts["expense.general.basic.economic.301"].source.text == "2882,687"
    assert facts["expense.general.basic.economic.30101"].value == Decimal("260.376")
    assert "separators-misplaced" in causes and "separators-ambiguous" not in causes


def test_ambiguous_separators_are_not_read(tmp_path):
    facts, causes = _read(tmp_path, {"301": "2882,68", "30101": "2603,76", "30107": "0.70"})
    assert "expense.general.basic.economic.301" not in facts
    assert "separators-ambiguous" in causes


def test_well_printed_figures_carry_no_doubt(tmp_path):
    facts, causes = _read(tmp_path, {"301": "2,882,687", "30101": "2,603,760", "30107": "707"})
    assert facts["expense.general.basic.economic.301"].value == Decimal("288.2687")
    assert not causes & {"separators-misplaced", "separators-ambiguous"}


def test_wide_shanghai_misplaced_separators_read():
    from budgetlens.pipeline import process

    path = WIDE / "shanghai_zynlksy_2026_yusuan_danwei.pdf"
    if not path.exists():
        pytest.skip("wide corpus not available")
    result = process(str(path))
    assert not [f for f in result.audit.findings if f.rule == "form-code-parent-missing"]
    assert any(f.measure == "expense.general.basic.economic.301" and f.source.text == "19349,057"
               for f in result.disclosure.facts)
