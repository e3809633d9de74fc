"""Issue #8: a per-project form (政策和项目预算绩效目标表) continued over a page under its title,
the next page opening with the form's last indicator rows (no amounts, no header): one table. A
form of another project under the same title opens with its key rows again: a table of its own.

The forms are drawn with reportlab (tests/read/variants_pdf.py); the wide-corpus document where
the pattern was found (烟台 住建局 p.74–75) is checked when present.
"""

from __future__ import annotations

import pytest

from budgetlens.read import read_document

from ..conftest import SHARED
from .variants import SourceTable
from .variants_pdf import Style, render

WIDE = SHARED / "corpus" / "wide"
# two title lines: the second lies below the top margin, so the page does not open with the table
_TITLE = ("政策和项目预算绩效目标表", "（2026年度）")


def _form(project: str, amount: str, indicators: list[tuple[str, str, str, str, str]]) -> SourceTable:
    rows = (("项目名称", "", "", project, "", ""),
            ("主管部门及代码", "", "", "253_某某局", "实施单位", "某某局"),
            ("项目资金（万元）", "", "", "年度预算资金总额：", amount, ""),
            *[(a, b, c, d, e, "") for a, b, c, d, e in indicators])
    return SourceTable(_TITLE, rows)


_INDICATORS = [("绩效指标", "产出指标", "数量指标", f"宣传活动{i}", f"≥{i}次") for i in range(1, 6)] + [
    ("绩效指标", "效益指标", "社会效益指标", "规范市场秩序", "作用显著"),
    ("绩效指标", "满意度指标", "服务对象满意度指标", "活动参与人员满意度", "≥90%")]


def _tables(tmp_path, rows_per_page: int):
    forms = [_form("房地产发展研究及宣传推介", "100.00", _INDICATORS),
             _form("物业行业党委党建经费", "20.00", _INDICATORS[:3])]
    path = render(forms, tmp_path / "forms.pdf",
                  Style(rows_per_page=rows_per_page, repeat_header=False, repeat_title=True))
    document, _ = read_document(str(path))
    return [t for t in document.tables if t.n_rows > 1]


def test_form_rows_on_the_next_page_continue_it(tmp_path):
    tables = _tables(tmp_path, rows_per_page=5)
    assert [t.pages or (t.page,) for t in tables] == [(1, 2), (3,)]
    first = [" ".join(r) for r in tables[0].grid()]
    assert any("活动参与人员满意度" in r for r in first)
    assert sum("项目名称" in r for r in first) == 1


def test_forms_on_their_own_pages_stay_apart(tmp_path):
    """Near miss: each form fits its page; the second opens with 项目名称 again: a copy."""
    tables = _tables(tmp_path, rows_per_page=20)
    assert [t.pages or (t.page,) for t in tables] == [(1,), (2,)]


def test_wide_yantai_form_continued_on_page_75():
    path = WIDE / "shandong_yantai_zjj_2026_yusuan.pdf"
    if not path.exists():
        pytest.skip("wide corpus not available")
    document, _ = read_document(str(path))
    hit = [t for t in document.tables if 75 in (t.pages or (t.page,))]
    assert [t.pages for t in hit] == [(74, 75)]
