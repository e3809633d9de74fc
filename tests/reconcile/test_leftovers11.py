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
