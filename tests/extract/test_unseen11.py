"""Issue #8, the eleventh batch of documents from templates neither corpus holds (docs/accuracy.md
"Unseen batch 11 (session 18, branch unseen11)": 罗湖 清水河街道 2024 三公, 广水 白泉卫生院 2023,
赫山 a 园区 centre's 2022 self-evaluation, 大英 司法局 and 青神 发改局 2023 project self-evaluation
forms, 清水县第三中学 2021, 沧州市第五中学 2021, 辛集 农业农村局 2020, 昌都 and 桂林 人民医院 2022,
通州 政协 2025, 云阳 水口镇 2022, 金凤镇 2022): what was misread there, each pattern as synthetic
variants (other units, years and figures) with near misses that keep their old reading. Assertions
are the metadata of a whole page run through the pipeline, or (measure, basis, value) triples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page

from .inline_text import page_metadata

D = Decimal
meta = page_metadata
#: lines enough that a page is no cover (whose joined lines are read as a title)
FILLER = "".join(f"（{i}）本段说明单位的主要职责和工作任务。\n" for i in range(14))


# --- a self-evaluation is a final account -----------------------------------------------------------

@pytest.mark.parametrize("opening", [
    "根据《某区财政局关于做好2021年度预算绩效自评工作的通知》,我单位组织力量对2021年部门预算整体支出"
    "进行了绩效评价,自评得分为91分,现将情况报告如下:",
    "按照要求,我中心对2023年部门预算整体支出开展了绩效自评,自评结果为优。",
])
def test_a_self_evaluation_report_is_a_final_account(tmp_path, opening):
    """赫山 2022: "…预算绩效自评工作…对2022年部门预算整体支出进行了绩效评价,自评得分为94分" read as a
    budget (部门预算 in its first lines; the masks hid 预算绩效 and with it 绩效自评), so its "“三公”年初
    预算为8万元" became the year's figure against the final 6.89 (a false measure-consistency warning)."""
    text = (opening + "\n一、基本情况\n" + FILLER + "二、一般公共预算支出情况\n"
            "“三公”年初预算为5万元,其中公务接待费年初预算5万元。“三公”经费决算支出4.20万元。\n")
    assert meta(tmp_path, text).kind == "final"


@pytest.mark.parametrize("title", [
    "部门预算项目支出绩效自评表(2022年度) | ||||||",
    "部门预算项目支出绩效自评表（2024年度）",
])
def test_a_project_self_evaluation_form_is_a_final_account(tmp_path, title):
    """大英 司法局 / 青神 发改局 2023: "部门预算项目支出绩效自评表(2023年度)" — 部门预算 names the
    project's budget, the form looks back on its execution."""
    text = (title + "\n项目名称 | 工资性支出 |\n预算执行情况(10分) | 年初预算 | 调整后预算数 | 预算执行数 |\n"
            "总额 | 100.00 | 120.00 | 118.00 | 98.33% | 10 | 9.8 |\n")
    assert meta(tmp_path, text).kind == "final"


def test_near_miss_a_budget_with_its_performance_targets_stays_a_budget(tmp_path):
    """A budget whose attachment is a 绩效目标表 (no 自评) keeps its kind."""
    text = ("某县农业农村局2024年部门预算\n目 录\n一、部门预算项目支出绩效目标表\n二、部门整体支出绩效目标表\n"
            + FILLER)
    assert meta(tmp_path, text).kind == "budget"


# --- a self-reference and a template placeholder are no unit names ----------------------------------

@pytest.mark.parametrize("line", [
    "按照通知要求,我单位组织力量对2021年部门预算整体支出进行了绩效评价,自评得分为90分。",
    "本单位组织人员对2023年度部门整体支出开展了绩效自评,自评得分为95分。",
])
def test_a_self_reference_is_no_unit(tmp_path, line):
    """赫山 2022 was named "我单位组" (我单位组织力量…: 组 ends names)."""
    assert meta(tmp_path, line + "\n" + FILLER).unit is None


