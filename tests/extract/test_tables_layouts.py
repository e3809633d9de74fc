"""Issue #8: layouts neither corpus holds (scripts/template_variants.py, docs/accuracy.md
"Templates neither corpus holds"). Each test writes the layout itself (openpyxl XLSX) with the
figures of a standard table, reads it back and checks the facts, with a near miss beside it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document

openpyxl = pytest.importorskip("openpyxl")

_TITLE = "2025年一般公共预算支出表"
_ROWS = (  # code, name, 合计, 人员, 公用, 项目 — each row's parts add up to its total
    ("", "合计", "1500.00", "900.00", "200.00", "400.00"),
    ("201", "一般公共服务支出", "1200.00", "800.00", "150.00", "250.00"),
    ("208", "社会保障和就业支出", "300.00", "100.00", "50.00", "150.00"),
)


def _read(tmp_path, rows, title=_TITLE, kind="budget"):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [[title], ["单位：万元"], *rows]:
        sheet.append(list(row))
    path = tmp_path / "t.xlsx"
    book.save(path)
    document, _ = read_document(path)
    infos, facts, _ = extract_tables(document, Metadata(kind=kind, year=2025))
    return infos, {(f.measure, f.basis): f.value for f in facts}


def _basic(row) -> str:
    return f"{Decimal(row[3]) + Decimal(row[4]):.2f}"


def test_gpb_expense_reads_personnel_and_public_in_expense_wording(tmp_path):
    """人员支出 / 日常公用支出 name the same parts as 人员经费 / 公用经费 (the 支出表 accepts both)."""
    header = ["科目编码", "科目名称", "合计", "基本支出", "人员支出", "日常公用支出", "项目支出"]
    rows = [header] + [[c, n, t, _basic(r), p, u, j] for r in _ROWS for c, n, t, p, u, j in [r]]
    infos, got = _read(tmp_path, rows)
    assert infos[0].role == "budget_gpb_expense"
    for code, _, total, personnel, public, project in _ROWS:
        key = f"expense.general.function.{code}" if code else "expense.general"
        suffix = "" if code else ".total"
        assert got[(key + suffix, "current")] == Decimal(total)
        assert got[(f"{key}.basic.personnel", "current")] == Decimal(personnel)
        assert got[(f"{key}.basic.public", "current")] == Decimal(public)
        assert got[(f"{key}.basic", "current")] == Decimal(_basic((code, "", total, personnel,
                                                                   public, project)))
        assert got[(f"{key}.project", "current")] == Decimal(project)


def test_gpb_expense_near_miss_other_staff_wording_is_not_personnel(tmp_path):
    """Near miss: 对个人和家庭的补助 is an economic class, not the 人员 part of 基本支出."""
    header = ["科目编码", "科目名称", "合计", "基本支出", "对个人和家庭的补助", "项目支出"]
    rows = [header] + [[c, n, t, _basic(r), p, j] for r in _ROWS for c, n, t, p, _, j in [r]]
    _, got = _read(tmp_path, rows)
    assert got[("expense.general.total", "current")] == Decimal("1500.00")
    assert not any(m.endswith(".personnel") for m, _ in got)


def _grouped(subtotal_last: bool, with_subtotal: bool = True) -> list[list[str]]:
    """基本支出 over its parts, the group's 小计 printed after them (or first, or not at all)."""
    parts = ["日常公用支出", "人员支出"]
    sub = ["小计"] if with_subtotal else []
    leaves = parts + sub if subtotal_last else sub + parts
    top = ["科目编码", "科目名称", "合计", "基本支出"] + [""] * (len(leaves) - 1) + ["项目支出"]
    second = ["", "", ""] + leaves + [""]
    rows = [top, second]
    for code, name, total, personnel, public, project in _ROWS:
        by = {"日常公用支出": public, "人员支出": personnel, "小计": _basic(
            (code, name, total, personnel, public, project))}
        rows.append([code, name, total] + [by[x] for x in leaves] + [project])
    return rows


@pytest.mark.parametrize("subtotal_last", [True, False])
def test_group_total_is_its_subtotal_leaf_wherever_printed(tmp_path, subtotal_last):
    infos, got = _read(tmp_path, _grouped(subtotal_last), title="2025年部门支出预算表")
    assert infos[0].role == "budget_expense"
    for code, name, total, personnel, public, project in _ROWS:
        key = f"expense.function.{code}" if code else "expense"
        basic = Decimal(_basic((code, name, total, personnel, public, project)))
        assert got[(f"{key}.basic", "current")] == basic
        assert got[(f"{key}.basic.public", "current")] == Decimal(public)


def test_group_part_with_unknown_wording_never_stands_for_the_group(tmp_path):
    """A part of 基本支出 whose wording no alias knows (其他) is not read as the group's total;
    the 小计 beside it is."""
    rows = _grouped(True)
    rows[1] = [("其他" if x == "日常公用支出" else x) for x in rows[1]]
    _, got = _read(tmp_path, rows, title="2025年部门支出预算表")
    assert got[("expense.basic", "current")] == Decimal("1100.00")
    assert got[("expense.function.201.basic", "current")] == Decimal("950.00")


# ---------------------------------------------------------------------------------------------
# No rulings: a table the reader does not find must not lend its rows to the next title
# ---------------------------------------------------------------------------------------------

def _text_page(path, blocks):
    """One PDF page of text lines only (no rulings): ``blocks`` are lines of (x, text) cells."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from ..read.variants_pdf import FONT

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(FONT, 9)
    y = A4[1] - 60
    for line in blocks:
        for x, text in line:
            c.drawString(x, y, text)
        y -= 18
    c.save()
    return path


def _ruleless_expense(first_line):
    xs = (50, 110, 260, 340, 420)
    rows = [("科目编码", "科目名称", "合计", "基本支出", "项目支出")]
    rows += [(c, n, t, _basic(r), j) for r in _ROWS[1:] for c, n, t, _, _, j in [r]]
    rows.insert(1, ("", "合计", "1500.00", "1100.00", "400.00"))
    return [first_line, [], [(200, "表二：部门支出预算表")], [(460, "单位：万元")]] + [
        list(zip(xs, r)) for r in rows]


def test_title_never_takes_the_figures_of_a_table_above(tmp_path):
    """The table above (header and 合计 only, one row of figures) is not found by the reader;
    its lines are not part of the next table's title."""
    above = [(50, "合计"), (200, "201286.11"), (300, "52244.36"), (400, "139963.40")]
    path = _text_page(tmp_path / "t.pdf", [[(200, "表一：收入预算总表")],
                                           [(50, "项目"), (200, "合计"), (300, "一般公共预算拨款")],
                                           *_ruleless_expense(above)])
    document, _ = read_document(path)
    infos, facts, _ = extract_tables(document, Metadata(kind="budget", year=2025))
    expense = [i for i in infos if i.role == "budget_expense"]
    assert len(expense) == 1 and "表二：部门支出预算表" in expense[0].title
    assert "201286.11" not in expense[0].title
    got = {(f.measure, f.basis): f.value for f in facts}
    assert got[("expense.total", "current")] == Decimal("1500.00")


def test_title_line_with_one_dotted_number_stays_in_the_title(tmp_path):
    """Near miss: one figure-like token (a revision 2025.01) is title text, not a row."""
    path = _text_page(tmp_path / "t.pdf", _ruleless_expense([(200, "（2025.01修订）")]))
    document, _ = read_document(path)
    infos, _, _ = extract_tables(document, Metadata(kind="budget", year=2025))
    assert infos[0].role == "budget_expense" and "2025.01" in infos[0].title
