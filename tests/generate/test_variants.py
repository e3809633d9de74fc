"""What a document of each kind and template prints beyond the nine tables: a 决算's 年初预算数 /
调整预算数 columns and completion rates (with the reason for a large variance), the 政府采购 and
机关运行经费 tables, the Shanghai budget in 元 and the Jiangsu table set — each generated, written,
read back by our own readers and audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from budgetlens.generate import generate, load_inputs
from budgetlens.generate.numbers import percent, q2
from budgetlens.generate.text_out import render_text
from budgetlens.generate.workbook import write_template

from .synthetic import synthetic_input, write_input
from .test_generate_roundtrip import _check_round_trip


def _generate(tmp_path, *, kind="budget", template="national", level="department", data=None,
              formats=("docx", "pdf")):
    data = data or synthetic_input(n_items=8, kind=kind)
    inputs, _ = load_inputs(write_input(tmp_path, data), kind=kind, level=level, template=template)
    return inputs, generate(inputs, tmp_path / "out", list(formats))


def _clean(result, inputs=None, unprinted: tuple[str, ...] = ()) -> None:
    """Written, read back equal, no error or warning; with ``inputs``, every input figure is read
    back from each written file with its value (to the 万元 cent a sentence prints; a prior may
    come back as current − the stated change), but those of tables the template does not print
    (``unprinted`` measure prefixes)."""
    assert not result.refused, [f.line() for f in result.gate.errors]
    _check_round_trip(result)
    for fmt, report in result.read_back.items():
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt
        if inputs is None:
            continue
        got = {(f.measure, f.basis): f.value
               for f in sorted(report.facts, key=lambda f: (f.origin != "derived", f.origin == "table"))}
        lost = {k: (v.value, got.get(k)) for k, v in inputs.values.items()
                if not k[0].startswith(unprinted) and (k not in got or q2(got[k]) != q2(v.value))}
        assert not lost, (fmt, lost)


def _table(model, family):
    return next(t for t in model.tables() if t.family == family)


def test_final_prints_budget_columns_and_completion_rates(tmp_path):
    inputs, result = _generate(tmp_path, kind="final")
    _clean(result, inputs)
    three = _table(result.model, "three_public")
    budget_cells = {c.measure: c.value for c in three.value_cells() if c.basis == "initial_budget"}
    assert budget_cells["three_public.total"] == inputs.get("three_public.total", "initial_budget")
    assert any(c.text == "预算数" for c in three.cells if c.header)
    general = _table(result.model, "gpb_expense")
    assert {c.basis for c in general.value_cells()} == {"current", "initial_budget", "adjusted_budget"}
    rate = percent(inputs.get("three_public.total"), inputs.get("three_public.total", "initial_budget"))
    text = render_text(result.model)
    assert f"完成年初预算的{rate}%" in text
    assert inputs.variance_reasons["three_public.total"][0] in text


def test_a_large_variance_without_its_reason_is_refused(tmp_path):
    data = synthetic_input(n_items=8, kind="final")
    data["claims"] = [c for c in data["claims"] if c["basis"] != "change_initial_budget"]
    _inputs, result = _generate(tmp_path, kind="final", data=data, formats=("docx",))
    assert result.refused and not result.written
    missing = [f for f in result.gate.errors if f.rule == "generate-change-reason-missing"]
    assert any("three_public.overseas" in f.where and "年初预算" in f.message for f in missing)


def test_budget_prints_no_budget_columns_nor_completion(tmp_path):
    data = synthetic_input(n_items=8, kind="final")  # budget figures present, but a 预算 is written
    _inputs, result = _generate(tmp_path, kind="budget", data=data, formats=("docx",))
    assert not result.refused
    assert {c.basis for t in result.model.tables() for c in t.value_cells()} == {"current"}
    assert "完成年初预算" not in render_text(result.model)


def test_procurement_and_admin_cost_tables_read_back(tmp_path):
    inputs, result = _generate(tmp_path)
    _clean(result, inputs)
    procurement = _table(result.model, "procurement")
    assert {c.measure: c.value for c in procurement.value_cells()} == {
        m: inputs.get(m) for m in ("procurement.total", "procurement.goods", "procurement.works",
                                   "procurement.services")}
    admin = _table(result.model, "admin_operating")
    assert {c.measure for c in admin.value_cells()} >= {"admin_operating_cost",
                                                         "admin_operating_cost.economic.30201"}


def test_a_table_the_template_does_not_mandate_is_left_out_without_figures(tmp_path):
    data = synthetic_input(n_items=8)
    data["facts"] = [f for f in data["facts"] if not f["measure"].startswith("procurement.")]
    _inputs, result = _generate(tmp_path, data=data, formats=("docx",))
    assert not result.refused
    assert "procurement" not in {t.family for t in result.model.tables()}
    # a mandated table without figures is printed with its empty-table statement
    gov_fund = _table(result.model, "gov_fund")
    assert gov_fund.empty and "无" in gov_fund.note


def test_shanghai_budget_prints_yuan_and_reads_back(tmp_path):
    inputs, result = _generate(tmp_path, template="shanghai")
    _clean(result, inputs, unprinted=("admin_operating_cost.economic.",))  # no such table in Shanghai
    expense = _table(result.model, "expense")
    assert expense.unit_line == "单位：元"
    total = next(c for c in expense.value_cells() if c.measure == "expense.total")
    assert Decimal(total.text) == inputs.get("expense.total") * 10000 and total.value == inputs.get("expense.total")
    assert _table(result.model, "three_public").unit_line == "单位：万元"
    assert [p.title for p in result.model.parts][-1] == "第五部分 其他相关情况说明"


def test_jiangsu_budget_table_set_reads_back(tmp_path):
    inputs, result = _generate(tmp_path, template="jiangsu", level="unit")
    _clean(result, inputs)
    families = [t.family for t in result.model.tables()]
    assert families[:5] == ["summary", "income", "expense", "fiscal_summary", "fiscal_expense"]
    assert families.index("admin_operating") < families.index("procurement")


def test_jiangsu_budget_prints_its_fiscal_basic_table_read_back(tmp_path):
    """公开06表 财政拨款基本支出预算表: the synthetic department has only general-budget funds, so
    its 财政拨款 基本支出 by economic 类/款 are those of the general budget, stated as such."""
    data = synthetic_input(n_items=8)
    data["facts"] += [dict(f, measure=f["measure"].replace("expense.general.basic", "expense.fiscal.basic"))
                      for f in data["facts"] if f["measure"].startswith("expense.general.basic")
                      and f["basis"] == "current"]
    inputs, result = _generate(tmp_path, template="jiangsu", data=data)
    _clean(result, inputs)
    families = [t.family for t in result.model.tables()]
    assert families.index("fiscal_expense") + 1 == families.index("fiscal_basic")
    table = _table(result.model, "fiscal_basic")
    assert not table.empty and table.role == "budget_fiscal_basic"
    written = {(c.measure, c.value) for c in table.value_cells()}
    assert ("expense.fiscal.basic", inputs.get("expense.fiscal.basic")) in written
    assert ("expense.fiscal.basic.economic.30101", inputs.get("expense.fiscal.basic.economic.30101")) in written
    for fmt, report in result.read_back.items():
        got = {(f.measure, f.value) for f in report.facts if f.source.table is not None}
        assert written <= got, (fmt, written - got)


def test_national_final_prints_the_assets_table_read_back(tmp_path):
    """国有资产占用情况表 (a national-form 决算 carries it as 表十, 江西): vehicles by category and
    equipment, counts under a 数量 column, read back from the DOCX and PDF as the inputs' figures."""
    inputs, result = _generate(tmp_path, kind="final", data=synthetic_input(n_items=6, kind="final"))
    _clean(result, inputs)
    table = _table(result.model, "assets")
    assert table.unit_line.startswith("单位：辆")
    written = {(c.measure, c.value) for c in table.value_cells()}
    counts = {(m, v.value) for (m, b), v in inputs.values.items()
              if m.startswith(("assets.vehicles", "assets.equipment")) and b == "current"}
    assert len(counts) >= 3 and written == counts
    for fmt, report in result.read_back.items():
        got = {(f.measure, f.value) for f in report.facts if f.source.table is not None and f.kind == "count"}
        assert written <= got, (fmt, written - got)


