"""read_document dispatch (read/__init__.py): the registry declared once and read-only, a failing
reader becomes a diagnostic (detection by content: test_detect.py)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import docx
import pytest

from budgetlens.read import READERS, SUPPORTED_FORMATS, read_document


def test_registry_is_declared_once_and_read_only():
    assert isinstance(READERS, MappingProxyType)
    assert SUPPORTED_FORMATS == ("pdf", "text", "docx", "xlsx", "xls", "html", "doc")
    with pytest.raises(TypeError):
        READERS["csv"] = lambda path: (None, [])  # type: ignore[index]


def test_a_failing_reader_becomes_read_failed(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("正文\n", encoding="utf-8")

    def broken(p):
        raise ValueError("reader bug\nsecond line")

    readers = dict(READERS, text=broken)
    document, diagnostics = read_document(path, readers=readers)
    assert document is None and [d.code for d in diagnostics] == ["read-failed"]
    diag = diagnostics[0]
    assert diag.severity == "error" and "\n" not in diag.message and "\n" not in diag.message_en
    assert "reader bug" in diag.message_en and diag.source.file == str(path)
    # the registry itself was not changed by passing another mapping
    assert READERS["text"] is not broken


#: the libraries a reader of one format imports, which a process reading another must not pay for
HEAVY = ("docx", "lxml", "python_calamine", "openpyxl", "pypdfium2", "pdfplumber")


def _imported_after_reading(path, tmp_path) -> set[str]:
    """The heavy libraries a fresh interpreter has imported once it has read ``path``."""
    import os
    import subprocess
    import sys

    import budgetlens

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(Path(budgetlens.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]))
    probe = ("import sys\nfrom budgetlens.read import read_document\n"
             f"doc, diags = read_document({str(path)!r})\nassert doc is not None, diags\n"
             f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=tmp_path, env=env)
    return set(run.stdout.split())


def test_a_reader_imports_only_its_own_libraries(corpus_dir, tmp_path):
    """Why: every reader's library imported for any input cost a fresh process ~0.1 s of CPU
    (python-docx, lxml, calamine) before a PDF was opened; READERS imports a reader on first use."""
    pdf = sorted((corpus_dir / "pdf").glob("*.pdf"))[0]
    assert _imported_after_reading(pdf, tmp_path) <= {"pypdfium2", "pdfplumber"}
    book = tmp_path / "plain.docx"
    d = docx.Document()
    d.add_paragraph("一般公共预算支出 100.00 万元")
    d.save(str(book))
    imported = _imported_after_reading(book, tmp_path)
    assert "docx" in imported and not imported & {"pypdfium2", "pdfplumber", "openpyxl"}
