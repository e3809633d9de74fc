"""Issue #8, the twelfth unseen batch (docs/accuracy.md "Unseen batch 12 (session 19, branch
unseen12)"): findings judged false on the page — each as synthetic variants of the pattern — with
near misses that keep the finding, and the true defects of the batch that must stay found."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import Disclosure, Metadata, Severity
from budgetlens.pipeline import process
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

from ..extract.test_unseen12 import _units_table

D = Decimal


def findings(tmp_path, text: str, rule: str) -> list:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.rule == rule]


# --- a page excerpt cut mid-sentence: what would follow the cut is not in the copy -------------

EXCERPT = """({year}部门预算公开)
{unit}{year}年部门预算
及“三公”经费预算编制说明
第一部分:{unit}概况
一、主要职能
{unit}(以下简称“交易中心”)为市行政审批局管理的财政全额拨款事业单位,主要职责是为全市公共资源交易活动各方当事人提供交易平台和相关服务。具体业务涉及政府采购、房建工程、市政工程、交通工程、水利工程、国土资源交易、国有产权交易、医疗器械采购等公共资源交易活动,是全市开展公共资源交易活动的唯一平台。
二、机构设置情况
{unit}为市行政审批局管理的相当正科级事业单位,内设综合部、信息技术部、开标评标服务部、交易服务部、财务部5个部室,场所面积约1400平米。
三、人员构成及编制现状
{year}年我单位人员编制总数为{staff}人,实有在职人员总数{staff}人,实有离休人员0人,实有退休人员0人。具体情况如下:
按照人社局核定的岗位核算工资,目前套用核定的工资岗位为专技岗7人(其中:专技6级1人、专技十级2人、专技十一级1人、专技十二级3人);管理岗位4人(其中:管理八级2人,管理9级2人);工勤岗3人。
第二部分:{unit}{year}年部门预算报表
一、财政拨款收支总表
二、一般公共预算支出表
三、一般公共预算基本支出表
四、部门预算资金安排的“三公”经费情况表
五、政府性基金预算拨款支出预算表
六、部门收支总表
七、部门收入总表
八、部门支出总表
(上述报表详见附件)
第三部分:{unit}{year}年部门预算及“三公”经费预算说明
一、{year}年收支总体情况
(一)收入预算说明。
{year}年收入总预算{total}万元,同比增加{change}万元,同比增长{pct}%。其中:一般公共财政预算拨"""

VALUES = [
    dict(year=2018, unit="某市公共资源交易中心", staff=15, total="317.6", change="8.25", pct="2.7"),
    dict(year=2019, unit="某县政务服务中心", staff=9, total="205.40", change="19.60", pct="10.55"),
]


@pytest.mark.parametrize("values", VALUES)
def test_a_cut_excerpt_lacks_no_section_and_no_reason(tmp_path, values):
    """防城港 公共资源交易中心 2018 (a page excerpt stopping at "其中:一般公共财政预算拨"): 名词解释 and
    机关运行经费 "missing" (two warnings, two infos of the recommended sections) and the reason of
    "同比增加8.25万元" missing — the sections and the reason that would follow the cut are past the
    end of the copy."""
    text = EXCERPT.format(**values)
    for rule in ("form-required-section-missing", "form-recommended-section-missing",
                 "form-change-reason-missing"):
        assert not findings(tmp_path, text, rule), rule


@pytest.mark.parametrize("ending", ["款收入{total}万元。",
                                    # the last sentence over two printed lines, the first ending
                                    # on 、(江苏 高级法院 2018's glossary line): its last line decides
                                    "款收入{total}万元、\n本年无上级补助收入、事业收入和其他收入。"])
@pytest.mark.parametrize("values", VALUES)
def test_near_miss_a_text_ending_its_sentence_is_judged(tmp_path, values, ending):
    """The same text closing its last sentence ("…拨款收入X万元。") is whole as far as it goes: the
    sections it lacks and the reason it does not give are found."""
    text = EXCERPT.format(**values) + ending.format(**values)
    assert {f.expected for f in findings(tmp_path, text, "form-required-section-missing")} >= {
        "名词解释", "机关运行经费"}
    assert findings(tmp_path, text, "form-change-reason-missing")


@pytest.mark.parametrize("values", VALUES)
def test_near_miss_a_section_closed_before_the_cut_gave_its_reasons_or_none(tmp_path, values):
    """马家镇卫生院 2017 (batch 9): the 收支 changes of 三、 with no reason, the excerpt cut inside 四、
    ("…原因是目标考核"): the next heading closed their section before the cut, so their missing
    reason is still found (five true warnings, kept). The 支出 sentence changes by another figure:
    the same change printed again for the same money, with a reason, explains both
    (reconcile/form_reason_echo.py)."""
    other = Decimal(values["change"]) + Decimal("1.10")
    text = (EXCERPT.format(**values) + "款收入。\n二、支出预算说明\n"
            f"{values['year']}年支出总预算{values['total']}万元,同比增加{other}万元,"
            "增加较多,原因是业务量")
    assert "income.total" in {f.measure for f in findings(tmp_path, text, "form-change-reason-missing")}


# --- units of a 三公 table by unit add up; a wrong unit figure is still found --------------------

UNIT_RULES = [r for r in load_rules() if r.id == "units-sum-to-department"]


@pytest.mark.parametrize("cut, code", [("中共某市委", "201"), ("某市人民政", "305")])
def test_units_cut_to_one_name_add_up(tmp_path, cut, code):
    """西安 宣传部 2021: 13 false units-sum-to-department errors (the 本级 dropped, the department's
    code row counted as a unit)."""
    _, facts, _ = _units_table(tmp_path, cut + "部", code, cut, ("6.00", "0.00", "6.00", "0.00"),
                               ("0.51", "0.00", "0.51", "0.00"))
    audit, _ = reconcile(Disclosure("x", Metadata(), facts=tuple(facts)), UNIT_RULES)
    assert not audit.findings and audit.identities_evaluated >= 3


def test_near_miss_a_unit_row_that_does_not_add_up_is_found(tmp_path):
    """A 本级 row whose 公务接待费 is off by 1.00 against the department's: one error, on that item."""
    _, facts, _ = _units_table(tmp_path, "中共某市委宣传", "201", "中共某市委",
                               ("6.00", "0.00", "6.00", "0.00"), ("0.51", "0.00", "0.51", "0.00"))
    wrong = [f._replace(value=D("7.00")) if (f.measure == "three_public.reception" and f.basis ==
             "current" and f.scope.endswith("（201001）")) else f for f in facts]
    audit, _ = reconcile(Disclosure("x", Metadata(), facts=tuple(wrong)), UNIT_RULES)
    assert [f.measure for f in audit.findings if f.severity == Severity.ERROR] == [
        "three_public.reception"]


# --- the batch's true defects stay found ---------------------------------------------------------

def test_a_percentage_on_the_current_figure_stays_an_error(tmp_path):
    """西安 宣传部 2021 p12: "会议费32万元，较上年减少14.2万元（44.38%）" (14.2/32, the current year's
    figure as the base; 14.2/46.2 = 30.74%): a true pct-change error."""
    text = ("某市委宣传部2021年部门综合预算\n六、部门预算“三公”经费等情况说明\n2021年本部门当年一般公共预算会议费"
            "32万元，较上年减少14.2万元（44.38%），主要原因是本年度参加会议产生的费用减少。\n")
    got = findings(tmp_path, text, "pct-change")
    assert got and got[0].severity == Severity.ERROR and got[0].measure == "meeting_fee"
