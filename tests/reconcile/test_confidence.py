"""Issue #8, item 2: a finding whose evidence stands on a reading that fails its own checks is
读取存疑 (unverified reading), at most a warning, naming its cause; a contradiction the well-read
printed numbers make by themselves stays an ``error``. Real files: seed 004's text with one
reading fault each (tests/extract/reading_variants.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import process
from budgetlens.rules.reading import CATEGORY, load_causes

from ..conftest import seed_path
from ..extract.reading_variants import dropped, misprint, name_lost, spaced, variant


def _cells(finding) -> set:
    return {(e.source.table, e.source.row) for e in finding.evidence if e.source.table is not None}


def _doubted(result, cause: str) -> set:
    return {(t.index, r) for t in result.disclosure.tables for d in t.reading if d.cause == cause
            for r in d.rows + d.totals}


@pytest.fixture(scope="module")
def seed():
    return process(str(seed_path("004")))


def test_the_seed_has_no_unverified_reading(seed):
    assert [f for f in seed.audit.findings if f.cause or f.category == CATEGORY] == []
    assert [f for f in seed.audit.findings if f.severity == "error"] == []


def test_a_sum_over_rows_of_which_one_was_not_read_is_unverified(tmp_path):
    result = process(str(variant(tmp_path, "spaced", {"2101102": spaced}, only=0)))
    findings = result.audit.findings
    doubted = [f for f in findings if f.cause == "rows-short-of-total"]
    assert doubted, "表二's 合计 adds up short: its findings must be there, and apart"
    assert all(f.category == CATEGORY and f.severity == "warning" and f.severity_as_read == "error"
               for f in doubted)
    cells = _doubted(result, "rows-short-of-total")
    assert all(_cells(f) & cells for f in doubted)
    assert [f for f in findings if f.severity == "error"] == []  # nothing else was wrong
    cause = load_causes()["rows-short-of-total"]
    assert all(cause.zh in f.message and cause.en in f.message_en for f in doubted)
    assert all(f.to_dict()["cause"] == "rows-short-of-total" for f in doubted)


def test_a_row_not_printed_stays_an_error(tmp_path):
    """Near miss: the row is missing from the page itself (every printed amount was read): the
    款 21011 short of its 项 is the document's defect, an error in each table printing it."""
    result = process(str(variant(tmp_path, "lost", {"2101102": dropped})))
    errors = [f for f in result.audit.findings if f.severity == "error"]
    assert errors and all(".21011" in f.measure for f in errors)
    assert not any(f.cause for f in result.audit.findings)


def test_findings_on_rows_out_of_line_are_unverified(tmp_path):
    result = process(str(variant(tmp_path, "name_lost", {"2080502": name_lost,
                                                         "2080505": name_lost})))
    cells = _doubted(result, "columns-shifted")
    on_rows = [f for f in result.audit.findings if f.severity != "info" and _cells(f) & cells]
    assert on_rows
    assert all(f.cause == "columns-shifted" and f.severity == "warning" for f in on_rows)
    assert [f for f in result.audit.findings if f.severity == "error"] == []


def test_a_misprinted_figure_stays_an_error(tmp_path):
    """Near miss: one figure misprinted. The row's total and the 款 column disagree with the
    printed figures themselves; the reading passes its checks, so the findings are errors."""
    result = process(str(variant(tmp_path, "misprint", {"2101102": misprint(3, "17.30")})))
    errors = [f for f in result.audit.findings if f.severity == "error"]
    assert errors and not any(f.cause for f in result.audit.findings)
    assert any(Decimal(e.value) == Decimal("17.30") for f in errors for e in f.evidence)


def test_two_well_read_totals_that_disagree_stay_an_error(tmp_path):
    """Near miss: the same document has a row of 21011 not read (a reading in doubt there) and prints
    一般公共服务支出 824.65 in its 部门收支总表 but 825.65 in the others' place: the two printed
    totals of well-read rows contradict each other without the doubtful rows, so the
    contradiction is proved and stays an error; the sum over the lost row does not."""
    def summary_201(cells: list[str]) -> list[str]:
        assert cells[2] == "一般公共服务支出"
        return cells[:3] + ["825.65" if x else x for x in cells[3:5]] + cells[5:]
    result = process(str(variant(tmp_path, "both", {"2101102": spaced,
                                                    "一般公共预算资金": summary_201}, only=0)))
    findings = result.audit.findings
    proved = [f for f in findings if f.severity == "error"
              and any(e.value is not None and Decimal(e.value) == Decimal("825.65")
                      for e in f.evidence)]
    assert proved and all(f.category != CATEGORY and not f.cause for f in proved)
    assert any(f.cause == "rows-short-of-total" for f in findings)


def test_a_table_continued_over_a_page_and_not_joined(tmp_path):
    """A table broken over two pages whose second page is not read with it: the sums of the
    first page's rows fall short of its total in every column. Reported apart, never an error."""
    pytest.importorskip("reportlab")
    from tests.read import variants as v
    from tests.read.variants_pdf import Style, render

    path = tmp_path / "continued.pdf"
    render([v.seed_tables()[1]], path, Style(rows_per_page=14, repeat_header=True,
                                             repeat_title=True, extra_column=True))
    result = process(str(path))
    sums = [f for f in result.audit.findings if f.rule.startswith("hierarchy-")
            and f.severity != "info"]
    assert sums and all(f.category == CATEGORY and f.severity == "warning" for f in sums)
    assert all(f.severity_as_read == "error" for f in sums)
