"""Figures a text spreads over several sentences (reconcile/evaluators_lists.py) and lists that
name an empty item (reconcile/evaluators.py ``enumerated``).

General forms, each with a written variant and near misses that must stay quiet:

* kind ``share_sum`` (rule ``three-public-shares-total``): every part of the 三公 total printed with
  its share → the shares add up to 100 (无锡 教育局 2026: 公务接待费 "占100%" beside 0% and 0%;
  a share of 120 is allowed by 2 / 2 with whole 万元 alone, not by its siblings);
* kind ``items_within`` (``text-*-items-within-class``): a text's function items explained one
  sentence at a time add up to no more than their class printed anywhere under the same or a wider
  fund scope (江苏 人大 2019: 财政拨款 项 under the all-fund 201 of another page);
* a sentence's list that names an item printed as an exact zero enumerates the classification
  (seed 001: "教育支出预算0万元"), so falling short of its total is a warning, not "the list may
  be partial".
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from budgetlens.pipeline import process
from budgetlens.reconcile import EVALUATORS, reconcile
from budgetlens.rules.catalogue import load_rules, rules_by_id

from ..conftest import corpus_result, seed_path

SHARES = ("three-public-shares-total",)
ITEMS = ("text-items-within-class", "text-fiscal-items-within-class",
         "text-general-items-within-class")
HEAD = ("某某市某某局2024年部门预算\n\n一、部门预算收支总体情况\n2024年收入预算1,500.00万元，支出预算1,500.00万元。\n"
        "二、支出预算情况说明\n")


def _audit(tmp_path, body: str, rules: tuple[str, ...]):
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    result = process(str(path))
    assert result.audit is not None, result.error
    return result, [f for f in result.audit.findings if f.rule in rules]


def _moved(disclosure, pick, value: str):
    """The disclosure with one stated fact's value replaced (a misprint of that one figure)."""
    [fact] = [f for f in disclosure.facts if f.origin != "derived" and pick(f)]
    moved = fact._replace(value=Decimal(value))
    return dataclasses.replace(disclosure, facts=tuple(
        moved if f is fact else f for f in disclosure.facts))


def test_the_kinds_are_registered_and_the_rules_declared():
    assert {"share_sum", "items_within"} <= set(EVALUATORS)
    by_id = rules_by_id()
    assert by_id["three-public-shares-total"].severity == "error"
    assert all(by_id[r].severity == "warning" for r in ITEMS)
    for rule in (r for r in load_rules() if r.kind == "share_sum"):
        assert all(len(parts) >= 2 for parts in rule.params["part_sets"])


# --- share_sum --------------------------------------------------------------------------------

SANGONG = ("2024年“三公”经费预算2万元，其中：因公出国（境）费0万元，占{o}%；公务用车购置及运行费0万元，"
           "占{v}%；公务接待费2万元，占{r}%。")


def test_the_shares_of_the_three_public_items_add_up_to_100(tmp_path):
    _, quiet = _audit(tmp_path, SANGONG.format(o=0, v=0, r=100), SHARES)
    assert not quiet
    result, [found] = _audit(tmp_path, SANGONG.format(o=0, v=0, r=120), SHARES)
    assert (found.severity, Decimal(found.stated), Decimal(found.expected)) == ("error", 120, 100)
    assert {e.measure for e in found.evidence} == {
        "three_public.overseas", "three_public.vehicle", "three_public.reception"}
    assert all(e.basis == "share" for e in found.evidence)
    # each share alone is within what its whole-万元 operands allow: only the siblings tie it
    assert not [f for f in result.audit.findings if f.rule == "share-of-whole"]


def test_the_vehicle_split_into_purchase_and_operation_is_a_partition_too(tmp_path):
    """Whole 万元 amounts: 1 / 3 allows 14–60%, so a reception share of 53 passes alone; the four
    shares then add up to 119."""
    body = ("2024年“三公”经费预算3万元，其中：因公出国（境）费0万元，占0%；公务用车购置费1万元，占33%；"
            "公务用车运行维护费1万元，占33%；公务接待费1万元，占{r}%。")
    assert not _audit(tmp_path, body.format(r=33), SHARES)[1]
    result, [found] = _audit(tmp_path, body.format(r=53), SHARES)
    assert Decimal(found.stated) == 119 and len(found.evidence) == 4
    assert not [f for f in result.audit.findings if f.rule == "share-of-whole"]


def test_a_share_contradicting_its_own_amounts_is_left_to_share_of_whole(tmp_path):
    """寻甸 塘子 2023 prints completion rates after 占 (4.02 of 11.96 "占89.33%"): share-of-whole
    reports each such share; the sum would only repeat the same defect."""
    body = ("2023年度“三公”经费支出决算为11.96万元，因公出国（境）费支出0万元，占0.00%；公务用车购置及运行维护费"
            "支出4.02万元，占89.33%；公务接待费支出7.94万元，占39.7%。")
    result, found = _audit(tmp_path, body, SHARES)
    assert not found
    assert [f.rule for f in result.audit.findings if f.rule == "share-of-whole"]


