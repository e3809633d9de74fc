"""Reference classification lookups (rules/reference/__init__.py): year selection, names,
lookups by code and by name, structure and status."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.rules import reference as ref


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

    path = Path(__file__).resolve().parents[3] / "scripts" / "mine_codes.py"
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


def test_a_former_item_name_is_the_name_of_its_years():
    """江苏 检察院 2017 prints 2040405 公诉和审判监督, its 2018 budget the name mined since: the
    2017 name is the code's name then (no code-name note), and only then."""
    assert ref.function_name("2040405", 2017) == "公诉和审判监督"
    assert ref.function_name("2040405", 2018) == "公诉、审判、侦查、执行等检察监督支出"
    assert ref.code_status("2040405", "公诉和审判监督", 2017) == "known"
    assert ref.code_status("2040405", "查办和预防职务犯罪", 2017) == "name-mismatch"
