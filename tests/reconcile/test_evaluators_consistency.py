"""Two tables of one document printing a measure in two 口径, the gap exactly an amount one of
them prints (identities.toml ``explained_by``): 烟台's 收支总表 lists 上级补助收入 below 本年收入合计
(outside it) while its 收入总表's 合计 includes that column. Each table adds up; the document
contradicts nothing, so the difference is a note (``explained_tables_severity``), not a warning
a reviewer must clear (issue #8, wide warnings judged on the page: 烟台 人社局 p8/9, 住建局 p9/10).
Near miss: a gap that is not the printed amount stays a finding (a sentence folding the amount
into the narrower words stays a warning: the rule's ``text_only``/``other_scope`` path, unchanged).
Each test renders a real PDF (reportlab)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract import extract
from budgetlens.read import read_document
from budgetlens.reconcile import reconcile

from ..conftest import SHARED
from ..read.variants import SourceTable
from ..read.variants_pdf import render

WIDE = SHARED / "corpus" / "wide"


def _summary(subsidy: str = "30.00") -> SourceTable:
    """收支总体情况表, 烟台 order: 上级补助收入 after 本年收入合计."""
    head = (("收入", "", "支出", ""), ("项目", "预算数", "项目", "预算数"))
    year, extra = Decimal("1050.00"), Decimal(subsidy)
    left = [("一、一般公共预算拨款收入", "1,000.00"), ("二、事业收入", "50.00"),
            ("本年收入合计", f"{year:,.2f}"), ("上级补助收入", subsidy), ("上年结转", ""),
            ("收入总计", f"{year + extra:,.2f}")]
    right = [("一、一般公共服务支出", f"{year + extra:,.2f}"), ("", ""),
             ("本年支出合计", f"{year + extra:,.2f}"), ("", ""), ("结转下年", ""),
             ("支出总计", f"{year + extra:,.2f}")]
    return SourceTable(("公开表1", "收支总体情况表", "部门（单位）：某某局 单位：万元"),
                       head + tuple(a + b for a, b in zip(left, right)))


def _income(total: str, subsidy: str = "30.00") -> SourceTable:
    """收入总体情况表 whose 合计 spans every source column, 上级补助收入 included."""
    head = ("科目编码", "科目名称", "合计", "一般公共预算收入", "事业收入", "上级补助收入")
    rows = (head,
            ("", "合计", total, "1,000.00", "50.00", subsidy),
            ("201", "一般公共服务支出", total, "1,000.00", "50.00", subsidy))
    return SourceTable(("公开表2", "收入总体情况表", "部门（单位）：某某局 单位：万元"), rows)


def _consistency(path: Path, tables: list[SourceTable]) -> list:
    document, _ = read_document(str(render(tables, path)))
    disclosure, _ = extract(document)
    audit, _ = reconcile(disclosure)
    return [f for f in audit.findings
            if f.rule == "measure-consistency" and f.measure == "income.total"]


@pytest.mark.parametrize("subsidy", ["30.00", "173.00"])
def test_two_tables_in_two_printed_scopes_give_a_note(tmp_path, subsidy):
    total = f"{Decimal('1050.00') + Decimal(subsidy):,.2f}"
    found = _consistency(tmp_path / "a.pdf", [_summary(subsidy), _income(total, subsidy)])
    assert found and all(f.severity == "info" for f in found)


def test_a_gap_that_is_not_the_printed_amount_stays_a_finding(tmp_path):
    found = _consistency(tmp_path / "b.pdf", [_summary(), _income("1,090.00")])
    assert found and all(f.severity in ("warning", "error") for f in found)


# --- an enumerated item and the sentence that restates its figure (item_head) -----------------

ITEM = "{n}.“社会保障和就业支出（类）社会福利（款）社会福利事业单位（项）”{a}万元，主要用于人员经费及公用经费。"
RESTATED = "2023年当年预算执行数为650.00万元，2024年预算安排{b}万元，比2023年预算执行数增加{p}%。"


def _item_consistency(tmp_path, lines: list[str]):
    from budgetlens.pipeline import process

    path = tmp_path / "items.txt"
    path.write_text("上海市普陀区某某院2024年单位预算\n\n一、单位预算收支总体情况\n"
                    "支出预算1,212.12万元。\n支出主要内容如下：\n"
                    + "\n".join(lines) + "\n", encoding="utf-8")
    result = process(str(path))
    assert result.audit is not None, result.error
    groups = [a for a in result.audit.not_assessable
              if a.rule == "measure-consistency" and "组互不相同" in a.reason]
    return [f for f in result.audit.findings if f.rule == "measure-consistency"], groups


def test_an_item_and_its_restated_figure_are_compared_beyond_max_groups(tmp_path):
    """普陀 社会福利院 2024's paragraph form with three values of the key (a second numbered item of
    the same code): the numbered sentence's 700.00 against the next sentence's 738.66."""
    found, groups = _item_consistency(tmp_path, [
        ITEM.format(n=1, a="700.00"), RESTATED.format(b="738.66", p="13.64"),
        ITEM.format(n=2, a="600.00")])
    assert groups  # three groups: the key as a whole is not compared
    [warning] = found
    assert warning.severity == "warning"
    assert {warning.stated, warning.expected} == {"700.00", "738.66"}
    assert any("预算安排738.66" in (e.source.text or "") for e in warning.evidence)


def test_numbered_items_are_never_paired(tmp_path):
    """Three numbered items of one code (units or scopes): no pair, only the assessment."""
    found, groups = _item_consistency(tmp_path, [ITEM.format(n=i, a=a) for i, a in
                                            ((1, "700.00"), (2, "738.66"), (3, "600.00"))])
    assert groups and not found


def test_the_putuo_item_as_printed_and_with_its_figure_moved():
    """普陀 社会福利院 2024 p6 L18–19: 738.66 twice in one item's paragraph (the tables print
    696.48, another scope: two groups as printed); L18 moved to 790.37 makes three groups, and the
    paragraph's restated 738.66 still contradicts it."""
    import dataclasses

    from budgetlens.rules.catalogue import load_rules

    from ..conftest import corpus_result

    result = corpus_result("shanghai_putuo_shfly_2024_yusuan_danwei.pdf")
    rules = [r for r in load_rules() if r.id == "measure-consistency"]
    [fact] = [f for f in result.disclosure.facts if f.measure == "expense.general.function.2081005"
              and f.basis == "current" and f.source.page == 6 and f.source.line == 18]
    [restated] = [f for f in result.disclosure.facts if f.measure == fact.measure
                  and f.basis == "current" and f.source.page == 6 and f.source.line == 19]
    pair = {fact.source, restated.source}
    before = reconcile(result.disclosure, rules)[0]
    assert not [f for f in before.findings if {e.source for e in f.evidence} == pair]
    moved = fact._replace(value=Decimal("790.37"))
    edited = dataclasses.replace(result.disclosure, facts=tuple(
        moved if f is fact else f for f in result.disclosure.facts))
    after = reconcile(edited, rules)[0]
    [found] = [f for f in after.findings if {e.source for e in f.evidence} == pair]
    assert (found.severity, found.stated, found.expected) == ("warning", "790.37", "738.66")
