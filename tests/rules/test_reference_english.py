"""The English names beside the reference data (rules/reference/names_en.csv, regions_en.csv):
every 类 and 款 the reference knows and every province and prefecture of the gazetteer has one,
an English name follows the Chinese name of the document's year, and a bad row is refused with
its file and line."""

from __future__ import annotations

import re

import pytest

from budgetlens.rules.reference import (economic_name, function_name, function_name_pairs,
                                        load_gazetteer, load_reference)
from budgetlens.rules.reference.english import (NAME_EN, code_name, name_en, region_en,
                                                region_label)
from budgetlens.rules.schema import RuleError, csv_rows

ASCII = re.compile(r"^[\x20-\x7e\u00fc]+$")  # English, pinyin with ü


def test_every_lei_and_kuan_of_the_reference_has_an_english_name():
    missing = [(code, name) for code, name in set(function_name_pairs(None))
               if len(code) in (3, 5) and not name_en("function", code, name)]
    assert missing == []
    ref = load_reference()
    for scheme, by_year in ref.economic.items():
        for entries in by_year.values():
            for code, entry in entries.items():
                assert name_en("economic", code, entry.name), (scheme, code, entry.name)


def test_every_province_and_prefecture_has_an_english_name_and_counties_none():
    gaz = load_gazetteer()
    for code, region in gaz.regions.items():
        en = region_en(code)
        if region.level in ("province", "prefecture"):
            assert en and ASCII.match(en), (code, region.name, en)
        else:
            assert en is None, (code, region.name)


def test_english_follows_the_name_of_the_year():
    assert function_name("210", 2018) != function_name("210", 2024)
    assert code_name("210", 2018, "en") != code_name("210", 2024, "en")
    assert code_name("210", 2024, "zh") == function_name("210", 2024)
    assert code_name("30101", None, "zh") == economic_name("30101")
    assert ASCII.match(code_name("30101", None, "en"))
    # a reserved 项 name has English whatever its 款; another 项 keeps its Chinese name
    assert ASCII.match(code_name("2010101", 2024, "en"))
    assert code_name("2080505", 2024, "en") == function_name("2080505", 2024)


def test_region_label_names_a_county_by_its_prefecture():
    gaz = load_gazetteer()
    county = next(c for c, r in gaz.regions.items() if r.level == "county" and c[:2] == "31")
    name = gaz.regions[county].name
    assert region_label(county, name, "zh") == name
    assert region_label(county, name, "en") == f"{name}, {region_en('310000')}"
    assert region_label("330100", "杭州市", "en") == region_en("330100")


@pytest.mark.parametrize("text,problem", [
    ("scheme,code,name,en\nfunctional,201,一般公共服务支出,General\n", "scheme"),
    ("scheme,code,name,en\nfunction,201,一般公共服务支出,\n", "en"),
    ("scheme,code,name,english\n", "english"),
])
def test_a_bad_row_is_refused_naming_file_and_column(text, problem):
    with pytest.raises(RuleError) as err:
        list(csv_rows(text, NAME_EN, "names_en.csv"))
    assert "names_en.csv" in str(err.value) and problem in str(err.value)
