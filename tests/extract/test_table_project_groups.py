"""A 项目支出表 whose key column holds budget units and their projects together (珠海 2026 表12
"部门预算项目支出及其他支出预算表", key "支出项目类别（资金使用单位）", 79 rows: 合计, each unit's row as the
subtotal of the projects under it, no code column): every project row is a fact under its unit,
and the table's total reconciles against its rows (extract/table_project_groups.py). Synthetic
variants made here (other units, projects and figures, as XLSX); near misses: a project named like
an organisation whose figure is no subtotal, a unit row whose projects do not add up to it, a
total that is not the rows' sum (a diagnostic)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document

openpyxl = pytest.importorskip("openpyxl")

TITLE = "表12 部门预算项目支出及其他支出预算表"
HEADER = [["支出项目类别（资金使用单位）", "总计", "财政拨款", "", "其他资金"],
          ["", "", "合计", "一般公共预算", ""]]


def _read(tmp_path, rows):
    book = openpyxl.Workbook()
    for row in [[TITLE], ["单位名称：某某市某某局", "单位：万元"], *HEADER, *rows]:
        book.active.append(list(row))
    path = tmp_path / "t.xlsx"
    book.save(path)
    document, _ = read_document(path)
    _, facts, diags = extract_tables(document, Metadata(kind="budget", year=2026))
    items = {f.label.split(" / ")[0]: (f.value, f.scope) for f in facts if ".item." in f.measure}
    return items, [d.code for d in diags]


def _row(name, total, other="0.00"):
    fiscal = f"{D(total.replace(',', '')) - D(other):,.2f}"
    return [name, total, fiscal, fiscal, other]


ROWS = [_row("合计", "1,530.60", "10.00"),
        _row("某某市某某局", "1,400.00", "10.00"),
        _row("信息系统运维经费", "900.00"), _row("执法办案专项经费", "490.00"),
        _row("党建工作经费", "10.00", "10.00"),
        _row("某某市数据管理中心", "130.60"),
        _row("数据中心机房租赁费", "100.60"), _row("网络安全服务费", "30.00")]


def test_projects_under_the_units_printed_among_them(tmp_path):
    items, diags = _read(tmp_path, ROWS)
    assert set(items) == {"信息系统运维经费", "执法办案专项经费", "党建工作经费", "数据中心机房租赁费",
                          "网络安全服务费"}
    assert items["信息系统运维经费"][0] == D("900.00")
    assert ":unit:某某市某某局:" in items["党建工作经费"][1]
    assert ":unit:某某市数据管理中心:" in items["网络安全服务费"][1]
    assert "project-rows-unreconciled" not in diags


def test_a_project_named_like_an_organisation_is_a_project(tmp_path):
    """Near miss: "某某市数据管理中心" whose figure is not the sum of the rows under it (a project
    of that name, 130.60 against 140.60): it stays a project, and nothing is put under it."""
    rows = ROWS[:5] + [_row("某某市数据管理中心", "130.60"), _row("数据中心机房租赁费", "110.60"),
                       _row("网络安全服务费", "30.00")]
    rows[0] = _row("合计", "1,671.20", "10.00")
    items, _ = _read(tmp_path, rows[:1] + rows[2:])  # no unit row at all: a plain list
    assert "某某市数据管理中心" in items
    assert all(":unit:" not in scope for _, scope in items.values())


def test_a_total_that_is_not_its_rows_sum_is_reported(tmp_path):
    """Near miss: the 合计 row is 100 more than its units' rows: a diagnostic, the facts still read."""
    rows = [_row("合计", "1,630.60", "10.00")] + ROWS[1:]
    items, diags = _read(tmp_path, rows)
    assert "project-rows-unreconciled" in diags
    assert len(items) == 5


