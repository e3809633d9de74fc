"""The renderer registries (report/__init__.py): every format named once, each the function of
its module; the 问题台账 file renderer gives an XLSX workbook; an unknown format is not there."""

from __future__ import annotations

import io

import pytest

from budgetlens.pipeline import process
from budgetlens.report import (AUDIT_FILE_RENDERERS, AUDIT_RENDERERS, EXTRACT_RENDERERS,
                               FILE_RENDERER_NEEDS, html, json_output, markdown, text)

from ..conftest import seed_path


@pytest.fixture(scope="module")
def seed_000():
    return process(str(seed_path("000")))


def test_each_format_is_its_modules_renderer():
    assert dict(AUDIT_RENDERERS) == {"json": json_output.render_audit, "text": text.render_audit,
                                     "md": markdown.render_audit, "html": html.render_audit}
    assert dict(EXTRACT_RENDERERS) == {"json": json_output.render_extract,
                                       "table": text.render_extract}
    assert "md" not in EXTRACT_RENDERERS  # near miss: extraction has no Markdown form
    with pytest.raises(TypeError):
        AUDIT_RENDERERS["csv"] = text.render_audit  # read-only


@pytest.mark.parametrize("fmt", sorted(AUDIT_RENDERERS))
def test_every_audit_format_renders_a_seed_in_both_languages(seed_000, fmt):
    zh, en = (AUDIT_RENDERERS[fmt]([seed_000], lang) for lang in ("zh", "en"))
    assert zh.strip() and en.strip()
    assert seed_000.file.rsplit("/", 1)[-1] in zh


def test_the_ledger_is_an_xlsx_workbook(seed_000):
    openpyxl = pytest.importorskip(FILE_RENDERER_NEEDS["xlsx"][0])
    data = AUDIT_FILE_RENDERERS["xlsx"]([seed_000], "zh")
    assert data[:2] == b"PK"
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames
