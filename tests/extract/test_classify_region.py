"""The region of a disclosure read against the gazetteer (extract/classify_region.py): a unit's
name gives its one division (a zone governed as one division by the zone's name, an org word that
starts with a place name is no place); the near misses — a placeholder place, a district name
only under its printed parent, a word that contains a city's name — give none, never a guess.
(Regions of whole documents: tests/extract/test_classify.py.)"""

from __future__ import annotations

import pytest

from budgetlens.extract.classify_region import place_of_text, unit_codes
from budgetlens.rules.classify import load_rules
from budgetlens.rules.reference import load_gazetteer


@pytest.mark.parametrize("name,full", [
    ("运城铁路中学", "山西省运城市"),
    ("云南寻甸产业园区管理委员会", "云南省昆明市寻甸回族彝族自治县"),
    ("寻甸县塘子街道办事处", "云南省昆明市寻甸回族彝族自治县"),
    ("中共上海市普陀区委社会工作部", "上海市普陀区"),
    ("海原县高崖乡卫生院", "宁夏回族自治区中卫市海原县"),
    ("随州市公安局曾都区分局", "湖北省随州市曾都区"),
    ("荆州市公安局", "湖北省荆州市"),  # 公安 starts an org word here, not 公安县
    ("寿县文物保护中心", "安徽省淮南市寿县"),
    ("红河州财政局", "云南省红河哈尼族彝族自治州"),
    ("新疆维吾尔自治区财政厅", "新疆维吾尔自治区"),
    ("国家税务总局运城市税务局", "山西省运城市"),
    # zones governed as one division, named as the zone (aliases in the gazetteer's data)
    ("平潭综合实验区公安局", "福建省福州市平潭县"),
    ("广州南沙新区管理委员会", "广东省广州市南沙区"),
    ("舟山群岛新区旅游局", "浙江省舟山市"),
])
def test_unit_name_against_the_gazetteer(name, full):
    gaz = load_gazetteer()
    codes = unit_codes(name, gaz, load_rules())
    assert codes is not None and len(codes) == 1
    assert gaz.full_name(next(iter(codes))) == full


def test_places_unknown_to_the_gazetteer_are_not_invented():
    gaz, rules = load_gazetteer(), load_rules()
    assert unit_codes("XX市城市管理局", gaz, rules) is None
    assert unit_codes("城区卫生院", gaz, rules) is None  # 城区 only under its printed parent
    assert unit_codes("中山大学附属第一医院", gaz, rules) is None  # a word, not 中山市
    assert unit_codes("中山市财政局", gaz, rules) == {"442000"}
    assert place_of_text("四川省(县级, 单位名未知)", gaz, rules).code == "510000"
