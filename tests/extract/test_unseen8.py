"""Issue #8, the eighth batch of documents from templates neither corpus holds (docs/accuracy.md
"Unseen batch 8 (session 15)": 河西务镇 2023, 天山区 2019, 鹿寨县 2019, 奉化区人民医院 2022, 贵阳
国家高新区 2024 …): what was misread there, each pattern as synthetic variants (other units,
years and figures) with near misses that keep their old reading. Assertions are the metadata of
a whole page run through the pipeline, or (measure, basis, value) triples of its facts."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import process


def run(tmp_path, text: str, name: str = "page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return process(str(path)).disclosure


def meta(tmp_path, text: str):
    return run(tmp_path, text).metadata


# --- no unit from a lead-in, a portal's chrome or a distributive subject; brackets closed ----------

@pytest.mark.parametrize("first, expected", [
    ("按照综合预算的原则,纳入天津市武清区河西务镇人民政府2023年部门预算编制范围的预算单位包括本级。",
     "天津市武清区河西务镇人民政府"),
    ("纳入某县某乡人民政府2024年部门预算编制范围的预算单位包括:某县某乡人民政府本级。", "某县某乡人民政府"),
])
def test_a_lead_in_word_is_not_part_of_the_units_name(tmp_path, first, expected):
    """河西务镇 2023: "纳入天津市武清区河西务镇人民政府2023年部门预算编制范围的…" gave the unit
    "纳入天津市…人民政府"; the name after the lead-in, printed on its own elsewhere, is the unit."""
    unit = expected
    text = (f"目 录\n第一部分 概 况\n{unit}隶属于上级人民政府管辖。\n{unit}内设 21 个职能处室。\n{first}\n"
            "收入包括:一般公共预算拨款收入 6526.3万元、政府性基金预算拨款收入 0 万元。\n")
    assert meta(tmp_path, text).unit == expected


@pytest.mark.parametrize("first", ["简体 繁体 本站支持ipv6", "繁体 简体 本站支持ipv6 无障碍"])
def test_a_portals_chrome_line_is_no_unit(tmp_path, first):
    """天山区 2019 (a district's aggregate 三公 page, no unit printed): the portal's first line
    "简体 繁体 本站支持ipv6" was read as the unit "简体繁体本站" (and so the level as 单位)."""
    text = (f"{first}\n当前位置: 首页>>政务公开>>正文\n乌鲁木齐市天山区2019年度“三公”经费公开说明\n"
            "2019年度,天山区本级一般公共预算财政拨款三公经费支出合计585.53万元,同比减少144.92万元。\n")
    assert meta(tmp_path, text).unit is None


@pytest.mark.parametrize("subject", ["各乡(镇)、县本级部门", "各镇（街道）、区本级部门"])
def test_a_distributive_subject_is_no_unit(tmp_path, subject):
    """鹿寨县 2019: "2019年,各乡(镇)、县本级一般公共预算拨款安排的…" gave the unit "各乡(镇"."""
    text = (f"2019年度某县“三公”经费支出决算情况\n经县财政局汇总,{subject}使用一般公共预算拨款安排的"
            "“三公”经费2019年决算支出情况如下:\n2019年,{subject}一般公共预算拨款安排的“三公”经费决算支出数为"
            "1165.08万元,按同口径同比减少63.96万元,下降5.2%。\n").replace("{subject}", subject)
    unit = meta(tmp_path, text).unit
    assert unit is None or not unit.startswith("各")


def test_near_miss_a_title_still_names_its_unit(tmp_path):
    text = ("某县司法局2022年“三公”经费预算情况\n按照综合预算的原则,某县司法局所有收入和支出均纳入部门预算管理。\n"
            "某县司法局2022年一般公共预算“三公”经费支出预算为79万元,比上年预算减少49万元。\n")
    assert meta(tmp_path, text).unit == "某县司法局"


@pytest.mark.parametrize("title, expected", [
    ("宁波市奉化区人民医院(宁波市奉化区人民医院医共体总院)2022年度单位决算公开",
     "宁波市奉化区人民医院(宁波市奉化区人民医院医共体总院)"),
    ("某市某区中医医院（某市某区中医医院医疗健康集团总院）2023年度单位决算公开",
     "某市某区中医医院（某市某区中医医院医疗健康集团总院）"),
])
def test_a_name_never_stops_inside_its_brackets(tmp_path, title, expected):
    """奉化区人民医院 2022: a second name in brackets, too long for a note, lost its closing bracket."""
    assert meta(tmp_path, f"{title}\n目录\n一、概况\n").unit == expected


def test_near_miss_a_bracketed_note_and_a_qualifier_are_as_before(tmp_path):
    assert meta(tmp_path, "某市人民政府办公室（外事办）2023年部门预算\n目录\n").unit == "某市人民政府办公室（外事办）"
    assert meta(tmp_path, "某县教育局（本级）2022年部门决算\n目录\n").unit == "某县教育局（本级）"


# --- a zone named by its city's short name is in that city ----------------------------------------

@pytest.mark.parametrize("zone, expected", [
    ("贵阳国家高新区", "贵州省贵阳市"), ("昆明经开区", "云南省昆明市"), ("成都高新区", "四川省成都市")])
def test_a_development_zone_is_in_the_city_it_is_named_by(tmp_path, zone, expected):
    """贵阳国家高新区 2024 (an aggregate 三公 page): a bare city short name is read only at a unit
    name's start, so "贵阳国家高新区2024年…" gave no region."""
    text = (f"{zone}2024年财政拨款 “三公”经费预算汇总说明\n{zone}2024年财政拨款安排“三公”经费共计29.05万元,"
            "其中:公务接待费预算6.45万元,公务用车运行维护费预算22.6万元。\n")
    assert meta(tmp_path, text).region == expected


@pytest.mark.parametrize("text", ["贵阳2024年财政拨款“三公”经费预算汇总说明\n本年安排“三公”经费共计29.05万元。\n",
                                  "凤台高新区2024年财政拨款“三公”经费预算汇总说明\n本年安排“三公”经费共计29.05万元。\n"])
def test_near_miss_a_bare_short_name_without_a_zone_word_or_of_a_county(tmp_path, text):
    """A bare city short name not followed by a zone word, or a county's (凤台县) before one, stays
    unread as before."""
    assert meta(tmp_path, text).region is None


# --- the year's spending compared 同比 is a final account ------------------------------------------

@pytest.mark.parametrize("line", [
    "2019年度,天山区本级一般公共预算财政拨款三公经费支出合计585.53万元(包括基本支出和项目支出安排的经费),同比减少144.92万元。",
    "2021年度,某区本级一般公共预算财政拨款“三公”经费支出总额为96.30万元(含基本支出和项目支出安排的经费),同比增加4.10万元,增长4.45%。",
])
def test_spending_compared_year_on_year_is_a_final_account(tmp_path, line):
    """天山区 2019: a 三公 page with no 决算 in it read as a budget (its only 预算 was "127个一级预算
    部门", a unit category)."""
    text = (f"某区{line[:4]}年度“三公”经费公开说明\n{line[:4]}年度某区本级一般公共预算财政拨款“三公”经费公开说明\n"
            f"共127个一级预算部门,财政供养人员共计9,244人。\n{line}\n")
    assert meta(tmp_path, text).kind == "final"


def test_near_miss_a_budgets_spending_is_named_a_budget(tmp_path):
    text = ("某县司法局2022年“三公”经费预算情况\n某县司法局2022年一般公共预算“三公”经费支出预算为79万元,"
            "比上年预算减少49万元,下降38.28%。\n")
    assert meta(tmp_path, text).kind == "budget"


# --- a flat word after a comparison of how figures are counted states no zero change -------------

def triples(kind: str, year: int, *lines: str) -> set:
    from budgetlens.model import Metadata

    from .inline_text import narrative_triples
    return narrative_triples(Metadata(kind=kind, year=year), *lines)


@pytest.mark.parametrize("line", [
    "2024 年“三公”经费预算公开口径与上年度保持一致,一是公开范围为财政拨款预算。",
    "2023年“三公”经费统计范围与上年相同,均为财政拨款安排的经费。",
    "2024年机关运行经费的核算方式与上年一致。",
])
def test_the_scope_of_counting_compared_states_no_change(line):
    """贵阳国家高新区 2024: "“三公”经费预算公开口径与上年度保持一致" gave a 三公 change of 0 (the page
    compares how it counts, not the amount)."""
    assert not {t for t in triples("budget", int(line[:4]), line) if t[1].startswith("change")}


@pytest.mark.parametrize("line, measure", [
    ("2024年“三公”经费预算29.05万元,与上年持平。", "three_public.total"),
    ("2024年机关运行经费预算120.00万元,与上年保持一致。", "admin_operating_cost")])
def test_near_miss_an_amount_compared_flat_keeps_its_zero_change(line, measure):
    found = triples("budget", 2024, line)
    assert any(m == measure and b == "change_prior" and v == 0 for m, b, v in found), found


# --- 按同口径同比: a year-on-year comparison on a like basis -----------------------------------------

@pytest.mark.parametrize("line, change", [
    ("2019年“三公”经费决算支出数为1165.08万元,按同口径同比减少63.96万元,下降5.2%。", "-63.96"),
    ("2022年公务接待费支出12.40万元,同口径同比增加1.20万元。", "1.20"),
    ("2021年“三公”经费支出合计88.00万元,按照同口径同比减少2.00万元。", "-2.00")])
def test_a_like_for_like_year_on_year_change_is_read(line, change):
    """鹿寨县 2019: "…决算支出数为1165.08万元,按同口径同比减少63.96万元" left the change unread."""
    from decimal import Decimal
    found = triples("final", int(line[:4]), line)
    assert any(b == "change_prior" and v == Decimal(change) for _, b, v in found), found


def test_near_miss_a_like_basis_without_a_comparison_states_no_change():
    found = triples("final", 2019, "按同口径计算,2019年“三公”经费决算支出数为1165.08万元。")
    assert not [t for t in found if t[1].startswith("change")]


# --- one row of figures under a two-level header, flattened one cell a line --------------------

def stream(*cells: str) -> str:
    return "\n".join(c if c.endswith("|") else f"{c} |" for c in cells) + "\n"


def table_facts(tmp_path, text: str) -> set:
    return {(f.measure, f.basis, str(f.value)) for f in run(tmp_path, text).facts if f.origin == "table"}


@pytest.mark.parametrize("unit, figures", [
    ("寿县司法局", ("79", "0", "75", "50", "25", "4")),
    ("某县财政局", ("36.5", "0", "30", "0", "30", "6.5"))])
def test_one_row_of_figures_under_a_two_level_header(tmp_path, unit, figures):
    """寿县司法局 2022: a 三公 table copied from a web page one cell a line (合计 | 因公出国(境)费 |
    公务用车购置及运行费 [小计 | 购置费 | 运行费] | 公务接待费, then six figures) was cut two cells a
    row: 79 read as 运行费, 0 as 购置费, 75 as 运行费 …"""
    total, overseas, vehicle, purchase, operation, reception = figures
    text = (f"{unit}2022年“三公”经费预算情况\n一、2022年一般公共预算“三公”经费支出预算表\n单位:万元\n"
            + stream("“三公”经费合计", "因公出国(境)费", "公务用车购置及运行费", "公务 接待费", "||", "小计",
                     "公务用车购置费", "公务用车运行费", "|||", *figures)
            + "二、2022年一般公共预算“三公”经费支出预算情况说明\n")
    assert {("three_public.total", "current", total), ("three_public.overseas", "current", overseas),
            ("three_public.vehicle", "current", vehicle),
            ("three_public.vehicle_purchase", "current", purchase),
            ("three_public.vehicle_operation", "current", operation),
            ("three_public.reception", "current", reception)} <= table_facts(tmp_path, text)


def test_the_one_row_table_shows_the_text_that_contradicts_it(tmp_path):
    """寿县司法局 2022's own defect: the table prints 购置费 50, 运行费 25; its text 运行费 50, 购置费 25."""
    text = ("寿县司法局2022年“三公”经费预算情况\n一、2022年一般公共预算“三公”经费支出预算表\n单位:万元\n"
            + stream("“三公”经费合计", "因公出国(境)费", "公务用车购置及运行费", "公务 接待费", "||", "小计",
                     "公务用车购置费", "公务用车运行费", "|||", "79", "0", "75", "50", "25", "4")
            + "二、2022年一般公共预算“三公”经费支出预算情况说明\n(三)公务用车购置及运行费支出预算75万元。其中:"
              "公务用车运行费50万元,公务用车购置费25万元。\n")
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    fired = {(f.rule, f.measure) for f in process(str(path)).audit.findings}
    assert ("measure-consistency", "three_public.vehicle_purchase") in fired


def test_near_miss_a_stream_of_several_rows_is_cut_as_before(tmp_path):
    """重庆 江北 2021's table (项目 | 预算数, a label and a figure a row): read as before."""
    text = ("2021年区本级“三公”经费预算支出表\n单位:万元\n" + stream(
        "项目", "预算数", "合计", "4432", "1.因公出国(境)费用", "39", "2.公务接待费", "323",
        "3.公务用车购置及运行维护费", "4070", "其中:公务用车运行维护费", "2648", "公务用车购置", "1422"))
    facts = table_facts(tmp_path, text)
    assert {("three_public.total", "current", "4432"), ("three_public.reception", "current", "323"),
            ("three_public.vehicle_purchase", "current", "1422")} <= facts


# --- a note on an amount, in brackets without figures, leaves the change after it to that amount ----

@pytest.mark.parametrize("line, measure, change", [
    ("2019年度,天山区本级一般公共预算财政拨款三公经费支出合计585.53万元(包括基本支出和项目支出安排的经费),"
     "同比减少144.92万元,各部门单位贯彻落实规定。", "three_public.total", "-144.92"),
    ("2023年度公务接待费支出12.5万元(含外宾接待),同比减少2.1万元。", "three_public.reception", "-2.1"),
    ("2023年本年支出合计1000万元,其中:基本支出800万元(主要用于人员工资),项目支出200万元,比上年增加20万元。",
     "expense.project", "20")])
def test_a_note_after_an_amount_keeps_its_subject(line, measure, change):
    """天山区 2019: "…支出合计585.53万元(包括基本支出和项目支出安排的经费),同比减少144.92万元" — the
    aliases in the note took the subject, and the total's change was lost."""
    from decimal import Decimal
    found = triples("final", int(line[:4]), line)
    assert (measure, "change_prior", Decimal(change)) in found, found


def test_near_miss_an_aside_with_figures_is_a_breakdown_as_before():
    from decimal import Decimal
    line = ("2023年公务用车购置及运行维护费210.95万元(公务用车购置费96万元,比上年减少76万元;公务用车运行维护费"
            "114.95万元,比上年减少19.5万元)比上年减少95.5万元,下降31.2%。")
    found = triples("final", 2023, line)
    assert {("three_public.vehicle", "change_prior", Decimal("-95.5")),
            ("three_public.vehicle_purchase", "change_prior", Decimal("-76"))} <= found
