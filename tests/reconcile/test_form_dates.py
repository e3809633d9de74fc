"""Dates in the running text against the document's period (reconcile/form_dates.py), on real
seeds with one known edit each: an as-of date after the period (form-as-of-date-after-period) and
a labelled project period that ended before the budget year (form-project-period-ended); the
seeds' own dates, later target dates, periods reaching the year and project names stay quiet."""

from __future__ import annotations

from .form_support import edited_in, fired, seed


AS_OF = "form-as-of-date-after-period"


def test_as_of_dates_of_the_seeds_are_within_their_years():
    # 000/001: 2024 budgets "截至2023年12月"; 002: a 2020 final "截至2020年12月31日"
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), AS_OF) == [], prefix


def test_holdings_as_of_a_later_year_are_a_warning(tmp_path):
    budget = edited_in(tmp_path, "b", "000", ("截至2023年12月，所属", "截至2025年12月，所属"))
    findings = fired(budget, AS_OF)
    assert [(f.severity, f.stated) for f in findings] == [("warning", "截至2025年")]
    assert "共有车辆1辆" in findings[0].evidence[0].source.text
    final = edited_in(tmp_path, "f", "002", ("截至2020年12月31日", "截至2022年12月31日"))
    assert [f.stated for f in fired(final, AS_OF)] == ["截至2022年"]


def test_a_target_dated_later_is_no_data_as_of_that_date(tmp_path):
    # 广州: "主要达到如下目标：1.截至2026年年底，年度新增新能源公交车辆数占…比例达到100%"
    target = edited_in(tmp_path, "t", "000", ("截至2023年12月，所属",
                                          "主要达到如下目标：截至2025年年底，办件满意率达到100%。截至2023年12月，所属"))
    assert fired(target, AS_OF) == []


PERIOD = "form-project-period-ended"
ANCHOR = "四、“三公”经费情况说明"


def test_a_labelled_project_period_that_ended_before_the_budget_year_is_a_warning(tmp_path):
    text = "政务服务平台运维项目，项目实施期：2021年-2023年，预算20万元。\n" + ANCHOR
    findings = fired(edited_in(tmp_path, "p", "004", (ANCHOR, text)), PERIOD)
    assert [(f.severity, f.stated) for f in findings] == [("warning", "实施期：2021年-2023年")]
    assert "政务服务平台运维项目" in findings[0].evidence[0].source.text


def test_periods_reaching_the_budget_year_and_project_names_are_quiet(tmp_path):
    text = ("政务服务平台运维项目，实施周期为2023年至2025年。"
            "2022-2023年信息化运维项目尾款20万元。\n" + ANCHOR)
    assert fired(edited_in(tmp_path, "q", "004", (ANCHOR, text)), PERIOD) == []
    for prefix in ("000", "001", "003", "004"):
        assert fired(seed(prefix), PERIOD) == [], prefix
