"""The XLSX reader on seed 004's real tables written the ways finance staff write workbooks.

Merged header cells, amounts stored as numbers or as text, thousands formats, a formula's float
result under a ``0.00`` format, wrapped header text, the unit line as a merged first row, 科目编码
split into 类/款/项 columns, and hidden rows and columns. Decision (documented in
read/spreadsheet.py): hidden rows and columns are read. They are the workbook's data (a
collapsed outline group's detail rows add up to the visible subtotal, a zero row hidden to
shorten the print), so the audit sees every number the file holds. The facts must equal those
of the same content read as tab-separated text.
"""

from __future__ import annotations

import pytest

pytest.importorskip("openpyxl")

from . import variants as v  # noqa: E402
from .variants_office import Office, to_xlsx  # noqa: E402

CASES = {
    "merged-header": ((0, 1, 3, 6), Office()),
    "unmerged-header": ((0, 1, 6), Office(merged=False)),
    "wrapped-header": ((0, 1, 3, 6), Office(header_lines=4)),
    "unit-in-grid": ((0, 1, 3), Office(unit_in_grid=True)),
    "amounts-as-text": ((0, 1, 2), Office(numbers="text")),
    "thousands-format": ((0, 1, 2), Office(number_format="#,##0.00")),
    "formula-noise": ((0, 1, 2), Office(noise=True)),
    "hidden-rows": ((1, 2), Office(hide_rows=3)),
    "hidden-column": ((1, 2), Office(hide_columns=True)),
}

CONTENT = {
    "yuan-thousands": lambda t: v.in_yuan(t, True),
    "dash-for-zero": lambda t: v.blanks_as(t, "-"),
    "negative-minus": lambda t: v.negated(t, "minus"),
    "negative-parens": lambda t: v.negated(t, "parens"),
    "codes-columns": lambda t: v.split_codes(t, "columns"),
}

@pytest.fixture(scope="module")
def seed():
    return v.seed_tables()


@pytest.mark.parametrize("name", list(CASES))
def test_xlsx_layout_gives_the_source_facts(seed, name, tmp_path):
    picks, style = CASES[name]
    v.assert_same_facts([seed[i] for i in picks],
                        lambda tables: to_xlsx(tables, tmp_path / f"{name}.xlsx", style), tmp_path)


@pytest.mark.parametrize("name", list(CONTENT))
def test_xlsx_number_format_gives_the_source_facts(seed, name, tmp_path):
    v.assert_same_facts([CONTENT[name](seed[i]) for i in (0, 1, 2)],
                        lambda tables: to_xlsx(tables, tmp_path / f"{name}.xlsx"), tmp_path)
