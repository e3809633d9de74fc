"""The independent total-row reader (scripts/independent_read.py) names figures by their column,
on a real published page and on a table generated here with other words, order and unit; the
label writer marks a matching tool-proposed label instead of repeating it.

Why both: the real page shows it reads a template as published (pdftotext -layout of 杭州 气象局
2026, whose 表3/表5 print 基本支出 over 人员/日常公用 columns); the generated table shows it is not
tied to that page's positions.
"""

from __future__ import annotations

import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
sys.path.insert(0, str(ROOT / "scripts"))

import independent_read as reader  # noqa: E402
import independent_totals  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler not installed")


def _by_measure(cands, page):
    return {(c.measure, c.basis): c.printed for c in cands if c.page == page}


def test_real_page_columns_are_named_from_the_header():
    pdf = SHARED / "corpus" / "pdf" / "zhejiang_hangzhou_qxj_2026_yusuan.pdf"
    if not pdf.is_file():
        pytest.skip("corpus not available")
    cands = reader.read_document(pdf, "budget", 2026)
    p17 = _by_measure(cands, 17)  # 表3 支出预算总表: 合计 5,876.67 2,906.80 838.27 2,131.61
    assert p17[("expense.total", "current")] == "5,876.67"
    assert p17[("expense.basic.personnel", "current")] == "2,906.80"
    assert p17[("expense.basic.public", "current")] == "838.27"
    assert p17[("expense.project", "current")] == "2,131.61"
    p15 = _by_measure(cands, 15)  # 表1 收支总表, two-sided
    assert p15[("income.grand_total", "current")] == p15[("expense.grand_total", "current")]


def _generated_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.lib.styles import ParagraphStyle

    from budgetlens.generate.pdf_out import FONT, register_font

    register_font()
    style = ParagraphStyle("p", fontName=FONT, fontSize=11)
    data = [["功能分类科目名称", "项目支出", "基本支出", "", "总计"],
            ["", "", "人员经费", "公用经费", ""],
            ["合计", "1,200.50", "3,000.25", "410.00", "4,610.75"],
            ["教育支出", "1,200.50", "3,000.25", "410.00", "4,610.75"]]
    table = Table(data, colWidths=[120, 80, 80, 80, 80])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                               ("SPAN", (2, 0), (3, 0)), ("SPAN", (0, 0), (0, 1)),
                               ("SPAN", (1, 0), (1, 1)), ("SPAN", (4, 0), (4, 1))]))
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph("2031年某局一般公共预算支出预算表", style),
         Paragraph("单位：万元", style), table])


def test_generated_table_in_another_column_order(tmp_path):
    pdf = tmp_path / "t.pdf"
    _generated_pdf(pdf)
    got = _by_measure(reader.read_document(pdf, "budget", 2031), 1)
    assert got[("expense.general.project", "current")] == "1,200.50"
    assert got[("expense.general.basic.personnel", "current")] == "3,000.25"
    assert got[("expense.general.basic.public", "current")] == "410.00"
    assert got[("expense.general.total", "current")] == "4,610.75"


def test_apply_marks_a_matching_label_and_adds_the_others(tmp_path):
    label = tmp_path / "x.toml"
    label.write_text('[document]\nid = "x"\n\n[[fact]]\nmeasure = "expense.total"\n'
                     'basis = "current"\nfamily = "table_totals"\npage = 3\nwhere = "w"\n'
                     'printed = "10.00"\nvalue = "10.00"\nchecked = "page text"\n',
                     encoding="utf-8")
    rows = [{"doc": "x", "page": "3", "table": "支出总表", "row": "合计", "column": "合计",
             "printed": "10.00", "unit": "", "measure": "expense.total", "basis": "current",
             "verdict": "ok", "line": "合计 10.00"},
            {"doc": "x", "page": "3", "table": "支出总表", "row": "合计", "column": "基本支出",
             "printed": "60,000.00", "unit": "元", "measure": "expense.basic",
             "basis": "current", "verdict": "ok", "line": "合计 10.00"}]
    assert independent_totals.apply_to(label, rows) == (1, 1)
    import tomllib
    facts = tomllib.loads(label.read_text(encoding="utf-8"))["fact"]
    assert all("(independent:" in f["checked"] for f in facts)
    assert Decimal(facts[1]["value"]) == Decimal("6")
    assert independent_totals.apply_to(label, rows) == (0, 0)  # idempotent


def test_a_reviewer_correction_and_a_drop():
    row = {"doc": "x", "page": "1", "measure": "expense.total", "basis": "current",
           "printed": "1", "verdict": "ok measure=expense.fiscal.total"}
    assert independent_totals.accepted(row)["measure"] == "expense.fiscal.total"
    assert independent_totals.accepted({**row, "verdict": "drop: a fund column"}) is None
