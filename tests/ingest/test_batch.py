"""The ingest loop on real files: counts equal the pipeline's, re-ingest is a no-op, an interrupted
batch resumes, failures are recorded and never stop the batch, workers give the same library, and
reprocess re-reads the kept files for a newer extractor version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from budgetlens.ingest import ingest, make_executor, reprocess
from budgetlens.store import open_store
from budgetlens.store.schema import Document, FactRow, FindingRow, Run

from ..store.conftest import corpus_files, pipeline_result, seed_files


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


def _library(store) -> dict:
    """Per source: (status, facts, findings) of the current documents."""
    with store.engine.connect() as conn:
        docs = conn.execute(select(Document.id, Document.source, Document.status).where(
            Document.superseded_by.is_(None))).all()
        facts = dict(conn.execute(select(FactRow.document_id, func.count())
                                  .group_by(FactRow.document_id)).all())
        findings = dict(conn.execute(select(FindingRow.document_id, func.count())
                                     .group_by(FindingRow.document_id)).all())
    assert len({d.source for d in docs}) == len(docs), "one current document per file"
    return {d.source: (d.status, facts.get(d.id, 0), findings.get(d.id, 0)) for d in docs}


def _expected(files: list[str]) -> dict:
    out = {}
    for f in files:
        r = pipeline_result(f)
        out[f] = (r.status, len(r.disclosure.facts), len(r.audit.findings))
    return out


def test_ingest_stores_what_extract_and_audit_give(store):
    files = seed_files() + corpus_files()
    tally = ingest(store, files, version="v1")
    assert (tally.stored, tally.skipped, tally.failed) == (len(files), 0, 0)
    assert _library(store) == _expected(files)


def test_reingest_is_a_noop(store):
    seeds = seed_files()
    ingest(store, seeds, version="v1")
    before = _library(store)
    again = ingest(store, seeds, version="v1")
    assert (again.stored, again.skipped) == (0, len(seeds))
    assert [f.state for f in again.files] == ["skipped"] * len(seeds)
    assert _library(store) == before
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Run)).scalar_one() == 2


def test_interrupted_ingest_resumes(store, tmp_path):
    files = seed_files()
    ingest(store, files[:2], version="v1")  # the run that was cut short
    resumed = ingest(store, files, version="v1")
    assert (resumed.stored, resumed.skipped) == (len(files) - 2, 2)
    assert _library(store) == _expected(files)


def test_a_corrupt_file_is_recorded_and_the_rest_stored(store, tmp_path):
    corrupt = tmp_path / "truncated.pdf"
    pdf = Path(corpus_files()[1]).read_bytes()
    corrupt.write_bytes(pdf[: len(pdf) // 3])
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    missing = tmp_path / "gone.pdf"
    seeds = seed_files()[:2]
    tally = ingest(store, [seeds[0], str(corrupt), str(empty), str(missing), seeds[1]],
                   version="v1")
    assert (tally.stored, tally.failed) == (2, 3)
    with store.engine.connect() as conn:
        failed = {r.source: r for r in conn.execute(select(Document).where(
            Document.status == "error"))}
    assert set(failed) == {str(corrupt), str(empty), str(missing)}
    for row in failed.values():
        assert row.error_code and row.reason and "\n" not in row.reason
    assert failed[str(missing)].sha256 is None and failed[str(corrupt)].sha256
    # a failed file is not retried for the same version; a missing one is (it may appear)
    again = ingest(store, [str(corrupt), str(missing)], version="v1")
    assert [f.state for f in sorted(again.files, key=lambda f: f.source)] == ["failed", "skipped"]
    assert len(_library(store)) == 5


def test_two_workers_store_the_same_library(tmp_path):
    files = seed_files() + corpus_files()[:2]
    serial = open_store(str(tmp_path / "serial.db"))
    ingest(serial, files, version="v1")
    parallel = open_store(str(tmp_path / "parallel.db"))
    executor = make_executor(2)
    try:
        ingest(parallel, files, version="v1", executor=executor)
    finally:
        executor.close()
    assert _library(parallel) == _library(serial)
    serial.close()
    parallel.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_reprocess_reads_kept_files_for_a_newer_version(store, tmp_path, workers):
    seeds = seed_files()[:3]
    moved = []
    for s in seeds:  # the originals go away: reprocess must use the kept copies
        moved.append(str(tmp_path / Path(s).name))
        shutil.copy(s, moved[-1])
    ingest(store, moved, version="v1")
    for m in moved:
        Path(m).unlink()
    executor = make_executor(workers)
    try:
        tally = reprocess(store, version="v2", executor=executor)
    finally:
        executor.close()
    assert (tally.stored, tally.failed) == (len(seeds), 0)
    with store.engine.connect() as conn:
        versions = conn.execute(select(Document.extractor_version).where(
            Document.superseded_by.is_(None))).scalars().all()
    assert versions == ["v2"] * len(seeds)
    assert _library(store) == {m: v for m, v in zip(moved, _expected(seeds).values())}
    assert reprocess(store, version="v2").total == 0
