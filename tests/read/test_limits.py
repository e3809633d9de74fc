"""Checks on the path before any byte is read (read/limits.py): a missing path, a folder, an empty
file and a file over the size limit are each one clear diagnostic; a file exactly at the limit is
read (the near miss)."""

from __future__ import annotations

import os

import pytest

from budgetlens.read import read_document
from budgetlens.read.limits import MAX_FILE_BYTES, check_path
from budgetlens.read.settings import DEFAULT_READ

from ..conftest import seed_path


def test_the_default_limit_is_the_settings_one():
    assert MAX_FILE_BYTES == DEFAULT_READ.limits.max_file_bytes


def _path(folder, kind: str):
    if kind == "empty":
        (folder / "empty.txt").write_bytes(b"")
        return folder / "empty.txt"
    return folder / "missing.txt" if kind == "missing" else folder


@pytest.mark.parametrize("kind, code", [("missing", "not-found"), ("folder", "not-found"),
                                        ("empty", "empty-file")])
def test_paths_that_cannot_be_inputs_are_one_diagnostic(tmp_path, kind, code):
    problem = check_path(str(_path(tmp_path, kind)))
    assert problem is not None and problem.code == code
    assert problem.message and problem.message_en and problem.severity == "error"
    document, diagnostics = read_document(_path(tmp_path, kind))
    assert document is None and [d.code for d in diagnostics] == [code]


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_is_read(tmp_path):
    seed = seed_path("001")
    size = os.path.getsize(seed)
    assert check_path(str(seed), max_bytes=size) is None  # exactly at the limit
    over = check_path(str(seed), max_bytes=size - 1)
    assert over is not None and over.code == "too-large"
    assert read_document(seed, settings=DEFAULT_READ.override(
        {"limits.max_file_bytes": str(size)}))[0] is not None


def test_a_sparse_file_is_refused_without_reading_it(tmp_path):
    """A 20 GB file (sparse: no disk used) is refused by its size alone."""
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(20 * 2**30)
    problem = check_path(str(huge))
    assert problem is not None and problem.code == "too-large"
