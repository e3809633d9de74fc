"""The same project's amount in the 项目支出表 and the performance-target tables, by name
(issue #8 item 4), on a real disclosure (seed 004, a Chongqing 区县 budget with six
项目绩效目标表) to which each test adds the 项目支出表 that template prints elsewhere."""

from __future__ import annotations

from decimal import Decimal

from .form_support import fired, rewritten, seed_text

RULE = "form-project-table-mismatch"
#: the six projects of seed 004's performance-target tables and their 当年预算
PROJECTS = [("公共资源交易中心运行维护费", "9.00"), ("全科窗口及网上行政审批系统运维费", "6.50"),
            ("区行政服务中心运行维护费", "40.00"), ("南岸区政务公开建设工作", "15.53"),
            ("数据中心机房及全区信息化系统租赁运维费", "97.35"), ("行政中心互联网统一接入", "99.54")]
TITLE = "2024年重庆市南岸区政务服务管理办公室项目支出预算表"


def _with_project_table(tmp_path, rows: list[tuple[str, str]]):
    """Seed 004 with a 项目支出预算表 (合计 row, a group row by category, one row per project)
    inserted before its 政府采购 table."""
    lines = [TITLE, "", "单位：万元", "", "项目名称\t项目类别\t合计\t一般公共预算\t政府性基金预算",
             "合计\t\t267.92\t267.92\t", "其他运转类\t\t267.92\t267.92\t"]
    lines += [f"{name}\t其他运转类\t{amount}\t{amount}\t" for name, amount in rows]
    text = seed_text("004")
    anchor = "表九："
    assert anchor in text
    return rewritten(tmp_path, "004", text.replace(anchor, "\n".join(lines) + "\n\n" + anchor, 1))


def test_project_rows_become_facts_with_name_and_cell(tmp_path):
    disclosure = _with_project_table(tmp_path, PROJECTS)
    items = [f for f in disclosure.facts if f.measure.startswith("expense.project.item.")]
    assert [(f.label.split(" / ")[0], str(f.value)) for f in items] == PROJECTS
    assert all(f.source.table is not None and f.source.row is not None and f.source.page
               for f in items)
    assert all(":row:" in f.scope for f in items)  # in no in-table sum
    assert len({f.measure for f in items}) == len(items)


def test_the_same_amounts_are_quiet(tmp_path):
    assert fired(_with_project_table(tmp_path, PROJECTS), RULE) == []


def test_another_amount_in_the_project_table_is_reported(tmp_path):
    rows = [(n, "41.00" if n == "区行政服务中心运行维护费" else a) for n, a in PROJECTS]
    findings = fired(_with_project_table(tmp_path, rows), RULE)
    assert [(f.severity, f.stated, f.expected) for f in findings] == [("info", "40.00", "41.00")]
    roles = {e.role for e in findings[0].evidence}
    assert roles == {"performance", "project-table"}
    assert len({e.source.table for e in findings[0].evidence}) == 2


def test_a_difference_within_rounding_is_quiet(tmp_path):
    """15.53 in the performance table, 15.5 printed with one decimal in the project table."""
    rows = [(n, "15.5" if a == "15.53" else a) for n, a in PROJECTS]
    assert fired(_with_project_table(tmp_path, rows), RULE) == []


def test_a_project_split_over_two_rows_matching_in_sum_is_quiet(tmp_path):
    """One project printed on two rows (two function codes): 30.00 + 10.00 = 40.00."""
    rows = [r for r in PROJECTS if r[1] != "40.00"]
    rows += [("区行政服务中心运行维护费", "30.00"), ("区行政服务中心运行维护费", "10.00")]
    assert fired(_with_project_table(tmp_path, rows), RULE) == []


def test_a_project_the_table_does_not_list_is_not_judged(tmp_path):
    rows = [r for r in PROJECTS if r[1] != "97.35"] + [("数据中心机房运维", "97.00")]
    assert fired(_with_project_table(tmp_path, rows), RULE) == []


def _perf_row(tmp_path, row: str):
    """Seed 004 with its project table, the first project's 当年预算 row printed as ``row``."""
    disclosure_path = _with_project_table(tmp_path, PROJECTS).path
    text = open(disclosure_path, encoding="utf-8").read()
    assert "当年预算\t9.00" in text
    return rewritten(tmp_path, "004b", text.replace("当年预算\t9.00", row, 1))


def test_a_unit_printed_in_the_rows_label_is_the_figures_unit(tmp_path):
    """资金金额（元） beside 当年预算 90,000.00 in a table read in 万元: 9.00 万元, as the project table."""
    disclosure = _perf_row(tmp_path, "资金金额（元）\t当年预算\t90,000.00")
    budget = [f for f in disclosure.facts if f.measure == "performance.project.1.budget"]
    assert [f.value for f in budget] == [Decimal("9")]
    assert fired(disclosure, RULE) == []


def test_without_a_unit_in_the_label_the_tables_unit_holds(tmp_path):
    disclosure = _perf_row(tmp_path, "资金金额\t当年预算\t90,000.00")
    assert [(f.stated, f.expected) for f in fired(disclosure, RULE)] == [("90000.00", "9.00")]
