"""Indicator values of performance tables as facts (table_perf): 绩效目标表 指标值 (seed 004, 重庆
南岸区 2024 部门预算) and 绩效自评表 年度指标值 / 全年完成值 / 得分系数 (seed 002, 开州区 决算),
with the comparator and printed unit kept in the label."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document

from ..conftest import seed_path


def _facts(prefix: str, kind: str) -> list:
    document, _ = read_document(seed_path(prefix))
    assert document is not None
    _, facts, _ = extract_tables(document, Metadata(kind=kind))
    return facts


@pytest.fixture(scope="module")
def seed004():
    return _facts("004", "budget")


@pytest.fixture(scope="module")
def seed002():
    return _facts("002", "final")


def _with_label(facts, fragment: str, suffix: str):
    hits = [f for f in facts if fragment in f.label and f.measure.endswith(suffix)]
    assert len(hits) >= 1, f"no {suffix} fact labelled {fragment}"
    return hits


def test_overall_targets_keep_comparator_and_unit(seed004):
    """整体绩效目标表: 政务服务好评率 | 10 | % | ≥ | 96 → percent 96, label 政务服务好评率 ≥ 96%."""
    overall = [f for f in seed004 if f.measure.startswith("performance.overall.indicator.")]
    assert overall and all(f.measure.endswith(".target") for f in overall)
    rate = _with_label(overall, "政务服务好评率", ".target")[0]
    assert (rate.value, rate.kind, rate.label) == (Decimal(96), "percent", "政务服务好评率 ≥ 96%")
    days = _with_label(overall, "政府网站平台正常运行天数", ".target")[0]
    assert (days.value, days.kind, days.label) == (Decimal(360), "count", "政府网站平台正常运行天数 ≥ 360天")
    fault = _with_label(overall, "故障率", ".target")[0]
    assert fault.label.endswith("< 1%") and fault.kind == "percent"


def test_target_shares_its_weight_index(seed004):
    """A project's indicator k has weight.<k> and indicator.<k>.target from the same printed row."""
    by_measure = {f.measure: f for f in seed004 if f.measure.startswith("performance.project.")}
    targets = [m for m in by_measure if m.endswith(".target")]
    assert len(targets) >= 10
    for m in targets:
        n, k = m.split(".")[2], m.split(".")[4]
        weight = by_measure[f"performance.project.{n}.weight.{k}"]
        assert weight.source.line == by_measure[m].source.line or weight.source.row == by_measure[m].source.row
    labels = {by_measure[m].label for m in targets}
    assert "平台正常运行天数 ≥ 360天" in labels and "安全日报记录天数 = 365天" in labels
    assert "网络用户数 ≥ 2000人" in labels


def test_self_evaluation_target_actual_and_coefficient(seed002):
    """绩效自评表: 提高行政审批效率 | % | ≥ | 50 | | 50 | 100 | 40 | 40 → target, actual, score_rate."""
    rows = [f for f in seed002 if ".indicator." in f.measure]
    target = _with_label(rows, "提高行政审批效率", ".target")[0]
    actual = _with_label(rows, "提高行政审批效率", ".actual")[0]
    k = target.measure.split(".")[4]
    assert target.measure == f"performance.self_eval.1.indicator.{k}.target"
    assert actual.measure == f"performance.self_eval.1.indicator.{k}.actual"
    assert (target.value, target.kind, target.label) == (Decimal(50), "percent", "提高行政审批效率 ≥ 50%")
    assert actual.value == Decimal(50) and actual.kind == "percent" and "全年完成值" in actual.label
    people = _with_label(rows, "服务市场主体和办事群众", ".target")[0]
    assert (people.value, people.kind, people.label) == (Decimal(100000), "count", "服务市场主体和办事群众 ≥ 100000人")
    rates = [f for f in rows if f.measure.endswith(".score_rate")]
    assert rates and all(f.kind == "percent" for f in rates)
    # the weight/score numbering is unchanged by the value columns
    assert {f.measure.split(".")[4] for f in rows if f.measure.endswith(".weight")} == \
        {f.measure.split(".")[4] for f in rows if f.measure.endswith(".target")}


