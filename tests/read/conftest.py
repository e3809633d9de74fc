"""Fixtures shared by the reader's tests."""

from __future__ import annotations

import pytest

from budgetlens.read import pdf as pdf_reader
from budgetlens.read.pdf_recover import recover_chars


@pytest.fixture
def recoveries(monkeypatch):
    """Every glyph recovery the PDF reader runs, as the real :func:`recover_chars` answered it
    (test_pdf_recover: its bounds; test_pdf_cmapguard: a page refused before pdfminer)."""
    seen = []

    def counted(*args, **kwargs):
        seen.append(recover_chars(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(pdf_reader, "recover_chars", counted)
    return seen
