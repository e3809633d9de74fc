"""One table written as a real XLSX sheet (a title line, the 单位 line, then the rows) and read
back through read → extract, for tests of how a table's title and columns are taken."""

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
