"""Assets and performance coverage in sentences (issue #8 item 4, session 8): equipment held above
each price threshold the templates print, with their qualifiers (专用, 大型, （不含车辆）) and a
count wrapped to the next line; equipment a budget plans to buy kept apart from the holdings; and
the performance-coverage sentences ("N个项目纳入绩效目标管理，涉及资金X", "纳入…绩效目标的金额为X").

Sentences are synthetic variants of wordings seen in 北京, 福州, 泉州, 深圳, 长沙, 西安 and 上海 documents
(each named at its test); every positive case has a near miss that must not give the fact. The last
test reads a real PDF end to end.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page

BUDGET = Metadata(kind="budget", year=2026)


def triples(meta: Metadata, *texts: str) -> set:
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    facts = extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), meta, [])[1]
    return {(f.measure, f.basis, f.value) for f in facts}


def equipment(got: set) -> set:
    return {(m, v) for m, _, v in got if "equipment" in m}


@pytest.mark.parametrize("threshold, measure", [("20", "assets.equipment_over_200k"),
                                                ("50", "assets.equipment_over_500k"),
                                                ("100", "assets.equipment_over_1m"),
                                                ("200", "assets.equipment_over_2m")])
def test_equipment_held_above_each_threshold(threshold, measure):
    got = triples(BUDGET, f"截至2025年12月31日，本单位共有车辆4辆；单位价值{threshold}万元（含）以上设备7台（套）。")
    assert equipment(got) == {(measure, Decimal(7))}
    got = triples(BUDGET, f"截至2025年底，本部门单价在{threshold}万元以上的设备12台等。")
    assert equipment(got) == {(measure, Decimal(12))}


def test_equipment_qualifiers_and_wrapped_counts():
    # 福州/泉州: "（不含车辆）" between the name and its count
    got = triples(BUDGET, "截至2025年12月31日，本单位共有车辆2辆；单价100万元（含）以上设备（不含车辆）5台（套）。")
    assert equipment(got) == {("assets.equipment_over_1m", Decimal(5))}
    # the qualifier and the count wrapped over the PDF lines
    got = triples(BUDGET, "截至2025年12月31日，本单位共有车辆3辆；单价100万元（含）以上设备（不含车",
                  "辆）2台（套）。")
    assert equipment(got) == {("assets.equipment_over_1m", Decimal(2))}
    got = triples(BUDGET, "截至2025年12月31日，本单位共有车辆3辆；单价 100 万元以上设", "备 6 台（套）。")
    assert equipment(got) == {("assets.equipment_over_1m", Decimal(6))}
    # 专用 and 大型 at 100万元 are the 决算 table's row
    got = triples(BUDGET, "截至2025年底，本单位单位价值100万元以上大型设备3台。")
    assert equipment(got) == {("assets.equipment_over_1m", Decimal(3))}
    # 通用 at 50万元 keeps its own key; a threshold without one names nothing
    got = triples(BUDGET, "截至2025年底，本单位单价50万元以上通用设备2台，单价30万元以上设备9台。")
    assert equipment(got) == {("assets.general_equipment_over_500k", Decimal(2))}


def test_equipment_a_budget_buys_is_not_held():
    # 西安 2022: "安排购置单价20万元以上的设备7台（套）"
    got = triples(Metadata(kind="budget", year=2022),
                  "2022年当年部门预算安排购置车辆0辆；安排购置单价20万元以上的设备7台（套）。")
    assert equipment(got) == {("asset_purchase.equipment_over_200k", Decimal(7))}
    assert ("three_public.vehicle.purchase_count", "current", Decimal(0)) in got
    # 福州: the holding, then the purchase in the next sentence
    got = triples(BUDGET, "截至2025年12月31日，本单位共有车辆2辆，单位价值200万元以上设备4台（套）。",
                  "2026年单位预算安排购置车辆0辆；单位预算安排购置单价100万元（含）以上设备（不含车辆）0台（套）。")
    assert equipment(got) == {("assets.equipment_over_2m", Decimal(4)),
                              ("asset_purchase.equipment_over_1m", Decimal(0))}
    # a plan with no count names nothing; a threshold of another object is no equipment
    assert not equipment(triples(BUDGET, "本部门2026年无单价100万元以上设备购置计划。"))
    assert not triples(BUDGET, "本年度政府采购单价50万元以上的项目3个。")


def performance(got: set) -> set:
    return {(m, v) for m, _, v in got if m.startswith("performance.")}


def test_projects_counted_before_their_performance_coverage():
    # 苏州: the department's whole spending, then its projects' count and funds
    got = triples(BUDGET, "2026年度，本部门整体支出纳入绩效目标管理，涉及财政性资金242,360.1万元；本部门共84个项目纳入"
                          "绩效目标管理，涉及财政性资金合计212,753.77万元，占财政性资金总额的比例为100%。")
    assert performance(got) == {("performance.department_covered_amount", Decimal("242360.1")),
                                ("performance.project_count", Decimal(84)),
                                ("performance.covered_amount", Decimal("212753.77"))}
    # 上海 (one-level projects counted after the phrase) and 长沙 (纳入…整体支出绩效目标的金额)
    got = triples(BUDGET, "2026年本部门其他运转类项目和特定目标类项目均实行绩效目标管理，共计3个一级项目，涉及资金"
                          "2,131.61万元（一级项目绩效目标表，详见表11）。")
    assert performance(got) == {("performance.project_count", Decimal(3)),
                                ("performance.covered_amount", Decimal("2131.61"))}
    got = triples(BUDGET, "本单位所有支出实行绩效目标管理。纳入2026年部门整体支出绩效目标的金额为68632.12万元。")
    assert performance(got) == {("performance.department_covered_amount", Decimal("68632.12"))}
    got = triples(BUDGET, "纳入2026年项目支出绩效目标管理的金额为1,200万元。")
    assert performance(got) == {("performance.covered_amount", Decimal(1200))}


def test_covered_funds_worded_as_an_amount():
    got = triples(BUDGET, "本部门共84个项目纳入绩效目标管理，涉及预算金额合计212,753.77万元。")
    assert ("performance.covered_amount", "current", Decimal("212753.77")) in got


def test_policies_and_projects_counted_after_the_phrase_are_no_project_coverage():
    # 烟台: "政策和项目全面实施绩效目标管理，涉及一级预算项目76个，预算资金45967.29万元" covers the whole budget
    # (45,967.29 is its 收支预算): not the projects' covered funds
    got = triples(BUDGET, "本部门2026年政策和项目全面实施绩效目标管理，涉及一级预算项目76个，预算资金45967.29万元，"
                          "其中财政拨款45832.29万元。")
    assert not performance(got)


def test_projects_and_funds_without_performance_targets_name_nothing():
    assert not performance(triples(BUDGET, "本部门共安排3个项目，涉及资金300万元。"))
    assert not performance(triples(BUDGET, "本部门共安排项目10个，预算资金500万元。"))
    assert not performance(triples(BUDGET, "本部门开展部门整体支出绩效评价，涉及资金300万元。"))
    # the count after the phrase only right after it: a later sentence is not the covered projects'
    got = triples(BUDGET, "2026年本部门其他运转类项目均实行绩效目标管理，共计3个一级项目，涉及资金2,131.61万元。",
                  "全年共计5个项目，涉及资金80万元。")
    assert performance(got) == {("performance.project_count", Decimal(3)),
                                ("performance.covered_amount", Decimal("2131.61"))}


def claims_of(meta: Metadata, *texts: str) -> list:
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    return extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), meta, [])[2]


def test_vehicle_categories_of_a_regional_list_count_in_the_sum():
    # 浙江 (湖州): a combined category, 行政执法专用车 beside 执法执勤用车, 老干部服务用车, 事业单位业务用车
    text = ("截至2025年12月31日，本部门所属各预算单位共有车辆20辆，其中，机要通信用车及应急保障用车1辆、执法执勤用车2辆、"
            "特种专业技术用车9辆、老干部服务用车1辆、行政执法专用车4辆、事业单位业务用车2辆、其他用车1辆。")
    got = {(m, v) for m, _, v in triples(BUDGET, text) if m.startswith("assets.vehicles.")}
    assert got == {("assets.vehicles.confidential_emergency", Decimal(1)),
                   ("assets.vehicles.law_enforcement", Decimal(2)), ("assets.vehicles.special", Decimal(9)),
                   ("assets.vehicles.retiree", Decimal(1)), ("assets.vehicles.enforcement_special", Decimal(4)),
                   ("assets.vehicles.business", Decimal(2)), ("assets.vehicles.other", Decimal(1))}
    assert sum(v for _, v in got) == 20
    assert not [c for c in claims_of(BUDGET, text) if c.kind == "unnamed_part"]
    # the same categories of a purchase
    got = triples(BUDGET, "2026年部门预算安排购置车辆3辆，其中，行政执法专用车2辆、老干部服务用车1辆。")
    assert {(m, v) for m, _, v in got} == {("three_public.vehicle.purchase_count", Decimal(3)),
                                          ("three_public.vehicle.purchase_count.enforcement_special", Decimal(2)),
                                          ("three_public.vehicle.purchase_count.retiree", Decimal(1))}


@pytest.mark.parametrize("sep", ["、", "，", "；"])
def test_an_unkeyed_category_in_the_list_leaves_the_sum_open(sep):
    text = f"截至2025年底，本单位共有车辆10辆，其中：机要通信用车2辆{sep}新能源试点用车3辆{sep}其他用车5辆。"
    got = {(m, v) for m, _, v in triples(BUDGET, text) if m.startswith("assets.vehicles")}
    # the unkeyed 3 is taken by no category (not the 机要通信用车 before it) ...
    assert got == {("assets.vehicles", Decimal(10)), ("assets.vehicles.confidential", Decimal(2)),
                   ("assets.vehicles.other", Decimal(5))}
    # ... and is an unnamed part: the whole is not a closed sum of the parts that have a name
    assert [c.measure for c in claims_of(BUDGET, text) if c.kind == "unnamed_part"] == ["assets.vehicles"]


def test_words_the_list_reads_are_no_unkeyed_category():
    # a change of the part, and a lead-in word, are read as before
    text = "截至2025年底，本单位共有车辆10辆，其中：机要通信用车2辆、其他用车8辆，较上年增加2辆。"
    assert not [c for c in claims_of(BUDGET, text) if c.kind == "unnamed_part"]
    # outside a 其中 list an unknown word before a count changes nothing
    got = triples(BUDGET, "截至2025年底，本单位共有车辆10辆。新能源试点用车3辆。")
    assert {(m, v) for m, _, v in got} == {("assets.vehicles", Decimal(10))}
