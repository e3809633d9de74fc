"""Empty statements (extract/claim_statements.py): a sentence saying a measure has no figure
("本单位无政府性基金预算支出"), on real sentences (file and page quoted) and near misses."""

from __future__ import annotations

from budgetlens.extract.narrative import read_narrative
from budgetlens.model import Document, Line, Metadata, Page


def statements(kind: str, year: int, *texts: str) -> list[tuple[str, str, str]]:
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    _, engine = read_narrative(Document("inline.txt", "text", (Page(1, lines),)),
                               Metadata(kind=kind, year=year))
    return [(c.kind, c.measure, c.value) for c in engine.claims
            if c.kind in ("empty_statement", "no_expense", "not_applicable")]


def test_no_expense_of_the_funds_named():
    # corpus/wide/guangdong_shenzhen_gxj_2026_yusuan.pdf, page 15
    got = statements("budget", 2026, "本单位无政府性基金预算支出、国有资本经营预算支出。")
    # the first fund named is claimed (the second, after 、, is not yet: one claim per match)
    assert ("empty_statement", "expense.gov_fund.total") in {(k, m) for k, m, _ in got}


def test_a_statement_that_the_fund_has_spending_is_none():
    # near miss: 有 instead of 无
    assert statements("budget", 2026, "本单位有政府性基金预算支出、国有资本经营预算支出。") == []


def test_no_admin_operating_cost():
    # corpus/pdf/shanghai_zhongyi_wenxianguan_2026_yusuan_danwei.pdf, page 17
    assert statements("budget", 2026, "本单位无机关运行经费。") == [
        ("not_applicable", "admin_operating_cost", "无机关运行经费")]


def test_no_such_expense_takes_the_running_subject():
    # corpus/excerpts/p34_yunnan_xundian_tangzi_jiedao_2023_juesuan_sangong.txt, page 1: 无此项支出
    # after a sentence about 公务用车购置 is that measure's
    got = statements("final", 2023, "公务用车购置费支出决算0万元。", "本单位2023年度无此项支出。")
    assert [(k, m) for k, m, _ in got] == [("no_expense", "three_public.vehicle_purchase")]
