"""The change handlers (extract/claim_change.py): a signed change against the sentence's
comparator, a flat word's zero change, a change that cannot be compared; real sentences (file and
page quoted) and near misses."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.claim_amount import read_money
from budgetlens.extract.claim_change import on_direction, on_not_comparable
from budgetlens.extract.claim_state import ClaimFound, FactFound

from .claim_spy import at, calls

# corpus/pdf/fujian_fuzhou_gaj_zazd_2026_yusuan_danwei.pdf, page 32
FUZHOU = "2026年，福州市公安局治安管理支队一般公共预算拨款安排的机关运行经费支出221.19万元，比上年减少11.22万元，下降4.83%。"


def test_money_change_takes_the_comparators_basis_and_the_directions_sign():
    c = at(calls("number", "budget", 2026, FUZHOU), "11.22万元")
    st, found = read_money(c.ctx, c.before, c.tok)
    assert [(f.measure, f.basis, f.value) for f in found if isinstance(f, FactFound)] == [
        ("admin_operating_cost", "change_prior", Decimal("-11.22"))]
    assert [(f.kind, f.value) for f in found if isinstance(f, ClaimFound)] == [("direction", "减少")]
    assert st.last_change == ("admin_operating_cost", "prior") and st.last_basis == "prior"


def test_a_change_without_a_comparator_has_no_basis():
    # near miss: the same figures with no 比上年 in the sentence (nor before it)
    c = at(calls("number", "budget", 2026, FUZHOU.replace("比上年", "")), "11.22万元")
    assert read_money(c.ctx, c.before, c.tok)[1] == ()


def test_a_flat_word_states_a_zero_change():
    # corpus/pdf/fujian_fuzhou_gaj_zazd_2026_yusuan_danwei.pdf, page 28
    text = "（3）公务接待费。2026年预算安排2.00万元，与上年持平。"
    c = at(calls("direction", "budget", 2026, text), "持平")
    st, found = on_direction(c.ctx, c.before, c.tok, c.nxt)
    assert [(type(f).__name__, f.measure, f.basis) for f in found] == [
        ("ClaimFound", "three_public.reception", "change_prior"),
        ("FactFound", "three_public.reception", "change_prior")]
    fact = found[1]
    assert fact.value == 0 and not fact.counted and st.flat_done


def test_a_hedged_flat_word_states_nothing():
    # near miss: 基本持平 is approximately level, not a zero change
    text = "（3）公务接待费。2026年预算安排2.00万元，与上年基本持平。"
    c = at(calls("direction", "budget", 2026, text), "持平")
    assert on_direction(c.ctx, c.before, c.tok, c.nxt)[1] == ()


def test_not_comparable_names_the_last_change():
    # corpus/excerpts/p33_guangdong_czt_2023_juesuan_sangong.txt, page 1
    text = ("其中:因公出国(境)费支出决算为12.02万元,完成预算12.02万元的100%,比上年决算数增加12.02万元,"
            "增长--(基数为0,不可比);")
    seen = calls("not_comparable", "final", 2023, "2023年度“三公”经费财政拨款支出决算为62.07万元。", text)
    assert len(seen) == 1
    c = seen[0]
    st, found = on_not_comparable(c.ctx, c.before, c.tok, c.nxt)
    assert [(f.kind, f.measure, f.basis) for f in found] == [
        ("not_comparable", "three_public.overseas", "pct_change_prior")]
    assert st.direction is None
