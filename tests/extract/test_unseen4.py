"""Issue #8, the fourth batch of documents from templates neither corpus holds (docs/accuracy.md
"The fourth batch (session 11)": 黄山, 六安, a 经开区's 三公 page, and the openings of 朝阳, 茂名,
临湘, 奉新 … pages): what was misread there, each as synthetic variants of the pattern with near
misses that keep their old reading."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import Metadata
from budgetlens.pipeline import process

from .inline_text import narrative_triples


def triples(text: str, year: int) -> set:
    return narrative_triples(Metadata(kind="budget", year=year), text)


def run(tmp_path, text: str, name: str = "page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return process(str(path))


# --- a numbered list run into one sentence: a reason ends where the next item starts -----------

LIST_SENTENCE = (
    "{year}年一般公共预算“三公”经费预算安排{total}万元,与{prior}年预算持平:"
    "一{sep}{year}年因公出国(境)费预算170万元,与{prior}年预算相比增加170万元,大力开展国外招商工作,"
    "二{sep}{year}年公务用车购置及运行费预算150万元,其中公务用车运行费150万元,与{prior}年预算相比减少"
    "170万元,主要原因是为确保国外招商工作顺利开展,相应核减公务用车运行费预算,"
    "三{sep}{year}年公务接待费预算{reception}万元,与{prior}年预算相比持平,主要原因是为做好招商接待工作。")


@pytest.mark.parametrize("year, total, reception, sep", [
    (2023, "520", "200", "、"), (2024, "380", "60", "、"), (2023, "520", "200", "）")])
def test_a_reason_ends_where_the_next_numbered_item_starts(year, total, reception, sep):
    """经开区 2023: "…主要原因是…核减公务用车运行费预算,三、2023年公务接待费预算200万元,与2022年
    预算相比持平": the reason of item 二 swallowed item 三, so 200 and its 持平 were never read and
    the 三公 total could not be checked against its parts."""
    text = LIST_SENTENCE.format(year=year, prior=year - 1, total=total, reception=reception, sep=sep)
    if sep == "）":  # （一）…，（二）…: the bracketed numbering of the same list
        text = text.replace("一）", "（一）").replace("二）", "（二）").replace("三）", "（三）")
    got = triples(text, year)
    assert ("three_public.reception", "current", Decimal(reception)) in got
    assert ("three_public.reception", "change_prior", Decimal(0)) in got
    assert ("three_public.vehicle_operation", "change_prior", Decimal(-170)) in got


def test_a_purpose_ends_where_the_next_arabic_numbered_item_starts():
    """Variant: items numbered 1. 2. 3., the clause before the item a purpose (主要用于…)."""
    text = ("2022年“三公”经费预算30万元:1.因公出国(境)费0万元,2.公务用车运行费18万元,主要用于公务用车"
            "燃料费、维修费,3.公务接待费12万元,比上年减少2万元。")
    got = triples(text, 2022)
    assert ("three_public.reception", "current", Decimal(12)) in got
    assert ("three_public.reception", "change_prior", Decimal(-2)) in got


def test_a_decimal_after_a_reasons_comma_is_no_numbering():
    """Near miss: "，1.5万元用于…" inside a reason is an amount of the reason, not item 1."""
    text = "2022年公务接待费10万元,比上年增加2万元,主要原因是接待任务增加,1.5万元用于外事接待。"
    got = triples(text, 2022)
    assert ("three_public.reception", "current", Decimal(10)) in got
    assert not any(value == Decimal("1.5") for _, _, value in got)


def test_a_numbered_point_of_the_reason_itself_keeps_the_reason():
    """Near miss: "主要原因是：一、压缩开支，二、严控接待" numbers the reason's own points (no amount
    of their own): the figures of such a point stay the reason's."""
    text = ("2022年公务接待费8万元,比上年减少2万元,主要原因是:一、压缩开支,二、接待批次减少3批次。")
    got = triples(text, 2022)
    assert ("three_public.reception", "change_prior", Decimal(-2)) in got
    assert not any(value == Decimal(3) for _, _, value in got)


# --- metadata: the unit's name in titles a portal or a PDF prints differently -----------------


