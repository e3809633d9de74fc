"""Narrative checks of issue #8 item 4 on real seeds with one known edit each: as-of dates after
the period, project periods that ended before the budget year, 部门/单位 wording against the
document's own level, and the same sentence twice in a row (overlapping text layers)."""

from __future__ import annotations

from .form_support import edited, fired, seed


def _one(tmp_path, name: str, prefix: str, *replacements: tuple[str, str]):
    folder = tmp_path / name  # extraction is cached by path: one folder per edit
    folder.mkdir()
    return edited(folder, prefix, *replacements)


# --- form-as-of-date-after-period -----------------------------------------------------------

AS_OF = "form-as-of-date-after-period"


def test_as_of_dates_of_the_seeds_are_within_their_years():
    # 000/001: 2024 budgets "截至2023年12月"; 002: a 2020 final "截至2020年12月31日"
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), AS_OF) == [], prefix


def test_holdings_as_of_a_later_year_are_a_warning(tmp_path):
    budget = _one(tmp_path, "b", "000", ("截至2023年12月，所属", "截至2025年12月，所属"))
    findings = fired(budget, AS_OF)
    assert [(f.severity, f.stated) for f in findings] == [("warning", "截至2025年")]
    assert "共有车辆1辆" in findings[0].evidence[0].source.text
    final = _one(tmp_path, "f", "002", ("截至2020年12月31日", "截至2022年12月31日"))
    assert [f.stated for f in fired(final, AS_OF)] == ["截至2022年"]


def test_a_target_dated_later_is_no_data_as_of_that_date(tmp_path):
    # 广州: "主要达到如下目标：1.截至2026年年底，年度新增新能源公交车辆数占…比例达到100%"
    target = _one(tmp_path, "t", "000", ("截至2023年12月，所属",
                                          "主要达到如下目标：截至2025年年底，办件满意率达到100%。截至2023年12月，所属"))
    assert fired(target, AS_OF) == []


# --- form-project-period-ended --------------------------------------------------------------

PERIOD = "form-project-period-ended"
ANCHOR = "四、“三公”经费情况说明"


def test_a_labelled_project_period_that_ended_before_the_budget_year_is_a_warning(tmp_path):
    text = "政务服务平台运维项目，项目实施期：2021年-2023年，预算20万元。\n" + ANCHOR
    findings = fired(_one(tmp_path, "p", "004", (ANCHOR, text)), PERIOD)
    assert [(f.severity, f.stated) for f in findings] == [("warning", "实施期：2021年-2023年")]
    assert "政务服务平台运维项目" in findings[0].evidence[0].source.text


def test_periods_reaching_the_budget_year_and_project_names_are_quiet(tmp_path):
    text = ("政务服务平台运维项目，实施周期为2023年至2025年。"
            "2022-2023年信息化运维项目尾款20万元。\n" + ANCHOR)
    assert fired(_one(tmp_path, "q", "004", (ANCHOR, text)), PERIOD) == []
    for prefix in ("000", "001", "003", "004"):
        assert fired(seed(prefix), PERIOD) == [], prefix


# --- form-department-wording-in-unit / form-unit-wording-in-department ----------------------

IN_UNIT = "form-department-wording-in-unit"
IN_DEPT = "form-unit-wording-in-department"


def test_department_documents_are_not_judged_for_department_wording():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), IN_UNIT) == [], prefix
        assert fired(seed(prefix), IN_DEPT) == [], prefix


def test_department_wording_in_a_document_titled_a_units_is_info(tmp_path):
    unit = _one(tmp_path, "u", "003", ("2024年部门预算情况说明", "2024年单位预算情况说明"))
    assert unit.metadata.level == "unit"
    findings = fired(unit, IN_UNIT)
    assert findings and {f.severity for f in findings} == {"info"}
    assert {"部门预算情况", "部门收支"} <= {f.stated for f in findings}


