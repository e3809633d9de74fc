"""Issue #8, the ninth batch of documents from templates neither corpus holds (docs/accuracy.md
"Unseen batch 9 (session 16)": 棠溪镇 2022 项目支出绩效自评表, 红河州数据发展中心 2024 自评报告, 岳阳
2018 部门整体支出自评, 汨罗市中医院 2017 收支决算总表, 马家镇卫生院 2017, 复兴小学 2019, 龙泉 2018,
牟定 2017, 者米乡中学 2019, 西藏驻沪办 2024 …): what was misread there, each pattern as synthetic
variants (other units, years and figures) with near misses that keep their old reading. Assertions
are the metadata of a whole page run through the pipeline, or (measure, basis, value) triples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .inline_text import kind_year_triples, page_metadata

D = Decimal
#: lines enough that a page is no cover (whose joined lines are read as a title)
FILLER = "".join(f"（{i}）本段说明部门预算的编制依据和原则。\n" for i in range(14))


meta, triples = page_metadata, kind_year_triples


# --- an attachment's title with its year makes a disclosure ---------------------------------------

@pytest.mark.parametrize("text, year", [
    ("附件: 项目支出绩效自评表 (2021年度) 项目名称 委托业务项目 主管部门 某县某镇人民政府 项目资金 (万元) "
     "年初预算数 全年预算数 全年执行数 分值 执行率 得分 其中:本年财政拨款 60 59.5 59.5 绩效指标 一级指标\n", 2021),
    ("发布机构: 某州信息中心\n某州信息中心2023年度项目支出绩效单位自评报告\n一、基本情况\n"
     "2023年,某州信息中心实施项目共6个,年初批复预算6个项目320万元,实际到位资金300万元。\n", 2023),
    ("某市某局2019绩效评价自评报告及评分表(整体支出)\n某市2019年度部门整体支出\n绩效评价自评报告\n"
     "人员编制\n15\n实有人数\n14\n", 2019),
    ("某县人民医院医改信息公开\n2018年医疗卫生计生机构收支决算总表(按功能分类) |\n金额单位:元 |\n合计 |\n"
     "52,011,988.25 |\n", 2018),
])
def test_an_attachments_title_with_its_year_makes_a_disclosure(tmp_path, text, year):
    """棠溪镇 2022 (a national 项目支出绩效自评表 flattened to one line), 红河州数据发展中心 2024 (项目支出
    绩效单位自评报告), 岳阳 2018 (部门整体支出绩效评价自评报告) and 汨罗市中医院 2017 (a 收支决算总表) were
    "not a disclosure": each printed its title and no second budget word. A final account's year."""
    got = meta(tmp_path, text)
    assert got.is_disclosure and got.kind == "final" and got.year == year


@pytest.mark.parametrize("text", [
    "关于报送2022年度项目支出绩效自评报告的通知\n各预算单位:请于6月30日前报送绩效自评结果。\n",
    "某学院预算绩效管理办法(试行)\n第一条 为加强预算绩效管理,制定本办法。\n第二条 各单位报送自评结果。\n",
    "2021年度部门整体支出绩效自评报告评审会议顺利召开\n会议听取了各单位的汇报。\n",
])
def test_near_miss_a_notice_or_a_regulation_naming_such_a_title_is_none(tmp_path, text):
    assert not meta(tmp_path, text).is_disclosure


def test_a_whole_departments_self_evaluation_is_a_departments(tmp_path):
    """岳阳 2018: "岳阳市2018年度部门整体支出 / 绩效评价自评报告" of a 中心 read as a 单位's (the name's
    ending only); 部门整体支出 is the department's own evaluation."""
    text = ("某市数字城管中心2020绩效评价自评报告及评分表\n某市2020年度部门整体支出\n绩效评价自评报告\n"
            "部门(单位)名称: 某市数字城管中心\n")
    assert meta(tmp_path, text).level == "department"


# --- no unit from a word that ends like a name, from a portal's menu ------------------------------

@pytest.mark.parametrize("sentence", [
    "经某市财政局汇总,2018年某市部门及乡镇政府(街道办事处),包括行政单位和其他单位因公出国(境)经费、公务接待费、"
    "公车购置费,公车运行费(“三公”经费)决算总额2771万元,比上年下降1.8%。",
    "经某县财政局汇总,2019年某县部门和乡镇,包括各单位的公务接待费、公务用车购置费,公务用车运行(“三公”经费)"
    "决算总额512万元。",
])
def test_a_word_ending_like_a_name_is_no_unit(tmp_path, sentence):
    """龙泉 2018: the tail "公车运行" (运行 ends on 行, as 银行) and then "某市部门及乡镇政府" were read
    as the unit of a city's aggregate 三公 page, which names none."""
    assert meta(tmp_path, sentence + "\n").unit is None


