"""The legacy Word (.doc) reader on real .doc files: LibreOffice writes them here from DOCX files
holding seed 004's real tables, and budgetlens reads them back through LibreOffice again.

Why: .doc is still how many 单位 publish; the reader converts with headless LibreOffice, and
only a real round trip shows that the tables, numbers and provenance survive the conversion.
A file LibreOffice cannot load is a one-line reason, never a traceback.
"""

from __future__ import annotations

import subprocess

import pytest

pytest.importorskip("docx")

from budgetlens.read import read_document  # noqa: E402
from budgetlens.read.doc import find_libreoffice  # noqa: E402

from . import variants as v  # noqa: E402
from .test_bad_inputs import cfb_bytes  # noqa: E402
from .variants_office import to_docx  # noqa: E402


def _soffice() -> str:
    exe = find_libreoffice()
    if exe is None:
        pytest.skip("LibreOffice (soffice) not installed: scripts/system-packages.txt, group suite")
    return exe


def _save_as_doc(docx_path, tmp_path):
    """Word 97 format written by LibreOffice itself (the filter Word users' old files come from)."""
    outdir = tmp_path / "doc"
    subprocess.run([_soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "doc:MS Word 97",
                    "--outdir", str(outdir), str(docx_path)],
                   check=True, capture_output=True, timeout=180)
    path = outdir / (docx_path.stem + ".doc")
    assert path.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1"), "not an OLE2 Word file"
    return path


def test_a_doc_file_gives_the_facts_of_its_tables(tmp_path):
    seed = v.seed_tables()
    tables = [seed[i] for i in (0, 1, 3, 6)]
    v.assert_same_facts(tables, lambda ts: _save_as_doc(to_docx(ts, tmp_path / "budget.docx"),
                                                        tmp_path), tmp_path)


def test_a_doc_file_is_read_as_doc_with_its_own_path(tmp_path):
    seed = v.seed_tables()
    path = _save_as_doc(to_docx([seed[0], seed[1]], tmp_path / "budget.docx"), tmp_path)
    renamed = path.with_name("单位预算公开.doc")
    path.rename(renamed)
    document, diagnostics = read_document(renamed)
    assert diagnostics == []
    assert document.format == "doc" and document.path == str(renamed)
    assert len(document.tables) == 2


def test_a_doc_file_libreoffice_cannot_load_is_a_reason(tmp_path):
    _soffice()
    path = tmp_path / "broken.doc"
    path.write_bytes(cfb_bytes(["WordDocument", "1Table"]))  # the streams of a .doc, no content
    document, diagnostics = read_document(path)
    assert document is None
    assert [d.code for d in diagnostics] == ["doc-convert-failed"]
    assert diagnostics[0].severity == "error" and "LibreOffice" in diagnostics[0].message_en