def test_text_target_stays_text(tmp_path):
    """A 指标值 that is not one clean number (有效提升, 100%以上) gives no fact; its neighbours do."""
    text = "\n".join([
        "2024年某区某局项目绩效目标表",
        "单位：万元",
        "项目名称\t信息化运维\t当年预算\t12.00",
        "绩效指标\t指标名称\t指标权重\t指标性质\t指标值\t计量单位",
        "\t服务效率\t30\t定性\t有效提升\t",
        "\t系统可用率\t40\t≥\t100%以上\t%",
        "\t故障响应时间\t30\t≤\t2\t小时",
    ])
    path = tmp_path / "perf.txt"
    path.write_text(text, encoding="utf-8")
    document, _ = read_document(path)
    assert document is not None
    _, facts, _ = extract_tables(document, Metadata(kind="budget"))
    weights = {f.measure: f.value for f in facts if ".weight." in f.measure}
    assert sorted(weights.values()) == [30, 30, 40]
    targets = [f for f in facts if f.measure.endswith(".target")]
    assert [(f.value, f.kind, f.label) for f in targets] == [(Decimal(2), "count", "故障响应时间 ≤ 2小时")]
    assert targets[0].measure.endswith(".indicator.3.target")


def _perf_facts(tmp_path, lines) -> dict:
    path = tmp_path / "perf.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    document, _ = read_document(path)
    _, facts, _ = extract_tables(document, Metadata(kind="budget", year=2026))
    return {f.measure: f.value for f in facts if f.measure.endswith(".budget")}


@pytest.mark.parametrize("year_col", ["年度资金总额", "当年预算", "本年预算数", "项目资金"])
def test_a_list_of_projects_reads_each_rows_year_budget_not_its_implementation_period(
        tmp_path, year_col):
    """One row per project (list layout): the budget is the row's figure under the year's
    column; 实施期资金总额 (the whole period's funds) beside it is no year budget."""
    budgets = _perf_facts(tmp_path, [
        "2026年项目支出绩效目标表", "单位：万元",
        f"项目名称\t实施期资金总额\t{year_col}\t指标名称\t指标权重\t指标值",
        "信息化运维\t3000.00\t1000.00\t系统可用率\t40\t99",
        "\t\t\t故障响应时间\t60\t2",
        "办公楼维修\t500.00\t200.00\t完工率\t100\t100"])
    assert budgets == {"performance.project.1.budget": Decimal("1000.00"),
                       "performance.project.2.budget": Decimal("200.00")}


def test_a_list_with_only_the_implementation_periods_funds_gives_no_year_budget(tmp_path):
    budgets = _perf_facts(tmp_path, [
        "2026年项目支出绩效目标表", "单位：万元",
        "项目名称\t实施期资金总额\t指标名称\t指标权重\t指标值",
        "信息化运维\t3000.00\t系统可用率\t40\t99"])
    assert budgets == {}


@pytest.mark.parametrize("rows", [
    ["项目资金\t实施期资金总额\t3000.00\t年度资金总额\t1000.00"],
    ["实施期资金总额\t3000.00", "年度资金总额\t1000.00"],
    ["年度资金总额\t1000.00", "实施期资金总额\t3000.00"],
])
def test_a_project_form_takes_the_year_budget_beside_the_implementation_period(tmp_path, rows):
    budgets = _perf_facts(tmp_path, [
        "2026年项目支出绩效目标表", "单位：万元", "项目名称\t信息化运维", *rows,
        "绩效指标\t指标名称\t指标权重\t指标值\t计量单位", "\t系统可用率\t40\t99\t%"])
    assert budgets == {"performance.project.1.budget": Decimal("1000.00")}


def _self_eval(tmp_path, total: str):
    """A 部门整体支出绩效自评表 as 西安 prints it (卫健委 2022 决算 pp30–31): task rows under the
    funds header, closed by 金额合计 (its 得分 the execution-rate score), then the indicators."""
    from budgetlens.pipeline import process

    lines = [
        "西安市某局2022年部门整体支出绩效自评表", "单位：万元",
        "年度主要任务完成情况\t任务名称\t完成情况\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "\t机关运行\t任务完成\t56.00\t56.00\t5\t100.00%\t5",
        "\t业务工作\t任务完成\t44.00\t40.00\t5\t90.91%\t5",
        "\t金额合计\t\t100.00\t96.00\t10\t96.00%\t10",
        "年度绩效指标完成情况\t一级指标\t二级指标\t指标内容\t年度指标值\t实际完成值\t分值\t得分",
        "\t产出指标\t数量指标\t覆盖单位数量\t28个\t28个\t50\t50",
        "\t效益指标\t社会效益指标\t群众满意率\t≥80%\t85%\t40\t39.5",
        f"总分\t\t\t\t\t\t100\t{total}",
    ]
    path = tmp_path / "self_eval.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return process(str(path))


