"""Table coverage (extract/table_coverage.py, scripts/table_coverage.py) and the cells it showed
unread: 款 rows printed with two digits, 支出总计 columns, 增减变化情况/合计 columns, bare
current-year rows of 三公 tables.

Generated XLSX tables pin the counting and each fix on tables the test writes; the 西安 corpus
file (skipped without ../shared) shows the 款 rows on a real document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract.table_coverage import table_coverage
from budgetlens.extract.tables import extract_tables
from budgetlens.model import Disclosure, Metadata
from budgetlens.read import read_document
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

openpyxl = pytest.importorskip("openpyxl")

PDF = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "pdf"


def _write(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _run(path, year=2026, unit="示例局"):
    document, _ = read_document(str(path))
    infos, facts, _ = extract_tables(document, Metadata(unit=unit, kind="budget", year=year))
    return document, infos, facts


GPB_ROWS = [["2026年一般公共预算支出表"], ["单位：万元"],
            ["科目编码", "科目名称", "合计", "人员经费", "公用经费", "备注"],
            ["", "合计", "300.00", "200.00", "100.00", ""],
            ["208", "社会保障和就业支出", "300.00", "200.00", "100.00", ""],
            ["05", "行政事业单位养老支出", "300.00", "200.00", "100.00", ""],
            ["2080505", "机关事业单位基本养老保险缴费支出", "300.00", "200.00", "100.00", ""]]


def test_coverage_counts_numeric_cells_of_data_rows_against_fact_sources(tmp_path):
    rows = GPB_ROWS + [["", "说明行不是数字", "", "", "", ""]]
    document, infos, facts = _run(_write(tmp_path / "gpb.xlsx", rows))
    stats = table_coverage(document, infos, facts)
    table = stats.tables[0]
    assert table.role == "budget_gpb_expense"
    # 4 data rows × 3 figure columns; the code column and header row are no figures
    assert table.numeric == 12
    read = {(f.source.row, f.source.column) for f in facts if f.origin == "table"}
    assert table.covered == len(read) == 12
    assert stats.recognised == (12, 12) and not stats.uncovered()


def test_coverage_names_the_unread_column(tmp_path):
    rows = [list(r) for r in GPB_ROWS]
    rows[2][5] = "某某自定义列"
    rows[3][5] = "7.00"
    document, infos, facts = _run(_write(tmp_path / "gpb.xlsx", rows))
    stats = table_coverage(document, infos, facts)
    assert [(c.column_label, c.text, c.cause) for c in stats.uncovered()] == \
        [("某某自定义列", "7.00", "column")]
    assert stats.recognised == (12, 13)


def test_coverage_counts_unrecognised_tables_apart(tmp_path):
    rows = [["培训人员明细表"], ["单位：万元"], ["姓名", "天数", "金额"],
            ["张三", "3", "1.50"], ["李四", "2", "1.00"]]
    document, infos, facts = _run(_write(tmp_path / "other.xlsx", rows))
    stats = table_coverage(document, infos, facts)
    assert stats.recognised == (0, 0)
    assert stats.unrecognised == (1, 4)
    assert stats.tables[0].role is None and "培训" in stats.tables[0].title


def test_two_digit_kuan_rows_read_under_their_lei(tmp_path):
    document, infos, facts = _run(_write(tmp_path / "gpb.xlsx", GPB_ROWS))
    by = {(f.measure, f.source.row): f for f in facts}
    kuan = [f for f in facts if f.measure == "expense.general.function.20805"]
    assert kuan and kuan[0].value == Decimal("300.00") and kuan[0].label.startswith("05 ")
    assert any(m == "expense.general.function.20805.basic.personnel" for m, _ in by)


def test_two_digit_row_without_a_matching_xiang_row_is_not_guessed(tmp_path):
    rows = GPB_ROWS[:6] + [["2089901", "其他社会保障和就业支出", "300.00", "200.00", "100.00", ""]]
    _, _, facts = _run(_write(tmp_path / "gpb.xlsx", rows))
    assert not [f for f in facts if f.measure.startswith("expense.general.function.20805")]


def test_expense_total_column_named_zhichu_zongji(tmp_path):
    rows = [["2026年一般公共预算支出表"], ["单位：万元"],
            ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", "30.00", "10.00", "20.00"]]
    _, _, facts = _run(_write(tmp_path / "gpb.xlsx", rows))
    assert {f.measure: f.value for f in facts}["expense.general.function.201"] == Decimal("30.00")


def _three_public(tmp_path, rows):
    header = [["2026年“三公”经费支出表"], ["单位：万元"],
              ["单位名称", "年度", "合计", "因公出国（境）费", "公务接待费"]]
    return _run(_write(tmp_path / "tp.xlsx", header + rows))


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


def test_change_group_total_column_is_the_totals_change(tmp_path):
    rows = [["2026年“三公”经费支出表"], ["单位：万元"],
            ["2025年", "", "", "2026年", "", "", "增减变化情况", "", ""],
            ["合计", "因公出国（境）费", "公务接待费"] * 3,
            ["10.00", "4.00", "6.00", "12.00", "5.00", "7.00", "2.00", "1.00", "1.00"]]
    _, _, facts = _run(_write(tmp_path / "tp.xlsx", rows))
    change = {f.measure: f.value for f in facts if f.basis == "change_prior"}
    assert change.get("three_public.total") == Decimal("2.00")


def test_xian_kuan_rows_printed_with_two_digits():
    path = PDF / "shaanxi_xian_ajj_2019_yusuan_tables.pdf"
    if not path.exists():
        pytest.skip("corpus not available")
    document, infos, facts = _run(path, year=2019, unit="西安市安全生产监督管理局")
    table = next(i.index for i in infos if i.role == "budget_gpb_expense")
    kuan = [f for f in facts if f.source.table == table
            and f.measure == "expense.general.function.20805" and f.basis == "current"]
    kuan.sort(key=lambda f: f.source.row)
    # the table is broken down by unit: each unit prints its own 05 row
    assert kuan and kuan[0].source.text.replace(",", "") == "113.28"
    assert all(f.label.startswith("05 ") for f in kuan)
    stats = table_coverage(document, infos, facts)
    gpb = next(t for t in stats.tables if t.index == table)
    assert not [c for c in gpb.uncovered if c.cause != "column" and c.row_label[:3].strip().isdigit()]


def test_fiscal_summary_expense_side_by_use(tmp_path):
    rows = [["2026年财政拨款收支预算总表"], ["单位：万元"],
            ["收入", "", "支出", ""],
            ["项目名称", "金额", "项目名称", "金额"],
            ["一、一般公共预算", "100.00", "一、基本支出", "60.00"],
            ["二、政府性基金预算", "", "二、项目支出", "30.00"],
            ["", "", "三、单位预留机动经费", "10.00"],
            ["收入合计", "100.00", "支出合计", "100.00"]]
    _, infos, facts = _run(_write(tmp_path / "fs.xlsx", rows))
    assert infos[0].role == "budget_fiscal_summary"
    got = {f.measure: f.value for f in facts}
    assert got["expense.fiscal.basic"] == Decimal("60.00")
    assert got["expense.fiscal.project"] == Decimal("30.00")
    assert got["expense.fiscal.reserve"] == Decimal("10.00")


def test_summary_expense_side_split_into_personnel_and_public(tmp_path):
    rows = [["2026年财务收支预算总表"], ["单位：万元"],
            ["本年收入", "", "本年支出", "", "", "", ""],
            ["项目", "预算数", "项目", "预算数", "", "", ""],
            ["", "", "", "合计", "基本支出", "", "项目支出"],
            ["", "", "", "", "人员经费", "公用经费", ""],
            ["一、财政拨款收入", "100.00", "一、一般公共服务支出", "100.00", "50.00", "20.00", "30.00"],
            ["收入总计", "100.00", "支出总计", "100.00", "50.00", "20.00", "30.00"]]
    _, infos, facts = _run(_write(tmp_path / "sum.xlsx", rows))
    assert infos[0].role == "budget_summary"
    got = {f.measure: f.value for f in facts}
    assert got["expense.function.201"] == Decimal("100.00")
    assert got["expense.function.201.basic.personnel"] == Decimal("50.00")
    assert got["expense.function.201.basic.public"] == Decimal("20.00")
    # no 基本支出 column: 项目支出 is read, and the row identity composes 基本 from 人员 + 公用
    assert got["expense.function.201.project"] == Decimal("30.00")
    rules = [r for r in load_rules() if r.id == "row-function-basic-project"]
    audit, _ = reconcile(Disclosure("sum.xlsx", Metadata(), facts=tuple(facts)), rules)
    assert not audit.findings and audit.identities_evaluated == audit.identities_held >= 1


def test_script_counts_a_generated_document(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "corpus" / "templates"
    folder.mkdir(parents=True)
    rows = [list(r) for r in GPB_ROWS]
    rows[2][5] = "某某自定义列"
    rows[3][5] = "7.00"
    _write(folder / "gpb.xlsx", rows)
    script = Path(__file__).resolve().parents[2] / "scripts" / "table_coverage.py"
    out = subprocess.run([sys.executable, str(script), "--shared", str(tmp_path), "--group",
                          "templates", "--examples", "3", "--causes", "3"],
                         capture_output=True, text=True, check=True).stdout
    assert "gpb.xlsx: recognised 12/13" in out
    assert "covered 12/13 = 92.3%" in out
    assert "[column]" in out and "某某自定义列" in out and "7.00" in out
    assert "column: column not read" in out


def test_summary_kuan_and_xiang_names_read_as_their_codes_alone(tmp_path):
    rows = [["2026年收支总表"], ["单位：万元"],
            ["收入", "", "支出", ""],
            ["项目", "2026年预算数", "项目", "2026年预算数"],
            ["一、财政拨款", "300.00", "一、卫生健康支出", "100.00"],
            ["", "", "行政事业单位医疗", "100.00"],
            ["", "", "行政单位医疗", "100.00"],
            ["", "", "二、住房保障支出", "200.00"],
            ["", "", "住房改革支出", "200.00"],
            ["", "", "住房公积金", "80.00"],
            ["", "", "购房补贴", "120.00"],
            ["本年收入合计", "300.00", "本年支出合计", "300.00"]]
    _, infos, facts = _run(_write(tmp_path / "sum.xlsx", rows))
    assert infos[0].role == "budget_summary"
    got = {f.measure: f for f in facts}
    assert got["expense.function.21011"].value == Decimal("100.00")
    assert got["expense.function.2101101"].label.startswith("行政单位医疗 /")  # no code invented
    assert got["expense.function.22102"].value == Decimal("200.00")
    assert got["expense.function.2210201"].value == Decimal("80.00")
    assert got["expense.function.2210203"].value == Decimal("120.00")
    # read alone: a name left unread would make 类 = Σ 款 fail, so no in-table sum takes them
    assert got["expense.function.22102"].scope.endswith(f":row:{got['expense.function.22102'].source.row}")
    assert got["expense.function.221"].scope == got["expense.total"].scope


def test_summary_name_repeated_under_kuan_and_xiang_is_not_guessed(tmp_path):
    rows = [["2026年收支总表"], ["单位：万元"],
            ["收入", "", "支出", ""],
            ["项目", "2026年预算数", "项目", "2026年预算数"],
            ["一、财政拨款", "10.00", "一、一般公共服务支出", "10.00"],
            ["", "", "行政运行", "10.00"],
            ["本年收入合计", "10.00", "本年支出合计", "10.00"]]
    _, _, facts = _run(_write(tmp_path / "sum.xlsx", rows))
    # 行政运行 is a 项 of every 款: under a 类 alone it names no single code
    assert not [f for f in facts if f.measure.startswith("expense.function.201") and f.measure != "expense.function.201"]


def test_basic_expense_by_source_of_funds(tmp_path):
    figures = ["110.00", "100.00", "100.00", "0.00", "0.00", "0.00", "6.00", "4.00", "0.00"]
    rows = [["2026年基本支出总表"], ["单位：万元"],
            ["科目编码", "科目名称", "总计", "财政拨款", "", "", "", "财政专户管理资金", "单位资金", "",
             "上年结余、结转"],
            ["", "", "", "小计", "一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "",
             "事业收入", "其他收入", ""],
            ["", "合计", *figures],
            ["301", "工资福利支出", *figures]]
    _, infos, facts = _run(_write(tmp_path / "basic.xlsx", rows))
    assert infos[0].role == "budget_basic_expense"
    got = {f.measure: f.value for f in facts}
    assert got["expense.basic"] == Decimal("110.00")
    assert got["expense.general.basic"] == Decimal("100.00")  # = B6's 合计
    assert got["expense.fiscal.basic"] == Decimal("100.00")
    assert got["expense.basic.business"] == Decimal("6.00")
    assert got["expense.basic.other"] == Decimal("4.00")
    assert got["expense.general.basic.economic.301"] == Decimal("100.00")
    assert got["expense.basic.economic.301.business"] == Decimal("6.00")


def test_income_total_with_carryover_column_named_jieyu_jiezhuan(tmp_path):
    rows = [["2026年收入总表"], ["单位：万元"],
            ["科目编码", "科目名称", "收入总计", "本年收入", "", "上年结余、结转"],
            ["", "", "", "一般公共预算拨款", "事业收入", ""],
            ["", "合计", "130.00", "100.00", "10.00", "20.00"],
            ["201", "一般公共服务支出", "130.00", "100.00", "10.00", "20.00"]]
    _, infos, facts = _run(_write(tmp_path / "income.xlsx", rows))
    assert infos[0].role == "budget_income"
    got = {f.measure: f.value for f in facts}
    assert got["income.carryover"] == Decimal("20.00")
    # 收入总计 includes the carry-over printed beside it: not the income of the year
    assert got["income.grand_total"] == Decimal("130.00") and "income.total" not in got
    assert got["income.function.201.carryover"] == Decimal("20.00")


def test_three_public_overall_total_with_meeting_and_training(tmp_path):
    rows = [["2026年“三公”经费及会议费、培训费支出预算表"], ["单位：万元"],
            ["合计", "“三公”经费", "", "", "会议费", "培训费"],
            ["", "小计", "因公出国（境）费", "公务接待费", "", ""],
            ["20.00", "8.00", "3.00", "5.00", "5.00", "7.00"]]
    _, _, facts = _run(_write(tmp_path / "tp.xlsx", rows))
    got = {f.measure: f.value for f in facts}
    assert got["three_public.total"] == Decimal("8.00")
    assert got["three_public_meeting_training"] == Decimal("20.00")
    # without 会议费/培训费 columns a 合计 beside the 三公 小计 names nothing known
    rows = [r[:4] for r in rows]
    rows[4][0] = "8.00"
    _, _, facts = _run(_write(tmp_path / "tp2.xlsx", rows))
    assert "three_public_meeting_training" not in {f.measure for f in facts}


def test_expense_table_procurement_columns(tmp_path):
    rows = [["2026年支出总表"], ["单位：万元"],
            ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出", "2026年政府采购项目", "", ""],
            ["", "", "", "", "", "小计", "其中：2026年政府采购项目中预留给中小企业的项目资金规模",
             "其中：2026年政府采购项目中预留给小型、微型企业的项目资金规模"],
            ["", "合计", "100.00", "60.00", "40.00", "30.00", "20.00", "5.00"],
            ["201", "一般公共服务支出", "100.00", "60.00", "40.00", "30.00", "20.00", "5.00"]]
    _, infos, facts = _run(_write(tmp_path / "exp.xlsx", rows))
    assert infos[0].role == "budget_expense"
    got = {f.measure: f.value for f in facts}
    assert got["expense.total"] == Decimal("100.00")
    assert got["procurement.total"] == Decimal("30.00")
    assert got["procurement.sme_reserved"] == Decimal("20.00")
    assert got["procurement.small_micro_reserved"] == Decimal("5.00")
    assert got["expense.function.201.procurement.sme_reserved"] == Decimal("20.00")