def test_near_miss_a_bank_still_ends_a_name(tmp_path):
    assert meta(tmp_path, "中国人民银行某县支行2022年部门决算\n目录\n").unit == "中国人民银行某县支行"


@pytest.mark.parametrize("menu", [["首页", "沪办之窗", "招商引资", "新闻中心", "走进西藏"],
                                  ["网站首页", "政务公开", "办事服务", "信息中心", "互动交流"]])
def test_a_portals_menu_is_no_unit(tmp_path, menu):
    """西藏驻沪办 2024: the menu lines "招商引资" + "新闻中心" joined into the unit 招商引资新闻中心."""
    text = "\n".join(menu) + ("\n来源:某办 日期:2025-10-15\n目 录\n第一部分 基本情况\n第二部分 2024年度部门决算公开表\n"
                              "第三部分 2024年度部门决算情况说明\n")
    assert meta(tmp_path, text).unit is None


def test_near_miss_a_short_title_line_without_a_menu_is_the_unit(tmp_path):
    text = "某县财政局\n2024年\n部门决算\n目 录\n第一部分 部门概况\n"
    assert meta(tmp_path, text).unit == "某县财政局"


# --- a unit named in its part heading or leading a sentence with its place -------------------------

@pytest.mark.parametrize("heading, unit", [
    ("第一部分 金平苗族瑶族傣族自治县者米乡中学概况", "金平苗族瑶族傣族自治县者米乡中学"),
    ("第一部分 某县某镇第二中学概况", "某县某镇第二中学"),
])
def test_the_part_describing_the_unit_names_it(tmp_path, heading, unit):
    """者米乡中学 2019: its title is not on the page, its 目录 and body print "第一部分 …者米乡中学概况"."""
    text = (f"目录\n{heading}\n一、主要职能\n第二部分 2019年度部门决算表\n一、收入支出决算总表\n{FILLER}{heading}\n"
            "一、主要职能\n本校实施义务教育。\n")
    assert meta(tmp_path, text).unit == unit


def test_near_miss_a_part_heading_without_a_name(tmp_path):
    text = "目录\n第一部分 基本情况\n第二部分 2024年度部门决算公开表\n第一部分 基本情况\n一、部门职责\n"
    assert meta(tmp_path, text).unit is None


@pytest.mark.parametrize("unit", ["达州市达川区马家镇卫生院", "某省某市某县城关镇卫生院"])
def test_a_sentence_led_by_the_units_full_name_and_year_names_it(tmp_path, unit):
    """马家镇卫生院 2017 (the opening of a page without its title): the unit is printed only in
    sentences, "…马家镇卫生院2017年度财政拨款收入决算总计177.28万元" and "2017年…卫生院本年收入合计";
    the year's 年 must not be taken for the start of its place."""
    text = (f"一、基本职能及主要工作\n我院是一所一级乙等基层医疗卫生机构。\n{FILLER}三、收支决算总体情况\n"
            f"2017年{unit}本年收入合计597.52万元,与2016年相比增加39.42万元。\n"
            f"{unit}2017年度财政拨款收入决算总计177.28万元。与2016年相比增加22.13万元,增加12.28%;原因是目标考核"
            "增加,财政补助收入相应增加,人员经费和公用经费相应增加。\n")
    got = meta(tmp_path, text)
    assert got.unit == unit and got.level == "unit"


@pytest.mark.parametrize("line", [
    "经县财政局汇总2018年度“三公”经费决算总额2771万元,比上年下降1.8%,其中公务接待费决算1033万元,公务用车运行费决算1204万元。",
    "复兴小学2019年度支出预算总额为658.66万元,其中:工资和福利支出562.52万元,商品和服务支出88.90万元,资本性支出2.00万元。"])
def test_near_miss_a_lead_in_or_a_name_without_its_place(tmp_path, line):
    """In the body (not a title: the page has more lines than a cover), a lead-in (经县财政局汇总) or
    a short name without its place leads no unit."""
    assert meta(tmp_path, f"一、收支情况\n{FILLER}{line}\n").unit is None


# --- a comparison closed by 相比 before the amount ---------------------------------------------

@pytest.mark.parametrize("line, measure, change, pct", [
    ("其中:财政拨款收入177.28万元,占29.67%,与2016年相比21.79万元,增加14.01%;", "income.fiscal", "21.79", "14.01"),
    ("本年支出合计525.54万元,与上年相比59.42万元,下降10.16%。", "expense.total", "-59.42", "-10.16"),
])
def test_an_amount_after_a_closed_comparison_is_the_change(line, measure, change, pct):
    """马家镇卫生院 2017: "与2016年相比21.79万元,增加14.01%" was read as last year's figure 21.79
    (and the implied change as 155.49); the amount is the change, its sign the percentage's word."""
    got = triples("final", 2017, "2017年本年收入合计597.52万元。", line)
    assert (measure, "change_prior", D(change)) in got and (measure, "pct_change_prior", D(pct)) in got
    assert not {t for t in got if t[0] == measure and t[1] == "prior"}


