"""Issue #8, batch 8's open misses (docs/accuracy.md "Batch 8's open misses; one defect, one
finding (session 16)"): each pattern as synthetic variants (other units, places, years and
figures) with near misses that keep their old reading. Assertions are (measure, basis, value)
triples of the narrative stage."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import Metadata

from .inline_text import narrative_triples


def budget(year: int, *lines: str) -> set:
    return narrative_triples(Metadata(kind="budget", year=year), *lines)


def values(found: set, measure: str) -> set:
    return {(b, v) for m, b, v in found if m == measure}


# --- 2. a unit's or place's name before 安排 at the clause's start ------------------------------

@pytest.mark.parametrize("lead", [
    "遵义经济技术开发区2023年财政拨款安排", "某市教育局2023年财政拨款安排", "城关镇人民政府2023年安排"])
def test_a_name_opening_the_clause_before_its_basis_word_is_a_lead_in(lead):
    """贵阳国家高新区 2024: "贵阳国家高新区2024年财政拨款安排“三公”经费共计29.05万元,…其中:公务接待费预算
    6.45万元,公务用车运行维护费预算22.6万元" — none of the three was read (the name left the clause's
    lead unclean). Variants: other zones, a bureau, a town government."""
    found = budget(2023, f"{lead}“三公”经费共计15.20万元，其中：公务接待费预算5.20万元，公务用车运行维护费预算10.00万元。")
    assert values(found, "three_public.total") == {("current", Decimal("15.20"))}
    assert values(found, "three_public.reception") == {("current", Decimal("5.20"))}
    assert values(found, "three_public.vehicle_operation") == {("current", Decimal("10.00"))}


def test_like_for_like_before_a_repeated_subject_keeps_its_parts():
    """"…共计29.05万元,同口径财政拨款“三公”经费预算与上年持平,其中:…": 同口径 (like for like) leads
    the subject again; the flat change and the parts after 其中 are the total's."""
    found = budget(2023, "遵义经济技术开发区2023年财政拨款安排“三公”经费共计15.20万元，同口径财政拨款“三公”经费预算与上年持平，"
                         "其中：公务接待费预算5.20万元，公务用车运行维护费预算10.00万元。")
    assert values(found, "three_public.total") >= {("current", Decimal("15.20")),
                                                    ("change_prior", Decimal("0"))}
    assert values(found, "three_public.reception") == {("current", Decimal("5.20"))}


def test_near_miss_an_unknown_noun_before_the_basis_word_names_no_subject():
    """A noun that is no unit's or place's name (预留机动经费) before 安排 stays an unknown subject:
    its 30万元 is not the running 三公 subject's."""
    found = budget(2023, "本单位2023年“三公”经费预算15.20万元。", "预留机动经费安排30.00万元。")
    assert values(found, "three_public.total") == {("current", Decimal("15.20"))}
    assert not any(v == Decimal("30.00") for _, _, v in found)


def test_near_miss_a_name_inside_the_clause_is_not_its_lead():
    """A name only at the clause's start: after another figure's words ("用于") it names whose
    the money is for, and the amount stays unattached."""
    found = budget(2023, "本单位2023年“三公”经费预算15.20万元，用于城关镇人民政府安排8.00万元。")
    assert not any(v == Decimal("8.00") for _, _, v in found)


# --- 3. 安排的 after a fund's appropriation in a final account ---------------------------------

def final(year: int, *lines: str) -> set:
    return narrative_triples(Metadata(kind="final", year=year), *lines)


@pytest.mark.parametrize("lead", ["各乡(镇)、县本级一般公共预算拨款安排的", "一般公共预算拨款安排的",
                                  "全市各部门财政拨款安排的"])
def test_a_funds_appropriation_before_the_subject_is_no_basis_in_a_final_account(lead):
    """鹿寨 2019 (决算): "各乡(镇)、县本级一般公共预算拨款安排的“三公”经费决算支出数为1165.08万元,按同口径同比
    减少63.96万元,下降5.2%" — 安排 after the fund left the lead unclean and the total unread. The
    amount's basis is the document's kind and the sentence's 决算支出数: the year's own figure."""
    found = final(2020, f"2020年,{lead}“三公”经费决算支出数为820.50万元,按同口径同比减少20.50万元,下降2.4%。")
    assert values(found, "three_public.total") == {
        ("current", Decimal("820.50")), ("change_prior", Decimal("-20.50")),
        ("pct_change_prior", Decimal("-2.4"))}


def test_near_miss_a_budget_arranged_in_a_final_account_is_not_the_years_spending():
    """"年初预算安排“三公”经费1200万元" in a final account is the budget, never the year's figure."""
    found = final(2020, "2020年,年初预算安排“三公”经费1200.00万元。")
    assert ("three_public.total", "current", Decimal("1200.00")) not in found


# --- 3b. counts named by the word printed before the figure ----------------------------------

def test_counts_named_by_their_word_before_the_figure():
    """鹿寨 2019: "国内公务接待批次3978个,接待人次28598人;国(境)外公务接待批次23个,接待人次142人" — the
    unit after the figure is only 个/人; 批次 and 人次 before it say what is counted, and 接待 echoes
    the subject's name. Variant: other figures, a 2021 final account."""
    found = final(2021, "2021年本单位公务用车保有量12辆;国内公务接待批次56个,接待人次410人;"
                        "国(境)外公务接待批次2个,接待人次9人。")
    counts = {m: v for m, b, v in found if b == "current" and m.startswith("three_public.reception.")}
    assert counts == {"three_public.reception.batches": Decimal(56), "three_public.reception.people": Decimal(410),
                      "three_public.reception.overseas_guests.batches": Decimal(2),
                      "three_public.reception.overseas_guests.people": Decimal(9)}


def test_near_miss_a_count_word_after_another_name_is_not_the_subjects():
    """培训 does not echo 国内公务接待: "培训人次200人" is no reception count."""
    found = final(2021, "2021年国内公务接待批次56个,培训人次200人。")
    assert ("three_public.reception.batches", "current", Decimal(56)) in found
    assert not any(v == Decimal(200) for _, _, v in found)
