"""A declared table filled from the inputs (generate/fill.py), on the synthetic input with one
figure removed: a row that states its total and one of its two parts is completed with the other
part (marked ``completed``, its source the row's own figures) rather than printed blank and read
as a false zero; a table with nothing but zeros is printed empty with its whole header. Near
misses: a row whose figures are all given is not completed; a row missing two figures is not
guessed."""

from __future__ import annotations

from budgetlens.generate.build import build

from .models import synthetic_inputs

CODE = "201"


def _row_cells(model, measure_prefix: str) -> dict[str, object]:
    expense = next(t for t in model.tables() if t.family == "gpb_expense")
    return {c.measure: c for c in expense.value_cells() if c.measure.startswith(measure_prefix)
            and c.basis == "current"}


def _without(*measures: str):
    def change(data: dict) -> None:
        data["facts"] = [f for f in data["facts"]
                         if not (f["measure"] in measures and f.get("basis", "current") == "current")]
    return change


def test_a_missing_part_is_completed_from_its_row(tmp_path):
    prefix = f"expense.general.function.{CODE}"
    full = _row_cells(build(synthetic_inputs(tmp_path)), prefix)
    assert all(c.origin != "completed" for c in full.values())  # the near miss: nothing to do
    model = build(synthetic_inputs(tmp_path, _without(f"{prefix}.project")))
    cells = _row_cells(model, prefix)
    done = cells[f"{prefix}.project"]
    assert done.origin == "completed" and done.source.text == "<completed from its row>"
    assert done.value == cells[prefix].value - cells[f"{prefix}.basic"].value
    assert done.value == full[f"{prefix}.project"].value


def test_two_missing_figures_are_not_guessed(tmp_path):
    prefix = f"expense.general.function.{CODE}"
    model = build(synthetic_inputs(tmp_path, _without(f"{prefix}.project", f"{prefix}.basic")))
    cells = _row_cells(model, prefix)
    assert all(c.origin != "completed" for c in cells.values())
    assert f"{prefix}.project" not in cells or cells[f"{prefix}.project"].value is None


def test_a_table_of_nothing_is_printed_empty_with_its_header(tmp_path):
    model = build(synthetic_inputs(tmp_path))
    fund = next(t for t in model.tables() if t.family == "gov_fund")
    assert fund.empty and fund.note and fund.value_cells() == []
    assert any(c.header for c in fund.cells) and fund.n_header >= 1
