"""One table written as a real XLSX sheet (a title line, the 单位 line, then the rows) and read
back through read → extract, for tests of how a table's title and columns are taken; and a sheet
of rows as given (:func:`write_rows`) read back with its document (:func:`read_tables`)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document


def read_xlsx_table(tmp_path: Path, title: str, rows: Iterable[Sequence]):
    """(table infos, {(measure, basis): value}) of a budget document holding the one table."""
    import openpyxl  # the test modules skip themselves when it is missing (importorskip)

    book = openpyxl.Workbook()
    for row in [[title], ["单位：万元"], *rows]:
        book.active.append(list(row))
    path = tmp_path / "t.xlsx"
    book.save(path)
    document, _ = read_document(path)
    infos, facts, _ = extract_tables(document, Metadata(kind="budget", year=2025))
    return infos, {(f.measure, f.basis): f.value for f in facts}


def write_rows(path: Path, rows: Iterable[Sequence]) -> Path:
    """An XLSX workbook at ``path`` whose one sheet holds ``rows`` as given (title rows included)."""
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def read_tables(path: Path, year: int = 2026, unit: str = "示例局"):
    """(document, table infos, table facts) of the budget document at ``path``."""
    document, _ = read_document(str(path))
    infos, facts, _ = extract_tables(document, Metadata(unit=unit, kind="budget", year=year))
    return document, infos, facts


#: a 一般公共预算支出表 whose 款 row prints its code with two digits (05 under 208)
GPB_ROWS = [["2026年一般公共预算支出表"], ["单位：万元"],
            ["科目编码", "科目名称", "合计", "人员经费", "公用经费", "备注"],
            ["", "合计", "300.00", "200.00", "100.00", ""],
            ["208", "社会保障和就业支出", "300.00", "200.00", "100.00", ""],
            ["05", "行政事业单位养老支出", "300.00", "200.00", "100.00", ""],
            ["2080505", "机关事业单位基本养老保险缴费支出", "300.00", "200.00", "100.00", ""]]
