"""A 三公 table printed with its items as rows and one item's row left blank (寿县 文物保护中心 2023:
因公出国(境)费 | (blank) | (blank) under 预算数 | 决算数). The general form: a blank cell of a table whose
family reads blanks as zero (``blank_is_zero``) is "nothing" where its record prints figures —
a row across the items when items are columns, a column across the items when items are rows —
so the 三公 合计 is summed over 0 + 公务接待 + 公务用车 and a wrong 公务用车 figure is seen. Kept "not
printed": a column blank throughout, an item row the table does not print at all (an excerpt),
and a breakdown whose every part is blank under a non-zero total (the sum is not assessable).
Synthetic variants written here as text and PDF, with the layout twin printed items-as-columns."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import process

from ..read.variants import SourceTable

TITLE = ("某某县某某中心2023年度一般公共预算财政拨款“三公”经费支出决算表", "单位：万元")
HEAD = "某某县某某中心2023年度单位决算"
ROWS = (("项目", "预算数", "决算数"),
        ("合计", "30.00", "21.71"),
        ("因公出国（境）费", "", ""),
        ("公务接待费", "10.00", "5.53"),
        ("公务用车购置及运行维护费", "20.00", "16.18"),
        ("其中：公务用车运行维护费", "20.00", "16.18"),
        ("公务用车购置费", "", ""))


def _doc(tmp_path, rows, fmt: str = "txt"):
    table = SourceTable(TITLE, tuple(rows))
    path = tmp_path / f"doc.{fmt}"
    if fmt == "txt":
        lines = [HEAD, *table.titles, *("\t".join(r) for r in table.rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        from ..read.variants_pdf import render
        render([table], path)
    result = process(str(path))
    assert result.audit is not None, result.error
    return result


def _facts(result, prefix="three_public"):
    return {(f.measure, f.basis): (f.value, f.blank) for f in result.disclosure.facts
            if f.origin == "table" and f.measure.startswith(prefix)}


def _findings(result, rule):
    return [f for f in result.audit.findings if f.rule == rule and f.severity != "info"]


def _assessed(result, rule):
    return [a for a in result.audit.not_assessable if a.rule == rule]


def _with(rows, label, *cells):
    return tuple((r[0], *cells) if r[0] == label else r for r in rows)


@pytest.mark.parametrize("fmt", ["txt", "pdf"])
def test_a_blank_item_row_is_nothing_for_the_sum(tmp_path, fmt):
    result = _doc(tmp_path, ROWS, fmt)
    facts = _facts(result)
    for basis in ("initial_budget", "current"):
        assert facts[("three_public.overseas", basis)] == (Decimal(0), True)
        assert facts[("three_public.vehicle_purchase", basis)] == (Decimal(0), True)
        assert facts[("three_public.reception", basis)][1] is False
    assert _findings(result, "three-public-total") == []
    assert not any(a.reason.startswith(("three_public.total/current", "three_public.total/initial"))
                   for a in _assessed(result, "three-public-total"))
    assert result.audit.identities_evaluated > 0


@pytest.mark.parametrize("fmt", ["txt", "pdf"])
def test_a_wrong_vehicle_figure_beside_the_blank_row_is_an_error(tmp_path, fmt):
    """30.00 = 0 + 10.00 + 20.00 as printed; 公务用车 40.00 (and its 运行维护费, so the vehicle sum
    holds) leaves the 合计 short by 20."""
    rows = _with(_with(ROWS, "公务用车购置及运行维护费", "40.00", "16.18"),
                 "其中：公务用车运行维护费", "40.00", "16.18")
    result = _doc(tmp_path, rows, fmt)
    [found] = _findings(result, "three-public-total")
    assert (found.basis, found.stated, Decimal(found.expected)) == ("initial_budget", "30.00",
                                                                  Decimal(50))
    cited = {e.measure: e for e in found.evidence}
    assert Decimal(cited["three_public.overseas"].value) == 0  # the blank cell, by its place
    assert cited["three_public.overseas"].source.row is not None


def test_the_same_table_printed_items_as_columns_reads_the_same(tmp_path):
    """The layout twin: the blank cell in a row that prints figures was already a zero."""
    (tmp_path / "v").mkdir()
    vertical = _facts(_doc(tmp_path / "v", ROWS))
    cols = tuple(zip(*ROWS))
    horizontal_rows = [("项目", *cols[0][1:])] + [
        (label, *values) for label, values in zip(("预算数", "决算数"), (cols[1][1:], cols[2][1:]))]
    (tmp_path / "h").mkdir()
    horizontal = _facts(_doc(tmp_path / "h", horizontal_rows))
    assert {k: v for k, v in vertical.items() if k[1] != "initial_budget"} == \
        {k: v for k, v in horizontal.items() if k[1] != "initial_budget"}
    assert vertical[("three_public.overseas", "current")] == (Decimal(0), True)


def test_near_miss_a_column_blank_throughout_is_not_printed(tmp_path):
    """决算数 left blank on every row (an unfilled column): no zeros, nothing summed there."""
    rows = tuple((r[0], r[1], "" if i else r[2]) for i, r in enumerate(ROWS))
    facts = _facts(_doc(tmp_path, rows))
    assert not any(basis == "current" for _, basis in facts)
    assert facts[("three_public.overseas", "initial_budget")] == (Decimal(0), True)


def test_near_miss_an_item_row_not_printed_at_all_stays_missing(tmp_path):
    """An excerpt cut before 因公出国: the row is absent, not blank — the 合计 is not summed."""
    rows = tuple(r for r in ROWS if r[0] != "因公出国（境）费")
    rows = _with(rows, "公务用车购置及运行维护费", "40.00", "16.18")
    result = _doc(tmp_path, rows)
    assert ("three_public.overseas", "current") not in _facts(result)
    assert _findings(result, "three-public-total") == []


def test_near_miss_a_breakdown_printed_blank_under_its_total_is_not_assessable(tmp_path):
    """寿县's 公务用车 1.18 over blank 运行维护费 and 购置费 rows: the breakdown is not printed, so
    the vehicle sum is not assessable rather than 1.18 ≠ 0 + 0; the 合计 is still summed."""
    rows = _with(ROWS, "其中：公务用车运行维护费", "", "")
    result = _doc(tmp_path, rows)
    assert _facts(result)[("three_public.vehicle_operation", "current")] == (Decimal(0), True)
    assert _findings(result, "three-public-vehicle") == []
    reasons = [a.reason for a in _assessed(result, "three-public-vehicle")]
    assert reasons and all("空白" in r for r in reasons)
    assert _findings(result, "three-public-total") == []
    # a part printed beside a blank one is a sum again: 20.00 + 0 ≠ 30.00
    rows = _with(rows, "其中：公务用车运行维护费", "30.00", "16.18")
    assert [f.basis for f in _findings(_doc(tmp_path, rows), "three-public-vehicle")] == \
        ["initial_budget"]
