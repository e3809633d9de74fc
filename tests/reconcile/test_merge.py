"""reconcile/merge.py — one printed defect, one finding (issue #8; docs/accuracy.md "Batch 8's open
misses; one defect, one finding (session 16)"): findings one wrong printed figure explains are
merged on a synthetic variant of each pattern a real page showed; independent defects (near
misses) stay apart."""

from __future__ import annotations

import json
from pathlib import Path

from budgetlens.pipeline import process
from budgetlens.report.items import finding_from_dict

HEAD = "某县审计局2023年部门决算公开说明\n一、“三公”经费支出决算情况\n"


def _findings(tmp_path: Path, name: str, body: str) -> list:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.difference is not None
            and f.severity != "info"]


# 江苏 检察院 2018: "收、支预算总计各增加3,958.67万元，增长21.95%" — one printed percentage that the
# income total and the spending total both read: two findings before, one defect
BOTH = "某县审计局2023年度收入、支出预算总计1,200.00万元，与上年相比收、支预算总计各增加200.00万元，增长{}%。\n"


def test_one_percentage_read_under_two_names_is_one_finding(tmp_path):
    found = [f for f in _findings(tmp_path, "both.txt", BOTH.format("25.00")) if f.rule == "pct-change"]
    assert len(found) == 1, [f.message for f in found]
    head = found[0]
    assert len(head.also_breaks) == 1
    assert {head.measure, head.also_breaks[0].measure} == {"income.grand_total", "expense.grand_total"}
    assert "另使以下核对不成立" in head.message and "also breaks" in head.message_en


def test_near_miss_two_percentages_each_wrong_stay_two(tmp_path):
    """Each total prints its own wrong percentage (two printed figures): two defects."""
    body = ("某县审计局2023年度收入预算总计1,200.00万元，与上年相比增加200.00万元，增长25.00%。\n"
            "支出预算总计1,200.00万元，与上年相比增加200.00万元，增长26.00%。\n")
    found = [f for f in _findings(tmp_path, "apart.txt", body) if f.rule == "pct-change"]
    assert len(found) == 2 and not any(f.also_breaks for f in found)


# one wrong total cell, printed against its parts and against a second printing of the same total
TOTAL = ("2023年“三公”经费支出合计100万元，其中：因公出国（境）费10万元，公务用车购置及运行费50万元，公务接待费30万元。\n"
         "二、其他说明\n本年度“三公”经费决算数为{}万元。\n")


def test_one_wrong_total_against_its_parts_and_its_other_printing_is_one_finding(tmp_path):
    """The 100 is 10 more than its parts (90) and than its other printing (90): one change of one
    figure explains both, so one finding, citing the parts and the other printing."""
    found = _findings(tmp_path, "total.txt", TOTAL.format("90"))
    assert len(found) == 1
    head = found[0]
    assert head.rule == "three-public-total" and head.severity == "error"
    assert [a.rule for a in head.also_breaks] == ["measure-consistency"]
    assert {e.value for e in head.evidence} >= {"100", "10", "50", "30", "90"}


def test_near_miss_the_same_cell_with_different_differences_stays_two(tmp_path):
    """The second printing says 95: the 100 is 10 off its parts and 5 off the 95 — no one figure
    explains both (at least two printed figures are wrong)."""
    found = _findings(tmp_path, "total95.txt", TOTAL.format("95"))
    assert sorted(f.rule for f in found) == ["measure-consistency", "three-public-total"]
    assert not any(f.also_breaks for f in found)


def test_near_miss_a_part_that_is_itself_a_wrong_total_stays_apart(tmp_path):
    """公务用车 50 is 5 more than 购置 20 + 运行 25 and the 三公 total 100 is 10 more than its parts:
    the two findings share the 50 but ask different changes of it."""
    body = ("2023年“三公”经费支出合计100万元，其中：因公出国（境）费10万元，公务用车购置及运行费50万元（其中：公务用车购置费20万元，"
            "公务用车运行维护费25万元），公务接待费30万元。\n")
    found = _findings(tmp_path, "vehicle.txt", body)
    assert sorted(f.rule for f in found) == ["three-public-total", "three-public-vehicle"]
    assert not any(f.also_breaks for f in found)


# 鄂城区 2022: the page's "三公经费决算数合计" of both years holds 会议费 and 培训费 besides the three
# items; its change is the three items' change — three findings before (the change, each year's sum)
YEARS = ("2023年“三公”经费决算数合计为120万元，其中：因公出国（境）费0万元、公务用车购置及运行费60万元、公务接待费40万元。\n"
         "2022年的“三公”经费决算数合计为90万元，其中：因公出国（境）费0万元、公务用车购置及运行费50万元、公务接待费30万元。\n"
         "2023年“三公”经费决算数相较于上年增加{}万元，主要原因是公务用车更新。\n")


