"""What a DOCX may make python-docx build (read/docx_package.py): the package is measured as bytes
first, and refused with ``too-large`` when its parts inflate past ``limits.max_part_bytes`` in all or
its XML holds more than ``limits.max_xml_elements`` elements. Fuzz case docx-2026-018175 (a
``word/document.xml`` padded with 20,971,520 empty ``<x/>``, 84 MB from a 120 KB file) took
python-docx to the fuzz worker's 2 GiB bound. Inputs are DOCX files written here with
python-docx; the pathology is spliced into a part."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from budgetlens.read.docx import read_docx
from budgetlens.read.docx_package import measure
from budgetlens.read.settings import ReadSettings

from .packages import in_bounded_child, splice

docx = pytest.importorskip("docx")


def _budget_docx(path: Path, rows: int) -> None:
    """A budget table of ``rows`` body rows under its title, as a department would write it."""
    document = docx.Document()
    document.add_paragraph("2024年部门支出决算表")
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=0, cols=3)
    body = [[f"2010{r:04d}", f"支出{r}", f"{r}.50"] for r in range(1, rows + 1)]
    for row in [["科目编码", "项目", "金额"]] + body:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    document.save(path)


def _read(path: str, **limits: int) -> tuple[list[str], list[str]]:
    """The codes read_docx gives under these limits, and the last row of the first table."""
    settings = ReadSettings().override({f"limits.{k}": str(v) for k, v in limits.items()})
    document, diagnostics = read_docx(path, settings)
    last = document.tables[0].grid()[-1] if document is not None and document.tables else []
    return [d.code for d in diagnostics], last


def test_millions_of_elements_are_refused_before_python_docx_builds_them(tmp_path):
    """The fuzz case's shape at its size: refused, inside 256 MiB of address space, with a message
    naming the part; python-docx alone needs about 2.5 GB for it."""
    path = tmp_path / "bomb.docx"
    _budget_docx(path, 20)
    splice(path, "word/document.xml", b"<x/>", 20_971_520)
    assert path.stat().st_size < 1_000_000
    document, [refused] = in_bounded_child(read_docx, str(path), mib=256)
    assert document is None and refused.code == "too-large" and refused.severity == "error"
    assert "word/document.xml" in refused.message and "4000000" in refused.message_en
    assert "\n" not in refused.message + refused.message_en


def test_the_element_bound_is_exact_and_counts_every_xml_part(tmp_path):
    """At the package's own element count it is read; one below it, refused. Elements in the
    styles part count as those of the document do (python-docx parses both)."""
    path = tmp_path / "table.docx"
    _budget_docx(path, 50)
    splice(path, "word/styles.xml", b"<w:x/>", 1000)
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.endswith((".xml", ".rels"))]
        counts = [zf.read(n).count(b"<") - zf.read(n).count(b"</") for n in names]
    count = sum(counts)
    through_styles = sum(counts[:names.index("word/styles.xml") + 1])
    assert _read(str(path), max_xml_elements=count) == ([], ["20100050", "支出50", "50.50"])
    codes, last = _read(str(path), max_xml_elements=count - 1)
    assert (codes, last) == (["too-large"], [])
    found = measure(str(path), ReadSettings().override(
        {"limits.max_xml_elements": str(through_styles - 1)}).limits)
    assert found is not None and (found.member, found.bound) == ("word/styles.xml", "elements")


def test_a_package_inflating_past_the_byte_bound_is_refused(tmp_path):
    """A part padded with 3 MiB of blanks (few elements) against a 2 MiB budget: refused, with the
    part named; with a 4 MiB budget the same file is read whole."""
    path = tmp_path / "padded.docx"
    _budget_docx(path, 30)
    splice(path, "word/document.xml", b" " * 1024, 3 * 1024)
    settings = ReadSettings().override({"limits.max_part_bytes": str(2 * 2**20)})
    document, [refused] = read_docx(str(path), settings)
    assert document is None and refused.code == "too-large"
    assert "word/document.xml" in refused.message_en and "2 MiB" in refused.message_en
    assert _read(str(path), max_part_bytes=4 * 2**20) == ([], ["20100030", "支出30", "30.50"])


def test_a_big_legitimate_docx_is_read_whole_at_the_default_bounds(tmp_path):
    """Near miss: 2,000 body rows (a long 项目支出 table, about 60,000 elements) are far inside
    the bounds and every row is read."""
    path = tmp_path / "big.docx"
    _budget_docx(path, 2000)
    assert measure(str(path)) is None
    document, diagnostics = read_docx(str(path))
    assert diagnostics == []
    grid = document.tables[0].grid()
    assert len(grid) == 2001 and grid[-1] == ["20102000", "支出2000", "2000.50"]


def test_a_damaged_zip_is_still_docx_corrupt(tmp_path):
    """Not a readable ZIP: the package is not measured, python-docx's error names the damage."""
    path = tmp_path / "cut.docx"
    _budget_docx(path, 5)
    path.write_bytes(path.read_bytes()[:2000])
    assert measure(str(path)) is None
    assert [d.code for d in read_docx(str(path))[1]] == ["docx-corrupt"]
