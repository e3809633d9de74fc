"""The English names beside the reference data (rules/reference/names_en.csv, regions_en.csv):
every 类 and 款 the reference knows and every division of the gazetteer has one (a county-level
name of another language only as an unverified candidate, never shown), an English name follows
the Chinese name of the document's year, and a bad row is refused with its file and line."""

from __future__ import annotations

import re

import pytest

from budgetlens.rules.reference import (economic_name, function_name, function_name_pairs,
                                        load_gazetteer, load_reference)
from budgetlens.rules.reference.english import (NAME_EN, REGION_EN, REGIONS_FILE, _read,
                                                code_name, name_en, region_en, region_label)
from budgetlens.rules.schema import RuleError, csv_rows

ASCII = re.compile(r"^[\x20-\x7e\u00fc\u00dc\u00ea]+$")  # English, pinyin with ü and ê
SUFFIXES = ("District", "County", "City", "Banner", "New Area", "Autonomous County",
            "Autonomous Banner")


def test_every_lei_kuan_and_xiang_of_the_reference_has_an_english_name():
    missing = [(code, name) for code, name in set(function_name_pairs(None))
               if len(code) in (3, 5, 7) and not name_en("function", code, name)]
    assert missing == []
    ref = load_reference()
    for scheme, by_year in ref.economic.items():
        for entries in by_year.values():
            for code, entry in entries.items():
                assert name_en("economic", code, entry.name), (scheme, code, entry.name)


def test_every_division_has_an_english_name_or_is_an_unverified_name_of_another_language():
    gaz = load_gazetteer()
    rows = {r["code"]: r for _, r in csv_rows(_read(REGIONS_FILE), REGION_EN, REGIONS_FILE)}
    assert set(rows) == set(gaz.regions)
    unverified = []
    for code, region in gaz.regions.items():
        row, en = rows[code], region_en(code)
        assert row["name"] == region.name and ASCII.match(row["en"]), (code, row)
        if region.level in ("province", "prefecture"):
            assert en == row["en"], (code, region.name)
        elif row["source"] == "unverified":
            assert en is None
            unverified.append(code)
        else:
            assert en == row["en"] and en.endswith(SUFFIXES), (code, region.name, en)
    # only the regions whose place names are Mongolian, Tibetan, Uyghur… words are unverified
    assert unverified and all(gaz.regions[c].name and c[:2] in ("15", "54", "65", "63", "51", "62",
                                                               "53", "21", "22", "23")
                              for c in unverified)


def test_county_english_follows_the_standard_suffixes_and_readings():
    gaz = load_gazetteer()
    by_name = {(r.name, gaz.regions[r.parent].name if r.parent else ""): c
               for c, r in gaz.regions.items()}
    for (name, parent), english in {
            ("普陀区", "上海市"): "Putuo District", ("黔江区", "重庆市"): "Qianjiang District",
            ("开州区", "重庆市"): "Kaizhou District", ("南岸区", "重庆市"): "Nan'an District",
            ("长子县", "长治市"): "Zhangzi County", ("朝阳区", "北京市"): "Chaoyang District",
            ("神农架林区", "湖北省"): "Shennongjia Forestry District",
            ("龙胜各族自治县", "桂林市"): "Longsheng Various Nationalities Autonomous County",
            ("围场满族蒙古族自治县", "承德市"): "Weichang Manchu and Mongol Autonomous County",
            ("鄂伦春自治旗", "呼伦贝尔市"): "Oroqen Autonomous Banner",
            ("单县", "菏泽市"): "Shan County", ("蔚县", "张家口市"): "Yu County",
            ("清新区", "清远市"): "Qingxin District", ("万柏林区", "太原市"): "Wanbailin District",
            ("浦东新区", "上海市"): "Pudong New Area",
            # readings found by comparing with GB/T 2260's romanisation
            ("闵行区", "上海市"): "Minhang District", ("马尾区", "福州市"): "Mawei District",
            ("珲春市", "延边朝鲜族自治州"): "Hunchun City", ("佛冈县", "清远市"): "Fogang County"}.items():
        assert region_en(by_name[(name, parent)]) == english, name


def test_english_follows_the_name_of_the_year():
    assert function_name("210", 2018) != function_name("210", 2024)
    assert code_name("210", 2018, "en") != code_name("210", 2024, "en")
    assert code_name("210", 2024, "zh") == function_name("210", 2024)
    assert code_name("30101", None, "zh") == economic_name("30101")
    assert ASCII.match(code_name("30101", None, "en"))
    # a reserved 项 name has English whatever its 款; another 项 has its own
    assert ASCII.match(code_name("2010101", 2024, "en"))
    assert code_name("2080505", 2024, "en") == ("Basic pension insurance contributions of "
                                                "government agencies and public institutions")


def test_region_label_names_a_county_with_its_prefecture():
    gaz = load_gazetteer()
    county = next(c for c, r in gaz.regions.items() if r.level == "county" and c[:2] == "31")
    name = gaz.regions[county].name
    assert region_label(county, name, "zh") == name
    assert region_label(county, name, "en") == f"{region_en(county)}, {region_en('310000')}"
    assert region_label("330100", "杭州市", "en") == region_en("330100")
    # two 朝阳区 are two places; an unverified county is named in Chinese with its prefecture
    assert region_label("110105", "朝阳区", "en") != region_label("220104", "朝阳区", "en")
    other = next(c for c, r in gaz.regions.items() if r.level == "county" and not region_en(c))
    assert region_label(other, gaz.regions[other].name, "en").startswith(gaz.regions[other].name + ", ")


@pytest.mark.parametrize("text,problem", [
    ("scheme,code,name,en\nfunctional,201,一般公共服务支出,General\n", "scheme"),
    ("scheme,code,name,en\nfunction,201,一般公共服务支出,\n", "en"),
    ("scheme,code,name,english\n", "english"),
    ("code,name,en,source,basis\n310107,普陀区,Putuo District,guessed,pinyin\n", "source"),
    ("code,name,en,source,basis\n310107,普陀区,Putuo District,pinyin,guessed\n", "basis"),
    ("code,name,en,source\n310107,普陀区,Putuo District,pinyin\n", "basis"),
])
def test_a_bad_row_is_refused_naming_file_and_column(text, problem):
    with pytest.raises(RuleError) as err:
        schema = REGION_EN if text.startswith("code") else NAME_EN
        list(csv_rows(text, schema, "names_en.csv"))
    assert "names_en.csv" in str(err.value) and problem in str(err.value)


@pytest.mark.parametrize("name", ["jiangsu_rdcwh_bgt_2018_yusuan.pdf", "jiangsu_jcy_2018_yusuan.pdf"])
def test_every_xiang_a_real_document_prints_is_named_in_english(name):
    """The 项 codes a real budget prints (人大会议, 代表工作, 公诉、审判…检察监督支出, 住房公积金…):
    each has the English of its name in the document's year, not its Chinese name."""
    from ...conftest import corpus_result

    result = corpus_result(name)
    year = result.disclosure.metadata.year
    codes = {f.measure.rsplit(".", 1)[-1] for f in result.disclosure.facts
             if re.search(r"\.function\.\d{7}$", f.measure)}
    assert len(codes) >= 5, codes
    for code in codes:
        zh = function_name(code, year)
        assert zh and ASCII.match(code_name(code, year, "en")), (code, zh)
