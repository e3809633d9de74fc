"""Table rows that are not classification codes: budget units and economic names without codes.

Generated files (openpyxl) pin the behaviour on tables the test writes itself; the Shenzhen corpus
files (skipped without ../shared) show it on the documents that print these layouts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.model import Disclosure, Metadata, scope_unit
from budgetlens.read import read_document
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules
from budgetlens.rules.reference import economic_name

from .xlsx_tables import read_tables, write_rows

openpyxl = pytest.importorskip("openpyxl")

PDF = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "pdf"
INCOME_HEADER = [["2026年部门收入总表"], ["单位：万元"],
                 ["预算单位", "收入总计", "一般公共预算拨款", "事业收入", "其他收入"]]
UNIT_RULES = [r for r in load_rules() if r.id == "units-sum-to-department"]


def _extract(path, unit="示例局"):
    document, _ = read_document(path)
    return extract_tables(document, Metadata(unit=unit, kind="budget", year=2026))


def _units_audit(facts):
    disclosure = Disclosure(path="case.xlsx", metadata=Metadata(), facts=tuple(facts))
    audit, _ = reconcile(disclosure, UNIT_RULES)
    return audit


def _income_rows(fiscal="900.00"):
    return INCOME_HEADER + [
        ["示例局", "1,000.00", fiscal, "60.00", "40.00"],
        ["示例局（本级）", "700.00", "650.00", "30.00", "20.00"],
        ["示例局信息中心", "200.00", "180.00", "10.00", "10.00"],
        ["示例局培训学校", "100.00", "70.00", "20.00", "10.00"]]


def test_unit_rows_become_facts_in_the_units_scope(tmp_path):
    infos, facts, diags = _extract(write_rows(tmp_path / "income.xlsx", _income_rows()))
    assert infos[0].role == "budget_income"
    dept = {f.measure: f.value for f in facts if not scope_unit(f.scope)}
    assert dept["income.fiscal.general"] == Decimal("900.00")
    units = {(scope_unit(f.scope), f.measure): f.value for f in facts if scope_unit(f.scope)}
    assert units[("示例局信息中心", "income.fiscal.general")] == Decimal("180.00")
    assert units[("示例局培训学校", "income.business")] == Decimal("20.00")
    assert {u for u, _ in units} == {"示例局（本级）", "示例局信息中心", "示例局培训学校"}
    one = next(f for f in facts if scope_unit(f.scope) == "示例局信息中心")
    assert one.to_dict()["unit"] == "示例局信息中心" and one.source.row is not None
    assert "unit" not in next(f for f in facts if not scope_unit(f.scope)).to_dict()
    assert "table-by-unit" in {d.code for d in diags}


def test_unit_facts_are_not_the_departments_figures(tmp_path):
    """A unit's 一般公共预算拨款 must not be compared with the department's as another
    observation of the same figure (measure-consistency), nor stand in for it."""
    _, facts, _ = _extract(write_rows(tmp_path / "income.xlsx", _income_rows()))
    rules = [r for r in load_rules() if r.id == "measure-consistency"]
    audit, _ = reconcile(Disclosure(path="x", metadata=Metadata(), facts=tuple(facts)), rules)
    assert not audit.findings and not audit.not_assessable


def test_a_total_row_above_the_units_and_a_repeated_group_row(tmp_path):
    """合计, then the department's own row repeated (a group of the units), then 本级 with the
    department's name again: the group row is no unit, or the units would count twice."""
    rows = INCOME_HEADER + [
        ["合计", "300.00", "280.00", "10.00", "10.00"],
        ["示例局", "300.00", "280.00", "10.00", "10.00"],
        ["示例局", "200.00", "190.00", "5.00", "5.00"],
        ["示例局信息中心", "100.00", "90.00", "5.00", "5.00"]]
    _, facts, _ = _extract(write_rows(tmp_path / "income.xlsx", rows))
    assert len({scope_unit(f.scope) for f in facts if scope_unit(f.scope)}) == 2
    audit = _units_audit(facts)
    assert not audit.findings and audit.identities_evaluated >= 3


