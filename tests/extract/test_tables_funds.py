"""三公 tables that print every item by fund (rules/tables.toml ``family.fund_level``).

深圳 表9 prints 总计, 因公出国(境)费, 公务接待费 and 公务用车购置及运行维护费 (小计 | 购置费 | 运行维护费)
each over three fund columns (一般公共预算 | 政府性基金预算 | 国有资本经营预算), and the years as rows
(2025年 | 2026年 | 增减变化金额). The measures are the 一般公共预算 figures: each item column maps to
its own measure, another fund's 0.00 is never a 三公 figure, and the prior-year row is read. The
generated PDF has the same shape with other numbers, years, wordings and the funds in another
order (two funds, the general one last); the real file is checked where the corpus is present.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract import extract
from budgetlens.extract.tables import extract_tables
from budgetlens.model import Disclosure, Metadata
from budgetlens.read import read_document
from budgetlens.reconcile import reconcile

from ..conftest import SHARED
from ..read import variants_pdf
from ..read.variants import SourceTable, header_spans
from ..read.variants_pdf import Style, render

FUNDS_GENERAL_LAST = ("政府性基金预算拨款", "一般公共预算拨款")
ITEMS = ("合计", "因公出国（境）费用", "公务接待费", "公务用车购置及运行费")
VEHICLE = ("小计", "公务用车购置", "公务用车运行费")


def _header() -> tuple[tuple[str, ...], ...]:
    top = ["预算单位", "年度"]
    mid = ["", ""]
    low = ["", ""]
    for item in ITEMS[:3]:
        top += [item, ""]
        mid += ["", ""]
        low += list(FUNDS_GENERAL_LAST)
    top += [ITEMS[3]] + [""] * 5
    for sub in VEHICLE:
        mid += [sub, ""]
        low += list(FUNDS_GENERAL_LAST)
    return tuple(top), tuple(mid), tuple(low)


# (general) 合计, 出国, 接待, 车 小计, 购置, 运行 per year row; other funds print 0.00 or a figure
_GENERAL = {"2024年": ("52.60", "12.00", "6.40", "34.20", "20.00", "14.20"),
            "2025年": ("27.90", "9.50", "5.10", "13.30", "0.00", "13.30"),
            "增减变化金额": ("-24.70", "-2.50", "-1.30", "-20.90", "-20.00", "-0.90")}


def _row(unit: str, year: str) -> tuple[str, ...]:
    cells = [unit, year]
    for value in _GENERAL[year]:
        other = "7.00" if year == "2025年" and value == "9.50" else "0.00"  # a 基金 figure ≠ 0
        cells += [other, value]
    return tuple(cells)


def _spans(table: SourceTable) -> list[tuple[int, int, int, int]]:
    """The helper's merged header cells, with an item over its fund columns merged down over the
    blank row where 公务用车 has its 小计 | 购置 | 运行 level (深圳: 总计 spans two header rows)."""
    out = []
    for r, c, rs, cs in header_spans(table):
        below = table.rows[r + 1][c:c + cs] if r + 1 < table.n_header else ("x",)
        deeper = r + 2 < table.n_header and rs == 1 and cs > 1 and not any(below)
        out.append((r, c, 2 if deeper else rs, cs))
    return out


def _table(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(variants_pdf, "header_spans", _spans)
    rows = _header() + (_row("示例市统计局", "2024年"), _row("", "2025年"), _row("", "增减变化金额"))
    table = SourceTable(("表9", "财政拨款“三公”经费支出表",
                         "部门名称：示例市统计局", "单位：万元"), rows)
    return render([table], tmp_path / "three_public_by_fund.pdf", Style(orientation="landscape",
                                                                         header_chars=6))


def _by_key(facts) -> dict[tuple[str, str], list[Decimal]]:
    out: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for f in facts:
        if f.measure.startswith("three_public") and f.origin == "table":
            out[(f.measure, f.basis)].append(f.value)
    return out


def test_three_public_by_fund_reads_the_general_fund_column_of_each_item(tmp_path, monkeypatch):
    document, _ = read_document(str(_table(tmp_path, monkeypatch)))
    meta = Metadata(unit="示例市统计局", kind="budget", year=2025)
    _, facts, _ = extract_tables(document, meta)
    got = _by_key(facts)
    measures = ("three_public.total", "three_public.overseas", "three_public.reception",
                "three_public.vehicle", "three_public.vehicle_purchase",
                "three_public.vehicle_operation")
    for year, basis in (("2024年", "prior"), ("2025年", "current"), ("增减变化金额", "change_prior")):
        for measure, printed in zip(measures, _GENERAL[year]):
            assert got.get((measure, basis)) == [Decimal(printed)], (measure, basis, got)
    audit, _ = reconcile(Disclosure("x", meta, facts=tuple(facts)))
    assert audit.identities_evaluated >= 3  # 合计 = Σ items, 车 = 购置 + 运行 … per basis
    errors = [f for f in audit.findings if f.severity == "error"]
    assert errors == [], [(f.rule, f.measure, f.stated, f.expected) for f in errors]


def test_three_public_by_fund_real_shenzhen_table():
    path = SHARED / "corpus" / "pdf" / "guangdong_shenzhen_sjj_2026_yusuan.pdf"
    if not path.exists():
        pytest.skip("corpus/pdf/guangdong_shenzhen_sjj_2026_yusuan.pdf not available")
    document, _ = read_document(str(path))
    disclosure, _ = extract(document)
    got = _by_key(f for f in disclosure.facts if f.source.page == 34)
    # one figure per measure and basis: the other funds' 0.00 are not read
    assert all(len(v) == 1 for v in got.values()), got
    assert got[("three_public.total", "prior")] == [Decimal("40.31")]
    assert got[("three_public.vehicle_purchase", "prior")] == [Decimal("30.00")]
    assert got[("three_public.vehicle_operation", "current")] == [Decimal("3.60")]
    assert got[("three_public.vehicle", "change_prior")] == [Decimal("-32.40")]
    assert len(got) == 18  # 6 measures × prior / current / change_prior
