"""Nothing counted, nothing spent (kind ``zero_pair``; rules ``zero-count-nonzero-amount`` and
``nonzero-count-zero-amount``): a count of projects and the amount of the same projects stated
in one sentence. The general form: a zero on one side of a declared (count, amount) pair decides
the other. Variants: the real 江苏 政协 2018 sentence with its amount changed, written sentences of
both declared pairs; near misses: both zero, the amount alone, a count in another sentence, a
count of another set of projects beside the amount, a zero printed with decimals, two counts of
one measure in one sentence, the department's whole spending beside a zero count (无锡)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from budgetlens.model import Disclosure, Fact, Metadata, Source
from budgetlens.pipeline import process
from budgetlens.reconcile import EVALUATORS, reconcile
from budgetlens.rules.catalogue import load_rules, rules_by_id
from budgetlens.rules.measures import kind_of

from ..conftest import corpus_result

RULES = ("zero-count-nonzero-amount", "nonzero-count-zero-amount")
HEAD = ("某某市某某局2024年部门预算\n\n一、收支预算总体情况\n2024年收入预算1,000.00万元，支出预算1,000.00万元。\n"
        "\n二、预算绩效情况说明\n")


def _pair_findings(tmp_path, sentence: str):
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + sentence + "\n", encoding="utf-8")
    result = process(str(path))
    assert result.audit is not None, result.error
    return result, [f for f in result.audit.findings if f.rule in RULES]


def test_the_kind_is_registered_and_its_pairs_name_a_count_and_an_amount():
    rules = [r for r in load_rules() if r.kind == "zero_pair"]
    assert {r.id for r in rules} == set(RULES) and "zero_pair" in EVALUATORS
    for rule in rules:
        assert rule.params["pairs"]
        for count, amount in rule.params["pairs"].items():
            assert kind_of(count) == "count" and kind_of(amount) == "money"
    assert rules_by_id()["zero-count-nonzero-amount"].severity == "error"
    assert rules_by_id()["nonzero-count-zero-amount"].severity == "warning"


def test_the_jiangsu_sentence_with_its_amount_changed_is_an_error_citing_both_figures():
    """江苏 政协 2018: "2018年本部门共0个项目实行绩效目标管理，涉及财政性资金合计0万元。" as printed
    holds; its amount moved to 20 (the mutation harness's miss at 32f4881) contradicts the count."""
    result = corpus_result("jiangsu_zxbgt_2018_yusuan_text.pdf")
    facts = {f.measure: f for f in result.disclosure.facts if f.measure.startswith("performance.")}
    count, amount = facts["performance.project_count"], facts["performance.covered_amount"]
    assert count.value == 0 and amount.value == 0 and count.scope == amount.scope
    rules = [r for r in load_rules() if r.origin == "identities.toml"]
    audit, _ = reconcile(result.disclosure, rules)
    assert not [f for f in audit.findings if f.rule in RULES]
    moved = amount._replace(value=Decimal(20))
    edited = dataclasses.replace(result.disclosure, facts=tuple(
        moved if f is amount else f for f in result.disclosure.facts))
    audit, _ = reconcile(edited, rules)
    [found] = [f for f in audit.findings if f.rule in RULES]
    assert (found.rule, found.severity, found.stated) == ("zero-count-nonzero-amount", "error", "20")
    assert Decimal(found.expected) == 0
    assert {e.measure for e in found.evidence} == {"performance.project_count",
                                                   "performance.covered_amount"}
    assert all("共0个项目" in e.source.text for e in found.evidence)


@pytest.mark.parametrize("sentence, rule, measure, stated", [
    ("2024年本部门共0个项目实行绩效目标管理，涉及财政性资金合计20万元。",
     "zero-count-nonzero-amount", "performance.covered_amount", "20"),
    ("2024年本部门共0个项目开展绩效自评，涉及资金50.00万元。",
     "zero-count-nonzero-amount", "performance.self_eval.covered_amount", "50.00"),
    ("2024年本部门共5个项目实行绩效目标管理，涉及财政性资金合计0万元。",
     "nonzero-count-zero-amount", "performance.project_count", "5"),
    ("2024年本部门共有3个项目开展绩效自评，涉及资金0万元。",
     "nonzero-count-zero-amount", "performance.self_eval.project_count", "3"),
])
def test_a_zero_on_one_side_decides_the_other(tmp_path, sentence, rule, measure, stated):
    _, found = _pair_findings(tmp_path, sentence)
    assert [(f.rule, f.measure, f.stated) for f in found] == [(rule, measure, stated)]
    assert found[0].severity == rules_by_id()[rule].severity
    assert len(found[0].evidence) == 2 and found[0].message and found[0].message_en


@pytest.mark.parametrize("sentence", [
    "2024年本部门共0个项目实行绩效目标管理，涉及财政性资金合计0万元。",
    "2024年本部门共12个项目实行绩效目标管理，涉及财政性资金合计300万元。",
    # a zero printed with decimals may stand for a few 元: it bounds no count
    "2024年本部门共5个项目实行绩效目标管理，涉及财政性资金合计0.00万元。",
    # the count of another set of projects (self-evaluated) beside the amount under targets
    "2024年本部门共12个项目实行绩效目标管理，涉及财政性资金合计300万元；共0个项目开展绩效自评。",
    "2024年本部门共0个项目开展绩效自评；共12个项目实行绩效目标管理，涉及财政性资金合计300万元。",
    # the department's whole spending is no project's amount (无锡 2026, same sentence)
    "2024年度，本单位整体支出纳入绩效目标管理，涉及财政性资金1,136.23万元；本单位共0个项目纳入绩效目标管理，"
    "涉及财政性资金合计0万元。",
    # counts not stated: the amount alone (深圳's wording)
    "所有项目支出预算纳入部门预算绩效管理，涉及预算资金435,216.17万元。",
    # a count stated in another sentence than the amount, on its own line or on the same one
    "2024年本部门共0个项目开展绩效自评。\n本部门对3个项目开展了绩效自评，共涉及资金164.85万元。",
    "2024年本部门共0个项目开展绩效自评。本部门对3个项目开展了绩效自评，共涉及资金164.85万元。",
])
def test_near_misses_stay_quiet(tmp_path, sentence):
    _, found = _pair_findings(tmp_path, sentence)
    assert found == []


def _fact(measure: str, value: str, line: int, kind: str = "money", text: str = "…") -> Fact:
    src = Source("case.txt", 1, line, text=text)
    return Fact(measure, "current", Decimal(value), src, 0, kind, "text", "text:1:5")


def test_two_counts_of_one_measure_in_one_sentence_pair_with_nothing():
    """"共12个项目…其中新增0个": which count the amount belongs to is unknown, so none is judged."""
    rule = rules_by_id()["zero-count-nonzero-amount"]
    facts = (_fact("performance.project_count", "12", 5, "count"),
             _fact("performance.project_count", "0", 5, "count"),
             _fact("performance.covered_amount", "300", 6))
    audit, _ = reconcile(Disclosure("case.txt", Metadata(), facts=facts), [rule])
    assert audit.findings == ()
    alone = (facts[1], facts[2])
    audit, _ = reconcile(Disclosure("case.txt", Metadata(), facts=alone), [rule])
    assert [f.rule for f in audit.findings] == ["zero-count-nonzero-amount"]


def test_a_count_and_an_amount_of_two_sentences_starting_on_one_line_are_no_pair():
    """A text scope is the line a sentence starts on; the quoted sentence tells two apart."""
    rule = rules_by_id()["zero-count-nonzero-amount"]
    first, second = "本部门共0个项目实行绩效目标管理。", "所有项目支出预算纳入部门预算绩效管理，涉及预算资金435万元。"
    apart = (_fact("performance.project_count", "0", 5, "count", first),
             _fact("performance.covered_amount", "435", 5, text=second))
    audit, _ = reconcile(Disclosure("case.txt", Metadata(), facts=apart), [rule])
    assert audit.findings == ()
    together = (apart[0], apart[1]._replace(source=apart[1].source._replace(text=first)))
    audit, _ = reconcile(Disclosure("case.txt", Metadata(), facts=together), [rule])
    assert [f.stated for f in audit.findings] == ["435"]