def test_nested_unit_codes_make_the_parent_a_group(tmp_path):
    rows = [["2026年部门综合预算收入总表"], ["单位：万元"],
            ["单位编码", "单位名称", "合计", "一般公共预算拨款", "其他收入"],
            ["", "合计", "300.00", "290.00", "10.00"],
            ["245", "示例局", "300.00", "290.00", "10.00"],
            ["245001", "示例局", "120.00", "120.00", "0.00"],
            ["245002", "示例局服务中心", "180.00", "170.00", "10.00"]]
    _, facts, _ = _extract(write_rows(tmp_path / "income.xlsx", rows))
    units = {scope_unit(f.scope) for f in facts if scope_unit(f.scope)}
    assert len(units) == 2 and all(u.startswith("245") for u in units)
    assert not _units_audit(facts).findings


def test_two_units_whose_names_read_alike_are_not_merged(tmp_path):
    """Two units whose long names were cut to the same text (wrapped cells): the first is
    smaller than the second, so it cannot be their group; both stay units, apart."""
    rows = INCOME_HEADER + [
        ["合计", "300.00", "280.00", "10.00", "10.00"],
        ["示例局所属事业单位", "100.00", "95.00", "5.00", "0.00"],
        ["示例局所属事业单位", "200.00", "185.00", "5.00", "10.00"]]
    _, facts, _ = _extract(write_rows(tmp_path / "income.xlsx", rows))
    units = {scope_unit(f.scope) for f in facts if scope_unit(f.scope)}
    assert len(units) == 2
    audit = _units_audit(facts)
    assert not audit.findings and audit.identities_evaluated >= 3


def test_two_units_with_one_name_and_two_codes_are_not_merged(tmp_path):
    rows = [["2026年部门综合预算收入总表"], ["单位：万元"],
            ["单位编码", "单位名称", "合计", "一般公共预算拨款", "其他收入"],
            ["", "合计", "300.00", "290.00", "10.00"],
            ["245001", "示例局服务中心", "180.00", "170.00", "10.00"],
            ["245002", "示例局服务中心", "120.00", "120.00", "0.00"]]
    _, facts, _ = _extract(write_rows(tmp_path / "income.xlsx", rows))
    units = {scope_unit(f.scope) for f in facts if scope_unit(f.scope)}
    assert len(units) == 2
    assert not _units_audit(facts).findings


BASIC_HEADER = [["2026年基本支出总表"], ["单位：万元"], ["支出项目类别", "总计", "人员经费", "公用经费"]]


def test_economic_names_without_codes_read_as_their_codes(tmp_path):
    rows = BASIC_HEADER + [
        ["示例局", "350.00", "300.00", "50.00"],
        ["工资福利支出", "300.00", "300.00", ""],
        ["基本工资", "200.00", "200.00", ""],
        ["津贴补贴", "100.00", "100.00", ""],
        ["商品和服务支出", "40.00", "", "40.00"],
        ["办公费", "25.00", "", "25.00"],
        ["维修（护）费", "15.00", "", "15.00"],
        ["资本性支出", "10.00", "", "10.00"],
        ["办公设备购置", "10.00", "", "10.00"]]
    infos, facts, _ = _extract(write_rows(tmp_path / "basic.xlsx", rows))
    assert infos[0].role == "budget_basic_expense"
    got = {f.measure: f.value for f in facts if f.basis == "current"}
    assert got["expense.basic"] == Decimal("350.00")
    assert got["expense.basic.economic.301"] == Decimal("300.00")
    assert got["expense.basic.economic.30102"] == Decimal("100.00")
    assert got["expense.basic.economic.30213.public"] == Decimal("15.00")
    # 办公设备购置 is 30902 and 31002: the 类 row above (资本性支出 310) decides
    assert got["expense.basic.economic.31002"] == Decimal("10.00")
    for f in facts:
        code = f.measure.split(".")[3] if f.measure.count(".") >= 3 else ""
        if code:  # the label is the name as printed, and it is the code's own name
            assert economic_name(code, 2026) == f.label.split(" / ")[0].replace("(", "（").replace(")", "）")


def test_project_and_unknown_names_are_not_mapped(tmp_path):
    rows = BASIC_HEADER + [
        ["示例局", "130.00", "100.00", "30.00"],
        ["工资福利支出", "100.00", "100.00", ""],
        ["审计管理业务", "20.00", "", "20.00"],
        ["信息化（财政审核）", "10.00", "", "10.00"]]
    _, facts, _ = _extract(write_rows(tmp_path / "basic.xlsx", rows))
    codes = {f.measure.split(".")[3] for f in facts if ".economic." in f.measure}
    assert codes == {"301"}


