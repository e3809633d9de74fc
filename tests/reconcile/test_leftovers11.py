"""Issue #8, batch 10's open misses (docs/accuracy.md "Batch 10's open misses (session 18, branch
leftovers11)"): findings that must not fire on a convention's wording, and the identities the
batch's pages break — each as synthetic variants of the pattern, with near misses."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import process

#: lines enough that a page is no cover (whose joined lines are read as a title)
FILLER = "".join(f"（{i}）本段说明编制依据和原则。\n" for i in range(14))


def run(tmp_path, text: str):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return process(str(path))


# --- the level convention: a grassroots unit's template may print 部门 ------------------------------

@pytest.mark.parametrize("title, body", [
    ("2021年度某县某乡卫生院部门决算", "本部门2021年度收入合计100.00万元。部门收支总体情况如下。"),
    ("2020年度某市妇幼保健院部门决算公开", "本部门2020年度收入合计88.00万元。"),
    ("2023年某县某镇中心小学部门预算", "本部门2023年收入预算56.00万元。部门收支预算总体情况如下。"),
])
def test_a_grassroots_units_department_template_is_a_unit_and_no_defect(tmp_path, title, body):
    """观庄乡卫生院 2022 and 格尔木办事处中学 2025 (batch 10), 者米乡中学 (batch 9): a 卫生院, 保健院 or
    school is a 单位 (实施条例 §6; the owner's main-corpus manifest) even when its template's title
    prints 部门决算 — and the template's 部门 wording is then no form-level-wording defect."""
    result = run(tmp_path, f"{title}\n目 录\n第一部分 部门概况\n{body}\n" + FILLER)
    assert result.disclosure.metadata.level == "unit"
    assert not [f for f in result.audit.findings if f.rule.startswith("form-department-wording")]


def test_near_miss_a_department_keeps_its_level(tmp_path):
    """A 卫生健康局 (an organ with units under it) titled 部门决算 stays a 部门."""
    text = "2021年度某县卫生健康局部门决算\n目 录\n第一部分 部门概况\n本部门2021年度收入合计900.00万元。\n"
    assert run(tmp_path, text + FILLER).disclosure.metadata.level == "department"


def test_near_miss_a_unit_titled_unit_still_has_its_wording_noted(tmp_path):
    """A 卫生院 whose own title says 单位决算 and whose text then speaks of 本部门 keeps the info:
    the convention excuses the template's title, not a slip against the document's own words."""
    text = ("2021年度某县某乡卫生院单位决算\n目 录\n第一部分 单位概况\n本部门2021年度收入合计100.00万元。\n"
            + FILLER)
    got = [f for f in run(tmp_path, text).audit.findings if f.rule == "form-department-wording-in-unit"]
    assert len(got) == 1


# --- zero changes join the change identities ------------------------------------------------------

def test_a_total_without_change_against_a_part_that_changed(tmp_path):
    """"与上年相比无变动" of the 三公 total is a change of 0 (prior = current, implied): a part that
    grew 0.50 while the others did not move breaks the total's change."""
    text = ("某县某镇中心小学2023年部门预算\n2023年“三公”经费预算数为4.50万元,与上年相比无变动。其中:因公出国(境)费"
            "0万元,与上年相比无变动;公务用车购置及运行维护费3.00万元,与上年相比未变动;公务接待费1.50万元,"
            "比上年增加0.50万元。\n")
    got = [f for f in run(tmp_path, text).audit.findings if f.rule == "three-public-total"]
    assert [(f.basis, f.stated, f.expected) for f in got] == [("change_prior", "0", "0.50")]


def test_near_miss_zero_changes_that_add_up_hold(tmp_path):
    text = ("某县某镇中心小学2023年部门预算\n2023年“三公”经费预算数为4.50万元,与上年相比无变动。其中:因公出国(境)费"
            "0万元,与上年相比无变动;公务用车购置及运行维护费3.00万元,与上年相比未变动;公务接待费1.50万元,"
            "比上年增加0万元。\n")
    result = run(tmp_path, text)
    assert not [f for f in result.audit.findings if f.rule == "three-public-total"]
    assert result.audit.identities_held == result.audit.identities_evaluated > 0


# --- the fund lines of a paragraph against its 财政拨款 total, in prose ------------------------------

FUNDS = """某省某县人民法院{y}年度部门决算
三、财政拨款收入支出决算总体情况说明
{y}年度财政拨款本年收入{fi}万元,比上年增加{fic}万元;本年支出{fe}万元,比上年增加{fec}万元。
一般公共预算财政拨款本年收入{gi}万元,比上年增加{gic}万元;本年支出{ge}万元,比上年增加{gec}万元。
政府性基金预算财政拨款本年收入{ni}万元,比上年增加{nic}万元;本年支出{ne}万元,比上年增加{nec}万元。{soe}
"""
#: 河南 检察院 2019's figures as printed (its three defects), and a variant of other figures
HENAN = dict(y=2019, fi="1205.11", fic="253.71", fe="1094.65", fec="207.42", gi="979.53", gic="28.13",
             ge="869.0", gec="240.09", ni="225.58", nic="161.78", ne="225.58", nec="161.78")
OTHER = dict(y=2021, fi="800.00", fic="50.00", fe="760.00", fec="30.00", gi="700.00", gic="60.00",
             ge="690.00", gec="45.00", ni="100.00", nic="-10.00", ne="70.00", nec="-15.00")


def fund_findings(tmp_path, values: dict, soe: str = "") -> list:
    result = run(tmp_path, FUNDS.format(soe=soe, **values))
    return sorted((f.rule, f.basis, f.stated, f.expected) for f in result.audit.findings
                  if f.rule.startswith("fund-lines-"))


def test_fund_lines_against_the_total_find_henans_three_defects(tmp_path):
    """河南 检察院 2019: the income's changes 28.13 + 161.78 against 253.71, the spending's 240.09 +
    161.78 against 207.42, and 869.0 + 225.58 = 1094.58 against 1094.65 (869.0 printed to one
    decimal: no rounding reaches it)."""
    assert fund_findings(tmp_path, HENAN) == [
        ("fund-lines-expense-prose", "change_prior", "207.42", "401.87"),
        ("fund-lines-expense-prose", "current", "1094.65", "1094.58"),
        ("fund-lines-income-prose", "change_prior", "253.71", "189.91")]


def test_near_miss_fund_lines_that_add_up_hold(tmp_path):
    """Other figures whose fund lines add up on every basis (a fund's decrease included)."""
    assert fund_findings(tmp_path, OTHER) == []


def test_near_miss_a_third_fund_named_anywhere_stops_the_comparison(tmp_path):
    """Where the page names 国有资本经营预算 money, two lines are no longer the whole: nothing is
    compared (the sum rule's three funds take over)."""
    soe = "\n国有资本经营预算财政拨款支出20.00万元。"
    assert fund_findings(tmp_path, dict(OTHER, fe="780.00"), soe) == []


def test_near_miss_rounding_of_a_line_printed_with_fewer_decimals_holds(tmp_path):
    """869.0 + 225.58 against 1094.60: inside the one-decimal figure's rounding."""
    got = fund_findings(tmp_path, dict(HENAN, fe="1094.60", fec="401.87", fic="189.91"))
    assert got == []