@pytest.mark.parametrize("template", ["shanghai", "national"])
def test_final_workbook_carries_budgets_and_variance_reasons(template, tmp_path):
    inputs, _ = load_inputs(write_input(tmp_path, synthetic_input(n_items=6, kind="final")),
                            template=template)
    path = tmp_path / "final.xlsx"
    write_template(path, "final", "department", template, inputs)
    wb = load_workbook(path)
    assert [c.value for c in wb["上年数与原因"][1]][-2:] == ["年初预算数", "决算数与年初预算数差异原因"]
    again, notes = load_inputs(path)
    assert not notes
    budgets = {k: v.value for k, v in inputs.values.items() if k[1] == "initial_budget"}
    assert budgets and {k: v.value for k, v in again.values.items() if k[1] == "initial_budget"} == budgets
    assert {k: r[0] for k, r in again.variance_reasons.items()} == \
        {k: r[0] for k, r in inputs.variance_reasons.items()}
    empty = tmp_path / "budget.xlsx"
    write_template(empty, "budget", "department", template)
    book = load_workbook(empty)
    headers = {c.value for ws in book for c in ws[2] if c.value}
    assert not [h for h in headers if str(h).startswith(("年初预算数/", "调整预算数/"))]
    three = next(ws for ws in book if ws.cell(1, 1).value and "三公" in ws.cell(1, 1).value)
    assert len([c for c in three[2] if c.value]) == 6  # the budget's own six columns only