def test_near_miss_no_direction_after_it_or_the_basis_figure_inside_the_comparison():
    got = triples("final", 2017, "本年支出合计525.54万元,与2016年相比59.42万元。")
    assert not {t for t in got if t[1] in ("prior", "change_prior")}
    got = triples("final", 2017, "本年支出合计525.54万元,比2016年的584.96万元减少59.42万元。")
    assert {("expense.total", "prior", D("584.96")), ("expense.total", "change_prior", D("-59.42"))} <= got


# --- 增加支出 / 增加收入: the direction word's own noun --------------------------------------------

@pytest.mark.parametrize("line, value", [
    ("支出预算总额较2018年增加支出167.3923万元。", "167.3923"),
    ("支出预算总额较上年减少支出12.5万元。", "-12.5"),
])
def test_a_direction_word_with_its_noun_states_the_change(line, value):
    """复兴小学 2019: "支出预算总额较2018年增加支出167.3923万元" (a noun between the word and the
    figure) stated no change."""
    assert ("expense.total", "change_prior", D(value)) in triples("budget", 2019, line)


# --- a reason's list: each item names its own subject ----------------------------------------------

def test_a_reasons_items_are_not_the_first_items():
    """复兴小学 2019: "主要原因是人员经费预算增加126.2215万元、商品和服务支出增加34.06万元、对个人和家庭
    补助支出增加5.1108万元" filed all three figures under 人员经费."""
    got = triples("budget", 2019, "支出预算总额较2018年增加支出167.3923万元,主要原因是人员经费预算增加126.2215万元、"
                                  "某某专项支出增加34.06万元、其他补助支出增加5.1108万元。")
    personnel = {t for t in got if t[0] == "expense.general.basic.personnel"}
    assert personnel == {("expense.general.basic.personnel", "change_prior", D("126.2215"))}


def test_near_miss_a_known_item_after_the_comma_keeps_its_own_figure():
    """Seed 003's wording: an item with its own alias after 、 is still read as that item's."""
    got = triples("budget", 2024, "收入较去年减少9.82万元,主要是人员减少工资薪金减少9.82万元、工资薪金减少1.5万元。")
    assert {("reason.wages", "change_prior", D("-9.82")), ("reason.wages", "change_prior", D("-1.5"))} <= got


# --- 决算汇总数: an aggregate's final figure -------------------------------------------------------

@pytest.mark.parametrize("line", [
    "按2016年同口径数据对比,2017年全县一般公共预算财政拨款“三公”经费支出决算汇总数为583.83万元,较2016年减少26.89万元。",
    "2017年全县“三公”经费决算汇总数为583.83万元。",
])
def test_an_aggregates_summed_final_figure_is_the_years(line):
    """牟定 2017: "…“三公”经费支出决算汇总数为583.83万元" was read only as implied by its parts."""
    assert ("three_public.total", "current", D("583.83")) in triples("final", 2017, line)


def test_near_miss_a_summed_figure_of_last_year():
    got = triples("final", 2017, "2016年全县“三公”经费决算汇总数为610.72万元。")
    assert ("three_public.total", "current", D("610.72")) not in got


# --- a gloss closing a list of parts names their whole ----------------------------------------------

@pytest.mark.parametrize("line, total, pct", [
    ("2018年某市部门及乡镇政府(街道办事处),包括行政单位和其他单位因公出国(境)经费、公务接待费、公车购置费,"
     "公车运行费(“三公”经费)决算总额2771万元,比上年下降1.8%。", "2771", "-1.8"),
    ("2019年某县各单位因公出国(境)费、公务接待费、公务用车购置及运行维护费(以下简称“三公”经费)决算数为640.5万元,"
     "比上年增长2.5%。", "640.5", "2.5"),
])
def test_a_gloss_after_a_list_of_parts_names_the_whole(line, total, pct):
    """龙泉 2018: the total "(“三公”经费)决算总额2771万元,比上年下降1.8%" after the list of its parts was
    unread (a gloss after a name we have no key for blocks its alias)."""
    got = triples("final", int(line[:4]), line)
    assert {("three_public.total", "current", D(total)),
            ("three_public.total", "pct_change_prior", D(pct))} <= got


def test_near_miss_a_gloss_of_one_item_still_names_nothing():
    """"（1）行政运行（行政及参公单位基本支出）2678.58万元": the 项's figure, never 基本支出's; a gloss
    after one part, no list, is read as before (nothing)."""
    got = triples("final", 2023, "（1）行政运行（行政及参公单位基本支出）2678.58万元,较上年减少12万元。")
    assert not {t for t in got if t[0] == "expense.basic"}
    assert not triples("final", 2019, "2019年某县公务用车购置及运行维护费(“三公”经费)决算总额640.5万元,比上年增长2.5%。")
