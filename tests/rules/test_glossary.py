"""The glossary: identifiers ↔ Chinese terms for every vocabulary a report shows."""

from __future__ import annotations

import pytest

from budgetlens.model import Basis, Severity
from budgetlens.rules import glossary
from budgetlens.rules.catalogue import CATEGORIES


def test_round_trips():
    assert glossary.zh("final") == "决算"
    assert glossary.en("决算") == "final account"
    assert glossary.identifier("决算") == "final"
    assert glossary.zh("unit", group="metadata") == "单位名称"
    assert glossary.zh("unit", group="level") == "单位"


def test_every_basis_severity_and_category_has_a_term():
    bases = [v for k, v in vars(Basis).items() if k.isupper()]
    for b in bases:
        assert glossary.zh(b, "basis") != b, b
    for s in Severity.ORDER:
        assert glossary.zh(s, "severity") != s
    for c in CATEGORIES:
        assert glossary.zh(c, "category") != c, c


def test_table_roles_cover_the_standard_set_and_the_layouts():
    roles = {t.id for t in glossary.terms("table_role")}
    for phase in ("budget", "final"):
        for part in ("summary", "income", "expense", "fiscal_summary", "gpb_expense", "gpb_basic",
                     "three_public", "gov_fund", "soe_capital"):
            assert f"{phase}_{part}" in roles
    assert all(t.zh and t.en for t in glossary.terms("table_role"))


def test_unknown_terms_are_returned_unchanged():
    assert glossary.zh("no-such-term") == "no-such-term"
    assert glossary.en("无此术语") == "无此术语"
    assert glossary.zh(None) == "未识别"


@pytest.mark.parametrize("row,message", [
    ("nogroup,x,甲,a", "group"), ("kind,Bad Id,甲,a", "identifier"), ("kind,x,,a", "zh")])
def test_bad_rows_are_named(row, message):
    with pytest.raises(glossary.GlossaryError, match=message):
        glossary.parse_glossary("group,id,zh,en\n" + row + "\n")
