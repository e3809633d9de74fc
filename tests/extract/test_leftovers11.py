"""Issue #8, batch 10's open misses (docs/accuracy.md "Batch 10's open misses (session 18, branch
leftovers11)"): what batch 10's pages printed and the reading missed or misfiled, each pattern as
synthetic variants (other units, years and figures) with near misses that keep their old reading.
Assertions are (measure, basis, value) triples, or the metadata of a whole page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .inline_text import kind_year_triples, page_metadata

D = Decimal
triples, meta = kind_year_triples, page_metadata


# --- a bare change followed by 其中 is the whole list's ---------------------------------------------

SANGONG = ("{y}年“三公”经费预算数为{total}万元,其中:因公出国(境)费{o}万元,公务用车购置及运行维护费{v}万元,"
           "公务接待费{r}万元。与{p}年预算相比{word}{pct}%,其中:因公出国(境)费增加0万元,"
           "公务用车购置及运行维护费增加{dv}万元,公务接待费减少{dr}万元。")


@pytest.mark.parametrize("y, total, o, v, r, word, pct, dv, dr, sign", [
    (2024, "14.01", "0", "14.01", "0", "增长", "16.75", "2.01", "0", 1),
    (2022, "30.50", "5.00", "20.00", "5.50", "下降", "10.00", "1.00", "4.39", -1),
])
def test_a_bare_rate_before_its_parts_is_the_totals(y, total, o, v, r, word, pct, dv, dr, sign):
    """涪陵 镇 2024: "…公务接待费0万元。与2023年预算相比增长16.75%,其中:…公务接待费减少0万元" filed
    16.75% under 公务接待费, the list's last part; it is the total's (2.01 / 12.00). The 其中 after
    it lists that part again, and a part is not listed under itself."""
    got = triples("budget", y, SANGONG.format(y=y, p=y - 1, total=total, o=o, v=v, r=r, word=word,
                                              pct=pct, dv=dv, dr=dr))
    assert ("three_public.total", "pct_change_prior", D(pct) * sign) in got
    assert not any(b == "pct_change_prior" for m, b, _ in got if m != "three_public.total")


def test_a_bare_change_before_its_parts_is_the_totals():
    got = triples("final", 2022, "2022年本年支出合计500.00万元,其中:基本支出300.00万元,项目支出200.00万元。"
                                 "比上年增加50.00万元,增长11.11%,其中:基本支出增加20.00万元,项目支出增加30.00万元。")
    assert {("expense.total", "change_prior", D("50.00")),
            ("expense.total", "pct_change_prior", D("11.11"))} <= got
    assert ("expense.project", "change_prior", D("30.00")) in got


def test_near_miss_a_rate_whose_parts_are_the_last_items_stays_the_last_items():
    """The 其中 after the rate lists the last item's own parts (车辆购置 / 运行维护 of 公务用车):
    the rate is that item's, as before."""
    got = triples("budget", 2024, "2024年“三公”经费预算数为14.01万元,其中:因公出国(境)费0万元,公务接待费0万元,"
                                  "公务用车购置及运行维护费14.01万元。与2023年预算相比增长16.75%,其中:"
                                  "公务用车购置费0万元,公务用车运行维护费增加2.01万元。")
    assert ("three_public.vehicle", "pct_change_prior", D("16.75")) in got
    assert not any(m == "three_public.total" and b == "pct_change_prior" for m, b, _ in got)


def test_near_miss_a_bare_change_with_no_list_after_it_stays_the_last_parts():
    got = triples("final", 2022, "2022年本年支出合计500.00万元,其中:基本支出300.00万元,项目支出200.00万元。"
                                 "比上年增加50.00万元,增长33.33%,主要是项目增加。")
    assert ("expense.project", "change_prior", D("50.00")) in got
    assert not any(m == "expense.total" and b == "change_prior" for m, b, _ in got)


# --- "无变动" / "未变动" / "减少0万元" state a zero change ---------------------------------------------

@pytest.mark.parametrize("flat", ["与上年相比无变动", "较上年未变动", "与2024年相比没有变化"])
def test_no_change_words_state_a_zero_change(flat):
    """西藏 驻格尔木办事处中学 2025: the 三公 total 1.30 and 出国 0, each "与上年相比无变动" — two
    zero changes left unread (the implied prior = current then joins the change identities)."""
    got = triples("budget", 2025, f"2025年“三公”经费预算数为2.60万元,{flat}。其中:因公出国(境)费0万元,{flat};"
                                  f"公务接待费2.60万元,{flat}。")
    for m in ("three_public.total", "three_public.overseas", "three_public.reception"):
        assert (m, "change_prior", D(0)) in got


def test_zero_amounts_of_change_are_changes():
    got = triples("budget", 2024, "2024年“三公”经费预算数为3.00万元,其中:因公出国(境)费0万元,比上年减少0万元;"
                                  "公务接待费3.00万元,比上年增加0万元。")
    assert {("three_public.overseas", "change_prior", D(0)),
            ("three_public.reception", "change_prior", D(0))} <= got


@pytest.mark.parametrize("text", [
    "2025年“三公”经费预算公开口径与上年相比无变动。",     # how it is counted, not an amount
    "2025年“三公”经费预算数为3.00万元,与上年相比基本无变动。",  # hedged: no zero stated
])
def test_near_miss_a_scope_or_a_hedge_states_no_zero_change(text):
    assert not any(b == "change_prior" for _, b, _ in triples("budget", 2025, text))
