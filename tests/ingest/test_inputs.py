"""Inputs: folders, list files (one path per line) and plain files; hashes taken before reading."""

from __future__ import annotations

import hashlib
from pathlib import Path

from budgetlens.ingest.inputs import expand_inputs, read_list_file, to_jobs

from ..store.conftest import seed_files


def test_list_file_names_files_and_folders(tmp_path, monkeypatch):
    seeds = seed_files()
    folder = tmp_path / "batch"
    folder.mkdir()
    copy = folder / "copy.txt"
    copy.write_bytes(Path(seeds[0]).read_bytes())
    listing = tmp_path / "list.txt"
    listing.write_text(f"# the batch\n{seeds[1]}\n\nbatch\n{tmp_path}/missing.pdf\n", encoding="utf-8")
    monkeypatch.chdir("/")  # relative entries fall back to the list file's folder
    files = expand_inputs([listing])
    assert files == [seeds[1], str(copy), f"{tmp_path}/missing.pdf"]


def test_a_disclosure_text_is_not_taken_for_a_list_file():
    for seed in seed_files():
        assert read_list_file(Path(seed)) is None
    assert expand_inputs(seed_files()[:2]) == seed_files()[:2]


def test_jobs_carry_the_content_hash_or_none_when_unreadable(tmp_path):
    seed = seed_files()[0]
    jobs = to_jobs([seed, str(tmp_path / "absent.pdf")])
    assert jobs[0].sha256 == hashlib.sha256(Path(seed).read_bytes()).hexdigest()
    assert jobs[0].size == Path(seed).stat().st_size
    assert jobs[1].sha256 is None and jobs[1].source == str(tmp_path / "absent.pdf")