@pytest.mark.parametrize("body", [
    # a part's share not printed: the printed ones may sum to anything below 100
    "2024年“三公”经费预算10万元，其中：因公出国（境）费2万元，占20%；公务接待费4万元，占40%。",
    # shares rounded to one decimal: 33.3 × 3 = 99.9 is 100 within their rounding
    "2024年“三公”经费预算3万元，其中：因公出国（境）费1万元，占33.3%；公务用车购置及运行费1万元，"
    "占33.3%；公务接待费1万元，占33.3%。",
])
def test_near_misses_of_the_share_sum_stay_quiet(tmp_path, body):
    assert not _audit(tmp_path, body, SHARES)[1]


def test_shares_of_an_empty_whole_are_not_summed(tmp_path):
    """无锡 应急管理局执法监督局 2026 p26 prints 0% for every item of a 三公 total of 0: no whole,
    nothing to add up to 100 (the corpus run's one false error of the first version)."""
    assert not _audit(tmp_path, SANGONG.replace("预算2万元", "预算0万元").replace(
        "公务接待费2万元", "公务接待费0万元").format(o=0, v=0, r=0), SHARES)[1]


def test_shares_of_another_whole_are_not_summed(tmp_path):
    """Shares of the department's spending (占部门支出总额) are not shares of the 三公 total."""
    body = ("2024年支出预算1,500.00万元。因公出国（境）费15万元，占部门支出总额的1%；公务用车购置及运行费"
            "30万元，占部门支出总额的2%；公务接待费15万元，占部门支出总额的1%。")
    result, found = _audit(tmp_path, body, SHARES)
    assert not found
    assert not [f for f in result.disclosure.facts if f.basis == "share"
                and f.of == "three_public.total"]


def test_the_wuxi_shares_as_printed_and_with_the_reception_share_moved():
    """无锡 教育局 2026 p39: 0%, 0%, 100% as printed; the 100 moved to 120 (the mutation harness's
    miss at cddafa1, seed 1) is the error."""
    result = corpus_result("jiangsu_wuxi_jyj_benji_2026_yusuan_danwei.pdf")
    rules = [r for r in load_rules() if r.origin == "identities.toml"]
    audit, _ = reconcile(result.disclosure, rules)
    assert not [f for f in audit.findings if f.rule in SHARES]
    edited = _moved(result.disclosure, lambda f: f.measure == "three_public.reception"
                    and f.basis == "share", "120")
    audit, _ = reconcile(edited, rules)
    [found] = [f for f in audit.findings if f.rule in SHARES]
    assert found.severity == "error" and Decimal(found.stated) == 120


# --- items_within -------------------------------------------------------------------------------

ITEM_LIST = ("2024年支出预算1,500.00万元，其中：一般公共服务支出1,000.00万元，社会保障和就业支出500.00万元。\n"
             "三、财政拨款支出预算情况说明\n2024年财政拨款预算支出1,500.00万元。其中：\n（一）一般公共服务（类）\n"
             "1.人大事务（款）行政运行（项）支出{a}万元。\n2.人大事务（款）一般行政管理事务（项）支出300.00万元。\n"
             "3.人大事务（款）人大会议（项）支出80.00万元。")


def test_items_explained_one_by_one_above_their_class_are_a_warning(tmp_path):
    _, found = _audit(tmp_path, ITEM_LIST.format(a="700.00"), ITEMS)
    [warning] = found
    assert (warning.rule, warning.severity) == ("text-fiscal-items-within-class", "warning")
    assert (Decimal(warning.stated), Decimal(warning.expected)) == (1080, 1000)
    assert {e.measure for e in warning.evidence} >= {"expense.fiscal.function.2010101",
                                                     "expense.function.201"}


def test_items_below_their_class_stay_quiet(tmp_path):
    """A list may leave items out: 980 under a class of 1,000 is no contradiction."""
    assert not _audit(tmp_path, ITEM_LIST.format(a="600.00"), ITEMS)[1]


def test_a_narrower_class_never_bounds_wider_items(tmp_path):
    """All-fund items under a 一般公共预算 class: the items may hold other funds (quiet)."""
    body = ("2024年支出预算1,500.00万元。其中：\n"
            "1.“一般公共服务支出（类）人大事务（款）行政运行（项）”400.00万元。\n"
            "2.“一般公共服务支出（类）人大事务（款）一般行政管理事务（项）”300.00万元。\n"
            "三、一般公共预算支出情况说明\n2024年一般公共预算支出1,000.00万元，其中：一般公共服务支出"
            "500.00万元，社会保障和就业支出500.00万元。")
    result, found = _audit(tmp_path, body, ITEMS)
    assert not found
    assert any(f.measure == "expense.function.2010101" for f in result.disclosure.facts)
    assert any(f.measure == "expense.general.function.201" for f in result.disclosure.facts)


