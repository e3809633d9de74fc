"""Issue #8: a table that reaches extraction as one table per page (Word files split at the page,
PDF parts the reader could not join) is read as one table: the pages share the first page's
scope, and a page that opens with children of the last parent (烟台: ``| | 02 | 事业单位医疗``)
takes 类 and 款 from the last code of the page before."""

from __future__ import annotations

from dataclasses import replace

import pytest

pytest.importorskip("docx")

from budgetlens.pipeline import process  # noqa: E402

from tests.read import variants as v  # noqa: E402
from tests.read.variants_office import to_docx  # noqa: E402


def _split(table: v.SourceTable, at: int) -> list[v.SourceTable]:
    """The table as two tables under the same title, the header repeated, broken ``at`` rows
    into its body."""
    n = table.n_header
    return [replace(table, rows=table.rows[:n + at]),
            replace(table, rows=table.rows[:n] + table.rows[n + at:])]


@pytest.fixture(scope="module")
def gpb_expense():
    # seed 004 一般公共预算财政拨款支出预算表, codes as 类 | 款 | 项 with each row's level only;
    # 13 body rows end with 21011 行政事业单位医疗, whose four 项 open the second part
    return v.split_codes(v.seed_tables()[1], "columns-leaf")


def test_issue_8_page_opening_with_children_keeps_their_codes(gpb_expense, tmp_path):
    expected = v.expected_facts([gpb_expense], tmp_path)
    assert any(m.endswith("2101101") for m, _, _ in expected)
    parts = _split(gpb_expense, 13)
    opening = parts[1].rows[parts[1].n_header]
    assert not any(opening[:2]) and opening[2]  # the 2nd part opens with a bare 项 row
    got = v.facts(to_docx(parts, tmp_path / "split.docx"))
    problem = v.compare(expected, got)
    assert not problem, problem


def test_issue_8_page_opening_with_children_adds_up(gpb_expense, tmp_path):
    result = process(str(to_docx(_split(gpb_expense, 13), tmp_path / "split.docx")))
    rules = [(f.rule, f.measure) for f in result.audit.findings
             if f.rule.startswith("hierarchy-") and f.severity != "info"]
    assert rules == []
    held = {f.measure for f in result.disclosure.facts if f.source.table == 1}
    assert "expense.general.function.2101102" in held