def test_units_the_organisation_test_refuses_and_projects_it_takes(tmp_path):
    """广州 市场监管局 2026 表12 variant: a project named like an organisation inside a unit's rows
    ("某某交易博览会" ends in 会) is one of its projects, and a unit whose name the organisation
    test refuses ("某某市某某局12345服务中心", digits) is found by its figure alone, between two
    units; the total then reconciles."""
    rows = [_row("合计", "1,680.60", "10.00"),
            _row("某某市某某局", "1,575.00", "10.00"),
            _row("信息系统运维经费", "900.00"), _row("某某国际交易博览会", "175.00"),
            _row("执法办案专项经费", "490.00"), _row("党建工作经费", "10.00", "10.00"),
            _row("某某市某某局12345服务中心", "28.00"), _row("热线运维经费", "28.00"),
            _row("某某市数据管理中心", "77.60"),
            _row("数据中心机房租赁费", "47.60"), _row("网络安全服务费", "30.00")]
    items, diags = _read(tmp_path, rows)
    assert ":unit:某某市某某局:" in items["某某国际交易博览会"][1]
    assert "某某市某某局12345服务中心" not in items
    assert ":unit:某某市某某局12345服务中心:" in items["热线运维经费"][1]
    assert "project-rows-unreconciled" not in diags


def _totals(tmp_path, header, rows):
    book = openpyxl.Workbook()
    for row in [[TITLE], ["单位名称：某某市某某局", "单位：万元"], *header, *rows]:
        book.active.append(list(row))
    path = tmp_path / "totals.xlsx"
    book.save(path)
    document, _ = read_document(path)
    _, facts, _ = extract_tables(document, Metadata(kind="budget", year=2026))
    return sorted((f.measure, f.value) for f in facts if ".item." not in f.measure)


def test_the_total_under_the_appropriations_is_the_appropriations_project_spending(tmp_path):
    """珠海 表12: 总计 1,530.60 | 财政拨款/合计 1,520.60 — the second is 财政拨款's (was filed as a
    second all-fund expense.project, 58,786.90 beside 58,788.54)."""
    assert _totals(tmp_path, HEADER, ROWS) == [("expense.fiscal.project", D("1520.60")),
                                               ("expense.project", D("1530.60"))]
    # a 财政拨款 column printed as a column of its own, beside 合计, is the same
    flat = [["项目名称", "合计", "财政拨款", "其他资金"]]
    rows = [["合计", "1,530.60", "1,520.60", "10.00"], ["信息系统运维经费", "900.00", "900.00", "0.00"],
            ["执法办案专项经费", "630.60", "620.60", "10.00"]]
    assert _totals(tmp_path, flat, rows) == [("expense.fiscal.project", D("1520.60")),
                                             ("expense.project", D("1530.60"))]


def test_near_miss_a_total_under_another_group_is_not_the_appropriations(tmp_path):
    """总计 | 项目支出/合计 (a neutral group) stays the one all-fund total."""
    header = [["项目名称", "总计", "项目支出", "其他资金"], ["", "", "合计", ""]]
    rows = [["合计", "1,530.60", "1,530.60", "0.00"], ["信息系统运维经费", "900.00", "900.00", "0.00"],
            ["执法办案专项经费", "630.60", "630.60", "0.00"]]
    assert [m for m, _ in _totals(tmp_path, header, rows)] == ["expense.project"]


def test_a_row_named_too_shortly_to_be_a_project_still_adds_up_under_its_unit(tmp_path):
    """广州 宣传部 表12: a project row printed as "无 | 40.00" under the department's row. Too weak
    a key to be a named project fact, it is still one of the rows the unit's subtotal adds up
    (without it 16,041.55 ≠ Σ rows, the unit went unrecognised and the table unreconciled)."""
    rows = ROWS[:4] + [_row("无", "10.00")] + ROWS[5:]
    rows[1] = _row("某某市某某局", "1,400.00")
    rows[0] = _row("合计", "1,530.60")
    items, diags = _read(tmp_path, rows)
    assert "无" not in items
    assert ":unit:某某市某某局:" in items["执法办案专项经费"][1]
    assert ":unit:某某市数据管理中心:" in items["网络安全服务费"][1]
    assert "project-rows-unreconciled" not in diags
    # near miss: the same row with no figure is no row of the sum (the unit's 1,400 is then short)
    rows[4] = ["无", "", "", "", ""]
    items, diags = _read(tmp_path, rows)
    assert "project-rows-unreconciled" in diags


