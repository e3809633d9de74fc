"""Grid reading on real tables: header paths stacked from merged headers, key/value columns,
column groups of two-sided tables, numbering rows, and role recognition from spreadsheets."""

from __future__ import annotations

import pytest

from budgetlens.extract.table_grid import is_data_row, is_numbering_row, to_grid_view
from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document
from budgetlens.rules.table_layouts import load_table_layouts

from ..conftest import CORPUS, seed_path


@pytest.fixture(scope="module")
def seed004():
    document, _ = read_document(seed_path("004"))
    return document


def _table(document, needle):
    return next(t for t in document.tables if any(needle in ln.text for ln in t.title_lines))


def test_three_public_header_paths_fill_merged_groups(seed004):
    view = to_grid_view(_table(seed004, "三公经费"), load_table_layouts().recognition)
    labels = [c.label for c in view.columns]
    assert labels[2] == "2024年预算数/公务用车购置及运行费/小计"
    assert labels[3] == "2024年预算数/公务用车购置及运行费/公务用车购置费"
    assert labels[5] == "2024年预算数/公务接待费"
    assert all(c.kind == "value" for c in view.columns) and len(view.data_rows) == 1


def test_two_sided_summary_splits_into_column_groups(seed004):
    view = to_grid_view(_table(seed004, "财政拨款收支总表"), load_table_layouts().recognition)
    assert [tuple(view.columns[c].kind for c in g) for g in view.groups] == [
        ("key", "value"), ("key", "value", "value", "value", "value")]
    assert view.columns[0].label == "收入/项目" and view.columns[2].label == "支出/项目"


def test_numbering_rows_are_not_data():
    assert is_numbering_row(["栏次", "", "1", "2", "3"])
    assert is_numbering_row(["**", "**", "1", "2"])
    assert not is_numbering_row(["合计", "", "1", "2"])
    assert not is_data_row(["**", "1"])
    assert is_data_row(["合计", "", "967.73"]) and is_data_row(["201", "一般公共服务支出", "1"])
    assert not is_data_row(["合计", "因公出国（境）费", "公务接待费"])  # a header row


@pytest.mark.parametrize("name", ["shanghai_2026_dept_budget_input_template.xlsx",
                                  "shanghai_unit_budget_input_template.xls"])
def test_shanghai_spreadsheet_templates_have_nine_budget_roles_in_yuan(name):
    path = CORPUS / "templates" / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    document, _ = read_document(path)
    infos, _, _ = extract_tables(document, Metadata())
    roles = [(i.role, i.money_unit) for i in infos if i.role]
    assert roles == [("budget_summary", "元"), ("budget_income", "元"), ("budget_expense", "元"),
                     ("budget_fiscal_summary", "元"), ("budget_gpb_expense", "元"),
                     ("budget_gov_fund", "元"), ("budget_soe_capital", "元"),
                     ("budget_gpb_basic", "元"), ("budget_three_public", "万元")]


def _kind_by_whole_lists(path, values, rec):
    """_column_kind as it was before session 19: every cell parsed and matched, then judged."""
    from budgetlens.extract.table_grid import _TOTAL_RE, _TWO_DIGITS, CODE_RE, norm
    from budgetlens.rules.numbers import is_blank, parse_number
    leaf = path[-1] if path else ""
    if leaf and rec.ignore_header.search(leaf):
        return "ignore"
    if leaf and rec.key_header.search(leaf) and not _TOTAL_RE.match(leaf):
        return "key"
    present = [norm(v) for v in values if not is_blank(v)]
    if not present:
        return "value" if path else "key"
    numeric = [v for v in present if parse_number(v) is not None]
    codes = [v for v in present if CODE_RE.fullmatch(v) or _TWO_DIGITS.fullmatch(v)]
    if len(codes) == len(present) and any(len(v) in (3, 5, 7) for v in codes) and \
            not any("." in v for v in present):
        return "key"
    return "value" if len(numeric) * 2 >= len(present) else "key"


@pytest.mark.parametrize("values", [
    ["201", "20101", "2010101"], ["301", "01", "02"],  # codes (a 类 and its items' 01/02)
    ["01", "02", "03"],  # near miss: two-digit numbers alone are no code column
    ["201", "20101", "12.50"], ["201", "1,234.00", "5.00"],  # a figure among them: not codes
    ["1,234.00", "201", "20101"], ["行政运行", "201"], ["", "  ", "-"], ["100", "200", "一般"],
])
def test_a_column_kind_is_the_whole_lists_kind(values):
    """A column's kind is judged cell by cell up to the first that is not a code (session 19),
    with the answer of the whole lists of codes and figures."""
    from budgetlens.extract.table_grid import _column_kind
    rec = load_table_layouts().recognition
    for path in [("金额",), ("科目编码",), ()]:
        assert _column_kind(path, values, rec) == _kind_by_whole_lists(path, values, rec)


def test_every_corpus_table_column_has_the_whole_lists_kind():
    """On every table of the corpus PDFs' first five files: each column's kind, judged from its
    data rows, is the whole lists' kind."""
    from budgetlens.extract import table_grid
    rec = load_table_layouts().recognition
    files = sorted((CORPUS / "pdf").glob("*.pdf"))[:5]
    if not files:
        pytest.skip("corpus PDFs not available")
    asked = []
    real = table_grid._column_kind

    def spy(path, values, r):
        asked.append((path, values, real(path, values, r)))
        return asked[-1][2]

    table_grid._column_kind = spy
    try:
        for f in files:
            document, _ = read_document(str(f))
            for table in document.tables:
                to_grid_view(table, rec)
    finally:
        table_grid._column_kind = real
    assert len(asked) > 200
    assert all(kind == _kind_by_whole_lists(path, values, rec) for path, values, kind in asked)