def test_a_kuan_name_under_another_lei_is_not_mapped(tmp_path):
    """基本工资 (30101) printed under 商品和服务支出 (302) is no 30101 of that table."""
    rows = BASIC_HEADER + [
        ["商品和服务支出", "40.00", "", "40.00"],
        ["基本工资", "40.00", "", "40.00"]]
    _, facts, _ = _extract(write_rows(tmp_path / "basic.xlsx", rows))
    assert not [f for f in facts if ".30101" in f.measure]


def test_names_are_not_mapped_in_a_function_table_nor_onto_a_printed_code(tmp_path):
    rows = [["2026年一般公共预算基本支出表"], ["单位：万元"],
            ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
            ["301", "工资福利支出", "100.00", "100.00", ""],
            ["", "工资福利支出", "100.00", "100.00", ""],
            ["30101", "基本工资", "100.00", "100.00", ""]]
    _, facts, _ = _extract(write_rows(tmp_path / "b5.xlsx", rows))
    rows_301 = {f.source.row for f in facts if f.measure.endswith("economic.301")}
    assert len(rows_301) == 1  # the code-less repeat is not read onto 301 a second time
    fn = [["2026年一般公共预算支出表"], ["单位：万元"],
          ["科目编码", "科目名称", "合计"], ["", "办公费", "10.00"]]
    _, facts, _ = _extract(write_rows(tmp_path / "b4.xlsx", fn))
    assert not [f for f in facts if "302" in f.measure]


# ---------------------------------------------------------------------------------------------
# Corpus: 深圳 tables by 预算单位 and 基本支出总表 printed without codes
# ---------------------------------------------------------------------------------------------


def _corpus(name):
    path = PDF / name
    if not path.exists():
        pytest.skip("corpus not available")
    from budgetlens.pipeline import process
    return process(str(path))


def test_shenzhen_units_add_up_to_the_department_in_every_table():
    result = _corpus("guangdong_shenzhen_rsj_2026_yusuan_large.pdf")
    facts = result.disclosure.facts
    units = {scope_unit(f.scope) for f in facts if scope_unit(f.scope)}
    assert len(units) >= 15 and all(u.startswith("深圳") for u in units)
    by_unit = [f for f in facts if scope_unit(f.scope)]
    assert len(by_unit) > len(facts) / 2
    assert not [f for f in result.audit.findings
                if f.rule in ("units-sum-to-department", "hierarchy-expense-function",
                              "hierarchy-general-function", "hierarchy-basic-total-economic")
                and f.severity != "info"]
    # no unit figure is the department's: each department measure is read from its own row
    income = [f for f in facts if f.measure == "income.fiscal.general" and f.basis == "current"
              and f.origin == "table" and not scope_unit(f.scope)]
    assert income and all(f.source.row == income[0].source.row for f in income[:1])


def test_shenzhen_basic_table_without_codes_gives_economic_facts():
    result = _corpus("guangdong_shenzhen_sjj_2026_yusuan.pdf")
    facts = [f for f in result.disclosure.facts if f.measure.startswith("expense.basic.economic.")]
    codes = {f.measure.split(".")[3] for f in facts}
    assert {"301", "30101", "302", "30201", "303", "310", "31002"} <= codes
    for f in facts:  # every row read is the code's own name, as printed
        assert economic_name(f.measure.split(".")[3], 2026) == f.label.split(" / ")[0]
    total = next(f for f in result.disclosure.facts if f.measure == "expense.basic"
                 and f.source.table == facts[0].source.table)
    lei = [f.value for f in facts if len(f.measure.split(".")[3]) == 3 and f.measure.count(".") == 3]
    assert sum(lei) == total.value
    assert not [f for f in result.audit.findings if f.severity != "info"]


def test_benji_and_subordinate_rows_of_a_final_account(tmp_path):
    """部门汇总 决算: 合计, then 本级 and 下属单位 rows in the name column (no unit column)."""
    rows = [["2024年收入决算表"], ["单位：万元"],
            ["项目", "本年收入合计", "财政拨款收入", "事业收入", "其他收入"],
            ["合计", "500.00", "450.00", "30.00", "20.00"],
            ["本级", "320.00", "300.00", "10.00", "10.00"],
            ["下属单位", "180.00", "150.00", "20.00", "10.00"]]
    document, _ = read_document(write_rows(tmp_path / "f2.xlsx", rows))
    infos, facts, _ = extract_tables(document, Metadata(kind="final", year=2024))
    assert infos[0].role == "final_income"
    assert {scope_unit(f.scope) for f in facts} == {"", "本级", "下属单位"}
    dept = {f.measure: f.value for f in facts if not scope_unit(f.scope)}
    assert dept["income.total"] == Decimal("500.00")
    audit = _units_audit(facts)
    assert not audit.findings and audit.identities_evaluated >= 3


