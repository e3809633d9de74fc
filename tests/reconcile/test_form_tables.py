"""Table-side checks (issue #8 item 4) on edited copies of a real disclosure (seed 004, a
Chongqing 区县 budget): each test plants the general pattern once, and a near miss beside it."""

from __future__ import annotations

import pytest

from .form_support import edited, fired, rewritten, seed, seed_text

VEHICLES = "所属各预算单位共有车辆1辆，其中一般公务用车1辆。"
GOV_FUND_NONE = "2024 年本部门无使用政府性基金预算拨款安排的支出，与上年保持一致。"
GOV_FUND_TITLE = "2024年重庆市南岸区政务服务管理办公室政府性基金预算支出表"


# --- form-vehicle-cost-without-vehicle ------------------------------------------------------


def test_vehicle_costs_beside_the_vehicle_held_are_quiet():
    assert fired(seed("004"), "form-vehicle-cost-without-vehicle") == []


def test_vehicle_costs_with_no_vehicle_held_is_a_warning(tmp_path):
    disclosure = edited(tmp_path, "004", (VEHICLES, "所属各预算单位共有车辆0辆。"))
    findings = fired(disclosure, "form-vehicle-cost-without-vehicle")
    assert [(f.severity, f.measure, f.stated) for f in findings] == [
        ("warning", "three_public.vehicle_operation", "1.90")]
    roles = [e.role for e in findings[0].evidence]
    assert roles[0] == "figure" and "vehicles" in roles


def test_a_sentence_saying_no_vehicle_is_enough(tmp_path):
    disclosure = edited(tmp_path, "004", (VEHICLES, "本部门及所属单位无公务用车。"))
    findings = fired(disclosure, "form-vehicle-cost-without-vehicle")
    assert len(findings) == 1
    assert any("无公务用车" in e.source.text for e in findings[0].evidence)


def test_no_vehicle_but_hired_cars_is_quiet(tmp_path):
    disclosure = edited(tmp_path, "004", (VEHICLES, "本部门无公务用车，公务出行租用社会车辆。"))
    assert fired(disclosure, "form-vehicle-cost-without-vehicle") == []


def test_no_vehicle_under_a_pooled_fleet_is_quiet(tmp_path):
    # 烟台: departments hold no car and pay the government's pool (实施公车统管费用)
    disclosure = edited(tmp_path, "004", (VEHICLES, "所属各预算单位共有车辆0辆。实施公\n车统管后，公务出行由平台保障。"))
    assert fired(disclosure, "form-vehicle-cost-without-vehicle") == []


def test_no_purchase_sentence_is_not_a_no_vehicle_statement(tmp_path):
    # "无公务用车购置" denies a purchase, not the vehicles held
    disclosure = edited(tmp_path, "004", (VEHICLES, "本部门无公务用车购置预算。"))
    assert fired(disclosure, "form-vehicle-cost-without-vehicle") == []


PROJECT_TABLE = "2024年重庆市南岸区政务服务管理办公室项目支出预算表\n\n单位：万元\n\n项目名称\t合计\n"


def _vehicles_none_with_projects(tmp_path, *projects: str):
    """Seed 004 saying it holds no vehicle, with a 项目支出预算表 listing ``projects``."""
    rows = "".join(f"{name}\t1.00\n" for name in projects)
    return edited(tmp_path, "004", (VEHICLES, "所属各预算单位共有车辆0辆。"),
                  ("表九：", PROJECT_TABLE + rows + "\n表九："))


def test_a_hire_word_and_a_car_word_on_two_rows_are_no_exemption(tmp_path):
    """``办公用房租赁`` on one row and ``其他用车保障`` on the next do not say cars are hired: each
    label is searched apart (they were joined, in an order that changed with string hashing)."""
    disclosure = _vehicles_none_with_projects(tmp_path, "办公用房租赁", "其他用车保障")
    findings = fired(disclosure, "form-vehicle-cost-without-vehicle")
    assert [f.severity for f in findings] == ["warning"]


def test_a_row_naming_hired_cars_is_an_exemption(tmp_path):
    disclosure = _vehicles_none_with_projects(tmp_path, "办公用房租赁", "公务出行租用车辆费用")
    assert fired(disclosure, "form-vehicle-cost-without-vehicle") == []


@pytest.mark.parametrize("row", ["车辆租赁费", "公务用车租用服务", "执法车辆临时租赁"])
def test_a_row_naming_hired_cars_car_word_first_is_an_exemption(tmp_path, row):
    disclosure = _vehicles_none_with_projects(tmp_path, "办公用房租赁", row)
    assert fired(disclosure, "form-vehicle-cost-without-vehicle") == [], row