def test_a_table_of_zeros_is_printed_empty_with_its_whole_header(tmp_path):
    data = synthetic_input(n_items=8)
    data["facts"] = [f if not f["measure"].startswith("three_public.") else {**f, "value": "0.00"}
                     for f in data["facts"] if not (f["measure"].startswith("three_public.") and f["basis"] == "prior")]
    data["claims"] = [c for c in data["claims"] if not c["measure"].startswith("three_public.")]
    _inputs, result = _generate(tmp_path, data=data)
    _clean(result)  # no 三公 item warning: the section says there is none
    three = _table(result.model, "three_public")
    assert three.empty and not three.value_cells() and "三公" in three.note
    assert {c.text for c in three.cells if c.header} >= {"因公出国（境）费", "公务接待费", "公务用车运行费"}
    assert "无“三公”经费预算" in render_text(result.model)


def test_assets_and_performance_are_stated_from_the_data(tmp_path):
    inputs, result = _generate(tmp_path, kind="final", level="unit", formats=("pdf",))
    _clean(result, inputs)
    text = render_text(result.model)
    assert f"共有车辆{inputs.get('assets.vehicles')}辆" in text
    assert f"单价100万元（含）以上设备{inputs.get('assets.equipment_over_1m')}台（套）" in text  # name from measures.csv
    assert f"编报绩效目标的项目共{inputs.get('performance.project_count')}个" in text
    assert f"人员编制{inputs.get('staff.authorized')}人" in text


def test_a_yuan_table_holding_a_figure_known_only_from_a_sentence_prints_in_wan(tmp_path):
    """A figure read from a sentence is known to the 万元 cent: printed in 元 beside exact 元
    figures it would break its table's sums, so that table prints in 万元, the others in 元."""
    data = synthetic_input(n_items=8)
    for f in data["facts"]:
        if f["measure"] == "expense.fiscal.total" and f["basis"] == "current":
            f["origin"] = "text"
    inputs, result = _generate(tmp_path, template="shanghai", data=data)
    _clean(result, inputs, unprinted=("admin_operating_cost.economic.",))
    units = {t.family: t.unit_line for t in result.model.tables()}
    assert units["fiscal_summary"] == "单位：万元" and units["expense"] == "单位：元"
