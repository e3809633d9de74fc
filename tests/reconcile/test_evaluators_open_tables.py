"""Issue #8, reading confidence: where the reader cannot tell whether a table goes on over the
page, a hierarchy sum whose children may be on the next page is not assessable, never an error
of the document; a sum the doubt does not touch is still checked."""

from __future__ import annotations

import pytest

pytest.importorskip("reportlab")

from budgetlens.pipeline import process  # noqa: E402

from tests.read import variants as v  # noqa: E402
from tests.read.variants_pdf import Style, render  # noqa: E402


@pytest.fixture(scope="module")
def unjoinable(tmp_path_factory):
    """Seed 004's 一般公共预算支出表 broken after 2101101: the next page prints one more
    column and no header or title, so no column map joins it."""
    table = v.seed_tables()[1]
    path = tmp_path_factory.mktemp("open") / "open.pdf"
    render([table], path, Style(rows_per_page=14, repeat_header=False, extra_column=True))
    return process(str(path))


def test_reader_marks_the_doubt(unjoinable):
    tables = unjoinable.document.tables
    assert [(t.pages, t.open_end, t.open_start) for t in tables] == [
        ((1,), True, False), ((2,), False, True)]
    assert [t.open_end for t in unjoinable.disclosure.tables][:1] == [True]


def test_sums_that_may_go_on_are_not_assessable(unjoinable):
    audit = unjoinable.audit
    hierarchy = [(f.rule, f.measure) for f in audit.findings if f.rule.startswith("hierarchy-")
                 and f.severity != "info"]
    assert hierarchy == []
    doubted = {a.reason.split(":")[0] for a in audit.not_assessable
               if a.rule.startswith("hierarchy-")}
    assert "expense.general.function.21011/current" in doubted  # its 项 go on on p2
    assert "expense.general.total/current" in doubted  # 221 is on p2
    facts = {f.measure for f in unjoinable.disclosure.facts}
    assert "expense.general.function.20103" in facts  # closed sums are still checked:
    assert "expense.general.function.20103/current" not in doubted
