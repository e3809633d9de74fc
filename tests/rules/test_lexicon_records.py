"""The compiled lexicon's records (rules/lexicon_records.py), on the package's lexicon.toml: 其中
parts grouped by family (会议费 and 培训费 with 三公, as [parts] joins them; a measure of no joined
family is its own first segment), the default whole of a share (an exact rule before a prefix rule;
none for a measure no rule names), and the statement items picked out of all items in file order."""

from __future__ import annotations

from budgetlens.rules.lexicon import load_lexicon


def test_parts_are_grouped_by_family():
    lexicon = load_lexicon()
    assert lexicon.family("meeting_fee.total") == lexicon.family("three_public.vehicle") == \
        "three_public"
    assert lexicon.family("income.fiscal") == "income"  # no [parts] line: its first segment


def test_the_whole_of_a_share():
    lexicon = load_lexicon()
    assert lexicon.whole_of("expense.general.total") == "expense.total"  # exact
    assert lexicon.whole_of("expense.general.function.201") == "expense.general.total"  # prefix
    assert lexicon.whole_of("staff.actual") == ""


def test_statements_are_the_statement_items_in_file_order():
    lexicon = load_lexicon()
    statements = lexicon.statements
    assert statements and all(item.role == "statement" for item in statements)
    assert list(statements) == [item for item in lexicon.items if item.role == "statement"]
