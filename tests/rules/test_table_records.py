"""The typed records of tables.toml (rules/table_records.py), on the package's layouts: a family
found by name and by any of its roles (an unknown one: KeyError / None, the near misses), the
role of a document phase (a final account's, a budget's, the budget's when the phase is unknown,
the one role of a kind-less family), and every role's Chinese title."""

from __future__ import annotations

import pytest

from budgetlens.rules.table_layouts import load_table_layouts


@pytest.fixture(scope="module")
def layouts():
    return load_table_layouts()


def test_a_family_is_found_by_name_and_by_its_roles(layouts):
    expense = layouts.family("expense")
    assert layouts.family_of_role("final_expense") is expense
    assert layouts.family_of_role("budget_expense") is expense
    assert layouts.family_of_role("no_such_role") is None
    with pytest.raises(KeyError):
        layouts.family("no_such_family")


def test_the_role_follows_the_documents_phase(layouts):
    expense = layouts.family("expense")
    assert (expense.role("final"), expense.role("budget"), expense.role(None)) == (
        "final_expense", "budget_expense", "budget_expense")
    assert not expense.kindless
    kindless = [f for f in layouts.families if f.kindless]
    assert kindless and all(f.role("final") == f.role("budget") == dict(f.roles)[""]
                            for f in kindless)


def test_every_role_has_a_chinese_title(layouts):
    titles = layouts.role_titles_zh()
    roles = {r for f in layouts.families for _, r in f.roles}
    assert roles <= set(titles) and titles["budget_expense"] == "部门支出总表"
