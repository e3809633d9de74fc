"""Seed content rendered to PDF, DOCX, HTML and XLSX extracts to the same facts as the text."""

from __future__ import annotations

from collections import Counter

import pytest

from budgetlens.extract import extract
from budgetlens.read import read_document

from ..conftest import seed_path
from . import render


def _facts(path, origin=None) -> Counter:
    document, diagnostics = read_document(str(path))
    assert document is not None, diagnostics
    disclosure, _ = extract(document)
    return Counter((f.measure, f.basis, f.value.normalize()) for f in disclosure.facts
                   if origin is None or f.origin == origin)


@pytest.fixture(scope="module", params=["004", "002", "000"])
def seed(request):
    path = seed_path(request.param)
    document, _ = read_document(str(path))
    return path, document


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_rendered_documents_give_the_same_facts(seed, fmt, tmp_path):
    path, document = seed
    rendered = getattr(render, f"to_{fmt}")(document, tmp_path / f"seed.{fmt}")
    expected, got = _facts(path), _facts(rendered)
    assert expected, "the seed yields facts"
    missing, extra = expected - got, got - expected
    assert not missing and not extra, f"missing {list(missing)[:8]} extra {list(extra)[:8]}"


def test_spreadsheet_tables_give_the_same_table_facts(tmp_path):
    path = seed_path("004")
    document, _ = read_document(str(path))
    rendered = render.to_xlsx(document, tmp_path / "seed.xlsx")
    expected, got = _facts(path, origin="table"), _facts(rendered, origin="table")
    assert expected
    missing, extra = expected - got, got - expected
    assert not missing and not extra, f"missing {list(missing)[:8]} extra {list(extra)[:8]}"