@pytest.mark.parametrize("sentence", ["公务出行所需车辆租赁，按市场价结算。", "公务出行所需车辆借用上级单位。"])
def test_a_sentence_naming_hired_cars_car_word_first_is_an_exemption(tmp_path, sentence):
    disclosure = edited(tmp_path, "004", (VEHICLES, "本部门无公务用车。" + sentence))
    assert fired(disclosure, "form-vehicle-cost-without-vehicle") == [], sentence


def test_a_car_word_listed_beside_a_hired_building_is_no_exemption(tmp_path):
    # near miss: "车辆、房屋租赁" hires the building; the 、 joins two things
    disclosure = _vehicles_none_with_projects(tmp_path, "车辆、房屋租赁")
    assert [f.severity for f in fired(disclosure, "form-vehicle-cost-without-vehicle")] == ["warning"]


# --- form-empty-table-text-figures ----------------------------------------------------------


def test_empty_fund_table_and_a_none_statement_are_quiet():
    assert fired(seed("004"), "form-empty-table-text-figures") == []


def test_empty_fund_table_beside_a_stated_amount_is_a_warning(tmp_path):
    disclosure = edited(tmp_path, "004", (
        GOV_FUND_NONE, "2024年政府性基金预算拨款支出50万元，主要用于城市基础设施配套。"))
    findings = fired(disclosure, "form-empty-table-text-figures")
    assert [(f.severity, f.stated) for f in findings] == [("warning", "50")]
    table, statement = findings[0].evidence[:2]
    assert table.source.table is not None and "政府性基金" in table.source.text
    assert statement.role == "statement" and statement.source.line is not None


def test_a_zero_amount_in_the_text_is_quiet(tmp_path):
    disclosure = edited(tmp_path, "004", (GOV_FUND_NONE, "2024年政府性基金预算拨款支出0万元。"))
    assert fired(disclosure, "form-empty-table-text-figures") == []


# --- form-table-other-unit ------------------------------------------------------------------


def test_titles_naming_the_documents_unit_are_quiet():
    assert fired(seed("004"), "form-table-other-unit") == []


def test_a_title_naming_another_unit_is_a_warning(tmp_path):
    disclosure = edited(tmp_path, "004", (
        GOV_FUND_TITLE, "2024年重庆市南岸区教育委员会政府性基金预算支出表"))
    findings = fired(disclosure, "form-table-other-unit")
    assert [(f.severity, f.stated) for f in findings] == [("warning", "重庆市南岸区教育委员会")]
    assert findings[0].evidence[0].source.table is not None


def test_a_title_without_the_region_prefix_is_the_same_unit(tmp_path):
    disclosure = edited(tmp_path, "004", (
        GOV_FUND_TITLE, "2024年南岸区政务服务管理办公室政府性基金预算支出表"))
    assert fired(disclosure, "form-table-other-unit") == []


# --- form-project-amount-mismatch -----------------------------------------------------------

PERF_TITLE = "2024 年重庆市南岸区政务服务管理办公室项目绩效目标表（一级项目）"


def _with_repeated_project(tmp_path, budget: str):
    """Seed 004 with its first project's performance-target table printed once more at the end
    (a second table naming the same project), its 当年预算 set to ``budget``."""
    text = seed_text("004")
    start = text.index(PERF_TITLE)
    block = text[start:text.index(PERF_TITLE, start + 1)]
    assert "当年预算\t9.00" in block
    return rewritten(tmp_path, "004", text.rstrip("\n") + "\n\n" + block.replace(
        "当年预算\t9.00", f"当年预算\t{budget}"))


def test_projects_named_once_are_quiet():
    assert fired(seed("004"), "form-project-amount-mismatch") == []


def test_a_project_printed_twice_with_the_same_amount_is_quiet(tmp_path):
    assert fired(_with_repeated_project(tmp_path, "9.00"), "form-project-amount-mismatch") == []


def test_a_project_printed_twice_with_another_amount_is_a_warning(tmp_path):
    findings = fired(_with_repeated_project(tmp_path, "9.50"), "form-project-amount-mismatch")
    assert [(f.severity, f.expected, f.stated) for f in findings] == [("info", "9.00", "9.50")]
    assert "公共资源交易中心运行维护费" in findings[0].message
    assert len({e.source.table for e in findings[0].evidence}) == 2
