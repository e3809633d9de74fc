"""What ingest and ``db info`` ask the library (store/query.py), on a real SQLite library of two
seeds and a file that cannot be read: which contents are stored for a version (not for another:
the near miss), each one's outcome and worst severity as the first run saw it, which are stale,
and the counts ``db info`` prints — each compared with the pipeline's own results."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from budgetlens.ingest import ingest
from budgetlens.model import Severity
from budgetlens.store import open_store, query

from .conftest import pipeline_result, seed_files


def _sha(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("query")
    broken = folder / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00" * 300)
    seeds = seed_files()[:2]
    store = open_store(str(folder / "lib.db"))
    ingest(store, [*seeds, str(broken)], version="v1")
    yield store, seeds, str(broken)
    store.close()


def test_stored_hashes_are_per_version(library):
    store, seeds, broken = library
    hashes = [_sha(f) for f in (*seeds, broken)]
    assert query.stored_hashes(store.engine, hashes + ["0" * 64], "v1") == set(hashes)
    assert query.stored_hashes(store.engine, hashes, "v2") == set()


def test_outcomes_give_status_and_worst_severity_as_the_pipeline(library):
    store, seeds, broken = library
    outcomes = query.stored_outcomes(store.engine, [_sha(f) for f in (*seeds, broken)], "v1")
    for seed in seeds:
        result = pipeline_result(seed)
        severities = {f.severity for f in result.audit.findings}
        worst = max(severities, key=lambda s: Severity(s).rank) if severities else None
        got = outcomes[_sha(seed)]
        assert (got.status, got.worst) == (result.status, worst)
    failed = outcomes[_sha(broken)]
    assert failed.status == "error" and failed.error_code and failed.reason and failed.reason_en


def test_stale_documents_are_those_of_another_version(library):
    store, seeds, broken = library
    assert query.count_stale(store.engine, "v1") == 0
    assert query.count_stale(store.engine, "v2") == 3
    stale = list(query.stale_blobs(store.engine, "v2"))
    assert {b.sha256 for b in stale} == {_sha(f) for f in (*seeds, broken)}
    assert all(b.content == Path(b.source).read_bytes() for b in stale)


def test_info_counts_what_was_stored(library):
    store, seeds, _ = library
    info = query.info(store.engine)
    results = [pipeline_result(s) for s in seeds]
    assert info["documents"] == info["documents_all_versions"] == 3
    assert info["by_status"] == {"ok": 2, "error": 1}
    assert info["facts"] == sum(len(r.disclosure.facts) for r in results)
    assert sum(info["findings"].values()) == sum(len(r.audit.findings) for r in results)
    assert info["runs"] == 1 and info["versions"] == {"v1": 3}
