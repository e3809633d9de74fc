"""The percentage handler (extract/claim_percent.py): shares, completion rates and percentage
changes, on real sentences (file and page quoted) and near misses."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.claim_percent import read_percent
from budgetlens.extract.claim_state import FactFound

from .claim_spy import at, calls


def facts(found: tuple) -> list[tuple]:
    return [(f.measure, f.basis, f.value, f.of) for f in found if isinstance(f, FactFound)]


def test_share_of_the_whole_the_words_name():
    # corpus/wide/beijing_fgw_2026_yusuan.pdf, page 8
    text = "项目支出预算50254.78万元，占本年支出预算51.83%。"
    c = at(calls("number", "budget", 2026, text), "51.83%")
    st, found = read_percent(c.ctx, c.before, c.tok)
    assert facts(found) == [("expense.project", "share", Decimal("51.83"), "expense.total")]
    assert st.share_at == -1


def test_a_percentage_without_zhan_is_no_share():
    # near miss: the same figure, no 占 before it
    text = "项目支出预算50254.78万元，本年支出预算51.83%。"
    c = at(calls("number", "budget", 2026, text), "51.83%")
    assert facts(read_percent(c.ctx, c.before, c.tok)[1]) == []


def test_completion_rate_against_the_initial_budget():
    # corpus/pdf/shanghai_putuo_ghzyj_2024_juesuan.pdf, page 21
    text = "一般公共预算财政拨款支出年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.45%。"
    c = at(calls("number", "final", 2024, text), "95.45%")
    st, found = read_percent(c.ctx, c.before, c.tok)
    assert facts(found) == [("expense.general.total", "completion_initial_budget", Decimal("95.45"), "")]
    assert st.completion is None


def test_percentage_change_of_the_change_just_read():
    # corpus/wide/guangdong_shenzhen_gws_2026_yusuan.pdf, page 13
    text = "2026年本部门机关运行经费财政拨款预算663.00万元，较2025年年初预算增加19.08万元，增长3.0%。"
    c = at(calls("number", "budget", 2026, text), "3.0%")
    assert facts(read_percent(c.ctx, c.before, c.tok)[1]) == [
        ("admin_operating_cost", "pct_change_prior", Decimal("3.0"), "")]


def test_a_reasons_own_percentage_is_no_change_of_ours():
    # corpus/pdf/jiangsu_rdcwh_bgt_2019_yusuan_text.pdf, page 16: 压减10% is how the cut was made
    text = "1．因公出国（境）费预算支出199.25万元，比上年预算减少23.25万元，主要原因按规定运转类专项经费统一压减10%。"
    c = at(calls("number", "budget", 2019, text), "10%")
    assert facts(read_percent(c.ctx, c.before, c.tok)[1]) == []
