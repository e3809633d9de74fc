"""Bad inputs never raise: each gives None (or a Document) and one diagnostic with a stable code."""

from __future__ import annotations

import builtins
import io
import os
import random
import zipfile

import pytest

from budgetlens.read import MAX_FILE_BYTES, read_document
from budgetlens.read.doc import find_libreoffice

from .test_detect import cfb_bytes


def _codes(diagnostics):
    return [d.code for d in diagnostics]


def _assert_refused(document, diagnostics, code):
    assert document is None
    assert _codes(diagnostics) == [code]
    diag = diagnostics[0]
    assert diag.severity == "error" and diag.message and diag.message_en
    assert "\n" not in diag.message and "\n" not in diag.message_en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in diag.message)  # zh message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _assert_refused(*read_document(path), "empty-file")


def test_whitespace_only_text(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n\u3000\n", encoding="utf-8")
    _assert_refused(*read_document(path), "empty-file")


def test_not_found_and_directory(tmp_path):
    _assert_refused(*read_document(tmp_path / "missing.pdf"), "not-found")
    _assert_refused(*read_document(tmp_path), "not-found")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes(tmp_path, seed):
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(seed).randbytes(20000))
    _assert_refused(*read_document(path), "binary-garbage")


def test_sparse_200_mib_file_is_refused_by_size_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(200 * 2**20)
    assert os.stat(path).st_size > MAX_FILE_BYTES
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise AssertionError("the oversized file was opened")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    document, diagnostics = read_document(path)
    _assert_refused(document, diagnostics, "too-large")
    assert "100 MiB" in diagnostics[0].message_en


def test_doc_without_libreoffice(tmp_path, monkeypatch):
    if find_libreoffice():
        pytest.skip("LibreOffice is installed here; the refusal path is tested without it")
    path = tmp_path / "old.doc"
    path.write_bytes(cfb_bytes(["WordDocument", "1Table"]))
    _assert_refused(*read_document(path), "doc-needs-libreoffice")


def test_doc_with_libreoffice_hidden_from_path(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    path = tmp_path / "renamed.bin"
    path.write_bytes(cfb_bytes(["WordDocument"]))
    _assert_refused(*read_document(path), "doc-needs-libreoffice")


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n" + bytes(100),
    b"{\\rtf1\\ansi 2024\\par}",
    b"Rar!\x1a\x07\x00" + bytes(50),
])
def test_recognised_but_unsupported(tmp_path, content):
    path = tmp_path / "file.pdf"
    path.write_bytes(content)
    _assert_refused(*read_document(path), "unknown-format")


def test_zip_that_is_not_office_and_broken_zip(tmp_path):
    plain = tmp_path / "archive.docx"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("readme.txt", "hello")
    _assert_refused(*read_document(plain), "unknown-format")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + random.Random(7).randbytes(3000))
    _assert_refused(*read_document(broken), "unknown-format")


def test_corrupt_docx_part_is_docx_corrupt(tmp_path):
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<not xml")
    _assert_refused(*read_document(path), "docx-corrupt")


def test_a_text_that_is_not_a_disclosure_reads_fine(tmp_path):
    path = tmp_path / "recipe.txt"
    path.write_text("红烧肉做法\n\n五花肉切块，焯水后炒糖色。\n加入生抽、老抽，小火炖一小时。\n",
                    encoding="utf-8")
    document, diagnostics = read_document(path)
    assert diagnostics == [] and document.format == "text" and document.tables == ()
    assert [ln.number for ln in document.lines()] == [1, 3, 4]


def test_one_bad_byte_in_a_long_gb_file_is_a_warning(tmp_path):
    text = "2024年部门预算说明，收入合计967.73万元。\n" * 200
    data = bytearray(text.encode("gb18030"))
    data[500:501] = b"\xff"
    path = tmp_path / "damaged.txt"
    path.write_bytes(bytes(data))
    document, diagnostics = read_document(path)
    assert document is not None and document.encoding == "gb18030"
    assert _codes(diagnostics) == ["encoding-lossy"] and diagnostics[0].severity == "warning"


def test_document_without_text_is_returned_with_a_warning(tmp_path):
    docx = pytest.importorskip("docx")
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    document, diagnostics = read_document(path)
    assert document is not None and document.format == "docx"
    assert _codes(diagnostics) == ["empty-document"] and diagnostics[0].severity == "warning"


def test_conversion_failure_is_a_reason_not_an_exception(tmp_path):
    from budgetlens.read.doc import convert_to_docx

    source = tmp_path / "old.doc"
    source.write_bytes(cfb_bytes(["WordDocument"]))
    work = tmp_path / "work"
    work.mkdir()
    converted, reason = convert_to_docx(str(tmp_path / "no-such-soffice"), source, work)
    assert converted is None and reason
