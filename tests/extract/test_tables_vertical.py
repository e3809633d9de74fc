"""Tables printed with items as rows (vertical 三公: 项目 | 预算数 | 决算数) and grids whose first row
is the unit line, read from tab-separated text written here (independent of any corpus file)."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.table_grid import to_grid_view
from budgetlens.extract.tables import extract_tables
from budgetlens.model import Document, Metadata
from budgetlens.read.text import text_to_pages
from budgetlens.rules.table_layouts import load_table_layouts


def _document(text: str) -> Document:
    pages, tables = text_to_pages(text)
    return Document(path="generated.txt", format="text", pages=pages, tables=tables)


def _facts(text: str, kind: str) -> dict:
    infos, facts, _ = extract_tables(_document(text), Metadata(kind=kind, year=2023))
    assert infos and infos[0].role == f"{kind}_three_public"
    return {(f.measure, f.basis): f.value for f in facts}


VERTICAL = ("2023年度一般公共预算财政拨款“三公”经费支出决算表\n单位：万元\n"
            "项目\t预算数\t决算数\n合计\t3.00\t1.71\n因公出国（境）费\t\t\n公务接待费\t1.00\t0.53\n"
            "公务用车购置及运行维护费\t2.00\t1.18\n")


def test_vertical_three_public_reads_each_basis_column_and_the_total_row():
    facts = _facts(VERTICAL, "final")
    assert facts[("three_public.total", "initial_budget")] == Decimal("3.00")
    assert facts[("three_public.total", "current")] == Decimal("1.71")
    assert facts[("three_public.reception", "current")] == Decimal("0.53")
    assert facts[("three_public.vehicle", "initial_budget")] == Decimal("2.00")


def test_vertical_three_public_with_a_total_column_reads_only_that_column():
    text = ("2024年一般公共预算“三公”经费支出预算表\n单位：万元\n"
            "项目\t合计\t一般公共预算\t政府性基金\n公务接待费\t4.00\t3.00\t1.00\n"
            "公务用车购置及运行维护费\t6.00\t6.00\t0.00\n")
    facts = _facts(text, "budget")
    assert facts[("three_public.reception", "current")] == Decimal("4.00")
    assert facts[("three_public.vehicle", "current")] == Decimal("6.00")


def test_unit_line_with_a_coded_unit_name_is_meta_not_data():
    text = ("920平山县下口镇财政所\t预算年度:2025\t单位:万元\t\n"
            "项目\t预算数\t项目\t预算数\n一、一般公共预算拨款收入\t675.82\t一、一般公共服务支出\t516.39\n")
    _, tables = text_to_pages(text)
    view = to_grid_view(tables[0], load_table_layouts().recognition)
    assert view.meta_rows == (0,) and view.header_rows == (1,) and view.data_rows == (2,)
