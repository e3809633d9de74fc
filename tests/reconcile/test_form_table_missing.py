"""A mandated table missing: a finding only when the text does not say the document has nothing
for it (issue #8 item 4). Seed 004 (Chongqing template) with its 政府性基金 table cut out."""

from __future__ import annotations

from .form_support import assessed, fired, rewritten, seed, seed_text, without

NONE_SENTENCE = "2024 年本部门无使用政府性基金预算拨款安排的支出，与上年保持一致。"


def _cut_gov_fund_table() -> str:
    return without(seed_text("004"), "表五：", "表六：")


def test_seed_with_all_its_tables_is_quiet():
    assert fired(seed("004"), "form-required-table-missing") == []


def test_missing_table_explained_by_a_none_statement_is_not_a_finding(tmp_path):
    disclosure = rewritten(tmp_path, "004", _cut_gov_fund_table())
    assert fired(disclosure, "form-required-table-missing") == []
    reasons = [a.reason for a in assessed(disclosure, "form-required-table-missing")]
    assert any("政府性基金" in r and "无此项收支" in r for r in reasons)


def test_missing_table_without_any_statement_is_a_warning(tmp_path):
    text = _cut_gov_fund_table().replace(NONE_SENTENCE, "")
    disclosure = rewritten(tmp_path, "004", text)
    findings = fired(disclosure, "form-required-table-missing")
    assert [(f.severity, f.expected) for f in findings] == [("warning", "政府性基金预算支出表")]


def test_a_statement_about_another_fund_does_not_explain_it(tmp_path):
    text = _cut_gov_fund_table().replace(NONE_SENTENCE, "2024年本部门无国有资本经营预算拨款安排的支出。")
    disclosure = rewritten(tmp_path, "004", text)
    assert len(fired(disclosure, "form-required-table-missing")) == 1
