"""Tables rebuilt from their facts: every figure of a stored table lands in the cell of its row
and column, beside its own row label — also in two-sided tables (收入 | 支出), where each side
gets its label column."""

from __future__ import annotations

from budgetlens.store.query import table_cells
from budgetlens.web.grid import build_grid, split_label


def _tables(raw):
    return raw.execute("SELECT DISTINCT document_id, table_idx FROM facts WHERE table_idx IS NOT NULL "
                       "AND row IS NOT NULL ORDER BY 1, 2").fetchall()


def test_every_figure_sits_beside_its_own_row_label(library, raw):
    engine = library[0]
    two_sided = 0
    for doc, idx in _tables(raw):
        grid = build_grid(table_cells(engine, doc, idx))
        side_of = {c.col: c.side for c in grid.columns}
        placed = 0
        for r in grid.rows:
            for col, cell in sorted(r.cells.items()):
                assert (cell["row"], cell["col"]) == (r.row, col)
                placed += 1
            firsts = {}
            for col, cell in sorted(r.cells.items()):
                firsts.setdefault(side_of[col], split_label(cell["label"])[0])
            assert r.labels == firsts
        (cells,) = raw.execute("SELECT count(DISTINCT row || ':' || col) FROM facts WHERE "
                               "document_id = ? AND table_idx = ? AND row IS NOT NULL",
                               (doc, idx)).fetchone()
        assert placed == cells
        two_sided += len(grid.sides) > 1
        rec = grid.records()
        assert len(rec) == len(grid.rows) and all(len(x) == len(grid.headings()) for x in rec)
    assert two_sided  # the corpus PDFs' 财务收支预算总表 are two-sided


def test_a_summary_table_puts_income_and_expenditure_on_their_own_sides(library, raw):
    summaries = raw.execute("SELECT document_id, idx FROM tables WHERE role = 'budget_summary'"
                            ).fetchall()
    assert summaries
    for doc, idx in summaries:
        grid = build_grid(table_cells(library[0], doc, idx))
        side_of = {c.col: c.side for c in grid.columns}
        sides = {prefix: {side_of[c] for r in grid.rows for c, cell in r.cells.items()
                          if cell["measure"].startswith(prefix)} for prefix in ("income.", "expense.")}
        if sides["income."] and sides["expense."]:
            assert not sides["income."] & sides["expense."], (doc, idx, sides)
