"""The count handler (extract/claim_count.py): counts of vehicles, people and units, on real
sentences (file and page quoted) and near misses."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.claim_count import read_count
from budgetlens.extract.claim_state import FactFound

from .claim_spy import at, calls

# corpus/wide/guangdong_shenzhen_fgw_2026_yusuan.pdf, page 11
VEHICLES = ("截至2025年10月，深圳市发展和改革委员会（本级）共有车辆4辆，其中：机要通信用车1辆、应急保障用车0辆、"
            "执法执勤用车0辆、特种专业技术用车0辆、其他用车3辆；")


def facts(found: tuple) -> list[tuple]:
    return [(f.measure, f.basis, f.value) for f in found if isinstance(f, FactFound)]


def test_a_count_after_its_word_and_the_parts_after_qi_zhong():
    seen = calls("number", "budget", 2026, VEHICLES)
    c = at(seen, "4辆")
    st, found = read_count(c.ctx, c.before, c.tok, c.nxt)
    assert facts(found) == [("assets.vehicles", "current", Decimal(4))]
    assert ("assets.vehicles", "辆") in st.used
    c = at(seen, "1辆")
    assert facts(read_count(c.ctx, c.before, c.tok, c.nxt)[1]) == [
        ("assets.vehicles.confidential", "current", Decimal(1))]


def test_a_count_before_the_word_it_counts():
    # corpus/pdf/fujian_fuzhou_gaj_zazd_2026_yusuan_danwei.pdf, page 5
    text = "从预算单位构成看，福州市公安局治安管理支队包括9个机关行政处（科、股）室及0个下属单位。"
    c = at(calls("number", "budget", 2026, text), "9个")
    assert facts(read_count(c.ctx, c.before, c.tok, c.nxt)[1]) == [
        ("org.internal_units", "current", Decimal(9))]


def test_a_part_the_list_does_not_name_is_no_count_of_ours():
    # near miss: 保洁用车 is no vehicle category we have a key for
    text = VEHICLES.replace("机要通信用车1辆", "保洁用车1辆")
    c = at(calls("number", "budget", 2026, text), "1辆")
    assert facts(read_count(c.ctx, c.before, c.tok, c.nxt)[1]) == []


def test_a_purchase_plan_is_not_the_holdings():
    # corpus/pdf/fujian_quanzhou_zfbgs_2026_yusuan.pdf, page 38: 设备 planned are no equipment held
    text = "2026年部门预算安排购置车辆13辆，其中：2026应急保障用车13辆；单位价值100万元（含）以上设备0台（套）。"
    c = at(calls("number", "budget", 2026, text), "0台(套)")
    assert c.before.plan and facts(read_count(c.ctx, c.before, c.tok, c.nxt)[1]) == []
    # the same words without the purchase: the equipment held
    held = text.replace("2026年部门预算安排购置车辆13辆，其中：2026应急保障用车13辆；", "")
    c = at(calls("number", "budget", 2026, held), "0台(套)")
    assert [m for m, _, _ in facts(read_count(c.ctx, c.before, c.tok, c.nxt)[1])] == ["assets.equipment_over_1m"]
