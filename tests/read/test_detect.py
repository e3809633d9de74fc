"""Format detection (read/detect.py) by content, never by extension alone: text is text whatever
its name, HTML saved as .xls is HTML, ZIP parts decide DOCX and XLSX, PDF magic after junk, OLE2
streams decide DOC and XLS (PowerPoint is refused), workbooks with swapped extensions."""

from __future__ import annotations

import struct

import docx
import openpyxl
import pytest

from budgetlens.read import read_document
from budgetlens.read.detect import detect_format, ole2_stream_names

FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def cfb_bytes(stream_names: list[str]) -> bytes:
    """A minimal valid OLE2 compound file (one FAT sector, one directory sector) whose directory
    lists ``stream_names`` (empty streams): enough to tell a .doc from an .xls by its streams."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, END, 0, END)
    struct.pack_into("<I", header, 0x44, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([FREE] * 108))
    fat = struct.pack("<128I", FATSECT, END, *([FREE] * 126))
    entries = [("Root Entry", 5)] + [(name, 2) for name in stream_names]
    directory = bytearray()
    for i, (name, kind) in enumerate(entries):
        entry = bytearray(128)
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entry[0:len(raw)] = raw
        struct.pack_into("<HBB", entry, 0x40, len(raw), kind, 1)
        right = i + 1 if 0 < i < len(entries) - 1 else NOSTREAM
        child = 1 if i == 0 and len(entries) > 1 else NOSTREAM
        struct.pack_into("<III", entry, 0x44, NOSTREAM, right, child)
        struct.pack_into("<IQ", entry, 0x74, END, 0)
        directory += entry
    directory += bytes(512 - len(directory) % 512) if len(directory) % 512 else b""
    return bytes(header) + fat + bytes(directory)


@pytest.mark.parametrize("name", ["report.pdf", "report.xls", "report"])
def test_text_is_text_whatever_the_extension(tmp_path, name):
    path = tmp_path / name
    path.write_text("2024年部门预算\n项目\t金额\n合计\t1.00\n", encoding="utf-8")
    assert detect_format(str(path)).format == "text"
    document, diagnostics = read_document(path)
    assert document.format == "text" and diagnostics == [] and len(document.tables) == 1


def test_html_saved_as_xls_is_read_as_html(tmp_path):
    path = tmp_path / "export.xls"  # portals often serve HTML tables as .xls
    path.write_text("<html><body><table><tr><td>项目</td><td>金额</td></tr>"
                    "<tr><td>合计</td><td>1.00</td></tr></table></body></html>", encoding="utf-8")
    document, _ = read_document(path)
    assert document.format == "html" and document.tables[0].grid()[1] == ["合计", "1.00"]


def test_zip_parts_decide_docx_and_xlsx(tmp_path):
    doc_path = tmp_path / "a.xlsx"
    d = docx.Document()
    d.add_paragraph("正文")
    d.save(doc_path)
    xl_path = tmp_path / "b.docx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "正文"
    wb.save(xl_path)
    assert detect_format(str(doc_path)).format == "docx"
    assert detect_format(str(xl_path)).format == "xlsx"


def test_pdf_magic_is_found_after_leading_junk(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"\r\n\x00junk%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert detect_format(str(path)).format == "pdf"


@pytest.mark.parametrize("streams,expected", [
    (["WordDocument", "1Table", "\x05SummaryInformation"], "doc"),
    (["Workbook", "\x05SummaryInformation"], "xls"),
    (["Book"], "xls"),
])
def test_ole2_streams_decide_doc_and_xls(tmp_path, streams, expected):
    path = tmp_path / "file.bin"  # extension says nothing
    path.write_bytes(cfb_bytes(streams))
    assert set(streams) <= ole2_stream_names(str(path))
    assert detect_format(str(path)).format == expected


def test_ole2_powerpoint_is_unknown_format(tmp_path):
    path = tmp_path / "slides.doc"
    path.write_bytes(cfb_bytes(["PowerPoint Document"]))
    document, diagnostics = read_document(path)
    assert document is None and [d.code for d in diagnostics] == ["unknown-format"]


def test_workbooks_with_swapped_extensions(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["项目", "金额"])
    wb.active.append(["合计", 967.73])
    xlsx_as_xls = tmp_path / "really-xlsx.xls"
    wb.save(xlsx_as_xls)
    document, diagnostics = read_document(xlsx_as_xls)
    assert diagnostics == [] and document.format == "xlsx"
    assert document.tables[0].grid() == [["项目", "金额"], ["合计", "967.73"]]


def test_xls_with_xlsx_extension(corpus_dir, tmp_path):
    source = corpus_dir / "templates" / "shanghai_unit_budget_input_template.xls"
    if not source.exists():
        pytest.skip("template not available")
    renamed = tmp_path / "really-xls.xlsx"
    renamed.write_bytes(source.read_bytes())
    document, diagnostics = read_document(renamed)
    original, _ = read_document(source)
    assert diagnostics == [] and document.format == "xls"
    assert [t.grid() for t in document.tables] == [t.grid() for t in original.tables]