def test_a_funds_row_labelled_jine_heji_gives_the_execution_score(tmp_path):
    """金额合计 closes the funds rows as 合计 does: its 得分 (10) is the execution-rate score, so
    the total 99.5 = 10 + 50 + 39.5 holds (read without it, the scores made 89.5: a false
    warning). Near miss: a total of 98.5 is still reported."""
    result = _self_eval(tmp_path, "99.5")
    scores = {f.measure: f.value for f in result.disclosure.facts if f.measure.endswith("score")}
    assert scores["performance.self_eval.1.execution_score"] == Decimal(10)
    assert not [f for f in result.audit.findings if f.rule == "self-eval-total-score"]
    missed = _self_eval(tmp_path, "98.5")
    assert [f.stated for f in missed.audit.findings if f.rule == "self-eval-total-score"] == \
        ["98.5"]


# -- a self-evaluation form flattened with | (session 19, branch forms8) ---------------------

from ..selfeval_forms import as_cell_lines, as_pipe_rows, form  # noqa: E402


def _form_facts(tmp_path, text: str) -> dict:
    path = tmp_path / "cuiping_glyh_2024_xmzp.txt"
    path.write_text(text, encoding="utf-8")
    document, _ = read_document(str(path))
    assert document is not None
    _, facts, _ = extract_tables(document, Metadata(kind="final"))
    return {(f.measure, f.basis): f.value for f in facts}


@pytest.mark.parametrize("flatten", [as_pipe_rows, as_cell_lines])
def test_a_flattened_form_gives_its_funds_scores_and_indicators(tmp_path, flatten):
    got = _form_facts(tmp_path, flatten(form()))
    s = "performance.self_eval.1"
    assert got[(f"{s}.funds", "initial_budget")] == Decimal("12.00")
    assert got[(f"{s}.funds", "adjusted_budget")] == Decimal("15.00")
    assert got[(f"{s}.funds", "current")] == Decimal("13.50")
    assert got[(f"{s}.execution_rate", "current")] == Decimal("90.00")
    assert got[(f"{s}.execution_weight", "current")] == 10
    assert got[(f"{s}.execution_score", "current")] == 9
    assert got[(f"{s}.funds.fiscal", "current")] == Decimal("13.50")
    assert got[(f"{s}.funds.special_account", "current")] == 0
    assert got[(f"{s}.funds.unit_own", "current")] == 0
    assert (f"{s}.funds.other", "current") not in got  # printed blank: no part
    assert [got[(f"{s}.indicator.{k}.{m}", "current")] for k in (1, 2) for m in ("weight", "score")] \
        == [50, 45, 40, 38]
    assert got[(f"{s}.indicator.2.target", "current")] == 90  # ≥ 90 %


def test_near_miss_a_form_without_block_labels_cell_a_line_gives_no_figures(tmp_path):
    got = _form_facts(tmp_path, as_cell_lines(form(block_labels=("预算执行情况", "绩效指标"))))
    assert not any(m.startswith("performance.self_eval") for m, _ in got)


def test_a_sub_header_total_cell_is_no_funds_row(tmp_path):
    """西安 卫健委 2022's 部门整体 form heads its funds columns 总额 | 财政拨款 | 其他资金 under 全年预算数 and
    全年执行数: a row of words, not the 金额合计 row whose figures follow (a form written here)."""
    lines = ["宜宾市翠屏区交通运输局部门整体支出绩效自评表", "",
             "年度主要任务\t任务名称\t全年预算数（万元）\t\t\t全年执行数（万元）\t\t\t分值\t执行率\t得分",
             "\t\t总额\t财政拨款\t其他资金\t总额\t财政拨款\t其他资金\t\t\t",
             "\t道路养护\t60.00\t55.00\t5.00\t50.00\t48.00\t2.00\t5\t83.33%\t4",
             "\t金额合计\t100.00\t90.00\t10.00\t80.00\t75.00\t5.00\t10\t80.00%\t8"]
    got = _form_facts(tmp_path, "\n".join(lines) + "\n")
    s = "performance.self_eval.1"
    assert got[(f"{s}.funds", "adjusted_budget")] == Decimal("100.00")
    assert got[(f"{s}.funds", "current")] == Decimal("80.00")
    assert got[(f"{s}.execution_rate", "current")] == Decimal("80.00")
    assert got[(f"{s}.execution_score", "current")] == 8
