"""The reason handler (extract/claim_reason.py): the reason given for the last change, template
residue, and the purpose clause; real sentences (file and page quoted) and near misses."""

from __future__ import annotations

from budgetlens.extract.claim_reason import on_purpose, on_reason

from .claim_spy import at, calls


def test_reason_of_the_last_change():
    # corpus/pdf/jiangsu_gjfy_2019_yusuan.pdf, page 23
    text = "1．因公出国（境）费预算支出160万元，比上年预算减少10万元，主要原因是2019年度因公出国（境）费支出预算的减少。"
    seen = calls("reason", "budget", 2019, text)
    assert len(seen) == 1
    c = seen[0]
    st, found = on_reason(c.ctx, c.before, c.tok, c.nxt)
    assert [(f.kind, f.measure, f.basis) for f in found] == [
        ("reason", "three_public.overseas", "change_prior")]
    assert found[0].text.startswith(c.tok.text) and found[0].text.endswith("减少。")
    assert st.mode == "reason" and c.before.mode == "normal"


def test_reason_without_a_change_names_the_subject_only():
    # near miss: no change before the reason, so it has no basis
    text = "1．因公出国（境）费预算支出160万元，主要原因是2019年度因公出国（境）费支出预算的减少。"
    c = calls("reason", "budget", 2019, text)[0]
    assert [(f.kind, f.measure, f.basis) for f in on_reason(c.ctx, c.before, c.tok, c.nxt)[1]] == [
        ("reason", "three_public.overseas", "")]


def test_a_reason_marker_with_nothing_after_it_is_residue():
    # the shape of corpus/templates/shanghai_2026_unit_budget_input_template.xlsx, page 16, filled
    # in but for its reason: "比2025年预算增加…万元，主要原因是……。"
    text = "因公出国（境）费10万元，比2025年预算增加2万元，主要原因是。"
    c = calls("reason", "budget", 2026, text)[0]
    assert [(f.kind, f.measure, f.basis) for f in on_reason(c.ctx, c.before, c.tok, c.nxt)[1]] == [
        ("residue", "three_public.overseas", "prior")]


def test_purpose_only_from_a_plain_clause():
    # corpus/pdf/shanghai_putuo_wanli_2025_yusuan.pdf, page 6
    text = "10.“科学技术支出（类）科学技术普及（款）科普活动（项）”科目10.00万元，主要用于科普活动。"
    c = at(calls("purpose", "budget", 2025, text), "主要用于")
    st, found = on_purpose(c.ctx, c.before, c.tok, c.nxt)
    assert st.mode == "purpose" and found == ()
    # near miss: inside a reason a purpose word changes nothing
    assert on_purpose(c.ctx, c.before.but(mode="reason"), c.tok, c.nxt)[0].mode == "reason"
