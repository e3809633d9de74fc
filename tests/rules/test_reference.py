"""Reference classification tables: year selection, names, lookups, structure and status."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from budgetlens.rules import reference as ref
from budgetlens.rules.reference import data as refdata

SHARED_REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "domain" / "reference"


def test_every_shipped_file_loads_and_is_year_versioned():
    data = ref.load_reference()
    assert 2024 in data.function["func_lei"]
    assert 2024 in data.function["func_observed"]
    assert {"dept", "gov"} <= set(data.economic)
    assert len(data.function["func_lei"][2024]) >= 29


def test_package_copies_match_the_shared_domain_files():
    if not SHARED_REFERENCE.is_dir():
        pytest.skip("shared reference folder missing")
    for src in SHARED_REFERENCE.glob("*.csv"):
        shipped = resources.files(ref).joinpath(src.name)
        assert shipped.is_file(), src.name
        assert shipped.read_text(encoding="utf-8") == src.read_text(encoding="utf-8")


def test_select_year_nearest_below_else_earliest():
    assert ref.select_year([2018, 2024], 2026) == 2024
    assert ref.select_year([2018, 2024], 2020) == 2018
    assert ref.select_year([2018, 2024], 2010) == 2018
    assert ref.select_year([], 2024) is None


def test_function_name_is_year_dependent():
    assert ref.function_name("210", 2024) == "卫生健康支出"
    assert ref.function_name("210", 2017) == "医疗卫生与计划生育支出"
    assert ref.function_name("208 05 05", 2025) == "机关事业单位基本养老保险缴费支出"
    assert ref.function_name("2999999", 2024) is None


def test_economic_names_both_schemes_and_crosswalk():
    assert ref.economic_name("30101", 2024) == "基本工资"
    assert ref.economic_name("302", 2030) == "商品和服务支出"
    assert ref.economic_name("50101") == "工资奖金津补贴"
    assert ref.economic_crosswalk("30101").code == "50101"


def test_lookup_by_name_handles_variants_and_ambiguity():
    assert ref.lookup_function_by_name("社会保障与就业支出", 2024) == "208"
    assert ref.lookup_function_by_name("社会保障和就业", 2024) == "208"
    assert ref.lookup_function_by_name("医疗卫生与计划生育支出", 2017) == "210"
    assert ref.lookup_function_by_name("卫生健康支出（类）", 2024) == "210"
    # 行政运行 exists under many 款: ambiguous without a parent.
    assert ref.lookup_function_by_name("行政运行", 2024) is None
    assert ref.lookup_function_by_name("行政运行", 2024, parent="20106") == "2010601"
    assert ref.lookup_function_by_name("", 2024) is None


@pytest.mark.parametrize("code,ok", [
    ("201", True), ("20103", True), ("2010301", True), ("201 03 01", True),
    ("101", False), ("2010", False), ("20100", False), ("2010300", False), ("20a03", False),
])
def test_structure(code, ok):
    assert ref.is_valid_function_code_structure(code) is ok


def test_missing_parents_and_reserved_items():
    assert ref.missing_parents(["208", "2080505"]) == [("2080505", "20805")]
    assert ref.reserved_item("2010350").name == "事业运行"
    assert ref.reserved_item("20199").match == "prefix"
    assert ref.reserved_item("201") is None


def test_code_status():
    assert ref.code_status("2010601", "行政运行", 2024) == "known"
    assert ref.code_status("2010601", "", 2024) == "known"
    assert ref.code_status("2010601", "信息化建设", 2024) == "name-mismatch"
    assert ref.code_status("2019999", "某项支出", 2024) == "name-mismatch"  # 99 must be 其他…
    assert ref.code_status("2019901", "某项支出", 2024) == "unverified"
    assert ref.code_status("2050350", "行政运行", 2024) == "name-mismatch"
    assert ref.code_status("210", "医疗卫生与计划生育支出", 2017) == "known"


def test_shipped_rows_are_structurally_valid():
    data = ref.load_reference()
    for by_year in data.function.values():
        for table in by_year.values():
            for entry in table.values():
                assert ref.is_valid_function_code_structure(entry.code), entry


def test_bad_row_names_file_line_and_field(tmp_path):
    rows = "code,level,name,observed_in\n201,类,一般公共服务支出,x\n20x1,款,坏,x\n"
    with pytest.raises(ref.ReferenceDataError, match=r"f\.csv:3: field 'code'"):
        [refdata._to_entry("f.csv", line, row, "t", 2024) for line, row in refdata._read_rows("f.csv", refdata.OBSERVED, rows)]
    rows = "code,level,name,observed_in\n20101,类,错,x\n"
    with pytest.raises(ref.ReferenceDataError, match="level"):
        [refdata._to_entry("f.csv", line, row, "t", 2024) for line, row in refdata._read_rows("f.csv", refdata.OBSERVED, rows)]


def test_mined_corpus_dictionary_has_provenance():
    data = ref.load_reference()
    if not data.observed:
        pytest.skip("func_observed_corpus.csv not generated yet (scripts/mine_codes.py)")
    entries = [e for group in data.observed.values() for e in group]
    assert len(entries) > 100
    for e in entries:
        assert ref.is_valid_function_code_structure(e.code), e
        assert e.source, e
    mined = [e for e in entries if e.count > 0]
    assert mined and all(":" in e.source for e in mined)
    # a code observed in real tables is known, with its printed name
    assert ref.code_status("2010301", "行政运行", 2024) == "known"


def test_observed_names_follow_the_year_when_no_dictionary_covers_it():
    data = ref.load_reference()
    entries = data.observed.get("20805", ())
    old = [e for e in entries if e.years and max(e.years) < 2020]
    if not old:
        pytest.skip("no pre-2020 observation of 20805 in the mined dictionary")
    assert ref.function_name("20805", min(old[0].years)) == old[0].name
    assert ref.function_name("20805", 2024) == "行政事业单位养老支出"


def _mine_codes():
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "scripts" / "mine_codes.py"
    spec = importlib.util.spec_from_file_location("mine_codes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mining_reads_joined_and_split_code_columns(tmp_path):
    from budgetlens.read import read_document

    text = ("一般公共预算支出表\n单位：万元\n"
            "类\t款\t项\t科目名称\t合计\n"
            "201\t\t\t一般公共服务支出\t10.00\n"
            "\t03\t\t政府办公厅（室）及相关机构事务\t10.00\n"
            "\t\t01\t行政运行\t10.00\n"
            "\n\n支出预算表\n单位：万元\n科目编码\t科目名称\t合计\n"
            "2080505\t机关事业单位基本养老保险缴费支出\t5.00\n"
            "999\t不是科目\t1.00\n")
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    doc, _ = read_document(str(path))
    miner = _mine_codes()
    lei = miner._lei_codes()
    pairs = [p for t in doc.tables for p in miner.table_pairs(doc, t, tmp_path, lei)]
    pairs += list(miner.text_pairs(doc, tmp_path, lei))
    got = {(p.code, p.name) for p in pairs}
    assert {("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"),
            ("2010301", "行政运行"), ("2080505", "机关事业单位基本养老保险缴费支出")} <= got
    assert not any(code == "999" for code, _ in got)
    assert all(p.place.startswith("t.txt:") for p in pairs)


def test_mined_names_contradict_only_when_settled():
    data = ref.load_reference()
    curated = {c for by_year in data.function.values() for t in by_year.values() for c in t}
    settled = [(c, es) for c, es in data.observed.items() if c not in curated and len(c) == 7
               and len({ref.name_key(e.name) for e in es}) == 1 and sum(e.count for e in es) >= 2]
    unsettled = [(c, es) for c, es in data.observed.items() if c not in curated and len(c) == 7
                 and len({ref.name_key(e.name) for e in es}) > 1
                 and not all(ref._name_agrees(e.name, [es[0].name]) for e in es)]
    if not settled:
        pytest.skip("no settled mined code")
    code, entries = settled[0]
    assert ref.code_status(code, entries[0].name, 2024) == "known"
    assert ref.code_status(code, "完全不同的名称", 2024) == "name-mismatch"
    for code, entries in unsettled[:3]:
        assert ref.code_status(code, "完全不同的名称", 2024) == "unverified"
    # a printed name that only adds its parent in brackets agrees
    assert ref.code_status("2010601", "行政运行（财政事务）", 2024) == "known"


def test_economic_code_by_name_only_when_unique():
    from budgetlens.rules.reference import lookup_economic_by_name as lookup
    assert lookup("工资福利支出", 2026) == "301"
    assert lookup("维修(护)费", 2026) == lookup("维修（护）费", 2026) == "30213"
    assert lookup("办公设备购置", 2026) is None  # 30902 and 31002
    assert lookup("办公设备购置", 2026, parent="310") == "31002"
    assert lookup("审计管理业务", 2026) is None and lookup("", 2026) is None
    assert lookup("工资福利支出", 2026, scheme="gov") == "50501"  # the other scheme's code


# ---------------------------------------------------------------------------------------------
# The gazetteer of administrative divisions (regions_<year>.csv)
# ---------------------------------------------------------------------------------------------


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


@pytest.mark.parametrize("schema, text, line, key", [
    ("REGIONS", "code,name,level,parent,aliases,short,colour\n140000,山西省,province,,,山西,red\n",
     1, "colour"),
    ("HISTORY", "code,level,name,valid_from,valid_to,kind,source,notes\n"
                "210,类,医疗卫生与计划生育支出,,2018,former,compiled,\n"
                "207,类,文化体育与传媒支出,,2018,renamed,compiled,\n", 3, "kind"),
    ("RESERVED", "suffix,name,match,confidence,notes\n01,行政运行,exact,V,\n99,其他,like,V,\n",
     3, "match"),
    ("CROSSWALK", "dept_code,dept_name,gov_name,verified_by,notes\n30101,基本工资,工资,PG,\n",
     1, "gov_code_admin_unit"),
])
def test_every_reference_file_is_checked_by_its_declared_schema(schema, text, line, key):
    """Each reference CSV has a declared schema of the rules kit: an unknown column, a missing
    one and a value outside the allowed ones are refused, naming file, line and column."""
    with pytest.raises(refdata.ReferenceDataError) as err:
        refdata._read_rows("f.csv", getattr(refdata, schema), text)
    assert (err.value.file, err.value.line, err.value.key) == ("f.csv", line, key)
    assert str(err.value).startswith(f"f.csv:{line}:")
