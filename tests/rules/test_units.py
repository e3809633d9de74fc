"""Unit identity keys (rules/units.toml): printed variants of one unit share a key; different
units, and the same name in another region, do not; a malformed file names its bad key."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from budgetlens.rules.units import UnitRulesError, identity_key, parse_unit_rules, region_forms

# Pairs printed by real documents of one unit (corpus manifest, seeds): (name, region code).
SAME = [
    (("深圳市财政局（本级）", "440300"), ("深圳市财政局", "440300")),
    (("西安市财政局（汇总）", "610100"), ("西安市财政局", "610100")),
    (("上海市普陀区人民政府万里街道办事处", "310107"), ("普陀区万里街道办事处", "310107")),
    (("中国共产党江苏省委员会办公厅", "320000"), ("江苏省委办公厅", "320000")),
    (("中共江苏省委办公厅", "320000"), ("江苏省委办公厅", "320000")),
    (("重庆市开州区政务服务管理办公室（本级）", "500154"), ("重庆市开州区政务服务管理办公室", "500154")),
    (("无锡市教育局(本级)", "320200"), ("无锡市教育局 （本级）", "320200")),
]
DIFFERENT = [
    (("上海市普陀区商务委员会", "310107"), ("上海市普陀区财政局", "310107")),
    (("江苏省人大常委会办公厅", "320000"), ("江苏省政协办公厅", "320000")),
    (("江苏省委办公厅", "320000"), ("江苏省人民政府办公厅", "320000")),
]


@pytest.mark.parametrize("a,b", SAME)
def test_variants_of_one_unit_share_a_key(a, b):
    assert identity_key(*a) == identity_key(*b)


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_units_keep_different_keys(a, b):
    assert identity_key(*a) != identity_key(*b)


def test_region_prefix_is_removed_only_for_the_documents_region():
    # 普陀区 is not a region of 440300: nothing is stripped, the key keeps the printed place
    assert identity_key("普陀区财政局", "440300") != identity_key("普陀区财政局", "310107")
    assert "普陀区" in region_forms("310107") and "上海" in region_forms("310107")
    assert region_forms("") == () and region_forms("999999") == ()


def test_nothing_generic_is_left():
    # a region's own government: removing 人民政府 would leave nothing
    assert identity_key("上海市普陀区人民政府", "310107") == "人民政府"


@pytest.mark.parametrize("data,key", [
    ({"suffix": ["本级"]}, "suffix"),
    ({"suffixes": "本级"}, "suffixes"),
    ({"replace": [["中国共产党"]]}, "replace[0]"),
    ({"after_region": [[1, "委"]]}, "after_region[0]"),
    ({"prefixes": [""]}, "prefixes"),
    ({"min_rest": 0}, "min_rest"),
    ({"code_digits": [6, 3]}, "code_digits"),
    ({"code_digits": [0, 3]}, "code_digits"),
    ({"code_digits": [6]}, "code_digits"),
    ({"code_digits": ["6", "9"]}, "code_digits"),
    ({"code_peers": 0}, "code_peers"),
    ({"code_family": 0}, "code_family"),
    ({"code_family": 1.5}, "code_family"),
])
def test_a_malformed_file_names_its_bad_key(data, key):
    with pytest.raises(UnitRulesError, match=key.replace("[", r"\[").replace("]", r"\]")):
        parse_unit_rules(data)


def test_an_error_names_the_file_line_and_key():
    text = resources.files("budgetlens.rules").joinpath("units.toml").read_text("utf-8")
    assert "\nmin_rest = " in text
    broken = text.replace("\nmin_rest = ", "\nmin_rests = 2\nmin_rest = ", 1)
    with pytest.raises(UnitRulesError) as err:
        parse_unit_rules(tomllib.loads(broken), "units.toml", broken)
    assert (err.value.file, err.value.key) == ("units.toml", "min_rests")
    assert broken.splitlines()[err.value.line - 1] == "min_rests = 2"


def test_a_code_is_read_from_its_family_only_with_enough_confirmed_peers():
    from budgetlens.rules.units import split_codes

    one = ["125001西安市财政局", "125002中国企业管理培训中心"]
    assert split_codes(one, "610100") == {"125001西安市财政局": ("125001", "西安市财政局")}
    two = [*one, "125003西安市税务局"]  # a second confirmed code of the family: 2 peers
    assert split_codes(two, "610100")["125002中国企业管理培训中心"] == ("125002", "中国企业管理培训中心")
    near = [*two, "12345热线服务中心", "305002中国企业管理培训中心", "1250 中心"]
    found = split_codes(near, "610100")
    assert "12345热线服务中心" not in found  # 5 digits: not the family's length
    assert "305002中国企业管理培训中心" not in found  # 305 is not the family's 125
    assert "1250 中心" not in found  # 4 digits; and a rest of 2 characters would be too short
    assert split_codes(two, "") == {}, "no region known: nothing confirmed, so no family"