def test_units_the_organisation_test_refuses_one_after_another(tmp_path):
    """广州 司法局 2026 表12 variant: after the units found by name, several units in a row whose
    names the organisation test refuses (花都/女子/新华监狱 there; 苗圃 here), each printed as the
    subtotal of the projects under it. The stretch they make splits wholly into such blocks, so
    each is a unit (before, only the last was: the first two went in as projects of the unit
    above and the total was unreconciled); a project budgeted at 0.00 stays in its block."""
    rows = [_row("合计", "1,850.60", "10.00"),
            _row("某某市某某局", "1,400.00", "10.00"),
            _row("信息系统运维经费", "900.00"), _row("执法办案专项经费", "490.00"),
            _row("党建工作经费", "10.00", "10.00"),
            _row("某某市东郊苗圃", "200.00"), _row("东郊苗木养护经费", "120.00"),
            _row("东郊机构运行辅助经费", "80.00"), _row("东郊购置经费", "0.00"),
            _row("某某市西郊苗圃", "120.00"), _row("西郊苗木养护经费", "70.00"),
            _row("西郊机构运行辅助经费", "50.00"),
            _row("某某市数据管理中心", "130.60"),
            _row("数据中心机房租赁费", "100.60"), _row("网络安全服务费", "30.00")]
    items, diags = _read(tmp_path, rows)
    assert "某某市东郊苗圃" not in items and "某某市西郊苗圃" not in items
    for name in ("东郊苗木养护经费", "东郊机构运行辅助经费", "东郊购置经费"):
        assert ":unit:某某市东郊苗圃:" in items[name][1]
    for name in ("西郊苗木养护经费", "西郊机构运行辅助经费"):
        assert ":unit:某某市西郊苗圃:" in items[name][1]
    assert "project-rows-unreconciled" not in diags


def test_near_miss_a_stretch_that_does_not_split_into_blocks(tmp_path):
    """Near miss: after the unit's rows, a project (培训经费 50.00) equals the two after it
    (20.00 + 30.00) but a fourth row (差旅费 10.00) is left over: the stretch is no run of units,
    so nothing in it is taken for one (the rows stay projects; the total, which counts them,
    reconciles only as a plain sum and is reported)."""
    rows = [_row("合计", "1,540.60", "10.00"),
            _row("某某市某某局", "1,400.00", "10.00"),
            _row("信息系统运维经费", "900.00"), _row("执法办案专项经费", "490.00"),
            _row("党建工作经费", "10.00", "10.00"),
            _row("培训经费", "50.00"), _row("印刷经费", "20.00"), _row("会议经费", "30.00"),
            _row("差旅经费", "10.00")]
    items, _ = _read(tmp_path, rows)
    assert {"培训经费", "印刷经费", "会议经费", "差旅经费"} <= set(items)
    assert all(":unit:培训经费:" not in scope for _, scope in items.values())


def test_a_project_named_after_a_service_number_is_no_classification_row(tmp_path):
    """广州 卫健委 2026 表12: "12320卫生热线服务项目 612.00" under 疾病预防控制中心 was taken for a
    classification row (a 5-digit code then a name), so the unit's rows fell 612.00 short, the
    unit went unrecognised and the table unreconciled. A 类 code of a project table is of the
    function (2xx) or economic (3xx, 5xx) classification; near miss: "2080501 行政单位离退休"
    stays a classification row, no project."""
    rows = ROWS[:5] + [_row("某某市数据管理中心", "142.60"), _row("数据中心机房租赁费", "100.60"),
                       _row("12345热线运维经费", "12.00"), _row("网络安全服务费", "30.00")]
    rows[0] = _row("合计", "1,542.60", "10.00")
    items, diags = _read(tmp_path, rows)
    assert ":unit:某某市数据管理中心:" in items["12345热线运维经费"][1]
    assert "project-rows-unreconciled" not in diags
    rows = ROWS[:4] + [_row("2080501行政单位离退休", "10.00", "10.00")] + ROWS[5:]
    items, _ = _read(tmp_path, rows)
    assert "2080501行政单位离退休" not in items
