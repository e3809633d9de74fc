"""The pipeline chains stages, times them, and never lets one file stop a batch."""

from __future__ import annotations

from budgetlens.pipeline import expand_paths, process, process_many

from .conftest import SAMPLES, seed_path


def test_stage_timings_recorded():
    result = process(str(seed_path("004")))
    assert result.status == "ok"
    assert [name for name, _ in result.timings] == ["read", "extract", "imply", "reconcile"]


def test_expand_paths_lists_supported_files_in_folders():
    files = expand_paths([SAMPLES])
    assert any(f.endswith(".pdf") for f in files) and any(f.endswith(".txt") for f in files)
    assert not any(f.endswith("README.md") for f in files)


def test_parallel_results_equal_serial(tmp_path):
    missing = tmp_path / "missing.pdf"
    paths = [str(seed_path("000")), str(missing), str(seed_path("002"))]
    serial = list(process_many(paths, jobs=1))
    parallel = list(process_many(paths, jobs=2))
    assert [r.status for r in serial] == ["ok", "error", "ok"]
    assert [r.status for r in parallel] == [r.status for r in serial]
    for a, b in zip(serial, parallel):
        if a.status == "ok":
            assert a.disclosure.facts == b.disclosure.facts
            assert [f.rule for f in a.audit.findings] == [f.rule for f in b.audit.findings]