def test_affiliation_sentences_are_not_department_wording(tmp_path):
    unit = _one(tmp_path, "a", "003", ("2024年部门预算情况说明", "2024年单位预算情况说明"),
                ("三、部门预算情况说明", "三、预算情况说明"), ("二、部门收支总体情况", "二、收支总体情况"),
                ("部门预算公开联系人", "预算公开联系人"),
                ("2024年本单位未使用", "本单位预算纳入主管部门部门预算。2024年本单位未使用"))
    assert fired(unit, IN_UNIT) == []


def test_a_unit_heading_in_a_department_document_is_info(tmp_path):
    dept = _one(tmp_path, "d", "003", ("三、部门预算情况说明", "三、单位预算情况说明"))
    assert dept.metadata.level == "department"
    findings = fired(dept, IN_DEPT)
    assert [(f.severity, f.stated) for f in findings] == [("info", "单位预算情况")]


# --- form-repeated-text ------------------------------------------------------------------

REPEATED = "form-repeated-text"
SENTENCE = "2024 年本部门无使用政府性基金预算拨款安排的支出，与上年保持一致。"


def test_the_seeds_print_no_sentence_twice_in_a_row():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), REPEATED) == [], prefix


def test_a_sentence_twice_in_a_row_is_a_reading_note(tmp_path):
    doubled = _one(tmp_path, "s", "004", (SENTENCE, SENTENCE + SENTENCE))
    findings = fired(doubled, REPEATED)
    assert [f.severity for f in findings] == ["info"]
    assert "政府性基金" in findings[0].evidence[0].source.text
    line = _one(tmp_path, "l", "004", (SENTENCE, SENTENCE + "\n" + SENTENCE))
    assert len(fired(line, REPEATED)) == 1


def test_a_sentence_repeated_further_on_is_no_overlap(tmp_path):
    apart = _one(tmp_path, "a", "004", (SENTENCE, SENTENCE + "本部门无国有资本经营预算拨款。" + SENTENCE))
    assert fired(apart, REPEATED) == []


# --- form-listed-item-unfunded --------------------------------------------------------------

LISTED = "form-listed-item-unfunded"
USES = "主要用于办公费、水电费、差旅费、会议费、培训费及其他商品和服务支出等。"


def test_an_item_listed_as_a_use_without_money_in_the_table_is_a_note():
    # seed 004 prints 办公费, 差旅费, 培训费 … in 表三 but no 会议费 (30215)
    findings = fired(seed("004"), LISTED)
    assert [(f.severity, f.stated) for f in findings] == [("info", "会议费")]
    roles = [e.role for e in findings[0].evidence]
    assert roles == ["listed-items"] and "主要用于办公费" in findings[0].evidence[0].source.text


def test_another_unfunded_item_in_the_general_form(tmp_path):
    other = _one(tmp_path, "o", "004", (USES, "主要用于办公费、印刷费、差旅费、培训费等。"))
    assert [f.stated for f in fired(other, LISTED)] == ["印刷费"]


def test_items_with_money_definitions_and_template_lists_are_quiet(tmp_path):
    funded = _one(tmp_path, "f", "004", (USES, "主要用于办公费、水电费、差旅费、培训费及其他商品和服务支出等。"))
    assert fired(funded, LISTED) == []
    definition = _one(tmp_path, "d", "004", (USES, "。机关运行经费：指行政单位的公用经费，主要包括会议费、印刷费等。"))
    assert fired(definition, LISTED) == []
    # the whole 302 class as the template defines it: no statement of this year's uses
    template = ("主要包括：办公费、印刷费、咨询费、手续费、水费、电费、邮电费、取暖费、物业管理费、差旅费、"
                "维修（护）费、租赁费、会议费、培训费、公务接待费、专用材料费、劳务费、委托业务费等。")
    assert fired(_one(tmp_path, "t", "004", (USES, template)), LISTED) == []
