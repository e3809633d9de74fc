"""The filled tables as XLSX (generate/xlsx_out.py): one sheet per table, merged header cells,
figures as numbers the workbook can sum, a figure printed with its comparator and unit (≥50个) as
that text; the title says a draft. Near miss: a document that is no draft has its plain title."""

from __future__ import annotations

from openpyxl import load_workbook

from budgetlens.generate.text_out import table_title
from budgetlens.generate.xlsx_out import write_xlsx

from .models import synthetic_model


def test_synthetic_xlsx_holds_the_tables(synthetic_generated):
    model = synthetic_generated.model
    wb = load_workbook(synthetic_generated.written["xlsx"])
    assert len(wb.sheetnames) == len(model.tables())
    for t in model.tables():
        ws = wb[f"表{t.number}"]
        values = {ws.cell(3 + c.row, c.col + 1).value for c in t.value_cells()}
        plain = [c for c in t.value_cells() if c.text.replace(".", "", 1).lstrip("-").isdigit()]
        assert {float(c.text) for c in plain} <= {v for v in values if isinstance(v, (int, float))}
        # an indicator's value printed with its comparator and unit (≥50个) stays that text
        assert {c.text for c in t.value_cells() if c not in plain} <= values
        if any(c.colspan > 1 for c in t.cells if c.header):
            assert ws.merged_cells.ranges


def test_figures_are_numbers_with_their_format_and_a_draft_says_so(tmp_path):
    model = synthetic_model(tmp_path)
    write_xlsx(model, tmp_path / "final.xlsx")
    assert load_workbook(tmp_path / "final.xlsx").properties.title == model.title
    model.draft = True
    write_xlsx(model, tmp_path / "draft.xlsx")
    wb = load_workbook(tmp_path / "draft.xlsx")
    assert wb.properties.title == f"草稿 {model.title}"
    table = next(t for t in model.tables() if t.family == "gpb_expense")
    ws = wb[f"表{table.number}"]
    assert ws.cell(1, 1).value == table_title(table) and ws.cell(2, 1).value == table.unit_line
    money = [c for c in table.value_cells() if c.kind == "money" and c.value is not None]
    for c in money[:5]:
        cell = ws.cell(3 + c.row, c.col + 1)
        assert isinstance(cell.value, float) and cell.number_format == "0.00"
        assert cell.value == float(c.value)
