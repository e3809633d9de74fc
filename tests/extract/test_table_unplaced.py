"""A row printing figures that no reading placed (extract/table_unplaced.py), on 基本支出 tables
by unit the test writes (the shape of 珠海 2026 表11): a class printed in a wording no reading
knows, right below classes placed by name, puts the rows read since the last such row in doubt
as its possible totals; a 其中 line, a total row, a zero row and a table where every row is
placed raise no doubt."""

from __future__ import annotations

from budgetlens.pipeline import process

from .test_tables_unseen import _basic_rows, _write

OTHER = ("工资和福利支出", "商品和服务支出", "对个人和家庭的补助", "其他资本性等支出")


def _unplaced(path) -> list:
    result = process(path, audit=False)
    return [d for t in result.disclosure.tables for d in t.reading if d.cause == "row-unplaced"]


def test_an_unknown_class_wording_puts_the_rows_read_before_it_in_doubt(tmp_path):
    """Each unit's 其他资本性等支出 row (rows 5 and 10 of the body) is unplaced; the rows read
    since the previous one — the unit and its three classes placed by name — are the totals
    it may belong to. The doubt names the rows in both languages."""
    (doubt,) = _unplaced(_write(tmp_path / "basic.xlsx", _basic_rows(names=OTHER)))
    assert doubt.detail.startswith("2行有数字却未能归类（其他资本性等支出")
    assert doubt.detail_en.startswith("2 row(s) with figures not placed in any classification")
    assert doubt.rows == doubt.totals and len(doubt.totals) >= 8


def test_a_zero_unknown_row_and_a_qizhong_line_raise_no_doubt(tmp_path):
    """Near misses: the same unknown wording printing 0.00 adds nothing to any total; a 其中
    line under a class prints a part of it, not a row of its own; and with every class known
    no row is unplaced."""
    zero = _basic_rows(names=OTHER, capital="0.00")
    zero[-1] = [OTHER[3], "0.00", "0.00", "0.00"]
    assert _unplaced(_write(tmp_path / "zero.xlsx", zero)) == []
    rows = _basic_rows()
    rows.insert(3, ["其中：基本工资", "2,000.00", "2,000.00", "0.00"])
    assert _unplaced(_write(tmp_path / "qizhong.xlsx", rows)) == []
    assert _unplaced(_write(tmp_path / "known.xlsx", _basic_rows())) == []