@pytest.mark.parametrize("cover, unit", [
    ("某县第二中学2022年度决算公开.pdf\n2022 年度部门决算公开文本 预算代码:XXX 单位名称:河北省 XXX 厅 "
     "二〇二三年八月 2022 年度单位决算公开文本\n", "某县第二中学"),
    ("某市实验小学2021年度决算公开\n单位名称：××局\n", "某市实验小学"),
])
def test_a_template_placeholder_is_no_unit(tmp_path, cover, unit):
    """沧州市第五中学 2021: its cover kept the template's "单位名称:河北省 XXX 厅", read as the unit
    "河北省XXX厅" (and the region 河北省 from it); the page's title names the school."""
    assert meta(tmp_path, cover + "目 录\n" + FILLER).unit == unit


def test_near_miss_a_named_label_stays_the_unit(tmp_path):
    """The same cover with its label filled in keeps the label's name."""
    text = "2022 年度单位决算公开文本\n单位名称:某县第二中学\n目 录\n" + FILLER
    assert meta(tmp_path, text).unit == "某县第二中学"


# --- a disclosure's own title line with its year makes a page a disclosure --------------------------

@pytest.mark.parametrize("title, kind, year", [
    ("某县某镇人民政府2022年决算公开说明", "final", 2022),
    ("某县某乡人民政府2024年度部门预算公开", "budget", 2024),
])
def test_a_title_line_alone_makes_a_disclosure(tmp_path, title, kind, year):
    """云阳 水口镇 2022: "云阳县水口镇人民政府2022年决算公开说明" then 单位基本情况 (the copy stops before
    any figure): "not a disclosure" (one budget word where two are needed)."""
    got = meta(tmp_path, title + "\n一、单位基本情况\n职能职责\n" + FILLER)
    assert (got.is_disclosure, got.kind, got.year) == (True, kind, year)


@pytest.mark.parametrize("line", [
    "关于做好2022年决算公开说明工作的通知",
    "某县2022年决算公开说明培训会议召开",
])
def test_near_miss_a_notice_naming_a_title_is_no_disclosure(tmp_path, line):
    assert meta(tmp_path, line + "\n" + FILLER).is_disclosure is False


# --- a 其中 list cut by the end of the text leaves its total open -----------------------------------

def _claims(*texts: str) -> list:
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    document = Document("inline.txt", "text", (Page(1, lines),))
    return extract_narrative(document, Metadata(kind="final", year=2023), [])[2]


@pytest.mark.parametrize("last", [
    "2023年度收入合计980.00万元。其中:财政拨款收入600.00万元,占本年收入61%;上级补助收入0万",
    "2023年度收入合计980.00万元,其中:财政拨款收入600.00万元;事业收入",
    # a list inside the list: the cut is the outer one's (上犹 寺下镇 2022: "其中:财政拨款收入751.8万元,
    # …包括一般公共预算收入751.8万元;其他收入7000万元,…;上年结")
    "2023年度收入合计980.00万元。其中:财政拨款收入600.00万元,包括一般公共预算收入600.00万元;"
    "事业收入300.00万元;其他收",
])
def test_a_list_cut_by_the_end_of_the_text_leaves_its_total_open(last):
    """白泉卫生院 2023: the copy stops at "…;上级补助收入0万": the sources after the cut are unknown,
    so 4680.58 against 2982.61 + 0 was a false income-total-sources-combined warning."""
    got = [c for c in _claims("一、收入决算情况说明", last) if c.kind == "unnamed_part"]
    assert [(c.measure, c.basis) for c in got] == [("income.total", "current")]


@pytest.mark.parametrize("texts", [
    ("2023年度收入合计980.00万元。其中:财政拨款收入600.00万元;上级补助收入0万元。",),
    ("2023年度收入合计980.00万元。其中:财政拨款收入600.00万元;上级补助收入0万",
     "二、支出决算情况说明", "2023年度支出合计980.00万元。"),
])
def test_near_miss_a_closed_list_or_text_after_it_is_no_cut(texts):
    """A list closed by 。, or followed by more text, is the page's own list: its sum stays checked."""
    assert not [c for c in _claims("一、收入决算情况说明", *texts) if c.kind == "unnamed_part"]
