"""The gazetteer of administrative divisions (rules/reference/regions.py, regions_<year>.csv):
every level with its parent, aliases and short names, a bad row named by file, line and field."""

from __future__ import annotations

import pytest

from budgetlens.rules import reference as ref
from budgetlens.rules.reference import data as refdata


def test_gazetteer_loads_every_level_with_parents():
    gaz = ref.load_gazetteer(2024)
    levels = [r.level for r in gaz.regions.values()]
    assert levels.count("province") >= 31 and levels.count("prefecture") >= 330
    assert levels.count("county") >= 2800
    xundian = gaz.regions["530129"]
    assert (xundian.name, xundian.parent, xundian.aliases, xundian.short) == (
        "寻甸回族彝族自治县", "530100", ("寻甸县",), ("寻甸",))
    assert gaz.full_name("530129") == "云南省昆明市寻甸回族彝族自治县"
    assert gaz.full_name("110105") == "北京市朝阳区"  # 直辖市: no repeated city level
    assert ("650000", "short") in gaz.lookup("新疆")
    assert {c for c, _ in gaz.lookup("鼓楼区")} >= {"320106", "350102"}
    assert gaz.common_ancestor(["320106", "320302"]) == "320000"
    assert gaz.common_ancestor(["110105", "220104"]) is None


def _regions_csv(*rows: str) -> str:
    return "code,name,level,parent,aliases,short\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("bad_row,message", [
    ("14080,运城市,prefecture,140000,,运城", r"regions_test.csv:3: field 'code'"),
    ("140800,运城市,county,140000,,运城", r"regions_test.csv:3: field 'level'"),
    ("140800,,prefecture,140000,,运城", r"regions_test.csv:3: missing 'name'"),
    ("140800,运城市,prefecture,530000,,运城", r"regions_test.csv:3: field 'parent'"),
    ("140000,山西省,province,,,山西", r"regions_test.csv:3: field 'code': 140000 repeats line 2"),
])
def test_gazetteer_validation_names_the_bad_row(bad_row, message):
    text = _regions_csv("140000,山西省,province,,,山西", bad_row)
    with pytest.raises(refdata.ReferenceDataError, match=message):
        refdata.parse_regions("regions_test.csv", text)


def test_gazetteer_parses_aliases_and_short_names():
    text = _regions_csv("530000,云南省,province,,,云南", "530100,昆明市,prefecture,530000,,昆明",
                        "530129,寻甸回族彝族自治县,county,530100,寻甸县; 寻甸回族自治县,寻甸")
    regions = {r.code: r for r in refdata.parse_regions("regions_test.csv", text)}
    assert regions["530129"].aliases == ("寻甸县", "寻甸回族自治县")
    assert regions["530000"].parent == "" and regions["530000"].short == ("云南",)
