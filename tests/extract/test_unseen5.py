"""Issue #8, the fifth batch of documents from templates neither corpus holds (docs/accuracy.md
"Unseen batch 5 (session 12)": 青岛, 长寿湖, 海南 华侨商业学校, 天津, 赣州, 上饶, 南昌, 宁波, 融安,
保定, 南康, 大渡口, 楚雄, 大连): what was misread there, each as synthetic variants of the pattern
with near misses that keep their old reading."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.classify import load_rules
from budgetlens.extract.classify_unit import normalise_unit
from budgetlens.model import Metadata
from budgetlens.pipeline import process

from .inline_text import narrative_triples


def run(tmp_path, text: str, name: str = "page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return process(str(path))


BODY = "\n一、部门主要职责\n负责本地区有关工作。\n二、收入支出总体情况\n2021年度收入决算总计100万元。\n"


# --- metadata: a banner printed above the title is not the unit ---------------------------------

@pytest.mark.parametrize("banner, title, unit", [
    ("欢迎访问广西柳州融安县人民政府门户网站! 今日是:\n当前所在位置:",
     "融安县大良镇人民政府2021年部门决算", "融安县大良镇人民政府"),
    ("欢迎访问某市人民政府网站！\n当前位置：", "某市审计局2022年部门决算", "某市审计局"),
    ("经济文库 - 千万精品文档,你想要的都能搜到,下载即用。", "大连工业大学2021年度决算.pdf", "大连工业大学"),
    ("某某文库：海量文档免费下载。", "某市第一中学2020年度单位决算", "某市第一中学"),
])
def test_a_banner_above_the_title_is_not_the_unit(tmp_path, banner, title, unit):
    """融安 (a county portal) and 大连工业大学 (a document library's copy): the cover joins the page's
    first lines, and the name was read from the banner's start: "欢迎访问广西柳州融安县人民政府门户
    网站" (…站 ends names) and "经济文库" (…库 too). The name right before the year, after the
    banner's last clause mark, is the unit."""
    result = run(tmp_path, f"{banner}\n{title}{BODY}")
    assert result.disclosure.metadata.unit == unit


def test_a_name_that_starts_like_one_is_kept_before_later_marks(tmp_path):
    """Near miss: a notice's header starts with the unit's own name, and a 签发人：… field with a
    person's name comes before the title; the name read from the start stays the unit (the
    seeds' 开州 notice)."""
    text = ("重庆市某区财政局 某财发〔2024〕1号 签发人：张三 重庆市某区财政局关于2024年部门预算情况公开的公告\n"
            "一、部门收支总体情况\n2024年收支预算总计300万元。\n")
    assert run(tmp_path, text).disclosure.metadata.unit == "重庆市某区财政局"


# --- metadata: traditional characters in labels and names ---------------------------------------

@pytest.mark.parametrize("label_line, unit", [
    ("   單位名稱:保定市第三中學", "保定市第三中學"),
    ("單位名稱：某縣實驗學校", "某縣實驗學校"),
])
def test_a_label_in_traditional_characters_names_the_unit(tmp_path, label_line, unit):
    """保定三中 (a school site in traditional characters): its cover prints "單位名稱:保定市第三
    中學" and a title naming 保定三中 (no organisation ending); 稱 was not in the fold table, so the
    label 单位名称 was never seen and no unit was read."""
    text = f"保定三中2022年度部門決算公開\n{label_line}\n單位決算公開文本\n2022年度收入決算總計100萬元。\n"
    assert run(tmp_path, text).disclosure.metadata.unit == unit


def test_a_placeholder_after_the_label_is_no_unit(tmp_path):
    """Near miss: a template's "單位名稱XXX" (no colon, a placeholder) names no unit."""
    text = "2022年度單位決算公開文本\n單位名稱XXX\n2022年度收入決算總計100萬元。\n"
    assert run(tmp_path, text).disclosure.metadata.unit is None


@pytest.mark.parametrize("traditional, simplified", [
    ("中國共產黨上饒市廣信區委員會辦公室", "中共上饶市广信区委员会办公室"),
    ("南康區鏡壩鎮人民政府", "南康区镜坝镇人民政府"),
    ("某縣華僑中學", "某县华侨中学"),
])
def test_a_traditional_name_compares_as_its_simplified_twin(traditional, simplified):
    """上饶 广信区委办公室 and 南康 镜坝镇 (mirrors in traditional characters): 饒, 鏡, 壩 were not
    folded, so the names read did not match the same unit's simplified name."""
    rules = load_rules()
    assert normalise_unit(traditional, rules) == normalise_unit(simplified, rules)


def test_two_different_names_stay_apart():
    """Near miss: folding does not make two units one (广信区 is not 信州区)."""
    rules = load_rules()
    assert normalise_unit("中國共產黨上饒市廣信區委員會辦公室", rules) != \
        normalise_unit("中共上饶市信州区委员会办公室", rules)


# --- metadata: kind of a 决算批复 page with the final-account form's cover -----------------------

FORM_COVER = ("部门: (略) 某职业学校 金额单位:万元 单位名称 (略) 某职业学校 单位负责人 张三 是否参照公务员法管理 否 "
              "预算级次 省级 报表小类 单户表 单位预算级次 二级预算单位 是否编制部门预算 是 是否编制政府财务报告 是 "
              "封面代码 财决公开01表 一一般公共预算财政拨款收入 1 4,627.57 一一般公共服务支出 32 0.00")


@pytest.mark.parametrize("title", ["某职业学校2022年决算批复公开资料", "某职业学校2022年度决算批复"])
def test_a_final_account_approval_with_its_form_cover_is_a_final_account(tmp_path, title):
    """海南 华侨商业学校 (an approval's attachment read as text): the title says 决算批复, but the
    cover of the final-account form lists 是否编制部门预算 (and 预算级次, 单位预算级次); the field
    was read as the title phrase 部门预算 and the kind came out as budget."""
    text = f"{title}\n详情见附件\n{FORM_COVER}\n"
    assert run(tmp_path, text).disclosure.metadata.kind == "final"


def test_a_budget_title_stays_a_budget(tmp_path):
    """Near miss: a budget page (部门预算公开) stays a budget."""
    text = "某职业学校2022年部门预算公开\n一、部门收支总体情况\n2022年收支预算总计300万元。\n"
    assert run(tmp_path, text).disclosure.metadata.kind == "budget"


# --- a page opening with the title and the first part only is a disclosure ----------------------

@pytest.mark.parametrize("heading", ["第一部分 部门概况", "第一部分:单位概况", "第1部分 部门概况"])
def test_the_opening_of_a_disclosure_is_a_disclosure(tmp_path, heading):
    """宁波 发改委 2020 (the opening of a long page): its title "…2020年部门预算", then the first
    part and the functions; the title was the only disclosure word, and the page was refused as
    no disclosure at all (kind, year, region unread)."""
    text = (f"宁波市某某局2020年部门预算\n  • 时间:2020-06-05 16:54\n{heading}\n一、主要职能\n"
            "(一)组织拟订和实施全市有关发展战略、中长期规划。\n")
    meta = run(tmp_path, text).disclosure.metadata
    assert (meta.is_disclosure, meta.kind, meta.year) == (True, "budget", 2020)


def test_a_news_page_naming_a_budget_once_is_no_disclosure(tmp_path):
    """Near miss: a news page that names 部门预算 once, with no part heading of a disclosure."""
    text = ("某市某某局召开2020年部门预算编制工作会议\n会议要求各科室认真做好有关工作。\n"
            "一、提高认识\n二、加强协调\n")
    assert run(tmp_path, text).disclosure.metadata.is_disclosure is False


# --- a bare 收支 after both totals were stated in the sentence before ----------------------------

def final_triples(*lines: str) -> set:
    return narrative_triples(Metadata(kind="final", year=2021), *lines)


@pytest.mark.parametrize("sentence", [
    "2021年度收入总计5888.49万元,支出总计5888.49万元。收支较上年决算数增加116.29万元增长2.01%,主要原因是体制补助增加。",
    "1.总体情况2021年度收入总计5888.49万元,支出总计5888.49万元。收支较上年决算数增加116.29万元,增长2.01%。",
    "2021年度收入总计5888.49万元,支出总计5888.49万元,收支较上年决算数增加116.29万元,增长2.01%。",
])
def test_a_bare_shouzhi_after_both_totals_in_its_paragraph(sentence):
    """长寿湖镇 2021: "…收入总计5888.49万元,支出总计5888.49万元。收支较上年决算数增加116.29万元增长
    2.01%": the totals close the sentence before, and the bare 收支 (both totals) was read only
    when they were stated in its own sentence, so the change and the rate were left unread."""
    got = final_triples(sentence)
    for measure in ("income.grand_total", "expense.grand_total"):
        assert (measure, "change_prior", Decimal("116.29")) in got
        assert (measure, "pct_change_prior", Decimal("2.01")) in got


def test_a_bare_shouzhi_in_the_next_paragraph_stays_unread():
    """Near miss: the totals in one paragraph, the bare 收支 opening the next: which totals it
    means is not stated there, and it stays unread."""
    got = final_triples("2021年度收入总计5888.49万元,支出总计5888.49万元。",
                        "收支较上年决算数增加116.29万元,主要原因是体制补助增加。")
    assert not any(value == Decimal("116.29") for _, _, value in got)