def test_a_total_named_for_a_wider_whole_in_both_years_is_one_finding(tmp_path):
    """Both totals exceed their parts (by 20 and 10) and the change 20 is the parts' change
    (100 − 80), 10 short of the totals' (120 − 90): one defect, the change as headline (it cites
    the fewest figures), the two sums kept; the JSON keeps them and reads them back."""
    found = _findings(tmp_path, "years.txt", YEARS.format("20"))
    assert len(found) == 1
    head = found[0]
    assert head.rule == "change-arithmetic"
    assert sorted(a.basis for a in head.also_breaks) == ["current", "prior"]
    again = finding_from_dict(json.loads(json.dumps(head.to_dict())))
    assert [a.to_dict() for a in again.also_breaks] == [a.to_dict() for a in head.also_breaks]


def test_near_miss_a_change_wrong_on_its_own_stays_apart(tmp_path):
    """A change of 25 is neither the totals' (30) nor the parts' (20): the change is a defect of
    its own, and the two years' sums (different figures, different amounts) stay apart too."""
    found = _findings(tmp_path, "years25.txt", YEARS.format("25"))
    assert sorted(f.rule for f in found) == ["change-arithmetic", "three-public-total",
                                             "three-public-total"]
    assert not any(f.also_breaks for f in found)



# 江苏 人大办公厅 2017: "与上年相比，财政拨款收、支总计各增加844.15万元，增长6.59%。" with no reason — the one
# sentence is the income's and the expense's change, and its missing reason was two warnings
UNEXPLAINED = ("某县审计局2023年度财政拨款收、支总预算{total}万元。与上年相比，财政拨款收、支总计各增加"
               "{change}万元，增长{pct}%。\n")


def _reasons(tmp_path: Path, body: str) -> list:
    path = tmp_path / "reasons.txt"
    path.write_text(HEAD + body, encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.rule == "form-change-reason-missing"]


def test_one_statement_with_no_reason_read_under_two_names_is_one_finding(tmp_path):
    found = _reasons(tmp_path, UNEXPLAINED.format(total="12,653.20", change="744.15", pct="6.25"))
    assert len(found) == 1, [f.message for f in found]
    head = found[0]
    assert len(head.also_breaks) == 1
    assert {head.measure, head.also_breaks[0].measure} == {
        "income.fiscal.total_with_carryover", "expense.fiscal.grand_total"}
    assert "同一处所印文字" in head.message and "same printed statement" in head.message_en


def test_near_miss_two_statements_with_no_reason_stay_two(tmp_path):
    """Two sentences, each a change of its own with no reason: two omissions, two findings."""
    body = ("某县审计局2023年度财政拨款收入总计12,653.20万元，与上年相比增加744.15万元，增长6.25%。\n"
            "某县审计局2023年度财政拨款支出总计12,653.20万元，与上年相比增加744.15万元，增长6.25%。\n")
    found = _reasons(tmp_path, body)
    assert len(found) == 2, [f.message for f in found]
    assert not any(f.also_breaks for f in found)


def _before_merging(tmp_path: Path, blocks: int) -> tuple[list, tuple]:
    """The findings of BOTH as the audit has them before merging (one wrong percentage read under
    two names: two findings), repeated ``blocks`` times on one long page: each copy's figures
    printed ``k`` thousand lines further down, so no copy shares a figure with another."""
    from dataclasses import replace

    from budgetlens.extract import extract
    from budgetlens.imply import imply
    from budgetlens.read import read_document
    from budgetlens.reconcile.confidence import qualify
    from budgetlens.reconcile.engine import evaluate
    from budgetlens.rules.catalogue import load_rules

    path = tmp_path / "both.txt"
    path.write_text(HEAD + BOTH.format("25.00"), encoding="utf-8")
    disclosure, _ = extract(read_document(str(path))[0])
    disclosure, _ = imply(disclosure)
    rules = tuple(load_rules())
    found = qualify(evaluate(disclosure, rules).findings, disclosure, rules)

    def moved(f, k: int):
        return replace(f, evidence=tuple(e._replace(source=e.source._replace(
            line=(e.source.line or 0) + 1000 * k)) for e in f.evidence))

    return [moved(f, k) for k in range(blocks) for f in found], rules


def test_a_page_of_many_findings_is_merged_in_steps_about_linear_in_them(tmp_path):
    """A long page (issue #13): each finding was asked about every other (findings² steps); only
    findings sharing a printed figure can explain one another, so they are looked up by figure.
    Counted, not timed: a page twice as long, about twice the steps. Near miss of the counting:
    each copy's two findings (one percentage read under two names) are still one, and no two
    copies are joined."""
    import cProfile
    import pstats

    from budgetlens.reconcile.merge import merge_findings

    counts = []
    for blocks in (40, 80):
        findings, rules = _before_merging(tmp_path, blocks)
        merge_findings(findings, rules)  # what loads once is not counted
        profile = cProfile.Profile()
        merged = profile.runcall(merge_findings, findings, rules)
        counts.append(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]
        assert len([f for f in findings if f.rule == "pct-change"]) == 2 * blocks
        pct = [f for f in merged if f.rule == "pct-change"]
        assert len(pct) == blocks and all(len(f.also_breaks) == 1 for f in pct)
    assert counts[1] / counts[0] < 2.6, counts
