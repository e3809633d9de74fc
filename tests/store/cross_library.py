"""A library of the cross-document tests' disclosures (tests/crosscheck/test_synthetic.py: a
unit's 2023 and 2024 budgets and 2024 final account, and two unrelated units), ingested and
checked across documents, for the tests of the store modules the cross-document stage and its
review use (test_cross.py, test_cross_review.py, test_units.py)."""

from __future__ import annotations

from pathlib import Path

from budgetlens.crosscheck import crosscheck
from budgetlens.ingest import ingest
from budgetlens.store import Store, open_store
from budgetlens.store.cross import current_documents

from ..crosscheck.test_synthetic import UNIT, _write

__all__ = ["UNIT", "cross_library", "documents_by_name"]

NOT_A_DISCLOSURE = "今天天气很好。\n我们去公园散步。\n"


def cross_library(db_url: str, folder: Path, **figures: str) -> tuple[Store, dict[str, Path], int]:
    """Open the library at ``db_url``, ingest the disclosures (``figures``: the planted ones of
    ``_write``) and a text that is no disclosure, check across documents; the store, the files
    by name and the ingest's run id."""
    paths = _write(folder, **figures)
    paths["notes.txt"] = folder / "notes.txt"
    paths["notes.txt"].write_text(NOT_A_DISCLOSURE, encoding="utf-8")
    store = open_store(db_url)
    tally = ingest(store, [str(p) for p in paths.values()])
    assert tally.failed == 0 and tally.skipped == 1
    crosscheck(store.engine)
    return store, paths, tally.run_id


def documents_by_name(store: Store) -> dict[str, int]:
    """Current documents' ids by file name."""
    return {Path(d.source).name: d.id for d in current_documents(store.engine)}