def test_the_departments_name_is_no_second_total_beside_a_total_row(tmp_path):
    rows = BASIC_HEADER + [
        ["合计", "130.00", "100.00", "30.00"],
        ["示例局", "100.00", "80.00", "20.00"],
        ["工资福利支出", "80.00", "80.00", ""]]
    _, facts, _ = _extract(write_rows(tmp_path / "basic.xlsx", rows))
    assert [f.value for f in facts if f.measure == "expense.basic"] == [Decimal("130.00")]


@pytest.mark.parametrize("printed, code", [
    ("工资福利", "301"), ("对个人和家庭补助", "303"), ("伙食补助", "30106"), ("养老保险缴费", "30108"),
    ("职业年金", "30109"), ("医疗保险缴费", "30110"), ("住房公积金缴费", "30113"), ("印刷费用", "30202"),
    ("差旅费用", "30211"), ("维修费", "30213"), ("工会经费支出", "30228"), ("因公出国（境）费", "30212"),
    ("退休费用", "30302"), ("抚恤金支出", "30304")])
def test_economic_names_in_other_wordings_read_as_their_codes(tmp_path, printed, code):
    """A class printed by name in a wording of its own (费用 for 费, 支出/缴费 added or left out,
    的/和 dropped, a part of the name under its 类 row) is read as the code its reference name
    has, when one code only fits."""
    lei = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助"}[code[:3]]
    rows = BASIC_HEADER + [["示例局", "100.00", "100.00", ""]]
    rows += [[lei, "100.00", "100.00", ""]] if len(code) == 5 else []
    rows += [[printed, "100.00", "100.00", ""]]
    _, facts, _ = _extract(write_rows(tmp_path / "basic.xlsx", rows))
    got = {f.measure: f.value for f in facts if f.basis == "current"}
    assert got.get(f"expense.basic.economic.{code}") == Decimal("100.00")


@pytest.mark.parametrize("printed", ["其他", "水电费", "办公楼维修费", "补助费", "办公经费"])
def test_near_miss_names_no_single_class_holds_stay_unmapped(tmp_path, printed):
    """A generic word, a name of two classes (水费 + 电费), a longer name holding a class's
    (a project), or a word held by several classes of the 类 is read as no code."""
    rows = BASIC_HEADER + [["示例局", "60.00", "", "60.00"], ["商品和服务支出", "60.00", "", "60.00"],
                           ["办公费", "20.00", "", "20.00"], [printed, "40.00", "", "40.00"]]
    _, facts, _ = _extract(write_rows(tmp_path / "basic.xlsx", rows))
    mapped = {f.measure for f in facts if f.value == Decimal("40.00")}
    assert not mapped


def _three_public(tmp_path, rows):
    header = [["2026年“三公”经费支出表"], ["单位：万元"],
              ["单位名称", "年度", "合计", "因公出国（境）费", "公务接待费"]]
    return read_tables(write_rows(tmp_path / "tp.xlsx", header + rows))


def test_current_year_row_of_the_department_is_read_units_rows_are_not(tmp_path):
    _, _, facts = _three_public(tmp_path, [
        ["示例局", "2025年", "10.00", "4.00", "6.00"],
        ["", "2026年", "12.00", "5.00", "7.00"],
        ["示例局信息中心", "2025年", "3.00", "1.00", "2.00"],
        ["", "2026年", "2.00", "1.00", "1.00"]])
    current = {f.measure: f.value for f in facts if f.basis == "current"}
    assert current == {"three_public.total": Decimal("12.00"),
                       "three_public.overseas": Decimal("5.00"),
                       "three_public.reception": Decimal("7.00")}


def test_current_year_row_first_on_a_page_is_not_read(tmp_path):
    _, _, facts = _three_public(tmp_path, [["", "2026年", "2.00", "1.00", "1.00"]])
    assert not [f for f in facts if f.basis == "current"]
