"""Writing the pipeline's records: what is stored equals what extract and audit give, exactly,
with provenance; the same content and extractor version is stored once; a newer version supersedes."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from budgetlens.model import scope_unit
from budgetlens.store import EXISTS, STORED, FileRecord, open_store
from budgetlens.store.prepared import unit_codes
from budgetlens.store.rows import to_unit_names
from budgetlens.store.schema import (Blob, DocTable, Document, EvidenceRow, FactRow, FindingRow,
                                     Unit)

from .conftest import corpus_files, pipeline_result, seed_files

_result = pipeline_result


def _record(path: str) -> FileRecord:
    data = Path(path).read_bytes()
    return FileRecord(path, hashlib.sha256(data).hexdigest(), len(data), data)


def _write(store, path: str, version: str = "v1") -> str:
    return store.write(_record(path), _result(path), extractor_version=version, run_id=None,
                       read_at=datetime.now(timezone.utc))


def _count(conn, model, *where) -> int:
    return conn.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


def test_stored_counts_equal_extract_and_audit(store):
    files = seed_files() + corpus_files()
    for f in files:
        assert _write(store, f) == STORED
    with store.engine.connect() as conn:
        for f in files:
            r = _result(f)
            doc = conn.execute(select(Document).where(Document.source == f)).one()
            assert (doc.status, doc.kind, doc.year, doc.unit_name, doc.pages) == (
                r.status, r.disclosure.metadata.kind, r.disclosure.metadata.year,
                r.disclosure.metadata.unit, r.disclosure.n_pages)
            assert _count(conn, FactRow, FactRow.document_id == doc.id) == len(r.disclosure.facts)
            assert _count(conn, DocTable, DocTable.document_id == doc.id) == len(r.disclosure.tables)
            assert _count(conn, FindingRow, FindingRow.document_id == doc.id) == len(r.audit.findings)
            evidence = conn.execute(select(func.count()).select_from(EvidenceRow).join(FindingRow)
                                    .where(FindingRow.document_id == doc.id)).scalar_one()
            assert evidence == sum(len(x.evidence) for x in r.audit.findings)


def test_facts_keep_exact_values_and_provenance(store):
    path = corpus_files()[2]  # a PDF: bbox, table cells, and facts scoped to budget units
    _write(store, path)
    facts = _result(path).disclosure.facts
    bare = {n: name for n, _, name in unit_codes(*to_unit_names(_result(path)))}
    with store.engine.connect() as conn:
        rows = conn.execute(select(FactRow).order_by(FactRow.id)).all()
        units = dict(conn.execute(select(Unit.id, Unit.name)).all())
        parents = {u.name: u.parent_id for u in conn.execute(select(Unit))}
    assert len(rows) == len(facts)
    for row, fact in zip(rows, facts):
        assert str(row.value) == str(fact.value), "exact decimal, printed scale kept"
        assert (row.measure, row.basis, row.decimals, row.page, row.table_idx, row.row, row.col,
                row.text) == (fact.measure, fact.basis, fact.decimals, fact.source.page,
                              fact.source.table, fact.source.row, fact.source.column,
                              fact.source.text)
        if fact.source.bbox:
            assert row.x0 == pytest.approx(fact.source.bbox[0])
        # a unit printed with its code in front (125001西安市…) is the unit of that name
        printed = scope_unit(fact.scope)
        assert units.get(row.unit_id, "") == bare.get(printed, printed)
    scoped = {bare.get(n, n) for n in (scope_unit(f.scope) for f in facts)} - {
        "", _result(path).disclosure.metadata.unit}
    assert scoped and all(parents[name] is not None for name in scoped)
    assert bare, "the Xi'an file prints its budget units' codes"


def test_same_content_same_version_is_stored_once(store):
    seed = seed_files()[0]
    assert _write(store, seed) == STORED
    assert _write(store, seed) == EXISTS
    with store.engine.connect() as conn:
        assert _count(conn, Document) == 1
        assert _count(conn, Blob) == 1
        assert _count(conn, FactRow) == len(_result(seed).disclosure.facts)


def test_newer_extractor_version_supersedes_and_reuses_the_kept_file(store):
    seed = seed_files()[1]
    _write(store, seed, "v1")
    assert _write(store, seed, "v2") == STORED
    with store.engine.connect() as conn:
        docs = conn.execute(select(Document).order_by(Document.id)).all()
        assert [d.extractor_version for d in docs] == ["v1", "v2"]
        assert docs[0].superseded_by == docs[1].id and docs[1].superseded_by is None
        assert _count(conn, Blob) == 1
        kept = conn.execute(select(Blob.content)).scalar_one()
    assert kept == Path(seed).read_bytes()


def test_implied_facts_keep_their_derivation_and_inputs(store):
    import json

    seed = seed_files()[2]
    implied = [f for f in _result(seed).disclosure.facts if f.origin == "derived"]
    if not implied:
        pytest.skip("no implied fact in this seed")
    _write(store, seed)
    with store.engine.connect() as conn:
        rows = conn.execute(select(FactRow).where(FactRow.derived).order_by(FactRow.id)).all()
        stated = conn.execute(select(FactRow).where(FactRow.derived.is_(False))).all()
    assert len(rows) == len(implied)
    for row, fact in zip(rows, implied):
        shown = fact.to_dict()
        assert (row.derivation, row.identity) == (shown["derivation"], shown["identity"])
        assert json.loads(row.derived_from) == shown["derived_from"] and shown["derived_from"]
    assert all(r.derivation is None and r.derived_from is None for r in stated)
