"""store/explore.unit_values: a unit's own figures, read two ways — through the (measure, basis,
document) index for the unit's own documents (no document has by-unit rows of the unit), or by
the fact's unit across the library — which must give the same rows.

Real input: 西安 消防救援支队's 2026 budget (汇总, corpus/wide), whose by-unit project table gives
projects of its units (``facts.unit_id`` set in the department's own document, under measures the
department's own figures do not have), none of the department itself: its figures are read the
first way, and the units' rows must be left out."""

from __future__ import annotations

from sqlalchemy import text

MEASURES = ("income.total", "expense.total", "expense.basic", "expense.project",
            "three_public.total", "admin_operating_cost", "expense.general.function.", "expense.project.")


def test_a_units_own_documents_give_its_figures_without_the_other_units_rows(corpus_dir, tmp_path):
    from budgetlens.ingest import ingest
    from budgetlens.store import open_store
    from budgetlens.store.explore import unit_values, units_with_unit_rows

    store = open_store(str(tmp_path / "lib.db"))
    try:
        ingest(store, [str(corpus_dir / "wide" / "shaanxi_xian_xfj_2026_yusuan_huizong.pdf")])
        with store.engine.connect() as conn:
            owner, others = conn.execute(text(
                "SELECT d.unit_id, count(f.id) FROM documents d JOIN facts f "
                "ON f.document_id = d.id AND f.unit_id IS NOT NULL GROUP BY d.unit_id")).one()
        assert others and owner not in units_with_unit_rows(store.engine)
        own = unit_values(store.engine, owner, MEASURES, by_unit_rows=False)
        assert own and own == unit_values(store.engine, owner, MEASURES, by_unit_rows=True)
        assert all(r["unit_id"] is None for r in own)
    finally:
        store.close()
