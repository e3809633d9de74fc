"""Library-wide sums are remembered per library version (web/memo.py): asked twice, computed
once; after a document is stored, or a unit decision made, computed again — so the treemap of
the library never shows a sum from before an ingest."""

from __future__ import annotations

from ..conftest import seed_path


def test_a_remembered_sum_is_recomputed_when_the_library_changes(tmp_path):
    from fastapi.testclient import TestClient

    from budgetlens.ingest import ingest
    from budgetlens.store import open_store
    from budgetlens.store.explore import library_version
    from budgetlens.web import create_site
    from budgetlens.web.memo import remembered

    store = open_store(str(tmp_path / "lib.db"))
    try:
        ingest(store, [str(seed_path("004"))])
        calls = []

        def compute():
            calls.append(1)
            return len(calls)

        assert remembered(store.engine, "t", (1,), compute) == 1
        assert remembered(store.engine, "t", (1,), compute) == 1 and len(calls) == 1
        assert remembered(store.engine, "t", (2,), compute) == 2  # other arguments, other answer
        before = library_version(store.engine)
        with TestClient(create_site(store.engine)) as client:
            first = client.get("/treemap?dl=treemap&format=csv")
            ingest(store, [str(seed_path("000")), str(seed_path("001"))])
            assert library_version(store.engine) != before
            assert remembered(store.engine, "t", (1,), compute) == 3  # computed afresh
            again = client.get("/treemap?dl=treemap&format=csv")
            direct = client.get("/api/documents").json()
    finally:
        store.close()
    assert first.status_code == again.status_code == 200
    assert len(direct["rows"]) == 3