def test_a_code_printed_with_two_values_leaves_its_class_unjudged(tmp_path):
    """Two values of one 项 in the text: two units' or two years' figures, not one list."""
    body = ITEM_LIST.format(a="700.00") + "\n4.人大事务（款）行政运行（项）支出650.00万元。"
    assert not _audit(tmp_path, body, ITEMS)[1]


def test_items_a_table_also_prints_are_the_tables_to_judge():
    """The same items above their class, one of them also a table cell: the table's hierarchy
    and the text-table consistency judge it (a 元 table against 万元 items would only add rounding
    notes), so the text bound is quiet."""
    from .test_identities import audit, fact

    rule = rules_by_id()["text-fiscal-items-within-class"]
    items = [fact("expense.fiscal.function.2010101", "current", "10.00", "text:1:1"),
             fact("expense.fiscal.function.2010102", "current", "15.00", "text:1:2"),
             fact("expense.function.201", "current", "20.00", "text:1:3")]
    assert len(audit(rule, items)) == 1
    tabled = fact("expense.fiscal.function.2010102", "current", "15.00", "table:0")
    assert audit(rule, items + [tabled]) == []


def test_jiangsu_npc_items_as_printed_and_with_one_item_moved():
    """江苏 人大 2019: nine 财政拨款 项 of 201 explained one by one (pp. 12–13) add up to the
    all-fund 201 of p.10, 13,907.78; 人大信访工作 42.75 moved to 45.74 (the harness's miss)
    exceeds it."""
    result = corpus_result("jiangsu_rdcwh_bgt_2019_yusuan_text.pdf")
    rules = [r for r in load_rules() if r.origin == "identities.toml"]
    audit, _ = reconcile(result.disclosure, rules)
    assert not [f for f in audit.findings if f.rule in ITEMS]
    edited = _moved(result.disclosure, lambda f: f.measure == "expense.fiscal.function.2010109"
                    and f.basis == "current", "45.74")
    audit, _ = reconcile(edited, rules)
    [found] = [f for f in audit.findings if f.rule in ITEMS]
    assert found.severity == "warning" and Decimal(found.expected) == Decimal("13907.78")
    assert len([e for e in found.evidence if e.role == "part"]) == 9


# --- a list naming an empty item is the whole classification ---------------------------------


def _seed_total_moved(prefix: str):
    result = process(str(seed_path(prefix)))
    rules = [r for r in load_rules() if r.origin == "identities.toml"]
    edited = _moved(result.disclosure, lambda f: f.measure == "expense.total"
                    and f.basis == "current" and f.source.line == 42, "633.75")
    return reconcile(edited, rules)[0], reconcile(result.disclosure, rules)[0]


def test_a_list_naming_an_empty_item_falling_short_of_its_total_is_a_warning():
    """Seed 001 L42: 592.29 = 476.94 + 0 + 58.92 + 28.12 + 28.31; the total moved to 633.75."""
    moved, printed = _seed_total_moved("001")
    assert not [f for f in printed.findings if f.rule == "hierarchy-expense-function"]
    [found] = [f for f in moved.findings if f.rule == "hierarchy-expense-function"]
    assert (found.severity, found.stated, Decimal(found.expected)) == ("warning", "633.75",
                                                                      Decimal("592.29"))


def test_a_list_without_an_empty_item_may_be_partial(tmp_path):
    """The same sentence with no item printed as zero: the shortfall is not assessable."""
    body = ("（二）支出预算：2024年年初预算数633.75万元，其中：一般公共服务支出预算476.94万元，社会保障和就业支出"
            "预算58.92万元，卫生健康支出预算28.12万元，住房保障支出预算28.31万元。")
    result, _ = _audit(tmp_path, body, ())
    assert not [f for f in result.audit.findings if f.rule == "hierarchy-expense-function"]
    assert any(a.rule == "hierarchy-expense-function" for a in result.audit.not_assessable)
    listed = body.replace("一般公共服务支出预算476.94万元，", "一般公共服务支出预算476.94万元，教育支出预算0万元，")
    result, _ = _audit(tmp_path, listed, ())
    assert [f.severity for f in result.audit.findings
            if f.rule == "hierarchy-expense-function"] == ["warning"]


def test_an_empty_item_printed_with_decimals_names_it_too(tmp_path):
    """"教育支出预算0.00万元" lists the empty class as much as "0万元" does."""
    body = ("（二）支出预算：2024年年初预算数633.75万元，其中：一般公共服务支出预算476.94万元，教育支出预算0.00万元，"
            "社会保障和就业支出预算58.92万元，卫生健康支出预算28.12万元，住房保障支出预算28.31万元。")
    result, _ = _audit(tmp_path, body, ())
    assert [f.severity for f in result.audit.findings
            if f.rule == "hierarchy-expense-function"] == ["warning"]
