"""docs/store.md documents every table and column of the schema (docs that police themselves)."""

from __future__ import annotations

from budgetlens.store.schema import Base

from ..conftest import REPO


def test_every_table_and_column_is_documented():
    doc = (REPO / "docs" / "store.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip().strip("`"): line for line in doc.splitlines()
            if line.startswith("| `")}
    for name, table in Base.metadata.tables.items():
        assert name in rows, f"docs/store.md: table {name} has no row"
        missing = [c.name for c in table.columns if c.name != "id" and f"`{c.name}`" not in rows[name]]
        assert not missing, f"docs/store.md: {name} lacks {missing}"
