"""Staffing identities on the sentences disclosures print (部门概况 / 人员情况).

The generic fire/quiet cases are in test_identities.py; these check that the rules meet the
facts the narrative extractor really produces: a whole and the parts its 其中 lists are checked
inside the sentence, a list that names only some parts is not, and the 西安 发改委 2019 sentence
whose parts do not add up (78 ≠ 3 + 72) is a warning that quotes it.
"""

from __future__ import annotations

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Disclosure, Document, Line, Metadata, Page
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

STAFF_RULES = [r for r in load_rules() if r.id.startswith("staff-")]


def audit(text: str, meta: Metadata = Metadata(kind="budget", year=2026)):
    page = Page(1, (Line(text, 1, 1),))
    _, facts, claims, _ = extract_narrative(Document("inline.txt", "text", (page,)), meta, [])
    disclosure = Disclosure(path="inline.txt", metadata=meta, facts=tuple(facts), claims=tuple(claims))
    result, diags = reconcile(disclosure, STAFF_RULES)
    assert diags == []
    return result


def test_staff_rules_are_declared():
    assert {r.id for r in STAFF_RULES} == {
        "staff-authorized-by-type", "staff-actual-by-type", "staff-actual-by-status",
        "staff-actual-by-status-detail", "staff-retired-by-type"}
    assert all(r.severity == "warning" for r in STAFF_RULES)


@pytest.mark.parametrize("text, evaluated", [
    # 西安 审计局 2026: 125 = 111 + 14, 119 = 108 + 11
    ("截至上年底，本部门人员编制125人，其中行政编制111人，事业编制14人；实有人员119人，其中行政108人，事业11人。", 2),
    # 西安 医保局 2022: 102 = 40 + 61 + 工勤 1
    ("截止2021年底，本部门人员编制142人，其中行政编制32人、事业编制110人；实有人员102人，其中行政40人、"
     "事业61人、工勤1人。", 2),
    # 长春 信访局 2026: 72 = 46 + 26
    ("“本年预算数”的实有人员72人，其中：在职人员46人，离退休人员26人。", 1),
    # 乌鲁木齐 政务服务中心 2023 (traditional): 11 = 10 + 0 + 1
    ("實有人數11人,其中:在職人員10人,離休人員0人,退休人員1人。", 1),
])
def test_sums_that_hold_are_evaluated_and_quiet(text, evaluated):
    result = audit(text)
    assert result.findings == ()
    assert result.identities_evaluated == evaluated
    assert result.identities_held == evaluated


def test_parts_not_all_named_are_not_summed():
    """西安 人社局 2020: 实有在职人员380人, 其中行政89人, 事业291人 (no keys for these parts) and
    实际正式教职工62人, 其中 by 职称 (no keys): no sum is checked."""
    for text in ("截止2019年底，本部门在职人员编制408人，其中行政编制91人、事业编制317人；实有在职人员380 人，"
                 "其中行政89 人,事业291 人。",
                 "核定人員編制71人,實際正式教職工62人,其中副高級職稱4人,中級職稱25人,初級職稱23人,退休職工28人。"):
        result = audit(text, Metadata(kind="budget", year=2020))
        assert result.findings == ()
    # 408 = 91 + 317 is still checked
    assert audit("截止2019年底，本部门在职人员编制408人，其中行政编制91人、事业编制317人。").identities_held == 1


def test_retired_parts_that_do_not_add_up_are_a_warning():
    """西安 发改委 2019 prints 78 retired staff, of whom 3 离休 and 72 退休."""
    result = audit("单位管理的离退休人员78人，其中：离休3人，退休72人。", Metadata(kind="budget", year=2019))
    assert [(f.rule, f.severity) for f in result.findings] == [("staff-retired-by-type", "warning")]
    quoted = {e.source.text for e in result.findings[0].evidence}
    assert quoted == {"单位管理的离退休人员78人，其中：离休3人，退休72人。"}
