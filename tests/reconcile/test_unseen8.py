"""Issue #8, the eighth unseen batch (docs/accuracy.md "Unseen batch 8 (session 15)"): findings
judged false on the page — each as synthetic variants of the pattern — with near misses that keep
the finding, and the true defects of the batch that must stay found."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import process

SECTIONS = "form-required-section-missing"

# 河西务镇 2023 (an excerpt): a 目录 without leaders, then the 概况 cut off before 第二部分's body
CONTENTS = """{unit}{year}年部门预算
目 录
第一部分 概 况{page1}
一、主要职责{page1}
二、机构设置情况{page1}
第二部分 {year}年部门预算情况说明{page2}
一、关于收支总体情况表的说明{page2}
二、关于收入总体情况表的说明{page2}
三、关于支出总体情况表的说明{page2}
四、关于财政拨款收支总体情况表的说明{page2}
五、关于一般公共预算支出情况的说明{page2}
六、关于一般公共预算“三公”经费支出情况表的说明{page2}
七、其他重要事项的情况说明{page2}
第三部分 名词解释{page3}
第四部分 {year}年部门预算表{page3}
"""
CUT = ("{unit}主要负责本镇全面工作，包括农业、林业、经济发展等各项工作。\n{unit}内设 21 个职能处室；"
       "下辖 0 个预算单位。\n按照综合预算的原则，{unit}所有收入和支出均纳入部门预算管理。收入包括：一般公共预算"
       "拨款收入 6526.3万元、政府性基金预算拨款收入 0 万元、其他收入 0\n")
BODY = """第一部分 概 况
一、主要职责
{unit}主要负责本镇全面工作。
二、机构设置情况
内设 21 个职能处室。
第二部分 {year}年部门预算情况说明
一、关于收支总体情况表的说明
{year}年收支总预算6526.3万元，比上年增加100万元，主要原因是人员增加。
二、关于收入总体情况表的说明
{year}年收入预算6526.3万元，其中一般公共预算拨款收入6526.3万元。
三、关于支出总体情况表的说明
{year}年支出预算6526.3万元，其中基本支出5000万元，项目支出1526.3万元。
四、关于财政拨款收支总体情况表的说明
{year}年财政拨款收支总预算6526.3万元。
五、关于一般公共预算支出情况的说明
{year}年一般公共预算支出6526.3万元。
六、关于一般公共预算“三公”经费支出情况表的说明
{year}年“三公”经费预算10万元，其中公务接待费10万元。
七、其他重要事项的情况说明
（一）机关运行经费：{year}年机关运行经费预算300万元。
（二）国有资产占有使用情况：共有车辆2辆。
第三部分 名词解释
一般公共预算拨款收入：指区级财政当年拨付的资金。
"""


def findings(tmp_path, text: str, name: str = "page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return process(str(path)).audit.findings


def fired(found, rule: str) -> list[str]:
    return [f.expected for f in found if f.rule == rule]


@pytest.mark.parametrize("unit, year, pages", [
    ("天津市武清区河西务镇人民政府", 2023, ("", "", "")),
    ("山西省吕梁市离石区交口街道办事处", 2021, (" 1", " 12", " 14")),
    ("某县某镇人民政府", 2024, (" 3", " 5", " 9"))])
def test_a_text_cut_before_the_body_of_its_contents_is_not_assessed(tmp_path, unit, year, pages):
    """河西务镇 2023 and 交口街道 2021 (excerpts): a 目录 whose entries are never printed again —
    the copy stops in the 概况 or the preamble — was audited for sections as if whole (政府采购,
    机关运行经费, 收支总体 reported missing, where the 目录 lists 其他重要事项 and 决算情况说明)."""
    page1, page2, page3 = pages
    text = CONTENTS.format(unit=unit, year=year, page1=page1, page2=page2, page3=page3)
    assert fired(findings(tmp_path, text + CUT.format(unit=unit)), SECTIONS) == []


def test_near_miss_the_contents_followed_by_the_body_is_audited(tmp_path):
    """The same 目录 followed by the whole body, which explains no 政府采购: still reported."""
    unit, year = "某县某镇人民政府", 2024
    text = CONTENTS.format(unit=unit, year=year, page1="", page2="", page3="") + BODY.format(
        unit=unit, year=year)
    assert "政府采购情况" in fired(findings(tmp_path, text), SECTIONS)


# --- 鹿寨县 2019: a web page's title over its heading is no doubled text layer ---------------------

REPEATED = "form-repeated-text"
SANGONG = ("{title}\n{title}\n根据中央和自治区关于推进政府预算信息公开的决策部署,经县财政局汇总,现将2019年决算支出情况公布如下:\n"
           "2019年,一般公共预算拨款安排的“三公”经费决算支出数为1165.08万元。{tail}\n")


@pytest.mark.parametrize("title", ["2019年度鹿寨县“三公”经费支出决算情况", "某县2022年度部门决算公开说明（汇总）"])
def test_a_title_over_its_heading_is_not_repeated_text(tmp_path, title):
    assert fired(findings(tmp_path, SANGONG.format(title=title, tail="")), REPEATED) == []


def test_near_miss_a_sentence_printed_twice_in_the_body_is_noted(tmp_path):
    line = "其中:公务用车购置费支出204.78万元,同比减少54.2万元,下降20.93%。"
    text = SANGONG.format(title="2019年度鹿寨县“三公”经费支出决算情况", tail="\n" + line + "\n" + line)
    assert fired(findings(tmp_path, text), REPEATED)
