"""Shared fixtures: where the real documents are, and expensive results computed once."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.read.pdfium_fonts import apply_env

# BUDGETLENS_PDFIUM_FONT_DIRS=<dirs> (empty: none) runs the suite with PDFium seeing only those
# font folders, e.g. with no CJK font although the machine has one (issue #13).
apply_env()

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
SAMPLES = REPO / "samples"


def seed_path(prefix: str) -> Path:
    """A seed by its number prefix (``"004"``), from ../shared/seeds or the bundled samples."""
    for folder in (SEEDS, SAMPLES):
        hits = sorted(folder.glob(f"{prefix}_*.txt")) if folder.exists() else []
        if hits:
            return hits[0]
    pytest.skip(f"seed {prefix} not available")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.exists():
        pytest.skip("../shared/corpus not available")
    return CORPUS


_RESULTS: dict = {}


def corpus_result(name: str, folder: str = "pdf"):
    """The pipeline's Result for a corpus file, computed once per test session (skip if absent)."""
    from budgetlens.pipeline import process

    path = CORPUS / folder / name
    if not path.exists():
        pytest.skip(f"{folder}/{name} not available")
    if path not in _RESULTS:
        _RESULTS[path] = process(str(path))
    return _RESULTS[path]
