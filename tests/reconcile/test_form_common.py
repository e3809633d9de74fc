"""The helpers every form evaluator shares (reconcile/form_common.py), on the package's own form
rules: a finding filled from its rule's zh/en templates (never one without evidence, evidence
deduplicated and capped), a table's evidence quoting its title, and rule parameters checked for
their type with an error naming the file, rule and key."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from budgetlens.model import Source, TableInfo
from budgetlens.reconcile.form_common import (MAX_EVIDENCE, assess, finding, param, quote,
                                              str_list, table_evidence)
from budgetlens.rules.catalogue import RuleError, load_rules

RULES = {r.id: r for r in load_rules()}
MISSING = RULES["form-required-table-missing"]
EMPTY = RULES["form-empty-table-unexplained"]


def test_a_finding_is_filled_from_its_rule_in_both_languages():
    source = Source(file="a.pdf", page=3, text="一般公共预算财政拨款支出表")
    made = finding(MISSING, [quote(source), quote(source)], name="政府性基金预算支出表",
                   name_en="government fund budget expenditure", template="部门预算", found=7)
    assert made is not None and made.rule == MISSING.id and made.severity == MISSING.severity
    assert made.message == "缺少应公开的表格：政府性基金预算支出表（部门预算模板；文档中已识别7张表）"
    assert made.message_en.startswith("Required table missing: government fund budget expenditure")
    assert len(made.evidence) == 1  # the same quote twice is one piece of evidence
    # near miss: a field the caller did not give stays visible, it does not raise
    bare = finding(MISSING, [quote(source)], name="x", template="y", found=0)
    assert "{name_en}" in bare.message_en


def test_no_evidence_no_finding_and_evidence_is_capped():
    assert finding(MISSING, [], name="x", template="y", found=0) is None
    many = [quote(Source(file="a.pdf", page=p)) for p in range(1, MAX_EVIDENCE + 4)]
    made = finding(MISSING, many, name="x", template="y", found=0)
    assert len(made.evidence) == MAX_EVIDENCE
    record = assess(MISSING, "无表格", "no table")
    assert (record.rule, record.reason, record.reason_en) == (MISSING.id, "无表格", "no table")


def test_a_tables_evidence_quotes_its_title():
    """A table without a source of its own is quoted by file, page, index and title; one with
    a source keeps it, its text filled with the title when blank (near miss: a text kept)."""
    bare = table_evidence(TableInfo(2, "budget_income", "部门收入总表", 4), "a.pdf")
    assert bare.source == Source(file="a.pdf", page=4, table=2, text="部门收入总表")
    assert bare.role == "table" and bare.value is None
    own = TableInfo(2, None, "部门收入总表", 4, source=Source(file="a.pdf", page=5))
    assert table_evidence(own, "b.pdf").source == Source(file="a.pdf", page=5, text="部门收入总表")
    quoted = TableInfo(2, None, "部门收入总表", 4, source=Source(file="a.pdf", page=5, text="表一"))
    assert table_evidence(quoted, "a.pdf").source.text == "表一"


def test_parameters_are_checked_for_their_type():
    """A list where a list is due, an int accepted as a float; a wrong type or a missing key is
    a RuleError naming the file, the rule and the key."""
    assert param(EMPTY, "cues", list)[0] == "无"
    assert str_list(EMPTY, "cues")[:2] == ("无", "没有")
    assert param(EMPTY, "absent", float, 3) == 3.0 and isinstance(param(EMPTY, "absent", float, 3),
                                                                   float)
    with pytest.raises(RuleError, match=r"form_checks.toml \(form-empty-table-unexplained\).*'gone'"):
        param(EMPTY, "gone", str)
    with pytest.raises(RuleError, match="'zero_amount' must be list"):
        param(EMPTY, "zero_amount", list)
    mixed = dataclasses.replace(EMPTY, params=MappingProxyType({"cues": ["无", 0]}))
    with pytest.raises(RuleError, match="'cues' must be a list of strings"):
        str_list(mixed, "cues")