@pytest.mark.parametrize("title, unit", [
    ("2021 年茂名市交通运输局(本级)部门决算", "茂名市交通运输局(本级)"),
    ("2023 年度 某县教育局部门预算", "某县教育局"),
    ("2021年茂名市交通运输局部门决算", "茂名市交通运输局"),
])
def test_a_year_printed_apart_from_its_nian_is_not_part_of_the_name(tmp_path, title, unit):
    """茂名 (a PDF's text layer): "2021 年茂名市交通运输局(本级) 部门决算" gave the unit
    "年茂名市交通运输局(本级)": the prefix cleaner took the digits and left 年 (printed without
    the space too, when the year-first title is the only one the page prints)."""
    text = f"{title}\n一、部门主要职责\n负责交通运输工作。2021年度收入决算总计100万元。\n"
    result = run(tmp_path, text)
    assert result.disclosure.metadata.unit == unit


def test_a_unit_printed_before_its_year_reads_as_before(tmp_path):
    """Near miss: the name before the year (茂名市交通运输局2021年部门决算) was read right already."""
    result = run(tmp_path, "茂名市交通运输局2021年部门决算\n2021年度收入决算总计100万元。\n")
    assert result.disclosure.metadata.unit == "茂名市交通运输局"


@pytest.mark.parametrize("crumb", [
    "您当前所在位置: 首页>政府信息公开>法定主动公开内容>财政资金>财政预决算集中展示",
    "当前位置：首页 > 信息公开 > 财政预决算",
])
def test_a_portal_breadcrumb_is_never_the_unit(tmp_path, crumb):
    """奉新 宣传部: the page's breadcrumb opens the text, and its "…所" ended a name: the unit
    read was "您当前所" (the 所 of 您当前所在位置)."""
    text = f"{crumb}\n中共奉新县委宣传部2022年部门预算\n2022年收支预算总计120万元。\n"
    result = run(tmp_path, text)
    assert result.disclosure.metadata.unit == "中共奉新县委宣传部"


def test_a_unit_ending_in_suo_on_the_first_line_is_still_a_name(tmp_path):
    """Near miss: a unit whose name ends in 所 (an institute) on the title line stays the unit."""
    result = run(tmp_path, "某市质量检测所2022年单位预算\n2022年收支预算总计80万元。\n")
    assert result.disclosure.metadata.unit == "某市质量检测所"


@pytest.mark.parametrize("title, unit, region", [
    ("2022年臨湘市交通運輸局系統匯總部門預算公開", "臨湘市交通運輸局", "湖南省岳阳市临湘市"),
    ("临湘市交通运输局2022年部门预算", "临湘市交通运输局", "湖南省岳阳市临湘市"),
])
def test_a_title_in_traditional_characters_names_its_unit_and_region(tmp_path, title, unit, region):
    """临湘 (a mirror in traditional characters): the name ran on to "…系統匯總部" (部門 was not
    seen as the word 部门) and its region, 臨湘市, was not known. The simplified title naming the
    unit before the year is the near miss that read right before."""
    result = run(tmp_path, f"{title}\n一、部门收支总体情况\n2022年收支预算总计300万元。\n")
    meta = result.disclosure.metadata
    assert (meta.unit, meta.region) == (unit, region)


@pytest.mark.parametrize("traditional, simplified", [
    ("2022年重慶市渝北區財政局部門預算公開", "2022年重庆市渝北区财政局部门预算公开"),
])
def test_a_traditional_region_name_reads_as_its_simplified_twin(tmp_path, traditional, simplified):
    """重慶 (慶 was missing from the fold table; found by the corpus run of session 11): a mirror
    in traditional characters gives the region its simplified title gives, not an unknown
    "重慶市渝北区". The simplified title is the near miss (read the same before and after)."""
    text = "\n一、部门收支总体情况\n2022年收支预算总计300万元。\n"
    got = [run(tmp_path, title + text, name=f"page{i}.txt").disclosure.metadata.region
           for i, title in enumerate((traditional, simplified))]
    assert got[0] == got[1]
    assert "慶" not in got[0]
