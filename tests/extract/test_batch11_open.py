"""Issue #8, batch 11's open misses (docs/accuracy.md "Batch 11's open misses (session 19, branch
leftovers12)"): staffing counts after a verb of holding or approval (云阳 水口镇 2022 "共有人员编制数58人",
清水三中 2021 "核定县三中事业编制170名") and the totals under a heading that names the general fund
(赫山 2022 "二、一般公共预算支出情况 1、2022年收入总计201.93万元") and the unit named only where its
机构设置 establishes it (北京 通州 政协 2025 "设立中国人民政治协商会议北京市通州区委员会,内设…"). Synthetic
variants (other units, years and figures) with near misses; assertions are (measure, basis, value)
triples or the metadata of a whole page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .inline_text import kind_year_triples, page_metadata

D = Decimal


def final(*texts: str) -> set:
    return kind_year_triples("决算", 2022, *texts)


# --- staffing counts after a verb of holding or approval ------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("我单位截止2023年底共有人员编制数46人,其中:行政编制21人,事业编制25人。",
     {("staff.authorized", "current", D(46)), ("staff.authorized.administrative", "current", D(21)),
      ("staff.authorized.institutional", "current", D(25))}),
    ("本单位现有人员编制32人。", {("staff.authorized", "current", D(32))}),
    ("核定县二中事业编制96名,校长1名。", {("staff.authorized.institutional", "current", D(96))}),
    ("核定十二中事业编制120名。", {("staff.authorized.institutional", "current", D(120))}),
    ("核定行政编制12名，事业编制6名。", {("staff.authorized.administrative", "current", D(12)),
                                        ("staff.authorized.institutional", "current", D(6))}),
    ("现有在职职工共41人,其中在编职工25人。", {("staff.actual.in_service", "current", D(41))}),
    ("核定编制40人，实有人数44人，其中在职人员36人，离休1人，退休7人。",
     {("staff.authorized", "current", D(40)), ("staff.actual", "current", D(44)),
      ("staff.actual.in_service", "current", D(36)), ("staff.retired.veteran", "current", D(1)),
      ("staff.retired.regular", "current", D(7))}),
])
def test_a_staffing_count_after_a_verb_of_holding_or_approval(text, expected):
    assert final(text) == expected


@pytest.mark.parametrize("text", [
    # an unknown noun before the staffing word still names another subject
    "核定公益性岗位编制30人。",
    # teachers in service are a part of the in-service staff, not the whole
    "截至2022年12月,实有校长1人,副校长3人,在职教师90人。",
    # the verb opens staffing words only: 处室 after a list of bodies is no count of them
    "本部门内设机构包括办公室、研究室和8个专门委员会，现有处室17个。",
])
def test_near_miss_other_counted_people_stay_unread(text):
    assert not {t for t in final(text) if t[0].startswith("staff.actual.in_service")
                or t[0] == "staff.authorized" or t[0].startswith("org.")}


# --- the totals under a heading that names the general fund ---------------------------------------

def test_totals_under_a_general_fund_heading_are_the_funds():
    """赫山 2022: the heading names the fund of the figures under it; the totals with carry-over
    were unread (no general-fund variant)."""
    found = final("二、一般公共预算支出情况", "1、2022年收入总计318.40万元。",
                  "2、2022年支出总计318.40万元,其中工资福利支出201.12万元。")
    assert ("income.fiscal.general.with_carryover", "current", D("318.40")) in found
    assert ("expense.general.grand_total", "current", D("318.40")) in found
    assert not {t for t in found if t[0] in ("income.grand_total", "expense.grand_total")}


@pytest.mark.parametrize("heading, income, expense", [
    # no fund heading: the document's own totals
    ("二、收入支出决算总体情况", "income.grand_total", "expense.grand_total"),
    # 财政拨款 heading: the fiscal account's, as before
    ("三、财政拨款收入支出决算总体情况", "income.fiscal.total_with_carryover", "expense.fiscal.grand_total"),
])
def test_near_miss_totals_under_other_headings_keep_their_reading(heading, income, expense):
    found = final(heading, "2022年收入总计318.40万元。", "2022年支出总计318.40万元。")
    assert {(income, "current", D("318.40")), (expense, "current", D("318.40"))} <= found


def test_near_miss_a_government_fund_heading_leaves_the_totals_unread():
    """Only the general fund got a variant; 政府性基金's grand totals have no key and stay unknown."""
    found = final("四、政府性基金预算财政拨款支出情况", "2022年收入总计18.40万元。")
    assert not {t for t in found if "grand_total" in t[0] or "with_carryover" in t[0]}


# --- the unit named only where the 机构设置 clause establishes it --------------------------------------

def _establishing_page(sentence: str) -> str:
    """北京 通州 政协 2025's shape: no title or label names the unit; its 机构设置 does."""
    return "\n".join([
        "目 录", "第一部分 2025年度部门预算情况说明", "一、部门情况说明", "二、收入预算情况说明",
        "三、支出预算情况说明", "第二部分 2025年度部门预算报表", "一、收支总表", "二、收入总表",
        "三、支出总表", "第一部分 2025年度部门预算情况说明", "一、部门情况", "(一)部门机构设置、主要职责",
        "1.机构设置。", sentence, "2.主要职责。", "负责本区政协委员的联络服务工作。"]) + "\n"


@pytest.mark.parametrize("sentence, unit", [
    ("根据区委批准的《某区机构改革方案》(某文〔2019〕3号)及区编办批复的《关于设立政协某市某区委员会文史研究"
     "中心的批复》(某编办〔2016〕46号),设立中国人民政治协商会议某市某区委员会,内设五个处级机构,分别为办公室、"
     "研究室、提案委员会办公室、学习委员会办公室、文史委员会办公室。", "中国人民政治协商会议某市某区委员会"),
    ("经市编委批准设立某市某区人民代表大会常务委员会办公室，下设3个科室。", "某市某区人民代表大会常务委员会办公室"),
])
def test_a_unit_established_in_its_organisation_clause(tmp_path, sentence, unit):
    assert page_metadata(tmp_path, _establishing_page(sentence)).unit == unit


@pytest.mark.parametrize("sentence", [
    # a reply's title names what it set up (inside 《》): no unit
    "根据区编办批复的《关于设立政协某市某区委员会文史研究中心的批复》(某编办〔2016〕46号),本部门内设五个处级机构。",
    # internal bodies without an establishing clause
    "本部门下设办公室、研究室、提案委员会办公室三个处级机构。",
])
def test_near_miss_no_establishing_clause_names_no_unit(tmp_path, sentence):
    assert page_metadata(tmp_path, _establishing_page(sentence)).unit is None
