"""The amount handler (extract/claim_amount.py): a money figure of a named measure and its
basis, on real sentences (file and page quoted) and near misses that must give nothing.

Each test takes the state the real flow built before the figure (:mod:`.claim_spy`) and calls
:func:`read_money` on it directly: the handler is a function of its inputs."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest

from budgetlens.extract.claim_amount import read_money
from budgetlens.extract.claim_state import FactFound

from .claim_spy import at, calls

# corpus/pdf/fujian_fuzhou_gaj_zazd_2026_yusuan_danwei.pdf, page 32
FUZHOU = "2026年，福州市公安局治安管理支队一般公共预算拨款安排的机关运行经费支出221.19万元，比上年减少11.22万元，下降4.83%。"


def facts(found: tuple) -> set[tuple[str, str, Decimal]]:
    return {(f.measure, f.basis, f.value) for f in found if isinstance(f, FactFound)}


def test_current_amount_named_by_its_alias():
    c = at(calls("number", "budget", 2026, FUZHOU), "221.19万元")
    st, found = read_money(c.ctx, c.before, c.tok)
    assert facts(found) == {("admin_operating_cost", "current", Decimal("221.19"))}
    assert st.last_current == "admin_operating_cost"  # a flat word after it would be its change
    # a function of its inputs: the same call again gives the same, and the state it read is intact
    assert read_money(c.ctx, c.before, c.tok) == (st, found)
    assert c.before.last_current == ""
    with pytest.raises(FrozenInstanceError):
        c.before.last_current = "admin_operating_cost"


def test_an_unknown_noun_before_the_figure_names_nothing():
    # near miss: 机关食堂经费 is no measure of ours, so the figure is nobody's
    text = FUZHOU.replace("机关运行经费", "机关食堂经费")
    c = at(calls("number", "budget", 2026, text), "221.19万元")
    assert facts(read_money(c.ctx, c.before, c.tok)[1]) == set()


def test_initial_budget_and_final_amounts():
    # corpus/pdf/shanghai_putuo_ghzyj_2024_juesuan.pdf, page 21
    text = "一般公共预算财政拨款支出年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.45%。"
    seen = calls("number", "final", 2024, text)
    c = at(seen, "10210.34万元")
    assert facts(read_money(c.ctx, c.before, c.tok)[1]) == {
        ("expense.general.total", "initial_budget", Decimal("10210.34"))}
    c = at(seen, "9746.50万元")
    assert facts(read_money(c.ctx, c.before, c.tok)[1]) == {
        ("expense.general.total", "current", Decimal("9746.50"))}


def test_prior_year_figure_after_shang_nian():
    # corpus/pdf/generated_draft_wanli_2025_yusuan_2.pdf, page 9
    text = ("19. “社会保障和就业支出（类）其他生活救助（款）其他城市生活救助（项）”30.00万元，上年:30.00万元，"
            "主要其他城市生活救助经费保持不变。")
    seen = calls("number", "budget", 2025, text)
    first, second = [c for c in seen if c.tok.text == "30.00万元"]
    assert facts(read_money(first.ctx, first.before, first.tok)[1]) == {
        ("expense.function.2082501", "current", Decimal("30.00"))}
    assert facts(read_money(second.ctx, second.before, second.tok)[1]) == {
        ("expense.function.2082501", "prior", Decimal("30.00"))}


def test_prior_execution_dated_the_previous_year_only():
    # corpus/pdf/shanghai_putuo_wanli_2024_yusuan.pdf, page 9 (a 2024 budget)
    text = "2023年当年预算执行数为348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%。"
    c = at(calls("number", "budget", 2024, "“卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）”", text),
           "348.52万元")
    st, found = read_money(c.ctx, c.before, c.tok)
    assert {(b, v) for _, b, v in facts(found)} == {("prior_execution", Decimal("348.52"))}
    # near miss: dated two years back, the execution figure has no basis we can name
    c = at(calls("number", "budget", 2024, "“卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）”",
                 text.replace("2023年当年", "2022年当年")), "348.52万元")
    st, found = read_money(c.ctx, c.before, c.tok)
    assert facts(found) == set() and st.subject_known


def test_a_note_of_the_counting_basis_between_name_and_amount():
    """"以…为准" in brackets says what the figure is counted on, not what it is: the figure stays
    the named measure's (corpus/pdf/shanghai_putuo_shgzb_2024_juesuan.pdf, page 22, whose total
    was lost, so a wrong part went unseen). Near misses: "（不含上年结转）" and "（含外宾接待）"
    change what is counted and still name nothing."""
    text = ("中共上海市普陀区委社会工作部2024年度政府采购金额（以合同签订为准）为21.07万元，其中：货物采购金额"
            "21.07万元、工程采购金额0万元、服务采购金额0万元。")
    c = at(calls("number", "final", 2024, text), "21.07万元")
    assert facts(read_money(c.ctx, c.before, c.tok)[1]) == {
        ("procurement.total", "current", Decimal("21.07"))}
    written = "2025年度政府采购支出总额（以实际支付为准）356.40万元。"
    c = at(calls("number", "final", 2025, written), "356.40万元")
    assert facts(read_money(c.ctx, c.before, c.tok)[1]) == {
        ("procurement.total", "current", Decimal("356.40"))}
    for near in ("2024年度项目支出（不含上年结转）21.07万元。", "2024年度公务接待费（含外宾接待）21.07万元。",
                 "2024年度政府采购金额（以合同签订为准，含追加）为21.07万元。"):
        c = at(calls("number", "final", 2024, near), "21.07万元")
        assert facts(read_money(c.ctx, c.before, c.tok)[1]) == set(), near
