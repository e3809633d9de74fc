"""The rows a worker prepares (``store/prepared.py``) are stored as the row builders of
``store/rows.py`` make them: every column of every fact, claim and evidence row read back equals
the builders' dict for the same record (a column out of order, a value in another type, a unit
not mapped would differ). A real corpus file whose tables break figures down by budget unit, so
that facts scoped to a unit are among them."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from budgetlens.store import FileRecord, open_store, prepare, query
from budgetlens.store.rows import (to_claim_row, to_evidence_rows, to_fact_row, to_unit_names)
from budgetlens.store.schema import EvidenceRow, FactRow, FindingRow, Unit
from budgetlens.store.schema_cross import ClaimRow

from .conftest import corpus_files, pipeline_result


def _read(conn, model, order) -> list[dict]:
    return [dict(r) for r in conn.execute(select(model.__table__).order_by(*order)).mappings()]


def _same(stored: dict, built: dict) -> None:
    for key, value in built.items():
        got = stored[key]
        if isinstance(got, Decimal) or isinstance(value, Decimal):
            assert Decimal(str(got)) == Decimal(str(value)) and str(got) == str(value), key
        else:
            assert got == value, (key, got, value)


def test_prepared_rows_are_stored_as_the_row_builders_make_them(db_url):
    path = corpus_files()[2]  # shaanxi_xian_ajj: figures broken down by budget unit
    result = pipeline_result(path)
    rows = prepare(result)
    assert rows.fact_units, "facts scoped to a budget unit"
    store = open_store(db_url)
    try:
        store.write(FileRecord(path, "0" * 64, 1, None), rows, extractor_version="v1", run_id=None,
                    read_at=query.now())
        with store.engine.connect() as conn:
            facts = _read(conn, FactRow, [FactRow.id])
            claims = _read(conn, ClaimRow, [ClaimRow.id])
            evidence = _read(conn, EvidenceRow, [EvidenceRow.finding_id, EvidenceRow.position])
            units = {u.name: u.id for u in conn.execute(select(Unit.name, Unit.id))}
            doc_id = facts[0]["document_id"]
            findings = conn.execute(select(FindingRow.id).order_by(FindingRow.id)).scalars().all()
    finally:
        store.close()
    d = result.disclosure
    own, others = to_unit_names(result)
    bare = {n: name for n, _, name in rows.unit_codes}  # 125002西安市… → the unit 西安市…
    assert bare, "the Xi'an file prints its budget units' codes"
    unit_ids = {n: units.get(bare.get(n, n), units[own.name]) for n in others}
    assert len(facts) == len(d.facts) and len(claims) == len(d.claims)
    assert any(f["unit_id"] not in (None, units[own.name]) for f in facts)
    for stored, fact in zip(facts, d.facts):
        _same(stored, to_fact_row(doc_id, fact, unit_ids))
    for stored, claim in zip(claims, d.claims):
        _same(stored, to_claim_row(doc_id, claim))
    built = [e for fid, f in zip(findings, result.audit.findings)
             for e in to_evidence_rows(fid, f.evidence)]
    assert len(evidence) == len(built) > 0
    for stored, e in zip(evidence, built):
        _same(stored, e)
