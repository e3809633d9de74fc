"""Table titles the reader did not attach (issue #8: standard tables recognised on unseen
documents, measured by scripts/corpus_report.py against the titles the text prints).

The two layouts are checked on the real documents that showed them (skipped without the wide
corpus): a title left at the foot of the previous page with a stray header line after it, and a
title above the 部门/单位 line that was the only line attached. The numbering fix is checked on
title variants directly."""

from __future__ import annotations

import pytest

from budgetlens.extract import extract
from budgetlens.extract.table_role import normalise_title, orphan_title
from budgetlens.read import read_document
from budgetlens.rules.table_layouts import load_table_layouts

from ..conftest import SHARED

WIDE = SHARED / "corpus" / "wide"
#: lines searched above a table (tables.toml [recognition] orphan_lines)
REACH = load_table_layouts().recognition.orphan_lines


def _read(name: str):
    path = WIDE / name
    if not path.exists():
        pytest.skip(f"wide/{name} not available")
    document, _ = read_document(str(path))
    disclosure, _ = extract(document)
    return document, disclosure


def test_a_title_left_at_the_foot_of_the_previous_page_is_the_tables(tmp_path):
    # drawn (tests/read/test_pdf_headfoot.py): page 1 ends "四、…财政拨款收支预算总表 / 单位：万元"
    # and a 收入 | 支出 band whose inner edge lies on none of the table's opening page 2 (so the
    # reader does not join them): the title is found at the foot of page 1
    from tests.read.test_pdf_headfoot import _pdf

    document, _ = read_document(str(_pdf(tmp_path, [["收入", "支出"]],
                                         band_edges=(60.0, 240.0, 540.0))))
    disclosure, _ = extract(document)
    on_2 = [t for t in disclosure.tables if t.page == 2]
    assert on_2[0].role == "budget_fiscal_summary"
    assert "财政拨款收支预算总表" in on_2[0].title
    lines = orphan_title(document, document.tables[on_2[0].index], REACH)
    assert {ln.page for ln in lines} == {1}


def test_a_header_band_left_at_the_foot_of_the_previous_page_heads_the_table():
    # 江苏 高级法院 2018: p10 ends "四、…财政拨款收支预算总表 / 单位：万元 / 收入 支出"; the grid
    # opens p11. The band's edges lie on the grid's: one table from p10 (read/pdf_headfoot.py),
    # its title attached, no orphan title to look for.
    document, disclosure = _read("jiangsu_gjfy_2018_yusuan.pdf")
    [table] = [t for t in disclosure.tables if t.page == 10 and t.role == "budget_fiscal_summary"]
    assert "财政拨款收支预算总表" in table.title
    assert document.tables[table.index].pages == (10, 11)


def test_a_title_above_the_attached_unit_line_is_the_tables():
    _, disclosure = _read("jiangsu_rdcwh_bgt_2017_yusuan.pdf")
    on_17 = [t for t in disclosure.tables if t.page == 17]
    assert [t.role for t in on_17] == ["budget_gpb_basic"]


def test_a_table_with_its_own_title_takes_nothing_from_above():
    document, _ = _read("jiangsu_gjfy_2018_yusuan.pdf")
    titled = [t for t in document.tables if t.title_lines]
    assert titled and all(orphan_title(document, t, REACH) == () for t in titled
                          if any(ln.text.strip().endswith("表") for ln in t.title_lines))


def test_numbering_is_stripped_before_the_quotes():
    """表十一 “三公”经费…: with the quotes gone first, the numeral run 十一三 ate the 三 of 三公."""
    layouts = load_table_layouts()
    assert normalise_title("表十一 “三公”经费、会议费、培训费支出预算表", layouts) \
        == "三公经费、会议费、培训费支出预算表"
    assert normalise_title("表三“三公”经费支出表", layouts) == "三公经费支出表"
    assert normalise_title("表三：收入预算总表", layouts) == "收入预算总表"
