"""A library built by one process and by two workers holds the same rows, column by column (not
only the same counts): documents, units, tables, facts, claims, diagnostics, findings, evidence,
search entries and kept files, with every database id replaced by what it points at. On SQLite and
on PostgreSQL (``BUDGETLENS_TEST_PG``). Why: with two workers each document's rows are made in a
worker (``store/prepared.py``) and only executed by the writer; nothing of that may change what is
stored."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from budgetlens.ingest import ingest, make_executor
from budgetlens.store import open_store
from budgetlens.store.schema import (Blob, DiagnosticRow, DocTable, Document, EvidenceRow, FactRow,
                                     FindingRow, Unit)
from budgetlens.store.schema_cross import ClaimRow
from budgetlens.store.schema_search import SearchEntry

from ..store.conftest import corpus_files, seed_files

#: Columns that differ between any two ingests (ids are mapped, not dropped; these are times).
_VOLATILE = {"id", "run_id", "read_at", "seconds"}


def _rows(conn, model) -> list[dict]:
    return [dict(r) for r in conn.execute(select(model.__table__)).mappings()]


def _plain(row: dict, **mapped) -> tuple:
    out = {k: v for k, v in row.items() if k not in _VOLATILE}
    out.update(mapped)
    return tuple(sorted((k, repr(v)) for k, v in out.items()))


def dump(store) -> dict[str, list[tuple]]:
    """Every stored row, ids replaced by the natural key of the row they point at, sorted."""
    with store.engine.connect() as conn:
        units = {u["id"]: (u["name_key"], u["region_code"]) for u in _rows(conn, Unit)}
        docs = {d["id"]: (d["sha256"], d["source"]) for d in _rows(conn, Document)}
        out = {"units": [_plain(u, canonical_id=units.get(u["canonical_id"]),
                                parent_id=units.get(u["parent_id"])) for u in _rows(conn, Unit)],
               "documents": [_plain(d, unit_id=units.get(d["unit_id"]),
                                    superseded_by=docs.get(d["superseded_by"]))
                             for d in _rows(conn, Document)]}
        for name, model in (("tables", DocTable), ("claims", ClaimRow),
                            ("diagnostics", DiagnosticRow)):
            out[name] = [_plain(r, document_id=docs[r["document_id"]]) for r in _rows(conn, model)]
        out["facts"] = [_plain(r, document_id=docs[r["document_id"]], unit_id=units.get(r["unit_id"]))
                        for r in _rows(conn, FactRow)]
        findings = {r["id"]: _plain(r, document_id=docs[r["document_id"]])
                    for r in _rows(conn, FindingRow)}
        out["findings"] = list(findings.values())
        out["evidence"] = [_plain(r, finding_id=findings[r["finding_id"]])
                           for r in _rows(conn, EvidenceRow)]
        out["search"] = [_plain(r, document_id=docs.get(r["document_id"]),
                                ref=_ref(r, units, docs)) for r in _rows(conn, SearchEntry)]
        out["blobs"] = [(b["sha256"], b["size"], hashlib.sha256(b["content"] or b"").hexdigest())
                        for b in _rows(conn, Blob)]
    return {k: sorted(v) for k, v in out.items()}


def _ref(row: dict, units: dict, docs: dict) -> object:
    if row["kind"] == "unit":
        return units[int(row["ref"])]
    if row["kind"] == "document":
        return docs[int(row["ref"])]
    return row["ref"]


def test_one_process_and_two_workers_store_the_same_rows(db_url, tmp_path):
    files = seed_files() + corpus_files()  # corpus_files: a file of facts scoped to budget units
    one = open_store(str(tmp_path / "one.db"))
    ingest(one, files, version="v1")
    two = open_store(db_url)
    executor = make_executor(2)
    try:
        ingest(two, files, version="v1", executor=executor)
    finally:
        executor.close()
    a, b = dump(one), dump(two)
    one.close()
    two.close()
    assert any(dict(f)["unit_id"] != "None" for f in a["facts"]), "facts scoped to a unit"
    assert len(a["evidence"]) > 0 and len(a["claims"]) > 0
    for table in a:
        assert a[table] == b[table], table
